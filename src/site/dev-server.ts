/**
 * `baokan serve`: build, serve on localhost, watch content/ and the templates, rebuild on change, reload the
 * open pages.
 *
 * Rebuilds are whole builds (buildSite: parse → render → data → index → swap), made cheap where it counts by the
 * on-disk parse cache: a changed raw file is the only one parsed again, and a changed .fix.yaml, paper.yaml,
 * units.yaml or site.yaml parses nothing (corrections and the unit table are applied after the cache). A build
 * that fails leaves the previous site in place (buildSite swaps only on success), so the server keeps serving it,
 * prints the error in one line per bad file and shows the first in every open page (live-reload.ts).
 *
 * The port is taken before anything is built, so a port in use is one line at once, not after a whole build; until
 * the first build is done, the previous site (if any) is served, or a page saying the site is being built. Every
 * build takes the output folder's lock (build-lock.ts) and, while `baokan build` holds it, waits for it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { watch, type FSWatcher } from "chokidar";
import type { ParseCache } from "../content/parse-cache.ts";
import { InputError } from "../errors.ts";
import { buildSite, defaultStateDir, SiteBuildError, type BuildResult } from "./build-site.ts";
import type http from "node:http";
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
    super(`构建失败，${outDir} 中也没有上一版网站可以提供`);
    this.name = "NothingToServeError";
  }
}

/** The port is taken (or not ours to take): one line, before anything is built. */
export class PortError extends InputError {
  constructor(port: number, code: string) {
    const detail = code === "EADDRINUSE"
      ? `端口 ${port} 已被占用，请用 --port 指定其他端口（--port 0 自动选一个空闲端口）`
      : `不能使用端口 ${port}（${code === "EACCES" ? "1024 以下的端口需要管理员权限" : code}），请用 --port 指定其他端口`;
    super(`--port ${port}`, detail);
    this.name = "PortError";
    this.message = detail;
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} 秒`;

/**
 * One line per build, e.g.
 * `[rebuild] 重新解析 5 个文件中的 1 个：content/hangye/001.txt · 解析 0.1 秒，页面数据 0.1 秒，渲染 1.1 秒，数据 0.1 秒，索引 0.4 秒 · 共 1.7 秒 · 改动：content/hangye/001.txt`
 */
export function buildSummary(result: BuildResult, ms: number, changed: string[], first: boolean): string {
  const what = first ? "解析" : "重新解析";
  const parsed = result.parsed.length
    ? `${what} ${result.files} 个文件中的 ${result.parsed.length} 个：${result.parsed.join(", ")}`
    : `没有${first ? "" : "重新"}解析文件（共 ${result.files} 个，都取自解析缓存）`;
  const p = result.phases;
  const more = changed.length > 3 ? `（另 ${changed.length - 3} 个）` : "";
  const why = changed.length ? ` · 改动：${changed.slice(0, 3).join(", ")}${more}` : "";
  return `[${first ? "build" : "rebuild"}] ${parsed} · 解析 ${secs(p.parse)}，页面数据 ${secs(p.site)}，渲染 ${secs(p.render)}，数据 ${secs(p.data)}，索引 ${secs(p.index)} · 共 ${secs(ms)}${why}`;
}

/** A path as the user would type it from here: relative inside the working folder, absolute outside it. */
function shown(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

/** What a request gets before the first build has made a site: a page that says so and reloads when it is there. */
function placeholder(res: http.ServerResponse, failed: string | null, live: LiveReload | null): void {
  const text = failed === null ? "正在构建网站，请稍候……" : `构建失败：${failed}。改正后保存，网站会重新构建。`;
  const esc = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // Without live reload (--no-watch) the page asks again every two seconds.
  const head = live ? live.scriptTag() : `<meta http-equiv="refresh" content="2">`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>正在构建</title>${head}</head><body><p>${esc}</p></body></html>`;
  res.writeHead(503, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache", "Retry-After": "2" }).end(html);
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const error = options.error ?? log;
  const watching = options.watch !== false;
  const prefix = normalizePrefix(options.pathPrefix);
  const live = watching ? new LiveReload(prefix) : null;
  const cwd = process.cwd();
  const outDir = path.resolve(options.outDir);
  const port = options.port ?? 8080;
  let builds = 0;
  let built = false;
  let lastFailure: string | null = null;
  const closing = new AbortController();

  // The port first: a port in use is reported before a whole build, not after it.
  let server: RunningServer;
  try {
    server = await serve({
      dir: outDir,
      port,
      ...(options.host ? { host: options.host } : {}),
      prefix,
      log,
      announce: false,
      hooks: {
        handle: (p, req, res) => {
          if (live?.handle(p, req, res)) return true;
          if (built || existsSync(outDir)) return false;
          placeholder(res, lastFailure, live);
          return true;
        },
        ...(live ? { html: (h: string) => live.inject(h) } : {}),
      },
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === "EADDRINUSE" || code === "EACCES") throw new PortError(port, code);
    throw e;
  }

  const buildOnce = async (changed: string[]): Promise<boolean> => {
    builds++;
    const first = builds === 1;
    const tag = first ? "[build]" : "[rebuild]";
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
        // The phase lines are folded into the one summary line below; keep notes (e.g. no site address) once, and
        // what a build did about an earlier one that was killed every time.
        log: (line) => {
          if (/^\[(recover|clean)\] /.test(line) || (first && !/^\[(parse|site|render|data|index)\] /.test(line))) log(line);
        },
        // `baokan build` of the same folder is running: wait for it rather than fail.
        lockWait: {
          onWait: (holder) => log(`${tag} 另一个构建正在进行（进程 ${holder.pid}），等它结束后再构建……`),
          signal: closing.signal,
        },
      });
      built = true;
      lastFailure = null;
      log(buildSummary(result, performance.now() - t, changed, first));
      live?.built();
      return true;
    } catch (e) {
      if (closing.signal.aborted) return false; // closing while waiting for another build's lock
      const lines = errorLines(e);
      const old = existsSync(outDir) ? "；仍在提供上一版网站" : "";
      error(`${tag} 失败（${secs(performance.now() - t)}）${old}：`);
      for (const l of lines) error(`baokan: ${l}`);
      lastFailure = lines[0] ?? "构建失败";
      live?.failed(lastFailure);
      return false;
    }
  };

  const ok = await buildOnce([]);
  if (!ok && !existsSync(outDir)) {
    if (!watching) {
      await server.close();
      throw new NothingToServeError(shown(outDir, cwd));
    }
    log(`[serve] 还没有可提供的网站：改正上面列出的文件并保存，网站就会构建`);
  }
  log(`[serve] ${shown(outDir, cwd)} 已在 ${server.url} 提供（Ctrl-C 停止）`);

  let scheduler: RebuildScheduler | null = null;
  let watcher: FSWatcher | null = null;
  if (watching) {
    scheduler = rebuildScheduler(async (changed) => { await buildOnce(changed); }, {
      debounceMs: options.debounceMs ?? 150,
      onError: (e) => error(`[rebuild] 意外错误：${(e as Error)?.stack ?? e}`),
    });
    const roots = [path.resolve(options.contentDir), TEMPLATES];
    watcher = watch(roots, {
      ignoreInitial: true,
      // The built site may sit inside content/ or beside the templates in odd set-ups: never watch what we write.
      // The article-number ledgers (.ids.yaml) are written by the build itself: a rebuild for them would be a loop's first step.
      ignored: (p: string) => SCRATCH.test(p) || p.endsWith(".ids.yaml") || p === outDir || p.startsWith(`${outDir}.`),
      // An editor's save is often write-then-rename; wait until the file has stopped growing.
      awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 },
    });
    watcher.on("all", (event, file) => {
      if (event === "addDir") return;
      scheduler!.changed(shown(file, cwd));
    });
    await new Promise<void>((ready) => watcher!.once("ready", () => ready()));
    log(`[watch] 监视 ${roots.map((r) => shown(r, cwd) || ".").join("、")}：保存改动后自动重建网站，打开的页面自动刷新`);
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
      closing.abort();
      await watcher?.close();
      await scheduler?.idle();
      live?.close();
      await server.close();
    },
  };
}
