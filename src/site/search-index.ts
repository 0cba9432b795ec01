/**
 * The search index: the article records (search-records.ts) in Pagefind indexes of bounded size — shards — which
 * the search page opens newest first, as many as a search needs (Pagefind's mergeIndex;
 * templates/assets/pagefind-shards.js).
 *
 * Why shards: Pagefind holds a whole index in memory until it is written, about 0.3 MB per Chinese article at its
 * peak, so one index over 30,000 articles needs close to 10 GB (the bench's floor: 9.8 GB); a shard of
 * SHARD_ARTICLES is bounded whatever the archive's size, and two shards are indexed at once (INDEXERS). A shard is
 * also the unit of reuse: with a state folder, each shard is kept there under an id made from the hashes of its
 * issues, and a later build reuses every shard whose issues are all unchanged. A new issue goes into a new small
 * shard of its own; nothing already indexed is indexed again. Small shards are merged (re-indexed together) once
 * there are more than MAX_SMALL_SHARDS of them, so the number a search opens stays bounded.
 *
 * And a shard is what a reader's search loads. Opening every shard costs ~10 bytes of Pagefind metadata and ~10 of
 * filter data per article before any result (30,000 articles: 1.3 MB for a first search, bench/ 2026-11), so
 * shards are cut by date across papers and the search page opens the newest SEARCH_SCOPE articles' shards first,
 * then older ones as the reader asks or as a rare query needs them. shards.json says what each shard covers (dates,
 * papers, years) so a search limited to a paper or a year opens only shards that can hold it, and carries the
 * archive's filter values with their counts, so the filter menus are whole before any shard's filters are loaded.
 *
 * Layout in the site: pagefind/shards.json (see ShardsFile), pagefind/<id>/, each a complete Pagefind bundle, and
 * pagefind/r<key>/, a tier of the routing index (search-route.ts).
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import path from "node:path";
import type { IssueRecords, SearchRecord } from "./search-records.ts";
import { DOCS_CHUNK, partFile, savePart, type RouteInfo, type TierFiles } from "./search-route.ts";
import { linkTree, placeRouteTiers } from "./search-route-tiers.ts";
import { pathExists } from "../fs-exists.ts";
import { BUILD } from "../messages.ts";

/**
 * Articles per shard: ~0.3 MB of indexer memory each (measured at 30k: 5,000-article shards peaked near 1.5 GB an
 * indexer; with 2,000 the whole build's tree peaked at 2.2 GB, main process 1.0 GB), and the search page's first
 * scope is about one shard.
 */
export const SHARD_ARTICLES = 1500;
/**
 * Articles a first search opens (the newest shards until at least this many; pagefind-shards.js). Below
 * SHARD_ARTICLES, because shards hold whole issues and so end a little short of it: a first search opens the newest
 * shard alone, unless that is a small one an incremental build added, and then the next one too.
 */
export const SEARCH_SCOPE = 1000;
/**
 * Values of a filter with many of them that shards.json lists: the most frequent. The synthetic 10k archive has
 * 2,324 units (36 kB of JSON before a first search); the search page adds the values a search finds.
 */
export const LISTED_VALUES = 100;
/** A shard under half the size is "small"; past this many small shards they are merged into one. */
export const MAX_SMALL_SHARDS = 4;
/**
 * Bumped when the records or the shard format change, so no old shard is reused. 3: the routing index's parts.
 * 4: each shard's facets file (search-facets.mjs), which the search page's filter counts read.
 */
const FORMAT = "4";

export interface ShardPlan {
  id: string;
  issues: { key: string; hash: string }[];
  articles: number;
  /** Oldest and newest issue date (null: undated issues only), papers and years (the year filter's values). */
  from: string | null;
  to: string | null;
  papers: string[];
  years: string[];
}

