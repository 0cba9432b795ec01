// One search result as the page lists it: headline (linked, with the query to mark on the article page), paper,
// date, unit, kind and an excerpt, the query marked. Article text reaches the page only as text nodes
// (textContent / createTextNode), never as HTML.
import { excerptParts, markParts, markTerms } from "./rank.js";

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Parts from rank.js → text nodes and <mark> elements. */
export function appendParts(parent, parts) {
  for (const part of parts) {
    if (part.mark) parent.append(el("mark", "", part.text));
    else parent.append(document.createTextNode(part.text));
  }
  return parent;
}

/** The list item of one result (`item` from rank.js's pager: { data, exact }). */
export function resultItem(item, query) {
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
