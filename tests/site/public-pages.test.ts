/**
 * Public pages show the archive, not the pipeline (issue 16). Builds the demo archive twice — as it is (no public
 * address, no publisher, rights or contact) and from a copy with a test site.yaml under a path prefix — and checks:
 *   1. no parser message, pass name, reason key or correction-file path on any public page; web-page furniture is
 *      kept in the record, the data JSON and /report/ but not on the issue page; one Chinese line on text quality;
 *   2. values an editor set are marked 编者加 / 编者改, an inferred issue date 推断 on its article pages;
 *   3. citation meta tags, Open Graph, a parseable NewsArticle JSON-LD block (no `<` inside it, even from a
 *      headline holding "</script>") and a meta description on every article page; the 引用本文 text is complete
 *      in the HTML (JavaScript off) with the site's configured address;
 *   4. /404.html with the site's header, a search box and a way home, under the path prefix too;
 *   5. the 关于 page and the footer from site.yaml, nothing stand-in when unset; no editor instructions on /data/.
 * Expected values come from the parsed records and the test's own site.yaml, not from the templates.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSite } from "../../src/site/build-site.ts";
import { renderSite } from "../../src/site/render-site.ts";
import { DEFAULT_SITE_URL, readSiteConfig } from "../../src/site/site-config.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import type { SiteArticle, SiteData } from "../../src/site/site-types.ts";
import type { Archive } from "../../src/types.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-public-"));
const demo = path.join(tmp, "demo");
const conf = path.join(tmp, "conf");
const confContent = path.join(tmp, "content");
const PREFIX = "/archive/";
const PUBLIC = "https://baokan.example.org/archive/";
const SITE = {
  title: "测试报刊档案",
  publisher: "测试集团党委宣传部",
  rights: "本站文字版权归各报社所有，转载请注明出处。",
  contact: "jiucuo@example.org",
  about: ["这是测试用的关于文字，第一段。", "第二段，写在\n两行上。"],
};
const SITE_YAML = [
  "url: https://baokan.example.org/",
  `title: ${SITE.title}`,
  "description: 测试用的档案",
  `publisher: ${SITE.publisher}`,
  `rights: ${SITE.rights}`,
  `contact: ${SITE.contact}`,
  "about: |",
  `  ${SITE.about[0]}`,
  "",
  "  第二段，写在",
  "  两行上。",
  "",
].join("\n");

let archive: Archive;
let data: SiteData;

beforeAll(async () => {
  archive = await loadArchive("content");
  data = buildSiteData(archive);
  cpSync("content", confContent, { recursive: true });
  writeFileSync(path.join(confContent, "site.yaml"), SITE_YAML);
  await buildSite({ contentDir: "content", outDir: demo, withReport: true, log: () => {} });
  await buildSite({ contentDir: confContent, outDir: conf, pathPrefix: PREFIX, log: () => {} });
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/* ───────────── helpers ───────────── */

function fileOf(root: string, url: string): string {
  return path.join(root, ...url.split("/").filter(Boolean), url.endsWith("/") ? "index.html" : "");
}
const page = (url: string, root = demo) => readFileSync(fileOf(root, url), "utf8");

