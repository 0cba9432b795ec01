/**
 * "Related articles": articles that share rare words, computed once at build time. Pure: texts in, indexes out.
 *
 * Words are Han character bigrams — Chinese has no spaces and a dictionary would be one more thing to ship,
 * while a bigram that few articles share is strong evidence on its own: two pieces about 郝跃鹏 share 郝跃 and
 * 跃鹏, which hardly occur elsewhere, whereas 工作 or 职工 occur everywhere and say nothing.
 *
 * Scoring is a weighted overlap of binary bigram vectors with two cuts that keep it linear instead of all-pairs
 * (an archive of 30,000 articles would be 450 million pairs):
 *   - document-frequency cut-off: only bigrams with 2 ≤ df ≤ maxDf count (df 1 links nothing; frequent ones
 *     are not "rare words"); maxDf = clamp(ceil(N · maxDfShare), maxDfFloor, maxDfCap);
 *   - query cap: each article asks with at most `queryTerms` of its rarest bigrams (Lucene's more-like-this does
 *     the same with 25 terms).
 * Candidates come from an inverted index (bigram → articles holding it), so one article's work is at most
 * queryTerms × maxDf postings, and the whole run O(total characters + N · queryTerms · maxDf).
 *
 * Stable under growth. Adding an issue must not reshuffle the related lists of articles that have nothing to do
 * with it: each of those lists is a page an incremental build renders again. Plain tf-idf reshuffles them all —
 * idf = ln(N / df) moves every weight when N grows, the df of every bigram the new articles hold moves by one,
 * and with it the "rarest 64" order and the cosine norm of every article holding one. Measured at 10,000 bench
 * articles, one new 37-article issue changed 2,024 related lists, 54 of them to list a new article. So:
 *   - a bigram's weight is that of its df band (BANDS: 2–3, 4–8, 9–32, 33–maxDf), idf = ln(nRef / band's
 *     geometric middle), with nRef = N frozen at the size where maxDf reaches its cap (200 / 0.05 = 4,000
 *     articles): a df that moves inside its band moves nothing; above 4,000 articles neither N nor maxDf does;
 *   - the query is the rarest band first and, within a band, a fixed pseudo-random order of the bigram (mix30),
 *     not the exact df, so one more holder of a bigram does not push another out of the 64;
 *   - a candidate's score is divided by √(its distinct bigrams), which depends on its own text only (Singhal et
 *     al.'s "pivoted unique" normalisation uses the unique-term count the same way), instead of the norm over its
 *     kept bigrams, which any df change moves.
 * With these the same add changed 211 lists, 72 of them to list a new article (at 37,645 bench articles, where
 * most bigrams are past maxDf: 37 and 32, against 87 and 37 before); the rest are bigrams that crossed a band
 * edge or the maxDf cut-off. The bands give up the fine grading of idf inside a band; the query still
 * takes every df-2–3 bigram first (the names, the 娄烦铝矿 of a mine visit), and weights across bands fall as
 * idf does (at 10,000 articles ln(N/df) is 8.5 for df 2 and 3.9 for df 200; the bands give 7.4 and 3.9).
 *
 * Measured before the bands (CPU time, best of 3, 2-core machine shared with other jobs; the bench archives
 * recombine seed paragraphs, so at 37,645 articles nearly every bigram is past maxDf): 3,792 articles 0.26 s,
 * 12,549 articles 1.5 s (the worst case here: ~6,400 postings walked per article), 37,645 articles 0.32 s;
 * 30,000 articles of 600 random-vocabulary characters (the generator in tests/site/site-data.test.ts, scaled
 * up; 389,000 distinct bigrams) 1.9 s. The Map/Set version took 0.65 / 3.0 / 2.0 / 8.0 s on the same inputs.
 * Pass 1 (one hash lookup per character) and pass 3 (~13 ns per posting walked) are most of it.
 */

export interface RelatedOptions {
  /** How many related articles per article. */
  limit?: number;
  /** Rarest bigrams an article asks with. */
  queryTerms?: number;
  /** A bigram in more than this share of the articles is too common to relate anything… */
  maxDfShare?: number;
  /** …but small archives keep bigrams up to this document frequency, */
  maxDfFloor?: number;
  /** and large ones never go above this one (bounds the postings walked per article). */
  maxDfCap?: number;
  /** Fewer shared rare bigrams than this is coincidence (one shared two-character name is not a relation). */
  minShared?: number;
}

export interface RelatedDoc {
  /** Stable identity (the article URL): ties in score are broken by it, so input order never matters. */
  id: string;
  text: string;
}

const DEFAULTS: Required<RelatedOptions> = {
  limit: 5, queryTerms: 64, maxDfShare: 0.05, maxDfFloor: 3, maxDfCap: 200, minShared: 3,
};

