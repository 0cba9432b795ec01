/**
 * Shared set-up for the headless-Chromium tests: build the demo archive (content/) once per test file into a temp
 * dir, serve it on a free port (optionally under a path prefix), launch Debian's chromium, and save screenshots at
 * desktop and phone width to test-artifacts/screenshots/.
 *
 *   const site = useArchiveSite();                       // registers beforeAll/afterAll in this file
 *   it("shows the units index", async () => {
 *     const page = await site.newPage({ viewport: "phone", colorScheme: "dark" });
 *     await page.goto(site.url("/units/"));
 *     await shoot(page, "units-dark");                   // units-dark-desktop.png, units-dark-phone.png
 *     expect(site.problems(page)).toEqual([]);           // page errors, console errors, HTTP ≥ 400
 *   });
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildSite } from "../../src/site/build-site.ts";
import { serve, type RunningServer } from "../../src/site/serve.ts";
import type { SiteArticle } from "../../src/site/site-types.ts";
import { indexedText } from "../site/helpers/page-text.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run",
];
export const SHOTS = path.resolve("test-artifacts/screenshots");
export const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;
export type ViewportName = keyof typeof VIEWPORTS;

export interface SiteOptions {
  /** Build and serve under a sub-path, e.g. "/archive/"; requests outside it get 404s. */
  pathPrefix?: string;
  contentDir?: string;
  siteUrl?: string;
  /** Search-index shard size and first-search scope in articles (search-index.ts); small, to test a sharded index. */
  shardArticles?: number;
  searchScope?: number;
}

export interface PageOptions {
  viewport?: ViewportName;
  colorScheme?: "light" | "dark";
  javaScriptEnabled?: boolean;
}

export interface ArchiveSite {
  /** The built site on disk. */
  readonly outDir: string;
  /** The site's root URL, prefix included, always ending in "/" (http://127.0.0.1:PORT/ or …/archive/). */
  readonly base: string;
  readonly browser: Browser;
  /** A site path ("/units/", "search/?q=…") → its absolute URL under the served root and prefix. */
  url(sitePath: string): string;
  /** A page in a fresh context (own colour scheme and JS setting); its problems are recorded from the start. */
  newPage(options?: PageOptions): Promise<Page>;
  /** Uncaught page errors, console errors and HTTP responses ≥ 400 seen by a page from newPage(). */
  problems(page: Page): string[];
}

/** Builds, serves and launches in beforeAll; closes and removes everything in afterAll. */
export function useArchiveSite(options: SiteOptions = {}): ArchiveSite {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-browser-"));
  const outDir = path.join(tmp, "_site");
  const seen = new WeakMap<Page, string[]>();
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildSite({
      contentDir: options.contentDir ?? "content",
      outDir,
      log: () => {},
      ...(options.pathPrefix ? { pathPrefix: options.pathPrefix } : {}),
      ...(options.siteUrl ? { siteUrl: options.siteUrl } : {}),
      ...(options.shardArticles ? { shardArticles: options.shardArticles } : {}),
      ...(options.searchScope ? { searchScope: options.searchScope } : {}),
    });
    server = await serve({ dir: outDir, port: 0, host: "127.0.0.1", log: () => {}, ...(options.pathPrefix ? { prefix: options.pathPrefix } : {}) });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`harness: ${what} is not ready (use it inside a test, after beforeAll)`);
    return value;
  };

  return {
    outDir,
    get base() {
      return ready(server, "server").url;
    },
    get browser() {
      return ready(browser, "browser");
    },
    url(sitePath: string) {
      return new URL(sitePath.replace(/^\/+/, ""), ready(server, "server").url).href;
    },
    async newPage(opts: PageOptions = {}) {
      const ctx = await ready(browser, "browser").newContext({
        viewport: VIEWPORTS[opts.viewport ?? "desktop"],
        colorScheme: opts.colorScheme ?? "light",
        javaScriptEnabled: opts.javaScriptEnabled ?? true,
        locale: "zh-CN",
      });
      const page = await ctx.newPage();
      const problems: string[] = [];
      seen.set(page, problems);
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
      page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
      // ERR_ABORTED is a load cut short by the next navigation (a click before the favicon arrived); a missing file
      // shows up as its HTTP status above.
      page.on("requestfailed", (r) => { if (r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`); });
      page.on("close", () => { void ctx.close().catch(() => {}); });
      return page;
    },
    problems(page: Page) {
      return seen.get(page) ?? [];
    },
  };
}

/**
 * Saves `<name>-desktop.png` (1280 px) and `<name>-phone.png` (390 px) of the current page, full length, and puts
 * the viewport back as it was. Returns the file paths.
 */
export async function shoot(page: Page, name: string, { fullPage = true } = {}): Promise<string[]> {
  mkdirSync(SHOTS, { recursive: true });
  const before = page.viewportSize();
  const files: string[] = [];
  for (const [label, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    const file = path.join(SHOTS, `${name}-${label}.png`);
    await page.screenshot({ path: file, fullPage });
    files.push(file);
  }
  if (before) await page.setViewportSize(before);
  return files;
}

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export interface AxeResult { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }

/** axe-core's violations on the page as it stands (the script is added once per page). */
export async function axe(page: Page): Promise<AxeResult[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeResult[] }> } };
    const r = await w.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

/** The serious and critical ones, a line each. */
export function seriousViolations(found: AxeResult[]): string[] {
  return found
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `[${v.impact}] ${v.id} (${v.help}) at ${n.target.join(" ")} — ${n.failureSummary?.replace(/\s+/g, " ")}`));
}

/**
 * The search page's filter menus count their values once the reader turns to them (search.js countsWanted: the
 * pointer over the filters); this does that and waits until the counts are in.
 */
export async function turnToMenus(page: Page): Promise<void> {
  await page.locator(".search-filters").hover();
  await page.waitForFunction(() => document.getElementById("search")?.dataset.menus === "counted", undefined, { timeout: 30_000 });
}

/**
 * Waits until more than `after` searches have drawn their first screen (search.js counts them in data-runs; the
 * state is no longer "searching") and, unless `firstScreen`, until the page is complete: a routed search's
 * part-matches (articles holding only part of the query) come after its exact matches are on screen, and
 * data-part says "pending" until they are in.
 */
export async function settled(page: Page, after = 0, { firstScreen = false, timeout = 30_000 } = {}): Promise<void> {
  await page.waitForFunction(([n, first]) => {
    const el = document.getElementById("search");
    return Number(el?.dataset.runs ?? 0) > n && el?.dataset.state !== "searching" && (first || el?.dataset.part !== "pending");
  }, [after, firstScreen] as const, { timeout });
}

/** The articles whose indexed text (or unit) holds `q`, spacing ignored, read from the pages built in `outDir`. */
export function articlesHolding(outDir: string, articles: readonly SiteArticle[], q: string): SiteArticle[] {
  return articles.filter((a) => {
    const html = readFileSync(path.join(outDir, ...a.url.split("/").filter(Boolean), "index.html"), "utf8");
    return indexedText(html)!.blocks.some((b) => b.replace(/\s+/g, "").includes(q)) || a.unit?.includes(q);
  });
}
