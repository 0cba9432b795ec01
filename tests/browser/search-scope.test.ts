/**
 * Search over an index in many shards, as on a large archive: the first search opens only the newest shards, says
 * how far back it has looked, and searches older issues when the reader asks — ending with what a search over the
 * whole index finds. The demo archive is built twice: in shards of a dozen articles with a first scope of a dozen,
 * and in one shard, for comparison.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { ShardsFile } from "../../src/site/search-index.ts";
import { settled, shoot, useArchiveSite } from "./harness.ts";

const sharded = useArchiveSite({ shardArticles: 12, searchScope: 12 });
const whole = useArchiveSite();
// In most of the demo's papers; the newest shard alone does not hold ten articles with it.
const QUERY = "工会";

function shardsFile(): ShardsFile {
  return JSON.parse(readFileSync(path.join(sharded.outDir, "pagefind", "shards.json"), "utf8")) as ShardsFile;
}

/**
 * Ids of the shards the page has opened (Pagefind reads a shard's pagefind-entry.json first, whether it opens it
 * as the first or merges it). A matching article's own fragment, fetched through the routing index, opens nothing.
 */
function watchShards(page: Page): Set<string> {
  const seen = new Set<string>();
  page.on("request", (r) => {
    const m = /\/pagefind\/(s[0-9a-f]{12})\/pagefind-entry\.json$/.exec(new URL(r.url()).pathname);
    if (m) seen.add(m[1]!);
  });
  return seen;
}

/** Every article as the sharded site's Pagefind fragments hold it, with the shard it is in. */
function fragments(): { shard: string; url: string; texts: string[]; unit: string }[] {
  const out = [];
  const squash = (t: string) => t.normalize("NFKC").toLowerCase().replace(/[\s\u200B]+/gu, "");
  for (const shard of shardsFile().shards) {
    const dir = path.join(sharded.outDir, "pagefind", shard, "fragment");
    for (const name of readdirSync(dir)) {
      const d = JSON.parse(gunzipSync(readFileSync(path.join(dir, name))).subarray(12).toString("utf8"));
      out.push({ shard, url: d.url as string, texts: [d.content, d.meta.title ?? "", d.meta.unit ?? ""].map(squash), unit: (d.meta.unit ?? "") as string });
    }
  }
  return out;
}

/** The first screen: each result's path and whether the page marks it an exact match, and the status line's number. */
async function firstScreen(page: Page): Promise<{ urls: string[]; exact: boolean[]; count: number; status: string }> {
  const items = page.locator(".search-results .result");
  const urls = (await items.locator("h2 a").evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname)));
  const exact = await items.evaluateAll((lis) => lis.map((li) => li.classList.contains("result-exact")));
  const status = (await page.locator(".search-status").textContent()) ?? "";
  return { urls, exact, count: Number(/(\d+)\s*篇/.exec(status)?.[1] ?? NaN), status };
}

const runs = (page: Page) => page.evaluate(() => Number(document.getElementById("search")?.dataset.runs ?? 0));
const articlesIn = (file: ShardsFile, ids: Iterable<string>) => [...ids].reduce((n, id) => n + file.about[id]!.articles, 0);

