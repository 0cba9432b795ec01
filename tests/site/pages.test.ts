/**
 * The browse pages as a reader gets them: builds the demo archive (content/) into temp folders — once at the
 * root, once under a path prefix — and checks the rendered HTML: every internal link and fragment resolves to a
 * built file, breadcrumbs, bylines linking to author pages that list the article back, the citation block,
 * prev/next chains, calendars and what Pagefind may index. Expected values come from the parsed records.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/site/build-site.ts";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { formatLines } from "../../src/site/site-keys.ts";
import { DEFAULT_SITE_URL } from "../../src/site/site-config.ts";
import type { SiteData } from "../../src/site/site-types.ts";
import type { Archive } from "../../src/types.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-pages-"));
const out = path.join(tmp, "root");
const prefixed = path.join(tmp, "prefixed");
const PREFIX = "/archive/";
let archive: Archive;
let data: SiteData;

beforeAll(async () => {
  archive = await loadArchive("content");
  data = buildSiteData(archive);
  await buildSite({ contentDir: "content", outDir: out, log: () => {} });
  await buildSite({ contentDir: "content", outDir: prefixed, pathPrefix: PREFIX, log: () => {} });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Site URL → built file: /a/b/ → a/b/index.html. */
function fileOf(root: string, url: string): string {
  const clean = decodeURI(url.split(/[?#]/)[0]!);
  return path.join(root, ...clean.split("/").filter(Boolean), clean.endsWith("/") ? "index.html" : "");
}

function page(url: string, root = out): string {
  return readFileSync(fileOf(root, url), "utf8");
}

function htmlPages(root: string): { url: string; html: string }[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".html"))
    .map((f) => ({ url: `/${f.split(path.sep).join("/")}`.replace(/index\.html$/, ""), html: readFileSync(path.join(root, f), "utf8") }));
}

const attr = (html: string, name: string) => [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, "g"))].map((m) => m[1]!.replace(/&amp;/g, "&"));
const idsOf = (html: string) => new Set(attr(html, "id"));
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
/** The inner HTML of the first element opening with `open` (no nesting of the same tag inside it, true for ours). */
function element(html: string, open: RegExp, tag: string): string {
  const m = open.exec(html);
  if (!m) return "";
  const end = html.indexOf(`</${tag}>`, m.index);
  return html.slice(m.index, end + tag.length + 3);
}

/** Every href/src in every page, resolved against the page, that points into the site must be a built file;
 *  a #fragment must name an id in the target page. */
function brokenLinks(root: string, base: string): string[] {
  const pages = htmlPages(root);
  const ids = new Map<string, Set<string>>();
  const broken: string[] = [];
  for (const p of pages) {
    const here = new URL(`${base.replace(/\/$/, "")}${p.url}`, "http://site.test");
    for (const ref of [...attr(p.html, "href"), ...attr(p.html, "src")]) {
      const target = new URL(ref, here);
      if (target.origin !== here.origin) continue;
      if (!target.pathname.startsWith(base)) {
        broken.push(`${p.url} → ${ref} (outside ${base})`);
        continue;
      }
      const local = `/${target.pathname.slice(base.length)}`;
      const file = fileOf(root, local);
      if (!existsSync(file)) {
        broken.push(`${p.url} → ${ref}`);
        continue;
      }
      if (target.hash && file.endsWith(".html")) {
        if (!ids.has(file)) ids.set(file, idsOf(readFileSync(file, "utf8")));
        if (!ids.get(file)!.has(decodeURIComponent(target.hash.slice(1)))) broken.push(`${p.url} → ${ref} (no such id)`);
      }
    }
  }
  return broken;
}

describe("links", () => {
  it("resolve every internal link and fragment in every built page to a built file", () => {
    const pages = htmlPages(out);
    expect(pages.length).toBeGreaterThan(data.articles.length + data.issues.length);
    expect(brokenLinks(out, "/")).toEqual([]);
  });

  it("still resolve when the site is built under a path prefix", () => {
    expect(brokenLinks(prefixed, PREFIX)).toEqual([]);
    expect(page("/dates/", prefixed)).toContain(`href="${PREFIX}dates/2024/"`);
  });

  it("writes a page at every browse URL the data names", () => {
    const urls = [
      "/dates/", "/units/", "/authors/", "/kinds/", "/columns/",
      ...[...data.yearPages, ...data.unitPages, ...data.authorPages, ...data.kindPages, ...data.columnPages].map((p) => p.url),
    ];
    for (const url of urls) expect(existsSync(fileOf(out, url)), url).toBe(true);
  });
});

