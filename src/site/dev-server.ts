/**
 * `baokan serve`: build, serve on localhost, watch content/ and the templates, rebuild on change, reload the
 * open pages.
 *
 * Rebuilds are whole builds (buildSite: parse → render → data → index → swap), made cheap where it counts by the
 * on-disk parse cache: a changed raw file is the only one parsed again, and a changed .fix.yaml, paper.yaml,
 * units.yaml or site.yaml parses nothing (corrections and the unit table are applied after the cache). A build
 * that fails leaves the previous site in place (buildSite swaps only on success), so the server keeps serving it
 * and prints the error in one line per bad file.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { watch, type FSWatcher } from "chokidar";
import type { ParseCache } from "../content/parse-cache.ts";
import { InputError } from "../errors.ts";
import { buildSite, defaultStateDir, SiteBuildError, type BuildResult } from "./build-site.ts";
import { rebuildScheduler, type RebuildScheduler } from "./dev-server-schedule.ts";
import { LiveReload } from "./live-reload.ts";
import { serve, type RunningServer } from "./serve.ts";
import { normalizePrefix } from "./site-config.ts";

const TEMPLATES = fileURLToPath(new URL("../../templates/", import.meta.url));

export interface DevServerOptions {
  contentDir: string;
  outDir: string;
  port?: number;
  host?: string;
  pathPrefix?: string;
  siteUrl?: string;
  cache?: ParseCache | null;
  /** Watch and rebuild (default true); without it this is build + serve, and pages get no reload script. */
  watch?: boolean;
  /** Render the parse-quality page /report/ with every build. */
  withReport?: boolean;
  /** Quiet period before a rebuild, in ms. */
  debounceMs?: number;
  log?: (line: string) => void;
  /** Errors (failed builds); defaults to `log`. */
  error?: (line: string) => void;
}

