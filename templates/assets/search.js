// The search page: Pagefind's JS API for candidates, rank.js for exact-first order and excerpts, and a small UI of
// our own. State lives in the URL (?q=…&paper=…&unit=…&year=…&kind=…&sort=date) via history.replaceState, so a
// search can be bookmarked or shared and opening such a URL runs it again. Article text reaches the page only as
// text nodes (textContent / createTextNode), never as HTML.
import { excerptParts, markParts, markTerms, PAGE_SIZE, parseQuery, runSearch } from "./rank.js";
import { openShards } from "./pagefind-shards.js";

const FILTERS = ["paper", "unit", "year", "kind"];
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

let index = null; // pagefind-shards.js: the shards, opened newest first as searches need them
let allFilters = {};
let current = null; // { query, state, ranker, shown, dividerShown } of the search on screen
let runToken = 0;
let timer = 0;

/** The state the URL holds. */
function readUrl() {
  const p = new URLSearchParams(location.search);
  const filters = {};
  for (const f of FILTERS) if (p.get(f)) filters[f] = p.get(f);
  return { q: p.get("q") ?? "", filters, sort: p.get("sort") === "date" ? "date" : "" };
}

function readForm() {
  const filters = {};
  for (const f of FILTERS) if (selects[f]?.value) filters[f] = selects[f].value;
  return { q: input.value, filters, sort: sortSelect.value };
}

