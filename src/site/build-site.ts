/**
 * `baokan build`: content/ → a static site with a Pagefind index, feeds, sitemap and open data.
 *
 * Phases: parse → render (Eleventy) → data (JSON, CSV, Atom feeds, sitemap, robots.txt; data-out.ts) → index
 * (Pagefind, from the records) → commit. Everything is written to a temp folder beside outDir and put in place only
 * when every phase has succeeded (output-commit.ts: a swap, or for an incremental build a journaled merge), so a bad
 * input file, a template bug, a full disk or a killed process never leaves a half-built or empty site where the old
 * one was. A build holds a lock on its output and state folders from start to end (build-lock.ts), and first
 * finishes or clears what a killed build of the same folder left (output-commit.ts recoverOutput). A write the file
 * system refuses ends the build with one line naming the path (output-errors.ts).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { InputError } from "../errors.ts";
import { loadArchive } from "../content/load-archive.ts";
import { DEFAULT_CACHE_DIR, type ParseCache } from "../content/parse-cache.ts";
import { buildSiteData } from "./site-data.ts";
import { renderSite } from "./render-site.ts";
import { searchRecords } from "./search-records.ts";
import { writeSearchIndex } from "./search-index.ts";
import { contentHash, crawlerFiles, dataFiles, downloadsSummary, encodeOutFiles, feedFiles, writeOutFiles, type OutFile } from "./data-out.ts";
import { FEED_CAP, robotsTxt, sitemapFiles } from "./feeds.ts";
import { pageFingerprints } from "./page-fingerprints.ts";
import { ARTICLES_CSV, ARTICLES_JSON, type LastTable } from "./article-tables.ts";
import { forgetRender, planRender, pruneStaleStates, readRenderState, renderStateFile, saveRender, type FileState } from "./incremental.ts";
import { acquireLocks, type LockWait } from "./build-lock.ts";
import { checkpoint, commitMerge, commitSwap, JOURNAL, recoverOutput, siblingName, withSignalsDeferred } from "./output-commit.ts";
import { pathExists } from "../fs-exists.ts";
import { writeFailure } from "./output-errors.ts";
import { buildReport, REPORT_URL } from "./report.ts";
import { normalizePrefix, readSiteConfig, resolveSiteAddress, type SiteConfig } from "./site-config.ts";
import { orphanLedgers } from "../content/orphan-ledgers.ts";
import { BUILD, LEDGER } from "../messages.ts";

export interface BuildOptions {
  contentDir: string;
  outDir: string;
  /** For a site served from a sub-path (e.g. "/archive/"); links and the search bundle follow it. */
  pathPrefix?: string;
  /**
   * The site's public address (https://example.org/) for feeds, sitemap and open data; overrides `url:` in
   * content/site.yaml. With neither, http://localhost:8080/ is used and the build says so (site-config.ts).
   */
  siteUrl?: string;
  /** Where phase lines go; tests pass a no-op. */
  log?: (line: string) => void;
  /**
   * The parse cache for this build: a ParseCache reuses the parse of every unchanged file (`baokan build` and
   * `serve` pass one on .cache/baokan), `null` parses everything; omitted, loadArchive's process default.
   */
  cache?: ParseCache | null;
  /**
   * Eleventy keeps templates and layouts it has read in process-wide caches; a long-running process whose
   * templates may change (`baokan serve`) passes false so each build reads them afresh.
   */
  templateCache?: boolean;
  /** Render the parse-quality page /report/ (report.ts); without it there is no /report/ at all. */
  withReport?: boolean;
  /**
   * A folder this build may keep state in for the next one: the search index shards, reused when their issues
   * are unchanged (search-index.ts). `baokan build` and `serve` pass one under .cache/baokan; without it every
   * build indexes everything.
   */
  stateDir?: string;
  /** Articles per search-index shard (search-index.ts SHARD_ARTICLES); tests set it small. */
  shardArticles?: number;
  /** Articles a first search opens (search-index.ts SEARCH_SCOPE); tests make it small. */
  searchScope?: number;
  /**
   * While another build holds the output or state folder: without this the build stops at once with
   * BuildBusyError (`baokan build`); with it, it waits until that build is done (`baokan serve`'s rebuilds).
   */
  lockWait?: LockWait;
}

