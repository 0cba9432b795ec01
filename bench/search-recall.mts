/**
 * `tsx bench/search-recall.mts <site folder> [--queries 10] [--seed 7] [--out file.json]`
 * (and `measureSearch()`, which `npm run bench` calls on each size's freshly built site)
 *
 * Runs queries drawn from a built archive's own text (bench/search-truth.ts: units, people, 2/3/4-character
 * strings, mostly from the older shards, fixed seed) through its search page in headless Chromium, against the site
 * served as `baokan serve` serves it (text gzipped as a static host does, Pagefind's files as they are). Each query
 * is a reader's first search: a fresh browser context (empty cache, new renderer) opening /search/?q=…, after one
 * unmeasured warm-up navigation so the browser's own start-up is not charged to the first query. Per query class:
 *   - recall on the first screen: exact matches listed on it / min(a screen, the true number)
 *   - whether the status line states the true number of articles holding the whole query
 *   - whether any result not holding it is listed above one that does
 *   - the first screen and the complete page: a routed query's exact matches and their count show first (the
 *     page's data-runs counter, state no longer "searching"; the page marks the moment "search-screen"), the
 *     articles holding only part of it once Pagefind has loaded (data-part "done", mark "search-complete"). The
 *     targets are judged on the first screen; the complete page's figures are printed beside them.
 *   - bytes: response bodies the server sent (gzip, headers not counted) — to the first screen: the requests the
 *     server received before the page's first-screen mark; complete: everything from navigation until the server
 *     has been idle for 150 ms after the complete page showed
 *   - time: navigation start → the first screen, and → the complete page, wall clock, so it moves with the
 *     machine's load (printed beside it)
 *   - the status line must state the true count on both (it may only add 另有 N), and no part-match may stand
 *     above an exact one on either; recall is the first screen's
 *   - CPU: seconds of CPU the whole process tree (this Node process serving, Chromium) used per query, to the
 *     complete page.
 */
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../src/site/serve.ts";
import { sampleTree } from "./proc-tree.ts";
import { drawQueries, readDocs, score, TARGETS, truthFor, type ArticleRow, type Query, type Scored } from "./search-truth.ts";

export const CHROMIUM = "/usr/bin/chromium";

/**
 * One query. `bytes`/`kB`/`ms`/`requestsFirst`: to the first screen (what the targets judge); `bytesComplete`/
 * `kBComplete`/`msComplete`/`requests`: to the complete page. `status` is the first screen's status line.
 */
export interface Row extends Scored {
  cls: string; q: string; status: string; statusComplete: string; bytes: number; kB: number; requestsFirst: number; ms: number;
  bytesComplete: number; kBComplete: number; requests: number; msComplete: number; cpuS: number; error?: string;
}

export interface ClassSummary {
  queries: number;
  /** Mean first-screen recall, and the lowest of any query. */
  recall: number;
  recallMin: number;
  /** Queries whose status line stated the true count. */
  countTrue: number;
  /** Queries with a part-match listed above an exact one. */
  partialAbove: number;
  /** To the first screen. */
  kBMedian: number;
  kBMax: number;
  msMedian: number;
  msMax: number;
  /** To the complete page (part-matches in). */
  kBCompleteMedian: number;
  kBCompleteMax: number;
  msCompleteMedian: number;
  msCompleteMax: number;
  requestsMedian: number;
  cpuSMedian: number;
}

export interface SearchMeasure {
  what: string;
  perClass: number;
  seed: number;
  articles: number;
  shards: number;
  /** 1-minute load average before and after, and the machine's cores: the time column means little without it. */
  load: { before: number; after: number; cores: number };
  summary: Record<string, ClassSummary>;
  targets: Record<"recall" | "counts" | "partialAbove" | "bytes" | "time", { met: boolean; detail: string }>;
  rows: Row[];
}

