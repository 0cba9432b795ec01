/**
 * Accessibility of every page type in headless Chromium: axe-core finds no serious or critical violation in the
 * light and the dark colour scheme; no page scrolls sideways at 390 px; the skip link shows on focus and moves
 * focus to <main>; every focusable control shows a focus ring; the print stylesheet gives black on white with the
 * page address and without the site chrome. Screenshots of each page type in both schemes at both widths go to
 * test-artifacts/screenshots/page-<type>[-dark]-{desktop,phone}.png. The 关于 page and /404.html are page types too.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { DEFAULT_SITE_URL } from "../../src/site/site-config.ts";
import { axe, seriousViolations, shoot, useArchiveSite } from "./harness.ts";

const site = useArchiveSite();

// The page types, one representative each, chosen from the parsed records.
const data = buildSiteData(await loadArchive("content"));
const issue = [...data.issues].sort((a, b) => b.articleCount - a.articleCount)[0]!;
/** The article with the most furniture (unit, byline, kicker, column, captions): the most to get wrong. */
const score = (a: (typeof data.articles)[number]) => Number(!!a.unit) + Number(!!a.byline) + Number(!!a.kicker) + Number(!!a.column) + a.captions.length;
const ARTICLE = [...data.articles].sort((a, b) => score(b) - score(a))[0]!.url;
const PAGES: [type: string, sitePath: string][] = [
  ["home", "/"],
  ["paper", issue.paperUrl],
  ["issue", issue.url],
  ["article", ARTICLE],
  ["units", "/units/"],
  ["unit", data.units[0]!.url],
  ["search", "/search/?q=安全生产"],
  ["data", "/data/"],
  // Built by the browse pages; checked when they exist in the build.
  ["dates", "/dates/"],
  ["authors", "/authors/"],
  ["about", "/about/"],
  ["404", "/404.html"],
];

/** The built file behind a site path: /units/ → units/index.html, /404.html → 404.html. */
function builtFile(outDir: string, sitePath: string): string {
  const clean = sitePath.replace(/\?.*$/, "");
  return path.join(outDir, ...clean.split("/").filter(Boolean), clean.endsWith("/") ? "index.html" : "");
}

/** Waits until the page has settled: the search page renders results (links to article pages), then its part-matches. */
async function settle(page: Page, type: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  if (type !== "search") return;
  await expect.poll(() => page.locator("main a[href]").evaluateAll((els) => els.some((e) => /\/\d{2}\/(\?.*)?$/.test(e.getAttribute("href") ?? ""))), { timeout: 30_000 }).toBe(true);
  // The part-matches follow the exact ones (search.js data-part): the complete page is checked.
  await page.waitForFunction(() => document.getElementById("search")?.dataset.part !== "pending", undefined, { timeout: 30_000 });
  await page.waitForLoadState("networkidle");
}

for (const scheme of ["light", "dark"] as const) {
  describe(`every page type in the ${scheme} scheme`, () => {
    for (const [type, sitePath] of PAGES) {
      it(`${type}: no serious or critical axe violations, no sideways scroll at 390 px`, async (ctx) => {
        if (!existsSync(builtFile(site.outDir, sitePath))) ctx.skip();
        const found: string[] = [];
        const page = await site.newPage({ colorScheme: scheme });
        await page.goto(site.url(sitePath));
        await settle(page, type);
        // The emulated scheme really applies: a dark page has a dark background (every channel below 64).
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const channels = bg.match(/\d+/g)!.slice(0, 3).map(Number);
        expect(channels.every((c) => (scheme === "dark" ? c < 64 : c > 200)), `${type} ${scheme} background ${bg}`).toBe(true);
        found.push(...seriousViolations(await axe(page)));
        await shoot(page, `page-${type}${scheme === "dark" ? "-dark" : ""}`);
        await page.setViewportSize({ width: 390, height: 844 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) found.push(`scrolls sideways by ${overflow} px at 390 px`);
        found.push(...site.problems(page));
        await page.close();
        expect(found, `${type} ${sitePath} (${scheme})`).toEqual([]);
      });
    }
  });
}

describe("keyboard", () => {
  it("shows the skip link on the first Tab and moves focus to the main content", async () => {
    const page = await site.newPage({ viewport: "phone" });
    await page.goto(site.url(ARTICLE));
    await page.keyboard.press("Tab");
    const skip = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const r = el.getBoundingClientRect();
      return { cls: el.className, top: r.top, bottom: r.bottom, text: el.textContent };
    });
    expect(skip.cls).toBe("skip-link");
    expect(skip.top).toBeGreaterThanOrEqual(0);
    expect(skip.bottom).toBeGreaterThan(skip.top + 10);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    // The next Tab continues inside main, not back in the header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("main"))).toBe(true);
    await page.close();
  });

  it("draws a visible focus ring on every control reached by Tab", async () => {
    for (const scheme of ["light", "dark"] as const) {
      const page = await site.newPage({ colorScheme: scheme });
      await page.goto(site.url(ARTICLE));
      const seen = new Set<string>();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press("Tab");
        const f = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const cs = getComputedStyle(el);
          return { what: `${el.tagName.toLowerCase()}.${el.className} ${el.getAttribute("href") ?? ""}`, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), shadow: cs.boxShadow };
        });
        if (!f || seen.has(f.what)) break;
        seen.add(f.what);
        expect(f.style !== "none" && f.width >= 2 || f.shadow !== "none", `${scheme}: no focus ring on ${f.what}`).toBe(true);
      }
      expect(seen.size).toBeGreaterThan(8);
      await page.close();
    }
  });
});

describe("print", () => {
  it("prints an article black on white with its address, without header, search or pager", async () => {
    // Dark on screen, to show print overrides the scheme.
    const page = await site.newPage({ colorScheme: "dark" });
    const articlePath = ARTICLE;
    await page.goto(site.url(articlePath));
    await page.emulateMedia({ media: "print", colorScheme: "dark" });
    const shown = await page.evaluate(() => {
      const visible = (sel: string) => [...document.querySelectorAll(sel)].some((e) => getComputedStyle(e).display !== "none");
      const body = getComputedStyle(document.body);
      const h1 = getComputedStyle(document.querySelector("article h1")!);
      return {
        header: visible(".site-header"), search: visible(".site-search"), pager: visible(".pager"), footer: visible(".site-footer"),
        text: document.body.innerText,
        bg: body.backgroundColor, fg: body.color, h1: h1.color, article: visible("article"),
      };
    });
    expect(shown).toMatchObject({ header: false, search: false, pager: false, footer: false, article: true });
    // With no public address configured, the address on paper is the build's default root in the citation block
    // (never the address the page was opened at); prefix.test.ts checks the configured .print-url line.
    expect(shown.text).toContain(`${DEFAULT_SITE_URL}${articlePath.slice(1)}`);
    expect(shown.text).not.toContain("跳到正文");
    expect(shown.bg).toBe("rgb(255, 255, 255)");
    expect(shown.fg).toBe("rgb(0, 0, 0)");
    expect(shown.h1).toBe("rgb(0, 0, 0)");
    await page.pdf({ path: "test-artifacts/screenshots/print-article.pdf" }).catch(() => {});
    await page.close();
  });
});
