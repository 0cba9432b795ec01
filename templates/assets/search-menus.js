// The search page's filter menus (paper, unit, author, year, kind): each offers the values the listed results have,
// with how many of them ("电解厂（12）"), the chosen value always. The counts of a routed search come from facets.js
// (routedCounts); of any other from Pagefind's per-value counts. A first search counts nothing it need not: the
// shards' facet files and Pagefind's filter data load once the reader turns to the menus (countsWanted).
import { hitShards, routedCounts } from "./facets.js";

/**
 * @param {{ root: HTMLElement, selects: Record<string, HTMLSelectElement|null>, names: string[],
 *   page: { index: any, current: any, facetsFor: any }, partMatches: (run: any) => Promise<void> }} ctx
 *   `page` reads search.js's state as it is now (getters); `partMatches(run)` resolves once a routed run's
 *   part-matches and Pagefind's response are in (starting them if they are not).
 */
// One collator, made when first needed (loading its data costs ~30 ms; a routed first screen sorts no menu):
// localeCompare(b, "zh-CN") makes one a call, which was 40 ms of a first search's main thread for ~200 values.
let collator = null;
const compare = (a, b) => (collator ??= new Intl.Collator("zh-CN")).compare(a, b);

export function searchMenus({ root, selects, names, page, partMatches }) {
  /** The reader has turned to the menus: the shards' facet files are worth fetching (facets.js). */
  let wanted = false;

  /**
   * Select options "value（count）", counting the results listed: only values that have some are offered, and the
   * chosen one (with its count, 0 when none). Counts null: not counted yet, so only the choice is offered.
   */
  function fillSelect(filter, counts) {
    const select = selects[filter];
    if (!select) return;
    const chosen = select.value;
    counts ??= chosen ? { [chosen]: null } : {};
    const values = Object.keys(counts).filter((v) => counts[v] > 0);
    if (chosen && !values.includes(chosen)) values.push(chosen);
    const order = filter === "year" ? (a, b) => b.localeCompare(a) : (a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || compare(a, b);
    values.sort(order);
    select.replaceChildren(new Option("全部", ""));
    for (const v of values) select.append(new Option(counts[v] === null ? v : `${v}（${counts[v] ?? 0}）`, v, false, v === chosen));
    select.value = chosen;
  }

  /**
   * Per-value counts of what a search lists, for each filter group with no choice: a quoted query lists its exact
   * matches (counted once all are known); otherwise every article Pagefind found plus the exact matches it missed
   * that the ranker added (split searches), so the counts add up to the status line's.
   */
  function listedCounts(run, filter) {
    // Routed: the facets' counts; not counted yet (null), a quoted query's exact matches are tallied as they are checked.
    const counted = run.facetCounts?.[filter];
    if (counted !== undefined && (counted !== null || !run.query.phrase)) return counted;
    if (run.query.phrase) return run.ranker.pending === 0 ? run.ranker.tally(filter) : null;
    const counts = { ...(run.search?.filters?.[filter] ?? {}) };
    const known = run.known ??= new Set((run.search?.results ?? []).map((r) => r.id));
    for (const item of run.ranker.verified ?? []) {
      if (known.has(item.result.id) || item.result.routed) continue;
      for (const v of item.data.filters?.[filter] ?? []) counts[v] = (counts[v] ?? 0) + 1;
    }
    return counts;
  }

  /**
   * Counts for each filter group: what choosing that value would give with the query and the other groups' choices.
   * For a group that has a choice, that means asking Pagefind once more without it (cheap: the index is loaded).
   */
  async function updateCounts(run) {
    if (run.facetCounts || !page.index.pagefind) {
      for (const f of names) fillSelect(f, listedCounts(run, f));
      return;
    }
    const term = run.query.empty ? null : run.query.pagefindTerm;
    for (const f of names) {
      let counts = listedCounts(run, f) ?? run.search?.filters?.[f] ?? {};
      if (run.state.filters[f]) {
        const others = { ...run.state.filters };
        delete others[f];
        counts = (await page.index.pagefind.search(term, { filters: others })).filters?.[f] ?? {};
      }
      fillSelect(f, counts);
    }
  }

  /** After a page of results: the menus count what is listed, which grows as exact matches Pagefind missed are found. */
  function afterPage(run) {
    for (const f of names) {
      const counts = run.state.filters[f] ? null : listedCounts(run, f);
      if (counts) fillSelect(f, counts);
    }
  }

  /** A routed search's counts (facets.js routedCounts); `search` is Pagefind's response, null for a quoted query. */
  const countRouted = (run, search) =>
    routedCounts({ index: page.index, facetsFor: page.facetsFor, names, wantCounts: () => wanted }, run.query, run.state.filters, run.routed, search);

  /** The facet files the counts need load while Pagefind searches (routedCounts reads them from the cache). */
  function prefetch(run) {
    if (!wanted || !run.routed) return;
    const hits = run.routed.hits.filter((h) => run.query.phrase || !page.index.isOpen(h.shard));
    page.facetsFor(hitShards(hits)).catch(() => {});
  }

  /**
   * The reader turns to the menus: Pagefind's filter data and the shards' facet files are fetched from now on (a
   * first search skips both, ~30 kB), and the search on screen is counted: Pagefind is asked once more, now with its
   * filter data, for its counts over the open shards.
   */
  async function countsWanted() {
    if (wanted) return;
    wanted = true;
    await countOnScreen();
    // The page's state for tests, as data-runs is.
    root.dataset.menus = "counted";
  }

  async function countOnScreen() {
    const run = page.current;
    const index = page.index;
    if (run?.routed && run.query.phrase) {
      // A quoted query lists exact matches only: the facet files count them all, Pagefind is not asked.
      const counts = await countRouted(run, null);
      if (run === page.current && counts) for (const f of names) fillSelect(f, (run.facetCounts = counts)[f]);
      return;
    }
    // The part-matches are counted too: they are what Pagefind is loaded for (a routed search may not have asked yet).
    if (run?.routed) await partMatches(run);
    await index.loadFilters();
    if (!run || run !== page.current || !index.pagefind) return;
    const search = await index.pagefind.search(run.query.empty ? null : run.query.pagefindTerm, { filters: run.state.filters });
    if (run !== page.current) return;
    run.search = search;
    if (!run.routed) {
      await updateCounts(run);
      return;
    }
    const counts = await countRouted(run, search);
    if (run !== page.current || !counts) return;
    run.facetCounts = counts;
    for (const f of names) fillSelect(f, counts[f]);
  }

  return {
    fillSelect, listedCounts, updateCounts, afterPage, countRouted, prefetch, countsWanted,
    get wanted() {
      return wanted;
    },
  };
}