export const WHAT = "each query a reader's first search (fresh Chromium context, empty cache); first = navigation → exact matches " +
  "and their count on screen (targets judged here), complete = → part-matches in too; time wall clock; kB = gzip bodies the " +
  "server sent (1 kB = 1,000 bytes); CPU = Node server + Chromium per query, to the complete page";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const r2 = (x: number) => Math.round(x * 100) / 100;

export function summarise(rows: Row[]): Record<string, ClassSummary> {
  const classes = [...new Set(rows.map((r) => r.cls)), "all"];
  return Object.fromEntries(classes.map((cls) => {
    const rs = rows.filter((r) => cls === "all" || r.cls === cls);
    return [cls, {
      queries: rs.length, recall: Number((rs.reduce((a, r) => a + r.recall, 0) / Math.max(1, rs.length)).toFixed(3)),
      recallMin: Number(Math.min(...rs.map((r) => r.recall)).toFixed(3)), countTrue: rs.filter((r) => r.countOk).length,
      partialAbove: rs.filter((r) => r.partialAbove).length, kBMedian: Math.round(median(rs.map((r) => r.kB))), kBMax: Math.max(...rs.map((r) => r.kB)),
      msMedian: Math.round(median(rs.map((r) => r.ms))), msMax: Math.max(...rs.map((r) => r.ms)),
      kBCompleteMedian: Math.round(median(rs.map((r) => r.kBComplete))), kBCompleteMax: Math.max(...rs.map((r) => r.kBComplete)),
      msCompleteMedian: Math.round(median(rs.map((r) => r.msComplete))), msCompleteMax: Math.max(...rs.map((r) => r.msComplete)),
      requestsMedian: median(rs.map((r) => r.requests)), cpuSMedian: r2(median(rs.map((r) => r.cpuS))),
    }];
  }));
}

/** The targets over every query (each is a first search, so each must meet them). */
export function checkTargets(rows: Row[]): SearchMeasure["targets"] {
  const n = rows.length;
  const within = (f: (r: Row) => boolean) => rows.filter(f).length;
  const recallOk = within((r) => r.recall >= TARGETS.recall);
  const counts = within((r) => r.countOk);
  const partial = within((r) => r.partialAbove);
  const bytes = within((r) => r.kB <= TARGETS.maxKB);
  const time = within((r) => r.ms <= TARGETS.maxMs);
  return {
    recall: { met: n > 0 && recallOk === n, detail: `recall 1.00 on ${recallOk}/${n} queries` },
    counts: { met: n > 0 && counts === n, detail: `true count stated on ${counts}/${n}` },
    partialAbove: { met: n > 0 && partial === 0, detail: `part-match above an exact one on ${partial}/${n}` },
    bytes: { met: n > 0 && bytes === n, detail: `≤ ${TARGETS.maxKB} kB on ${bytes}/${n}` },
    time: { met: n > 0 && time === n, detail: `≤ ${TARGETS.maxMs / 1000} s on ${time}/${n}` },
  };
}

/** The per-class table (Markdown) and one line per target. */
export function formatSearch(m: SearchMeasure): string {
  const head = ["class", "queries", "recall (min)", "count true", "partial above", "first kB median / max", "first ms median / max",
    "complete kB median / max", "complete ms median / max", "requests median", "CPU s median"];
  const lines = [head, head.map(() => "---"), ...Object.entries(m.summary).map(([cls, s]) => [
    cls, s.queries, `${s.recall.toFixed(2)} (${s.recallMin.toFixed(2)})`, `${s.countTrue}/${s.queries}`, s.partialAbove,
    `${s.kBMedian} / ${s.kBMax}`, `${s.msMedian} / ${s.msMax}`, `${s.kBCompleteMedian} / ${s.kBCompleteMax}`,
    `${s.msCompleteMedian} / ${s.msCompleteMax}`, s.requestsMedian, s.cpuSMedian,
  ].map(String))];
  const targets = Object.entries(m.targets).map(([k, t]) => `  ${t.met ? "met    " : "NOT met"}  ${k}: ${t.detail}`);
  return [
    `search: ${m.articles} articles in ${m.shards} shard(s), ${m.perClass} queries a class (seed ${m.seed}); ${m.what}`,
    `load average ${m.load.before.toFixed(1)} → ${m.load.after.toFixed(1)} on ${m.load.cores} cores`,
    ...lines.map((l) => `| ${l.join(" | ")} |`),
    "targets (issue 16; reported, not asserted; bytes and time judged on the first screen):", ...targets,
  ].join("\n");
}

