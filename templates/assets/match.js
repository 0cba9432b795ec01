// How a query and an article's text are matched, marked and excerpted: NFKC, lower case, whitespace between
// Chinese characters dropped. A pure ES module (no DOM), split from rank.js (which re-exports all of it) so the
// routing index's key cutting (route.js) and the ranker share one normalisation.

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
 * normalize(text).text without the offsets, and fast on Chinese text (CJK ideographs and ASCII skip NFKC): what
 * containsAll and the routing index's keys (route.js) match on. tests/site/search-route.test.ts keeps the two equal.
 */
export function normalizedText(text) {
  let out = "";
  let last = "";
  let space = false;
  for (const cp of text) {
    const code = cp.codePointAt(0);
    let n;
    if (code >= 0x4e00 && code <= 0x9fff) n = cp;
    else if (code < 0x80) n = code === 32 || (code >= 9 && code <= 13) ? " " : code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : cp;
    else if (INVISIBLE.test(cp)) continue;
    else if (SPACE.test(cp)) n = " ";
    else n = cp.normalize("NFKC").toLowerCase();
    for (const c of n) {
      if (c === " " || SPACE.test(c)) {
        space = true;
        continue;
      }
      if (space) {
        space = false;
        if (last && isWordChar(last) && isWordChar(c) && !HAN.test(last) && !HAN.test(c)) out += " ";
      }
      out += c;
      last = c;
    }
  }
  return out;
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
  return terms.every((term) => present.some((t) => t.includes(term)) || (norms ??= present.map(normalizedText)).some((n) => n.includes(term)));
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
