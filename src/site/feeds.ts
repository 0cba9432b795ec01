/**
 * The files crawlers and feed readers fetch: an Atom feed for the archive (/feed.xml) and one per paper
 * (/<paper>/feed.xml), the sitemap, robots.txt. Pure string builders; data-out.ts decides where they go.
 *
 * Every URL in them is absolute (Atom and sitemaps require it) and made from the site root resolved in
 * site-config.ts, which already carries the pathPrefix.
 */
import { absoluteUrl } from "./site-config.ts";
import type { SiteArticle } from "./site-types.ts";

/** Newest articles per feed; feed readers only look at the head, and 50 keeps a 30,000-article feed small. */
export const FEED_CAP = 50;
const SUMMARY_CHARS = 160;
/** The sitemap protocol's limit per file; beyond it sitemap.xml becomes an index of sitemap-N.xml files. */
export const SITEMAP_LIMIT = 50_000;

/**
 * Escapes text for XML content and attribute values, and drops what XML 1.0 forbids outright: C0 controls other
 * than tab/LF/CR (OCR output carries stray \x0c form feeds and \x00s), lone surrogates, U+FFFE/U+FFFF.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
    .replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/**
 * A record date (YYYY-MM-DD or month-precision YYYY-MM) as an RFC 3339 timestamp. Midnight China Standard Time:
 * the papers print Beijing dates, and +08:00 keeps 2024-04-25 on the 25th for readers in China.
 */
export function atomDate(date: string): string {
  const day = /^\d{4}-\d{2}$/.test(date) ? `${date}-01` : date;
  return `${day}T00:00:00+08:00`;
}

/** The first SUMMARY_CHARS characters of the body (by code point), paragraphs joined by a space. */
export function summaryOf(article: Pick<SiteArticle, "blocks" | "captions">): string {
  const text = [...article.blocks.map((b) => b.text), ...article.captions].join(" ").replace(/\s+/g, " ").trim();
  const chars = Array.from(text);
  return chars.length > SUMMARY_CHARS ? `${chars.slice(0, SUMMARY_CHARS).join("").trimEnd()}…` : text;
}

/**
 * Newest first by the article's date, then page order within an issue. Undated articles are left out: a feed
 * says what is new, and an article without a date has no place in that order (it is still in the sitemap and
 * the open data).
 */
export function feedArticles(articles: readonly SiteArticle[], cap = FEED_CAP): SiteArticle[] {
  // Plain code-unit comparison: URLs are ASCII, and localeCompare costs ~10× more on 30,000 articles.
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const order = (a: SiteArticle, b: SiteArticle) => cmp(b.sortDate, a.sortDate) || cmp(a.issueUrl, b.issueUrl) || a.index - b.index;
  if (!(Number.isInteger(cap) && cap > 0 && cap <= 1000)) return articles.filter((a) => a.date).sort(order).slice(0, cap);
  // The first `cap` of that stable sort, kept in a small sorted array instead of sorting every article (the
  // sort was most of the feeds' time at 37,645 articles). Walked from the end: the site lists articles oldest
  // first, so most are rejected by one comparison with the last kept; an article goes before every kept one
  // that compares equal to it, since it comes earlier in the input.
  const top: SiteArticle[] = [];
  for (let i = articles.length - 1; i >= 0; i--) {
    const a = articles[i]!;
    if (!a.date || (top.length === cap && order(a, top[cap - 1]!) > 0)) continue;
    let k = top.length;
    while (k > 0 && order(a, top[k - 1]!) <= 0) k--;
    top.splice(k, 0, a);
    if (top.length > cap) top.pop();
  }
  return top;
}

export interface FeedSpec {
  /** Site path of the feed file itself, e.g. "/jinlv/feed.xml". */
  path: string;
  /** Site path of the HTML page the feed mirrors, e.g. "/jinlv/". */
  pageUrl: string;
  title: string;
  subtitle: string | null;
  /** Atom needs an author on the feed or on every entry; entries without credited names inherit this. */
  author: string;
  articles: readonly SiteArticle[];
  /**
   * `updated` of a feed with no dated entries. Atom requires one; a fixed value (the newest date in the whole
   * archive) keeps the build reproducible, where "now" would change the file on every build.
   */
  fallbackUpdated: string;
}

function entry(a: SiteArticle, root: string): string {
  const href = xmlEscape(absoluteUrl(root, a.url));
  const when = atomDate(a.date!);
  const title = a.untitled ? `［无标题］${a.title}` : a.title;
  const lines = [
    "  <entry>",
    `    <title>${xmlEscape(title)}</title>`,
    `    <id>${href}</id>`,
    `    <link rel="alternate" type="text/html" href="${href}"/>`,
    `    <published>${when}</published>`,
    `    <updated>${when}</updated>`,
    ...a.authors.map((name) => `    <author><name>${xmlEscape(name)}</name></author>`),
    `    <category term="${xmlEscape(a.paper)}" label="${xmlEscape(a.paperName)}"/>`,
    `    <category term="${xmlEscape(a.kind)}" label="${xmlEscape(a.kindLabel)}"/>`,
    ...(a.unit ? [`    <category term="${xmlEscape(a.unit)}" label="单位：${xmlEscape(a.unit)}"/>`] : []),
    `    <summary type="text">${xmlEscape(summaryOf(a))}</summary>`,
    "  </entry>",
  ];
  return lines.join("\n");
}

export function atomFeed(spec: FeedSpec, root: string): string {
  const entries = feedArticles(spec.articles);
  const updated = entries[0] ? atomDate(entries[0].date!) : spec.fallbackUpdated;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <title>${xmlEscape(spec.title)}</title>`,
    ...(spec.subtitle ? [`  <subtitle>${xmlEscape(spec.subtitle)}</subtitle>`] : []),
    `  <id>${xmlEscape(absoluteUrl(root, spec.pageUrl))}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(absoluteUrl(root, spec.path))}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(absoluteUrl(root, spec.pageUrl))}"/>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xmlEscape(spec.author)}</name></author>`,
    '  <generator>baokan</generator>',
    ...entries.map((a) => entry(a, root)),
    "</feed>",
    "",
  ].join("\n");
}

function urlset(locs: readonly string[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...locs.map((loc) => `  <url><loc>${xmlEscape(loc)}</loc></url>`),
    "</urlset>",
    "",
  ].join("\n");
}

/**
 * sitemap.xml listing every page (site paths, e.g. "/jinlv/"), or — past `limit` URLs — sitemap.xml as an index
 * of sitemap-1.xml, sitemap-2.xml, … Returns [site path, body] pairs.
 */
export function sitemapFiles(root: string, pagePaths: readonly string[], limit = SITEMAP_LIMIT): [string, string][] {
  const locs = [...pagePaths].sort().map((p) => absoluteUrl(root, p));
  if (locs.length <= limit) return [["/sitemap.xml", urlset(locs)]];
  const parts: [string, string][] = [];
  for (let i = 0; i < locs.length; i += limit) parts.push([`/sitemap-${parts.length + 1}.xml`, urlset(locs.slice(i, i + limit))]);
  const index = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...parts.map(([p]) => `  <sitemap><loc>${xmlEscape(absoluteUrl(root, p))}</loc></sitemap>`),
    "</sitemapindex>",
    "",
  ].join("\n");
  return [["/sitemap.xml", index], ...parts];
}

/**
 * robots.txt: everything may be crawled; the Sitemap line is absolute. Crawlers only read /robots.txt at the
 * host's root, so under a pathPrefix this copy is informative until the host's own robots.txt points here.
 */
export function robotsTxt(root: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(root, "/sitemap.xml")}\n`;
}
