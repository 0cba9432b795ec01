/**
 * Search as a reader uses it, in headless Chromium: type a query, narrow it with a filter, share the URL and open
 * it fresh, sort by date, follow a result to a highlighted article page — at the site root and under a path
 * prefix. Expected results come from the built pages' text (what Pagefind indexes), not from the search code.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import type { SiteArticle } from "../../src/site/site-types.ts";
import { indexedText } from "../site/helpers/page-text.ts";
import { settled, shoot, turnToMenus, useArchiveSite, VIEWPORTS, type ArchiveSite } from "./harness.ts";

const site = useArchiveSite();
const prefixed = useArchiveSite({ pathPrefix: "/archive/" });
const QUERY = "电解厂";
let articles: SiteArticle[] = [];

beforeAll(async () => {
  articles = buildSiteData(await loadArchive("content")).articles;
});

/** Articles whose indexed text (or unit) holds `q`, read from the built pages. */
function exactArticles(s: ArchiveSite, q: string): SiteArticle[] {
  return articles.filter((a) => {
    const html = readFileSync(path.join(s.outDir, ...a.url.split("/").filter(Boolean), "index.html"), "utf8");
    return indexedText(html)!.blocks.some((b) => b.replace(/\s+/g, "").includes(q)) || a.unit?.includes(q);
  });
}

async function results(page: Page): Promise<{ title: string; href: string; exact: boolean }[]> {
  return page.locator(".search-results .result").evaluateAll((els) => els.map((e) => ({
    title: e.querySelector(".result-title")?.textContent ?? "",
    href: e.querySelector(".result-title a")?.getAttribute("href") ?? "",
    exact: e.classList.contains("result-exact"),
  })));
}

/** How many searches the page has finished (search.js counts them in data-runs). */
function runs(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.getElementById("search")?.dataset.runs ?? 0));
}

/** Reads "2024年1月5日" / "2024年1月" / "2024年" as a sortable key. */
function dateKey(label: string): string {
  const m = /(\d{4})年(?:(\d{1,2})月)?(?:(\d{1,2})日)?/.exec(label);
  return m ? `${m[1]}-${(m[2] ?? "00").padStart(2, "0")}-${(m[3] ?? "00").padStart(2, "0")}` : "0000";
}

