/**
 * The search routing index (templates/assets/route.js, src/site/search-route*.ts|mjs): built over the demo archive in
 * shards of one issue each, it lists for every 2- and 3-character string exactly the articles whose fragments
 * (body, headline, unit) contain it — checked against the fragments themselves — and its key cutting uses the
 * same normalisation as the ranker's matching.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/site/build-site.ts";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { searchRecords } from "../../src/site/search-records.ts";
import { DOCS_CHUNK, FINE_BUCKETS } from "../../src/site/search-route.ts";
import { fragments, route, routeHits, runHits, shardsFile } from "./helpers/route-hits.ts";

// @ts-expect-error — a browser module without types
const rank = (await import("../../templates/assets/rank.js")) as { normalize(t: string): { text: string }; normalizedText(t: string): string; parseQuery(q: string): { terms: string[]; empty: boolean } };

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-route-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const site = path.join(tmp, "site");

describe("the routing index of a sharded build", () => {
  beforeAll(async () => {
    // The demo's three issues hold 9, 11 and 30 articles: at 19 a shard, each is a shard of its own and the one of 9
    // is small (under half), so the routing index has both tiers.
    await buildSite({ contentDir: "content", outDir: site, shardArticles: 19, log: () => {} });
  }, 240_000);

  it("lists for each 2- and 3-character string of the archive exactly the articles that contain it", () => {
    const docs = fragments(site);
    expect(new Set(docs.map((d) => d.shard)).size).toBeGreaterThan(2);
    const keys = new Set<string>();
    for (const d of docs) {
      for (const t of d.texts) {
        for (let i = 0; i + 3 <= t.length; i += 11) {
          for (const len of [2, 3]) {
            const k = t.slice(i, i + len);
            if (/^\p{Script=Han}+$/u.test(k)) keys.add(k);
          }
        }
      }
      if (d.texts[2]) keys.add(d.texts[2]);
    }
    expect(keys.size).toBeGreaterThan(500);
    let checked = 0;
    let long = 0;
    for (const k of keys) {
      const truth = docs.filter((d) => d.texts.some((t) => t.includes(k))).map((d) => d.url).sort();
      if ([...k].length <= 3) expect(routeHits(site, k), k).toEqual(truth);
      else {
        expect(runHits(site, route.queryKeys(rank.parseQuery(k))!.runs[0]!), k).toEqual(truth);
        long++;
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
    expect(long).toBeGreaterThan(10);
    // Longer strings: 4–9 characters of the text, and strings whose triples all occur, but never in one run.
    for (const d of docs.slice(0, 60)) {
      const t = d.texts[0]!;
      for (let i = 0; i + 9 <= t.length; i += 37) {
        for (const len of [4, 5, 6, 7, 9]) {
          const k = t.slice(i, i + len);
          if (!/^\p{Script=Han}+$/u.test(k)) continue;
          const truth = docs.filter((x) => x.texts.some((s) => s.includes(k))).map((x) => x.url).sort();
          expect(runHits(site, route.queryKeys(rank.parseQuery(k))!.runs[0]!), k).toEqual(truth);
        }
      }
    }
    const a = docs[0]!.texts[0]!.match(/\p{Script=Han}{3}/u)![0];
    const b = docs[1]!.texts[0]!.match(/\p{Script=Han}{3}/u)![0];
    const apart = `${a}${b}`;
    const truth = docs.filter((x) => x.texts.some((s) => s.includes(apart))).map((x) => x.url).sort();
    expect(runHits(site, route.queryKeys(rank.parseQuery(apart))!.runs[0]!)).toEqual(truth);
    // A string in no article lists none.
    expect(routeHits(site, "龘齉")).toEqual([]);
  });

  it("gives the search page every match as a result whose data is the article's fragment, in either order", async () => {
    // @ts-expect-error — a browser module without types
    const { openShards } = await import("../../templates/assets/pagefind-shards.js");
    const local = (url: string) => path.join(site, ...url.replace(/^\/archive\//, "").split("/"));
    const missing = new Set<string>();
    const io = {
      fetchJson: async (url: string) => JSON.parse(readFileSync(local(url), "utf8")),
      fetchBytes: async (url: string) => {
        if (missing.has(url)) throw new Error(`${url}: HTTP 404`);
        return new Uint8Array(readFileSync(local(url)));
      },
      importModule: async () => { throw new Error("no shard is opened to route"); },
    };
    const index = await openShards("/archive/", io);
    const docs = fragments(site);
    for (const q of ["工会", "中铝山西新材料", "安全生产"]) {
      const truth = docs.filter((d) => d.texts.some((t) => t.includes(q))).map((d) => `/archive${d.url}`);
      expect(truth.length, q).toBeGreaterThan(0);
      const routed = await index.route(rank.parseQuery(q));
      expect(routed.exact).toBe(true);
      expect(routed.inOpen).toBe(0);
      const urls = await Promise.all(routed.hits.map(async (h: { data(): Promise<{ url: string }> }) => (await h.data()).url));
      expect([...urls].sort(), q).toEqual([...truth].sort());
      const asc = await index.route(rank.parseQuery(q), {}, { order: "asc" });
      expect(await Promise.all(asc.hits.map(async (h: { data(): Promise<{ url: string }> }) => (await h.data()).url))).toEqual([...urls].reverse());
    }
    // A paper filter keeps that paper's matches only.
    const paper = Object.keys(shardsFile(site).filters.paper!)[0]!;
    const inPaper = await index.route(rank.parseQuery("工会"), { paper });
    for (const h of inPaper.hits) expect((await h.data()).filters.paper).toEqual([paper]);
    // A file that cannot be read (of one tier; a new page, as files read once are kept): no routing, and the page
    // searches as it did without it.
    const tier = shardsFile(site).route!.tiers.at(-1)!;
    missing.add(`/archive/pagefind/${tier.id}/${route.hashKey("职工") % tier.buckets}.pf_route`);
    expect(await (await openShards("/archive/", io)).route(rank.parseQuery("职工"))).toBeNull();
    // A one-character term is not routed.
    expect(await index.route(rank.parseQuery("厂"))).toBeNull();
  });

  it("joins the full shards in one tier and the small ones in another, each a folder of as many files as it says", () => {
    const file = shardsFile(site);
    expect(Object.keys(file.route!).sort()).toEqual(["docsChunk", "tiers"]);
    expect(file.route!.docsChunk).toBe(DOCS_CHUNK);
    const tiers = file.route!.tiers;
    expect(tiers).toHaveLength(2);
    // Every shard in one tier, in shards.json's order; the first tier the full ones (19 a shard: at least 9.5 articles).
    expect(tiers.flatMap((t) => t.shards).sort((a, b) => a - b)).toEqual(file.shards.map((_, i) => i));
    for (const t of tiers) expect([...t.shards].sort((a, b) => a - b)).toEqual(t.shards);
    const articles = (place: number) => file.about[file.shards[place]!]!.articles;
    expect(tiers[0]!.shards.every((p) => articles(p) >= 9.5)).toBe(true);
    expect(tiers[1]!.shards.every((p) => articles(p) < 9.5)).toBe(true);
    for (const t of tiers) {
      expect(t.id).toMatch(/^r[0-9a-f]{12}$/);
      for (const n of [t.buckets, t.posBuckets]) {
        expect(Number.isInteger(Math.log2(n))).toBe(true);
        expect(n).toBeLessThanOrEqual(FINE_BUCKETS);
      }
      const names = readdirSync(path.join(site, "pagefind", t.id)).sort();
      const want = [...Array.from({ length: t.buckets }, (_, b) => `${b}.pf_route`), ...Array.from({ length: t.posBuckets }, (_, b) => `p${b}.pf_route`)];
      expect(names).toEqual(want.sort());
    }
    // Bucket counts go by each tier's own bytes: the small tier's are fewer.
    expect(tiers[1]!.buckets).toBeLessThan(tiers[0]!.buckets);
  });

  it("fetches one file of each tier a key needs, and only tiers with shards the filters allow", async () => {
    // @ts-expect-error — a browser module without types
    const { openShards } = await import("../../templates/assets/pagefind-shards.js");
    const fetched: string[] = [];
    const local = (url: string) => path.join(site, ...url.replace(/^\/archive\//, "").split("/"));
    const index = await openShards("/archive/", {
      fetchJson: async (url: string) => JSON.parse(readFileSync(local(url), "utf8")),
      fetchBytes: async (url: string) => (fetched.push(url), new Uint8Array(readFileSync(local(url)))),
    });
    const file = shardsFile(site);
    await index.route(rank.parseQuery("工会"));
    expect(fetched.filter((u) => u.endsWith(".pf_route"))).toHaveLength(file.route!.tiers.length);
    // A year only the small shards hold (or the full ones): the other tier is not fetched.
    const yearsOf = (t: { shards: number[] }) => new Set(t.shards.flatMap((p) => file.about[file.shards[p]!]!.years));
    const [full, small] = file.route!.tiers.map(yearsOf) as [Set<string>, Set<string>];
    const only = [...small].find((y) => !full.has(y)) ?? [...full].find((y) => !small.has(y));
    expect(only).toBeDefined();
    fetched.length = 0;
    await index.route(rank.parseQuery("工作"), { year: only });
    expect(fetched.filter((u) => u.endsWith(".pf_route"))).toHaveLength(1);
  });
});

describe("the ranker with routed hits", () => {
  it("lists the routed hits first with their number as the exact count, then Pagefind's part-matches, once each", async () => {
    // @ts-expect-error — a browser module without types
    const { ExactFirst, parseQuery } = await import("../../templates/assets/rank.js");
    const doc = (id: string, content: string) => ({ id, words: [0, 1], matchedMetaFields: [], data: async () => ({ url: `/${id}/`, content, meta: { title: id }, filters: {} }) });
    const query = parseQuery("电解厂");
    // Routed: three articles holding 电解厂 (one also in Pagefind's open shard as p1) and one miss (a stale key).
    const routed = { exact: true, hits: [doc("r1", "一电解厂"), doc("r2", "二电解厂"), doc("p1", "三电解厂"), doc("r4", "电解与厂")], inOpen: 1 };
    const pagefind = [doc("p1", "三电解厂"), doc("p2", "电解 车间的厂"), doc("p3", "厂里电解")];
    const ranker = new ExactFirst(query, pagefind, { routed, pageSize: 10 });
    expect(ranker.exactCount).toBe(4);
    expect(ranker.total).toBe(4 + 3 - 1);
    const page = await ranker.more();
    expect(page.map((i: { data: { url: string } }) => i.data.url)).toEqual(["/r1/", "/r2/", "/p1/", "/p2/", "/p3/"]);
    expect(page.map((i: { exact: boolean }) => i.exact)).toEqual([true, true, true, false, false]);
    // The miss was dropped from the count; the exact match Pagefind also found was listed once.
    expect(ranker.exactCount).toBe(3);
    expect(ranker.total).toBe(5);
    expect(ranker.done).toBe(true);
  });
});

describe("keys and normalisation", () => {
  it("cuts keys from the text as the ranker matches it", async () => {
    const groups = searchRecords(buildSiteData(await loadArchive("content")));
    const texts = groups.flatMap((g) => g.records.flatMap((r) => [r.content, r.meta.title ?? "", r.meta.unit ?? ""]));
    texts.push("ＡＢＣ 电解 厂\u200b 2023 年", "new  york", "（卫 玲）", "ﬁ x", "Ⅻ 一", "\uFEFF 安 全", "𠀀𠀁 b c", "Straße İ");
    for (const t of texts) expect(rank.normalizedText(t), t.slice(0, 30)).toBe(rank.normalize(t).text);
    expect(route.FINE_BUCKETS).toBe(FINE_BUCKETS);
    expect(route.DOCS_CHUNK).toBe(DOCS_CHUNK);
  });

  it("routes terms of 2–3 characters exactly, longer ones by their triples, and not a 1-character term", () => {
    const q = (s: string, f = {}) => route.queryKeys(rank.parseQuery(s), f);
    expect(q("电解厂")).toEqual({ groups: [["电解厂"]], runs: [], exact: true });
    expect(q("电解 厂")).toBeNull();
    expect(q("安全生产")).toEqual({ groups: [], runs: [[{ key: "安全生", offset: 0 }, { key: "全生产", offset: 1 }]], exact: true });
    // Every character of a longer term is in some triple, each at its own offset.
    const long = "电解四车间党支部";
    expect(q(long)!.runs[0]).toEqual([{ key: "电解四", offset: 0 }, { key: "车间党", offset: 3 }, { key: "党支部", offset: 5 }]);
    const withFilter = q("工会", { paper: "劲旅", month: ["2024-01", "2024-02"] })!;
    expect(withFilter.runs).toEqual([]);
    expect(withFilter.groups).toEqual([["工会"], ["\u0001paper\u0001劲旅"], ["\u0001month\u00012024-01", "\u0001month\u00012024-02"]]);
  });
});
