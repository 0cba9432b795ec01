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

// Opening quote → closing quote. NFKC has already turned full-width ＂ into ". Single quotes ‘’ are left out: they
// are the inner quotes of Chinese text (‘美狮会’) and get pasted into queries as part of the words.
const QUOTES = { '"': '"', "“": "”", "「": "」", "『": "』" };
// Whitespace between two of these survives matching ("new york", "2023 12"); between Chinese characters it is
// dropped, so 卫玲 finds the byline printed "（卫 玲）" and 2023年 finds "2023 年".
const WORD_CHAR = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;
const SPACE = /\s/u;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/u;
const ONLY_PUNCT = /^[\p{P}\p{S}]+$/u;

/**
 * Text in the form used for matching: NFKC, lower case, invisible characters removed, whitespace dropped except
 * between two Latin letters or digits (kept as one space). `starts[i]`/`ends[i]` give the span in `text` of the
 * source characters behind norm[i], so matches can be mapped back for excerpts and highlighting.
 */
export function normalize(text) {
  const chars = [];
  let i = 0;
  for (const cp of text) {
    const start = i;
    i += cp.length;
    if (INVISIBLE.test(cp)) continue;
    if (SPACE.test(cp)) {
      chars.push({ ch: " ", start, end: i });
      continue;
    }
    const n = cp.normalize("NFKC").toLowerCase();
    for (const c of n) {
      if (SPACE.test(c)) chars.push({ ch: " ", start, end: i });
      else chars.push({ ch: c, start, end: i });
    }
  }
  let norm = "";
  const starts = [];
  const ends = [];
  for (let k = 0; k < chars.length; k++) {
    const c = chars[k];
    if (c.ch === " ") {
      const prev = norm.slice(-1);
      let j = k + 1;
      while (j < chars.length && chars[j].ch === " ") j++;
      const next = chars[j]?.ch ?? "";
      const keep = prev !== " " && prev && next && isWordChar(prev) && isWordChar(next) && !(HAN.test(prev) || HAN.test(next));
      if (!keep) continue;
    }
    norm += c.ch;
    starts.push(c.start);
    ends.push(c.end);
  }
  return { text: norm, starts, ends };
}

function isWordChar(c) {
  return WORD_CHAR.test(c);
}

/**
 * A query as typed → the terms every exact match must contain. Quoted parts are phrases; the rest splits on
 * whitespace. `phrase` is true when anything was quoted: then only exact matches are shown.
 *   parseQuery('电解厂')          → terms ["电解厂"], phrase false
 *   parseQuery('“电解厂” 安全')    → terms ["电解厂", "安全"], phrase true
 */
export function parseQuery(raw) {
  const input = String(raw ?? "").normalize("NFKC").trim();
  const parts = [];
  let phrase = false;
  let rest = "";
  for (let i = 0; i < input.length; i++) {
    const close = QUOTES[input[i]];
    if (close === undefined) {
      rest += input[i];
      continue;
    }
    let j = input.indexOf(close, i + 1);
    if (j < 0) j = input.length; // an unclosed quote runs to the end: 「电解厂 is still a phrase
    parts.push(input.slice(i + 1, j));
    phrase = true;
    rest += " ";
    i = j;
  }
  parts.push(...rest.split(/\s+/u));
  const terms = [];
  for (const p of parts) {
    const t = normalize(p).text.trim();
    if (t && !ONLY_PUNCT.test(t) && !terms.includes(t)) terms.push(t);
  }
  phrase = phrase && terms.length > 0;
  return {
    raw: String(raw ?? ""),
    terms,
    phrase,
    // What Pagefind is asked: the bare words, no quotes (its own exact mode misses Chinese phrases).
    pagefindTerm: terms.join(" "),
    empty: terms.length === 0,
  };
}

/** Pagefind's own split of a term into words (it runs Intl.Segmenter on the query for zh). */
export function segments(term) {
  const words = [];
  if (typeof Intl !== "undefined" && typeof Intl.Segmenter === "function") {
    for (const { segment } of new Intl.Segmenter("zh-CN", { granularity: "word" }).segment(term)) {
      if (!SPACE.test(segment) && !ONLY_PUNCT.test(segment)) words.push(segment);
    }
  } else {
    for (const c of term) if (!SPACE.test(c) && !ONLY_PUNCT.test(c)) words.push(c);
  }
  return words;
}