describe("search", () => {
  it("ranks exact matches first, filters, keeps the state in the URL and restores it from there", async () => {
    const page = await site.newPage();
    let pagefindBytes = 0;
    page.on("response", (r) => {
      if (new URL(r.url()).pathname.startsWith("/pagefind/")) void r.body().then((b) => { pagefindBytes += b.length; }, () => {});
    });
    await page.goto(site.url("/search/"));
    await settled(page);
    let before = await runs(page);
    await page.locator("#search-q").fill(QUERY);
    await settled(page, before);
    await expect.poll(() => page.locator(".search-results .result").count()).toBeGreaterThan(0);
    const exact = exactArticles(site, QUERY);
    const found = await results(page);
    // Every exact article, and they come before anything that holds only parts of the query.
    expect(found.slice(0, exact.length).every((r) => r.exact)).toBe(true);
    expect(found.slice(0, exact.length).map((r) => r.title).sort()).toEqual(exact.map((a) => a.title).sort());
    expect(found.slice(exact.length).every((r) => !r.exact)).toBe(true);
    expect(await page.locator(".search-status").innerText()).toMatch(new RegExp(`^共 ${exact.length} 篇含“${QUERY}”(，另有 \\d+ 篇含其中的字词)?$`));
    console.log(`first search for ${QUERY}: ${(pagefindBytes / 1000).toFixed(0)} kB from /pagefind/ (bundle, wasm, index, fragments)`);
    expect(pagefindBytes).toBeLessThanOrEqual(300_000);

    // A result shows headline, paper, date, unit and an excerpt with the query marked.
    const first = page.locator(".search-results .result").first();
    for (const part of [".result-title a", ".result-paper", ".result-date", ".result-unit", ".result-excerpt"]) {
      expect((await first.locator(part).innerText()).trim().length, part).toBeGreaterThan(0);
    }
    // Pagefind's stored text has zero-width spaces between its words; a match runs across them (rank.js).
    expect((await first.locator(".result-excerpt mark").first().innerText()).replace(/\u200b/g, "")).toBe(QUERY);
    await shoot(page, "search");

    // Filter groups carry Chinese labels and counts.
    const labels = await page.locator(".search-control > span").allInnerTexts();
    expect(labels).toEqual(["报纸", "单位", "作者", "年份", "从", "到", "类别", "排序"]);
    const paper = exact[0]!.paperName;
    // The menus count their values once the reader turns to them.
    await turnToMenus(page);
    const option = page.locator('select[data-filter="paper"] option', { hasText: paper });
    expect(await option.innerText()).toMatch(new RegExp(`^${paper}（\\d+）$`));
    before = await runs(page);
    await page.locator('select[data-filter="paper"]').selectOption(paper);
    await settled(page, before);
    expect(new URL(page.url()).searchParams.get("paper")).toBe(paper);
    const filtered = await results(page);
    expect(filtered.length).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get("q")).toBe(QUERY);
    const paperArticles = new Set(articles.filter((a) => a.paperName === paper).map((a) => a.title));
    for (const r of filtered) expect(paperArticles.has(r.title), r.title).toBe(true);

    // The URL alone brings the same search back.
    const fresh = await site.newPage();
    await fresh.goto(page.url());
    await settled(fresh);
    expect(await results(fresh)).toEqual(filtered);
    expect(await fresh.locator("#search-q").inputValue()).toBe(QUERY);
    expect(await fresh.locator('select[data-filter="paper"]').inputValue()).toBe(paper);
    // The search page has one search box: the header's is left off there.
    expect(await fresh.locator("#site-q").count()).toBe(0);
    expect(site.problems(page)).toEqual([]);
    expect(site.problems(fresh)).toEqual([]);
    await fresh.close();
    await page.close();
  });

  it("sorts by date, newest first, exact matches still first, and pages on", async () => {
    const page = await site.newPage({ viewport: "phone" });
    await page.goto(site.url(`/search/?q=${encodeURIComponent("安全")}`));
    await settled(page);
    const before = await runs(page);
    // On a phone the filters and sort start folded under their summary.
    await page.locator(".search-filters > summary").click();
    await page.locator("select[data-sort]").selectOption("new");
    await settled(page, before);
    expect(new URL(page.url()).searchParams.get("sort")).toBe("new");
    // The next page continues the list where the first ended.
    const firstPage = await results(page);
    expect(firstPage.length).toBe(10);
    await page.locator(".search-more").click();
    await expect.poll(() => page.locator(".search-results .result").count()).toBeGreaterThan(firstPage.length);
    expect((await results(page)).slice(0, firstPage.length)).toEqual(firstPage);
    const rows = await page.locator(".search-results .result").evaluateAll((els) => els.map((e) => ({
      exact: e.classList.contains("result-exact"), date: e.querySelector(".result-date")?.textContent ?? "",
    })));
    expect(rows.length).toBeGreaterThan(3);
    const firstOther = rows.findIndex((r) => !r.exact);
    const parts = firstOther < 0 ? [rows] : [rows.slice(0, firstOther), rows.slice(firstOther)];
    expect(parts.flat().filter((r) => r.exact).length).toBe(firstOther < 0 ? rows.length : firstOther);
    for (const part of parts) {
      const keys = part.map((r) => dateKey(r.date));
      expect(keys).toEqual([...keys].sort().reverse());
    }
    await shoot(page, "search-date");
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("a quoted query lists only the articles holding the phrase", async () => {
    const page = await site.newPage();
    for (const q of [`"${QUERY}"`, `“${QUERY}”`]) {
      await page.goto(site.url(`/search/?q=${encodeURIComponent(q)}`));
      await settled(page);
      const found = await results(page);
      expect(found.map((r) => r.title).sort(), q).toEqual(exactArticles(site, QUERY).map((a) => a.title).sort());
      expect(found.every((r) => r.exact)).toBe(true);
      expect(await page.locator(".result-divider").count()).toBe(0);
      expect(await page.locator(".search-more").isVisible()).toBe(false);
    }
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("carries the highlight to the article page, and clears it", async () => {
    const page = await site.newPage();
    await page.goto(site.url(`/search/?q=${encodeURIComponent(QUERY)}`));
    await settled(page);
    const href = (await results(page))[0]!.href;
    expect(new URL(href, site.base).searchParams.get("hl")).toBe(QUERY);
    await Promise.all([page.waitForURL((u) => u.searchParams.has("hl")), page.locator(".search-results .result-title a").first().click()]);
    await page.locator("article mark.hl").first().waitFor({ timeout: 10_000 });
    const marks = await page.locator("article mark.hl").allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m.replace(/\s+/g, "")).toBe(QUERY);
    expect(await page.locator(".hl-bar").innerText()).toContain("清除高亮");
    // The first occurrence in the text is the one scrolled into view.
    const top = await page.locator("article mark.hl").first().evaluate((m) => m.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(VIEWPORTS.desktop.height);
    await shoot(page, "search-article", { fullPage: false });
    await page.locator(".hl-bar button").click();
    expect(await page.locator("mark.hl").count()).toBe(0);
    expect(new URL(page.url()).searchParams.has("hl")).toBe(false);
    // A hostile hl value is matched as text and never parsed as HTML.
    await page.goto(`${page.url()}?hl=${encodeURIComponent("<img src=x onerror=alert(1)>")}`);
    await page.waitForLoadState("load");
    expect(await page.locator("article img").count()).toBe(0);
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("the header search box on any page lands on the search page with the query run", async () => {
    const page = await site.newPage({ viewport: "phone" });
    await page.goto(site.url("/units/"));
    await page.locator("#site-q").fill(QUERY);
    await Promise.all([page.waitForURL(/\/search\/\?q=/), page.locator("#site-q").press("Enter")]);
    await settled(page);
    expect(await page.locator("#search-q").inputValue()).toBe(QUERY);
    expect((await results(page)).length).toBeGreaterThan(0);
    await shoot(page, "search-from-header");
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("keeps its note when JavaScript is off", async () => {
    const page = await site.newPage({ javaScriptEnabled: false });
    await page.goto(site.url(`/search/?q=${encodeURIComponent(QUERY)}`));
    expect(await page.locator("main").innerText()).toContain("站内搜索需要启用 JavaScript");
    expect(await page.locator(".search-body").isVisible()).toBe(false);
    await page.close();
  });
});

describe("search under a path prefix", () => {
  it("loads its index, links results and highlights under /archive/", async () => {
    const page = await prefixed.newPage();
    await page.goto(prefixed.url(`/search/?q=${encodeURIComponent(QUERY)}`));
    await settled(page);
    const found = await results(page);
    expect(found.length).toBeGreaterThan(0);
    for (const r of found) expect(r.href.startsWith("/archive/"), r.href).toBe(true);
    await Promise.all([page.waitForURL(/\/archive\/.+hl=/), page.locator(".search-results .result-title a").first().click()]);
    await page.locator("article mark.hl").first().waitFor({ timeout: 10_000 });
    expect(prefixed.problems(page)).toEqual([]);
    await page.close();
  });
});
