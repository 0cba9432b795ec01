// The search page: the routing index (pagefind-shards.js route()) for every exact match, Pagefind's JS API for the
// articles holding only part of a query, rank.js for exact-first order and excerpts, and a small UI of our own. A
// routed search draws its exact matches and their count first, without Pagefind, which then loads for the
// part-matches (run, completePart: data-part "pending" until they are in). State lives in the URL
// (?q=…&paper=…&unit=…&author=…&year=…&from=2023-01&to=2024-03&kind=…&sort=new|old) via history.replaceState, so a
// search can be bookmarked or shared and opening such a URL runs it again. Article text reaches the page only as
// text nodes (search-render.js). A query in traditional characters is folded to simplified (fold.js) first.
import { ExactFirst, PAGE_SIZE, parseQuery, runSearch, searchOptions } from "./rank.js";
import { openShards } from "./pagefind-shards.js";
import { fold } from "./fold.js";
import { facetLoader } from "./facets.js";
import { searchMenus } from "./search-menus.js";
import { el, resultItem } from "./search-render.js";
// Imported by the modules above too: named here, the browser fetches them with those, one round trip earlier.
import "./match.js";
import "./route.js";
import "./fold-chars.js";
import { archiveMonthList, dateLabel, makeState, monthLabel, noResultHints, quoted, stateUrl, summary, urlState } from "./search-text.js";

const FILTERS = ["paper", "unit", "author", "year", "kind"];
const DEBOUNCE_MS = 250;

const root = document.getElementById("search");
const base = root?.getAttribute("data-base") || "/";
const form = root?.querySelector(".search-form");
const input = root?.querySelector("#search-q");
const body = root?.querySelector(".search-body");
const status = root?.querySelector(".search-status");
const list = root?.querySelector(".search-results");
const moreButton = root?.querySelector(".search-more");
const selects = Object.fromEntries(FILTERS.map((f) => [f, root?.querySelector(`select[data-filter="${f}"]`)]));
const sortSelect = root?.querySelector("select[data-sort]");
const scopeNote = root?.querySelector(".search-scope");
const scopeText = scopeNote?.querySelector(".search-scope-text");
const widenButton = scopeNote?.querySelector("button");
const rangeSelects = { from: root?.querySelector('select[data-range="from"]'), to: root?.querySelector('select[data-range="to"]') };
const filtersBox = root?.querySelector(".search-filters");
const chosenNote = root?.querySelector(".search-chosen");
const suggestBox = root?.querySelector(".search-suggest");
const siteTitle = root?.getAttribute("data-site-title") || document.title;

let index = null; // pagefind-shards.js: the shards, opened newest first as searches need them
let allFilters = {};
// The search on screen: { query, state, sort, ranker, search, routed, facetCounts, shown, dividerShown, part, steps }
let current = null;
let facetsFor = null; // facets.js facetLoader: the shards' facet files, each fetched once
const menus = searchMenus({
  root, selects, names: FILTERS, partMatches: (run) => completePart(run),
  page: { get index() { return index; }, get current() { return current; }, get facetsFor() { return facetsFor; } },
});
let runToken = 0;
let timer = 0;

/** The archive's first and last month (shards.json says what each shard covers), for the range menus. */
let archiveMonths = [];

/** The state the URL holds. */
const readUrl = () => urlState(new URLSearchParams(location.search), FILTERS, archiveMonths);

function readForm() {
  const filters = {};
  for (const f of FILTERS) if (selects[f]?.value) filters[f] = selects[f].value;
  const range = {};
  for (const end of ["from", "to"]) if (rangeSelects[end]?.value) range[end] = rangeSelects[end].value;
  return makeState(input.value, filters, range, sortSelect.value, archiveMonths);
}

function writeUrl(state) {
  const url = stateUrl(state, FILTERS, location.href);
  if (url.href !== location.href) history.replaceState(null, "", url);
  document.title = state.q.trim() ? `“${state.q.trim()}” - 搜索 - ${siteTitle}` : `搜索 - ${siteTitle}`;
  // On a phone the filters are folded away: the summary says how many are chosen.
  const chosen = Object.keys(state.filters).filter((f) => f !== "month").length + (state.range.from || state.range.to ? 1 : 0);
  if (chosenNote) chosenNote.textContent = chosen ? `（已选 ${chosen} 项）` : "";
}

/** The month menus: every month from the archive's first to its last, the chosen ones kept. */
function fillRange(range) {
  for (const end of ["from", "to"]) {
    const select = rangeSelects[end];
    if (!select) continue;
    const months = [...archiveMonths];
    if (range[end] && !months.includes(range[end])) months.push(range[end]);
    months.sort();
    select.replaceChildren(new Option(end === "from" ? "最早" : "最近", ""), ...months.map((m) => new Option(monthLabel(m), m, false, m === range[end])));
    select.value = range[end] ?? "";
  }
}

