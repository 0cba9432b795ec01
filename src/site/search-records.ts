/**
 * What the search index holds for each article: the text a reader sees in the article body (the part of the
 * article page marked data-pagefind-body, minus what it marks data-pagefind-ignore), its result metadata, filters
 * and sort key. The index is built from these records (search-index.ts) rather than by re-reading every rendered
 * page: the build already holds the text, and indexing can then run while the pages are still being rendered.
 *
 * The text goes in as printed, and Pagefind's extended indexer cuts it into words (jieba) as it did when it read
 * the pages. Cutting it beforehand with Intl.Segmenter, the browser's query segmenter, was tried (2026-11, demo
 * archive): it keeps longer words whole (全体职工), so a two-character query inside one (职工) is no longer found,
 * and the share of exact matches in the top results fell from 100 % to 91 %.
 */
import { createHash } from "node:crypto";
import type { SiteArticle, SiteData } from "./site-types.ts";

/** One article as Pagefind's addCustomRecord takes it. */
export interface SearchRecord {
  url: string;
  content: string;
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
}

/** The records of one issue: the unit an index shard is made of, with a hash of everything in them. */
export interface IssueRecords {
  key: string;
  /**
   * Sort key: date, then paper, then the issue's URL (undated issues first). Shards are cut in this order, so each
   * holds a span of dates across papers and the search page can open the newest first (pagefind-shards.js).
   */
  order: string;
  hash: string;
  /** The issue's date (YYYY-MM-DD) or null, and its paper's name: what shards.json says each shard covers. */
  date: string | null;
  paper: string;
  records: SearchRecord[];
}

export const INDEX_LANGUAGE = "zh-cn";

/** The body text of an article page, block by block, as article.njk lays it out inside data-pagefind-body. */
export function articleText(a: SiteArticle): string[] {
  const parts: string[] = [];
  if (a.column) parts.push(a.column);
  if (a.kicker) parts.push(a.kicker);
  // An untitled piece's display title is its own first words, kept out of the index (article.njk says why).
  if (!a.untitled) parts.push(a.title);
  if (a.subheadline) parts.push(a.subheadline);
  const byline = a.bylineParts.map((p) => p.text).join("");
  if (byline) parts.push(byline);
  if (a.bylineExtra.length) parts.push(a.bylineExtra.map((c) => `${c.roleLabel} ${c.name}`).join("、"));
  for (const b of a.blocks) parts.push(b.text);
  parts.push(...a.captions);
  return parts;
}

export function articleRecord(a: SiteArticle): SearchRecord {
  return {
    url: a.url,
    content: articleText(a).join("\n"),
    language: INDEX_LANGUAGE,
    meta: { title: a.title, date: a.dateLabel, paper: a.paperName, ...(a.unit ? { unit: a.unit } : {}) },
    filters: {
      paper: [a.paperName], kind: [a.kindLabel], ...(a.unit ? { unit: [a.unit] } : {}), ...(a.year ? { year: [a.year] } : {}),
      // The search page's author menu, and its date range (from month – to month: Pagefind matches any of the months).
      ...(a.authors.length ? { author: a.authors } : {}), ...(a.date ? { month: [a.date.slice(0, 7)] } : {}),
    },
    // The date as it is known: 2024-01 (month only) sorts as its month, beside 2024-01-05, never as the 1st.
    sort: { date: a.date ?? "0000" },
  };
}

/** Every article's record, grouped by issue in date/paper order. */
export function searchRecords(data: SiteData): IssueRecords[] {
  const byIssue = new Map<string, IssueRecords>();
  for (const a of data.articles) {
    let group = byIssue.get(a.issueUrl);
    if (!group) {
      group = { key: a.issueUrl, order: `${a.date ?? ""}\u0000${a.paper}\u0000${a.issueUrl}`, hash: "", date: a.date, paper: a.paperName, records: [] };
      byIssue.set(a.issueUrl, group);
    }
    group.records.push(articleRecord(a));
  }
  const groups = [...byIssue.values()].sort((x, y) => (x.order < y.order ? -1 : x.order > y.order ? 1 : 0));
  for (const g of groups) g.hash = createHash("sha1").update(JSON.stringify(g.records)).digest("hex").slice(0, 16);
  return groups;
}
