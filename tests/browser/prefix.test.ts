/**
 * The demo archive built with pathPrefix "/archive/" and a public address, served under /archive/ only (the host
 * root and everything outside the prefix answer 404). A reader clicks home → paper → issue → article and searches;
 * every link, stylesheet, script, the Pagefind bundle, the feeds and the sitemap must work under the prefix.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import type { SiteData } from "../../src/site/site-types.ts";
import { useArchiveSite } from "./harness.ts";

const PREFIX = "/archive/";
const PUBLIC = "https://baokan.example.org/archive/";
const site = useArchiveSite({ pathPrefix: PREFIX, siteUrl: "https://baokan.example.org" });
let data: SiteData;

beforeAll(async () => {
  data = buildSiteData(await loadArchive("content"));
});

/** Every URL-bearing attribute on the page that points into this site must be under the prefix. */
async function outsidePrefix(page: Page): Promise<string[]> {
  const refs = await page.evaluate(() =>
    [...document.querySelectorAll("[href], [src], form[action]")].map((e) => e.getAttribute("href") ?? e.getAttribute("src") ?? e.getAttribute("action") ?? ""),
  );
  return refs.filter((r) => r.startsWith("/") && !r.startsWith("//") && !r.startsWith(PREFIX));
}

/** Requests the page made, by path. */
function recordRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on("request", (r) => { if (r.url().startsWith("http://127.0.0.1")) paths.push(new URL(r.url()).pathname); });
  return paths;
}

async function follow(page: Page, href: string): Promise<void> {
  await Promise.all([
    page.waitForURL((u) => u.pathname === href, { waitUntil: "load" }),
    page.locator(`main a[href="${href}"]`).first().click(),
  ]);
  expect(await outsidePrefix(page), page.url()).toEqual([]);
}

describe(`a site under ${PREFIX}`, () => {
  it("is served only under the prefix", async () => {
    expect(site.base.endsWith(PREFIX)).toBe(true);
    expect((await fetch(new URL("/", site.base))).status).toBe(404);
    expect((await fetch(new URL("/assets/style.css", site.base))).status).toBe(404);
    expect((await fetch(site.url("/assets/style.css"))).status).toBe(200);
    const bare = await fetch(site.base.replace(/\/$/, ""), { redirect: "manual" });
    expect([bare.status, bare.headers.get("location")]).toEqual([301, PREFIX]);
  });

  it("browses home → paper → issue → article by clicks with every link and asset under the prefix", async () => {
    const issue = [...data.issues].sort((a, b) => b.articleCount - a.articleCount)[0]!;
    const article = data.articles.find((a) => a.issueUrl === issue.url && a.index === 2)!;
    const page = await site.newPage();
    const requests = recordRequests(page);
    await page.goto(site.base);
    expect(await outsidePrefix(page)).toEqual([]);
    await follow(page, PREFIX + issue.paperUrl.slice(1));
    await follow(page, PREFIX + issue.url.slice(1));
    await follow(page, PREFIX + article.url.slice(1));
    expect(await page.locator("article h1").innerText()).toContain(article.title);
    await Promise.all([page.waitForURL((u) => u.pathname === PREFIX + article.prev!.url.slice(1)), page.locator("a[rel=prev]").first().click()]);
    // The stylesheet applied (a served-but-wrong path would leave the page unstyled).
    expect(await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")!).borderBottomStyle)).toBe("double");
    expect(requests.length).toBeGreaterThan(4);
    expect(requests.filter((p) => !p.startsWith(PREFIX))).toEqual([]);
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("searches from the header box and opens a result, loading Pagefind from under the prefix", async () => {
    const page = await site.newPage();
    const requests = recordRequests(page);
    await page.goto(site.base);
    await page.locator("#site-q").fill("安全生产");
    await Promise.all([page.waitForURL((u) => u.pathname === `${PREFIX}search/`), page.locator("#site-q").press("Enter")]);
    // Whatever the results UI looks like, a result is a link to an article page: /archive/<paper>/<issue>/<nn>/.
    const result = page.locator(`main a[href^="${PREFIX}"]`);
    const articleLink = new RegExp(`^${PREFIX}[^/]+/[^/]+/\\d{2}/(\\?.*)?$`);
    let href: string | undefined;
    await expect.poll(async () => {
      const hrefs = await result.evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? ""));
      href = hrefs.find((h) => articleLink.test(h));
      return href;
    }, { timeout: 30_000 }).toBeDefined();
    expect(requests.some((p) => p.startsWith(`${PREFIX}pagefind/`))).toBe(true);
    await Promise.all([page.waitForURL((u) => articleLink.test(u.pathname + u.search)), page.locator(`main a[href="${href}"]`).first().click()]);
    expect((await page.locator("article h1").innerText()).length).toBeGreaterThan(0);
    expect(requests.filter((p) => !p.startsWith(PREFIX))).toEqual([]);
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("serves well-formed feeds and sitemap whose URLs all carry the public address and prefix", async () => {
    const page = await site.newPage();
    await page.goto(site.base);
    const paper = data.papers[0]!;
    for (const file of ["feed.xml", `${paper.slug}/feed.xml`, "sitemap.xml"]) {
      const doc = await page.evaluate(async (url) => {
        const text = await (await fetch(url)).text();
        const xml = new DOMParser().parseFromString(text, "application/xml");
        const err = xml.querySelector("parsererror");
        const attr = (sel: string, a: string) => [...xml.querySelectorAll(sel)].map((e) => e.getAttribute(a) ?? "");
        const text_ = (sel: string) => [...xml.querySelectorAll(sel)].map((e) => e.textContent ?? "");
        return {
          error: err ? err.textContent : null, root: xml.documentElement.localName, ns: xml.documentElement.namespaceURI,
          urls: [...attr("link", "href"), ...text_("id"), ...text_("loc")], entries: xml.querySelectorAll("entry").length,
          updated: text_("entry > updated"),
        };
      }, site.url(file));
      expect(doc.error, file).toBeNull();
      expect(doc.urls.length, file).toBeGreaterThan(0);
      for (const u of doc.urls) expect(u.startsWith(PUBLIC), `${file}: ${u}`).toBe(true);
      if (file.endsWith("feed.xml")) {
        expect([doc.root, doc.ns]).toEqual(["feed", "http://www.w3.org/2005/Atom"]);
        expect(doc.entries).toBeGreaterThan(0);
        for (const u of doc.updated) expect(Number.isNaN(Date.parse(u)), u).toBe(false);
      } else {
        expect(doc.root).toBe("urlset");
      }
      // Each URL, moved to where this test serves the site, is a real page or file.
      for (const u of doc.urls.filter((x) => !x.endsWith(".xml")).slice(0, 12)) {
        expect((await fetch(site.url(u.slice(PUBLIC.length)))).status, u).toBe(200);
      }
    }
    await page.close();
  });

  it("points canonical links and the printed address at the public URL", async () => {
    const article = data.articles[0]!;
    const page = await site.newPage();
    await page.goto(site.url(article.url));
    const expected = PUBLIC + article.url.slice(1);
    expect(await page.locator("link[rel=canonical]").getAttribute("href")).toBe(expected);
    expect(await page.locator("link[rel=alternate][type='application/atom+xml']").evaluateAll((els) => els.map((e) => e.getAttribute("href"))))
      .toEqual([`${PREFIX}feed.xml`, `${PREFIX}${article.paper}/feed.xml`]);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".print-url").isVisible()).toBe(true);
    expect(await page.locator(".print-url").innerText()).toContain(expected);
    await page.close();
  });
});
