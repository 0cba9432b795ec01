// What the search page says and keeps in its URL: the status line, the hints when nothing is found, month and date
// labels, the search state read from and written to the URL. Pure functions (no DOM), so the wording can be read in
// one place and tested without a browser.

/** “安全生产”, or “安全”和“生产” for two terms. */
export function quoted(terms) {
  return terms.map((t) => `“${t}”`).join("和");
}

/**
 * The status line over the results. `ranker` is rank.js's ExactFirst (exactCount is null while not every candidate
 * is checked); `typed` is the query as the reader typed it, before fold.js made it simplified.
 *   共 11 篇含“安全生产”，另有 23 篇含其中的字词
 */
export function summary(query, ranker, shown, typed = query.raw) {
  const q = quoted(query.terms);
  const exact = ranker.exactCount;
  if (query.empty) return ranker.total ? `共 ${ranker.total} 篇文章` : "没有符合条件的文章";
  const folded = typed.trim() !== query.raw.trim() ? `（“${typed.trim()}”按简体字查找）` : "";
  let line;
  if (query.phrase) {
    if (exact !== null) line = exact ? `共 ${exact} 篇含${q}` : `没有找到含${q}的文章`;
    else line = `已找到 ${shown} 篇含${q}的文章，其余的还在查找`;
  } else if (ranker.total === 0) {
    line = `没有找到含${q}的文章`;
  } else if (exact !== null) {
    const rest = ranker.total - exact;
    line = exact === 0 ? `没有文章含${q}，以下 ${rest} 篇含其中的字词` : `共 ${exact} 篇含${q}${rest ? `，另有 ${rest} 篇含其中的字词` : ""}`;
  } else {
    line = `共 ${ranker.total} 篇含${q}或其中的字词，完整含${q}的排在前面`;
  }
  return line + folded;
}

const HAN = /\p{Script=Han}/u;
const MAX_NAMES = 6;

/**
 * Names from the archive's lists that share characters with the query, nearest first: those holding most of its
 * characters, then the closest in length, then the most written about. `names` is { unit: {name: count}, author:
 * {…} } (shards.json's filter values).
 */
export function nearestNames(query, names) {
  const chars = new Set(query.terms.flatMap((t) => [...t].filter((c) => HAN.test(c))));
  if (chars.size === 0) return [];
  const length = query.terms.join("").length;
  const need = Math.min(2, chars.size);
  const found = [];
  for (const [kind, counts] of Object.entries(names)) {
    for (const [name, count] of Object.entries(counts ?? {})) {
      if (query.terms.includes(name)) continue;
      const shared = new Set([...name].filter((c) => chars.has(c))).size;
      if (shared >= need) found.push({ kind, name, shared, gap: Math.abs([...name].length - length), count });
    }
  }
  found.sort((a, b) => b.shared - a.shared || a.gap - b.gap || b.count - a.count || a.name.localeCompare(b.name, "zh-CN"));
  return found.slice(0, MAX_NAMES);
}

/**
 * What to try when a query finds nothing: [{ label, params }] where params is the new search's URL parameters.
 * Without the quotes; with one character fewer (each end of the longest term) or one term fewer; the nearest unit
 * and person names, each as its own filter (every article filed under it).
 */
export function noResultHints(query, names) {
  const hints = [];
  const seen = new Set();
  const add = (label, params) => {
    const key = JSON.stringify(params);
    if (!seen.has(key)) hints.push({ label, params }) && seen.add(key);
  };
  if (query.phrase) add(`去掉引号：${query.terms.join(" ")}`, { q: query.terms.join(" ") });
  if (query.terms.length > 1) {
    for (const t of query.terms) add(`只搜“${t}”`, { q: t });
  } else {
    const chars = [...(query.terms[0] ?? "")];
    if (chars.length >= 3) {
      for (const shorter of [chars.slice(0, -1).join(""), chars.slice(1).join("")]) add(`少一个字：${shorter}`, { q: shorter });
    }
  }
  for (const n of nearestNames(query, names)) {
    add(n.kind === "unit" ? `单位：${n.name}` : `作者：${n.name}`, n.kind === "unit" ? { unit: n.name } : { author: n.name });
  }
  return hints;
}

/** 2024-01 → 2024年1月 */
export function monthLabel(month) {
  const [y, m] = month.split("-");
  return `${y}年${Number(m)}月`;
}

/** Every month from `from` to `to` (YYYY-MM), both included; [] when either is missing. */
export function monthsBetween(from, to) {
  if (!from || !to) return [];
  const out = [];
  let [y, m] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/**
 * The months the range menus offer: the archive's months with articles (shards.json's month values), or, when
 * that list was cut to the most frequent, every month of the archive's years.
 */
export function archiveMonthList(filters, listedMax = 100) {
  const months = Object.keys(filters.month ?? {}).sort();
  if (months.length > 0 && months.length < listedMax) return months;
  const years = Object.keys(filters.year ?? {}).sort();
  return years.length ? monthsBetween(`${years[0]}-01`, `${years.at(-1)}-12`) : months;
}

/** 2024-04-25 → 2024年4月25日; an issue dated to the month (2024-12) or year only keeps what it has. */
export function dateLabel(iso) {
  const [y, m, d] = iso.split("-");
  return `${y}年${m ? `${Number(m)}月` : ""}${d ? `${Number(d)}日` : ""}`;
}

const MONTH = /^\d{4}-\d{2}$/;

/**
 * The search page's state: query, filters (the range as Pagefind's `month` filter, any of its months, `months`
 * the archive's for an open end), the range as chosen, sort. sort=date (older links) means newest first, as
 * sort=new does.
 */
export function makeState(q, filters, range, sort, months = []) {
  if (range.from && range.to && range.from > range.to) [range.from, range.to] = [range.to, range.from];
  if (range.from || range.to) {
    const between = monthsBetween(range.from || months[0], range.to || months.at(-1));
    if (between.length > 0) filters.month = { any: between };
  }
  return { q, filters, range, sort: sort === "date" ? "new" : sort === "new" || sort === "old" ? sort : "" };
}

/** The state a search URL's parameters hold (`names`: the filters). */
export function urlState(params, names, months = []) {
  const filters = {};
  for (const f of names) if (params.get(f)) filters[f] = params.get(f);
  const range = {};
  for (const end of ["from", "to"]) if (MONTH.test(params.get(end) ?? "")) range[end] = params.get(end);
  return makeState(params.get("q") ?? "", filters, range, params.get("sort"), months);
}

/** The URL of `href` holding this state (and nothing else in its query). */
export function stateUrl(state, names, href) {
  const url = new URL(href);
  url.search = "";
  if (state.q.trim()) url.searchParams.set("q", state.q.trim());
  for (const f of names) if (state.filters[f]) url.searchParams.set(f, state.filters[f]);
  for (const end of ["from", "to"]) if (state.range[end]) url.searchParams.set(end, state.range[end]);
  if (state.sort) url.searchParams.set("sort", state.sort);
  return url;
}
