/** Small text measures shared by the passes. */

/**
 * Visual width in ideograph units: a CJK character or full-width mark is 1, an ASCII letter or digit ½,
 * a space 0 — PDF extraction pads digits with spaces ("2023 年 12 月 30"), which must not look wide.
 */
export function width(s: string): number {
  // By UTF-16 unit rather than `for…of` (which allocates a string per character): a surrogate pair is one
  // wide character (U+20000 and up are CJK extension ideographs), a lone surrogate counts as wide on its own.
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x3000) continue;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    w += c < 0x2e80 ? 0.5 : 1;
  }
  return w;
}

/** Text with every kind of white space removed: how Chinese reads once line breaks are undone. */
export function squash(s: string): string {
  return s.replace(/[\s\u3000]+/g, "");
}

const SCRATCH = new Float64Array(16);

/**
 * The upper median. Called for nearly every line with the ≤ 8 widths around it, so short lists are sorted by
 * insertion into a reused buffer instead of copying and sorting an array each time.
 */
export function median(xs: number[]): number {
  const n = xs.length;
  if (!n) return 0;
  if (n > SCRATCH.length) return [...xs].sort((a, b) => a - b)[Math.floor(n / 2)]!;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    let j = i;
    for (; j > 0 && SCRATCH[j - 1]! > x; j--) SCRATCH[j] = SCRATCH[j - 1]!;
    SCRATCH[j] = x;
  }
  return SCRATCH[Math.floor(n / 2)]!;
}

/**
 * What bigramSet skips: white space (squash's `[\s\u3000]`) and the punctuation that says nothing about a
 * headline's words. A table over UTF-16 code units, so the scan below tests each unit with one array read
 * instead of running two regex replaces and slicing a string per pair.
 */
const PAIR_PUNCT = "，。、：；！？“”‘’《》（）()·-—…,.:;!?\"'";
/** JavaScript's `\s` (WhiteSpace + LineTerminator), the set squash removes; \u3000 is in it. */
const WHITE_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
export const PAIR_SKIP = new Uint8Array(0x10000);
for (const ch of PAIR_PUNCT + WHITE_SPACE) PAIR_SKIP[ch.charCodeAt(0)] = 1;

const SPACE = new Uint8Array(0x10000);
for (const ch of WHITE_SPACE) SPACE[ch.charCodeAt(0)] = 1;

/** Is this UTF-16 code unit white space (`\s`)? */
export function isSpaceCode(c: number): boolean {
  return SPACE[c] === 1;
}

/** The UTF-16 code unit of the last character of `s` that is not white space (`\s`), or -1 when there is none. */
export function lastNonSpaceCode(s: string): number {
  let i = s.length - 1;
  while (i >= 0 && SPACE[s.charCodeAt(i)]) i--;
  return i >= 0 ? s.charCodeAt(i) : -1;
}

/**
 * The set of adjacent character pairs of `s` once white space and punctuation are dropped: "安全 生产。" →
 * 安全, 全生, 生产. A pair of UTF-16 code units is kept as one 32-bit number (first << 16 | second), which is
 * one-to-one with the two-unit string and lets the set hold small integers instead of strings.
 */
function bigramSet(s: string): Set<number> {
  const out = new Set<number>();
  let prev = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (PAIR_SKIP[c]) continue;
    if (prev >= 0) out.add((prev << 16) | c);
    prev = c;
  }
  return out;
}

/**
 * The character pairs of a few short texts (a page's title lines), to look for in long ones (article bodies).
 * `within(body)` keeps only the body pairs that some given text has, so for any needle whose pairs are all
 * among them — one of the titles, or a word of one — `containment(needle, within(body))` equals
 * `containment(needle, body)`. It costs one table read per body character instead of one set insert: a page's
 * bodies are ~50 times longer than its titles, and pairing every body was this pass's largest cost.
 */
export class PairFinder {
  private readonly pairs: Set<number>;
  /** Code units that start some pair, one bit each: most body characters fail this one array read. */
  private readonly firsts = new Uint32Array(0x10000 / 32);

  constructor(texts: Iterable<string>) {
    this.pairs = new Set();
    for (const t of texts) {
      for (const g of bigramSet(t)) {
        this.pairs.add(g);
        this.firsts[g >>> 21] |= 1 << ((g >>> 16) & 31);
      }
    }
  }

  within(haystack: string): Set<number> {
    const out = new Set<number>();
    let prev = -1;
    for (let i = 0; i < haystack.length; i++) {
      const c = haystack.charCodeAt(i);
      if (PAIR_SKIP[c]) continue;
      if (prev >= 0 && (this.firsts[prev >>> 5]! >>> (prev & 31)) & 1) {
        const g = (prev << 16) | c;
        if (this.pairs.has(g)) out.add(g);
      }
      prev = c;
    }
    return out;
  }
}

/** Share of `needle`'s character pairs that occur in `haystack` — how much of a headline a body contains. */
export function containment(needle: string | Set<number>, haystack: string | Set<number>): number {
  const a = typeof needle === "string" ? bigramSet(needle) : needle;
  if (!a.size) return 0;
  const b = typeof haystack === "string" ? bigramSet(haystack) : haystack;
  let hit = 0;
  for (const g of a) if (b.has(g)) hit++;
  return hit / a.size;
}

export { bigramSet };
