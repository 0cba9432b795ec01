/**
 * The shards' facet files (src/site/search-facets.mjs) and the search page's counting from them
 * (templates/assets/facets.js): an index of the demo archive in shards of a dozen articles holds, for each shard's
 * article k (the routing index's numbering: route-docs/ names its fragment), that fragment's filter values; and the
 * menus' counts of a routed search are the counts of what the page lists.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { searchRecords } from "../../src/site/search-records.ts";
import { writeSearchIndex, type ShardsFile } from "../../src/site/search-index.ts";
// @ts-expect-error — plain JavaScript without types
import { FACET_FILES, FACETS, shardFacets, writeFacets } from "../../src/site/search-facets.mjs";

type Counts = Record<string, Record<string, number>>;
type Facets = { n: number; values: Record<string, string[]>; articles: Record<string, (number | number[])[]> };
type Hit = { id: string; shard: string; routed: true };
interface FacetsJs {
  FACET_FILES: Record<string, string[]>;
  readFacets(bytes: Uint8Array): Promise<Facets>;
  hitPlace(hit: unknown): { shard: string; local: number } | null;
  countHits(hits: Hit[], facets: Map<string, Facets>, names: string[], keep?: ((h: Hit) => boolean) | null): Counts | null;
  addCounts(a: Record<string, number>, b?: Record<string, number> | null): Record<string, number>;
  hitShards(hits: Hit[]): string[];
  facetLoader(base: string, fetchBytes: (url: string) => Promise<Uint8Array>): (ids: string[], file?: string) => Promise<Map<string, Facets> | null>;
  routedCounts(ctx: object, query: object, filters: Record<string, string>, routed: { hits: Hit[] }, search: { filters?: Counts } | null): Promise<Counts | null>;
}
// @ts-expect-error — a browser module without types
const facetsJs = (await import("../../templates/assets/facets.js")) as FacetsJs;

const hit = (shard: string, local: number): Hit => ({ id: `${shard}:${local}`, shard, routed: true });

describe("a shard's facet file", () => {
  const records = [
    { filters: { paper: ["甲报"], year: ["2024"], kind: ["消息"], unit: ["市总工会"], author: ["张三", "李四"] } },
    { filters: { paper: ["乙报"], year: ["2023"], kind: ["通讯"], author: ["李四"] } },
    { filters: { paper: ["甲报"], kind: ["消息"], unit: ["区总工会"], month: ["2024-01"] } },
  ];

  it("gives each article's values by its number, as indices into sorted value tables", () => {
    const f = shardFacets(records) as Facets;
    expect(f.n).toBe(3);
    expect(Object.keys(f.values)).toEqual(FACETS);
    expect(f.values.paper).toEqual(["乙报", "甲报"]);
    expect(f.articles.paper).toEqual([1, 0, 1]);
    expect(f.articles.year).toEqual([f.values.year!.indexOf("2024"), f.values.year!.indexOf("2023"), -1]);
    expect(f.articles.unit!.map((i) => (i === -1 ? null : f.values.unit![i as number]))).toEqual(["市总工会", null, "区总工会"]);
    expect(f.articles.author!.map((l) => (l as number[]).map((i) => f.values.author![i]))).toEqual([["张三", "李四"], ["李四"], []]);
    // The month range is not a counted menu.
    expect(f.values.month).toBeUndefined();
  });

  it("is written gzipped and read back (gzipped or unzipped by a server) as it was made", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "baokan-facets-"));
    try {
      await writeFacets(records, dir);
      // The page and the build name the same files and filters.
      expect(facetsJs.FACET_FILES).toEqual(FACET_FILES);
      for (const [file, names] of Object.entries(FACET_FILES as Record<string, string[]>)) {
        const bytes = readFileSync(path.join(dir, file));
        expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
        const f = await facetsJs.readFacets(new Uint8Array(bytes));
        expect(Object.keys(f.values)).toEqual(names);
        expect(f).toEqual(shardFacets(records, names));
        expect(await facetsJs.readFacets(new Uint8Array(gunzipSync(bytes)))).toEqual(f);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("counting routed hits from the facets", () => {
  const a = shardFacets([
    { filters: { paper: ["甲报"], unit: ["市总工会"], author: ["张三", "李四"] } },
    { filters: { paper: ["甲报"], unit: ["区总工会"] } },
  ]) as Facets;
  const b = shardFacets([{ filters: { paper: ["乙报"], unit: ["市总工会"], author: ["李四"] } }]) as Facets;
  const facets = new Map([["sa", a], ["sb", b]]);

  it("counts every hit's values, multi-valued filters once per value", () => {
    const counts = facetsJs.countHits([hit("sa", 0), hit("sa", 1), hit("sb", 0)], facets, ["paper", "unit", "author"]);
    expect(counts).toEqual({ paper: { 甲报: 2, 乙报: 1 }, unit: { 市总工会: 2, 区总工会: 1 }, author: { 张三: 1, 李四: 2 } });
    expect(facetsJs.countHits([hit("sa", 0), hit("sb", 0)], facets, ["paper"], (h) => h.shard === "sb")).toEqual({ paper: { 乙报: 1 } });
  });

  it("gives up (null) when a hit's shard has no facets or lies beyond them", () => {
    expect(facetsJs.countHits([hit("sc", 0)], facets, ["paper"])).toBeNull();
    expect(facetsJs.countHits([hit("sb", 1)], facets, ["paper"])).toBeNull();
  });

  it("reads a hit's place from its id, and lists the shards of hits once", () => {
    expect(facetsJs.hitPlace(hit("s0123456789ab", 17))).toEqual({ shard: "s0123456789ab", local: 17 });
    expect(facetsJs.hitPlace({ id: "/a/", routed: false })).toBeNull();
    expect(facetsJs.hitShards([hit("sb", 0), hit("sa", 1), hit("sb", 3)])).toEqual(["sb", "sa"]);
    expect(facetsJs.addCounts({ x: 1 }, { x: 2, y: 1 })).toEqual({ x: 3, y: 1 });
  });

  it("fetches each shard's file once, in parallel, and falls back (null) when one is missing", async () => {
    const asked: string[] = [];
    const files = new Map([["/pagefind/sa/x.pf_facets", a], ["/pagefind/sb/x.pf_facets", b]]);
    const load = facetsJs.facetLoader("/", async (url) => {
      asked.push(url);
      const f = files.get(url);
      if (!f) throw new Error("404");
      return new Uint8Array(gzipSync(JSON.stringify(f)));
    });
    const [one, two] = await Promise.all([load(["sa", "sb"], "x.pf_facets"), load(["sa"], "x.pf_facets")]);
    expect(one).toEqual(new Map([["sa", a], ["sb", b]]));
    expect(two).toEqual(new Map([["sa", a]]));
    expect(await load(["sc", "sa"], "x.pf_facets")).toBeNull();
    expect(asked.sort()).toEqual(["/pagefind/sa/x.pf_facets", "/pagefind/sb/x.pf_facets", "/pagefind/sc/x.pf_facets"]);
  });

  it("counts the hits in shards not open from the facets and adds Pagefind's counts of the open ones", async () => {
    // Shard sa is open: Pagefind's counts there hold its exact match (sa:0) and a part-match (sa:1).
    const index = {
      isOpen: (id: string) => id === "sa",
      route: async () => ({ hits: [hit("sa", 0), hit("sb", 0)] }),
      pagefind: { search: async () => ({ filters: { paper: { 甲报: 2 }, unit: { 市总工会: 1, 区总工会: 1 } } }) },
    };
    const loaded: string[][] = [];
    const facetsFor = async (ids: string[], file: string) => (loaded.push([file, ...ids]), new Map([...facets].filter(([id]) => ids.includes(id))));
    const ctx = { index, facetsFor, names: ["paper", "unit"] };
    const routed = { hits: [hit("sa", 0), hit("sb", 0)] };
    const pf = { filters: { paper: { 甲报: 2 }, unit: { 市总工会: 1, 区总工会: 1 } } };
    const plain = { terms: ["工会"], phrase: false, pagefindTerm: "工会" };
    expect(await facetsJs.routedCounts(ctx, plain, {}, routed, pf)).toEqual({ paper: { 甲报: 2, 乙报: 1 }, unit: { 市总工会: 2, 区总工会: 1 } });
    expect(loaded.at(-1)).toEqual(["facets.pf_facets", "sb"]);
    // Quoted: exact matches only, every hit from the facets.
    expect(await facetsJs.routedCounts(ctx, { ...plain, phrase: true }, {}, routed, pf)).toEqual({ paper: { 甲报: 1, 乙报: 1 }, unit: { 市总工会: 2 } });
    expect(loaded.at(-1)!.slice(1)).toEqual(["sa", "sb"]);
    // A chosen paper: its menu counts the query routed without it; the other menus count the filtered list.
    const chosen = await facetsJs.routedCounts(ctx, plain, { paper: "乙报" }, { hits: [hit("sb", 0)] }, { filters: {} });
    expect(chosen).toEqual({ paper: { 甲报: 2, 乙报: 1 }, unit: { 市总工会: 1 } });
    // Counts not wanted yet: the menus wait (null) and no facet file is fetched; with no file needed, none waits.
    loaded.length = 0;
    const later = await facetsJs.routedCounts({ ...ctx, wantCounts: () => false }, plain, {}, routed, pf);
    expect(later).toEqual({ paper: null, unit: null });
    expect(loaded).toEqual([]);
    const inOpen = await facetsJs.routedCounts({ ...ctx, wantCounts: () => false }, plain, {}, { hits: [hit("sa", 0)] }, pf);
    expect(inOpen).toEqual({ paper: { 甲报: 2 }, unit: { 市总工会: 1, 区总工会: 1 } });
  });
});

describe("the facet files of a sharded index", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-facets-index-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  let file: ShardsFile;

  beforeAll(async () => {
    const groups = searchRecords(buildSiteData(await loadArchive("content")));
    await writeSearchIndex(groups, tmp, { shardArticles: 12 });
    file = JSON.parse(readFileSync(path.join(tmp, "shards.json"), "utf8")) as ShardsFile;
  }, 240_000);

  it("hold for each shard's article k the values of the fragment the routing index numbers k", async () => {
    expect(file.shards.length).toBeGreaterThan(2);
    let checked = 0;
    for (const id of file.shards) {
      const parts = await Promise.all(Object.keys(FACET_FILES).map((file) => facetsJs.readFacets(new Uint8Array(readFileSync(path.join(tmp, id, file))))));
      const f = { n: parts[0]!.n, values: Object.assign({}, ...parts.map((p) => p.values)), articles: Object.assign({}, ...parts.map((p) => p.articles)) } as Facets;
      expect(parts.every((p) => p.n === f.n)).toBe(true);
      expect(f.n).toBe(file.about[id]!.articles);
      const chunk = file.route?.docsChunk ?? 100;
      for (let k = 0; k < f.n; k++) {
        const docs = JSON.parse(readFileSync(path.join(tmp, id, "route-docs", `${Math.floor(k / chunk)}.json`), "utf8")) as string[];
        const frag = JSON.parse(gunzipSync(readFileSync(path.join(tmp, id, "fragment", `${docs[k % chunk]}.pf_fragment`))).subarray(12).toString("utf8"));
        const counts = facetsJs.countHits([hit(id, k)], new Map([[id, f]]), FACETS)!;
        for (const name of FACETS as string[]) expect(Object.keys(counts[name]!).sort(), `${id}:${k} ${name}`).toEqual([...(frag.filters[name] ?? [])].sort());
        checked++;
      }
    }
    expect(checked).toBe(Object.values(file.about).reduce((n, s) => n + s.articles, 0));
  });
});
