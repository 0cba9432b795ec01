/**
 * The search measurement of `npm run bench` (bench/search-truth.ts, bench/search-recall.mts) without a browser:
 * that it reads the page's status line as the page writes it (templates/assets/search-text.js, the real wording),
 * scores a first screen, draws the same queries for the same seed, finds the truth in built fragments, and judges
 * the targets over every query.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error — a browser module without types, loaded by the search page as it is
import { parseQuery } from "../../templates/assets/rank.js";
// @ts-expect-error — a browser module without types, loaded by the search page as it is
import { summary } from "../../templates/assets/search-text.js";
import { checkTargets, summarise, type Row } from "../../bench/search-recall.mts";
import { drawQueries, readDocs, score, statedCount, truthFor, type Doc } from "../../bench/search-truth.ts";

const status = (q: string, exactCount: number | null, total: number, shown = 10) => summary(parseQuery(q), { exactCount, total }, shown) as string;

describe("the count the status line states", () => {
  it("is the number of articles holding the whole query, only when the page states it", () => {
    expect(statedCount(status("安全生产", 11, 34))).toBe(11);
    expect(statedCount(status("安全生产", 11, 11))).toBe(11);
    // No article holds it: the number that follows counts part-matches, not exact ones.
    expect(statedCount(status("安全生产", 0, 5))).toBe(0);
    expect(statedCount(status("安全生产", 0, 0))).toBe(0);
    // Part-matches counted together with exact ones: no exact count stated.
    expect(statedCount(status("安全生产", null, 40))).toBeNull();
    expect(statedCount(status("“安全生产”", null, 40))).toBeNull();
    expect(statedCount(summary(parseQuery("安全生产"), { exactCount: 3, total: 3 }, 3, "安全生產"))).toBe(3);
  });
});

describe("scoring one first screen", () => {
  const truth = new Set(["/a/", "/b/", "/c/"]);
  it("counts exact matches on the first screen against what there is to find", () => {
    const s = score(truth, { status: status("x", 3, 5), urls: ["/a/", "/b/", "/c/", "/p/", "/q/"] });
    expect(s).toMatchObject({ truth: 3, exactShown: 3, recall: 1, count: 3, countOk: true, partialAbove: false });
  });
  it("flags a part-match above an exact one, and a stated count that is not the true one", () => {
    const s = score(truth, { status: status("x", 2, 5), urls: ["/a/", "/p/", "/b/"] });
    expect(s).toMatchObject({ exactShown: 2, recall: 2 / 3, countOk: false, partialAbove: true });
  });
  it("looks at the first screen only (ten results)", () => {
    const many = new Set(Array.from({ length: 30 }, (_, i) => `/e${i}/`));
    const urls = [...Array.from({ length: 9 }, (_, i) => `/e${i}/`), "/p/", "/e9/"];
    const s = score(many, { status: status("x", 30, 31), urls });
    expect(s).toMatchObject({ shown: 10, exactShown: 9, recall: 0.9, partialAbove: false, countOk: true });
  });
});

describe("drawing the queries", () => {
  const docs: Doc[] = [
    ...Array.from({ length: 20 }, (_, i) => ({ url: `/new${i}/`, texts: ["新新新新新新新新新新新新", "", ""], shard: 0 })),
    ...Array.from({ length: 20 }, (_, i) => ({ url: `/old${i}/`, texts: [`安全生产第${"一二三四五六七八九十"[i % 10]}季度职工技能竞赛开幕`, "", ""], shard: 3 })),
  ];
  const rows = [{ unit: "电解厂", authors: ["张俊峰", "卫玲"] }, { unit: "包头市总工会", authors: ["张申"] }, { unit: null, authors: [] }];

  it("is the same for the same seed, and another for another seed", () => {
    const a = drawQueries(docs, rows, 4, 7);
    expect(drawQueries(docs, rows, 4, 7)).toEqual(a);
    expect(drawQueries(docs, rows, 4, 8)).not.toEqual(a);
    expect(a.filter((q) => q.cls === "unit").map((q) => q.q).sort()).toEqual(["包头市总工会", "电解厂"]);
    expect(a.filter((q) => q.cls === "person")).toHaveLength(3);
  });

  it("takes strings of 2, 3 and 4 Chinese characters from the older half of the shards", () => {
    const q = drawQueries(docs, rows, 4, 7);
    for (const len of [2, 3, 4]) {
      const strings = q.filter((x) => x.cls === `${len}-char`).map((x) => x.q);
      expect(strings).toHaveLength(4);
      for (const s of strings) {
        expect([...s]).toHaveLength(len);
        expect(s).not.toContain("新");
        expect(docs.some((d) => d.shard === 3 && d.texts[0]!.includes(s))).toBe(true);
      }
    }
  });

  it("stops when the archive holds fewer distinct strings than asked for", () => {
    const tiny: Doc[] = [{ url: "/t/", texts: ["工会工会", "", ""], shard: 0 }];
    const q = drawQueries(tiny, [], 5, 7);
    expect(q.filter((x) => x.cls === "2-char").map((x) => x.q).sort()).toEqual(["会工", "工会"]);
  });
});

describe("the truth, from the built fragments", () => {
  let dir = "";
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("is every article whose body, headline or unit holds the query, in every shard", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "baokan-truth-"));
    const frag = (url: string, content: string, title = "", unit = "") =>
      gzipSync(Buffer.concat([Buffer.from("pagefind_dcd"), Buffer.from(JSON.stringify({ url, content, meta: { title, unit } }))]));
    const shards = { s1: [frag("/a/", "今年 安全\n生产 月"), frag("/b/", "别的", "安全生产标兵")], s2: [frag("/c/", "无关", "", "安全生产科"), frag("/d/", "安全第一")] };
    for (const [id, frags] of Object.entries(shards)) {
      await mkdir(path.join(dir, "pagefind", id, "fragment"), { recursive: true });
      for (const [i, f] of frags.entries()) await writeFile(path.join(dir, "pagefind", id, "fragment", `${i}.pf_fragment`), f);
    }
    await writeFile(path.join(dir, "pagefind", "shards.json"), JSON.stringify({ shards: ["s1", "s2"] }));
    const docs = await readDocs(dir);
    expect(docs.map((d) => [d.url, d.shard])).toEqual([["/a/", 0], ["/b/", 0], ["/c/", 1], ["/d/", 1]]);
    expect([...truthFor(docs, "安全生产")].sort()).toEqual(["/a/", "/b/", "/c/"]);
  });
});

describe("the targets", () => {
  const row = (over: Partial<Row>): Row => ({
    cls: "2-char", q: "工会", truth: 3, shown: 3, exactShown: 3, recall: 1, count: 3, countOk: true, partialAbove: false,
    status: "", statusComplete: "", bytes: 200_000, kB: 200, requestsFirst: 6, ms: 900, bytesComplete: 300_000, kBComplete: 300,
    requests: 9, msComplete: 1200, cpuS: 1, ...over,
  });

  it("are met only when every query meets them", () => {
    const rows = [row({}), row({ cls: "unit", kB: 300, ms: 1500 })];
    expect(Object.values(checkTargets(rows)).every((t) => t.met)).toBe(true);
    const worse = checkTargets([...rows, row({ kB: 301, ms: 1501, recall: 0.9, countOk: false, partialAbove: true })]);
    expect(Object.fromEntries(Object.entries(worse).map(([k, t]) => [k, t.met]))).toEqual({ recall: false, counts: false, partialAbove: false, bytes: false, time: false });
    expect(worse.bytes.detail).toBe("≤ 300 kB on 2/3");
  });

  it("summarise per class and over all, with true medians", () => {
    const s = summarise([row({ kB: 100, ms: 1000 }), row({ kB: 300, ms: 2000, kBComplete: 400, msComplete: 2600 }), row({ cls: "unit", kB: 50, ms: 500, recall: 0.5, countOk: false })]);
    expect(s["2-char"]).toMatchObject({ queries: 2, kBMedian: 200, kBMax: 300, msMedian: 1500, msMax: 2000, recall: 1, countTrue: 2 });
    // The complete page's figures beside the first screen's.
    expect(s["2-char"]).toMatchObject({ kBCompleteMedian: 350, kBCompleteMax: 400, msCompleteMedian: 1900, msCompleteMax: 2600, requestsMedian: 9 });
    expect(s.all).toMatchObject({ queries: 3, kBMedian: 100, recall: 0.833, recallMin: 0.5, countTrue: 2 });
  });
});
