/**
 * The routing index's tiers in the search bundle (what they are: search-route.ts): which shards make each, and
 * putting each in the bundle — joined afresh, or linked from the state folder where an earlier build left it.
 */
import { cp, link, mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { ShardPlan } from "./search-index.ts";
import { readPart, readTier, saveTier, tierId, writeTier, type RouteTier, type TierFiles } from "./search-route.ts";
import { pathExists } from "../fs-exists.ts";

/** Hard links when the state folder and the site are on one file system (shard files are never rewritten). */
export async function linkTree(from: string, to: string): Promise<void> {
  try {
    await mkdir(to, { recursive: true });
    for (const entry of await readdir(from, { withFileTypes: true })) {
      const src = path.join(from, entry.name);
      const dst = path.join(to, entry.name);
      if (entry.isDirectory()) await linkTree(src, dst);
      else await link(src, dst);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
    await cp(from, to, { recursive: true });
  }
}

/**
 * The routing index's tiers (search-route.ts), in shards.json's order each: the full shards (at least half of
 * `size`), which stay as they are until an issue of theirs changes, then the small ones, which every new issue
 * makes or rebuilds (planShards). A function of the plan alone, so a full and an incremental build of the same
 * plan write the same tiers. An empty tier is left out: a small archive has one.
 */
export function routeTiers(ordered: ShardPlan[], size: number): { id: string; shards: ShardPlan[] }[] {
  const full = ordered.filter((s) => s.articles >= size / 2);
  const small = ordered.filter((s) => s.articles < size / 2);
  return [full, small].filter((t) => t.length > 0).map((shards) => ({ id: tierId(shards.map((s) => s.id)), shards }));
}

/**
 * A tier's last file, to tell that its folder is there: a folder in the state folder is renamed in once whole, and
 * one in the live bundle came in whole too, by a merge's rename or a swap.
 */
const lastFile = (dir: string, files: TierFiles) => path.join(dir, `p${files.posBuckets - 1}.pf_route`);

/**
 * Writes the routing tiers into the bundle and returns what shards.json says of them. With a state folder, a tier
 * an earlier build made is linked from there — or left out when the live bundle of an incremental build has it
 * already, as its shards are — and a new one is joined into the state folder, then linked. Without one, each is
 * joined into the bundle. `parts`: the parts of the shards this build indexed (the others' are in the state folder).
 */
export async function placeRouteTiers(
  ordered: ShardPlan[], size: number, parts: Map<string, Uint8Array>, bundleDir: string, stateDir: string | undefined, live: string | undefined,
): Promise<{ tier: RouteTier; files: TierFiles }[]> {
  const out = [];
  for (const { id, shards } of routeTiers(ordered, size)) {
    let files = stateDir ? await readTier(stateDir, id) : null;
    if (files && !(await pathExists(lastFile(path.join(stateDir!, id), files)))) files = null;
    if (!files) files = await joinTier(id, shards, parts, bundleDir, stateDir);
    const inLive = live !== undefined && (await pathExists(lastFile(path.join(live, id), files)));
    if (stateDir && !inLive) await linkTree(path.join(stateDir, id), path.join(bundleDir, id));
    const places = shards.map((s) => ordered.indexOf(s));
    out.push({ tier: { id, shards: places, buckets: files.buckets, posBuckets: files.posBuckets }, files });
  }
  return out;
}

async function joinTier(id: string, shards: ShardPlan[], parts: Map<string, Uint8Array>, bundleDir: string, stateDir: string | undefined): Promise<TierFiles> {
  // Into the state folder under a temp name first, so a failed build leaves no half tier there.
  const dir = stateDir ? path.join(stateDir, `${id}.tmp-${process.pid}`) : path.join(bundleDir, id);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const tierParts: Uint8Array[] = [];
  for (const s of shards) {
    const part = parts.get(s.id) ?? (stateDir ? await readPart(stateDir, s.id) : null);
    if (!part) throw new Error(`search index: shard ${s.id} has no routing part`);
    tierParts.push(part);
  }
  const files = await writeTier(tierParts, dir);
  if (stateDir) {
    await rm(path.join(stateDir, id), { recursive: true, force: true });
    await rename(dir, path.join(stateDir, id));
    await saveTier(stateDir, id, files);
  }
  return files;
}
