/**
 * The search index in shards (src/site/search-index.ts): which shards a build reuses, and that a search over
 * several shards finds exactly what a search over one finds — the demo archive built twice, once in one shard and
 * once cut into shards of a dozen articles, both searched through the search page's own opener and ranker.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/site/build-site.ts";
import { serve, type RunningServer } from "../../src/site/serve.ts";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { searchRecords, type IssueRecords } from "../../src/site/search-records.ts";
import { filterTotals, LISTED_VALUES, planShards, MAX_SMALL_SHARDS, SEARCH_SCOPE, SHARD_ARTICLES, type ShardPlan, type ShardsFile } from "../../src/site/search-index.ts";
import { indexedText } from "./helpers/page-text.ts";
import { fragments, routeHits } from "./helpers/route-hits.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-shards-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const archive = await loadArchive("content");
const groups = searchRecords(buildSiteData(archive));
const total = groups.reduce((n, g) => n + g.records.length, 0);
const keysOf = (plan: ShardPlan[]) => plan.flatMap((s) => s.issues.map((i) => i.key));

describe("planShards", () => {
  it("cuts issues into shards in date order across papers without splitting an issue", () => {
    const plan = planShards(groups, [], 12);
    expect(keysOf(plan)).toEqual(groups.map((g) => g.key));
    // Each shard covers a span of dates that ends where the next one's begins (undated issues come first).
    const dated = groups.map((g) => g.date).filter((d): d is string => d !== null);
    expect(dated).toEqual([...dated].sort());
    for (let i = 1; i < plan.length; i++) if (plan[i - 1]!.to && plan[i]!.from) expect(plan[i - 1]!.to! <= plan[i]!.from!).toBe(true);
    for (const s of plan) {
      const mine = groups.filter((g) => s.issues.some((i) => i.key === g.key));
      expect(s.papers).toEqual([...new Set(mine.map((g) => g.paper))].sort());
      expect(s.years).toEqual([...new Set(mine.flatMap((g) => g.records.flatMap((r) => r.filters.year ?? [])))].sort());
    }
    for (const s of plan) expect(s.articles).toBe(s.issues.reduce((n, i) => n + groups.find((g) => g.key === i.key)!.records.length, 0));
    expect(plan.reduce((n, s) => n + s.articles, 0)).toBe(total);
    // Counted from the newest end: every shard but the oldest is as full as the next older issue allows.
    const sizeOf = (key: string) => groups.find((g) => g.key === key)!.records.length;
    for (let i = 1; i < plan.length; i++) expect(plan[i]!.articles + sizeOf(plan[i - 1]!.issues.at(-1)!.key)).toBeGreaterThan(12);
    // An issue larger than the shard size gets a shard of its own rather than being cut.
    expect(plan.every((s) => s.articles <= 12 || s.issues.length === 1)).toBe(true);
  });

  it("keeps every shard whose issues are unchanged and puts a new issue in a shard of its own", () => {
    const before = planShards(groups.slice(0, -1), [], 12);
    const after = planShards(groups, before, 12);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)!.issues.map((i) => i.key)).toEqual([groups.at(-1)!.key]);
  });

  it("re-indexes only the shard of a changed issue", () => {
    const before = planShards(groups, [], 12);
    const changed: IssueRecords[] = groups.map((g, i) => (i === 1 ? { ...g, hash: "changed" } : g));
    const after = planShards(changed, before, 12);
    const hit = before.find((s) => s.issues.some((i) => i.key === groups[1]!.key))!;
    expect(after.filter((s) => before.some((b) => b.id === s.id)).length).toBe(before.length - 1);
    expect(after.map((s) => s.id)).not.toContain(hit.id);
    expect(keysOf(after).sort()).toEqual(groups.map((g) => g.key).sort());
  });

  it("merges small shards once there are more than MAX_SMALL_SHARDS of them", () => {
    let plan: ShardPlan[] = [];
    // Each issue arrives on its own, as when an editor adds one a week.
    for (let n = 1; n <= groups.length; n++) plan = planShards(groups.slice(0, n), plan, 1000);
    expect(plan.length).toBeLessThanOrEqual(MAX_SMALL_SHARDS);
    expect(keysOf(plan).sort()).toEqual(groups.map((g) => g.key).sort());
  });
});

describe("filterTotals (the filter menus before any shard is open)", () => {
  it("counts every value, and of a filter with many values lists only the most frequent", () => {
    // 150 units, unit i in i+1 articles; two papers.
    const records = Array.from({ length: 150 }, (_, i) => Array.from({ length: i + 1 }, () => ({
      ...groups[0]!.records[0]!, filters: { unit: [`单位${i}`], paper: [i % 2 ? "甲报" : "乙报"] },
    }))).flat();
    const totals = filterTotals([{ ...groups[0]!, records }]);
    expect(totals.paper).toEqual({ 甲报: records.filter((r) => r.filters.paper[0] === "甲报").length, 乙报: records.filter((r) => r.filters.paper[0] === "乙报").length });
    expect(Object.keys(totals.unit!).length).toBe(LISTED_VALUES);
    expect(Math.min(...Object.values(totals.unit!))).toBe(150 - LISTED_VALUES + 1);
    expect(totals.unit!["单位149"]).toBe(150);
  });

  it("opens one shard for a first search: the scope is below the shard size", () => {
    expect(SEARCH_SCOPE).toBeLessThan(SHARD_ARTICLES);
  });
});

interface Ranked { ours: string[]; flags: boolean[] }

function rankJob(siteUrl: string, job: object): Promise<{ docs?: { url: string }[]; results: Record<string, Ranked> }> {
  const script = path.resolve("tests/site/helpers/pagefind-rank.mjs");
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ["--experimental-network-imports", "--no-warnings", script, siteUrl], { timeout: 240_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
    child.stdin!.end(JSON.stringify(job));
  });
}

describe("a sharded index", () => {
  const one = path.join(tmp, "one");
  const many = path.join(tmp, "many");
  const servers: RunningServer[] = [];
  let logMany: string[] = [];
  beforeAll(async () => {
    await buildSite({ contentDir: "content", outDir: one, log: () => {} });
    await buildSite({ contentDir: "content", outDir: many, log: (l) => logMany.push(l), shardArticles: 12 });
    for (const dir of [one, many]) servers.push(await serve({ dir, port: 0, host: "127.0.0.1", log: () => {} }));
  }, 240_000);
  afterAll(async () => { for (const s of servers) await s.close(); });

  it("holds for each article the text its page marks searchable (data-pagefind-body less data-pagefind-ignore)", () => {
    // The records are made from the site data, not read back from the pages; this keeps the two in step.
    const squash = (t: string) => t.replace(/\s+/gu, "");
    for (const r of groups.flatMap((g) => g.records)) {
      const html = readFileSync(path.join(one, ...r.url.split("/").filter(Boolean), "index.html"), "utf8");
      expect(squash(r.content), r.url).toBe(squash(indexedText(html)!.joined));
    }
  });

  it("is written as several shards, listed newest first in shards.json with what each covers", () => {
    const file = JSON.parse(readFileSync(path.join(many, "pagefind", "shards.json"), "utf8")) as ShardsFile;
    const { shards } = file;
    const plan = planShards(groups, [], 12);
    expect(shards.length).toBe(plan.length);
    expect(shards.length).toBeGreaterThan(2);
    expect([...shards].sort()).toEqual(plan.map((s) => s.id).sort());
    const tos = shards.map((id) => file.about[id]!.to ?? "");
    expect(tos).toEqual([...tos].sort().reverse());
    for (const s of plan) expect(file.about[s.id]).toEqual({ articles: s.articles, from: s.from, to: s.to, papers: s.papers, years: s.years });
    // The filter menus' values and counts, before any shard is open: counted here from the records.
    const records = groups.flatMap((g) => g.records);
    for (const name of ["paper", "kind", "unit", "year"]) {
      const values = [...new Set(records.flatMap((r) => r.filters[name] ?? []))];
      expect(Object.keys(file.filters[name]!).sort(), name).toEqual(values.sort());
      for (const v of values) expect(file.filters[name]![v], `${name}=${v}`).toBe(records.filter((r) => r.filters[name]?.includes(v)).length);
    }
    expect(file.scope).toBe(SEARCH_SCOPE);
    expect(logMany.find((l) => l.startsWith("[index]"))).toContain(`${total} 个页面，${shards.length} 个分片`);
  });

  it("finds the same articles, exact matches first, as one index does", async () => {
    // Queries from the archive itself: every unit and credited person, and the first two characters of every headline.
    const data = buildSiteData(archive);
    const queries = [...new Set([
      ...data.articles.flatMap((a) => [a.unit ?? "", ...a.credits.map((c) => c.name)]),
      ...data.articles.filter((a) => !a.untitled).map((a) => [...a.title].slice(0, 2).join("")),
    ].filter((q) => q.length >= 2))];
    const [a, b] = await Promise.all(servers.map((s) => rankJob(s.url, { docs: true, queries })));
    expect(b.docs!.map((d) => d.url).sort()).toEqual(a.docs!.map((d) => d.url).sort());
    expect(a.docs!.length).toBe(total);
    const exact = (r: Ranked) => r.ours.filter((_, i) => r.flags[i]).sort();
    for (const q of queries) {
      expect(exact(b.results[q]!), q).toEqual(exact(a.results[q]!));
      // Past the exact matches come Pagefind's partial matches, in its own score order — which is per index (word
      // frequencies differ between one index and a shard), so that tail may differ; the exact part may not.
      // Exact matches come first in both.
      for (const r of [a.results[q]!, b.results[q]!]) expect(r.flags.indexOf(false) < 0 || r.flags.slice(r.flags.indexOf(false)).every((f) => !f), q).toBe(true);
    }
  }, 240_000);
});

describe("a rebuild with a state folder", () => {
  it("reuses every unchanged shard and indexes only a new issue", async () => {
    const content = path.join(tmp, "content");
    cpSync("content", content, { recursive: true });
    const state = path.join(tmp, "state");
    const out = path.join(tmp, "site");
    const logs: string[][] = [[], [], []];
    const build = (i: number) => buildSite({ contentDir: content, outDir: out, stateDir: state, shardArticles: 12, log: (l) => logs[i]!.push(l) });
    const first = await build(0);
    const second = await build(1);
    expect(logs[1]!.find((l) => l.startsWith("[index]"))).toMatch(/（沿用 (\d+) 个，新索引 0 篇文章）/);
    expect(second.indexedPages).toBe(first.indexedPages);
    // A new issue: a copy of one under another date, so its articles are new pages.
    const paperDir = path.join(content, archive.papers[0]!.slug);
    const src = archive.issues.find((i) => i.paper === archive.papers[0]!.slug)!;
    writeFileSync(path.join(paperDir, "2099-01-01.txt"), readFileSync(path.join(src.file)));
    await build(2);
    const line = logs[2]!.find((l) => l.startsWith("[index]"))!;
    const m = /(\d+) 个页面，(\d+) 个分片（沿用 (\d+) 个，新索引 (\d+) 篇文章）/.exec(line);
    expect(m, line).not.toBeNull();
    const added = src.articles.length;
    expect(Number(m![1])).toBe(first.indexedPages + added);
    expect(Number(m![4])).toBe(added);
    expect(Number(m![3])).toBe(Number(m![2]) - 1);
    // The routing index was joined again from the reused shards' parts and the new one's: a string of the copied
    // issue lists the copy and the original, each exactly as the fragments say.
    const docs = fragments(out);
    const copy = docs.filter((d) => d.url.includes("/2099-01-01/"));
    expect(copy.length).toBe(added);
    const keys = copy.flatMap((d) => (d.texts[0]!.match(/\p{Script=Han}{3}/gu) ?? []).slice(0, 3));
    expect(keys.length).toBeGreaterThan(3);
    for (const k of keys) {
      const truth = docs.filter((d) => d.texts.some((t) => t.includes(k))).map((d) => d.url).sort();
      expect(truth.some((u) => !u.includes("/2099-01-01/")), k).toBe(true);
      expect(routeHits(out, k), k).toEqual(truth);
    }
  }, 240_000);
});