/**
 * "Searched the newest N of M articles, since …" and the button that opens older shards; hidden when all are open.
 * A routed search has its exact matches from every article already; only the part-matches are of the newest.
 */
function showCoverage(state, routed = null) {
  if (!scopeNote) return;
  const c = index.coverage(state.filters);
  scopeNote.hidden = c.complete;
  if (c.complete) return;
  const since = c.since ? `（${dateLabel(c.since)}以来）` : "";
  scopeText.textContent = routed
    ? `完整含检索词的文章已在全部 ${c.total} 篇中查找；只含其中字词的文章来自最近的 ${c.open} 篇${since}。`
    : `已搜索最近的 ${c.open} 篇文章${since}，共 ${c.total} 篇。`;
  widenButton.disabled = false;
}

/** One change of the list at a time: a page the reader asked for and the part-matches arriving never interleave. */
function step(run, work) {
  const next = run.steps.then(work);
  run.steps = next.catch(() => {});
  return next;
}

/** Appends a page of results; a divider marks where exact matches end. */
function appendPage(run, page) {
  for (const item of page) {
    if (!item.exact && !run.dividerShown && !run.query.empty) {
      run.dividerShown = true;
      if (list.children.length > 0) {
        list.append(el("li", "result-divider", `以下文章不完整包含${quoted(run.query.terms)}，只含其中的字词`));
      }
    }
    list.append(resultItem(item, run.query));
  }
  run.shown += page.length;
}

/**
 * The status line, the more button and the hints for what is on screen. While a routed search's part-matches are
 * still coming the status line states the exact matches only (the ranker counts nothing else yet), and the button
 * shows only while exact matches are left to show: what follows them is not known yet.
 */
function refresh(run) {
  status.textContent = summary(run.query, run.ranker, run.shown, run.state.q);
  const pending = run.part !== "done";
  // At the end of what the open shards hold, the same button goes on into older issues; a routed quoted query has
  // every match already (the routing index covers the whole archive), so it has nowhere older to go.
  const older = !pending && run.ranker.done && !(run.routed && run.query.phrase) && !index.coverage(run.state.filters).complete;
  moreButton.hidden = pending ? !run.ranker.exactLeft : run.ranker.done && !older;
  moreButton.dataset.older = older ? "1" : "";
  moreButton.textContent = older ? "搜索更早的文章" : run.query.phrase && run.lastPage === 0 ? "继续查找" : "显示更多结果";
  moreButton.disabled = false;
  showHints(run, !pending && list.children.length === 0 && run.ranker.done && !older);
}

/** The reader asks for the next page. */
async function showMore() {
  const run = current;
  if (!run) return;
  moreButton.disabled = true;
  // Past the exact matches the part-matches come next: they need Pagefind's search (and fill the page first).
  if (run.part !== "done" && !run.ranker.exactLeft) await completePart(run);
  await step(run, async () => {
    const page = await run.ranker.more();
    if (run !== current) return;
    run.lastPage = page.length;
    appendPage(run, page);
    if (run.part === "done") menus.afterPage(run);
    refresh(run);
  });
  if (run !== current) return;
  finished("done");
  // The reader has reached the end of the exact matches: the part-matches are next (see run for when they start).
  if (run.part !== "done" && !run.ranker.exactLeft) completePart(run).catch(fail);
}

/** Under a search that found nothing: other searches to try, as links (each a whole search in the URL). */
function showHints(run, show) {
  if (!suggestBox) return;
  suggestBox.hidden = true;
  if (!show || !run || run.query.empty) return;
  const hints = noResultHints(run.query, { unit: allFilters.unit, author: allFilters.author });
  if (hints.length === 0) return;
  const items = hints.map(({ label, params }) => {
    const url = new URL(location.pathname, location.href);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const a = el("a", "", label);
    a.href = url.pathname + url.search;
    const li = el("li");
    li.append(a);
    return li;
  });
  suggestBox.querySelector("ul").replaceChildren(...items);
  suggestBox.hidden = false;
}

/** Opens older shards (twice as many articles as are open) and runs the search again over them. */
async function searchOlder(button) {
  button.disabled = true;
  const state = readForm();
  await index.widen(state.filters);
  await run(state);
}