export interface MeasureOptions {
  perClass?: number;
  seed?: number;
  /** Queries measured besides the drawn ones (bench/run.mts: its --query, class "fixed"). */
  extra?: Query[];
  log?: (line: string) => void;
  timeoutMs?: number;
}

/** Measures the built site in `site`; null when there is no Chromium to measure with. */
export async function measureSearch(site: string, options: MeasureOptions = {}): Promise<SearchMeasure | null> {
  const { existsSync } = await import("node:fs");
  if (!existsSync(CHROMIUM)) return null;
  const perClass = options.perClass ?? 10;
  const seed = options.seed ?? 7;
  const log = options.log ?? (() => {});
  const docs = await readDocs(site);
  const articles = JSON.parse(await readFile(path.join(site, "data", "articles.json"), "utf8")) as ArticleRow[];
  const queries = [...drawQueries(docs, articles, perClass, seed), ...(options.extra ?? [])];

  const server = await serve({ dir: site, port: 0, host: "127.0.0.1", log: () => {} });
  // Each request: when the server received it (epoch ms, the clock the page's marks are read on) and its bytes.
  let sent: { at: number; bytes: number }[] = [];
  let inFlight = 0;
  let lastActivity = 0;
  server.server.on("request", (_req, res) => {
    inFlight++;
    const one = { at: performance.timeOrigin + performance.now(), bytes: 0 };
    sent.push(one);
    lastActivity = performance.now();
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => typeof res;
    const count = (c: unknown) => { if (typeof c === "string" || c instanceof Uint8Array) one.bytes += Buffer.byteLength(c); };
    (res as { write: unknown }).write = (c: unknown, ...r: unknown[]) => (count(c), write(c, ...r));
    (res as { end: unknown }).end = (c: unknown, ...r: unknown[]) => (count(c), end(c, ...r));
    res.on("close", () => { inFlight--; lastActivity = performance.now(); });
  });
  // Idle at the server: nothing in flight and nothing new for 150 ms (Chromium's own "networkidle" waits 500 ms,
  // which across 50 queries is 25 s of nothing).
  const serverIdle = async () => {
    while (inFlight > 0 || performance.now() - lastActivity < 150) await new Promise((r) => setTimeout(r, 25));
  };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-first-run"],
  });
  const base = server.url.replace(/\/?$/, "/");
  const settled = () => {
    const el = document.getElementById("search");
    return Number(el?.dataset.runs ?? 0) > 0 && el?.dataset.state !== "searching";
  };
  // A page without data-part (before the first screen came apart from the complete page) is complete when settled.
  const complete = () => document.getElementById("search")?.dataset.part !== "pending";
  const read = () => ({
    status: document.querySelector(".search-status")?.textContent?.trim() ?? "",
    urls: [...document.querySelectorAll(".search-results .result .result-title a")].map((a) => new URL((a as HTMLAnchorElement).href).pathname),
    // The first screen's and the complete page's moments on the epoch clock (search.js marks them); null on a page
    // that does not mark them.
    screenAt: ((m) => (m ? performance.timeOrigin + m.startTime : null))(performance.getEntriesByName("search-screen")[0]),
    completeAt: ((m) => (m ? performance.timeOrigin + m.startTime : null))(performance.getEntriesByName("search-complete")[0]),
  });
  const rows: Row[] = [];
  const loadBefore = os.loadavg()[0]!;
  try {
    // Warm-up, not measured: the browser's network service and first renderer start here, not in the first query.
    const warm = await browser.newContext();
    await (await warm.newPage()).goto(`${base}search/`);
    await warm.close();
    for (const { cls, q } of queries) {
      const truth = truthFor(docs, q);
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await serverIdle();
      const cpu0 = sampleTree(process.pid).cpuSeconds;
      sent = [];
      const t0 = performance.now();
      const t0Epoch = performance.timeOrigin + t0;
      let ms = 0;
      let msComplete = 0;
      let error: string | undefined;
      let first: ReturnType<typeof read> = { status: "", urls: [], screenAt: null, completeAt: null };
      let last = first;
      let firstAt = Infinity;
      const timeout = options.timeoutMs ?? 60_000;
      try {
        // "commit": return as soon as the page starts arriving, so the wait below ends at the results, not at "load".
        await page.goto(`${base}search/?q=${encodeURIComponent(q)}`, { waitUntil: "commit", timeout });
        await page.waitForFunction(settled, undefined, { timeout });
        ms = Math.round(performance.now() - t0);
        firstAt = performance.timeOrigin + performance.now();
        first = await page.evaluate(read);
        await page.waitForFunction(complete, undefined, { timeout });
        msComplete = Math.round(performance.now() - t0);
        last = await page.evaluate(read);
        // The page's own marks, when it makes them, are exact; the waits above see them a poll (a frame) later.
        if (last.screenAt !== null) ms = Math.round(last.screenAt - t0Epoch);
        if (last.completeAt !== null) msComplete = Math.round(last.completeAt - t0Epoch);
        await serverIdle();
      } catch (e) {
        ms ||= Math.round(performance.now() - t0);
        msComplete = Math.round(performance.now() - t0);
        error = String((e as Error).message ?? e).split("\n")[0];
      }
      // To the first screen: what the server had been asked for before the page marked it (or, unmarked, before
      // this process saw it).
      const cut = first.screenAt ?? firstAt;
      const before = sent.filter((r) => r.at <= cut);
      const bytes = before.reduce((n, r) => n + r.bytes, 0);
      const bytesComplete = sent.reduce((n, r) => n + r.bytes, 0);
      await ctx.close();
      const scored = score(truth, first);
      const whole = score(truth, last);
      const row: Row = {
        cls, q, ...scored, countOk: scored.countOk && whole.countOk, partialAbove: scored.partialAbove || whole.partialAbove,
        status: first.status, statusComplete: last.status, bytes, kB: Math.round(bytes / 1000), requestsFirst: before.length, ms,
        bytesComplete, kBComplete: Math.round(bytesComplete / 1000), requests: sent.length, msComplete,
        cpuS: r2(sampleTree(process.pid).cpuSeconds - cpu0), ...(error ? { error } : {}),
      };
      rows.push(row);
      log(`${cls}\t${q}\ttrue ${row.truth}\texact ${row.exactShown}/${row.shown}\tfirst ${row.kB} kB ${row.ms} ms\tcomplete ${row.kBComplete} kB ${row.msComplete} ms\t${row.cpuS} CPU s\t${error ?? JSON.stringify(row.statusComplete)}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return {
    what: WHAT, perClass, seed, articles: docs.length, shards: Math.max(0, ...docs.map((d) => d.shard)) + 1,
    load: { before: loadBefore, after: os.loadavg()[0]!, cores: os.cpus().length },
    summary: summarise(rows), targets: checkTargets(rows), rows,
  };
}

// The CLI: `tsx bench/search-recall.mts <site> --queries N [--seed S] [--out f]`.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const site = args[0];
  if (!site || site.startsWith("--")) throw new Error("usage: search-recall.mts <site folder> [--queries N] [--seed S] [--out file.json]");
  const opt = (name: string, dflt: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1]! : dflt;
  };
  const m = await measureSearch(site, { perClass: Number(opt("queries", "10")), seed: Number(opt("seed", "7")), log: (l) => console.log(l) });
  if (!m) throw new Error(`no Chromium at ${CHROMIUM}`);
  console.log(formatSearch(m));
  const out = opt("out", "");
  if (out) await writeFile(out, JSON.stringify({ site, ...m }, null, 2) + "\n");
}
