/**
 * Live reload for `baokan serve`, with nothing in the built files: the dev server adds one
 * `<script src="<prefix>__baokan/reload.js" data-build="<id>" defer>` tag to the HTML pages it sends, and the
 * script listens on a Server-Sent Events stream (`<prefix>__baokan/events`) for the id of each successful build.
 *
 * The page carries the id of the build it came from, so a page that was loaded just before a rebuild and
 * connected just after it still sees that its id is stale and reloads; after a restart of the server every id
 * is new (they start with the server's start time), so open tabs reload once the server is back. EventSource
 * reconnects by itself (the stream asks for a retry after 1 s); the script only adds a slower retry when the
 * browser gives up (readyState CLOSED, e.g. after a 404 from a server that no longer serves the stream).
 *
 * A failed rebuild is sent as a `failed` event with its first error line, and shown in every open page as a banner
 * at the top (the page itself is still the previous build's); a page opened while the failure stands gets it as soon
 * as it connects. The next successful build reloads the pages, which clears it.
 */
import type http from "node:http";

/** The dev server's own URLs, under the site's prefix; no page of a built site can be there. */
export const DEV_DIR = "/__baokan/";

/**
 * The browser side. It derives the events URL from its own src (so it follows any prefix) and is kept small
 * and dependency-free. Reloading re-requests the page, which then carries the new build id.
 */
export const RELOAD_SCRIPT = `// baokan serve: reloads the page after each successful rebuild, shows a failed one (served by the dev server only, never built)
(function () {
  var me = document.currentScript;
  if (!me || typeof EventSource === "undefined") return;
  var build = me.getAttribute("data-build");
  var events = new URL("events", me.src).href;
  var source = null;
  var banner = null;
  function onBuild(e) {
    if (e.data && e.data !== build) {
      if (source) source.close();
      location.reload();
    }
  }
  function onFailed(e) {
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "baokan-build-error";
      banner.setAttribute("role", "alert");
      banner.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;margin:0;padding:.6em 1em;" +
        "background:#8b0000;color:#fff;font:15px/1.5 system-ui,sans-serif;box-shadow:0 2px 6px rgba(0,0,0,.3);white-space:pre-wrap";
      var title = document.createElement("strong");
      title.textContent = "重建失败，这里仍是上一版网站：";
      var text = document.createElement("span");
      text.className = "baokan-build-error-text";
      var hint = document.createElement("span");
      hint.textContent = "（改正后保存，网站会重新构建，页面自动刷新）";
      banner.appendChild(title);
      banner.appendChild(text);
      banner.appendChild(hint);
      (document.body || document.documentElement).appendChild(banner);
    }
    banner.querySelector(".baokan-build-error-text").textContent = e.data || "";
  }
  function connect() {
    source = new EventSource(events);
    source.addEventListener("build", onBuild);
    source.addEventListener("failed", onFailed);
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
    };
  }
  connect();
  addEventListener("pagehide", function () { if (source) source.close(); });
})();
`;

function failedEvent(line: string): string {
  return `event: failed\ndata: ${line}\n\n`;
}

export class LiveReload {
  private readonly clients = new Set<http.ServerResponse>();
  private readonly session = Date.now().toString(36);
  private count = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  /** The id of the build the server now serves. */
  buildId = `${this.session}-0`;
  /** The first error line of the last build when it failed; null after a successful one. */
  failure: string | null = null;

  /** The site-relative URL prefix of the dev files, e.g. "/archive/" → "/archive/__baokan/". */
  constructor(private readonly prefix: string) {}

  /** Number of open event streams (a tab each). */
  get connections(): number {
    return this.clients.size;
  }

  /** The tag added before </head> of every page the dev server sends. */
  scriptTag(): string {
    return `<script src="${encodeURI(this.prefix.replace(/\/$/, "") + DEV_DIR)}reload.js" data-build="${this.buildId}" defer></script>`;
  }

  inject(html: string): string {
    const at = html.search(/<\/head>/i);
    return at < 0 ? `${html}${this.scriptTag()}` : `${html.slice(0, at)}${this.scriptTag()}${html.slice(at)}`;
  }

  /** Answers /__baokan/reload.js and /__baokan/events; anything else under /__baokan/ is a 404. */
  handle(sitePath: string, req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (!sitePath.startsWith(DEV_DIR)) return false;
    const name = sitePath.slice(DEV_DIR.length);
    if (name === "reload.js") {
      res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" }).end(req.method === "HEAD" ? undefined : RELOAD_SCRIPT);
    } else if (name === "events" && req.method === "GET") {
      this.open(req, res);
    } else {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("未找到");
    }
    return true;
  }

  private open(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache", Connection: "keep-alive" });
    // The current id at once, so a client that missed a rebuild while it was connecting still learns of it.
    res.write(`retry: 1000\nevent: build\ndata: ${this.buildId}\n\n`);
    // And a failure that stands, so a page opened after it shows the banner too.
    if (this.failure !== null) res.write(failedEvent(this.failure));
    this.clients.add(res);
    req.on("close", () => this.clients.delete(res));
    // A comment line now and then keeps idle proxies and the browser from dropping a quiet stream.
    this.heartbeat ??= setInterval(() => this.send(": ping\n\n"), 15_000).unref();
  }

  private send(chunk: string): void {
    for (const res of this.clients) res.write(chunk);
  }

  /** After a successful rebuild: a new id, sent to every open page, which reloads. */
  built(): void {
    this.failure = null;
    this.buildId = `${this.session}-${++this.count}`;
    this.send(`event: build\ndata: ${this.buildId}\n\n`);
  }

  /** After a failed rebuild: pages stay as they are and show the message in a banner. */
  failed(message: string): void {
    this.failure = message.split(/\r?\n|\r/)[0]!;
    this.send(failedEvent(this.failure));
  }

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