/** The state folder `baokan build`/`serve` keep for an output folder: .cache/baokan/site-<hash of its path>. */
export function defaultStateDir(outDir: string): string {
  return path.join(DEFAULT_CACHE_DIR, `site-${createHash("sha1").update(path.resolve(outDir)).digest("hex").slice(0, 12)}`);
}

/** Milliseconds per phase: parse (read + parse, or the cache), site (page data: units, authors, related), render, data, index. */
export interface BuildPhases { parse: number; site: number; render: number; data: number; index: number }

export interface BuildResult {
  outDir: string;
  files: number;
  pages: number;
  articles: number;
  indexedPages: number;
  /** The absolute root every feed, sitemap and data URL starts with (prefix included). */
  siteRoot: string;
  /** Files written beside the pages: JSON, CSV, feeds, sitemap, robots.txt. */
  dataFiles: number;
  phases: BuildPhases;
  /** The files this build parsed: the cache misses with a cache, every file without one. */
  parsed: string[];
}

/** What the templates see as `siteConfig` (canonical links, feed links, the /data/ page). */
export interface SiteConfigGlobal extends SiteConfig {
  /** Absolute root, ending in "/". */
  root: string;
  /** The same without the trailing "/", so `{{ siteConfig.base }}{{ page.url }}` is a page's absolute URL. */
  base: string;
  /** True when no address was configured and the localhost default is in use. */
  isDefault: boolean;
  feedCap: number;
}

/** The build stopped because some input files are unusable; `errors` names each file (and line). */
export class SiteBuildError extends Error {
  constructor(readonly errors: InputError[]) {
    super(`${BUILD.unreadable(errors.length)}\n${errors.map((e) => `  ${e.message}`).join("\n")}`);
    this.name = "SiteBuildError";
  }
}

/**
 * articles.json and articles.csv as the last build left them in `outDir`, with their parts, for dataFiles to reuse
 * (article-tables.ts); a file that is missing or whose bytes are not the ones the state recorded is left out.
 */
function lastTables(outDir: string, files: Readonly<Record<string, FileState>>): Map<string, LastTable> {
  const out = new Map<string, LastTable>();
  for (const at of [ARTICLES_JSON, ARTICLES_CSV]) {
    const st = files[at];
    if (!st?.parts) continue;
    let body: Buffer;
    try {
      body = readFileSync(path.join(outDir, ...at.split("/").filter(Boolean)));
    } catch {
      continue;
    }
    if (body.length === st.bytes && contentHash(body) === st.hash) out.set(at, { body, parts: st.parts });
  }
  return out;
}

