/**
 * Live reload in a real browser: `baokan serve`'s dev server runs on a temp copy of the demo archive, an article
 * page is open in headless Chromium, a raw file is saved with a change, and the open page reloads by itself and
 * shows it — with no console errors, and no script in the built files. A rebuild that fails shows its error in a
 * banner on the open page (which still shows the previous site); fixing the file reloads the page without it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { ParseCache } from "../../src/content/parse-cache.ts";
import { startDevServer, type DevServer } from "../../src/site/dev-server.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./harness.ts";

const MARK = "页面自动刷新";
const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-serve-browser-"));
const content = path.join(tmp, "content");
const log: string[] = [];
let dev: DevServer;
let browser: Browser;
let target: { url: string; file: string; run: string };

beforeAll(async () => {
  cpSync("content", content, { recursive: true });
  // Loaded with the temp folder as the project root, so record paths are relative to it (never the real content/).
  const archive = await loadArchive(content, tmp);
  const data = buildSiteData(archive);
  // An article and a run of its Chinese text that occurs once in its raw file: where the change goes.
  search: for (const a of data.articles) {
    const file = path.resolve(tmp, a.sourceFile);
    const raw = readFileSync(file, "utf8");
    const issue = archive.issues.find((i) => i.file === a.sourceFile)!;
    for (const para of issue.articles.find((x) => x.index === a.index)!.body) {
      const m = /\p{Script=Han}{8}/u.exec(para);
      if (m && raw.split(m[0]).length === 2) {
        target = { url: a.url, file, run: m[0] };
        break search;
      }
    }
  }
  expect(target.file.startsWith(tmp)).toBe(true);
  dev = await startDevServer({
    contentDir: content, outDir: path.join(tmp, "site"), port: 0, cache: new ParseCache(path.join(tmp, ".cache")),
    debounceMs: 50, log: (l) => log.push(l),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dev?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("baokan serve in the browser", () => {
  it("an open page reloads by itself after a saved change and shows it", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
    await page.goto(new URL(target.url.replace(/^\//, ""), dev.url).href);
    expect(await page.locator("article").innerText()).toContain(target.run);
    // A mark on the window: a reload (and only a reload) clears it.
    await page.evaluate(() => { (window as unknown as { stale: boolean }).stale = true; });
    // Wait until the page's event stream is open, so the test does not race the connection.
    await expect.poll(() => dev.live!.connections, { timeout: 10_000 }).toBeGreaterThan(0);

    const raw = readFileSync(target.file, "utf8");
    writeFileSync(target.file, raw.replace(target.run, `${target.run}${MARK}`));
    // Polled rather than one awaited "load": a template saved by someone else meanwhile reloads the page too.
    await expect.poll(() => page.locator("article").innerText().catch(() => ""), { timeout: 20_000 }).toContain(`${target.run}${MARK}`);
    expect(await page.evaluate(() => (window as unknown as { stale?: boolean }).stale)).toBeUndefined();
    expect(log.some((l) => /^\[rebuild\] 重新解析 \d+ 个文件中的 1 个：/.test(l))).toBe(true);
    // The page got its script from the server; the file on disk has none.
    expect(await page.locator('script[src$="__baokan/reload.js"]').count()).toBe(1);
    const built = readFileSync(path.join(tmp, "site", ...target.url.split("/").filter(Boolean), "index.html"), "utf8");
    expect(built).toContain(MARK);
    expect(built).not.toContain("__baokan");
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it("a failed rebuild shows its error in a banner on the open page; the fix reloads the page without it", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(new URL(target.url.replace(/^\//, ""), dev.url).href);
    await expect.poll(() => dev.live!.connections, { timeout: 10_000 }).toBeGreaterThan(0);
    const bad = path.join(path.dirname(target.file), "2024-02-30.txt");
    writeFileSync(bad, "");
    const banner = page.locator("#baokan-build-error");
    await banner.waitFor({ state: "visible", timeout: 30_000 });
    expect(await banner.getAttribute("role")).toBe("alert");
    const text = await banner.innerText();
    expect(text).toContain("重建失败");
    expect(text).toContain("2024-02-30.txt");
    // The page under it is still the previous build's.
    expect(await page.locator("article").innerText()).toContain(target.run);
    // A page opened while the failure stands shows it too.
    const late = await browser.newPage();
    await late.goto(new URL(target.url.replace(/^\//, ""), dev.url).href);
    await late.locator("#baokan-build-error").waitFor({ state: "visible", timeout: 10_000 });
    await late.close();

    await page.evaluate(() => { (window as unknown as { stale: boolean }).stale = true; });
    rmSync(bad);
    await expect.poll(() => page.evaluate(() => (window as unknown as { stale?: boolean }).stale).catch(() => true), { timeout: 30_000 }).toBeUndefined();
    await page.locator("article").waitFor({ timeout: 10_000 });
    expect(await page.locator("#baokan-build-error").count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