/** pagefind/shards.json: what the search page reads before opening any shard. */
export interface ShardsFile {
  /** Shard ids, newest first. */
  shards: string[];
  about: Record<string, Pick<ShardPlan, "articles" | "from" | "to" | "papers" | "years">>;
  /** Every filter's values with their article counts over the whole archive (at most LISTED_VALUES a filter). */
  filters: Record<string, Record<string, number>>;
  /** Articles a first search opens. */
  scope: number;
  /** The routing index (search-route.ts, templates/assets/route.js): every exact match of a query in every shard. */
  route?: RouteInfo;
}

interface Manifest {
  format: string;
  shards: ShardPlan[];
}

export interface IndexResult {
  articles: number;
  shards: number;
  /** Shards indexed by this build (the rest were reused from the state folder). */
  indexedShards: number;
  indexedArticles: number;
  /** The routing index's bucket files over all tiers: how many, and their bytes (gzipped). */
  route: { buckets: number; posBuckets: number; bytes: number };
}

function shardId(issues: { key: string; hash: string }[]): string {
  const h = createHash("sha1").update(FORMAT);
  for (const i of issues) h.update(`${i.key}\u0000${i.hash}\n`);
  return `s${h.digest("hex").slice(0, 12)}`;
}

function covers(groups: IssueRecords[]): Pick<ShardPlan, "from" | "to" | "papers" | "years"> {
  const dates = groups.map((g) => g.date).filter((d): d is string => d !== null).sort();
  const papers = new Set<string>();
  const years = new Set<string>();
  for (const g of groups) {
    papers.add(g.paper);
    for (const r of g.records) for (const y of r.filters.year ?? []) years.add(y);
  }
  return { from: dates[0] ?? null, to: dates.at(-1) ?? null, papers: [...papers].sort(), years: [...years].sort() };
}

/** Newest first: by the newest date, undated-only shards last. */
function newestFirst(a: ShardPlan, b: ShardPlan): number {
  return (b.to ?? "").localeCompare(a.to ?? "") || (b.from ?? "").localeCompare(a.from ?? "") || a.id.localeCompare(b.id);
}

/** Each filter value's article count over all records; of a filter with many values, the LISTED_VALUES most frequent. */
export function filterTotals(groups: IssueRecords[]): Record<string, Record<string, number>> {
  const totals: Record<string, Record<string, number>> = {};
  for (const g of groups) {
    for (const r of g.records) {
      for (const [name, values] of Object.entries(r.filters)) {
        const counts = (totals[name] ??= {});
        for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
      }
    }
  }
  for (const [name, counts] of Object.entries(totals)) {
    const entries = Object.entries(counts);
    if (entries.length <= LISTED_VALUES) continue;
    entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    totals[name] = Object.fromEntries(entries.slice(0, LISTED_VALUES));
  }
  return totals;
}

/**
 * Cuts the groups (in date order) into shards of at most `size` articles, counting from the newest end: the shard
 * left short is the oldest, so a first search (the newest SEARCH_SCOPE articles) opens one full shard, not a short
 * one and part of the next.
 */
function chunk(groups: IssueRecords[], size: number): ShardPlan[] {
  const out: ShardPlan[] = [];
  let cur: IssueRecords[] = [];
  let n = 0;
  const flush = () => {
    if (cur.length === 0) return;
    cur.reverse();
    const issues = cur.map((g) => ({ key: g.key, hash: g.hash }));
    out.push({ id: shardId(issues), issues, articles: n, ...covers(cur) });
    cur = [];
    n = 0;
  };
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (n > 0 && n + g.records.length > size) flush();
    cur.push(g);
    n += g.records.length;
  }
  flush();
  return out.reverse();
}

/**
 * Which shards this build needs: every previous shard whose issues are all present and unchanged is kept; the
 * other issues (new, changed, or left over from a shard that lost one) are cut into new shards in date/paper
 * order (the groups' order). When that leaves more than MAX_SMALL_SHARDS small shards, the small ones are merged and cut again.
 */
