/**
 * Recognising an article again by its text: the permanent-number ledger (article-ledger.ts) keeps, per number, a
 * small signature of the text it last held, and each build matches the new parse's articles to it. Pure functions.
 *
 * A text is the set of its character bigrams (white space dropped, so a re-cut line or a justified "卫 玲" reads
 * the same), each hashed to 32 bits. The signature is the SIGNATURE smallest hashes of that set (a bottom-k
 * sketch): a uniform sample of the text's bigrams. How much of an old text a new article holds is then the share
 * of the old sample found among the new article's bigrams, times the old text's size — so one old number can be
 * compared with a text twice as long (a merge) or half as long (a split) and still say how much of it is there.
 * Signatures are made once per article; matching stays inside one issue.
 */

/** Hashes kept per text: the estimate of a share is within ±0.09 (one standard deviation) at 32. */
export const SIGNATURE = 32;
/** An old number and a new article are the same piece when they share at least this part of the smaller one. */
export const MIN_SHARE = 0.5;
/** …and at least this many bigrams (two lines of a caption, not one common word). */
export const MIN_SHARED = 4;

/**
 * A text as the matcher sees it: its distinct bigram hashes in an open-addressing table (0 marks an empty slot; no
 * hash is 0), how many there are, the SIGNATURE smallest, and its first raw line. A table, not a sorted array: V8
 * sorts a Uint32Array of 800 values in ~0.1 ms, which at 30,000 articles was 3.5 s of every build.
 */
export interface TextPrint {
  table: Uint32Array;
  size: number;
  /** The SIGNATURE smallest hashes, ascending. */
  low: number[];
  /** The article's first raw line: the tie-breaker between equal texts (two identical photo captions). */
  line: number;
}

/** What the ledger keeps of a number's text. */
export interface StoredPrint {
  /** The SIGNATURE smallest bigram hashes, ascending (all of them for a short text). */
  sig: readonly number[];
  size: number;
  line: number;
}

/**
 * How much signature and matching work this process has done: texts printed, matchArticles calls. Read by tests
 * (an unchanged issue must cost neither) and by anyone profiling a build; two additions per call, nothing more.
 */
export const matchWork = { prints: 0, matches: 0 };

/** murmur3's finaliser: a well-mixed 32-bit hash of a 32-bit key; never 0 (the table's empty slot). */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0 || 1;
}

/** Keeps `low` the SIGNATURE smallest distinct values seen, ascending (an insertion, no splice: it runs per bigram). */
function keepLow(low: number[], h: number): void {
  let i = low.length;
  if (i < SIGNATURE) low.push(h);
  else i = SIGNATURE - 1; // h replaces the largest
  while (i > 0 && low[i - 1]! > h) {
    low[i] = low[i - 1]!;
    i--;
  }
  low[i] = h;
}

/** The print of a text: bigrams of its non-space characters (a one-character text is its one character). */
export function textPrint(text: string, line: number): TextPrint {
  matchWork.prints++;
  const s = text.replace(/\s+/g, "");
  const keys = s.length <= 1 ? s.length : s.length - 1;
  let cap = 2;
  while (cap < keys * 2) cap <<= 1;
  const table = new Uint32Array(cap);
  const mask = cap - 1;
  const low: number[] = [];
  let size = 0;
  for (let i = 0; i < keys; i++) {
    const h = mix(s.length === 1 ? s.charCodeAt(0) : ((s.charCodeAt(i) << 16) | s.charCodeAt(i + 1)) >>> 0);
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const x = table[j]!;
      if (x === h) break;
      if (x === 0) {
        table[j] = h;
        size++;
        if (low.length < SIGNATURE || h < low[SIGNATURE - 1]!) keepLow(low, h);
        break;
      }
    }
  }
  return { table, size, low, line };
}

/** What the ledger stores of a print. */
export function storedPrint(p: TextPrint): StoredPrint {
  return { sig: p.low, size: p.size, line: p.line };
}