/** Every occurrence of any term in `text` (source offsets), longest term first, no overlaps, in text order. */
export function findMatches(text, terms) {
  if (!text || terms.length === 0) return [];
  const n = normalize(text);
  const taken = new Uint8Array(n.text.length);
  const found = [];
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    if (!term) continue;
    for (let at = n.text.indexOf(term); at >= 0; at = n.text.indexOf(term, at + term.length)) {
      const last = at + term.length - 1;
      let free = true;
      for (let k = at; k <= last && free; k++) free = !taken[k];
      if (!free) continue;
      taken.fill(1, at, last + 1);
      found.push({ start: n.starts[at], end: n.ends[last] });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** True when every term occurs in one of the texts (each text is matched on its own, never across two). */
export function containsAll(texts, terms) {
  const present = texts.filter(Boolean);
  let norms = null; // normalising a whole article is the slow path; most texts hold the term verbatim
  return terms.every((term) => present.some((t) => t.includes(term)) || (norms ??= present.map((t) => normalize(t).text)).some((n) => n.includes(term)));
}

/** The texts of a Pagefind fragment a match may come from: body text, headline and unit. */
export function fragmentTexts(data) {
  return [data.content, data.meta?.title, data.meta?.unit];
}

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/**
 * A text split into plain and marked parts: [{text, mark}]. The UI turns these into text nodes and <mark>
 * elements; nothing is ever parsed as HTML.
 */
export function markParts(text, terms) {
  const parts = [];
  let at = 0;
  for (const m of findMatches(text, terms)) {
    if (m.start > at) parts.push({ text: text.slice(at, m.start), mark: false });
    parts.push({ text: text.slice(m.start, m.end), mark: true });
    at = m.end;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), mark: false });
  return parts;
}

/**
 * An excerpt of `content`: about `length` characters around the first occurrence of a term (the start of the text
 * when none occurs), cut at code-point boundaries, with "…" where text was left out. Returns parts as markParts.
 */
export function excerptParts(content, terms, length = 90) {
  const text = String(content ?? "").replace(/\s+/gu, " ").trim();
  const first = findMatches(text, terms)[0];
  const lead = Math.floor(length / 4);
  let start = first ? Math.max(0, first.start - lead) : 0;
  let end = Math.min(text.length, start + length);
  if (end === text.length) start = Math.max(0, end - length);
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start])) start--;
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end++;
  const parts = markParts(text.slice(start, end), terms);
  if (start > 0) parts.unshift({ text: "…", mark: false });
  if (end < text.length) parts.push({ text: "…", mark: false });
  return parts;
}

