/**
 * `baokan serve`: a small static server over the built site, for previewing and for the browser tests.
 * Localhost only; it is not meant to face the internet. Pagefind's index files (.pf_*) and wasm need the
 * right MIME types or browsers refuse to stream-compile them. Text (pages, CSS, scripts, JSON) is sent gzipped to
 * clients that accept it, as any static host does — so what the bench counts for a first search is what a reader
 * of the published site downloads (Pagefind's own index files are gzipped already and go as they are).
 */
import { createReadStream } from "node:fs";
import { createGzip, gzipSync } from "node:zlib";
import { readFile, stat } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { normalizePrefix } from "./site-config.ts";

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
};

export function mimeType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  // Pagefind's index shards: pagefind-entry.json is JSON, .pf_meta/.pf_index/.pf_fragment/.pf_filter are gzip blobs.
  if (ext.startsWith(".pf_") || ext === ".pagefind") return "application/octet-stream";
  return MIME[ext] ?? "application/octet-stream";
}

export interface ServeOptions {
  dir?: string;
  port?: number;
  host?: string;
  /**
   * Serve the site under a sub-path, as a host would for a build with the same pathPrefix (e.g. "/archive/").
   * Requests outside the prefix get a 404, not a redirect, so a link that forgot the prefix shows up as broken;
   * only the bare prefix ("/archive") is redirected to "/archive/".
   */
  prefix?: string;
  log?: (line: string) => void;
  /** Print the address once listening (default true); the dev server says it itself, after its first build. */
  announce?: boolean;
  /** What the dev server (`baokan serve`, dev-server.ts) adds; a plain static server has none. */
  hooks?: ServeHooks;
}

/**
 * Lets the dev server answer its own URLs and mark up pages as they are sent, without touching the built files
 * (so nothing of it can end up in a `baokan build` output).
 */
export interface ServeHooks {
  /** Answers a request under the prefix itself (e.g. /__baokan/events); returns true when it did. */
  handle?(sitePath: string, req: http.IncomingMessage, res: http.ServerResponse): boolean;
  /** Rewrites an HTML page on its way out (the live-reload script tag). */
  html?(html: string): string;
}

export interface RunningServer {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Maps a URL path into `root`, or null when it would escape it (../, encoded slashes, NUL). */
function resolvePath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const full = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return full === root || full.startsWith(root + path.sep) ? full : null;
}

async function fileFor(root: string, urlPath: string): Promise<{ file: string; redirect?: string } | null> {
  const full = resolvePath(root, urlPath);
  if (!full) return null;
  const st = await stat(full).catch(() => null);
  if (st?.isFile()) return { file: full };
  if (st?.isDirectory()) {
    // /paper/2024-04-25 → /paper/2024-04-25/ so the page's relative links resolve as on a real host
    if (!urlPath.endsWith("/")) return { file: "", redirect: `${urlPath}/` };
    const index = path.join(full, "index.html");
    if ((await stat(index).catch(() => null))?.isFile()) return { file: index };
  }
  return null;
}

/** Types worth compressing: text. Images, fonts, wasm and Pagefind's blobs are compressed already. */
function compressible(type: string): boolean {
  return /^(text\/|application\/(json|xml)|image\/svg\+xml)/.test(type);
}

function acceptsGzip(req: http.IncomingMessage): boolean {
  return /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
}

function sendHtml(req: http.IncomingMessage, res: http.ServerResponse, status: number, html: string): void {
  const gzip = acceptsGzip(req);
  const body = gzip ? gzipSync(html) : Buffer.from(html, "utf8");
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length, "Cache-Control": "no-cache", Vary: "Accept-Encoding",
    ...(gzip ? { "Content-Encoding": "gzip" } : {}),
  }).end(body);
}

/** Starts serving `dir`; port 0 picks a free port (the tests do that). */
export function serve(options: ServeOptions = {}): Promise<RunningServer> {
  const root = path.resolve(options.dir ?? "_site");
  const host = options.host ?? "127.0.0.1";
  // Request paths arrive percent-encoded (/%E6%A1%A3%E6%A1%88/), so a non-ASCII prefix is matched encoded.
  const prefix = encodeURI(normalizePrefix(options.prefix));
  // `baokan serve` relies on this to tell the user the address; tests pass a no-op.
  const log = options.log ?? ((line: string) => console.log(line));
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    if (prefix !== "/" && url.pathname === prefix.slice(0, -1)) {
      res.writeHead(301, { Location: prefix + url.search }).end();
      return;
    }
    const inside = url.pathname.startsWith(prefix);
    const sitePath = inside ? url.pathname.slice(prefix.length - 1) : null;
    if (sitePath !== null && options.hooks?.handle?.(sitePath, req, res)) return;
    const found = sitePath === null ? null : await fileFor(root, sitePath);
    if (found?.redirect) {
      res.writeHead(301, { Location: prefix.slice(0, -1) + found.redirect + url.search }).end();
      return;
    }
    if (!found) {
      // A missing address gets the site's own 404 page (templates/404.njk) with status 404, as a static host sends
      // it; without one (an older build), a plain Chinese line. HEAD gets the status alone.
      const notFound = path.join(root, "404.html");
      const page = inside && req.method === "GET" ? await readFile(notFound, "utf8").catch(() => null) : null;
      log(`404 未找到 ${url.pathname}`);
      if (page !== null) {
        sendHtml(req, res, 404, options.hooks?.html ? options.hooks.html(page) : page);
        return;
      }
      res.writeHead(404, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache" });
      if (req.method === "HEAD") res.end();
      else if (!inside) res.end(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>未找到</title><p>本站位于 <a href="${escapeHtml(prefix)}">${escapeHtml(prefix)}</a> 之下。</p>`);
      else res.end("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>未找到</title><p>未找到该页面（404）。</p>");
      return;
    }
    const type = mimeType(found.file);
    if (options.hooks?.html && type.startsWith("text/html") && req.method === "GET") {
      // Pages are read whole to be rewritten: they are small, and the file may be swapped by a rebuild meanwhile.
      const html = await readFile(found.file, "utf8").catch(() => null);
      if (html !== null) {
        sendHtml(req, res, 200, options.hooks.html(html));
        return;
      }
    }
    const gzip = compressible(type) && acceptsGzip(req);
    res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-cache", Vary: "Accept-Encoding", ...(gzip ? { "Content-Encoding": "gzip" } : {}) });
    if (req.method === "HEAD") res.end();
    else {
      const file = createReadStream(found.file).on("error", () => res.destroy());
      if (gzip) file.pipe(createGzip()).pipe(res);
      else file.pipe(res);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, host, () => {
      const { port } = server.address() as AddressInfo;
      const url = `http://${host === "0.0.0.0" ? "localhost" : host}:${port}${prefix}`;
      if (options.announce !== false) log(`正在提供 ${root}：${url}`);
      resolve({
        url,
        port,
        server,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          // Idle keep-alive sockets would hold close() for seconds (the dev server ends its event streams itself).
          server.closeIdleConnections();
        }),
      });
    });
  });
}