/**
 * Han code point → a dense index below 2^15 (CJK Unified Ideographs, Extension A, compatibility ideographs), or -1.
 * Two dense indexes make a bigram key below 2^30, a small integer V8 hashes without boxing — with keys up to
 * 2^36 the Map work took several times longer.
 */
function hanIndex(cp: number): number {
  if (cp >= 0x4e00 && cp <= 0x9fff) return cp - 0x4e00; // 0 … 20991
  if (cp >= 0x3400 && cp <= 0x4dbf) return 20992 + cp - 0x3400; // … 27583
  if (cp >= 0xf900 && cp <= 0xfaff) return 27584 + cp - 0xf900; // … 28095
  return -1;
}

/**
 * 的 glues words together (色的, 的优 in "特色的优秀品牌"); a bigram holding it is grammar, not a shared subject,
 * and in a small archive it can slip under the document-frequency cut-off.
 */
const GLUE = hanIndex(0x7684); // 的

/**
 * Distinct Han bigrams of a text as integer keys. A bigram never spans punctuation, a space or a Latin letter:
 * "电解厂，职工" → 电解, 解厂, 职工; "厂的职工" → 职工. Characters outside the BMP ideograph blocks (𠮷, in
 * Extension B) are rare enough in these papers to be treated as a break rather than widen every key.
 */
export function hanBigrams(text: string): Set<number> {
  const out = new Set<number>();
  let prev = -1;
  for (let k = 0; k < text.length; k++) {
    const idx = hanIndex(text.charCodeAt(k)); // a surrogate half is not in any block: a break, as above
    if (idx >= 0 && idx !== GLUE) {
      if (prev >= 0) out.add(prev * 0x8000 + idx);
      prev = idx;
    } else {
      prev = -1;
    }
  }
  return out;
}

export function maxDocumentFrequency(n: number, options: RelatedOptions = {}): number {
  const o = { ...DEFAULTS, ...options };
  return Math.min(o.maxDfCap, Math.max(o.maxDfFloor, Math.ceil(n * o.maxDfShare)));
}

/** Upper ends of the document-frequency bands but the last, which ends at maxDf. */
export const BANDS = [3, 8, 32] as const;

/** The band of a document frequency: 0 for 2–3, 1 for 4–8, 2 for 9–32, 3 above. */
export function dfBand(df: number): number {
  let b = 0;
  while (b < BANDS.length && df > BANDS[b]!) b++;
  return b;
}

/**
 * Each band's idf weight for an archive of `n` articles: ln(nRef / m), m the geometric middle of the band's
 * document frequencies that can occur (up to maxDf and n − 1, so m < n and every weight is positive), and
 * nRef = n up to the size where maxDf stops growing, that size above it.
 */
export function bandWeights(n: number, options: RelatedOptions = {}): number[] {
  const o = { ...DEFAULTS, ...options };
  const maxDf = maxDocumentFrequency(n, o);
  const nRef = Math.max(n, 1) >= o.maxDfCap / o.maxDfShare ? o.maxDfCap / o.maxDfShare : Math.max(n, 1);
  const top = Math.min(maxDf, nRef - 1);
  const weights: number[] = [];
  for (let b = 0, lo = 2; b <= BANDS.length; lo = (BANDS[b] ?? 0) + 1, b++) {
    const hi = Math.max(lo, Math.min(BANDS[b] ?? Infinity, top));
    weights.push(Math.log(nRef / Math.sqrt(lo * hi)));
  }
  return weights;
}

const MASK30 = 0x3fffffff;
const MIX_A = 0x2c1b3c6d; // odd, so multiplying by it is a bijection on 30 bits
/** Its inverse mod 2^30 (Newton's iteration: each step doubles the correct low bits). */
const MIX_A_INV = (() => {
  let x = MIX_A;
  for (let k = 0; k < 5; k++) x = Math.imul(x, 2 - Math.imul(MIX_A, x));
  return x & MASK30;
})();

/**
 * A fixed pseudo-random order of bigram keys (< 2^30), invertible so the sorted keys can be read back: the
 * query order inside a band. Each step is a bijection on 30 bits (xor with a right shift, multiply by an odd).
 */
export function mix30(key: number): number {
  const x = (key ^ (key >>> 15)) & MASK30;
  const y = Math.imul(x, MIX_A) & MASK30;
  return y ^ (y >>> 15);
}

function unmix30(h: number): number {
  const y = h ^ (h >>> 15);
  const x = Math.imul(y, MIX_A_INV) & MASK30;
  return x ^ (x >>> 15);
}

