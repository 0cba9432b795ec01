// Exact-first ranking for Chinese search over Pagefind results. A pure ES module (no DOM): the search page, the
// article-page highlighter and the Node tests all import this one file.
//
// Why: Pagefind splits the query 电解厂 into the words 电解 + 厂 and ranks pages holding only the parts (电解 … 厂)
// among pages holding the exact string; its quoted-phrase search misses most Chinese phrases. We take Pagefind's
// candidates (plus a few from split queries, see splitQueries), check each candidate's text for the exact query and
// put exact matches first. A quoted query ("电解厂", “电解厂”, 「电解厂」) returns exact matches only.
//
// Cost, for archives up to 30,000 articles: checking a candidate means loading its fragment (1–4 kB compressed on
// the demo archive). Candidates whose matched word positions already form a run as long as the query (电解 at 26,
// 厂 at 27) are checked first; on the demo archive that signal flags 99 % of the exact candidates and 93 % of what
// it flags is exact, so a page of exact results usually costs about a page of fragments. One more() call loads at
// most SCAN_BUDGET fragments beyond the page it fills (≈40 × 2 kB), however many thousand candidates a common word
// has; when the budget runs out before the exact matches do, the page is filled with already-checked non-exact
// results and the next call scans on (a quoted query shows what it has and offers to go on). Measured on the demo
// archive: the first search for 电解厂 loads 283 kB from /pagefind/ (pagefind.js and its worker 90 kB, wasm 55 kB,
// three index chunks 114 kB, eleven fragments 21 kB).

/** Results per page. */
export const PAGE_SIZE = 10;
/** Most fragments one more() call may load. */
export const SCAN_BUDGET = 40;
/** Fragments loaded in parallel. */
const BATCH = 10;

import { containsAll, fragmentTexts, longestRun, segments } from "./match.js";
export * from "./match.js";

const HAN = /\p{Script=Han}/u;

/**
 * Exact-first paging over one Pagefind search. `results` is Pagefind's result list in its own order (relevance or
 * date); each has `id`, `words`, `matchedMetaFields` and `data()`. more() resolves to the next page of items
 * `{ result, data, exact }`; `done` says nothing is left. `extra`, if given, is called once, when the likely
 * candidates run short, and resolves to `{ results, order }`: candidates the query's own search missed (see
 * splitQueries) and, for a date sort, every page's position in date order (Map id → index) to place them by.
 * Of those extra candidates only exact matches are kept: the result list is Pagefind's plus what it missed, so
 * its length and Pagefind's filter counts agree.
 *
 * `routed` (pagefind-shards.js route(): `{ exact, hits, inOpen }`) are the archive's articles that the routing
 * index says hold the query, in every shard, open or not. They come first, and the exact count is theirs from the
 * start when `exact` (otherwise once each is checked); Pagefind's own results are then only looked at for pages
 * holding a part of the query (a Pagefind result holding all of it is one of the routed hits, and is skipped), and
 * the split searches are not needed. `total` counts the routed hits and Pagefind's results less the `inOpen` hits
 * among them. A routed pager may start with `results` null — the exact matches alone, before Pagefind is even
 * loaded — and get Pagefind's results later (addPart).
 */
export class ExactFirst {
  constructor(query, results, { pageSize = PAGE_SIZE, scanBudget = SCAN_BUDGET, extra = null, routed = null } = {}) {
    this.query = query;
    this.pageSize = pageSize;
    this.scanBudget = Math.max(scanBudget, pageSize);
    this.extra = routed ? null : extra;
    this.isRouted = Boolean(routed);
    this.routedExact = routed ? routed.exact : false;
    /** Routed hits not yet dismissed: the exact count while `routedExact`. */
    this.routedCount = routed ? routed.hits.length : 0;
    this.routed = routed ? routed.hits.map((result) => ({ result, routed: true })) : [];
    this.total = results?.length ?? 0;
    this.rank = new Map([...this.routed.map((c, i) => [c.result, i - this.routed.length]), ...(routed ? [] : results.map((r, i) => [r, i]))]);
    this.exact = [];
    this.other = [];
    /** Every exact match checked so far, shown or not (for counts by filter). */
    this.verified = [];
    this.shown = 0;
    this.shownExact = 0;
    this.checked = 0;
    this.likely = [];
    this.extras = [];
    this.rest = [];
    if (routed) {
      // Pagefind's results may come later (addPart): the routed hits alone make a first screen of exact matches.
      this.total = routed.hits.length;
      if (results) this.addPart(results, routed.inOpen);
      return;
    }
    const cands = this.candidates(results);
    // Likely-exact candidates first in Pagefind's order; then (when loaded) those only the extra searches found;
    // then the rest, nearest misses (longest runs) first.
    this.likely = cands.filter((c) => c.likely);
    this.rest = cands.filter((c) => !c.likely).sort((a, b) => b.run - a.run || a.rank - b.rank);
  }

