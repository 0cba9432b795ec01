/**
 * Browsing the demo archive in headless Chromium the way a reader does: home → paper → issue → article by clicks,
 * the same with JavaScript off on a phone, and previous/next within an issue. (Search flows are in search.test.ts.)
 * Links are found by the documented URL rule (site-data.ts), expectations come from the parsed records.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { DEFAULT_SITE_URL } from "../../src/site/site-config.ts";
import type { SiteData } from "../../src/site/site-types.ts";
import { useArchiveSite } from "./harness.ts";

const site = useArchiveSite();
let data: SiteData;

beforeAll(async () => {
  data = buildSiteData(await loadArchive("content"));
});

/** Clicks the first link in <main> whose href matches, waits for that page, and returns the href. */
async function follow(page: Page, pattern: RegExp): Promise<string> {
  const hrefs = await page.locator("main a[href]").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link matching ${pattern} on ${page.url()}`).toBeDefined();
  await Promise.all([
    page.waitForURL((u) => u.pathname === href, { waitUntil: "load" }),
    page.locator(`main a[href="${href}"]`).first().click(),
  ]);
  return href!;
}

/** The paper with the most articles in its first issue: the richest page to click through. */
function richestIssue() {
  return [...data.issues].sort((a, b) => b.articleCount - a.articleCount)[0]!;
}

async function clickThrough(page: Page): Promise<void> {
  const issue = richestIssue();
  const first = data.articles.find((a) => a.issueUrl === issue.url && a.index === 1)!;
  await page.goto(site.base);
  await follow(page, new RegExp(`^${issue.paperUrl}$`));
  expect(await page.locator("h1").innerText()).toContain(issue.paperName);
  await follow(page, new RegExp(`^${issue.url}$`));
  expect(await page.locator("h1").innerText()).toContain(issue.paperName);
  await follow(page, new RegExp(`^${first.url}$`));
  expect(await page.locator("article h1").innerText()).toContain(first.title);
  // The breadcrumb leads back up: paper and issue.
  const crumbs = await page.locator(".breadcrumb a").evaluateAll((els) => els.map((e) => e.getAttribute("href")));
  expect(crumbs).toEqual(expect.arrayContaining([issue.paperUrl, issue.url]));
}

describe("browsing", () => {
  it("goes home → paper → issue → article by clicks", async () => {
    const page = await site.newPage();
    await clickThrough(page);
    expect(await page.locator("article[data-pagefind-body]").count()).toBe(1);
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("works with JavaScript off on a phone", async () => {
    const page = await site.newPage({ viewport: "phone", javaScriptEnabled: false });
    await clickThrough(page);
    // The header's search is a plain GET form, so even without scripts it lands on /search/?q=.
    await page.locator("#site-q").fill("安全生产");
    await Promise.all([page.waitForURL(/\/search\/\?q=/), page.locator("#site-q").press("Enter")]);
    expect(decodeURIComponent(new URL(page.url()).search)).toBe("?q=安全生产");
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("gives the whole citation with the archive's own address, with JavaScript off and on", async () => {
    // The demo sets no public address: the build's default root stands in (as in the feeds and the open data),
    // never the host and port this test happens to serve on.
    const article = data.articles.find((a) => a.credits.length > 0)!;
    const expected = `${article.citation} ${DEFAULT_SITE_URL}${article.url.slice(1)}`;
    for (const javaScriptEnabled of [false, true]) {
      const page = await site.newPage({ viewport: "phone", javaScriptEnabled });
      await page.goto(site.url(article.url));
      expect((await page.locator(".cite-text").innerText()).replace(/\s+/g, " ").trim(), `JavaScript ${javaScriptEnabled ? "on" : "off"}`).toBe(expected);
      expect(await page.locator(".cite-copy").count()).toBe(javaScriptEnabled ? 1 : 0);
      if (javaScriptEnabled) {
        // The button copies exactly that text (the page's own selection fallback on a plain-http host).
        await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.base });
        await page.locator(".cite-copy").click();
        await expect.poll(() => page.locator(".cite-status").innerText()).not.toBe("");
        expect(await page.locator(".cite-status").innerText()).toBe("已复制");
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
      }
      expect(site.problems(page)).toEqual([]);
      await page.close();
    }
  });

  it("answers a 404 page with the header, a search box and a way home", async () => {
    const page = await site.newPage({ viewport: "phone", javaScriptEnabled: false });
    await page.goto(site.url("/404.html"));
    expect(await page.locator("h1").innerText()).toBe("找不到这个页面");
    await page.locator("#notfound-q").fill("安全生产");
    await Promise.all([page.waitForURL(/\/search\/\?q=/), page.locator("#notfound-q").press("Enter")]);
    await page.goto(site.url("/404.html"));
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.getByRole("link", { name: "回到首页" }).click()]);
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("steps through an issue with next and previous", async () => {
    const issue = richestIssue();
    const articles = data.articles.filter((a) => a.issueUrl === issue.url).sort((a, b) => a.index - b.index);
    expect(articles.length).toBeGreaterThan(2);
    const page = await site.newPage();
    await page.goto(site.url(articles[0]!.url));
    expect(await page.locator("a[rel=prev]").count()).toBe(0);
    for (const next of articles.slice(1, 4)) {
      await Promise.all([page.waitForURL((u) => u.pathname === next.url), page.locator("a[rel=next]").first().click()]);
      expect(await page.locator("article h1").innerText()).toContain(next.title);
    }
    await Promise.all([page.waitForURL((u) => u.pathname === articles[2]!.url), page.locator("a[rel=prev]").first().click()]);
    await page.goto(site.url(articles.at(-1)!.url));
    expect(await page.locator("a[rel=next]").count()).toBe(0);
    expect(await page.locator("a[rel=prev]").getAttribute("href")).toBe(articles.at(-2)!.url);
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("reaches every section from the header on a phone", async () => {
    const page = await site.newPage({ viewport: "phone" });
    await page.goto(site.base);
    const nav = await page.locator(".site-nav a").evaluateAll((els) => els.map((e) => [e.textContent?.trim(), e.getAttribute("href")]));
    expect(nav).toEqual([["首页", "/"], ["日期", "/dates/"], ["单位", "/units/"], ["作者", "/authors/"], ["搜索", "/search/"], ["开放数据", "/data/"]]);
    // Every nav link is on screen and tappable at 390 px: nothing pushed past the right edge.
    for (const box of await page.locator(".site-nav a").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.right).toBeLessThanOrEqual(390);
      expect(box.height).toBeGreaterThanOrEqual(24);
    }
    await Promise.all([page.waitForURL(/\/data\/$/), page.locator(".site-nav a", { hasText: "开放数据" }).click()]);
    expect(await page.locator(".site-nav a[aria-current=page]").innerText()).toBe("开放数据");
    await page.close();
  });
});