/**
 * Bigram key → dense term id (0, 1, 2, … in first-seen order): open addressing with linear probing, each slot
 * two Int32s side by side (key + 1, 0 = empty; id), so a lookup is a multiply, a shift and usually one cache
 * line. It replaces a Set of bigrams built twice per doc and Maps keyed by bigram for document frequencies and
 * postings; with dense ids, everything after pass 1 indexes typed arrays.
 */
class TermTable {
  slots = new Int32Array(2 << 16);
  shift = 16;
  /** Term id → bigram key. */
  keys = new Int32Array(1 << 15);
  size = 0;

  /** The id of `key`, which must be in the table. */
  idOf(key: number): number {
    const mask = (this.slots.length >> 1) - 1;
    for (let s = Math.imul(key, 0x9e3779b1) >>> this.shift; ; s = (s + 1) & mask) {
      if (this.slots[2 * s] === key + 1) return this.slots[2 * s + 1]!;
      if (this.slots[2 * s] === 0) return -1;
    }
  }

  /** Stores `key` in the empty slot `s` under the next id. */
  add(s: number, key: number): number {
    const id = this.size++;
    this.slots[2 * s] = key + 1;
    this.slots[2 * s + 1] = id;
    if (id >= this.keys.length) this.keys = grow(this.keys, id + 1);
    this.keys[id] = key;
    if (this.size * 2 > this.slots.length >> 1) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.shift--;
    const mask = (this.slots.length >> 1) - 1;
    for (let t = 0; t < old.length; t += 2) {
      if (old[t] === 0) continue;
      let s = Math.imul(old[t]! - 1, 0x9e3779b1) >>> this.shift;
      while (this.slots[2 * s] !== 0) s = (s + 1) & mask;
      this.slots[2 * s] = old[t]!;
      this.slots[2 * s + 1] = old[t + 1]!;
    }
  }
}

function grow(a: Int32Array, need: number): Int32Array<ArrayBuffer> {
  let len = a.length;
  while (len < need) len *= 2;
  const b = new Int32Array(len);
  b.set(a);
  return b;
}

/**
 * For each doc, the indexes of up to `limit` related docs, best first (ties: smaller id first). A doc is never
 * related to itself, and docs with identical text relate like any other pair. Doc i's score for doc j is the sum
 * of the squared band weights of the bigrams of i's query that j holds, over √(j's distinct bigrams); j counts
 * once it holds `minShared` of them.
 *
 * Everything lives in typed arrays indexed by dense term id (TermTable) and laid out flat (one doc's terms, one
 * term's postings, side by side), so the hot loops touch no Map and allocate nothing per doc. Sums run in query
 * order (band, then mix30), as the Map/Set version in tests/site/site-data-fast.test.ts does, so every score is
 * the same float and the results are identical.
 */
