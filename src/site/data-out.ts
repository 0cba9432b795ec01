/**
 * The archive as data for reuse, written beside the pages (all paths relative to the site root):
 *
 *   data/articles.json                 every ArticleRecord as `baokan parse --json` prints it in `articles`, plus
 *                                      `id`, `paper`, `paperName`, `issueDate` and the page `url` in front, one
 *                                      record a line
 *   data/articles.csv                  id, paper, paperName, date, unit, headline, authors, url — RFC 4180 (CRLF, quotes
 *                                      doubled), UTF-8 with a BOM so Excel opens it as Chinese, not mojibake
 *   data/issues.json                   one line per issue: where its page and its JSON are
 *   data/issues/<paper>/<key>.json     the IssueRecord exactly as `baokan parse --json` prints it
 *   feed.xml, <paper>/feed.xml         Atom feeds (feeds.ts)
 *   sitemap.xml, robots.txt            from the rendered HTML pages, after Eleventy has run
 *
 * An article's `id` is its page path without slashes at the ends — `jinlv/2024-01/01` — so it is as stable as
 * the URL rule in site-data.ts. `url` is absolute (site-config.ts says where the address comes from).
 * None of these are HTML, so Pagefind never indexes them.
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { IssueRecord } from "../types.ts";
import { articleTables, type JoinedIssue, type LastTable, type TablePart } from "./article-tables.ts";
import { atomDate, atomFeed, feedArticles, robotsTxt, sitemapFiles } from "./feeds.ts";
import { absoluteUrl, type SiteConfig } from "./site-config.ts";
import type { SiteArticle, SiteData, SiteIssue } from "./site-types.ts";

/** A file to write, by its site path ("/data/articles.json"); the body as text or as its UTF-8 bytes. */
export interface OutFile {
  path: string;
  body: string | Buffer;
  /** An issue's JSON: the input digest of its record (LoadResult.inputs), which decides the body. */
  input?: string;
  /** articles.json and articles.csv: each issue's part (article-tables.ts). */
  parts?: TablePart[];
}

export interface DataFilesOptions {
  /** Each record's input digest (LoadResult.inputs). */
  inputs?: ReadonlyMap<IssueRecord, string>;
  /**
   * True when the site already holds the issue JSON at `path` as made from a record with this input digest; that
   * file is then left out (an incremental build keeps it). At 37,682 articles the 3,131 issue files are 86 MB
   * of JSON, 0.75 s to make and encode.
   */
  unchanged?: (path: string, input: string) => boolean;
  /** articles.json and articles.csv as the last build left them in the site, to reuse unchanged issues' bytes. */
  last?: ReadonlyMap<string, LastTable>;
}

export interface EncodedFile extends OutFile {
  body: Buffer;
}

/**
 * The files with their bodies as UTF-8 bytes, encoded once: the /data/ page's sizes, the hashes an incremental
 * build compares and the writes all read the bytes (at 37,682 articles, measuring the 152 MB of text for the
 * sizes alone took 0.37 s). Each text is let go as it is encoded.
 */
export function encodeOutFiles(files: OutFile[]): EncodedFile[] {
  for (let k = 0; k < files.length; k++) {
    const f = files[k]!;
    if (typeof f.body === "string") files[k] = { ...f, body: Buffer.from(f.body, "utf8") };
  }
  return files as EncodedFile[];
}

/** What an incremental build compares to tell whether a data file needs writing again (incremental.ts). */
export function contentHash(body: string | Buffer): string {
  return createHash("sha1").update(body).digest("base64url");
}

export function issueJsonPath(issue: Pick<SiteIssue, "paper" | "key">): string {
  return `/data/issues/${issue.paper}/${issue.key}.json`;
}

/** Pairs every raw issue with its page data, in site order; the issue file is the join key (one file, one issue). */
function joinIssues(issues: readonly IssueRecord[], data: SiteData): JoinedIssue[] {
  const byFile = new Map(data.issues.map((i) => [i.file, i]));
  const byIssueUrl = new Map<string, Map<number, SiteArticle>>();
  for (const a of data.articles) {
    let m = byIssueUrl.get(a.issueUrl);
    if (!m) byIssueUrl.set(a.issueUrl, (m = new Map()));
    m.set(a.index, a);
  }
  const order = new Map(data.issues.map((i, n) => [i.url, n]));
  return issues
    .map((rec) => {
      const site = byFile.get(rec.file);
      if (!site) throw new Error(`data-out: no page data for ${rec.file}`);
      return { rec, site, articles: byIssueUrl.get(site.url) ?? new Map<number, SiteArticle>() };
    })
    .sort((a, b) => order.get(a.site.url)! - order.get(b.site.url)!);
}

/** A JSON array with one record per line: greppable and diffable, without the bulk of full indentation. */
function jsonLines(values: readonly unknown[]): string {
  return values.length ? `[\n${values.map((v) => JSON.stringify(v)).join(",\n")}\n]\n` : "[]\n";
}

