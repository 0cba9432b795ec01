/**
 * The search page's filter menus count what it lists (issue 16: "the filter counts are counts of the listed results;
 * units with no results are not offered"), on the demo archive in shards of a dozen articles with a first scope of
 * a dozen: a query whose exact matches sit in several shards, most of them never opened, lists them all (the
 * routing index), and each menu — paper, unit, author, year, kind — offers exactly the values of the listed results,
 * each with how many of them have it (the shards' facet files, templates/assets/facets.js). Expected values come
 * from the site data and the built fragments, not from the search code.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import type { ShardsFile } from "../../src/site/search-index.ts";
import type { SiteArticle } from "../../src/site/site-types.ts";
import { settled, useArchiveSite } from "./harness.ts";

const site = useArchiveSite({ shardArticles: 12, searchScope: 12 });
let articles = new Map<string, SiteArticle>();

beforeAll(async () => {
  articles = new Map(buildSiteData(await loadArchive("content")).articles.map((a) => [a.url, a]));
});

const squash = (t: string) => t.normalize("NFKC").toLowerCase().replace(/[\s\u200B]+/gu, "");

function shardsFile(): ShardsFile {
  return JSON.parse(readFileSync(path.join(site.outDir, "pagefind", "shards.json"), "utf8")) as ShardsFile;
}

/** Every article's fragment texts (body, headline, unit) and its shard. */
function fragments(): { shard: string; url: string; texts: string[] }[] {
  const out = [];
  for (const shard of shardsFile().shards) {
    const dir = path.join(site.outDir, "pagefind", shard, "fragment");
    for (const name of readdirSync(dir)) {
      const d = JSON.parse(gunzipSync(readFileSync(path.join(dir, name))).subarray(12).toString("utf8"));
      out.push({ shard, url: d.url as string, texts: [d.content, d.meta.title ?? "", d.meta.unit ?? ""].map(squash) });
    }
  }
  return out;
}

const runs = (page: Page) => page.evaluate(() => Number(document.getElementById("search")?.dataset.runs ?? 0));

/** Pages on until everything the open shards give is listed (never into older issues); the listed URLs. */
async function listAll(page: Page): Promise<string[]> {
  const more = page.locator(".search-more");
  for (let i = 0; i < 30 && (await more.isVisible()) && (await more.textContent()) !== "搜索更早的文章"; i++) {
    const before = await runs(page);
    await more.click();
    await settled(page, before);
  }
  return page.locator(".search-results .result h2 a").evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

/** A menu's options other than 全部 as value → the count in （）. */
async function menu(page: Page, name: string): Promise<Map<string, number>> {
  const opts = await page.locator(`select[name="${name}"] option`).evaluateAll((els) => els.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? "" })));
  return new Map(opts.filter((o) => o.value).map((o) => [o.value, Number(/（(\d+)）$/.exec(o.text)?.[1] ?? NaN)]));
}

const VALUES: Record<string, (a: SiteArticle) => (string | null | undefined)[]> = {
  paper: (a) => [a.paperName], unit: (a) => [a.unit], author: (a) => a.authors, year: (a) => [a.year], kind: (a) => [a.kindLabel],
};

/** Per menu: how many of the listed articles have each value. */
function tallies(urls: string[]): Record<string, Map<string, number>> {
  const out: Record<string, Map<string, number>> = {};
  for (const [name, of] of Object.entries(VALUES)) {
    const m = new Map<string, number>();
    for (const u of urls) {
      const a = articles.get(u);
      expect(a, u).toBeDefined();
      for (const v of of(a!)) if (v) m.set(v, (m.get(v) ?? 0) + 1);
    }
    out[name] = m;
  }
  return out;
}

/** Each menu (but `skip`) as `want` says, once the counts have come (the names load when the reader turns to the menus). */
async function expectMenus(page: Page, want: Record<string, Map<string, number>>, skip: string[] = []): Promise<void> {
  for (const name of Object.keys(VALUES)) {
    if (!skip.includes(name)) await expect.poll(() => menu(page, name), { message: name, timeout: 10_000 }).toEqual(want[name]);
  }
}

/**
 * A 2–3-character string whose exact matches sit in at least three shards, some beyond the first scope, with a unit
 * only such older matches have; the one with most shards (ties: fewer matches), so the test lists few pages.
 */