export interface DevServer {
  url: string;
  port: number;
  /** The live-reload side, or null with watch off. */
  live: LiveReload | null;
  /** Number of builds so far, failed ones included (the first build is 1). */
  readonly builds: number;
  /** Rebuild now (as a change would), and resolve when the site is up to date. */
  rebuild(reason?: string): Promise<void>;
  /** Resolves when no rebuild is running or queued. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Editors' and tools' scratch files: Vim swap files, backups, Emacs locks, temp files of atomic saves. */
const SCRATCH = /(^|[/\\])(\.[^/\\]*|#[^/\\]*#|[^/\\]*~|[^/\\]*\.(swp|swx|tmp|crswap))$/;

/** One line per error, as `baokan: file:line: message` — what the editor reads in the terminal. */
export function errorLines(e: unknown): string[] {
  if (e instanceof SiteBuildError) return e.errors.map((x) => x.message);
  if (e instanceof InputError) return [e.message];
  return [(e as Error)?.stack ?? String(e)];
}

/** The first build failed and there is no site to serve (its errors are printed already). */
export class NothingToServeError extends Error {
  constructor(outDir: string) {
    super(`the build failed and there is no earlier site in ${outDir} to serve`);
    this.name = "NothingToServeError";
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * One line per build, e.g.
 * `[rebuild] re-parsed 1 of 5: content/hangye/001.txt · parse 0.1 s, page data 0.1 s, render 1.1 s, data 0.1 s, index 0.4 s · 1.7 s after content/hangye/001.txt`
 */
export function buildSummary(result: BuildResult, ms: number, changed: string[], first: boolean): string {
  const what = first ? "parsed" : "re-parsed";
  const parsed = result.parsed.length ? `${what} ${result.parsed.length} of ${result.files}: ${result.parsed.join(", ")}` : `${what} none of ${result.files}`;
  const p = result.phases;
  const more = changed.length > 3 ? ` (+${changed.length - 3} more)` : "";
  const why = changed.length ? ` after ${changed.slice(0, 3).join(", ")}${more}` : "";
  return `[${first ? "build" : "rebuild"}] ${parsed} · parse ${secs(p.parse)}, page data ${secs(p.site)}, render ${secs(p.render)}, data ${secs(p.data)}, index ${secs(p.index)} · ${secs(ms)}${why}`;
}

/** A path as the user would type it from here: relative inside the working folder, absolute outside it. */
function shown(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const error = options.error ?? log;
  const watching = options.watch !== false;
  const prefix = normalizePrefix(options.pathPrefix);
  const live = watching ? new LiveReload(prefix) : null;
  const cwd = process.cwd();
  let builds = 0;

  const buildOnce = async (changed: string[]): Promise<boolean> => {
    builds++;
    const t = performance.now();
    try {
      const result = await buildSite({
        contentDir: options.contentDir,
        outDir: options.outDir,
        ...(options.pathPrefix ? { pathPrefix: options.pathPrefix } : {}),
        ...(options.siteUrl ? { siteUrl: options.siteUrl } : {}),
        ...(options.cache !== undefined ? { cache: options.cache } : {}),
        ...(options.cache ? { stateDir: defaultStateDir(options.outDir) } : {}),
        // A template saved while serving must show in the next build, not Eleventy's in-process copy of it.
        templateCache: false,
        withReport: !!options.withReport,
        // The phase lines are folded into the one summary line below; keep only notes (e.g. no site address) once.
        log: (line) => { if (builds === 1 && !/^\[(parse|site|render|data|index)\] /.test(line)) log(line); },
      });
      log(buildSummary(result, performance.now() - t, changed, builds === 1));
      live?.built();
      return true;
    } catch (e) {
      const lines = errorLines(e);
      const old = existsSync(options.outDir) ? "; still serving the previous site" : "";
      error(`[${builds === 1 ? "build" : "rebuild"}] failed after ${secs(performance.now() - t)}${old}:`);
      for (const l of lines) error(`baokan: ${l}`);
      live?.failed(lines[0] ?? "build failed");
      return false;
    }
  };

  const ok = await buildOnce([]);
  if (!ok && !existsSync(options.outDir)) {
    if (!watching) throw new NothingToServeError(options.outDir);
    log(`[serve] nothing to serve yet: fix the file named above; the site is built when it is saved`);
  }

  const server: RunningServer = await serve({
    dir: options.outDir,
    port: options.port ?? 8080,
    ...(options.host ? { host: options.host } : {}),
    prefix,
    log,
    ...(live ? { hooks: { handle: (p, req, res) => live.handle(p, req, res), html: (h) => live.inject(h) } } : {}),
  });

  let scheduler: RebuildScheduler | null = null;
  let watcher: FSWatcher | null = null;
  if (watching) {
    scheduler = rebuildScheduler(async (changed) => { await buildOnce(changed); }, {
      debounceMs: options.debounceMs ?? 150,
      onError: (e) => error(`[rebuild] ${(e as Error)?.stack ?? e}`),
    });
    const roots = [path.resolve(options.contentDir), TEMPLATES];
    watcher = watch(roots, {
      ignoreInitial: true,
      // The built site may sit inside content/ or beside the templates in odd set-ups: never watch what we write.
      ignored: (p: string) => SCRATCH.test(p) || p === path.resolve(options.outDir) || p.startsWith(`${path.resolve(options.outDir)}.`),
      // An editor's save is often write-then-rename; wait until the file has stopped growing.
      awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 },
    });
    watcher.on("all", (event, file) => {
      if (event === "addDir") return;
      scheduler!.changed(shown(file, cwd));
    });
    await new Promise<void>((ready) => watcher!.once("ready", () => ready()));
    log(`[watch] ${roots.map((r) => shown(r, cwd) || ".").join(", ")}: a saved change rebuilds the site and reloads open pages`);
  }

  return {
    url: server.url,
    port: server.port,
    live,
    get builds() {
      return builds;
    },
    async rebuild(reason = "rebuild") {
      if (!scheduler) {
        await buildOnce([reason]);
        return;
      }
      scheduler.changed(reason);
      await scheduler.idle();
    },
    idle: () => scheduler?.idle() ?? Promise.resolve(),
    async close() {
      scheduler?.stop();
      await watcher?.close();
      await scheduler?.idle();
      live?.close();
      await server.close();
    },
  };
}
