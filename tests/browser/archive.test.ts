/**
 * A reader in headless Chromium (Debian's chromium driven by playwright-core): search the demo archive in
 * Chinese, click through to an article, browse home → paper → issue → article, and save screenshots of each
 * page type at phone and desktop width to test-artifacts/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/site/build-site.ts";
import { serve, type RunningServer } from "../../src/site/serve.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-browser-"));
const shots = path.resolve("test-artifacts/screenshots");
let server: RunningServer;
let browser: Browser;
let base: string;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  await buildSite({ contentDir: "content", outDir: path.join(tmp, "_site"), log: () => {} });
  server = await serve({ dir: path.join(tmp, "_site"), port: 0, host: "127.0.0.1", log: () => {} });
  base = server.url.replace(/\/?$/, "/");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function shoot(page: Page, name: string): Promise<void> {
  for (const [label, width] of [["desktop", 1280], ["phone", 390]] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(shots, `flow-${name}-${label}.png`), fullPage: false });
  }
}

async function search(page: Page, q: string): Promise<string[]> {
  await page.goto(`${base}search/?q=${encodeURIComponent(q)}`);
  const result = page.locator(".pagefind-ui__result");
  await result.first().waitFor({ timeout: 30_000 });
  return result.allInnerTexts();
}

describe("a reader in the browser", () => {
  it("searches 安全生产 and 郝跃鹏 and opens an article", async () => {
    const page = await browser.newPage();
    expect((await search(page, "安全生产")).length).toBeGreaterThan(0);
    const hits = await search(page, "郝跃鹏");
    expect(hits.some((t) => t.includes("郝跃鹏"))).toBe(true);
    await shoot(page, "search");
    await page.locator(".pagefind-ui__result-link").first().click();
    await page.waitForLoadState("load");
    expect(await page.locator("h1").count()).toBe(1);
    expect(await page.locator("[data-pagefind-body]").count()).toBe(1);
    await page.close();
  });

  it("browses home → paper → issue → article by clicks", async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await shoot(page, "home");
    await page.getByRole("link", { name: /劲旅/ }).first().click();
    await page.waitForLoadState("load");
    expect(page.url()).toContain("/jinlv/");
    await page.locator("main a[href*='/jinlv/2024-01']").first().click();
    await page.waitForLoadState("load");
    expect(await page.content()).toContain("未归入文章的文字");
    await shoot(page, "issue");
    await page.locator("main a[href*='/jinlv/2024-01/']").nth(1).click();
    await page.waitForLoadState("load");
    expect(await page.locator("article h1, h1").count()).toBeGreaterThan(0);
    await shoot(page, "article");
    await page.close();
  });
});