/** Marks the end of a search (tests and scripts can wait on data-state and the data-runs counter). */
function finished(state) {
  root.dataset.state = state;
  root.dataset.runs = String(Number(root.dataset.runs ?? 0) + 1);
  // The first screen's moment, for bench/search-recall.mts (Performance API marks; the first one is the first search's).
  performance.mark("search-screen");
  if (root.dataset.part === "done") performance.mark("search-complete");
}

/**
 * A routed search's part-matches: Pagefind loads (its JS and wasm, the newest shards) and searches the open shards
 * for the articles holding only a part of the query; the ranker gets them (ranked after every exact match) and the
 * menus their counts. Once a run, whoever asks first.
 */
function partMatches(run) {
  run.partSearch ??= (async () => {
    await index.ensure(run.state.filters);
    if (run !== current) return;
    menus.prefetch(run);
    const search = await index.pagefind.search(run.query.pagefindTerm, searchOptions(run.state.filters, run.sort));
    if (run !== current) return;
    run.search = search;
    run.ranker.addPart(search.results, run.routed.inOpen);
    run.facetCounts = await menus.countRouted(run, search);
  })();
  return run.partSearch;
}

/**
 * The complete page: the part-matches in, the page the exact matches ended on filled up with them (below the
 * divider, so nothing already on screen moves), the status line's 另有 N, the coverage note, the menus' counts.
 * Then data-part="done" (tests and the bench wait on it for the complete page).
 */
function completePart(run) {
  run.completing ??= (async () => {
    await partMatches(run);
    if (run !== current) return;
    run.part = "done";
    await step(run, async () => {
      const room = (PAGE_SIZE - (run.shown % PAGE_SIZE)) % PAGE_SIZE;
      if (!run.ranker.exactLeft && room > 0) {
        const page = await run.ranker.more(room);
        if (run !== current) return;
        appendPage(run, page);
      }
      showCoverage(run.state, run.routed);
      await menus.updateCounts(run);
      if (run !== current) return;
      refresh(run);
      root.dataset.part = "done";
      performance.mark("search-complete");
    });
  })();
  return run.completing;
}

/** A search with no routing (a one-character term, a month range, no query): Pagefind's search over open shards. */
async function runUnrouted(token, query, state, sort) {
  await index.ensure(state.filters);
  let { search, ranker } = await runSearch(index.pagefind, query, { filters: state.filters, sort });
  // Too few results in the newest shards: open older ones (twice as many articles each time) until a page is full.
  while (token === runToken && ranker.total < PAGE_SIZE && (await index.widen(state.filters))) {
    ({ search, ranker } = await runSearch(index.pagefind, query, { filters: state.filters, sort }));
  }
  if (token !== runToken) return;
  const run = { query, state, sort, ranker, search, routed: null, facetCounts: null, shown: 0, dividerShown: false, part: "done", steps: Promise.resolve() };
  current = run;
  list.replaceChildren();
  root.dataset.part = "done";
  showCoverage(state);
  await menus.updateCounts(run);
  if (token !== runToken) return;
  await showMore();
}