  /** Pagefind's results as candidates: rank, longest run of matched word positions, and whether likely exact. */
  candidates(results) {
    const need = Math.max(1, ...this.query.terms.map((t) => segments(t).length));
    return results.map((result, rank) => {
      const meta = result.matchedMetaFields ?? [];
      const run = longestRun(result.words);
      return { result, rank, run, likely: run >= need || meta.includes("unit") || meta.includes("title") };
    });
  }

  /**
   * A routed pager's part-matches: Pagefind's results over the open shards, `inOpen` of which are routed hits (its
   * results in open shards include them). They rank after every routed hit, so pages already shown keep their
   * place. Every exact match is routed: Pagefind's candidates are for the part-matches, nearest misses first (none
   * for a quoted query, which lists exact matches only, and counts only them).
   */
  addPart(results, inOpen) {
    if (this.query.phrase) return;
    this.total += Math.max(0, results.length - inOpen);
    results.forEach((r, i) => this.rank.set(r, i));
    this.rest.push(...this.candidates(results).sort((a, b) => b.run - a.run || a.rank - b.rank));
  }

  /** Exact matches not yet shown (routed hits unchecked, or checked and waiting for a page): routed pagers only. */
  get exactLeft() {
    return this.routed.length + this.exact.length > 0;
  }

  get pending() {
    return this.routed.length + this.likely.length + this.extras.length + this.rest.length + (this.extra ? 1 : 0);
  }

  get done() {
    return this.pending === 0 && this.exact.length === 0 && (this.query.phrase || this.other.length === 0);
  }

  /** How many exact matches exist, when every candidate has been checked; null while some are unchecked. */
  get exactCount() {
    if (this.routedExact) return this.routedCount;
    const known = this.isRouted ? this.routed.length === 0 : this.pending === 0;
    return known ? this.shownExact + this.exact.length : null;
  }

  /** Exact matches found so far per value of filter `name` (from each fragment's filters). */
  tally(name) {
    const counts = {};
    for (const item of this.verified) for (const v of item.data.filters?.[name] ?? []) counts[v] = (counts[v] ?? 0) + 1;
    return counts;
  }

  async loadExtras() {
    const load = this.extra;
    this.extra = null;
    const { results, order } = await load();
    const known = new Set([...this.rank.keys()].map((r) => r.id));
    const fresh = results.filter((r) => !known.has(r.id) && known.add(r.id));
    fresh.forEach((r, i) => this.rank.set(r, this.total + i));
    if (order) for (const r of this.rank.keys()) this.rank.set(r, order.get(r.id) ?? Number.MAX_SAFE_INTEGER);
    this.extras = fresh.map((result) => ({ result, extra: true })).sort((a, b) => this.rank.get(a.result) - this.rank.get(b.result));
  }

  async check(n) {
    if (this.extra && this.likely.length < n) await this.loadExtras();
    const batch = [];
    for (const q of [this.routed, this.likely, this.extras, this.rest]) while (batch.length < n && q.length) batch.push(q.shift());
    const datas = await Promise.all(batch.map((c) => c.result.data()));
    batch.forEach((c, i) => {
      const data = datas[i];
      const exact = this.query.empty || containsAll(fragmentTexts(data), this.query.terms);
      if (c.routed && !exact) {
        // A superset's miss (or a key's hash shared by another): not a match after all.
        this.routedCount--;
        this.total--;
        return;
      }
      if (this.isRouted && !c.routed && exact) {
        // Already among the routed hits.
        return;
      }
      if (c.extra && !exact) return;
      if (c.extra) this.total++;
      const item = { result: c.result, data, exact };
      (exact ? this.exact : this.other).push(item);
      if (exact) this.verified.push(item);
    });
    this.checked += batch.length;
    return batch.length;
  }