function pickQuery(): { q: string; hits: { shard: string; url: string }[]; oldUnit: string; newest: Set<string> } {
  const file = shardsFile();
  const newest = new Set<string>();
  for (let i = 0, n = 0; i < file.shards.length && n < file.scope; i++) {
    newest.add(file.shards[i]!);
    n += file.about[file.shards[i]!]!.articles;
  }
  const docs = fragments();
  const pool = new Set<string>();
  for (const d of docs) for (let i = 0; i + 3 <= d.texts[0]!.length; i += 13) for (const len of [2, 3]) pool.add(d.texts[0]!.slice(i, i + len));
  const found = [];
  for (const q of pool) {
    if (!/^\p{Script=Han}+$/u.test(q)) continue;
    const hits = docs.filter((d) => d.texts.some((t) => t.includes(q)));
    const shards = new Set(hits.map((h) => h.shard));
    if (hits.length > 30 || shards.size < 3) continue;
    const newUnits = new Set(hits.filter((h) => newest.has(h.shard)).map((h) => articles.get(h.url)?.unit));
    const oldUnit = hits.filter((h) => !newest.has(h.shard)).map((h) => articles.get(h.url)?.unit).find((u) => u && !newUnits.has(u));
    if (oldUnit) found.push({ q, hits, oldUnit, shards: shards.size, newest });
  }
  found.sort((a, b) => b.shards - a.shards || a.hits.length - b.hits.length || a.q.localeCompare(b.q));
  expect(found.length).toBeGreaterThan(0);
  return found[0]!;
}

describe("the filter menus of a search over a sharded archive", () => {
  it("count every listed result by its values and offer no value that none has", async () => {
    const { q, hits, oldUnit, newest } = pickQuery();
    const page = await site.newPage();
    const facetFiles = new Set<string>();
    page.on("request", (r) => {
      const m = /\/pagefind\/(s[0-9a-f]{12})\/facets\.pf_facets$/.exec(new URL(r.url()).pathname);
      if (m) facetFiles.add(m[1]!);
    });
    await page.goto(site.url(`/search/?q=${encodeURIComponent(q)}`));
    await settled(page);
    const listed = await listAll(page);
    // Every exact match is listed; the rest hold part of the query.
    for (const h of hits) expect(listed, `${q}: ${h.url}`).toContain(h.url);
    const want = tallies(listed);
    expect(want.unit!.get(oldUnit), oldUnit).toBeGreaterThan(0);
    // The facet files load once the reader turns to the menus (closed until then: their counts unseen).
    expect(facetFiles.size).toBe(0);
    await page.locator(".search-filters").hover();
    await expectMenus(page, want);
    // A unit of the archive that no listed result has is not offered.
    const units = await menu(page, "unit");
    const absent = [...articles.values()].map((a) => a.unit).find((u) => u && !want.unit!.has(u));
    expect(absent).toBeTruthy();
    expect(units.has(absent!)).toBe(false);
    // Only the facet files of shards that hold hits and are not open were fetched.
    const hitShards = new Set(hits.map((h) => h.shard));
    expect(facetFiles.size).toBeGreaterThan(0);
    for (const id of facetFiles) {
      expect(hitShards.has(id), id).toBe(true);
      expect(newest.has(id), id).toBe(false);
    }

    // A chosen unit still routes (every exact match of it, in every shard); the other menus count the narrowed
    // list, and the unit menu what choosing each unit would give — the counts above.
    const before = await runs(page);
    await page.locator('select[name="unit"]').selectOption(oldUnit);
    await settled(page, before);
    const narrowed = await listAll(page);
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.every((u) => articles.get(u)?.unit === oldUnit)).toBe(true);
    for (const h of hits) if (articles.get(h.url)?.unit === oldUnit) expect(narrowed).toContain(h.url);
    await expectMenus(page, tallies(narrowed), ["unit"]);
    expect(await menu(page, "unit")).toEqual(want.unit);
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });

  it("count only the exact matches of a quoted query, which lists nothing else", async () => {
    const { q, hits } = pickQuery();
    const page = await site.newPage();
    await page.goto(site.url(`/search/?q=${encodeURIComponent(`“${q}”`)}`));
    await settled(page);
    const listed = await listAll(page);
    expect(listed.sort()).toEqual(hits.map((h) => h.url).sort());
    await page.locator('select[name="unit"]').focus();
    await expectMenus(page, tallies(listed));
    expect(site.problems(page)).toEqual([]);
    await page.close();
  });
});
