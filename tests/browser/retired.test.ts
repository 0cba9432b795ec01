/**
 * The address of an article number whose text a correction merged into another article (content/article-ledger.ts,
 * templates/retired.njk), opened as a reader opens an old citation: the browser lands on the article holding the
 * text; the page itself (its refresh held back so it can be looked at) says where the text went, passes axe in both
 * colour schemes and does not scroll sideways at 390 px. Screenshots: page-retired[-dark]-{desktop,phone}.png.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { axe, seriousViolations, shoot, useArchiveSite } from "./harness.ts";

// The demo archive with one more correction: 劲旅's articles 3 and 4 are one piece.
const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-retired-"));
const content = path.join(tmp, "content");
cpSync("content", content, { recursive: true });
const fix = path.join(content, "jinlv", "000_5f169d79d2658df9.fix.yaml");
writeFileSync(fix, `${readFileSync(fix, "utf8")}merge: [[3, 4]]\n`);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const site = useArchiveSite({ contentDir: content });
const jinlv = buildSiteData(await loadArchive(content)).issues.find((i) => i.url.startsWith("/jinlv/"))!;
const RETIRED = `${jinlv.url}04/`;
const TARGET = `${jinlv.url}03/`;

describe("a merged article's old address", () => {
  it("takes the reader to the article that holds its text", async () => {
    const page = await site.newPage();
    await page.goto(site.url(RETIRED));
    await page.waitForURL(site.url(TARGET));
    expect(await page.locator("h1").first().textContent()).not.toContain("已并入");
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  for (const scheme of ["light", "dark"] as const) {
    it(`says where the text went, with no serious axe violation (${scheme})`, async () => {
      const page = await site.newPage({ colorScheme: scheme });
      // Hold the refresh back (a reader never stays on this page) so the page itself can be checked.
      await page.route(site.url(RETIRED), async (route) => {
        const res = await route.fetch();
        await route.fulfill({ response: res, body: (await res.text()).replace(/<meta http-equiv="refresh"[^>]*>/, "") });
      });
      await page.goto(site.url(RETIRED));
      await page.waitForLoadState("networkidle");
      expect(page.url()).toBe(site.url(RETIRED));
      expect(await page.locator("h1").textContent()).toBe("这篇文章已并入另一篇");
      expect(await page.locator(".lede").textContent()).toContain("本期原第 4 篇");
      expect(await page.locator("a.retired-target").getAttribute("href")).toBe(TARGET);
      expect(await page.locator('link[rel="canonical"]').getAttribute("href")).toMatch(new RegExp(`${TARGET.replace(/\//g, "\\/")}$`));
      const found = seriousViolations(await axe(page));
      await shoot(page, `page-retired${scheme === "dark" ? "-dark" : ""}`);
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) found.push(`scrolls sideways by ${overflow} px at 390 px`);
      found.push(...site.problems(page));
      await page.close();
      expect(found).toEqual([]);
    });
  }
});
