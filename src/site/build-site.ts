/**
 * `baokan build`: content/ → a static site with a Pagefind index, feeds, sitemap and open data.
 *
 * Phases: parse → render (Eleventy) → data (JSON, CSV, Atom feeds, sitemap, robots.txt; data-out.ts) → index
 * (Pagefind, which reads only the HTML). Everything is written to a temp folder beside outDir and swapped in only
 * when every phase has succeeded, so a bad input file (or a template bug) never leaves a half-built or empty site
 * where the old one was.
 */
import { randomBytes } from "node:crypto";
import { rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { InputError } from "../errors.ts";
import { loadArchive } from "../content/load-archive.ts";
import type { ParseCache } from "../content/parse-cache.ts";
import type { SiteData } from "./site-types.ts";
import { buildSiteData } from "./site-data.ts";
import { prefixedUrl } from "./site-keys.ts";
import { crawlerFiles, dataFiles, downloadsSummary, feedFiles, writeOutFiles } from "./data-out.ts";
import { FEED_CAP } from "./feeds.ts";
import { buildReport, REPORT_URL, type ReportData } from "./report.ts";
import { normalizePrefix, readSiteConfig, resolveSiteAddress, type SiteConfig } from "./site-config.ts";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

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
}

/** Wall time of each phase of one build, in milliseconds. */
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
    super(`${errors.length} input file${errors.length === 1 ? "" : "s"} could not be read:\n${errors.map((e) => `  ${e.message}`).join("\n")}`);
    this.name = "SiteBuildError";
  }
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** Frozen data is shared, not deep-copied, by Eleventy's data merge — with thousands of pages that matters. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

let tsxRegistered = false;

/** Eleventy loads .eleventy.ts with a plain import(); outside a tsx process (vitest, plain node) that needs tsx's hooks. */
async function ensureTsLoader(): Promise<void> {
  if (tsxRegistered) return;
  const { register } = await import("tsx/esm/api");
  register();
  tsxRegistered = true;
}

interface RenderGlobals {
  siteConfig: SiteConfigGlobal;
  downloads: Record<string, { bytes: number; size: string }>;
  /** The parse-quality report, or null: then templates/report.njk is not rendered. */
  report: ReportData | null;
}

async function renderSite(data: SiteData, globals: RenderGlobals, outDir: string, pathPrefix: string, templateCache = true): Promise<number> {
  await ensureTsLoader();
  const { default: Eleventy } = await import("@11ty/eleventy");
  // Eleventy resolves its input and config against the working directory, so hand it paths relative to it.
  const rel = (p: string) => path.relative(process.cwd(), path.join(PROJECT_ROOT, p)) || ".";
  const elev = new Eleventy(rel("templates"), outDir, {
    configPath: rel(".eleventy.ts"),
    quietMode: true,
    ...(pathPrefix !== "/" ? { pathPrefix } : {}),
    config: (cfg) => {
      // Eleventy's "Benchmark … url Nunjucks Filter" warnings ignore quietMode (the group is made before it is
      // read); they are timing notes, not problems, and would land in every editor's build log. Guarded: internal API.
      (cfg as { benchmarks?: { config?: { setIsVerbose?(v: boolean): void } } }).benchmarks?.config?.setIsVerbose?.(false);
      // Not in eleventy.d.ts (src/site/eleventy.d.ts covers what .eleventy.ts calls); guarded like the line above.
      if (!templateCache) (cfg as { setUseTemplateCache?(use: boolean): void }).setUseTemplateCache?.(false);
      // Templates link with `href` (see .eleventy.ts): the prefix join without the built-in `url` filter's cost.
      cfg.addFilter("href", prefixedUrl(pathPrefix));
      cfg.addGlobalData("site", data);
      // Optional extras: templates must still render without them (a bare `eleventy` run from .eleventy.ts).
      cfg.addGlobalData("siteConfig", globals.siteConfig);
      cfg.addGlobalData("downloads", globals.downloads);
      if (globals.report) cfg.addGlobalData("report", globals.report);
      // Guarded like the lines above: `ignores` is not in eleventy.d.ts.
      else (cfg as { ignores?: Set<string> }).ignores?.add(rel("templates/report.njk"));
    },
  });
  elev.disableLogger();
  const [, templates] = await elev.write();
  return templates.filter((t) => t.outputPath).length;
}

