/**
 * The search page says what it found and offers what a reader needs (issue 16), in headless Chromium on the demo
 * archive: the status line's exact count, menus that count the listed results and offer only values that have some,
 * date sort both ways, a month range, an author filter, the query in the tab title, hints when nothing is found,
 * traditional characters folded to simplified (search and article highlighting), and a phone screen with one search
 * box and the first result above the fold. Expected values come from the built pages and the site data, not from
 * the search code.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import type { SiteArticle } from "../../src/site/site-types.ts";
import { articlesHolding, settled, SHOTS, turnToMenus, useArchiveSite, VIEWPORTS } from "./harness.ts";

const site = useArchiveSite();
const QUERY = "安全生产";
let articles: SiteArticle[] = [];

beforeAll(async () => {
  articles = buildSiteData(await loadArchive("content")).articles;
});

const holding = (q: string): SiteArticle[] => articlesHolding(site.outDir, articles, q);

const byUrl = () => new Map(articles.map((a) => [a.url, a]));

interface Row { title: string; url: string; exact: boolean; date: string; paper: string; unit: string }

async function rows(page: Page): Promise<Row[]> {
  return page.locator(".search-results .result").evaluateAll((els) => els.map((e) => ({
    title: e.querySelector(".result-title")?.textContent ?? "",
    url: new URL(e.querySelector(".result-title a")?.getAttribute("href") ?? "", location.href).pathname,
    exact: e.classList.contains("result-exact"),
    date: e.querySelector(".result-date")?.textContent ?? "",
    paper: e.querySelector(".result-paper")?.textContent ?? "",
    unit: (e.querySelector(".result-unit")?.textContent ?? "").replace(/^单位：/, ""),
  })));
}

const runs = (page: Page) => page.evaluate(() => Number(document.getElementById("search")?.dataset.runs ?? 0));

/** Opens a search and pages on until every result is listed. */
async function searchAll(page: Page, params: string): Promise<Row[]> {
  await page.goto(site.url(`/search/?${params}`));
  await settled(page);
  for (let i = 0; i < 20 && (await page.locator(".search-more").isVisible()); i++) {
    const before = await runs(page);
    await page.locator(".search-more").click();
    await settled(page, before);
  }
  return rows(page);
}

/** A select's options other than 全部/最早/最近 as value → count (the number in （）). */
async function menu(page: Page, name: string): Promise<Map<string, number>> {
  await turnToMenus(page);
  const opts = await page.locator(`select[name="${name}"] option`).evaluateAll((els) => els.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? "" })));
  return new Map(opts.filter((o) => o.value).map((o) => [o.value, Number(/（(\d+)）$/.exec(o.text)?.[1] ?? NaN)]));
}

function tally(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) if (v) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/** "2024年1月5日" / "2024年1月" → a key that sorts a month-only date as its month, before its days. */
function dateKey(label: string): string {
  const m = /(\d{4})年(?:(\d{1,2})月)?(?:(\d{1,2})日)?/.exec(label);
  return m ? `${m[1]}-${(m[2] ?? "00").padStart(2, "0")}-${(m[3] ?? "00").padStart(2, "0")}` : "0000";
}