describe("breadcrumbs", () => {
  it("lead from 首页 to the current page on every page but the home page and the 404 page", () => {
    // The 404 page answers at any missing address: it has no place in the site to lead to.
    const mine = htmlPages(out).filter((p) => /^\/(?!search\/|data\/|pagefind\/|404\.html$|$)/.test(p.url));
    expect(mine.length).toBeGreaterThan(100);
    for (const p of mine) {
      const crumb = element(p.html, /<nav class="breadcrumb"/, "nav");
      expect(crumb, p.url).not.toBe("");
      expect(attr(crumb, "href")[0], p.url).toBe("/");
      expect(crumb, p.url).toMatch(/aria-current="page">[^<]+<\/span>\s*<\/nav>$/);
    }
  });

  it("go 首页 › paper › date › article on article pages and 首页 › paper › year › date on issue pages", () => {
    for (const a of data.articles) {
      const crumb = element(page(a.url), /<nav class="breadcrumb"/, "nav");
      expect(attr(crumb, "href")).toEqual(["/", a.paperUrl, a.issueUrl]);
      expect(text(crumb)).toBe(`首页 › ${a.paperName} › ${a.issueDateLabel} › 第 ${a.index} 篇`);
    }
    for (const i of data.issues) {
      const crumb = element(page(i.url), /<nav class="breadcrumb"/, "nav");
      expect(attr(crumb, "href")).toEqual(i.yearUrl ? ["/", i.paperUrl, i.yearUrl] : ["/", i.paperUrl]);
    }
  });
});

