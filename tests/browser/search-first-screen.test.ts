/**
 * A routed search's first screen does not wait for Pagefind (issue 16, time to the first screen): the exact matches
 * and their true count come from the routing index and the matches' own fragments, so with Pagefind's JS and index
 * held back (page.route) the page still lists every exact match and states its count; the articles holding only a
 * part of the query come once Pagefind is let through, below the exact ones, and the status line adds 另有 N.
 * Expected matches come from the built pages' text, not from the search code.
 */
import type { Page, Route } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import type { SiteArticle } from "../../src/site/site-types.ts";
import { articlesHolding, settled, useArchiveSite } from "./harness.ts";

const site = useArchiveSite();
let articles: SiteArticle[] = [];

beforeAll(async () => {
  articles = buildSiteData(await loadArchive("content")).articles;
});

const holding = (q: string): SiteArticle[] => articlesHolding(site.outDir, articles, q);

/**
 * Holds back Pagefind's own files (its JS, worker, wasm, entry, index and metadata); the routing index, the
 * route-docs lists and the fragments pass. `release()` lets the held ones and every later one through.
 */
async function holdPagefind(page: Page): Promise<{ held: () => number; served: () => number; release: () => void }> {
  const ours = /\/pagefind\/(shards\.json|[^/]+\/(\d+|p\d+)\.pf_route|[^/]+\/route-docs\/|[^/]+\/fragment\/|[^/]+\/facets\.pf_facets)/;
  let open: () => void = () => {};
  const gate = new Promise<void>((r) => (open = r));
  let held = 0;
  let served = 0;
  await page.route((url) => url.pathname.includes("/pagefind/") && !ours.test(url.pathname), async (route: Route) => {
    held++;
    await gate;
    await route.continue();
  });
  page.on("response", (r) => { if (/\/pagefind\/[^/]+\/pagefind(-worker)?\.js$/.test(new URL(r.url()).pathname)) served++; });
  return { held: () => held, served: () => served, release: () => open() };
}

async function results(page: Page): Promise<{ href: string; exact: boolean }[]> {
  return page.locator(".search-results .result").evaluateAll((els) => els.map((e) => ({
    href: new URL(e.querySelector(".result-title a")?.getAttribute("href") ?? "", location.href).pathname,
    exact: e.classList.contains("result-exact"),
  })));
}

/** The complete status line's 另有 N (it must state the exact count first); NaN when it does not read so. */
function partCount(status: string, q: string, exact: number): number {
  return Number(new RegExp(`^共 ${exact} 篇含“${q}”，另有 (\\d+) 篇含其中的字词$`).exec(status)?.[1] ?? NaN);
}

const part = (page: Page) => page.evaluate(() => document.getElementById("search")?.dataset.part);
const statusLine = (page: Page) => page.locator(".search-status").innerText();
const runs = (page: Page) => page.evaluate(() => Number(document.getElementById("search")?.dataset.runs ?? 0));

describe("the first screen of a routed search", () => {
  it("lists every exact match and the true count before Pagefind loads, then adds the part-matches below", async () => {
    const q = "技术创新";
    const exact = holding(q).map((a) => a.url);
    // Fewer than a page: the part-matches are asked for right after the first screen.
    expect(exact.length).toBeGreaterThan(0);
    expect(exact.length).toBeLessThan(10);
    const page = await site.newPage();
    const pf = await holdPagefind(page);
    await page.goto(site.url(`/search/?q=${encodeURIComponent(q)}`));
    await settled(page, 0, { firstScreen: true });
    const first = await results(page);
    expect(first.map((r) => r.href).sort()).toEqual([...exact].sort());
    expect(first.every((r) => r.exact)).toBe(true);
    expect(await statusLine(page)).toBe(`共 ${exact.length} 篇含“${q}”`);
    expect(await part(page)).toBe("pending");
    expect(pf.served()).toBe(0);
    // The part-match search has started (it is what is held back).
    await expect.poll(() => pf.held()).toBeGreaterThan(0);

    pf.release();
    await settled(page);
    expect(await part(page)).toBe("done");
    const all = await results(page);
    const others = partCount(await statusLine(page), q, exact.length);
    expect(others).toBeGreaterThan(0);
    // What was on screen stays where it was; the part-matches come below, after the divider, filling the page.
    expect(all.slice(0, first.length)).toEqual(first);
    expect(all.length).toBe(Math.min(10, exact.length + others));
    expect(all.slice(first.length).every((r) => !r.exact)).toBe(true);
    expect(await page.locator(".search-results > li").nth(first.length).getAttribute("class")).toBe("result-divider");
    expect(site.problems(page)).toEqual([]);
  });

  it("with a page full of exact matches, pages on through them while Pagefind is still held back", async () => {
    const q = "安全生产";
    const exact = holding(q).map((a) => a.url);
    expect(exact.length).toBeGreaterThan(10);
    expect(exact.length).toBeLessThanOrEqual(20);
    const page = await site.newPage();
    const pf = await holdPagefind(page);
    await page.goto(site.url(`/search/?q=${encodeURIComponent(q)}`));
    await settled(page, 0, { firstScreen: true });
    expect((await results(page)).map((r) => r.exact)).toEqual(Array(10).fill(true));
    expect(await statusLine(page)).toBe(`共 ${exact.length} 篇含“${q}”`);
    const more = page.locator(".search-more");
    expect(await more.isVisible()).toBe(true);
    expect(await more.textContent()).toBe("显示更多结果");
    const before = await runs(page);
    await more.click();
    await settled(page, before, { firstScreen: true });
    const shown = await results(page);
    expect(shown.map((r) => r.href).sort()).toEqual([...exact].sort());
    expect(shown.every((r) => r.exact)).toBe(true);
    expect(pf.served()).toBe(0);

    pf.release();
    await settled(page, before);
    const all = await results(page);
    const others = partCount(await statusLine(page), q, exact.length);
    expect(others).toBeGreaterThan(0);
    expect(all.slice(0, shown.length)).toEqual(shown);
    // The page the exact matches ended on is filled up with part-matches.
    expect(all.length).toBe(Math.min(20, exact.length + others));
    expect(all.slice(shown.length).every((r) => !r.exact)).toBe(true);
    expect(site.problems(page)).toEqual([]);
  });

  it("a quoted query never loads Pagefind: its exact matches are all it lists", async () => {
    const q = "电解厂";
    const exact = holding(q).map((a) => a.url);
    const page = await site.newPage();
    const pf = await holdPagefind(page);
    await page.goto(site.url(`/search/?q=${encodeURIComponent(`"${q}"`)}`));
    await settled(page);
    expect((await results(page)).map((r) => r.href).sort()).toEqual([...exact].sort());
    expect(await statusLine(page)).toBe(`共 ${exact.length} 篇含“${q}”`);
    expect(await page.locator(".search-more").isVisible()).toBe(false);
    expect(pf.held()).toBe(0);
    expect(site.problems(page)).toEqual([]);
  });
});