function writeUrl(state) {
  const url = new URL(location.href);
  url.search = "";
  if (state.q.trim()) url.searchParams.set("q", state.q.trim());
  for (const f of FILTERS) if (state.filters[f]) url.searchParams.set(f, state.filters[f]);
  if (state.sort) url.searchParams.set("sort", state.sort);
  if (url.href !== location.href) history.replaceState(null, "", url);
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
 * Select options "value（count）"; values with no results stay listed but disabled, the chosen one always enabled.
 * While older shards are still unopened (`partial`), a value with none so far may have some there: it stays enabled
 * and shows no count.
 */
function fillSelect(filter, counts, partial = false) {
  const select = selects[filter];
  if (!select) return;
  const chosen = select.value;
  // The archive's values (shards.json lists the most frequent of a filter with many) and any more this search found.
  const values = [...new Set([...Object.keys(allFilters[filter] ?? {}), ...Object.keys(counts)])];
  if (chosen && !values.includes(chosen)) values.push(chosen);
  const order = filter === "year" ? (a, b) => b.localeCompare(a) : (a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b, "zh-CN");
  values.sort(order);
  select.replaceChildren(new Option("全部", ""));
  for (const v of values) {
    const n = counts[v] ?? 0;
    const option = new Option(n === 0 && partial ? v : `${v}（${n}）`, v, false, v === chosen);
    option.disabled = n === 0 && v !== chosen && !partial;
    select.append(option);
  }
  select.value = chosen;
}

/**
 * Counts for each filter group: what choosing that value would give with the query and the other groups' choices.
 * For a group that has a choice, that means asking Pagefind once more without it (cheap: the index is loaded).
 */
async function updateCounts(query, state, search, partial = false) {
  const term = query.empty ? null : query.pagefindTerm;
  for (const f of FILTERS) {
    let counts = search.filters?.[f] ?? {};
    if (state.filters[f]) {
      const others = { ...state.filters };
      delete others[f];
      counts = (await index.pagefind.search(term, { filters: others })).filters?.[f] ?? {};
    }
    fillSelect(f, counts, partial);
  }
}

/** "Searched the newest N of M articles, since …" and the button that opens older shards; hidden when all are open. */
function showCoverage(state) {
  if (!scopeNote) return;
  const c = index.coverage(state.filters);
  scopeNote.hidden = c.complete;
  if (c.complete) return;
  const since = c.since ? `（${dateLabel(c.since)}以来）` : "";
  scopeText.textContent = `已搜索最近的 ${c.open} 篇文章${since}，共 ${c.total} 篇。`;
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

function summary(query, ranker, shown) {
  const q = query.terms.join(" ");
  const exact = ranker.exactCount;
  if (query.empty) return ranker.total ? `共 ${ranker.total} 篇文章` : "没有符合条件的文章";
  if (query.phrase) {
    if (exact !== null) return exact ? `${exact} 篇文章含“${q}”` : `没有找到含“${q}”的文章`;
    return `已找到 ${shown} 篇含“${q}”的文章（已核对 ${ranker.checked} / ${ranker.total} 篇候选）`;
  }
  if (ranker.total === 0) return `没有找到与“${q}”相关的文章`;
  if (exact !== null) {
    const rest = ranker.total - exact;
    if (exact === 0) return `没有文章完整包含“${q}”；以下 ${rest} 篇含其中的字词`;
    return `${exact} 篇文章含“${q}”${rest ? `，另有 ${rest} 篇只含其中的字词` : ""}`;
  }
  return `共 ${ranker.total} 篇相关文章，含“${q}”的排在前面`;
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
        const q = run.query.terms.join(" ");
        list.append(el("li", "result-divider", `以下文章不完整包含“${q}”，只含其中的字词`));
      }
    }
    list.append(resultItem(item, run.query));
  }
  run.shown += page.length;
  status.textContent = summary(run.query, run.ranker, run.shown);
  // A quoted query lists exact matches only; once all are known, count those rather than Pagefind's candidates.
  if (run.query.phrase && run.ranker.exactCount !== null) {
    for (const f of FILTERS) if (!run.state.filters[f]) fillSelect(f, run.ranker.tally(f));
  }
  // At the end of what the open shards hold, the same button goes on into older issues.
  const older = run.ranker.done && !index.coverage(run.state.filters).complete;
  moreButton.hidden = run.ranker.done && !older;
  moreButton.dataset.older = older ? "1" : "";
  moreButton.textContent = older ? "搜索更早的文章" : run.query.phrase && page.length === 0 ? "继续查找" : "显示更多结果";
  moreButton.disabled = false;
  finished("done");
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
  const query = parseQuery(state.q);
  const hasFilter = FILTERS.some((f) => state.filters[f]);
  if (query.empty && !hasFilter) {
    current = null;
    list.replaceChildren();
    moreButton.hidden = true;
    if (scopeNote) scopeNote.hidden = true;
    status.textContent = state.q.trim() ? "请输入要搜索的字词" : "";
    for (const f of FILTERS) fillSelect(f, allFilters[f] ?? {});
    finished("idle");
    return;
  }
  root.dataset.state = "searching";
  status.textContent = "正在搜索……";
  // With no words to rank by, a filtered list reads best newest first.
  const sort = state.sort === "date" || query.empty ? "date" : "relevance";
  await index.ensure(state.filters);
  let { search, ranker } = await runSearch(index.pagefind, query, { filters: state.filters, sort });
  // Too few results in the newest shards: open older ones (twice as many articles each time) until a page is full.
  while (token === runToken && ranker.total < PAGE_SIZE && (await index.widen(state.filters))) {
    ({ search, ranker } = await runSearch(index.pagefind, query, { filters: state.filters, sort }));
  }
  if (token !== runToken) return;
  current = { query, state, ranker, shown: 0, dividerShown: false };
  list.replaceChildren();
  showCoverage(state);
  await updateCounts(query, state, search, !index.coverage(state.filters).complete);
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
  for (const s of [...Object.values(selects), sortSelect]) s?.addEventListener("change", () => schedule(0));
  moreButton.addEventListener("click", () => (moreButton.dataset.older ? searchOlder(moreButton) : showMore()).catch(fail));
  widenButton?.addEventListener("click", () => searchOlder(widenButton).catch(fail));
  if (!state.q) input.focus();
  await run(state);
}

start().catch(fail);