/** Every HTML page a reader can reach: everything but the editors' /report/ and Pagefind's own files. */
function publicPages(root: string): { url: string; html: string }[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".html") && !f.startsWith("pagefind") && !f.startsWith(`report${path.sep}`))
    .map((f) => ({ url: `/${f.split(path.sep).join("/")}`.replace(/index\.html$/, ""), html: readFileSync(path.join(root, f), "utf8") }));
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
/** What a reader reads: no tags, no scripts, entities decoded, white space collapsed. */
const text = (html: string) => decode(html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim();
function element(html: string, open: RegExp, tag: string): string {
  const m = open.exec(html);
  if (!m) return "";
  return html.slice(m.index, html.indexOf(`</${tag}>`, m.index) + tag.length + 3);
}
/** <meta name|property="key" content="…"> values, in page order. */
function metas(html: string, key: string): string[] {
  return [...html.matchAll(/<meta (name|property)="([^"]+)" content="([^"]*)">/g)].filter((m) => m[2] === key).map((m) => decode(m[3]!));
}
function jsonLd(html: string): { raw: string; value: Record<string, unknown> } {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  expect(m, "a JSON-LD block").not.toBeNull();
  return { raw: m![1]!, value: JSON.parse(m![1]!) as Record<string, unknown> };
}
const issueOf = (a: SiteArticle) => archive.issues.find((i) => i.file === a.sourceFile)!;

/* ───────────── 1. the archive, not the pipeline ───────────── */

describe("public pages", () => {
  it("show no parser message, pass name, reason key or correction file on any page but /report/", () => {
    const forbidden = new Set<string>([".fix.yaml", ".fix.yml"]);
    for (const issue of archive.issues) {
      for (const w of issue.warnings) {
        forbidden.add(w.message);
        forbidden.add(`[${w.pass}]`);
        // The message without its correction-file prefix (content/x.fix.yaml:6: article 1: headline …).
        forbidden.add(w.message.replace(/^\S+\.fix\.ya?ml:\d+: /, ""));
      }
      for (const u of issue.unplaced) forbidden.add(u.reason);
      // The raw file's path is the editors' (check, /report/), not a reader's.
      forbidden.add(issue.file);
    }
    for (const key of ["masthead", "site chrome", "replaced by correction", "furniture", "篇没有署名", "系由正文推断", "保留为未归入文章的文字"]) forbidden.add(key);
    expect(forbidden.size).toBeGreaterThan(20);
    const pages = publicPages(demo);
    expect(pages.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const p of pages) {
      const html = decode(p.html);
      for (const f of forbidden) if (html.includes(f)) found.push(`${p.url}: ${f}`);
    }
    expect(found).toEqual([]);
    // The issue pages' old 解析提示 list is gone (the /data/ page names the field of that name in the JSON).
    for (const issue of data.issues) expect(page(issue.url), issue.url).not.toContain("解析提示");
    // …while the editors' report still has them all.
    const report = decode(page("/report/"));
    const jinlv = archive.issues.find((i) => i.paper === "jinlv")!;
    expect(report).toContain(jinlv.warnings.find((w) => w.code === "no-headline")!.message);
    expect(report).toContain(".fix.yaml");
  });

  it("leave a scraped page's furniture off the issue page, but in the record's JSON and the report", () => {
    const scraped = archive.issues.find((i) => i.unplaced.some((u) => u.reason === "site chrome"))!;
    const furniture = scraped.unplaced.filter((u) => /^(site|web page)/.test(u.reason));
    // The demo's spam-site page: its e-mail, phone numbers and 本文来源: line.
    expect(furniture.map((u) => u.text).join("\n")).toMatch(/@[\w.-]+\.com[\s\S]*本文来源|本文来源[\s\S]*@/);
    expect(furniture.some((u) => /^[\d+-]{7,}$/.test(u.text))).toBe(true);
    const issue = data.issues.find((i) => i.file === scraped.file)!;
    const issuePage = text(page(issue.url));
    const json = JSON.parse(readFileSync(fileOf(demo, issue.recordUrl), "utf8")) as { unplaced: { text: string; reason: string }[] };
    const report = text(page("/report/"));
    for (const u of furniture) {
      // "首页" (a nav line) is also this site's own nav: only lines that cannot be the site's own words are looked for.
      if (Array.from(u.text).length > 4) expect(issuePage, u.text).not.toContain(u.text);
      expect(json.unplaced.map((x) => x.text)).toContain(u.text);
      expect(report, u.text).toContain(u.text);
    }
    // The page says there was such text and links the record; it names no reason key.
    expect(issuePage).toContain(`${furniture.length} 段网页页眉、页脚`);
    expect(page(issue.url)).toContain(`href="${issue.recordUrl}"`);
  });

  it("keep the paper's own unplaced text on the issue page, labelled in Chinese", () => {
    const printed = archive.issues.find((i) => i.unplaced.some((u) => u.reason === "masthead"))!;
    const u = printed.unplaced.find((x) => x.reason === "masthead")!;
    const html = page(data.issues.find((i) => i.file === printed.file)!.url);
    const section = text(element(html, /<section class="unplaced"/, "section"));
    expect(section).toContain(u.text);
    expect(section).toContain("报头");
    // Text the parser could not place in any article is the paper's text: it would be shown, with its label.
    const withLoose = buildSiteData({ papers: archive.papers, issues: [{ ...printed, unplaced: [...printed.unplaced, { text: "一段残文", lines: [3, 3], reason: "text outside any article" }, { text: "x@y.com", lines: [4, 4], reason: "web page footer" }] }] });
    expect(withLoose.issues[0]!.unplaced.map((x) => [x.text, x.reasonLabel])).toEqual([[u.text, "报头"], ["一段残文", "文章之外的文字"]]);
    expect(withLoose.issues[0]!.hiddenUnplaced).toBe(1);
  });

  it("say at most one Chinese line about the text's quality, where it matters", () => {
    for (const issue of data.issues) {
      const html = page(issue.url);
      const notes = html.match(/class="note quality-note"/g) ?? [];
      expect(notes.length, issue.url).toBeLessThanOrEqual(1);
      const rec = archive.issues.find((i) => i.file === issue.file)!;
      const note = text(element(html, /<p class="note quality-note"/, "p"));
      if (rec.mojibakeRepaired > 0) expect(note, issue.url).toContain("本期文字由版面 PDF 提取");
      if (rec.unplaced.some((u) => u.reason === "site chrome")) expect(note, issue.url).toContain("本期文字取自网页");
      expect(note.replace(/PDF/g, ""), issue.url).not.toMatch(/[A-Za-z]/);
    }
  });
});

/* ───────────── 2. editor-set and inferred values ───────────── */

describe("marks", () => {
  it("show 编者加 beside a headline a correction supplied, 编者改 beside a corrected unit, and nowhere else", () => {
    const fix = readFileSync("content/jinlv/000_5f169d79d2658df9.fix.yaml", "utf8");
    const headline = /headline: (.+)/.exec(fix)![1]!.trim();
    const unitWords = /^\s{2}(劲旅讯[^:]+):\s*$/m.exec(fix)![1]!;
    const unit = /unit: (.+)/.exec(fix)![1]!.trim();
    let headlines = 0;
    let units = 0;
    for (const a of data.articles) {
      const html = page(a.url);
      const h1 = text(element(html, /<h1/, "h1"));
      if (a.title === headline) {
        headlines++;
        expect(h1).toBe(`${headline} 编者加`);
        // …in the issue's table of contents too.
        expect(text(element(page(a.issueUrl), new RegExp(`<li>\\s*<a href="${a.url}"`), "li"))).toContain(`${headline} 编者加`);
      } else {
        expect(h1, a.url).not.toMatch(/编者[加改]/);
      }
      const unitLine = text(element(html, /<span class="unit"/, "span"));
      const rec = issueOf(a).articles.find((r) => r.index === a.index)!;
      if (rec.unit === unit && rec.body[0]!.replace(/\s/g, "").startsWith(unitWords.replace(/\s/g, ""))) {
        units++;
        expect(text(element(html, /<p class="article-meta"/, "p"))).toContain(`${unit} 编者改`);
      } else {
        expect(unitLine, a.url).not.toContain("编者");
      }
    }
    expect([headlines, units]).toEqual([1, 1]);
  });

  it("show 推断 beside the date of every article of an issue whose date was inferred, and only there", () => {
    let inferred = 0;
    for (const a of data.articles) {
      const date = text(element(page(a.url), /<span class="date"/, "span"));
      const rec = issueOf(a);
      if (rec.issueDateSource === "inferred") {
        inferred++;
        expect(date, a.url).toBe(`${a.dateLabel} 推断`);
      } else {
        expect(date, a.url).toBe(a.dateLabel);
      }
    }
    expect(inferred).toBeGreaterThan(10);
    expect(inferred).toBeLessThan(data.articles.length);
  });
});

/* ───────────── 3. citations ───────────── */

describe("article pages", () => {
  it("carry citation_* meta tags, Open Graph, a meta description and a parseable NewsArticle JSON-LD block", () => {
    for (const a of data.articles) {
      const html = page(a.url);
      const names = [...new Set(a.credits.map((c) => c.name))];
      expect(metas(html, "citation_title"), a.url).toEqual([a.title]);
      expect(metas(html, "citation_author"), a.url).toEqual(names);
      expect(metas(html, "citation_publication_date"), a.url).toEqual(a.date ? [a.date.replace(/-/g, "/")] : []);
      expect(metas(html, "citation_journal_title"), a.url).toEqual([a.paperName]);
      expect(metas(html, "og:type")).toEqual(["article"]);
      expect(metas(html, "og:title")).toEqual([a.title]);
      expect(metas(html, "og:site_name")).toEqual(["报刊档案"]);
      expect(metas(html, "og:url"), "no og:url without a configured address").toEqual([]);
      const [description] = metas(html, "description");
      const body = a.blocks.map((b) => b.text).join("").replace(/\s+/g, "");
      expect(description!.length, a.url).toBeGreaterThan(0);
      expect(Array.from(description!.replace(/…$/, "")).length).toBeLessThanOrEqual(100);
      expect(body.startsWith(description!.replace(/…$/, "").replace(/\s+/g, "")), a.url).toBe(true);
      const ld = jsonLd(html);
      expect(ld.raw).not.toContain("<");
      expect(ld.value).toMatchObject({ "@context": "https://schema.org", "@type": "NewsArticle", headline: a.title, inLanguage: "zh-CN" });
      expect((ld.value.author as { name: string }[] | undefined ?? []).map((p) => p.name)).toEqual(names);
      if (a.date) expect(ld.value.datePublished).toBe(a.date);
      expect(ld.value.url).toBeUndefined();
    }
  });

  it("carry og:url and the JSON-LD url at the configured public address", () => {
    for (const a of data.articles.slice(0, 8)) {
      const html = page(a.url, conf);
      const expected = PUBLIC + a.url.slice(1);
      expect(metas(html, "og:url")).toEqual([expected]);
      expect(metas(html, "og:site_name")).toEqual([SITE.title]);
      expect(jsonLd(html).value).toMatchObject({ url: expected, mainEntityOfPage: expected });
    }
  });

  it("escape a headline holding </script> inside the JSON-LD block", async () => {
    const evil = "标题</script><script>alert(1)</script>&<!--";
    const a = data.articles[0]!;
    const articles = data.articles.map((x) => (x === a ? { ...x, title: evil, headline: evil } : x));
    const out = path.join(tmp, "evil");
    const siteConfig = { ...(await readSiteConfig("content")), root: DEFAULT_SITE_URL, base: DEFAULT_SITE_URL.replace(/\/$/, ""), isDefault: true, feedCap: 50 };
    await renderSite({ ...data, articles }, { siteConfig, downloads: {}, report: null }, out, "/", true, new Set([a.url]));
    const html = page(a.url, out);
    expect(html.match(/<script/g)!.length).toBe((page(a.url).match(/<script/g) ?? []).length);
    const ld = jsonLd(html);
    expect(ld.raw).not.toMatch(/[<>]/);
    expect(ld.value.headline).toBe(evil);
  });

  it("give the whole reference in the HTML, with the site's address, so it is complete with JavaScript off", () => {
    for (const [root, base] of [[demo, DEFAULT_SITE_URL], [conf, PUBLIC]] as const) {
      for (const a of data.articles) {
        const cite = text(element(page(a.url, root), /<p class="cite-text"/, "p"));
        expect(cite, a.url).toBe(`${a.citation} ${base}${a.url.slice(1)}`);
      }
    }
    // The script only adds the copy button: it never rewrites the address from where the page was opened.
    const script = readFileSync("templates/assets/cite.js", "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    expect(script).not.toMatch(/location/);
  });
});

/* ───────────── 4. 404 ───────────── */

describe("the 404 page", () => {
  it("is /404.html at the root with the header, a search box and a link home, not in the sitemap", () => {
    expect(existsSync(path.join(demo, "404.html"))).toBe(true);
    const html = page("/404.html");
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<header class="site-header">');
    expect(text(element(html, /<h1/, "h1"))).toBe("找不到这个页面");
    expect(html).toMatch(/<form class="site-search" role="search" action="\/search\/"/);
    expect(html).toMatch(/<form class="notfound-search" role="search"[^>]* action="\/search\/"/);
    expect(html).toMatch(/<a href="\/">回到首页<\/a>/);
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).not.toContain('rel="canonical"');
    expect(readFileSync(path.join(demo, "sitemap.xml"), "utf8")).not.toContain("404");
  });

  it("links under the path prefix, so it works from any missing address", () => {
    const html = page("/404.html", conf);
    expect(html).toMatch(/<a href="\/archive\/">回到首页<\/a>/);
    expect(html).toContain('action="/archive/search/"');
    expect(html).toContain('href="/archive/assets/style.css"');
    expect(html).not.toContain('rel="canonical"');
    expect(html).not.toContain('class="print-url"');
  });
});

/* ───────────── 5. 关于, footer, open data ───────────── */

describe("about page and footer", () => {
  it("come from site.yaml: the editor's words, publisher, rights and a 纠错 link on every page", () => {
    const about = text(page("/about/", conf));
    for (const p of SITE.about) expect(about).toContain(p.replace("\n", ""));
    expect(about).toContain(SITE.publisher);
    expect(about).toContain(SITE.rights);
    expect(page("/about/", conf)).toContain(`href="mailto:${SITE.contact}"`);
    const pages = publicPages(conf);
    for (const p of pages) {
      const footer = element(p.html, /<footer class="site-footer"/, "footer");
      expect(text(footer), p.url).toContain(`主办：${SITE.publisher}`);
      expect(text(footer), p.url).toContain(SITE.rights);
      expect(footer, p.url).toContain(`<a class="footer-contact" href="mailto:${SITE.contact}">纠错与联系</a>`);
      expect(footer, p.url).toContain('<a href="/archive/about/">关于本站</a>');
    }
    // An article page's 纠错 link names the article.
    const a = data.articles[0]!;
    const report = /<p class="cite-report"><a href="([^"]+)"/.exec(page(a.url, conf))![1]!;
    expect(decodeURIComponent(decode(report).split("subject=")[1]!)).toBe(`纠错：${a.title} ${PUBLIC}${a.url.slice(1)}`);
  });

  it("state the archive's facts when site.yaml sets none of it, and show no stand-in terms", () => {
    const html = page("/about/");
    const about = text(html);
    for (const p of data.papers) {
      expect(about).toContain(p.name);
      if (p.publisher) expect(about).toContain(p.publisher);
    }
    expect(about).toContain(`共 ${data.totals.papers} 种报纸、${data.totals.issues} 期、${data.totals.articles} 篇文章`);
    for (const word of ["编者加", "推断", "无标题"]) expect(about).toContain(word);
    for (const p of publicPages(demo)) {
      const footer = element(p.html, /<footer class="site-footer"/, "footer");
      expect(footer, p.url).toContain('<a href="/about/">关于本站</a>');
      expect(footer, p.url).not.toMatch(/主办：|footer-rights|footer-contact|纠错/);
    }
    expect(html).not.toMatch(/id="rights"|id="contact"/);
  });

  it("reads the new keys, and refuses a contact that is neither an e-mail nor an http(s) address", async () => {
    const config = await readSiteConfig(confContent);
    expect(config).toMatchObject({ publisher: SITE.publisher, rights: SITE.rights, contact: SITE.contact, contactHref: `mailto:${SITE.contact}`, about: SITE.about.map((p) => p.replace("\n", "")) });
    expect(await readSiteConfig("content")).toMatchObject({ publisher: null, rights: null, contact: null, contactHref: null, about: [] });
    const dir = path.join(tmp, "bad-contact");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "site.yaml"), "contact: 请打电话\n");
    await expect(readSiteConfig(dir)).rejects.toThrow(/site\.yaml:1: contact: 应是电子邮箱或完整的 http\(s\) 地址/);
    writeFileSync(path.join(dir, "site.yaml"), "contact: https://example.org/jiucuo/\n");
    expect((await readSiteConfig(dir)).contactHref).toBe("https://example.org/jiucuo/");
    // The README's prompts, copied as they are, count as unset: nothing made-up reaches the footer.
    writeFileSync(path.join(dir, "site.yaml"), "publisher: （办站单位，如：某某集团党委宣传部）\nrights: （版权声明）\ncontact: （纠错与联系：电子邮箱或 https:// 网址）\n");
    expect(await readSiteConfig(dir)).toMatchObject({ publisher: null, rights: null, contact: null, contactHref: null });
  });
});

describe("the open-data page", () => {
  it("gives readers no editor instructions, and names each paper beside its code", () => {
    const html = page("/data/");
    const words = text(html);
    for (const s of ["site.yaml", "--site-url", "baokan ", "content/"]) expect(words, s).not.toContain(s);
    const codes = element(html, /<table class="data-table paper-codes"/, "table");
    for (const p of data.papers) expect(text(codes)).toContain(`${p.slug} ${p.name}`);
  });
});