export function planShards(groups: IssueRecords[], previous: ShardPlan[], size = SHARD_ARTICLES): ShardPlan[] {
  const current = new Map(groups.map((g) => [g.key, g.hash]));
  const kept = previous.filter((s) => s.issues.every((i) => current.get(i.key) === i.hash));
  const covered = new Set(kept.flatMap((s) => s.issues.map((i) => i.key)));
  let plan = [...kept, ...chunk(groups.filter((g) => !covered.has(g.key)), size)];
  const small = plan.filter((s) => s.articles < size / 2);
  if (small.length > MAX_SMALL_SHARDS) {
    const smallKeys = new Set(small.flatMap((s) => s.issues.map((i) => i.key)));
    plan = [...plan.filter((s) => s.articles >= size / 2), ...chunk(groups.filter((g) => smallKeys.has(g.key)), size)];
  }
  return plan;
}

async function readManifest(stateDir: string): Promise<ShardPlan[]> {
  try {
    const m = JSON.parse(await readFile(path.join(stateDir, "manifest.json"), "utf8")) as Manifest;
    return m.format === FORMAT && Array.isArray(m.shards) ? m.shards : [];
  } catch {
    return [];
  }
}

export interface IndexOptions {
  /** See the module comment; omitted, every shard is indexed afresh. */
  stateDir?: string;
  /** Shard size in articles (SHARD_ARTICLES); tests make it small to get several shards from the demo. */
  shardArticles?: number;
  /** Shards indexed at once, each by its own Pagefind process (INDEXERS). */
  indexers?: number;
  /** Articles a first search opens (SEARCH_SCOPE); tests make it small. */
  scope?: number;
  /**
   * The bundle folder of the site being updated in place (an incremental build), or undefined: shards already
   * there are neither linked nor copied into the new bundle, which then holds only the new shards and shards.json.
   * Awaited only when the shards are placed, so the caller may decide while indexing runs.
   */
  liveBundle?: Promise<string | undefined>;
}

/**
 * Two indexers: Pagefind's service does a shard's work on about one core (3,800 articles: 11.3 s wall, 13 CPU-s),
 * so two use a two-core machine; each holds one shard (~0.3 MB an article at its peak) in memory.
 */
export const INDEXERS = Math.max(1, Math.min(2, availableParallelism()));

/** The worker's entry: search-index-worker.mjs, with its Pagefind process reaped when it ends (search-index-reaper.mjs). */
const WORKER = new URL("./search-index-reaper.mjs", import.meta.url);

/** One build's index at a time, so the number of Pagefind processes stays at `indexers`. */
let queue: Promise<unknown> = Promise.resolve();

export function writeSearchIndex(groups: IssueRecords[], bundleDir: string, options: IndexOptions = {}): Promise<IndexResult> {
  const run = queue.then(() => writeOnce(groups, bundleDir, options));
  queue = run.catch(() => {});
  return run;
}

interface ShardJob {
  shard: ShardPlan;
  records: SearchRecord[];
  outDir: string;
}

/** Runs the jobs on `width` worker threads, each with its own Pagefind process; the first failure is thrown. */
async function indexShards(jobs: ShardJob[], width: number): Promise<Map<string, Uint8Array>> {
  const parts = new Map<string, Uint8Array>();
  let next = 0;
  const runWorker = async (): Promise<void> => {
    const worker = new Worker(WORKER, { execArgv: [] });
    const exited = once(worker, "exit");
    try {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const reply = once(worker, "message");
        worker.postMessage({ records: job.records, outDir: job.outDir });
        const stopped = exited.then(() => [{ ok: false, error: BUILD.indexerStopped }]);
        const [msg] = (await Promise.race([reply, stopped])) as [{ ok: boolean; error?: string; route?: Uint8Array }];
        if (!msg.ok) {
          next = jobs.length; // the other workers stop after their current shard
          throw new Error(BUILD.indexFailed(job.shard.id, String(msg.error)));
        }
        parts.set(job.shard.id, msg.route!);
      }
    } finally {
      worker.postMessage({ close: true });
      await exited;
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(width, jobs.length) }, runWorker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return parts;
}

