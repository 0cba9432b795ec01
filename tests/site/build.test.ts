/**
 * Builds the demo archive (content/) into a temp folder through the real pipeline — parse, Eleventy,
 * pagefind_extended — and checks what a reader gets: the pages, escaped text, the index, and Chinese search.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/site/build-site.ts";
import { serve, type RunningServer } from "../../src/site/serve.ts";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";

const run = promisify(execFile);
const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-site-"));
const out = path.join(tmp, "_site");
let server: RunningServer;
const buildLog: string[] = [];

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".html")).map((f) => path.join(dir, f));
}

beforeAll(async () => {
  await buildSite({ contentDir: "content", outDir: out, log: (l) => buildLog.push(l) });
  server = await serve({ dir: out, port: 0, host: "127.0.0.1", log: () => {} });
});
afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("the demo archive build", () => {
  it("renders home, every issue and every article, in Chinese, indexing only article pages", async () => {
    const archive = await loadArchive("content");
    const files = htmlFiles(out);
    const articles = archive.issues.reduce((n, i) => n + i.articles.length, 0);
    const indexed = files.filter((f) => readFileSync(f, "utf8").includes("data-pagefind-body"));
    expect(existsSync(path.join(out, "index.html"))).toBe(true);
    expect(indexed.length).toBe(articles);
    for (const f of files) expect(readFileSync(f, "utf8")).toContain('lang="zh-CN"');
    // Every article page carries a date sort key, or it would drop out of date-sorted results.
    for (const f of indexed) expect(readFileSync(f, "utf8")).toMatch(/data-pagefind-sort="date:\d{4}-\d{2}-\d{2}"/);
    const home = readFileSync(path.join(out, "index.html"), "utf8");
    for (const p of archive.papers) expect(home).toContain(p.name);
  });

  it("writes a page at every paper, issue, article and unit URL, and the Pagefind bundle", async () => {
    const data = buildSiteData(await loadArchive("content"));
    const page = (url: string) => path.join(out, ...url.split("/").filter(Boolean), "index.html");
    const urls = [...data.papers, ...data.issues, ...data.articles, ...data.units].map((x) => x.url);
    for (const url of ["/", "/units/", "/search/", "/data/", ...urls]) expect(existsSync(page(url)), url).toBe(true);
    // data-pagefind-body exactly on the article pages, so paper, issue and unit lists never show up as results.
    const bodies = htmlFiles(out).filter((f) => readFileSync(f, "utf8").includes("data-pagefind-body"));
    expect(bodies.sort()).toEqual(data.articles.map((a) => page(a.url)).sort());
    // The index: shards.json lists the shards (one for the demo), each a whole Pagefind bundle.
    const shards = JSON.parse(readFileSync(path.join(out, "pagefind", "shards.json"), "utf8")).shards as string[];
    expect(shards.length).toBe(1);
    for (const f of ["pagefind.js", "pagefind-entry.json"]) {
      expect(existsSync(path.join(out, "pagefind", shards[0]!, f)), f).toBe(true);
    }
    expect(readdirSync(path.join(out, "pagefind", shards[0]!, "index")).some((f) => f.endsWith(".pf_index"))).toBe(true);
    expect(existsSync(path.join(out, "assets", "style.css"))).toBe(true);
    const res = await fetch(new URL(`pagefind/${shards[0]}/pagefind-entry.json`, server.url));
    expect(res.headers.get("content-type")).toContain("application/json");
  });

  it("without a configured address, says so and gives feeds and sitemap the localhost default", async () => {
    // content/site.yaml leaves url: unset on purpose (see its comment), and no siteUrl was passed.
    expect(buildLog.some((l) => /^\[config\] 没有设置网站地址.*http:\/\/localhost:8080\//.test(l))).toBe(true);
    expect(readFileSync(path.join(out, "feed.xml"), "utf8")).toContain("<id>http://localhost:8080/</id>");
    expect(readFileSync(path.join(out, "robots.txt"), "utf8")).toContain("Sitemap: http://localhost:8080/sitemap.xml");
    // No canonical link to localhost: that would tell search engines the real page lives there.
    expect(readFileSync(path.join(out, "index.html"), "utf8")).not.toContain('rel="canonical"');
    for (const [file, type] of [["feed.xml", "application/xml"], ["data/articles.csv", "text/csv"], ["data/articles.json", "application/json"]]) {
      const res = await fetch(new URL(file!, server.url));
      expect(res.status, file).toBe(200);
      expect(res.headers.get("content-type"), file).toContain(type);
    }
  });

  it("puts the feeds, the open-data page and the site search in every page's chrome", async () => {
    const data = buildSiteData(await loadArchive("content"));
    const article = readFileSync(path.join(out, ...data.articles[0]!.url.split("/").filter(Boolean), "index.html"), "utf8");
    expect(article).toContain('<link rel="alternate" type="application/atom+xml" title="报刊档案 · 最新文章" href="/feed.xml">');
    expect(article).toContain(`href="/${data.articles[0]!.paper}/feed.xml"`);
    for (const f of htmlFiles(out)) {
      const html = readFileSync(f, "utf8");
      for (const href of ["/", "/dates/", "/units/", "/authors/", "/search/", "/data/"]) expect(html, f).toContain(`<a href="${href}"`);
      expect(html).toContain('action="/search/"');
      expect(html).toContain('<a class="skip-link" href="#main">');
    }
  });

  it("shows each issue's unplaced text on its issue page", async () => {
    const archive = await loadArchive("content");
    const jinlv = archive.issues.find((i) => i.paper === "jinlv")!;
    const masthead = jinlv.unplaced.find((u) => u.reason === "masthead")!;
    const issuePages = htmlFiles(path.join(out, "jinlv")).filter((f) => readFileSync(f, "utf8").includes("未归入文章的文字"));
    expect(issuePages.length).toBeGreaterThan(0);
    expect(issuePages.some((f) => readFileSync(f, "utf8").includes(masthead.text.slice(0, 8)))).toBe(true);
  });

  it("finds articles by Chinese keyword and by person with Pagefind's own search", async () => {
    const script = path.resolve("tests/site/helpers/pagefind-query.mjs");
    const { stdout } = await run(process.execPath, ["--experimental-network-imports", "--no-warnings", script, server.url.replace(/\/?$/, "/"), "安全生产", "郝跃鹏", "电解厂"], { timeout: 60_000 });
    const res = JSON.parse(stdout) as Record<string, { count: number; results: { url: string; content: string }[] }>;
    expect(res["安全生产"]!.count).toBeGreaterThan(0);
    expect(res["郝跃鹏"]!.count).toBeGreaterThan(0);
    expect(res["郝跃鹏"]!.results[0]!.content).toContain("郝跃鹏");
    expect(res["电解厂"]!.results.some((r) => r.url.startsWith("/jinlv/"))).toBe(true);
  });
});

describe("a build from bad or hostile input", () => {
  it("escapes hostile HTML in raw text", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "baokan-hostile-"));
    mkdirSync(path.join(dir, "content", "test"), { recursive: true });
    writeFileSync(path.join(dir, "content", "test", "2024-01-05.txt"), "本报讯 <script>alert(1)</script>职工技能竞赛今日举行，共有<img src=x onerror=alert(2)>名选手参加。（张三）\n");
    const site = path.join(dir, "_site");
    await buildSite({ contentDir: path.join(dir, "content"), outDir: site, log: () => {} });
    const pages = htmlFiles(site).map((f) => readFileSync(f, "utf8")).join("\n");
    expect(pages).not.toContain("<script>alert(1)</script>");
    expect(pages).not.toContain("<img src=x");
    expect(pages).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // The same text in the feeds stays text: escaped once, never markup.
    const feed = readFileSync(path.join(site, "feed.xml"), "utf8");
    expect(feed).not.toContain("<script>");
    expect(feed).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const json = JSON.parse(readFileSync(path.join(site, "data", "articles.json"), "utf8")) as { body: string[] }[];
    expect(json[0]!.body.join("")).toContain("<script>alert(1)</script>");
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the previous site when a build fails on an unreadable file", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "baokan-fail-"));
    mkdirSync(path.join(dir, "content", "test"), { recursive: true });
    writeFileSync(path.join(dir, "content", "test", "2024-01-05.txt"), "本报讯 一篇正常的文章。（张三）\n");
    const site = path.join(dir, "_site");
    await buildSite({ contentDir: path.join(dir, "content"), outDir: site, log: () => {} });
    const before = readFileSync(path.join(site, "index.html"), "utf8");
    writeFileSync(path.join(dir, "content", "test", "2024-01-06.txt"), "");
    await expect(buildSite({ contentDir: path.join(dir, "content"), outDir: site, log: () => {} })).rejects.toThrow(/2024-01-06\.txt.*空文件/s);
    expect(readFileSync(path.join(site, "index.html"), "utf8")).toBe(before);
    rmSync(dir, { recursive: true, force: true });
  });
});