describe("article pages", () => {
  it("link each credited name to an author page that lists the article back with the role", () => {
    let checked = 0;
    for (const issue of archive.issues) {
      for (const rec of issue.articles) {
        const a = data.articles.find((x) => x.sourceFile === rec.source.file && x.index === rec.index)!;
        const head = element(page(a.url), /<header class="article-head"/, "header");
        const names = [...head.matchAll(/<a href="(\/authors\/[^"]+)">([^<]+)<\/a>/g)].map((m) => ({ url: m[1]!, name: m[2]!.replace(/\s+/g, "") }));
        const credited = [...new Set([...rec.credits.map((c) => c.name), ...rec.authors])];
        expect(names.map((n) => n.name).sort(), a.url).toEqual(credited.sort());
        for (const n of names) {
          const authorPage = page(n.url);
          expect(text(element(authorPage, /<h1/, "h1"))).toBe(n.name);
          expect(authorPage).toContain(`href="${a.url}"`);
          const roles = rec.credits.filter((c) => c.name === n.name).map((c) => ({ writer: "作者", reporter: "记者", correspondent: "通讯员", photographer: "摄影" })[c.role]);
          const item = authorPage.slice(authorPage.indexOf(`href="${a.url}"`)).split("</li>")[0]!;
          for (const r of roles) expect(item, `${n.name} on ${a.url}`).toContain(r);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("show a citation with paper, date, headline and URL, and the source lines, outside the indexed article", () => {
    for (const issue of archive.issues) {
      for (const rec of issue.articles) {
        const a = data.articles.find((x) => x.sourceFile === rec.source.file && x.index === rec.index)!;
        const html = page(a.url);
        const cite = element(html, /<section class="cite"/, "section");
        const words = text(cite);
        expect(words).toContain(issue.paperName ?? "");
        expect(words).toContain(rec.date ?? issue.issueDate ?? "日期不详");
        if (rec.headline) expect(words).toContain(rec.headline.replace(/\s+/g, " ").trim());
        // The absolute address under the build's root (no site.yaml url here: the default), in the HTML itself.
        expect(words).toContain(`${DEFAULT_SITE_URL.replace(/\/$/, "")}${a.url} `);
        // The lines of the page it came from; the raw file's path is the editors' (check, /report/).
        expect(words).not.toContain(rec.source.file);
        expect(words).toContain(formatLines(rec.source.lines));
        const article = element(html, /<article /, "article");
        expect(article).not.toContain('class="cite"');
        expect(article).not.toContain('class="more"');
        expect(article).not.toContain('class="pager"');
      }
    }
    const inPrefix = text(element(page(data.articles[0]!.url, prefixed), /<section class="cite"/, "section"));
    expect(inPrefix).toContain(`${DEFAULT_SITE_URL}archive${data.articles[0]!.url} `);
    const any = page(data.articles[0]!.url);
    expect(any).toMatch(/<script src="\/assets\/cite\.js" defer><\/script>/);
    expect(any).toMatch(/<script src="\/assets\/highlight\.js" defer><\/script>/);
    expect(existsSync(path.join(out, "assets", "cite.js"))).toBe(true);
  });

  it("keep data-pagefind-body on the <article> of article pages only, with its filters and sort key", () => {
    for (const p of htmlPages(out)) {
      const bodies = p.html.match(/data-pagefind-body/g)?.length ?? 0;
      const isArticle = data.articles.some((a) => a.url === p.url);
      expect(bodies, p.url).toBe(isArticle ? 1 : 0);
      if (isArticle) {
        expect(p.html).toMatch(/<article class="article" data-pagefind-body\s+data-pagefind-sort="date:\d{4}-\d{2}-\d{2}"\s+data-pagefind-filter="paper\[data-paper\], kind\[data-kind\]/);
        expect(p.html).toMatch(/data-pagefind-meta="title\[data-title\], date\[data-date-label\], paper\[data-paper\]/);
      }
    }
  });

  it("chain prev/next through every article of an issue in reading order", () => {
    for (const issue of data.issues) {
      const order = issue.toc.map((a) => a.url);
      let url: string | undefined = order[0];
      const seen: string[] = [];
      while (url) {
        seen.push(url);
        const pager = element(page(url), /<nav class="pager"/, "nav");
        const prev = /rel="prev" href="([^"]+)"/.exec(pager)?.[1];
        expect(prev, url).toBe(seen.length > 1 ? seen[seen.length - 2] : undefined);
        url = /rel="next" href="([^"]+)"/.exec(pager)?.[1];
      }
      expect(seen).toEqual(order);
    }
  });

  it("list more from the same unit and related articles, never the article itself", () => {
    let related = 0;
    for (const a of data.articles) {
      const html = page(a.url);
      for (const s of a.sameUnit) expect(element(html, /<section class="more" aria-labelledby="same-unit-h"/, "section")).toContain(`href="${s.url}"`);
      const rel = element(html, /<section class="more" aria-labelledby="related-h"/, "section");
      for (const s of a.related) expect(rel).toContain(`href="${s.url}"`);
      expect(attr(rel, "href")).not.toContain(a.url);
      related += a.related.length;
    }
    expect(related).toBeGreaterThan(0);
  });
});

describe("issue, paper and calendar pages", () => {
  it("link prev/next issues of a paper in date order", () => {
    for (const p of data.papers) {
      const urls = p.issues.map((i) => i.url);
      urls.forEach((url, k) => {
        const pager = element(page(url), /<nav class="pager" aria-label="前后期">/, "nav");
        expect(/rel="prev" href="([^"]+)"/.exec(pager)?.[1]).toBe(urls[k - 1]);
        expect(/rel="next" href="([^"]+)"/.exec(pager)?.[1]).toBe(urls[k + 1]);
      });
    }
  });

  it("show a month-only issue under its month, not on the 1st, and a full date on its day", () => {
    const monthOnly = archive.issues.filter((i) => i.issueDate && /^\d{4}-\d{2}$/.test(i.issueDate));
    expect(monthOnly.length).toBeGreaterThan(0);
    for (const rec of monthOnly) {
      const issue = data.issues.find((i) => i.file === rec.file)!;
      const html = page(issue.yearUrl!);
      const month = element(html, new RegExp(`<section class="month" id="m-${rec.issueDate}"`), "section");
      expect(element(month, /<ul class="month-only">/, "ul")).toContain(`href="${issue.url}"`);
      expect(element(month, /<table class="calendar">/, "table")).not.toContain("<a ");
      expect(page(issue.paperUrl)).toContain(`href="${issue.yearUrl}#m-${rec.issueDate}"`);
    }
    const dated = data.issues.find((i) => i.date && /^\d{4}-\d{2}-\d{2}$/.test(i.date))!;
    const table = element(page(dated.yearUrl!), /<table class="calendar">/, "table");
    expect(table).toMatch(new RegExp(`<a href="${dated.url}" aria-label="${dated.dateLabel}，1 期">${Number(dated.date!.slice(8))}</a>`));
  });

  it("count each paper's issues and articles on the home page as the records say", () => {
    const home = text(page("/"));
    for (const p of archive.papers) {
      const own = archive.issues.filter((i) => i.paper === p.slug);
      expect(home).toContain(`${p.name}`);
      expect(home).toContain(`${own.length} 期 · ${own.reduce((n, i) => n + i.articles.length, 0)} 篇`);
    }
    for (const url of ["/dates/", "/units/", "/authors/", "/kinds/"]) expect(page("/")).toContain(`href="${url}"`);
  });

  it("show a unit's other printed spellings (也作) on its one page, and the printed form on the article", () => {
    const variants = archive.issues.flatMap((i) => i.articles).filter((r) => r.unitAsPrinted && r.unitAsPrinted !== r.unit);
    expect(variants.length).toBeGreaterThan(0); // content/units.yaml maps some
    for (const r of variants) {
      const unit = data.units.find((u) => u.name === r.unit)!;
      const head = text(element(page(unit.url), /<p class="variants">/, "p"));
      expect(head).toMatch(/^也作：/);
      expect(head).toContain(r.unitAsPrinted!);
      expect(data.units.some((u) => u.name === r.unitAsPrinted)).toBe(false);
      const a = data.articles.find((x) => x.sourceFile === r.source.file && x.index === r.index)!;
      expect(text(element(page(a.url), /<span class="unit"/, "span"))).toContain(r.unitAsPrinted!);
    }
  });

  it("list each kind's pieces across the archive and per paper", () => {
    const records = archive.issues.flatMap((i) => i.articles.map((a) => ({ ...a, paper: i.paper })));
    for (const kind of ["literary", "photo"] as const) {
      const mine = records.filter((r) => r.kind === kind);
      expect(attr(element(page(`/kinds/${kind}/`), /<ol class="article-list"/, "ol"), "href").filter((h) => /\/\d{2}\/$/.test(h)).length).toBe(mine.length);
      for (const paper of new Set(mine.map((r) => r.paper))) {
        const list = element(page(`/kinds/${kind}/${paper}/`), /<ol class="article-list"/, "ol");
        expect(attr(list, "href").filter((h) => /\/\d{2}\/$/.test(h)).length).toBe(mine.filter((r) => r.paper === paper).length);
      }
    }
  });
});
