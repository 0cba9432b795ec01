/**
 * The URL-facing names of things: issue keys, unit slugs, sort dates and display dates. They are kept apart
 * from site-data.ts because they are the part of the site that must never change between builds — links
 * people bookmark or cite are made from them.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import type { IssueRecord } from "../types.ts";

/** Anything outside [a-z0-9._-] would be percent-encoded in links and break copy-pasted URLs. */
export function asciiSlug(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
}

export function shortHash(text: string, length = 8): string {
  return createHash("sha1").update(text.normalize("NFC"), "utf8").digest("hex").slice(0, length);
}

/**
 * Issue key: `<issueDate>` plus `-<page>` when the issue has a page label (`2024-04-25`, `2024-04-25-p3`),
 * or the file stem when the issue has no date (`003_513011a9bdc8cecf`). A page label that has no ASCII in it
 * (第三版) becomes `p<hash>` so the key stays ASCII and the same label always gives the same key.
 */
export function issueKey(issue: Pick<IssueRecord, "issueDate" | "page" | "file">): string {
  if (!issue.issueDate) return fileStemKey(issue.file);
  if (!issue.page) return issue.issueDate;
  const page = asciiSlug(issue.page) || `p${shortHash(issue.page, 6)}`;
  return `${issue.issueDate}-${page}`;
}

export function fileStemKey(file: string): string {
  const stem = path.basename(file).replace(/\.[^.]+$/, "");
  return asciiSlug(stem) || `f${shortHash(stem, 8)}`;
}

/** Unit pages live at /units/u-<8 hex of sha1(name)>/: stable for a name, ASCII, no pinyin table needed. */
export function unitSlug(unit: string, length = 8): string {
  return `u-${shortHash(unit.trim(), length)}`;
}

/** Author pages: /authors/a-<8 hex of sha1(name)>/, the same scheme as units (刘旭 → a-<hex>). */
export function authorSlug(name: string, length = 8): string {
  return `a-${shortHash(name.trim(), length)}`;
}

/** Column (栏目) pages: /columns/c-<8 hex of sha1(label)>/. */
export function columnSlug(label: string, length = 8): string {
  return `c-${shortHash(label.trim(), length)}`;
}

/**
 * Names → slugs with `make(name, length)`. Two names whose 8-hex hashes collide (never seen, 1 in 4 billion per
 * pair) would share a page, so the whole set moves to longer hashes; with no collision the slugs never change.
 */
export function assignSlugs(names: Iterable<string>, make: (name: string, length: number) => string): Map<string, string> {
  const list = [...new Set(names)];
  for (let length = 8; ; length += 4) {
    const slugs = new Map(list.map((n) => [n, make(n, length)]));
    if (new Set(slugs.values()).size === slugs.size || length >= 40) return slugs;
  }
}

/**
 * First path segments the site itself uses. A paper folder with one of these names (or an all-digit name, which
 * would read as a list page number under /kinds/<kind>/) gets `paper-` in front of its URL slug instead of
 * silently overwriting a site page.
 */
export const RESERVED_SEGMENTS = new Set([
  "assets", "authors", "columns", "data", "dates", "kinds", "pagefind", "search", "units", "feed.xml", "sitemap.xml", "robots.txt",
]);

export function paperUrlSlug(slug: string): string {
  return RESERVED_SEGMENTS.has(slug) || /^\d+$/.test(slug) ? `paper-${slug}` : slug;
}

/**
 * A page of a long list (site-lists.ts): block 0, the newest articles, is the list's own URL; block k ≥ 1 holds the
 * k-th hundred counted from the oldest and adds `<k>/` (/units/u-1a2b3c4d/1/ is that unit's oldest hundred), so
 * the URL of a block, like its contents, never changes when newer articles arrive.
 */
export function listPageUrl(base: string, block: number): string {
  return block <= 0 ? base : `${base}${block}/`;
}

/** Article number in its issue URL: at least two digits so URLs sort in reading order. */
export function articleNumber(index: number): string {
  return String(index).padStart(2, "0");
}

/** Pagefind sorts strings, so month-precision dates are padded to the first of the month. */
export function sortDate(date: string | null): string {
  if (!date) return "0000-01-01";
  return /^\d{4}-\d{2}$/.test(date) ? `${date}-01` : date;
}

export function yearOf(date: string | null): string | null {
  const m = date ? /^(\d{4})/.exec(date) : null;
  return m ? m[1]! : null;
}

/** 2024-04-25 → 2024年4月25日; 2024-01 → 2024年1月 (month precision is shown as such, not as the 1st). */
export function formatDate(date: string | null): string {
  if (!date) return "日期不详";
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(date);
  if (!m) return date;
  const month = `${m[1]}年${Number(m[2])}月`;
  return m[3] ? `${month}${Number(m[3])}日` : month;
}

/** [[43, 99], [120, 120]] → "第 43–99、120 行" */
export function formatLines(lines: ReadonlyArray<readonly [number, number]>): string {
  if (lines.length === 0) return "";
  const parts = lines.map(([from, to]) => (from === to ? `${from}` : `${from}–${to}`));
  return `第 ${parts.join("、")} 行`;
}

/**
 * The templates' `url` filter: a site path under the path prefix ("/units/" → "/archive/units/"); absolute URLs and
 * anything not starting with "/" pass through. Same results as Eleventy's own filter for the links this site makes,
 * without its `new URL()` try/catch on every call — 5 % of render time at 1,000 articles (bench, cpu profile).
 */
export function prefixedUrl(prefix: string): (url: string | null | undefined) => string {
  const root = prefix.endsWith("/") ? prefix : `${prefix}/`;
  return (url) => {
    const u = url ?? "";
    if (u === "") return "."; // as Eleventy's filter answers an empty or missing link
    if (u === "/") return root;
    if (!u.startsWith("/") || u.startsWith("//")) return u;
    return root + u.slice(1);
  };
}
