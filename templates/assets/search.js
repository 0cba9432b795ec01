// The search page: Pagefind's JS API for candidates, rank.js for exact-first order and excerpts, and a small UI of
// our own. State lives in the URL (?q=…&paper=…&unit=…&author=…&year=…&from=2023-01&to=2024-03&kind=…&sort=new|old)
// via history.replaceState, so a search can be bookmarked or shared and opening such a URL runs it again. Article
// text reaches the page only as text nodes (textContent / createTextNode), never as HTML. A query in traditional
// characters is folded to simplified (fold.js) before it is searched and marked.
import { excerptParts, markParts, markTerms, PAGE_SIZE, parseQuery, runSearch } from "./rank.js";
import { openShards } from "./pagefind-shards.js";
import { fold } from "./fold.js";
import { facetLoader, hitShards, routedCounts } from "./facets.js";
import { archiveMonthList, monthLabel, monthsBetween, noResultHints, quoted, summary } from "./search-text.js";

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
const MONTH = /^\d{4}-\d{2}$/;

let index = null; // pagefind-shards.js: the shards, opened newest first as searches need them
let allFilters = {};
let current = null; // { query, state, ranker, search, routed, facetCounts, shown, dividerShown } of the search on screen
let facetsFor = null; // facets.js facetLoader: the shards' facet files, each fetched once
let wantCounts = false; // the reader has turned to the menus: the shards' facet files are worth fetching (facets.js)
let runToken = 0;
let timer = 0;

/** The archive's first and last month (shards.json says what each shard covers), for the range menus. */
let archiveMonths = [];

/**
 * The state: query, filters (the range as Pagefind's `month` filter, any of its months), the range as chosen, sort.
 * sort=date (older links) means newest first, as sort=new does.
 */
function makeState(q, filters, range, sort) {
  if (range.from && range.to && range.from > range.to) [range.from, range.to] = [range.to, range.from];
  if (range.from || range.to) {
    const months = monthsBetween(range.from || archiveMonths[0], range.to || archiveMonths.at(-1));
    if (months.length > 0) filters.month = { any: months };
  }
  return { q, filters, range, sort: sort === "date" ? "new" : sort === "new" || sort === "old" ? sort : "" };
}

/** The state the URL holds. */
function readUrl() {
  const p = new URLSearchParams(location.search);
  const filters = {};
  for (const f of FILTERS) if (p.get(f)) filters[f] = p.get(f);
  const range = {};
  for (const end of ["from", "to"]) if (MONTH.test(p.get(end) ?? "")) range[end] = p.get(end);
  return makeState(p.get("q") ?? "", filters, range, p.get("sort"));
}

function readForm() {
  const filters = {};
  for (const f of FILTERS) if (selects[f]?.value) filters[f] = selects[f].value;
  const range = {};
  for (const end of ["from", "to"]) if (rangeSelects[end]?.value) range[end] = rangeSelects[end].value;
  return makeState(input.value, filters, range, sortSelect.value);
}

