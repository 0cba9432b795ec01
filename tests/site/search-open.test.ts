/**
 * How the search page opens a sharded index (templates/assets/pagefind-shards.js): newest shards first, as many as
 * a search needs, only those that can hold a chosen paper or year. Pagefind itself is replaced by a recorder of
 * what was imported and merged; tests/site/search-shards.test.ts searches real shards.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error — a browser module without types, loaded by the search page as it is
import { nextShards, openShards, shardFits } from "../../templates/assets/pagefind-shards.js";

interface Opened { imported: string[]; merged: string[]; filterLoads: number }

/** Six shards of 100 articles, newest first: two papers alternating, one year each pair. */
const file = {
  shards: ["s6", "s5", "s4", "s3", "s2", "s1"],
  about: Object.fromEntries([6, 5, 4, 3, 2, 1].map((n) => [`s${n}`, {
    articles: 100,
    from: `${2018 + Math.ceil(n / 2)}-0${n % 2 ? 1 : 7}-01`,
    to: `${2018 + Math.ceil(n / 2)}-0${n % 2 ? 6 : 9}-30`,
    papers: [n % 2 ? "甲报" : "乙报"],
    years: [String(2018 + Math.ceil(n / 2))],
  }])),
  filters: { paper: { 甲报: 300, 乙报: 300 } },
  scope: 150,
};

async function open(f: object = file): Promise<{ index: any; seen: Opened }> {
  const seen: Opened = { imported: [], merged: [], filterLoads: 0 };
  const shardOf = (url: string) => /pagefind\/(s\d+)\//.exec(url)![1]!;
  const fake = {
    options: async () => {},
    init: async () => {},
    mergeIndex: async (url: string) => { seen.merged.push(shardOf(url)); },
    filters: async () => { seen.filterLoads++; return {}; },
  };
  const index = await openShards("/archive/", {
    fetchJson: async (url: string) => { expect(url).toBe("/archive/pagefind/shards.json"); return f; },
    importModule: async (url: string) => { seen.imported.push(shardOf(url)); return fake; },
  });
  return { index, seen };
}

describe("opening a sharded index", () => {
  it("opens nothing until asked, then the newest shards until the first scope is reached", async () => {
    const { index, seen } = await open();
    expect(index.pagefind).toBeNull();
    expect(index.articles).toBe(600);
    expect(index.filters).toEqual(file.filters);
    await index.ensure();
    // 150 articles asked: s6 (100) is not enough, s5 makes 200.
    expect(seen.imported).toEqual(["s6"]);
    expect(seen.merged).toEqual(["s5"]);
    // Filter data (~28 kB) waits until the reader turns to the menus; from then on it comes with every shard opened.
    expect(seen.filterLoads).toBe(0);
    expect(index.coverage()).toEqual({ open: 200, total: 600, complete: false, since: "2021-01-01" });
    await index.ensure();
    expect(seen.merged).toEqual(["s5"]);
    await index.loadFilters();
    expect(seen.filterLoads).toBe(1);
    await index.widen();
    expect(seen.filterLoads).toBe(2);
  });

  it("widens to twice as many articles each time, then reports there is nothing left", async () => {
    const { index, seen } = await open();
    await index.ensure();
    expect(await index.widen()).toBe(true); // 200 open → 400
    expect(seen.merged).toEqual(["s5", "s4", "s3"]);
    expect(await index.widen()).toBe(true); // 400 → 800: the rest
    expect(seen.merged).toEqual(["s5", "s4", "s3", "s2", "s1"]);
    expect(index.coverage()).toEqual({ open: 600, total: 600, complete: true, since: null });
    expect(await index.widen()).toBe(false);
    expect(seen.imported).toEqual(["s6"]);
  });

  it("opens only shards that can hold the chosen paper or year", async () => {
    const { index, seen } = await open();
    await index.ensure({ paper: "甲报" });
    expect([...seen.imported, ...seen.merged]).toEqual(["s5", "s3"]);
    expect(index.coverage({ paper: "甲报" })).toEqual({ open: 200, total: 300, complete: false, since: "2020-01-01" });
    await index.ensure({ year: "2019" });
    expect(seen.merged).toEqual(["s3", "s2", "s1"]);
    expect(index.coverage({ year: "2019" }).complete).toBe(true);
    expect(await index.widen({ year: "2019" })).toBe(false);
  });

  it("still opens one shard when no shard can hold the filters, so the search can say it found nothing", async () => {
    const { index, seen } = await open();
    await index.ensure({ year: "1950" });
    expect(seen.imported).toEqual(["s6"]);
    expect(index.pagefind).not.toBeNull();
  });

  it("never merges a shard twice when searches overlap", async () => {
    const { index, seen } = await open();
    await Promise.all([index.ensure(), index.ensure(), index.widen(), index.all()]);
    const opened = [...seen.imported, ...seen.merged];
    expect(opened.sort()).toEqual([...file.shards].sort());
  });

  it("opens everything at once when the file sets no scope (an index written before scopes)", async () => {
    const { index, seen } = await open({ shards: ["a1", "a2"].map((s) => s.replace("a", "s")) });
    await index.ensure();
    expect([...seen.imported, ...seen.merged]).toEqual(["s1", "s2"]);
  });

  it("reads an empty archive as nothing to search", async () => {
    expect((await open({ shards: [] })).index).toBeNull();
  });

  it("picks shards by their papers and years (unit and kind are not known per shard)", () => {
    const s = { id: "x", articles: 1, from: null, to: null, papers: ["甲报"], years: ["2020"] };
    expect(shardFits(s, {})).toBe(true);
    expect(shardFits(s, { paper: "甲报", year: "2020", unit: "某厂" })).toBe(true);
    expect(shardFits(s, { paper: "乙报" })).toBe(false);
    expect(shardFits(s, { year: "2021" })).toBe(false);
    const shards = file.shards.map((id) => ({ id, ...file.about[id]! }));
    expect(nextShards(shards, new Set(["s6"]), {}, 250).map((x: { id: string }) => x.id)).toEqual(["s5", "s4"]);
  });
});