describe("what the search page says it found", () => {
  it("counts the exact matches from the first screen, never says 候选, and its menus count the listed results", async () => {
    const page = await site.newPage();
    const exact = holding(QUERY).length;
    expect(exact).toBeGreaterThan(0);
    await page.goto(site.url(`/search/?q=${encodeURIComponent(QUERY)}`));
    await settled(page);
    // The first screen says what it found in the reader's words. (That it gives the exact count there already, for
    // every query, is the routing index's part: tests/browser/search-scope.test.ts.)
    const first = await page.locator(".search-status").innerText();
    expect(first).toMatch(new RegExp(`^共 \\d+ 篇含“${QUERY}”`));
    expect(await page.locator("body").innerText()).not.toContain("候选");
    const listed = await searchAll(page, `q=${encodeURIComponent(QUERY)}`);
    const status = await page.locator(".search-status").innerText();
    const rest = listed.length - exact;
    expect(status).toBe(rest > 0 ? `共 ${exact} 篇含“${QUERY}”，另有 ${rest} 篇含其中的字词` : `共 ${exact} 篇含“${QUERY}”`);
    expect(listed.filter((r) => r.exact).length).toBe(exact);
    expect(await page.locator("body").innerText()).not.toContain("候选");
    // Each menu offers exactly the values the listed results have, with their counts.
    expect(await menu(page, "unit")).toEqual(tally(listed.map((r) => r.unit)));
    expect(await menu(page, "paper")).toEqual(tally(listed.map((r) => r.paper)));
    const articleOf = byUrl();
    expect(await menu(page, "author")).toEqual(tally(listed.flatMap((r) => articleOf.get(r.url)?.authors ?? [])));
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("a quoted query counts and offers only its exact matches", async () => {
    const page = await site.newPage();
    const listed = await searchAll(page, `q=${encodeURIComponent(`“${QUERY}”`)}`);
    expect(listed.length).toBe(holding(QUERY).length);
    expect(await page.locator(".search-status").innerText()).toBe(`共 ${listed.length} 篇含“${QUERY}”`);
    expect(await menu(page, "unit")).toEqual(tally(listed.map((r) => r.unit)));
    expect(await menu(page, "paper")).toEqual(tally(listed.map((r) => r.paper)));
    await page.close();
  });

  it("shows the query in the tab title", async () => {
    const page = await site.newPage();
    await page.goto(site.url("/search/"));
    await settled(page);
    expect(await page.title()).toBe("搜索 - 报刊档案");
    const before = await runs(page);
    await page.locator("#search-q").fill(QUERY);
    await settled(page, before);
    expect(await page.title()).toBe(`“${QUERY}” - 搜索 - 报刊档案`);
    await page.close();
  });
});

describe("sorting and narrowing", () => {
  it("sorts by date both ways, month-only dates as their month, and keeps it in the URL", async () => {
    const page = await site.newPage();
    const q = encodeURIComponent("安全");
    for (const [sort, label] of [["new", "日期（新→旧）"], ["old", "日期（旧→新）"]] as const) {
      const listed = await searchAll(page, `q=${q}&sort=${sort}`);
      expect(await page.locator("select[data-sort] option:checked").innerText()).toBe(label);
      expect(new URL(page.url()).searchParams.get("sort")).toBe(sort);
      expect(listed.length).toBeGreaterThan(10);
      // Exact matches first, then the rest; each part in date order.
      const cut = listed.findIndex((r) => !r.exact);
      const parts = cut < 0 ? [listed] : [listed.slice(0, cut), listed.slice(cut)];
      expect(parts.flat().slice(cut < 0 ? listed.length : cut).every((r) => !r.exact)).toBe(true);
      for (const part of parts) {
        const keys = part.map((r) => dateKey(r.date));
        const sorted = [...keys].sort();
        expect(keys).toEqual(sort === "new" ? sorted.reverse() : sorted);
      }
    }
    // An older link's sort=date is newest first.
    await page.goto(site.url(`/search/?q=${q}&sort=date`));
    await settled(page);
    expect(await page.locator("select[data-sort]").inputValue()).toBe("new");
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("narrows to a range of months, in the URL, beside the year", async () => {
    const page = await site.newPage();
    const q = encodeURIComponent("安全");
    const all = await searchAll(page, `q=${q}`);
    const months = [...new Set(all.map((r) => dateKey(r.date).slice(0, 7)))].sort();
    expect(months.length).toBeGreaterThan(2);
    // From the second month with results to the one before the last.
    const [from, to] = [months[1]!, months.at(-2)!];
    const labels = await page.locator('select[name="from"] option').allInnerTexts();
    expect(labels).toContain(`${from.slice(0, 4)}年${Number(from.slice(5))}月`);
    let before = await runs(page);
    await page.locator('select[name="from"]').selectOption(from);
    await settled(page, before);
    before = await runs(page);
    await page.locator('select[name="to"]').selectOption(to);
    await settled(page, before);
    const url = new URL(page.url());
    expect([url.searchParams.get("from"), url.searchParams.get("to")]).toEqual([from, to]);
    const inRange = all.filter((r) => { const m = dateKey(r.date).slice(0, 7); return m >= from && m <= to; });
    const narrowed = await searchAll(page, url.search.slice(1));
    expect(narrowed.map((r) => r.url).sort()).toEqual(inRange.map((r) => r.url).sort());
    expect(narrowed.length).toBeLessThan(all.length);
    expect(await page.locator('select[name="from"]').inputValue()).toBe(from);
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("filters by author, offering only authors with results", async () => {
    const page = await site.newPage();
    const q = encodeURIComponent("安全");
    const all = await searchAll(page, `q=${q}`);
    const articleOf = byUrl();
    const authors = tally(all.flatMap((r) => articleOf.get(r.url)?.authors ?? []));
    expect(await menu(page, "author")).toEqual(authors);
    const [name] = [...authors.keys()];
    const before = await runs(page);
    await page.locator('select[name="author"]').selectOption(name!);
    await settled(page, before);
    expect(new URL(page.url()).searchParams.get("author")).toBe(name);
    const found = await rows(page);
    expect(found.map((r) => r.url).sort()).toEqual(all.filter((r) => articleOf.get(r.url)?.authors.includes(name!)).map((r) => r.url).sort());
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });
});

describe("when nothing is found", () => {
  it("suggests no quotes, fewer characters and the nearest person's name", async () => {
    const page = await site.newPage();
    // A three-character author's name with its last character changed to one no article holds.
    const names = [...new Set(articles.flatMap((a) => a.authors))].filter((n) => [...n].length === 3);
    const text = articles.map((a) => [a.title, ...a.blocks.map((b) => b.text), a.unit ?? ""].join("")).join("");
    const name = names[0]!;
    const odd = [..."鑫淼犇骉焱垚"].find((c) => !text.includes(c))!;
    const wrong = name.slice(0, 2) + odd;
    await page.goto(site.url(`/search/?q=${encodeURIComponent(`“${wrong}”`)}`));
    await settled(page);
    expect(await page.locator(".search-status").innerText()).toBe(`没有找到含“${wrong}”的文章`);
    const hints = page.locator(".search-suggest a");
    const labels = await hints.allInnerTexts();
    expect(labels).toContain(`去掉引号：${wrong}`);
    expect(labels).toContain(`少一个字：${name.slice(0, 2)}`);
    expect(labels).toContain(`作者：${name}`);
    // The name leads to that person's articles.
    await Promise.all([page.waitForURL((u) => u.searchParams.get("author") === name), hints.filter({ hasText: `作者：${name}` }).click()]);
    await settled(page);
    const found = await rows(page);
    expect(found.length).toBe(articles.filter((a) => a.authors.includes(name)).length);
    expect(await page.locator(".search-suggest").isVisible()).toBe(false);
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });
});

describe("traditional characters", () => {
  it("find simplified text, and the tables load only for a traditional query", async () => {
    const page = await site.newPage();
    const tables: string[] = [];
    page.on("request", (r) => { if (r.url().includes("fold-table.js")) tables.push(r.url()); });
    const simplified = await searchAll(page, `q=${encodeURIComponent(QUERY)}`);
    expect(tables).toEqual([]);
    const traditional = await searchAll(page, `q=${encodeURIComponent("安全生產")}`);
    expect(tables.length).toBe(1);
    expect(traditional.map((r) => r.url)).toEqual(simplified.map((r) => r.url));
    expect(await page.locator(".search-status").innerText()).toContain(`共 ${holding(QUERY).length} 篇含“${QUERY}”`);
    expect(await page.locator("#search-q").inputValue()).toBe("安全生產");
    // (The text may hold invisible characters inside the match: rank.js matches across them.)
    expect((await page.locator(".result-exact .result-excerpt mark").first().innerText()).replace(/[\s\u200b]/g, "")).toBe(QUERY);
    // The article page marks the simplified text for a traditional ?hl= too.
    const article = simplified.find((r) => r.exact)!;
    await page.goto(site.url(`${article.url}?hl=${encodeURIComponent("安全生產")}`));
    await page.locator("article mark.hl").first().waitFor({ timeout: 10_000 });
    for (const m of await page.locator("article mark.hl").allInnerTexts()) expect(m.replace(/[\s\u200b]/g, "")).toBe(QUERY);
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });
});

describe("on a phone", () => {
  it("shows one search box and the first result above the fold", async () => {
    const page = await site.newPage({ viewport: "phone" });
    await page.goto(site.url(`/search/?q=${encodeURIComponent(QUERY)}`));
    await settled(page);
    const boxes = await page.locator('input[type="search"]').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length);
    expect(boxes).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "search-phone-first-screen.png") });
    const box = await page.locator(".search-results .result").first().boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(VIEWPORTS.phone.height);
    // The filters are one tap away, folded.
    await page.locator(".search-filters > summary").click();
    expect(await page.locator('select[name="unit"]').isVisible()).toBe(true);
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });
});