function writeUrl(state) {
  const url = new URL(location.href);
  url.search = "";
  if (state.q.trim()) url.searchParams.set("q", state.q.trim());
  for (const f of FILTERS) if (state.filters[f]) url.searchParams.set(f, state.filters[f]);
  for (const end of ["from", "to"]) if (state.range[end]) url.searchParams.set(end, state.range[end]);
  if (state.sort) url.searchParams.set("sort", state.sort);
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

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Parts from rank.js → text nodes and <mark> elements. */
function appendParts(parent, parts) {
  for (const part of parts) {
    if (part.mark) parent.append(el("mark", "", part.text));
    else parent.append(document.createTextNode(part.text));
  }
  return parent;
}

/**
 * Select options "value（count）", counting the results listed: only values that have some are offered, and the
 * chosen one (with its count, 0 when none). Counts null: not counted yet (facets.js: the counts load when the reader
 * turns to the menus), so only the choice is offered.
 */
function fillSelect(filter, counts) {
  const select = selects[filter];
  if (!select) return;
  const chosen = select.value;
  counts ??= chosen ? { [chosen]: null } : {};
  const values = Object.keys(counts).filter((v) => counts[v] > 0);
  if (chosen && !values.includes(chosen)) values.push(chosen);
  const order = filter === "year" ? (a, b) => b.localeCompare(a) : (a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b, "zh-CN");
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
async function updateCounts(query, state, search) {
  if (current?.facetCounts) {
    for (const f of FILTERS) fillSelect(f, listedCounts(current, f));
    return;
  }
  const term = query.empty ? null : query.pagefindTerm;
  for (const f of FILTERS) {
    let counts = (current && listedCounts(current, f)) ?? search.filters?.[f] ?? {};
    if (state.filters[f]) {
      const others = { ...state.filters };
      delete others[f];
      counts = (await index.pagefind.search(term, { filters: others })).filters?.[f] ?? {};
    }
    fillSelect(f, counts);
  }
}

const countRouted = (query, state, routed, search) =>
  routedCounts({ index, facetsFor, names: FILTERS, wantCounts: () => wantCounts }, query, state.filters, routed, search);

/**
 * The reader turns to the menus: Pagefind's filter data and the shards' facet files are fetched from now on (a
 * first search skips both, ~30 kB), and the search on screen is counted: Pagefind is asked once more, now with its
 * filter data, for its counts over the open shards.
 */
async function countsWanted() {
  if (wantCounts) return;
  wantCounts = true;
  await countOnScreen();
  // The page's state for tests, as data-runs is.
  root.dataset.menus = "counted";
}

async function countOnScreen() {
  await index.loadFilters();
  const run = current;
  if (!run || !index.pagefind) return;
  const search = await index.pagefind.search(run.query.empty ? null : run.query.pagefindTerm, { filters: run.state.filters });
  if (run !== current) return;
  run.search = search;
  if (!run.routed) {
    await updateCounts(run.query, run.state, search);
    return;
  }
  const counts = await countRouted(run.query, run.state, run.routed, search);
  if (run !== current || !counts) return;
  run.facetCounts = counts;
  for (const f of FILTERS) fillSelect(f, counts[f]);
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

/** 2024-04-25 → 2024年4月25日; an issue dated to the month (2024-12) or year only keeps what it has. */
function dateLabel(iso) {
  const [y, m, d] = iso.split("-");
  return `${y}年${m ? `${Number(m)}月` : ""}${d ? `${Number(d)}日` : ""}`;
}

function resultItem(item, query) {
  const d = item.data;
  const terms = markTerms(query, item.exact, d.content);
  const li = el("li", item.exact ? "result result-exact" : "result");
  const h = el("h2", "result-title");
  const a = el("a");
  const url = new URL(d.url, location.href);
  if (!query.empty) url.searchParams.set("hl", query.raw.trim());
  a.href = url.pathname + url.search;
  appendParts(a, markParts(d.meta?.title || d.url, terms));
  h.append(a);
  const meta = el("p", "result-meta");
  const bits = [["result-paper", d.meta?.paper], ["result-date", d.meta?.date]];
  for (const [cls, text] of bits) if (text) meta.append(el("span", cls, text));
  if (d.meta?.unit) {
    const unit = el("span", "result-unit", "单位：");
    appendParts(unit, markParts(d.meta.unit, terms));
    meta.append(unit);
  }
  const kind = d.filters?.kind?.[0];
  if (kind && kind !== "消息") meta.append(el("span", "result-kind", kind));
  const excerpt = appendParts(el("p", "result-excerpt"), excerptParts(d.content, terms));
  li.append(h, meta, excerpt);
  return li;
}

/** Appends the next page; a divider marks where exact matches end. */
async function showMore() {
  const run = current;
  if (!run) return;
  moreButton.disabled = true;
  const page = await run.ranker.more();
  if (run !== current) return;
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
  status.textContent = summary(run.query, run.ranker, run.shown, run.state.q);
  // The menus count what is listed, which grows as exact matches Pagefind missed are found.
  for (const f of FILTERS) {
    const counts = run.state.filters[f] ? null : listedCounts(run, f);
    if (counts) fillSelect(f, counts);
  }
  // At the end of what the open shards hold, the same button goes on into older issues.
  const older = run.ranker.done && !index.coverage(run.state.filters).complete;
  moreButton.hidden = run.ranker.done && !older;
  moreButton.dataset.older = older ? "1" : "";
  moreButton.textContent = older ? "搜索更早的文章" : run.query.phrase && page.length === 0 ? "继续查找" : "显示更多结果";
  moreButton.disabled = false;
  showHints(run, page.length === 0 && list.children.length === 0 && run.ranker.done && !older);
  finished("done");
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
    for (const f of FILTERS) fillSelect(f, allFilters[f] ?? {});
    finished("idle");
    return;
  }
  root.dataset.state = "searching";
  status.textContent = "正在搜索……";
  // With no words to rank by, a filtered list reads best newest first.
  const sort = state.sort === "old" ? "old" : state.sort === "new" || query.empty ? "date" : "relevance";
  // Every exact match in the whole archive comes from the routing index (pagefind-shards.js route()); the open
  // shards add the articles holding only part of the query. Both load at once.
  // A month range is a filter of several values (any of them), which the routing index cannot intersect: such a
  // search goes the unrouted way.
  const routable = Object.values(state.filters).every((v) => typeof v === "string");
  const [routed] = await Promise.all([routable ? index.route(query, state.filters) : null, index.ensure(state.filters)]);
  // The routing index lists its hits newest first.
  if (routed && sort === "old") routed.hits.reverse();
  // The facet files the menus' counts need load while Pagefind searches (routedCounts reads them from the cache).
  if (routed && wantCounts) facetsFor(hitShards(routed.hits.filter((h) => query.phrase || !index.isOpen(h.shard)))).catch(() => {});
  let { search, ranker } = await runSearch(index.pagefind, query, { filters: state.filters, sort, routed });
  // Unrouted (a one-character term) and too few results in the newest shards: open older ones (twice as many
  // articles each time) until a page is full.
  while (!routed && token === runToken && ranker.total < PAGE_SIZE && (await index.widen(state.filters))) {
    ({ search, ranker } = await runSearch(index.pagefind, query, { filters: state.filters, sort }));
  }
  const facetCounts = routed ? await countRouted(query, state, routed, search) : null;
  if (token !== runToken) return;
  current = { query, state, ranker, search, routed, facetCounts, shown: 0, dividerShown: false };
  list.replaceChildren();
  showCoverage(state, routed);
  await updateCounts(query, state, search);
  if (token !== runToken) return;
  await showMore();
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
  // Chosen values from the URL must exist as options before they can be selected.
  for (const f of FILTERS) {
    fillSelect(f, allFilters[f] ?? {});
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
    filtersBox?.addEventListener(type, () => (type !== "toggle" || filtersBox.open) && countsWanted().catch(fail));
  }
  moreButton.addEventListener("click", () => (moreButton.dataset.older ? searchOlder(moreButton) : showMore()).catch(fail));
  widenButton?.addEventListener("click", () => searchOlder(widenButton).catch(fail));
  if (!state.q) input.focus();
  await run(state);
}

start().catch(fail);