/** Parts → HTML, every text escaped; for callers that want a string (the tests check the escaping). */
export function partsToHtml(parts) {
  return parts.map((p) => (p.mark ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join("");
}

/**
 * Terms to mark in a result: the query's terms in an exact match; otherwise the words Pagefind matched (电解, 厂),
 * the two-character ones when `text` holds any of them, else single characters.
 */
export function markTerms(query, exact, text = "") {
  if (exact) return query.terms;
  const words = query.terms.flatMap(segments);
  const long = words.filter((w) => [...w].length >= 2);
  if (long.length > 0 && (!text || findMatches(text, long).length > 0)) return long;
  return [...new Set(words.flatMap((w) => [...w]))];
}

/** The longest run of consecutive word positions: 电解 at 26 and 厂 at 27 make a run of 2. */
export function longestRun(positions) {
  const sorted = [...new Set(positions ?? [])].sort((a, b) => a - b);
  let best = sorted.length ? 1 : 0;
  let run = 1;
  for (let i = 1; i < sorted.length; i++) {
    run = sorted[i] === sorted[i - 1] + 1 ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Exact-first paging over one Pagefind search. `results` is Pagefind's result list in its own order (relevance or
 * date); each has `id`, `words`, `matchedMetaFields` and `data()`. more() resolves to the next page of items
 * `{ result, data, exact }`; `done` says nothing is left. `extra`, if given, is called once, when the likely
 * candidates run short, and resolves to `{ results, order }`: candidates the query's own search missed (see
 * splitQueries) and, for a date sort, every page's position in date order (Map id → index) to place them by.
 * Of those extra candidates only exact matches are kept: the result list is Pagefind's plus what it missed, so
 * its length and Pagefind's filter counts agree.
 */
export class ExactFirst {
  constructor(query, results, { pageSize = PAGE_SIZE, scanBudget = SCAN_BUDGET, extra = null } = {}) {
    this.query = query;
    this.pageSize = pageSize;
    this.scanBudget = Math.max(scanBudget, pageSize);
    this.extra = extra;
    this.total = results.length;
    this.rank = new Map(results.map((r, i) => [r, i]));
    this.exact = [];
    this.other = [];
    /** Every exact match checked so far, shown or not (for counts by filter). */
    this.verified = [];
    this.shown = 0;
    this.shownExact = 0;
    this.checked = 0;
    const need = Math.max(1, ...query.terms.map((t) => segments(t).length));
    const cands = results.map((result, rank) => {
      const meta = result.matchedMetaFields ?? [];
      const run = longestRun(result.words);
      return { result, rank, run, likely: run >= need || meta.includes("unit") || meta.includes("title") };
    });
    // Likely-exact candidates first in Pagefind's order; then (when loaded) those only the extra searches found;
    // then the rest, nearest misses (longest runs) first.
    this.likely = cands.filter((c) => c.likely);
    this.extras = [];
    this.rest = cands.filter((c) => !c.likely).sort((a, b) => b.run - a.run || a.rank - b.rank);
  }

  get pending() {
    return this.likely.length + this.extras.length + this.rest.length + (this.extra ? 1 : 0);
  }

  get done() {
    return this.pending === 0 && this.exact.length === 0 && (this.query.phrase || this.other.length === 0);
  }

  /** How many exact matches exist, when every candidate has been checked; null while some are unchecked. */
  get exactCount() {
    return this.pending === 0 ? this.shownExact + this.exact.length : null;
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
    for (const q of [this.likely, this.extras, this.rest]) while (batch.length < n && q.length) batch.push(q.shift());
    const datas = await Promise.all(batch.map((c) => c.result.data()));
    batch.forEach((c, i) => {
      const data = datas[i];
      const exact = this.query.empty || containsAll(fragmentTexts(data), this.query.terms);
      if (c.extra && !exact) return;
      if (c.extra) this.total++;
      const item = { result: c.result, data, exact };
      (exact ? this.exact : this.other).push(item);
      if (exact) this.verified.push(item);
    });
    this.checked += batch.length;
    return batch.length;
  }

  async more() {
    let spent = 0;
    while (this.exact.length < this.pageSize && this.pending > 0 && spent < this.scanBudget) {
      spent += await this.check(Math.min(BATCH, this.scanBudget - spent));
    }
    const byRank = (a, b) => this.rank.get(a.result) - this.rank.get(b.result);
    this.exact.sort(byRank);
    const page = this.exact.splice(0, this.pageSize);
    this.shownExact += page.length;
    if (page.length < this.pageSize && !this.query.phrase) {
      // Exact matches are used up (or the budget is): fill with checked non-exact results, checking more if needed.
      while (this.other.length < this.pageSize - page.length && this.pending > 0) {
        await this.check(Math.min(BATCH, this.pageSize - page.length - this.other.length));
        this.exact.sort(byRank);
        while (this.exact.length && page.length < this.pageSize) {
          page.push(this.exact.shift());
          this.shownExact++;
        }
      }
      this.other.sort(byRank);
      page.push(...this.other.splice(0, this.pageSize - page.length));
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

/**
 * Runs one query through Pagefind (`pagefind` is the module pagefind.js exports) and returns the exact-first pager
 * over its candidates, with Pagefind's own response for the query (filter counts). sort: "relevance" | "date".
 * The split searches run only when the pager needs them, so a common word with a page of likely exact matches
 * loads no index chunks beyond its own.
 */
export async function runSearch(pagefind, query, { filters = {}, sort = "relevance", pageSize, scanBudget } = {}) {
  const options = { filters, sort: sort === "date" ? { date: "desc" } : {} };
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
    const order = sort === "date" && results.length > 0 ? new Map((await pagefind.search(null, options)).results.map((r, i) => [r.id, i])) : null;
    return { results, order };
  };
  return { search: primary, ranker: new ExactFirst(query, primary.results, { pageSize, scanBudget, extra }) };
}