/** data/articles.json, data/articles.csv, data/issues.json and one JSON per issue (less those `unchanged` keeps). */
export function dataFiles(issues: readonly IssueRecord[], data: SiteData, root: string, options: DataFilesOptions = {}): OutFile[] {
  const joined = joinIssues(issues, data);
  const index = data.issues.map((i) => ({
    id: `${i.paper}/${i.key}`, paper: i.paper, paperName: i.paperName, issueDate: i.date, page: i.page, file: i.file,
    articleCount: i.articleCount, url: absoluteUrl(root, i.url), json: absoluteUrl(root, issueJsonPath(i)),
  }));
  return [
    ...articleTables(joined, root, options.inputs, options.last),
    { path: "/data/issues.json", body: jsonLines(index) },
    ...joined.flatMap(({ rec, site }) => {
      const input = options.inputs?.get(rec);
      const at = issueJsonPath(site);
      if (input && options.unchanged?.(at, input)) return [];
      // Byte for byte what `baokan parse --json <file>` prints.
      return [{ path: at, body: `${JSON.stringify(rec, null, 2)}\n`, ...(input ? { input } : {}) }];
    }),
  ];
}

/** /feed.xml for the archive and /<paper>/feed.xml for each paper. */
export function feedFiles(data: SiteData, config: SiteConfig, root: string): OutFile[] {
  const newest = feedArticles(data.articles, 1)[0];
  const fallbackUpdated = newest ? atomDate(newest.date!) : "1970-01-01T00:00:00Z";
  const files: OutFile[] = [{
    path: "/feed.xml",
    body: atomFeed({ path: "/feed.xml", pageUrl: "/", title: config.title, subtitle: config.description, author: config.title, articles: data.articles, fallbackUpdated }, root),
  }];
  for (const p of data.papers) {
    const feedPath = `${p.url}feed.xml`;
    files.push({
      path: feedPath,
      body: atomFeed({
        path: feedPath, pageUrl: p.url, title: `${p.name} · ${config.title}`, subtitle: p.description, author: p.publisher ?? p.name,
        articles: data.articles.filter((a) => a.paper === p.slug), fallbackUpdated,
      }, root),
    });
  }
  return files;
}

/**
 * Every entry under `dir` (files and folders) as "/"-separated paths relative to it — what
 * `readdir(dir, { recursive: true })` lists — leaving out the top-level folders in `skip`. Synchronous on
 * purpose: for the 48,000 page folders of a 37,645-article site Node 20's recursive readdir took 4.5–6.7 s
 * (a promise and a thread-pool round trip per folder), readdirSync 0.9–1.3 s.
 */
function listTree(dir: string, skip: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(rel ? path.join(dir, rel) : dir, { withFileTypes: true, encoding: "utf8" })) {
      if (!rel && skip.has(e.name)) continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      out.push(p);
      if (e.isDirectory()) walk(p);
    }
  };
  walk("");
  return out;
}

/** Site paths of every HTML page under `dir` ("/", "/jinlv/", "/search/"); 404.html is not a page to list. */
export async function htmlPagePaths(dir: string): Promise<string[]> {
  const files = listTree(dir, new Set(["pagefind"])); // Pagefind's own files are not pages
  return files
    .filter((f) => f.endsWith(".html") && f !== "404.html" && !f.startsWith("pagefind/"))
    .map((f) => `/${f.replace(/(^|\/)index\.html$/, "$1")}`)
    .sort();
}

/** sitemap.xml and robots.txt for the HTML pages in `dir`, less the page paths in `exclude` (e.g. the editors' /report/). */
export async function crawlerFiles(dir: string, root: string, exclude: readonly string[] = []): Promise<OutFile[]> {
  const pages = (await htmlPagePaths(dir)).filter((p) => !exclude.includes(p));
  return [...sitemapFiles(root, pages).map(([p, body]) => ({ path: p, body })), { path: "/robots.txt", body: robotsTxt(root) }];
}

/**
 * Writes the files under `dir` in order (a path listed twice ends with its last body) and returns their total
 * size in bytes. Each folder is made once, not once per file, and each body is encoded once: Buffer.byteLength
 * and then writeFile(string) encoded every body twice. Writing several files at a time measured no faster here:
 * at 37,645 articles the 152 MB are mostly the kernel's time.
 *
 * `files` is emptied as they are written, so each body can be collected once it is on disk: a cold build writes
 * its data files while the pages render, and at 37,645 articles their 150 MB of buffers otherwise stayed until the
 * last one was written, late in the render (measured: arrayBuffers 149 MB to the end of the build).
 */
export async function writeOutFiles(dir: string, files: (OutFile | undefined)[]): Promise<number> {
  const made = new Set<string>();
  let bytes = 0;
  for (let k = 0; k < files.length; k++) {
    const f = files[k]!;
    files[k] = undefined;
    const full = path.join(dir, ...f.path.split("/").filter(Boolean));
    const folder = path.dirname(full);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    const body = typeof f.body === "string" ? Buffer.from(f.body, "utf8") : f.body;
    await writeFile(full, body);
    bytes += body.length;
  }
  files.length = 0;
  return bytes;
}

/** "12.3 KB" style sizes for the /data/ page: readers decide whether to download on a phone. */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What the /data/ page shows about each download (global `downloads` in the templates). */
export function downloadsSummary(files: readonly (OutFile | { path: string; bytes: number })[]): Record<string, { bytes: number; size: string }> {
  return Object.fromEntries(files.map((f) => {
    const bytes = "body" in f ? Buffer.byteLength(f.body, "utf8") : f.bytes;
    return [f.path, { bytes, size: sizeLabel(bytes) }];
  }));
}
