/**
 * Search over an index in many shards, as on a large archive: the first search opens only the newest shards, says
 * how far back it has looked, and searches older issues when the reader asks — ending with what a search over the
 * whole index finds. The demo archive is built twice: in shards of a dozen articles with a first scope of a dozen,
 * and in one shard, for comparison.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { ShardsFile } from "../../src/site/search-index.ts";
import { shoot, useArchiveSite } from "./harness.ts";

const sharded = useArchiveSite({ shardArticles: 12, searchScope: 12 });
const whole = useArchiveSite();
// In most of the demo's papers; the newest shard alone does not hold ten articles with it.
const QUERY = "工会";

function shardsFile(): ShardsFile {
  return JSON.parse(readFileSync(path.join(sharded.outDir, "pagefind", "shards.json"), "utf8")) as ShardsFile;
}

/** Ids of the shards whose files the page has fetched. */
function watchShards(page: Page): Set<string> {
  const seen = new Set<string>();
  page.on("request", (r) => {
    const m = /\/pagefind\/(s[0-9a-f]{12})\//.exec(new URL(r.url()).pathname);
    if (m) seen.add(m[1]!);
  });
  return seen;
}

async function settled(page: Page, after = 0): Promise<void> {
  await page.waitForFunction((n) => {
    const el = document.getElementById("search");
    return Number(el?.dataset.runs ?? 0) > n && el?.dataset.state !== "searching";
  }, after, { timeout: 20_000 });
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
    expect(await note.textContent()).toContain(`已搜索最近的 ${articlesIn(file, first)} 篇文章（${y}年${Number(m)}月`);
    expect(await note.textContent()).toContain(`共 ${total} 篇`);
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
    const searched = async () => Number(/已搜索最近的 (\d+) 篇文章/.exec((await note.textContent()) ?? "")?.[1]);
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
