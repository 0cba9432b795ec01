/**
 * data/articles.json and data/articles.csv (data-out.ts says what is in them), made issue by issue. Each issue's
 * rows are one part of each file, and the build state keeps every part's key and byte range (FileState.parts in
 * incremental.ts), so the next build copies the bytes of an issue whose key is unchanged out of the file the last
 * build left in the site instead of making them again. At 37,986 articles the two files are 39 M characters
 * (70 MB) and 1.0–1.3 s to make and encode at every build; adding one issue, they are copied but for its part.
 *
 * A part's key covers everything its bytes are made from: the record's input digest (the issue file, the parser,
 * corrections, the unit table: LoadResult.inputs), the issue's paper, each article's page URL, the site root, and
 * the source of the code that writes the rows (this file, data-out.ts, site-config.ts), so a change to any of it
 * remakes every part — the parse cache's rule for the parser. The last build's file is used only while its hash is
 * still the one the state recorded.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ArticleRecord, IssueRecord } from "../types.ts";
import { absoluteUrl } from "./site-config.ts";
import type { SiteArticle, SiteIssue } from "./site-types.ts";

export const ARTICLES_JSON = "/data/articles.json";
export const ARTICLES_CSV = "/data/articles.csv";

/** A row: the record with its id, paper (code and name: a spreadsheet reader needs no table to tell 劲旅 by jinlv), date and page. */
export type ArticleOut = { id: string; paper: string; paperName: string; issueDate: string | null; url: string } & ArticleRecord;

export const CSV_COLUMNS = ["id", "paper", "paperName", "date", "unit", "headline", "authors", "url"] as const;
/** Names in the CSV's authors cell: 、 is how Chinese lists names, and no name contains it. */
const NAME_SEPARATOR = "、";
const CSV_HEAD = `\uFEFF${CSV_COLUMNS.join(",")}\r\n`;

/** One issue's rows in a table: its key (see the module comment) and where its bytes are in the file. */
export interface TablePart {
  key: string;
  start: number;
  end: number;
}

/** A table as the last build left it in the site, with its parts. */
export interface LastTable {
  body: Buffer;
  parts: readonly TablePart[];
}

export interface ArticleTable {
  path: typeof ARTICLES_JSON | typeof ARTICLES_CSV;
  body: Buffer;
  parts: TablePart[];
}

/** An issue with its page data, as data-out.ts joins them. */
export interface JoinedIssue {
  rec: IssueRecord;
  site: SiteIssue;
  articles: Map<number, SiteArticle>;
}

export function articleId(a: Pick<SiteArticle, "url">): string {
  return a.url.replace(/^\/+|\/+$/g, "");
}

/**
 * RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes inside doubled. Text a spreadsheet would run
 * as a formula — starting with = + - @, a tab or a CR — gets a leading ' first, as OWASP advises against CSV
 * injection ("=HYPERLINK(…)" in a headline); articles.json keeps the text exact.
 */
export function csvField(value: string | number | null | undefined): string {
  const raw = value == null ? "" : String(value);
  const s = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * An issue's article records with id, paper, issue date and absolute page URL, in reading order — the record's order,
 * which the issue page lists too; not number order, which differs once a re-parse has inserted an article
 * (it gets the next free permanent number).
 */
export function issueRows({ rec, site, articles }: JoinedIssue, root: string): ArticleOut[] {
  return rec.articles.map((art) => {
    const page = articles.get(art.index);
    if (!page) throw new Error(`article-tables: no page for article ${art.index} of ${rec.file}`);
    return { id: articleId(page), paper: site.paper, paperName: site.paperName, issueDate: rec.issueDate, url: absoluteUrl(root, page.url), ...art };
  });
}

function csvRow(r: ArticleOut): string {
  return [r.id, r.paper, r.paperName, r.date ?? r.issueDate, r.unit, r.headline, r.authors.join(NAME_SEPARATOR), r.url].map(csvField).join(",");
}

let codeMemo: string | null = null;

/** A hash of the source that writes the rows: a change to it must not leave old bytes in place. */
function codeDigest(): string {
  if (codeMemo) return codeMemo;
  const h = createHash("sha1");
  for (const f of ["./article-tables.ts", "./data-out.ts", "./site-config.ts"]) h.update(readFileSync(fileURLToPath(new URL(f, import.meta.url))));
  return (codeMemo = h.digest("hex"));
}

function partKey(issue: JoinedIssue, input: string, root: string): string {
  const h = createHash("sha1").update(`${codeDigest()}\n${input}\n${root}\n${issue.site.paper}\n${issue.site.paperName}\n`);
  for (const a of [...issue.articles.values()].sort((x, y) => x.index - y.index)) h.update(`${a.index} ${a.url}\n`);
  return h.digest("base64url");
}

/** The last build's bytes for each part key, by table. */
function reusable(last: LastTable | undefined): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (last) for (const p of last.parts) out.set(p.key, last.body.subarray(p.start, p.end));
  return out;
}

/**
 * Both tables for the joined issues (in site order). `inputs` gives each record's input digest (without one, an
 * issue's part has no key and is always made); `last` the tables the site holds, by path, whose parts may be reused.
 */
export function articleTables(
  joined: readonly JoinedIssue[], root: string, inputs?: ReadonlyMap<IssueRecord, string>, last: ReadonlyMap<string, LastTable> = new Map(),
): ArticleTable[] {
  const oldJson = reusable(last.get(ARTICLES_JSON));
  const oldCsv = reusable(last.get(ARTICLES_CSV));
  const json: Buffer[] = [];
  const csv: Buffer[] = [];
  const keys: string[] = [];
  for (const issue of joined) {
    if (issue.rec.articles.length === 0) continue;
    const input = inputs?.get(issue.rec);
    const key = input ? partKey(issue, input, root) : "";
    let j = key ? oldJson.get(key) : undefined;
    let c = key ? oldCsv.get(key) : undefined;
    if (!j || !c) {
      const rows = issueRows(issue, root);
      j = Buffer.from(rows.map((r) => JSON.stringify(r)).join(",\n"), "utf8");
      c = Buffer.from(rows.map(csvRow).join("\r\n"), "utf8");
    }
    json.push(j);
    csv.push(c);
    keys.push(key);
  }
  // A JSON array with one record per line: greppable and diffable, without the bulk of full indentation.
  return [
    assemble(ARTICLES_JSON, json, keys, "[\n", ",\n", "\n]\n", "[]\n"),
    assemble(ARTICLES_CSV, csv, keys, CSV_HEAD, "\r\n", "\r\n", CSV_HEAD),
  ];
}

function assemble(
  at: ArticleTable["path"], chunks: Buffer[], keys: string[], head: string, between: string, tail: string, empty: string,
): ArticleTable {
  if (chunks.length === 0) return { path: at, body: Buffer.from(empty, "utf8"), parts: [] };
  const sep = Buffer.from(between, "utf8");
  const list: Buffer[] = [Buffer.from(head, "utf8")];
  const parts: TablePart[] = [];
  let at0 = list[0]!.length;
  chunks.forEach((b, k) => {
    if (k > 0) {
      list.push(sep);
      at0 += sep.length;
    }
    list.push(b);
    if (keys[k]) parts.push({ key: keys[k]!, start: at0, end: at0 + b.length });
    at0 += b.length;
  });
  list.push(Buffer.from(tail, "utf8"));
  return { path: at, body: Buffer.concat(list), parts };
}
