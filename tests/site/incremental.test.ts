/**
 * Incremental builds (src/site/incremental.ts): with a state folder, a rebuild renders only the pages whose
 * fingerprint changed and moves them into the old site. What must hold: the site it leaves is the site a full build
 * makes from the same content (every page and data file byte for byte; only the search shards are cut
 * differently), and it rendered only a part of the pages.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite, type BuildResult } from "../../src/site/build-site.ts";
import { loadArchive } from "../../src/content/load-archive.ts";
import { ParseCache } from "../../src/content/parse-cache.ts";
import type { ShardsFile } from "../../src/site/search-index.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-incremental-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file under `dir` but the search bundle, path → bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (f === "pagefind" || f.startsWith(`pagefind${path.sep}`)) continue;
    const p = path.join(dir, f);
    try { out.set(f, readFileSync(p)); } catch { /* a folder */ }
  }
  return out;
}

function expectSameSite(actual: string, expected: string): void {
  const a = snapshot(actual);
  const b = snapshot(expected);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  const differ = [...b.keys()].filter((k) => !a.get(k)!.equals(b.get(k)!));
  expect(differ).toEqual([]);
}

describe("an incremental build", () => {
  it("renders only what changed, and leaves the same site a full build makes", async () => {
    const content = path.join(tmp, "content");
    cpSync("content", content, { recursive: true });
    const state = path.join(tmp, "state");
    const site = path.join(tmp, "site");
    const logs: string[] = [];
    // With a parse cache, as `baokan build` runs: records then carry the input digests that let an unchanged
    // issue's JSON stay as it is.
    const build = (): Promise<BuildResult> =>
      buildSite({ contentDir: content, outDir: site, stateDir: state, cache: new ParseCache(path.join(tmp, "parse-cache")), log: (l) => logs.push(l) });

    const first = await build();
    const unchanged = await build();
    expect(unchanged.pages).toBe(0); // nothing changed: nothing rendered
    expect(logs.filter((l) => l.startsWith("[render]")).at(-1)).toContain(`${first.pages} 个页面中的 0 个`);
    const dataLine = () => logs.filter((l) => l.startsWith("[data]")).at(-1)!;
    expect(dataLine()).toMatch(/，写入 0 个 /); // nor any data file

    // An editor adds an issue: a copy of one of the archive's under a new date.
    const archive = await loadArchive(content);
    const issueJson = readdirSync(path.join(site, "data", "issues"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
    const stamps = new Map(issueJson.map((f) => [f, statSync(path.join(site, "data", "issues", f)).mtimeMs]));
    const src = archive.issues.find((i) => i.paper === archive.papers[0]!.slug && i.articles.length > 3)!;
    writeFileSync(path.join(content, archive.papers[0]!.slug, "2099-01-01.txt"), readFileSync(src.file));
    const added = await build();
    expect(added.pages).toBeGreaterThan(src.articles.length); // its articles, its issue page and the lists
    expect(added.pages).toBeLessThan(first.pages);
    // Its own JSON, the archive-wide JSON and CSV, the feeds, the sitemap: not the other issues' JSON files.
    const written = Number(/，写入 (\d+) 个 /.exec(dataLine())![1]);
    expect(written).toBeGreaterThanOrEqual(4);
    expect(written).toBeLessThan(added.dataFiles - archive.issues.length + 1);
    for (const [f, ms] of stamps) expect(statSync(path.join(site, "data", "issues", f)).mtimeMs, f).toBe(ms);

    const full = path.join(tmp, "full");
    await buildSite({ contentDir: content, outDir: full, log: () => {} });
    expectSameSite(site, full);
    // The search bundle holds exactly the shards shards.json lists, each whole, and the new issue is in one.
    const bundle = path.join(site, "pagefind");
    const shards = JSON.parse(readFileSync(path.join(bundle, "shards.json"), "utf8")).shards as string[];
    // Beside the shards' folders, only the routing index's tier folders (search-route.ts), each of as many bucket
    // files as shards.json says.
    const tiers = (JSON.parse(readFileSync(path.join(bundle, "shards.json"), "utf8")) as ShardsFile).route!.tiers;
    const entries = readdirSync(bundle).filter((f) => f !== "shards.json");
    expect(entries.sort()).toEqual([...shards, ...tiers.map((t) => t.id)].sort());
    for (const t of tiers) {
      const files = readdirSync(path.join(bundle, t.id));
      expect(files.every((f) => /^p?\d+\.pf_route$/.test(f)), t.id).toBe(true);
      expect(files.length, t.id).toBe(t.buckets + t.posBuckets);
    }
    expect(tiers.flatMap((t) => t.shards).sort((a, b) => a - b)).toEqual(shards.map((_, i) => i));
    for (const id of shards) expect(existsSync(path.join(bundle, id, "pagefind-entry.json")), id).toBe(true);
    const counted = shards.reduce((n, id) => n + Object.values(JSON.parse(readFileSync(path.join(bundle, id, "pagefind-entry.json"), "utf8")).languages as Record<string, { page_count: number }>).reduce((m, l) => m + l.page_count, 0), 0);
    expect(counted).toBe(added.articles);

    // And the issue removed again: its pages are deleted, the rest is again what a full build makes.
    rmSync(path.join(content, archive.papers[0]!.slug, "2099-01-01.txt"));
    await build();
    expect(logs.filter((l) => l.startsWith("[render]")).at(-1)).toMatch(/删去 \d+ 个/);
    const full2 = path.join(tmp, "full2");
    await buildSite({ contentDir: content, outDir: full2, log: () => {} });
    expectSameSite(site, full2);

    // A change to every page (the site's title) renders in full into a fresh folder: the issue files an
    // incremental build would have kept are made again, and the site is still the full build's.
    writeFileSync(path.join(content, "site.yaml"), readFileSync(path.join(content, "site.yaml"), "utf8").replace(/^title: .*$/m, "title: 另一个档案"));
    const retitled = await build();
    expect(retitled.pages).toBe(first.pages); // every page, as a full render writes them
    const full3 = path.join(tmp, "full3");
    await buildSite({ contentDir: content, outDir: full3, log: () => {} });
    expectSameSite(site, full3);
  }, 300_000);

  it("removes the build states of output folders that are gone, and keeps the others", async () => {
    const cache = path.join(tmp, "cache");
    const gone = path.join(cache, "site-000000000000");
    const kept = path.join(cache, "site-111111111111");
    for (const [dir, out] of [[gone, path.join(tmp, "no-such-site")], [kept, tmp]] as const) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "render.json"), JSON.stringify({ format: "2", outDir: out, shards: "", fingerprints: {}, files: {} }));
    }
    await buildSite({ contentDir: "content", outDir: path.join(tmp, "site3"), stateDir: path.join(cache, "site-aaaaaaaaaaaa"), log: () => {} });
    expect(existsSync(gone)).toBe(false);
    expect(existsSync(kept)).toBe(true);
    expect(existsSync(path.join(cache, "site-aaaaaaaaaaaa", "render.json"))).toBe(true);
  }, 300_000);

  it("builds in full when the site folder is not the one it last built", async () => {
    const state = path.join(tmp, "state2");
    const site = path.join(tmp, "site2");
    const logs: string[] = [];
    const first = await buildSite({ contentDir: "content", outDir: site, stateDir: state, log: (l) => logs.push(l) });
    rmSync(path.join(site, "pagefind"), { recursive: true, force: true });
    const again = await buildSite({ contentDir: "content", outDir: site, stateDir: state, log: (l) => logs.push(l) });
    expect(again.pages).toBe(first.pages);
    expect(existsSync(path.join(site, "pagefind", "shards.json"))).toBe(true);
  }, 300_000);

  it("builds in full after a build without state wrote the same folder, even one whose shards.json has the same bytes", async () => {
    const state = path.join(tmp, "state4");
    const site = path.join(tmp, "site4");
    const cached = () => buildSite({ contentDir: "content", outDir: site, stateDir: state, log: () => {} });
    const first = await cached();
    expect((await cached()).pages).toBe(0);
    // A `--no-cache` build of the same content: the same pages, the same shards.json bytes, but another site.
    const bytes = readFileSync(path.join(site, "pagefind", "shards.json"));
    await buildSite({ contentDir: "content", outDir: site, log: () => {} });
    expect(readFileSync(path.join(site, "pagefind", "shards.json")).equals(bytes)).toBe(true);
    expect((await cached()).pages).toBe(first.pages);
    expect((await cached()).pages).toBe(0);
  }, 300_000);
});