async function writeOnce(groups: IssueRecords[], bundleDir: string, options: IndexOptions): Promise<IndexResult> {
  const { stateDir, liveBundle } = options;
  const size = options.shardArticles ?? SHARD_ARTICLES;
  const byKey = new Map(groups.map((g) => [g.key, g]));
  if (stateDir) await mkdir(stateDir, { recursive: true });
  const previous = stateDir ? await readManifest(stateDir) : [];
  const plan = planShards(groups, previous, size);
  // A shard is reused with its routing part; one whose part is missing is indexed again.
  const reuse = new Set<string>();
  if (stateDir) for (const s of previous) if (await pathExists(partFile(stateDir, s.id))) reuse.add(s.id);
  await mkdir(bundleDir, { recursive: true });
  const fresh = plan.filter((s) => !reuse.has(s.id));
  // Written into the state folder first under a temp name, so a failed build leaves no half shard there.
  const where = (s: ShardPlan) => (stateDir ? path.join(stateDir, `${s.id}.tmp-${process.pid}`) : path.join(bundleDir, s.id));
  for (const s of fresh) await rm(where(s), { recursive: true, force: true });
  const jobs = fresh.map((shard) => ({ shard, records: shard.issues.flatMap((i) => byKey.get(i.key)!.records), outDir: where(shard) }));
  const parts = await indexShards(jobs, options.indexers ?? INDEXERS);
  if (stateDir) {
    for (const s of fresh) {
      await rm(path.join(stateDir, s.id), { recursive: true, force: true });
      await rename(where(s), path.join(stateDir, s.id));
      await savePart(stateDir, s.id, parts.get(s.id)!);
    }
    const live = await liveBundle;
    for (const s of plan) {
      // 30,000 articles are 30,000 fragment files: linking them all again costs seconds an incremental build lacks.
      if (live && !fresh.includes(s) && (await pathExists(path.join(live, s.id, "pagefind-entry.json")))) continue;
      await linkTree(path.join(stateDir, s.id), path.join(bundleDir, s.id));
    }
  }
  const indexedShards = fresh.length;
  const indexedArticles = fresh.reduce((n, s) => n + s.articles, 0);
  const ordered = [...plan].sort(newestFirst);
  const tiers = await placeRouteTiers(ordered, size, parts, bundleDir, stateDir, stateDir ? await liveBundle : undefined);
  const route: RouteInfo = { tiers: tiers.map((t) => t.tier), docsChunk: DOCS_CHUNK };
  const file: ShardsFile = {
    shards: ordered.map((s) => s.id),
    about: Object.fromEntries(ordered.map((s) => [s.id, { articles: s.articles, from: s.from, to: s.to, papers: s.papers, years: s.years }])),
    filters: filterTotals(groups),
    scope: options.scope ?? SEARCH_SCOPE,
    route,
  };
  await writeFile(path.join(bundleDir, "shards.json"), `${JSON.stringify(file)}\n`);
  if (stateDir) {
    await writeFile(path.join(stateDir, "manifest.json"), `${JSON.stringify({ format: FORMAT, shards: plan } satisfies Manifest)}\n`);
    // Shards and routing tiers no build will ask for again.
    const live = new Set([...plan.map((s) => s.id), ...route.tiers.map((t) => t.id)]);
    for (const name of await readdir(stateDir)) {
      const id = name.replace(/\.(route|json)$/, "");
      if (/^[sr][0-9a-f]{12}(\.tmp-\d+)?$/.test(id) && !live.has(id)) await rm(path.join(stateDir, name), { recursive: true, force: true });
    }
  }
  const sum = (k: keyof TierFiles) => tiers.reduce((n, t) => n + t.files[k], 0);
  return {
    articles: groups.reduce((n, g) => n + g.records.length, 0), shards: plan.length, indexedShards, indexedArticles,
    route: { buckets: sum("buckets"), posBuckets: sum("posBuckets"), bytes: sum("bytes") },
  };
}
