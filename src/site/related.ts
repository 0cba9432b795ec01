/**
 * "Related articles": articles that share rare words, computed once at build time. Pure: texts in, indexes out.
 *
 * Words are Han character bigrams — Chinese has no spaces and a dictionary would be one more thing to ship,
 * while a bigram that few articles share is strong evidence on its own: two pieces about 郝跃鹏 share 郝跃 and
 * 跃鹏, which hardly occur elsewhere, whereas 工作 or 职工 occur everywhere and say nothing.
 *
 * Scoring is a cosine over binary bigram vectors weighted by idf = ln(N / df), with two cuts that keep it
 * linear instead of all-pairs (an archive of 30,000 articles would be 450 million pairs):
 *   - document-frequency cut-off: only bigrams with 2 ≤ df ≤ maxDf count (df 1 links nothing; frequent ones
 *     are not "rare words"); maxDf = clamp(ceil(N · maxDfShare), maxDfFloor, maxDfCap);
 *   - query cap: each article asks with at most `queryTerms` of its rarest bigrams (Lucene's more-like-this does
 *     the same with 25 terms).
 * Candidates come from an inverted index (bigram → articles holding it), so one article's work is at most
 * queryTerms × maxDf postings, and the whole run O(total characters + N · queryTerms · maxDf).
 * Measured (2-core machine, synthetic archive: Zipf vocabulary plus per-topic words, ~950 characters an
 * article; tests/site/site-data.test.ts times a similar 1,000-article case): 1,000 articles 0.4–0.7 s and
 * +20 MB heap; 30,000 articles ≈ 11 s and +120 MB when the machine is otherwise idle (≈ 35 s under a load of 10).
 * Most of it is the two bigram passes' Map lookups; the scoring pass is a few percent.
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

/**
 * For each doc, the indexes of up to `limit` related docs, best first (ties: smaller id first). A doc is never
 * related to itself, and docs with identical text relate like any other pair.
 */
export function relatedArticles(docs: readonly RelatedDoc[], options: RelatedOptions = {}): number[][] {
  const o = { ...DEFAULTS, ...options };
  const n = docs.length;
  const maxDf = maxDocumentFrequency(n, o);

  // Pass 1: document frequency of every bigram.
  const df = new Map<number, number>();
  for (const d of docs) for (const b of hanBigrams(d.text)) df.set(b, (df.get(b) ?? 0) + 1);

  // Pass 2: each doc's kept bigrams → its norm, its query (rarest first) and the postings. Sorting by
  // df · 2^30 + key in a Float64Array orders rarest-first with ties by key, without a comparator call per pair.
  const idf = (b: number) => Math.log(n / df.get(b)!);
  const postings = new Map<number, number[]>();
  const norms = new Float64Array(n);
  const queries: number[][] = [];
  docs.forEach((d, i) => {
    const kept: number[] = [];
    let sq = 0;
    for (const b of hanBigrams(d.text)) {
      const f = df.get(b)!;
      if (f < 2 || f > maxDf || f >= n) continue; // f = n: idf 0, in every doc, relates nothing
      kept.push(f * 0x40000000 + b);
      const w = Math.log(n / f);
      sq += w * w;
      let list = postings.get(b);
      if (!list) postings.set(b, (list = []));
      list.push(i);
    }
    norms[i] = Math.sqrt(sq);
    const order = Float64Array.from(kept).sort();
    queries.push(Array.from(order.subarray(0, o.queryTerms), (v) => v % 0x40000000));
  });

  // Pass 3: accumulate scores through the postings of each doc's query; keep the best `limit` in a small
  // sorted array (no sort of every candidate); reset only the touched entries.
  const scores = new Float64Array(n);
  const shared = new Int32Array(n);
  const touched: number[] = [];
  const result: number[][] = [];
  const better = (s1: number, j1: number, s2: number, j2: number) => s1 > s2 || (s1 === s2 && docs[j1]!.id < docs[j2]!.id);
  for (let i = 0; i < n; i++) {
    for (const b of queries[i]!) {
      const w = idf(b);
      for (const j of postings.get(b)!) {
        if (j === i) continue;
        if (shared[j] === 0) touched.push(j);
        shared[j]!++;
        scores[j]! += w * w;
      }
    }
    const top: { j: number; s: number }[] = [];
    for (const j of touched) {
      if (shared[j]! < o.minShared) continue;
      const sc = scores[j]! / norms[j]!;
      if (top.length === o.limit && !better(sc, j, top[top.length - 1]!.s, top[top.length - 1]!.j)) continue;
      let k = top.length;
      while (k > 0 && better(sc, j, top[k - 1]!.s, top[k - 1]!.j)) k--;
      top.splice(k, 0, { j, s: sc });
      if (top.length > o.limit) top.pop();
    }
    result.push(top.map((t) => t.j));
    for (const j of touched) {
      scores[j] = 0;
      shared[j] = 0;
    }
    touched.length = 0;
  }
  return result;
}
