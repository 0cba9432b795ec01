/**
 * The site as a reader uses it, in headless Chromium: search from the URL and from the box, follow a result,
 * browse home → paper → issue → article by clicks. Screenshots land in test-artifacts/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/site/build-site.ts";
import { serve, type RunningServer } from "../../src/site/serve.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = path.resolve("test-artifacts/screenshots");
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-browser-"));
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await buildSite({ contentDir: "content", outDir: path.join(tmp, "_site"), log: () => {} });
  server = await serve({ dir: path.join(tmp, "_site"), port: 0, host: "127.0.0.1", log: () => {} });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function newPage(viewport: keyof typeof VIEWPORTS = "desktop"): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORTS[viewport], locale: "zh-CN" });
  page.on("pageerror", (e) => { throw e; });
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const [label, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

describe("search", () => {
  it("runs the ?q= query from the URL and shows results", async () => {
    const page = await newPage();
    await page.goto(new URL("/search/?q=安全生产", server.url).href);
    const results = page.locator(".pagefind-ui__result");
    await results.first().waitFor({ timeout: 15_000 });
    expect(await results.count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator(".pagefind-ui__message").innerText()).toMatch(/安全生产/);
    // Filter groups and result tags read in Chinese, though the index keys are English.
    await expect.poll(() => page.locator(".pagefind-ui__filter-name").allInnerTexts()).toEqual(expect.arrayContaining(["报纸", "单位", "年份", "类别"]));
    expect(await page.locator(".pagefind-ui__result-tag").first().innerText()).toMatch(/^日期: /);
    await shoot(page, "search");
    await page.close();
  });

  it("finds a person named in a body and opens the article", async () => {
    const page = await newPage();
    await page.goto(new URL("/search/", server.url).href);
    const input = page.locator(".pagefind-ui__search-input");
    await input.fill("郝跃鹏");
    const hit = page.locator(".pagefind-ui__result", { hasText: "郝跃鹏" });
    await hit.first().waitFor({ timeout: 15_000 });
    expect(page.url()).toContain("q=");
    await hit.first().locator("a.pagefind-ui__result-link").first().click();
    await page.waitForURL(/\/\d{2}\/$/);
    await expect.poll(() => page.locator("h1").innerText()).not.toBe("");
    expect(await page.locator("article[data-pagefind-body]").count()).toBe(1);
    await page.close();
  });

  it("the header search box submits to the search page", async () => {
    const page = await newPage();
    await page.goto(server.url);
    await page.locator("#site-q").fill("安全生产");
    await page.locator("#site-q").press("Enter");
    await page.waitForURL(/\/search\/\?q=/);
    await page.locator(".pagefind-ui__result").first().waitFor({ timeout: 15_000 });
    await page.close();
  });
});

describe("browsing", () => {
  it("goes home → paper → issue → article by clicks", async () => {
    const page = await newPage();
    await page.goto(server.url);
    await expect.poll(() => page.locator("h1").innerText()).toBe("报刊档案");
    await shoot(page, "home");

    await page.locator(".paper-card h2 a", { hasText: "劲旅" }).click();
    await page.waitForURL(/\/jinlv\/$/);
    await page.locator(".issue-table tbody a").first().click();
    await page.waitForURL(/\/jinlv\/[^/]+\/$/);
    expect(await page.locator("#unplaced-h").count()).toBe(1);
    await shoot(page, "issue");

    await page.locator("ol.toc > li > a").first().click();
    await page.waitForURL(/\/jinlv\/[^/]+\/\d{2}\/$/);
    expect((await page.locator("article h1").innerText()).length).toBeGreaterThan(0);
    expect(await page.locator(".breadcrumb a").count()).toBe(3);
    await shoot(page, "article");

    await page.goto(new URL("/units/", server.url).href);
    await shoot(page, "units");
    await page.close();
  });

  it("works without JavaScript except search", async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.phone });
    const page = await ctx.newPage();
    await page.goto(server.url);
    await page.locator(".paper-card h2 a").first().click();
    await page.locator(".issue-table tbody a").first().click();
    await page.locator("ol.toc > li > a").first().click();
    expect((await page.locator("article h1").innerText()).length).toBeGreaterThan(0);
    await ctx.close();
  });
});
