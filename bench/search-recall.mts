/**
 * `tsx bench/search-recall.mts <site folder> [--queries 12] [--out file.json]`
 *
 * Runs queries drawn from a built archive's own text through its search page in headless Chromium, each in a fresh
 * browser context (so each is a reader's first search: empty cache), against the site served as `baokan serve`
 * serves it (text gzipped, Pagefind's files as they are), and reports per query class:
 *   - recall on the first screen: exact matches listed on it / min(a page, the true number)
 *   - whether the status line's number is the true number of articles containing the string
 *   - whether any result not containing the string is listed above one that does
 *   - bytes sent for the search (gzip, counted at the server) and the time from navigation to results.
 * The truth is every article's Pagefind fragment (what the page shows: body, headline, unit), read from the built
 * files and matched with a plain rule (NFKC, lower case, no whitespace): independent of the page's own code.
 * Queries: units and credited people (from /data/articles.json) and 2-, 3- and 4-character strings of article text,
 * drawn mostly from the older half of the archive, where a search that opens the newest shards first misses them.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { serve } from "../src/site/serve.ts";

const args = process.argv.slice(2);
const site = args[0];
if (!site) throw new Error("usage: search-recall.mts <site folder> [--queries N] [--out file.json]");
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const perClass = Number(opt("queries", "12"));
const PAGE = 10;

const squash = (s: string) => s.normalize("NFKC").toLowerCase().replace(/[\s\u00AD\u200B-\u200D\u2060\uFEFF]+/gu, "");

interface Doc { url: string; texts: string[]; shard: number }
async function readDocs(): Promise<Doc[]> {
  const pf = path.join(site!, "pagefind");
  const file = JSON.parse(await readFile(path.join(pf, "shards.json"), "utf8")) as { shards: string[] };
  const docs: Doc[] = [];
  for (const [place, id] of file.shards.entries()) {
    const dir = path.join(pf, id, "fragment");
    for (const name of await readdir(dir)) {
      const raw = gunzipSync(await readFile(path.join(dir, name)));
      const d = JSON.parse(raw.subarray(12).toString("utf8")) as { url: string; content: string; meta: Record<string, string> };
      docs.push({ url: d.url, texts: [d.content, d.meta.title ?? "", d.meta.unit ?? ""].map(squash), shard: place });
    }
  }
  return docs;
}

/** A deterministic pseudo-random sequence, so two sites are measured with the same queries. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

async function drawQueries(docs: Doc[]): Promise<{ cls: string; q: string }[]> {
  const rand = rng(7);
  const out: { cls: string; q: string }[] = [];
  const rows = JSON.parse(await readFile(path.join(site!, "data", "articles.json"), "utf8")) as { unit?: string | null; authors?: string[] }[];
  const units = [...new Set(rows.map((r) => r.unit).filter((u): u is string => !!u && u.length >= 2))];
  const people = [...new Set(rows.flatMap((r) => r.authors ?? []).filter((a) => a.length >= 2))];
  const take = (cls: string, pool: string[]) => {
    for (let k = 0; k < perClass && pool.length; k++) out.push({ cls, q: pool.splice(Math.floor(rand() * pool.length), 1)[0]! });
  };
  take("unit", units);
  take("person", people);
  const maxShard = Math.max(...docs.map((d) => d.shard));
  const older = docs.filter((d) => d.shard >= maxShard / 2);
  for (const len of [2, 3, 4]) {
    const pool: string[] = [];
    while (pool.length < perClass) {
      const d = older[Math.floor(rand() * older.length)]!;
      const t = d.texts[0]!;
      const at = Math.floor(rand() * Math.max(1, t.length - len));
      const s = t.slice(at, at + len);
      if ([...s].length === len && /^\p{Script=Han}+$/u.test(s) && !pool.includes(s)) pool.push(s);
    }
    out.push(...pool.map((q) => ({ cls: `${len}-char`, q })));
  }
  return out;
}

const docs = await readDocs();
const queries = await drawQueries(docs);
const server = await serve({ dir: site, port: 0, host: "127.0.0.1", log: () => {} });
let bytes = 0;
server.server.on("request", (_req, res) => {
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  const end = res.end.bind(res) as (...a: unknown[]) => typeof res;
  const count = (c: unknown) => { if (typeof c === "string" || c instanceof Uint8Array) bytes += Buffer.byteLength(c); };
  (res as { write: unknown }).write = (c: unknown, ...r: unknown[]) => (count(c), write(c, ...r));
  (res as { end: unknown }).end = (c: unknown, ...r: unknown[]) => (count(c), end(c, ...r));
});
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });
interface Row { cls: string; q: string; truth: number; shown: number; exactShown: number; recall: number; count: number | null; countOk: boolean; partialAbove: boolean; kB: number; ms: number }
const rows: Row[] = [];
try {
  for (const { cls, q } of queries) {
    const truthSet = new Set(docs.filter((d) => d.texts.some((t) => t.includes(q))).map((d) => d.url));
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    bytes = 0;
    const t0 = Date.now();
    await page.goto(`${server.url.replace(/\/?$/, "/")}search/?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => {
      const el = document.getElementById("search");
      return Number(el?.dataset.runs ?? 0) > 0 && el?.dataset.state !== "searching";
    }, undefined, { timeout: 60_000 });
    const ms = Date.now() - t0;
    await page.waitForLoadState("networkidle");
    const seen = await page.evaluate(() => ({
      status: document.querySelector(".search-status")?.textContent ?? "",
      urls: [...document.querySelectorAll(".search-results .result a")].map((a) => new URL((a as HTMLAnchorElement).href).pathname),
    }));
    await ctx.close();
    const flags = seen.urls.map((u) => truthSet.has(u));
    const exactShown = flags.filter(Boolean).length;
    const firstMiss = flags.indexOf(false);
    const partialAbove = firstMiss >= 0 && flags.slice(firstMiss).some(Boolean);
    const m = /(\d+)\s*篇/.exec(seen.status);
    const count = /没有/.test(seen.status) && !/另有|以下/.test(seen.status) ? 0 : m ? Number(m[1]) : null;
    const want = Math.min(PAGE, truthSet.size);
    rows.push({
      cls, q, truth: truthSet.size, shown: seen.urls.length, exactShown, recall: want === 0 ? 1 : Math.min(exactShown, want) / want,
      count, countOk: count === truthSet.size, partialAbove, kB: Math.round(bytes / 1024), ms,
    });
    const r = rows.at(-1)!;
    console.log(`${cls}\t${q}\ttrue ${r.truth}\tshown ${r.exactShown}/${r.shown}\tstatus ${JSON.stringify(seen.status)}\t${r.kB} kB\t${r.ms} ms`);
  }
} finally {
  await browser.close();
  await server.close();
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;
const summary = Object.fromEntries([...new Set(rows.map((r) => r.cls)), "all"].map((cls) => {
  const rs = rows.filter((r) => cls === "all" || r.cls === cls);
  return [cls, {
    queries: rs.length, recall: Number(mean(rs.map((r) => r.recall)).toFixed(3)), countOk: rs.filter((r) => r.countOk).length,
    partialAbove: rs.filter((r) => r.partialAbove).length, kBmedian: pct(rs.map((r) => r.kB), 0.5), kBmax: Math.max(...rs.map((r) => r.kB)),
    msMedian: pct(rs.map((r) => r.ms), 0.5), msMax: Math.max(...rs.map((r) => r.ms)),
  }];
}));
console.table(summary);
const out = opt("out", "");
if (out) await writeFile(out, JSON.stringify({ site, summary, rows }, null, 2) + "\n");