  /** The next page: `size` items (a page by default; fewer to fill up a page already partly shown). */
  async more(size = this.pageSize) {
    let spent = 0;
    // Routed, every exact match is among the routed hits: once they are checked, Pagefind's candidates hold none, and
    // scanning them for one would load up to scanBudget fragments for nothing (~60 kB on a first query).
    const exactLeft = () => !this.isRouted || this.routed.length > 0;
    while (this.exact.length < size && this.pending > 0 && spent < this.scanBudget && exactLeft()) {
      spent += await this.check(Math.min(BATCH, this.scanBudget - spent));
    }
    const byRank = (a, b) => this.rank.get(a.result) - this.rank.get(b.result);
    this.exact.sort(byRank);
    const page = this.exact.splice(0, size);
    this.shownExact += page.length;
    if (page.length < size && !this.query.phrase) {
      // Exact matches are used up (or the budget is): fill with checked non-exact results, checking more if needed.
      while (this.other.length < size - page.length && this.pending > 0) {
        await this.check(Math.min(BATCH, size - page.length - this.other.length));
        this.exact.sort(byRank);
        while (this.exact.length && page.length < size) {
          page.push(this.exact.shift());
          this.shownExact++;
        }
      }
      this.other.sort(byRank);
      page.push(...this.other.splice(0, size - page.length));
    }
    this.shown += page.length;
    return page;
  }
}

/** Extra searches a query may add, and the longest term that is split (longer ones are names Pagefind finds whole). */
const MAX_EXTRA_SEARCHES = 10;
const MAX_SPLIT_CHARS = 6;

/**
 * Pagefind matches whole indexed words (or their beginnings), and its index splits text differently from the
 * browser's query segmenter: the query 年以来 is one word to the browser, but a page printing "今年以来" is indexed
 * as 今年|以来, so the page never matches; 以致用 is inside the indexed word 学以致用, found only through its
 * sub-word 以致. So the term is also asked cut in two at each point between Chinese characters ("年 以来",
 * "年以 来") and, from three characters on, without its last or first character ("年以", "以来"). On 2,156 strings
 * sampled from the demo archive that lifts recall from 0.9990 to 0.9995 for 4 more candidates per query; what
 * is still missed lies strictly inside one indexed word (作室 in 工作室), which Pagefind's word index cannot reveal.
 */
export function splitQueries(query) {
  const out = [];
  query.terms.forEach((term, i) => {
    const chars = [...term];
    if (chars.length < 2 || chars.length > MAX_SPLIT_CHARS || !chars.every((c) => HAN.test(c))) return;
    const ask = (replacement) => {
      const terms = [...query.terms];
      terms[i] = replacement;
      out.push(terms.join(" "));
    };
    for (let j = 1; j < chars.length; j++) ask(`${chars.slice(0, j).join("")} ${chars.slice(j).join("")}`);
    if (chars.length >= 3) {
      ask(chars.slice(0, -1).join(""));
      ask(chars.slice(1).join(""));
    }
  });
  return out.slice(0, MAX_EXTRA_SEARCHES);
}

/** Pagefind's search options for these filters and sort ("relevance" | "date" newest first | "old"). */
export function searchOptions(filters = {}, sort = "relevance") {
  const byDate = sort === "date" || sort === "old";
  return { filters, sort: byDate ? { date: sort === "old" ? "asc" : "desc" } : {} };
}

/**
 * Runs one query through Pagefind (`pagefind` is the module pagefind.js exports) and returns the exact-first pager
 * over its candidates, with Pagefind's own response for the query (filter counts). sort: "relevance" | "date"
 * (newest first) | "old" (oldest first).
 * The split searches run only when the pager needs them, so a common word with a page of likely exact matches
 * loads no index chunks beyond its own.
 */
export async function runSearch(pagefind, query, { filters = {}, sort = "relevance", pageSize, scanBudget, routed = null } = {}) {
  const byDate = sort === "date" || sort === "old";
  const options = searchOptions(filters, sort);
  if (query.empty) {
    const all = await pagefind.search(null, options);
    return { search: all, ranker: new ExactFirst(query, all.results, { pageSize, scanBudget }) };
  }
  const primary = await pagefind.search(query.pagefindTerm, options);
  const splits = splitQueries(query);
  const extra = splits.length === 0 ? null : async () => {
    const found = await Promise.all(splits.map((q) => pagefind.search(q, options)));
    const results = found.flatMap((s) => s.results);
    // Dates are not in the results; Pagefind's own date order of every page places the extras among the rest.
    const order = byDate && results.length > 0 ? new Map((await pagefind.search(null, options)).results.map((r, i) => [r.id, i])) : null;
    return { results, order };
  };
  return { search: primary, ranker: new ExactFirst(query, primary.results, { pageSize, scanBudget, extra, routed }) };
}