export function relatedArticles(docs: readonly RelatedDoc[], options: RelatedOptions = {}): number[][] {
  const o = { ...DEFAULTS, ...options };
  const n = docs.length;
  const maxDf = maxDocumentFrequency(n, o);

  // Pass 1: each doc's distinct bigrams as term ids in first-occurrence order (docTerms[docStart[i] …]), and
  // every term's document frequency. lastDoc[t] = the last doc that counted term t, so repeats count once.
  const table = new TermTable();
  let df = new Int32Array(1 << 15);
  let lastDoc = new Int32Array(1 << 15).fill(-1);
  // A doc has at most one distinct bigram per character and usually about two thirds of that (measured on the
  // bench archives); sizing from the text saves growing a tens-of-megabytes array by copies.
  let chars = 0;
  for (const d of docs) chars += d.text.length;
  let docTerms = new Int32Array(Math.ceil(chars * 0.7) + 1024);
  const docStart = new Int32Array(n + 1);
  let len = 0;
  for (let i = 0; i < n; i++) {
    docStart[i] = len;
    const text = docs[i]!.text;
    let prev = -1;
    for (let k = 0; k < text.length; k++) {
      const idx = hanIndex(text.charCodeAt(k)); // the same reading as hanBigrams()
      if (idx < 0 || idx === GLUE) {
        prev = -1;
        continue;
      }
      if (prev >= 0) {
        // table.idOf, inlined: this line runs once per character of the archive.
        const key = prev * 0x8000 + idx;
        const slots = table.slots;
        const mask = (slots.length >> 1) - 1;
        let s = Math.imul(key, 0x9e3779b1) >>> table.shift;
        while (slots[2 * s] !== key + 1 && slots[2 * s] !== 0) s = (s + 1) & mask;
        const t = slots[2 * s] === 0 ? table.add(s, key) : slots[2 * s + 1]!;
        if (t >= df.length) {
          df = grow(df, t + 1);
          const old = lastDoc.length;
          lastDoc = grow(lastDoc, t + 1);
          lastDoc.fill(-1, old);
        }
        if (lastDoc[t] !== i) {
          lastDoc[t] = i;
          df[t]!++;
          if (len === docTerms.length) docTerms = grow(docTerms, len + 1);
          docTerms[len++] = t;
        }
      }
      prev = idx;
    }
  }
  docStart[n] = len;

  // Which terms count (2 ≤ df ≤ maxDf, and not in every doc: it relates nothing), each one's squared band
  // weight, and where its postings start: a kept term's postings are exactly the df docs that hold it.
  const terms = table.size;
  const bandW2 = bandWeights(n, o).map((w) => w * w);
  const w2 = new Float64Array(terms);
  const postStart = new Int32Array(terms + 1);
  let total = 0;
  for (let t = 0; t < terms; t++) {
    postStart[t] = total;
    const f = df[t]!;
    if (f < 2 || f > maxDf || f >= n) continue;
    w2[t] = bandW2[dfBand(f)]!;
    total += f;
  }
  postStart[terms] = total;

  // Pass 2: each doc's kept terms → its query (rarest band first) and the postings; its norm is √(distinct
  // bigrams). Sorting band · 2^30 + mix30(key) in a Float64Array orders the query without a comparator call per pair.
  const postings = new Int32Array(total);
  const filled = postStart.slice(0, terms);
  const norms = new Float64Array(n);
  const queryStart = new Int32Array(n + 1);
  const query = new Int32Array(Math.max(0, Math.min(len, n * o.queryTerms)));
  const kept = new Float64Array(maxDocLength(docStart, n));
  let qlen = 0;
  for (let i = 0; i < n; i++) {
    queryStart[i] = qlen;
    let nk = 0;
    for (let p = docStart[i]!; p < docStart[i + 1]!; p++) {
      const t = docTerms[p]!;
      const f = df[t]!;
      if (f < 2 || f > maxDf || f >= n) continue;
      kept[nk++] = dfBand(f) * 0x40000000 + mix30(table.keys[t]!);
      postings[filled[t]!++] = i;
    }
    norms[i] = Math.sqrt(docStart[i + 1]! - docStart[i]!);
    const order = kept.subarray(0, nk).sort();
    const q = Math.min(nk, o.queryTerms);
    for (let k = 0; k < q; k++) query[qlen++] = table.idOf(unmix30(order[k]! % 0x40000000));
  }
  queryStart[n] = qlen;

  // Pass 3: accumulate scores through the postings of each doc's query. seen[j] = i marks j's score and count
  // as belonging to doc i's run, so nothing is reset between docs; a doc enters `cands` when its count of
  // shared terms reaches minShared, and only those are ranked, into a small sorted array (no sort of every
  // candidate).
  const scores = new Float64Array(n);
  const shared = new Int32Array(n);
  const seen = new Int32Array(n).fill(-1);
  const cands = new Int32Array(n);
  const minShared = Math.max(1, o.minShared); // a doc counts once it shares one term, whatever the option says
  const limit = o.limit;
  const topJ: number[] = [];
  const topS: number[] = [];
  const result: number[][] = [];
  for (let i = 0; i < n; i++) {
    let nc = 0;
    for (let q = queryStart[i]!; q < queryStart[i + 1]!; q++) {
      const t = query[q]!;
      const w = w2[t]!;
      for (let p = postStart[t]!, end = postStart[t + 1]!; p < end; p++) {
        const j = postings[p]!;
        if (j === i) continue;
        let c: number;
        if (seen[j] !== i) {
          seen[j] = i;
          scores[j] = w;
          c = shared[j] = 1;
        } else {
          scores[j]! += w;
          c = ++shared[j]!;
        }
        if (c === minShared) cands[nc++] = j;
      }
    }
    topJ.length = 0;
    topS.length = 0;
    for (let k = 0; k < nc; k++) {
      const j = cands[k]!;
      const sc = scores[j]! / norms[j]!;
      let m = topJ.length;
      if (m === limit && !(sc > topS[m - 1]! || (sc === topS[m - 1]! && docs[j]!.id < docs[topJ[m - 1]!]!.id))) continue;
      while (m > 0 && (sc > topS[m - 1]! || (sc === topS[m - 1]! && docs[j]!.id < docs[topJ[m - 1]!]!.id))) m--;
      topJ.splice(m, 0, j);
      topS.splice(m, 0, sc);
      if (topJ.length > limit) {
        topJ.pop();
        topS.pop();
      }
    }
    result.push(topJ.slice());
  }
  return result;
}

function maxDocLength(start: Int32Array, n: number): number {
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, start[i + 1]! - start[i]!);
  return max;
}
