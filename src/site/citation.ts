/**
 * How to cite an article, in the form Chinese readers use (GB/T 7714-2015, newspaper article read online):
 *   刘旭, 宋昕泽. 防范安全隐患的“火眼金睛”多起来[N/OL]. 工会报（报名未详）, 2026-01.
 * The article page appends the article's absolute URL under the site's public root (site.yaml `url` + path
 * prefix, rendered into the page — never the reader's location), so the reference is whole without JavaScript;
 * cite.js only adds a copy button. Up to three authors, then 等, as the standard asks; a piece without a headline
 * is cited by the start of its text, marked [无标题]. The same people, each once, go into the page's
 * citation_author tags and its JSON-LD (SiteArticle.citationAuthors).
 */
export interface CitationInput {
  names: string[];
  title: string;
  untitled: boolean;
  paperName: string;
  date: string | null;
  page: string | null;
}

export function citation(c: CitationInput): string {
  const names = [...new Set(c.names)];
  const who = names.length === 0 ? "" : `${names.slice(0, 3).join(", ")}${names.length > 3 ? ", 等" : ""}. `;
  const title = c.untitled ? `[无标题] ${c.title}` : c.title;
  const when = c.date ?? "日期不详";
  return `${who}${title}[N/OL]. ${c.paperName}, ${when}${c.page ? `(${c.page})` : ""}.`;
}
