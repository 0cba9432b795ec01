/**
 * Paging through a long list in Chromium, at desktop and phone width. The demo's lists are short, so the fixture is
 * the demo archive plus 15 dated copies of its 30-article 劲旅 issue: 336 news pieces, which the site cuts into two
 * blocks of 100 counted from the oldest and the newest 136 at /kinds/news/ (site-lists.ts). Expectations come from
 * buildSiteData on the same files.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import type { SiteData } from "../../src/site/site-types.ts";
import { shoot, useArchiveSite } from "./harness.ts";

const ISSUE = "jinlv/000_5f169d79d2658df9.txt";
const COPIES = 15;
const fixture = mkdtempSync(path.join(os.tmpdir(), "baokan-lists-"));
const content = path.join(fixture, "content");
cpSync("content", content, { recursive: true });
for (let d = 1; d <= COPIES; d++) writeFileSync(path.join(content, `jinlv/2099-01-${String(d).padStart(2, "0")}.txt`), readFileSync(path.join("content", ISSUE)));

const site = useArchiveSite({ contentDir: content });
let data: SiteData;
beforeAll(async () => {
  data = buildSiteData(await loadArchive(content));
});
afterAll(() => rmSync(fixture, { recursive: true, force: true }));

const listHrefs = (page: Page) => page.locator("ol.article-list > li > a:first-child").evaluateAll((els) => els.map((e) => e.getAttribute("href")!));

describe("a long list", () => {
  it("pages from the newest articles down to the oldest block and back, each page numbered from the oldest", async () => {
    const pages = data.kindPages.filter((p) => p.head.kind === "news" && p.head.paper === null);
    expect(pages.filter((p) => p.block > 0).length).toBeGreaterThanOrEqual(2); // the fixture is long enough to page
    const all = pages.flatMap((p) => p.items.map((a) => a.url));
    const page = await site.newPage();
    await page.goto(site.url("/kinds/news/"));
    const seen: string[] = [];
    for (const [j, p] of pages.entries()) {
      expect(new URL(page.url()).pathname).toBe(p.url);
      seen.push(...(await listHrefs(page)));
      const ol = page.locator("ol.article-list");
      expect([await ol.getAttribute("reversed"), await ol.getAttribute("start")]).toEqual(["", String(p.to)]);
      const pager = await page.locator(".list-pager").first().innerText();
      expect(pager).toContain(`第 ${p.from}–${p.to} 篇`);
      expect(pager).toContain(p.span);
      if (p.block === 0) {
        // The newest page carries the counts; block pages show none that would change as the list grows.
        expect(await page.locator(".filter-links").innerText()).toContain(String(all.length));
      } else {
        expect(await page.locator(".filter-links").count()).toBe(0);
        expect(await page.locator("main").innerText()).not.toContain(String(all.length));
        expect(await page.locator(".breadcrumb a").evaluateAll((els) => els.map((e) => e.getAttribute("href")))).toContain("/kinds/news/");
        expect(await page.title()).toContain(p.span);
      }
      if (j === 1) {
        await shoot(page, "list-block", { fullPage: false });
        // The pager and the block page's head pass axe as the other page types do (a11y.test.ts).
        await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
        const serious = await page.evaluate(async () => {
          const w = window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null }[] }> } };
          return (await w.axe.run(document, { resultTypes: ["violations"] })).violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
        });
        expect(serious).toEqual([]);
      }
      const older = page.locator("a[rel=next]").first();
      if (j === pages.length - 1) expect(await page.locator("a[rel=next]").count()).toBe(0);
      else await Promise.all([page.waitForURL((u) => u.pathname === pages[j + 1]!.url), older.click()]);
    }
    expect(seen).toEqual(all);
    // And back up: 较新 from the oldest block, then 最新的文章 from any block.
    await Promise.all([page.waitForURL((u) => u.pathname === pages.at(-2)!.url), page.locator("a[rel=prev]").first().click()]);
    await Promise.all([page.waitForURL((u) => u.pathname === "/kinds/news/"), page.locator(".list-pager a", { hasText: "最新的文章" }).first().click()]);
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("fits the pager on a phone, JavaScript off", async () => {
    const block = data.kindPages.find((p) => p.head.kind === "news" && p.head.paper === "jinlv" && p.block > 0 && p.newer && p.older);
    expect(block).toBeDefined();
    const page = await site.newPage({ viewport: "phone", javaScriptEnabled: false });
    await page.goto(site.url(block!.url));
    for (const box of await page.locator(".list-pager a").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.right).toBeLessThanOrEqual(390);
      expect(box.height).toBeGreaterThanOrEqual(16);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await listHrefs(page)).toEqual(block!.items.map((a) => a.url));
    await shoot(page, "list-block-paper", { fullPage: false });
    await page.goto(site.url("/kinds/news/jinlv/"));
    await shoot(page, "list-newest-paper", { fullPage: false });
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });
});