function has(p: TextPrint, v: number): boolean {
  const mask = p.table.length - 1;
  for (let j = v & mask; ; j = (j + 1) & mask) {
    const x = p.table[j]!;
    if (x === v) return true;
    if (x === 0) return false;
  }
}

/** The same size and signature (the first line is compared by the caller). */
function samePrint(o: StoredPrint, f: TextPrint): boolean {
  if (o.size !== f.size || o.sig.length !== f.low.length) return false;
  for (let k = 0; k < o.sig.length; k++) if (o.sig[k] !== f.low[k]) return false;
  return true;
}

/** The share of the old text found in the new one (0–1), estimated from the old text's sample. */
export function containment(old: StoredPrint, fresh: TextPrint): number {
  if (old.sig.length === 0) return 0;
  let found = 0;
  for (const v of old.sig) if (has(fresh, v)) found++;
  return found / old.sig.length;
}

/** Bigrams the two texts share (estimated), or 0 when too few to call them the same piece. */
export function sharedBigrams(old: StoredPrint, fresh: TextPrint): number {
  const shared = containment(old, fresh) * old.size;
  const smaller = Math.min(old.size, fresh.size);
  if (shared <= 0 || shared < MIN_SHARE * smaller || shared < Math.min(MIN_SHARED, smaller)) return 0;
  return shared;
}

/**
 * One number per new article, or null for a new piece: the pairs are taken greedily, most shared text first (ties:
 * nearer first lines, then the lower number, then the earlier article), each number and each article once. A
 * piece split in two keeps its number on the part holding more of its text; two pieces merged into one keep the
 * number of the larger. Deterministic: the same inputs give the same numbers in any order.
 */
export function matchArticles(old: ReadonlyMap<number, StoredPrint>, fresh: readonly TextPrint[]): (number | null)[] {
  matchWork.matches++;
  const out: (number | null)[] = fresh.map(() => null);
  const used = new Set<number>();
  // Most texts are unchanged since the last build: an identical signature at the same line is taken at once, which
  // is what the scoring below would choose (all of the text shared, no gap), and leaves it the few that changed.
  // Of two identical old entries the later number is taken. Looked up by line and compared value by value: keys
  // made by joining the 32 hashes into a string were ~0.1 CPU-s per 10,000 articles.
  const atLine = new Map<number, number[]>();
  for (const [n, o] of old) {
    const here = atLine.get(o.line);
    if (here) here.push(n);
    else atLine.set(o.line, [n]);
  }
  fresh.forEach((f, i) => {
    const here = atLine.get(f.line);
    let n: number | undefined;
    for (let k = (here?.length ?? 0) - 1; k >= 0 && n === undefined; k--) if (samePrint(old.get(here![k]!)!, f)) n = here![k]!;
    if (n === undefined || used.has(n)) return;
    out[i] = n;
    used.add(n);
  });
  const pairs: { n: number; i: number; score: number; gap: number }[] = [];
  for (const [n, o] of old) {
    if (used.has(n)) continue;
    fresh.forEach((f, i) => {
      if (out[i] !== null) return;
      const score = sharedBigrams(o, f);
      if (score > 0) pairs.push({ n, i, score, gap: Math.abs(o.line - f.line) });
    });
  }
  pairs.sort((a, b) => b.score - a.score || a.gap - b.gap || a.n - b.n || a.i - b.i);
  for (const p of pairs) {
    if (out[p.i] !== null || used.has(p.n)) continue;
    out[p.i] = p.n;
    used.add(p.n);
  }
  return out;
}

/** The article (index into `fresh`) that holds most of an old text that lost its number's place, or -1. */
export function holderOf(old: StoredPrint, fresh: readonly TextPrint[]): number {
  let best = -1;
  let bestShare = MIN_SHARE;
  fresh.forEach((f, i) => {
    const c = containment(old, f);
    if (c >= bestShare && (best < 0 || c > bestShare)) [best, bestShare] = [i, c];
  });
  return best;
}