describe("search on a sharded archive", () => {
  it("opens the newest shards first, says how far back it looked, and searches older issues on request", async () => {
    const file = shardsFile();
    expect(file.shards.length).toBeGreaterThan(2);
    const page = await sharded.newPage();
    const opened = watchShards(page);
    await page.goto(sharded.url(`/search/?q=${encodeURIComponent(QUERY)}`));
    await settled(page);
    // What was opened is the newest shards, in order, and not all of them.
    const first = file.shards.slice(0, opened.size);
    expect([...opened].sort()).toEqual([...first].sort());
    expect(opened.size).toBeLessThan(file.shards.length);
    const note = page.locator(".search-scope");
    await expect.poll(() => note.isVisible()).toBe(true);
    const total = articlesIn(file, file.shards);
    const since = first.map((id) => file.about[id]!.from).filter(Boolean).sort()[0]!;
    const [y, m] = since.split("-");
    // Exact matches come from every article (the routing index); only part-matches are from the newest.
    expect(await note.textContent()).toContain(`完整含检索词的文章已在全部 ${total} 篇中查找`);
    expect(await note.textContent()).toContain(`只含其中字词的文章来自最近的 ${articlesIn(file, first)} 篇（${y}年${Number(m)}月`);
    await shoot(page, "search-scope");

    // Older issues, as often as the reader asks, until everything is searched.
    for (let i = 0; i < file.shards.length && (await note.isVisible()); i++) {
      const before = await runs(page);
      const had = opened.size;
      await note.locator("button").click();
      await settled(page, before);
      expect(opened.size).toBeGreaterThan(had);
    }
    expect(await note.isVisible()).toBe(false);
    expect([...opened].sort()).toEqual([...file.shards].sort());
    const status = await page.locator(".search-status").textContent();

    // Everything searched, the page says what the one-shard index says.
    const other = await whole.newPage();
    await other.goto(whole.url(`/search/?q=${encodeURIComponent(QUERY)}`));
    await settled(other);
    expect(status).toBe(await other.locator(".search-status").textContent());
    expect(await other.locator(".search-scope").isVisible()).toBe(false);
    expect(sharded.problems(page)).toEqual([]);
  });

  it("lists every exact match of the whole archive on the first screen, with the true count, opening no older shard", async () => {
    const file = shardsFile();
    const docs = fragments();
    const squash = (t: string) => t.normalize("NFKC").toLowerCase().replace(/\s+/gu, "");
    const truth = (q: string) => docs.filter((d) => d.texts.some((t) => t.includes(squash(q))));
    // Strings of the oldest shard's articles (2–4 characters of their text, their units) found in no newer shard
    // that a first search opens: the most frequent of them, so the page has several to list.
    const oldest = docs.filter((d) => d.shard === file.shards.at(-1));
    const pool = new Set<string>();
    for (const d of oldest) {
      if (d.unit) pool.add(d.unit);
      const t = d.texts[0]!;
      for (let i = 0; i + 4 <= t.length; i += 7) for (const len of [2, 3, 4]) pool.add(t.slice(i, i + len));
    }
    // The shards a first search opens: the newest, until they hold the first scope's articles.
    const newest = new Set<string>();
    for (let i = 0, n = 0; i < file.shards.length && n < file.scope; i++) {
      newest.add(file.shards[i]!);
      n += file.about[file.shards[i]!]!.articles;
    }
    expect(newest.size).toBeLessThan(file.shards.length);
    const ranked = [...pool].filter((q) => /^\p{Script=Han}+$/u.test(q)).map((q) => ({ q, hits: truth(q) }))
      .filter((c) => c.hits.length >= 2 && c.hits.length <= 10 && c.hits.every((h) => !newest.has(h.shard)))
      .sort((a, b) => b.hits.length - a.hits.length || a.q.localeCompare(b.q));
    expect(ranked.length).toBeGreaterThan(0);
    for (const { q, hits } of ranked.slice(0, 3)) {
      const page = await sharded.newPage();
      const opened = watchShards(page);
      await page.goto(sharded.url(`/search/?q=${encodeURIComponent(q)}`));
      await settled(page);
      const shown = await firstScreen(page);
      expect(shown.count, `${q}: ${shown.status}`).toBe(hits.length);
      expect(shown.urls.slice(0, hits.length).sort(), q).toEqual(hits.map((h) => h.url).sort());
      expect(shown.exact.slice(0, hits.length).every(Boolean), q).toBe(true);
      expect(shown.exact.slice(hits.length).some(Boolean), q).toBe(false);
      // Only the first scope was opened (for the part-matches); the matches' own shards were not.
      for (const h of hits) expect(opened.has(h.shard), `${q}: ${h.shard}`).toBe(false);
      expect(sharded.problems(page)).toEqual([]);
      await page.close();
    }
  });

  it("lists the articles filed under a unit that their text does not name, and counts what it lists", async () => {
    const docs = fragments();
    const squash = (t: string) => t.normalize("NFKC").toLowerCase().replace(/\s+/gu, "");
    const filed = docs.filter((d) => d.unit && !d.texts[0]!.includes(squash(d.unit)) && !d.texts[1]!.includes(squash(d.unit)));
    expect(filed.length).toBeGreaterThan(0);
    const unit = filed[0]!.unit;
    const hits = docs.filter((d) => d.texts.some((t) => t.includes(squash(unit))));
    const page = await sharded.newPage();
    await page.goto(sharded.url(`/search/?q=${encodeURIComponent(unit)}`));
    await settled(page);
    const shown = await firstScreen(page);
    expect(shown.count, shown.status).toBe(hits.length);
    expect(shown.urls.slice(0, Math.min(10, hits.length)).every((u) => hits.some((h) => h.url === u))).toBe(true);
    expect(shown.urls).toContain(filed[0]!.url);
    expect(sharded.problems(page)).toEqual([]);
  });

  it("at the end of what the open shards hold, the more button goes on into older issues", async () => {
    const page = await sharded.newPage();
    const opened = watchShards(page);
    await page.goto(sharded.url(`/search/?q=${encodeURIComponent(QUERY)}`));
    await settled(page);
    const more = page.locator(".search-more");
    for (let i = 0; i < 20 && (await more.textContent()) === "显示更多结果"; i++) {
      const before = await runs(page);
      await more.click();
      await settled(page, before);
    }
    expect(await more.isVisible()).toBe(true);
    expect(await more.textContent()).toBe("搜索更早的文章");
    const note = page.locator(".search-scope");
    const searched = async () => Number(/来自最近的 (\d+) 篇/.exec((await note.textContent()) ?? "")?.[1]);
    const had = opened.size;
    const before = await searched();
    expect(before).toBe(articlesIn(shardsFile(), opened));
    const done = await runs(page);
    await more.click();
    await settled(page, done);
    // The search ran again over older issues too: more shards open, and the note counts them (or is gone: all open).
    expect(opened.size).toBeGreaterThan(had);
    if (await note.isVisible()) expect(await searched()).toBe(articlesIn(shardsFile(), opened));
    else expect(opened.size).toBe(shardsFile().shards.length);
    expect(await page.locator(".search-results .result").count()).toBeGreaterThan(0);
    expect(sharded.problems(page)).toEqual([]);
  });

  it("opens only the shards that can hold a chosen year", async () => {
    const file = shardsFile();
    const years = [...new Set(file.shards.flatMap((id) => file.about[id]!.years))].sort();
    const year = years[0]!; // the oldest: not in the newest shards
    const page = await sharded.newPage();
    const opened = watchShards(page);
    await page.goto(sharded.url(`/search/?q=${encodeURIComponent(QUERY)}&year=${year}`));
    await settled(page);
    expect(opened.size).toBeGreaterThan(0);
    for (const id of opened) expect(file.about[id]!.years, id).toContain(year);
    expect(await page.locator("select[data-filter=year]").inputValue()).toBe(year);
    expect(sharded.problems(page)).toEqual([]);
  });

  it("lists every filter value before any shard is open, with the archive's counts", async () => {
    const file = shardsFile();
    const page = await sharded.newPage();
    await page.goto(sharded.url("/search/"));
    await settled(page);
    const options = await page.locator("select[data-filter=paper] option").allTextContents();
    for (const [paper, n] of Object.entries(file.filters.paper!)) expect(options).toContain(`${paper}（${n}）`);
  });
});
