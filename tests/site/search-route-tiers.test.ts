/**
 * The routing index's tiers (src/site/search-route.ts, search-route-tiers.ts): the full shards' tier is joined once
 * and then kept — an incremental build that adds an issue neither rewrites nor moves it, only the small shards' tier
 * is new — and what a build of a plan writes does not depend on how the build ran: an incremental build and a full
 * build that joins every tier afresh leave the same shards.json and the same bucket files.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/site/build-site.ts";
import { loadArchive } from "../../src/content/load-archive.ts";
import type { ShardPlan } from "../../src/site/search-index.ts";
import { routeTiers } from "../../src/site/search-route-tiers.ts";
import { fragments, routeHits, shardsFile } from "./helpers/route-hits.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-route-tiers-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Each file of a tier folder: its bytes, and what says whether it was written, linked or moved since. */
function tierFiles(dir: string): Map<string, { bytes: Buffer; ino: number; mtimeMs: number; ctimeMs: number }> {
  return new Map(readdirSync(dir).sort().map((f) => {
    const st = statSync(path.join(dir, f));
    return [f, { bytes: readFileSync(path.join(dir, f)), ino: st.ino, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs }];
  }));
}

describe("the routing index's tiers", () => {
  it("keeps the full shards' tier through an incremental build that adds an issue, and a full build writes the same", async () => {
    const content = path.join(tmp, "content");
    cpSync("content", content, { recursive: true });
    const state = path.join(tmp, "state");
    const site = path.join(tmp, "site");
    // 19 articles a shard: the demo's issues (9, 8, 30, 2, 1 articles) make shards both full and small (under 9.5).
    const build = (outDir: string, stateDir: string) => buildSite({ contentDir: content, outDir, stateDir, shardArticles: 19, log: () => {} });
    const first = await build(site, state);
    const before = shardsFile(site);
    expect(before.route!.tiers).toHaveLength(2);
    const stable = before.route!.tiers[0]!;
    const oldSmall = before.route!.tiers[1]!;
    const stableDir = path.join(site, "pagefind", stable.id);
    const kept = tierFiles(stableDir);
    const dirStat = statSync(stableDir);
    // A site the routing index's loose files of before the tiers were left in: the merge takes them out.
    writeFileSync(path.join(site, "pagefind", "route-0.pf_route"), "");
    const stateBefore = path.join(tmp, "state-before");
    cpSync(state, stateBefore, { recursive: true });

    // An issue of 8 articles added: a new small shard, so a new small tier; the full shards are as they were.
    const archive = await loadArchive(content);
    const src = archive.issues.find((i) => i.articles.length === 8)!;
    writeFileSync(path.join(path.dirname(src.file), "2099-01-01.txt"), readFileSync(src.file));
    const added = await build(site, state);
    expect(added.pages).toBeLessThan(first.pages); // an incremental build, merged into the site
    const after = shardsFile(site);
    expect(after.shards).toHaveLength(before.shards.length + 1);
    expect(after.route!.tiers.map((t) => t.id)).toEqual([stable.id, expect.not.stringMatching(oldSmall.id)]);
    // The full shards' places moved by one (the new shard is the newest): shards.json says so, the files need not.
    expect(after.route!.tiers[0]!.shards).toEqual(stable.shards.map((p) => p + 1));
    const now = tierFiles(stableDir);
    expect([...now.keys()]).toEqual([...kept.keys()]);
    for (const [f, was] of kept) expect(now.get(f), f).toEqual(was); // bytes, inode, mtime, ctime: not written, linked nor moved
    expect(statSync(stableDir).ino).toBe(dirStat.ino);
    expect(statSync(stableDir).ctimeMs).toBe(dirStat.ctimeMs);
    // The bundle holds the listed shards and tiers only; the old small tier is gone from the site and the state.
    const listed = [...after.shards, ...after.route!.tiers.map((t) => t.id)].sort();
    expect(readdirSync(path.join(site, "pagefind")).filter((f) => f !== "shards.json").sort()).toEqual(listed);
    const index = path.join(state, "search-index");
    expect(existsSync(path.join(index, oldSmall.id))).toBe(false);
    expect(readdirSync(index).filter((f) => /^r[0-9a-f]{12}$/.test(f)).sort()).toEqual(after.route!.tiers.map((t) => t.id).sort());

    // Every exact match of the whole archive, across both tiers: the new issue's copy and its original.
    const docs = fragments(site);
    for (const k of ["工会", "职工", "安全"]) {
      const truth = docs.filter((d) => d.texts.some((t) => t.includes(k))).map((d) => d.url).sort();
      expect(truth.length, k).toBeGreaterThan(1);
      expect(routeHits(site, k), k).toEqual(truth);
    }

    // The same plan built in full into another folder, every tier joined afresh (none in its state folder).
    const indexBefore = path.join(stateBefore, "search-index");
    const tierEntries = readdirSync(indexBefore).filter((f) => /^r[0-9a-f]{12}(\.json)?$/.test(f));
    expect(tierEntries).toHaveLength(4); // two tiers: each a folder and what it holds
    for (const f of tierEntries) rmSync(path.join(indexBefore, f), { recursive: true });
    const full = path.join(tmp, "full");
    const again = await build(full, stateBefore);
    expect(again.pages).toBeGreaterThan(first.pages); // every page: a full build
    expect(readFileSync(path.join(full, "pagefind", "shards.json"))).toEqual(readFileSync(path.join(site, "pagefind", "shards.json")));
    for (const t of after.route!.tiers) {
      const mine = tierFiles(path.join(site, "pagefind", t.id));
      const theirs = tierFiles(path.join(full, "pagefind", t.id));
      expect([...theirs.keys()]).toEqual([...mine.keys()]);
      for (const [f, m] of mine) expect(theirs.get(f)!.bytes.equals(m.bytes), `${t.id}/${f}`).toBe(true);
    }
  }, 300_000);

  it("puts the shards of at least half the size in one tier, the rest in another, each named by its shards", () => {
    const shard = (id: string, articles: number) => ({ id, articles }) as ShardPlan;
    const [a, b, c, d] = [shard("s1", 10), shard("s2", 4), shard("s3", 5), shard("s4", 9)];
    const tiers = routeTiers([a, b, c, d], 10);
    // Half of 10 is 5: a shard of 5 is full, one of 4 small; each tier keeps the order it was given.
    expect(tiers.map((t) => t.shards.map((s) => s.id))).toEqual([["s1", "s3", "s4"], ["s2"]]);
    expect(tiers[0]!.id).toMatch(/^r[0-9a-f]{12}$/);
    // The same shards, the same names; another small shard, another small tier and the same full one.
    expect(routeTiers([a, b, c, d], 10).map((t) => t.id)).toEqual(tiers.map((t) => t.id));
    const more = routeTiers([shard("s5", 2), a, b, c, d], 10);
    expect(more[0]!.id).toBe(tiers[0]!.id);
    expect(more[1]!.id).not.toBe(tiers[1]!.id);
    // One tier when every shard is small (the demo at its default size), none for no shards.
    expect(routeTiers([b], 10)).toHaveLength(1);
    expect(routeTiers([], 10)).toEqual([]);
  });
});