/** Pagefind's Node API talks to one shared service process, and close() ends it for every caller: one at a time. */
let indexQueue: Promise<unknown> = Promise.resolve();

function indexSite(siteDir: string): Promise<number> {
  const run = indexQueue.then(() => indexOnce(siteDir));
  indexQueue = run.catch(() => {});
  return run;
}

async function indexOnce(siteDir: string): Promise<number> {
  // The Node API drives pagefind_extended when it is installed (it is, via @pagefind/<platform>), and only the
  // extended build segments Chinese text into words.
  const pagefind = await import("pagefind");
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(`pagefind: ${errors.join("; ")}`);
    const added = await index.addDirectory({ path: siteDir });
    if (added.errors.length) throw new Error(`pagefind: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: path.join(siteDir, "pagefind") });
    if (written.errors.length) throw new Error(`pagefind: ${written.errors.join("; ")}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}

/** Puts `fresh` where `target` is; the old target is renamed away first and removed only after the swap. */
async function swapInto(fresh: string, target: string): Promise<void> {
  const old = `${target}.old-${process.pid}-${randomBytes(3).toString("hex")}`;
  const hadOld = await exists(target);
  if (hadOld) await rename(target, old);
  try {
    await rename(fresh, target);
  } catch (e) {
    if (hadOld) await rename(old, target);
    throw e;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}

export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const outDir = path.resolve(options.outDir);

  let t = performance.now();
  const phases: BuildPhases = { parse: 0, site: 0, render: 0, data: 0, index: 0 };
  const cache = options.cache;
  const parsedBefore = cache?.parsed.length ?? 0;
  const { papers, issues, errors, files } = await loadArchive(options.contentDir, process.cwd(), cache === undefined ? {} : { cache });
  if (errors.length > 0) throw new SiteBuildError(errors);
  const parsed = cache ? cache.parsed.slice(parsedBefore) : (files ?? issues.map((i) => i.file));
  phases.parse = performance.now() - t;
  log(`[parse] ${issues.length} files ${seconds(t)}${cache ? ` (${parsed.length} parsed, ${issues.length - parsed.length} from the cache)` : ""}`);

  t = performance.now();
  const data = deepFreeze(buildSiteData({ papers, issues }));
  phases.site = performance.now() - t;
  log(`[site] page data for ${data.articles.length} articles ${seconds(t)}`);

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
    log(`[config] no site address (url: in ${path.join(options.contentDir, "site.yaml")} or --site-url): feeds, sitemap and data use the default ${address.root}`);
  }
  // Made before rendering so the /data/ page can show each file's size; written after, beside the pages.
  t = performance.now();
  const datasets = dataFiles(issues, data, address.root);
  const feeds = feedFiles(data, config, address.root);
  const dataMs = performance.now() - t;
  const siteConfig: SiteConfigGlobal = {
    ...config, root: address.root, base: address.root.replace(/\/$/, ""), isDefault: address.source === "default", feedCap: FEED_CAP,
  };

  const report = options.withReport ? buildReport(issues, data) : null;

  const tmp = `${outDir}.tmp-${process.pid}-${randomBytes(3).toString("hex")}`;
  try {
    t = performance.now();
    const pages = await renderSite(data, { siteConfig, downloads: downloadsSummary([...datasets, ...feeds]), report }, tmp, pathPrefix, options.templateCache);
    phases.render = performance.now() - t;
    log(`[render] ${pages} pages ${seconds(t)}`);

    t = performance.now() - dataMs;
    const out = [...datasets, ...feeds, ...(await crawlerFiles(tmp, address.root, report ? [REPORT_URL] : []))];
    const bytes = await writeOutFiles(tmp, out);
    phases.data = performance.now() - t;
    log(`[data] ${out.length} files (JSON, CSV, ${feeds.length} feeds, sitemap, robots.txt) ${(bytes / 1024 / 1024).toFixed(1)} MB ${seconds(t)}`);

    t = performance.now();
    const indexedPages = await indexSite(tmp);
    phases.index = performance.now() - t;
    log(`[index] ${indexedPages} pages ${seconds(t)}`);

    await swapInto(tmp, outDir);
    return {
      outDir, files: issues.length, pages, articles: data.articles.length, indexedPages, siteRoot: address.root, dataFiles: out.length, phases, parsed,
    };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