/** A path as the editor would type it: relative inside the working folder, absolute outside it. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const outDir = path.resolve(options.outDir);
  const stateDir = options.stateDir ? path.resolve(options.stateDir) : undefined;
  // Eleventy starts copying the assets and, if that fails (a full disk), rejects before it attaches a handler, so the
  // rejection is "unhandled" for a while and Node would end the process with a stack trace. While this build runs,
  // such a rejection is held here instead: it is handled by Eleventy later (and reaches the catch below), or, if it
  // never is, fails the build.
  const stray = new Map<Promise<unknown>, unknown>();
  const onUnhandled = (reason: unknown, promise: Promise<unknown>) => { stray.set(promise, reason); };
  const onHandled = (promise: Promise<unknown>) => { stray.delete(promise); };
  process.on("unhandledRejection", onUnhandled);
  process.on("rejectionHandled", onHandled);
  try {
    const locks = await acquireLocks([
      { file: `${outDir}.lock`, folder: shown(outDir) },
      ...(stateDir ? [{ file: path.join(stateDir, "lock"), folder: shown(stateDir) }] : []),
    ], options.lockWait);
    try {
      await recoverOutput(outDir, log);
      const result = await buildLocked({ ...options, ...(stateDir ? { stateDir } : {}) }, outDir, log);
      for (const reason of stray.values()) throw reason;
      return result;
    } finally {
      for (const l of locks.reverse()) l.release();
    }
  } catch (e) {
    throw writeFailure(e, { outDir, ...(stateDir ? { stateDir } : {}) }) ?? e;
  } finally {
    process.off("unhandledRejection", onUnhandled);
    process.off("rejectionHandled", onHandled);
  }
}

async function buildLocked(options: BuildOptions, outDir: string, log: (line: string) => void): Promise<BuildResult> {
  let t = performance.now();
  const phases: BuildPhases = { parse: 0, site: 0, render: 0, data: 0, index: 0 };
  const cache = options.cache;
  const parsedBefore = cache?.parsed.length ?? 0;
  // The build keeps each issue's article-number ledger (content/<paper>/<stem>.ids.yaml) up to date.
  const { papers, issues, errors, files, inputs, retired } = await loadArchive(options.contentDir, process.cwd(), { writeLedgers: true, ...(cache === undefined ? {} : { cache }) });
  if (errors.length > 0) throw new SiteBuildError(errors);
  const parsed = cache ? cache.parsed.slice(parsedBefore) : (files ?? issues.map((i) => i.file));
  phases.parse = performance.now() - t;
  log(BUILD.parse(issues.length, performance.now() - t, cache ? { parsed: parsed.length } : null));
  for (const o of await orphanLedgers(options.contentDir)) log(`[content] ${LEDGER.orphan(path.relative(process.cwd(), o) || o)}`);
  await checkpoint("parse");

  t = performance.now();
  // Frozen, Eleventy's data merge shares it instead of deep-copying it into every page's data; the merge checks
  // only the object it is handed (@11ty/eleventy-utils Merge.js), so the top level is enough. Freezing it all the
  // way down cost 0.45 s at 37,682 articles.
  const data = Object.freeze(buildSiteData({ papers, issues, ...(retired ? { retired } : {}) }));
  phases.site = performance.now() - t;
  log(BUILD.site(data.articles.length, performance.now() - t));
  await checkpoint("site");

  const pathPrefix = normalizePrefix(options.pathPrefix);
  let config: SiteConfig;
  try {
    config = await readSiteConfig(options.contentDir);
  } catch (e) {
    if (e instanceof InputError) throw new SiteBuildError([e]);
    throw e;
  }
  const address = resolveSiteAddress(options.siteUrl, config, pathPrefix);
  if (address.source === "default") {
    log(BUILD.noAddress(path.join(options.contentDir, "site.yaml"), address.root));
  }
  // The last build's state, when the site in outDir is still the one it describes (incremental.ts).
  const state = await readRenderState(options.stateDir, outDir);
  const last = typeof state === "string" ? null : state;

  // Made before rendering so the /data/ page can show each file's size; written while the pages render. An issue's
  // JSON made from the same input as the last build's is not made again (it stays in the site as it is).
  t = performance.now();
  const kept: string[] = [];
  const unchanged = (at: string, input: string): boolean => {
    if (last?.files[at]?.input !== input) return false;
    kept.push(at);
    return true;
  };
  let tables = last ? lastTables(outDir, last.files) : undefined;
  const makeFiles = (keep: typeof unchanged | undefined) =>
    encodeOutFiles([...dataFiles(issues, data, address.root, { inputs, unchanged: keep, last: tables }), ...feedFiles(data, config, address.root)]);
  let made: OutFile[] | null = makeFiles(unchanged);
  const dataMs = performance.now() - t;
  // In path order, so the /data/ page's fingerprint does not depend on which files were kept.
  const downloads = downloadsSummary([...made, ...kept.map((at) => ({ path: at, bytes: last!.files[at]!.bytes }))].sort((a, b) => (a.path < b.path ? -1 : 1)));
  const siteConfig: SiteConfigGlobal = {
    ...config, root: address.root, base: address.root.replace(/\/$/, ""), isDefault: address.source === "default", feedCap: FEED_CAP,
  };

  const report = options.withReport ? buildReport(issues, data) : null;

  const tmp = siblingName(outDir, "tmp");
  // Settled by the plan below, or by a failure before it: the index waits for it before it ends.
  let liveBundle: (dir: string | undefined) => void = () => {};
  const live = new Promise<string | undefined>((resolve) => { liveBundle = resolve; });
  // Work that writes into tmp beside rendering; on failure it must settle before tmp is removed.
  const background: Promise<unknown>[] = [];
  try {
    // The index is made from the records, not the rendered pages, so it runs in Pagefind's own process while
    // Eleventy renders: on two cores the two phases overlap.
    t = performance.now();
    const records = searchRecords(data);
    const indexStart = t;
    // An incremental build keeps the shards already in the site where they are; the index learns whether this build
    // is one once the render is planned (below), which it needs only when it places the shards, at its end.
    const indexing = writeSearchIndex(records, path.join(tmp, "pagefind"), {
      ...(options.stateDir ? { stateDir: path.join(options.stateDir, "search-index") } : {}),
      ...(options.shardArticles ? { shardArticles: options.shardArticles } : {}),
      ...(options.searchScope ? { scope: options.searchScope } : {}),
      liveBundle: live,
    })
      .then((r) => ({ ...r, ms: performance.now() - indexStart }));
    indexing.catch(() => {}); // awaited below; this keeps a failure from being reported as unhandled meanwhile
    background.push(indexing);

    // With a state folder, only the pages whose fingerprint changed since the last build are rendered (incremental.ts).
    t = performance.now();
    const globals = { siteConfig, downloads, report };
    const fingerprints = options.stateDir ? pageFingerprints(data, globals, { pathPrefix }) : null;
    const plan = planRender(state, fingerprints);
    liveBundle(plan.only ? path.join(outDir, "pagefind") : undefined);
    // A full render goes into a fresh folder: the issue files kept above must be made after all (same bytes).
    if (!plan.only && kept.length > 0) {
      made = makeFiles(undefined);
      kept.length = 0;
    }
    tables = undefined; // the last build's tables (70 MB at 37,986 articles) are not needed past here

    // The data files are written while Eleventy renders (file writes wait on the disk, not the CPU); their
    // paths (data/, feed.xml files) are not pages. An incremental build writes only those whose bytes changed.
    const fileStates = new Map<string, FileState>(kept.map((at) => [at, last!.files[at]!]));
    let written = 0;
    const changed = (list: readonly OutFile[]): OutFile[] => {
      const out = list.filter((f) => {
        if (!options.stateDir) return true;
        const st: FileState = {
          hash: contentHash(f.body), bytes: Buffer.byteLength(f.body), ...(f.input ? { input: f.input } : {}), ...(f.parts ? { parts: f.parts } : {}),
        };
        fileStates.set(f.path, st);
        return !plan.only || plan.previousFiles.get(f.path)?.hash !== st.hash;
      });
      written += out.length;
      return out;
    };
    const madePaths = made.map((f) => f.path);
    const madeBytes = made.reduce((n, f) => n + Buffer.byteLength(f.body), 0);
    // Only writeOutFiles holds the files from here, and lets each go once written: at 37,645 articles they are
    // 150 MB the render has no use for. Largest first: the writes share the event loop with the render and trickle
    // out over all of it (measured: the last one landed as the render ended), so the few big files (articles.json
    // 66 MB, the CSV) go in the render's first seconds and most of the 150 MB with them.
    const dataWrite = writeOutFiles(tmp, changed(made).sort((a, b) => b.body.length - a.body.length));
    made = null;
    dataWrite.catch(() => {}); // awaited below
    background.push(dataWrite);

    const pages = await renderSite(data, globals, tmp, pathPrefix, options.templateCache, plan.only);
    phases.render = performance.now() - t;
    log(BUILD.render(pages, plan.only ? fingerprints!.size : null, plan.removed.size, performance.now() - t));
    await checkpoint("render");

    t = performance.now() - dataMs;
    // The sitemap lists every page: the fingerprints name them all when only some were rendered.
    // Not the report (for editors) nor the 404 page (it answers at any missing address), as crawlerFiles leaves them out.
    // Nor the pages of retired article numbers (templates/retired.njk): they say where an article went, they are not one.
    const retiredUrls = new Set(data.retiredArticles.map((r) => r.url));
    const pagePaths = fingerprints ? [...fingerprints.keys()].filter((u) => u !== REPORT_URL && !/(^|\/)404\.html$/.test(u) && !retiredUrls.has(u)) : null;
    const crawler = pagePaths
      ? [...sitemapFiles(address.root, pagePaths).map(([p, body]) => ({ path: p, body })), { path: "/robots.txt", body: robotsTxt(address.root) }]
      : await crawlerFiles(tmp, address.root, [...(report ? [REPORT_URL] : []), ...retiredUrls]);
    const out = [...madePaths, ...kept, ...crawler.map((f) => f.path)];
    const crawlerWrite = changed(crawler);
    const bytes = madeBytes + kept.reduce((n, at) => n + last!.files[at]!.bytes, 0) + crawler.reduce((n, f) => n + Buffer.byteLength(f.body), 0);
    await dataWrite;
    await writeOutFiles(tmp, crawlerWrite);
    phases.data = performance.now() - t;
    const feeds = madePaths.filter((p) => p.endsWith("feed.xml")).length;
    log(BUILD.data(out.length, feeds, bytes / 1024 / 1024, plan.only ? written : null, performance.now() - t));
    await checkpoint("data");

    t = performance.now();
    const indexed = await indexing;
    // The index phase is the wait beyond rendering; its own wall time is in the log line.
    phases.index = performance.now() - t;
    const indexedPages = indexed.articles;
    const reused = indexed.shards - indexed.indexedShards;
    log(BUILD.index(indexedPages, indexed.shards, reused, indexed.indexedArticles, indexed.ms, performance.now() - t));

    await checkpoint("index");

    // The commit. The state describes the site being put in place; until it is there, there is none (a build
    // without a state folder, `--no-cache`, drops the one `baokan build` keeps for this folder: it no longer
    // describes the site either).
    const writtenSet = new Set(out);
    const stateFile = await renderStateFile(options.stateDir, outDir, tmp, fingerprints, fileStates);
    await withSignalsDeferred(async () => {
      await forgetRender(options.stateDir ?? defaultStateDir(outDir));
      if (plan.only) {
        await commitMerge(tmp, outDir, {
          removed: [...plan.removed],
          staleFiles: [...plan.previousFiles.keys()].filter((f) => !writtenSet.has(f)),
          ...(stateFile ? { state: stateFile } : {}),
        });
      } else {
        await commitSwap(tmp, outDir);
        await saveRender(stateFile);
      }
    });
    await pruneStaleStates(options.stateDir);
    return {
      outDir, files: issues.length, pages, articles: data.articles.length, indexedPages, siteRoot: address.root, dataFiles: out.length, phases, parsed,
    };
  } catch (e) {
    liveBundle(undefined); // a failure before the plan (a fingerprint error, say) must not leave the index waiting
    await Promise.allSettled(background);
    // A merge that failed after its journal was written (a full disk) is finished by the next build: keep it.
    if (!(await pathExists(path.join(tmp, JOURNAL)))) await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