async function run(state) {
  const token = ++runToken;
  writeUrl(state);
  const header = document.getElementById("site-q");
  if (header && header !== input) header.value = state.q;
  const query = parseQuery(await fold(state.q));
  if (token !== runToken) return;
  const hasFilter = Object.keys(state.filters).length > 0;
  if (query.empty && !hasFilter) {
    current = null;
    list.replaceChildren();
    moreButton.hidden = true;
    if (scopeNote) scopeNote.hidden = true;
    status.textContent = state.q.trim() ? "请输入要搜索的字词" : "";
    showHints(null, false);
    for (const f of FILTERS) menus.fillSelect(f, allFilters[f] ?? {});
    root.dataset.part = "done";
    finished("idle");
    return;
  }
  root.dataset.state = "searching";
  root.dataset.part = "pending";
  status.textContent = "正在搜索……";
  // The list on screen is the last search's until this one's first page replaces it: not to be paged on meanwhile.
  moreButton.disabled = true;
  // With no words to rank by, a filtered list reads best newest first.
  const sort = state.sort === "old" ? "old" : state.sort === "new" || query.empty ? "date" : "relevance";
  // Every exact match in the whole archive comes from the routing index (pagefind-shards.js route()), and each
  // hit's text from its own fragment file: the first screen needs none of Pagefind's JS, wasm or index.
  // A month range is a filter of several values (any of them), which the routing index cannot intersect: such a
  // search goes the unrouted way.
  const routable = Object.values(state.filters).every((v) => typeof v === "string");
  const routed = routable ? await index.route(query, state.filters) : null;
  if (token !== runToken) return;
  if (!routed) {
    await runUnrouted(token, query, state, sort);
    return;
  }
  // The routing index lists its hits newest first.
  if (sort === "old") routed.hits.reverse();
  // A quoted query lists exact matches only: it never needs Pagefind.
  const run = {
    query, state, sort, ranker: new ExactFirst(query, null, { routed }), search: null, routed, facetCounts: null,
    shown: 0, dividerShown: false, part: query.phrase ? "done" : "pending", steps: Promise.resolve(),
  };
  current = run;
  if (run.part !== "done" && routed.hits.length === 0) {
    // No exact match: the part-matches are all there is, so the first screen waits for them.
    await partMatches(run);
    if (token !== runToken) return;
    run.part = "done";
  }
  list.replaceChildren();
  // The coverage note speaks of the part-matches' shards: shown once they are searched (completePart).
  if (scopeNote) scopeNote.hidden = true;
  if (run.part === "done") {
    menus.prefetch(run);
    run.facetCounts ??= await menus.countRouted(run, run.search);
    if (token !== runToken) return;
    await menus.updateCounts(run);
    if (run.routed && !run.query.phrase) showCoverage(state, routed);
    root.dataset.part = "done";
  } else {
    // Not counted until Pagefind's part-matches are in: only the choices are offered meanwhile.
    for (const f of FILTERS) menus.fillSelect(f, null);
  }
  await showMore();
  if (token !== runToken || run.part === "done") return;
  // When the part-matches start. A first screen with fewer exact matches than a page is filled up with them at once
  // (the reader expects a full page, and the status line's 另有 N follows). A full page of exact matches is a
  // complete answer to read: Pagefind (~85 kB of JS and wasm, then its index chunks) loads once the browser is idle
  // after drawing it, so it never competes with the first screen for the network or the 2 cores, and the status
  // line gains its 另有 N a moment later; the reader paging to the end of the exact matches or turning to the menus
  // starts it sooner (showMore, search-menus.js). What is on screen never moves: the part-matches go below.
  if (!run.ranker.exactLeft) completePart(run).catch(fail);
  else (window.requestIdleCallback ?? ((f) => setTimeout(f, 50)))(() => completePart(run).catch(fail), { timeout: 1000 });
}

function schedule(delay) {
  clearTimeout(timer);
  timer = setTimeout(() => run(readForm()).catch(fail), delay);
}

function fail(e) {
  status.textContent = "搜索出错了，请刷新页面再试。";
  finished("error");
  console.error(e);
}

async function start() {
  if (!root || !form) return;
  const state = readUrl();
  input.value = state.q;
  sortSelect.value = state.sort;
  body.hidden = false;
  status.textContent = state.q || Object.keys(state.filters).length ? "正在载入搜索索引……" : "";
  index = await openShards(base);
  if (!index) {
    status.textContent = "档案里还没有可搜索的文章。";
    return;
  }
  allFilters = index.filters;
  facetsFor = facetLoader(base);
  archiveMonths = archiveMonthList(allFilters);
  // The range's months are known only now: read the URL's state again.
  state.filters = readUrl().filters;
  fillRange(state.range);
  // On a phone the filters start folded, so the first result shows above the fold; a chosen one is named in the summary.
  if (filtersBox && matchMedia("(max-width: 640px)").matches) filtersBox.open = false;
  // The newest shards load while the reader types (a search from the URL waits for them in run()).
  if (!state.q) index.ensure().catch(fail);
  // Chosen values from the URL must exist as options before they can be selected. The menus are filled by the
  // search (run), each with what it lists.
  for (const f of FILTERS) {
    if (state.filters[f]) {
      if (![...selects[f].options].some((o) => o.value === state.filters[f])) selects[f].append(new Option(state.filters[f], state.filters[f]));
      selects[f].value = state.filters[f];
    }
  }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    schedule(0);
  });
  input.addEventListener("input", () => schedule(DEBOUNCE_MS));
  for (const s of [...Object.values(selects), ...Object.values(rangeSelects), sortSelect]) s?.addEventListener("change", () => schedule(0));
  // Before a menu opens: the pointer comes over the filters, the keyboard reaches one, the phone's folded box opens.
  for (const type of ["pointerenter", "pointerdown", "focusin", "toggle"]) {
    filtersBox?.addEventListener(type, () => (type !== "toggle" || filtersBox.open) && menus.countsWanted().catch(fail));
  }
  moreButton.addEventListener("click", () => (moreButton.dataset.older ? searchOlder(moreButton) : showMore()).catch(fail));
  widenButton?.addEventListener("click", () => searchOlder(widenButton).catch(fail));
  if (!state.q) input.focus();
  await run(state);
}

start().catch(fail);
