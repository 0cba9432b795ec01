/**
 * Search quality on the demo archive: raw Pagefind against our exact-first ranking (templates/assets/rank.js, the
 * module the search page runs), both run by Pagefind's own browser bundle in Node against a real build.
 *
 * The query suite comes from the archive itself: every author name, every unit, deterministic samples of 2-, 3-
 * and 4-character strings from article bodies, and strings that cross a Pagefind word boundary (the last
 * character of one indexed word + the next word). The expected results of each query are the articles whose
 * indexed page text (the built HTML: data-pagefind-body minus data-pagefind-ignore) contains the string —
 * computed here, not by the program.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/site/build-site.ts";
import { serve, type RunningServer } from "../../src/site/serve.ts";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { indexedText } from "./helpers/page-text.ts";

/** The parts of rank.js used here (it is plain JS shared with the browser, so it has no .d.ts). */
interface Part { text: string; mark: boolean }
interface Query { terms: string[]; phrase: boolean; pagefindTerm: string; empty: boolean }
interface Rank {
  parseQuery(q: string): Query;
  findMatches(text: string, terms: string[]): { start: number; end: number }[];
  excerptParts(content: string, terms: string[], length?: number): Part[];
  partsToHtml(parts: Part[]): string;
  longestRun(positions: number[]): number;
  splitQueries(query: Query): string[];
  ExactFirst: new (query: Query, results: unknown[], opts?: { pageSize?: number; scanBudget?: number; extra?: () => Promise<{ results: unknown[]; order: Map<string, number> | null }> }) => {
    more(): Promise<{ exact: boolean; data: { url: string } }[]>;
    done: boolean;
    checked: number;
    total: number;
    exactCount: number | null;
  };
}
const rankUrl = pathToFileURL(path.resolve("templates/assets/rank.js")).href;
const rank = (await import(rankUrl)) as Rank;

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-search-quality-"));
const out = path.join(tmp, "_site");
let server: RunningServer;

interface Doc { url: string; words: string[] }
interface Ranked { raw: string[]; ours: string[]; flags: boolean[]; checked: number[]; pages: number }

function runRank(job: object): Promise<{ docs?: Doc[]; results: Record<string, Ranked> }> {
  const script = path.resolve("tests/site/helpers/pagefind-rank.mjs");
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ["--experimental-network-imports", "--no-warnings", script, server.url], { timeout: 240_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
    child.stdin!.end(JSON.stringify(job));
  });
}

/** The matching rule, restated independently of rank.js: NFKC, lower case, whitespace ignored unless it stands between two Latin letters or digits. */
function squash(s: string): string {
  return s.normalize("NFKC").toLowerCase().replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, "").replace(/\s+/gu, " ")
    .replace(/(?<![\p{L}\p{N}]) | (?![\p{L}\p{N}])|(?<=\p{Script=Han}) | (?=\p{Script=Han})/gu, "").trim();
}

const HAN = /^\p{Script=Han}+$/u;
/** Deterministic sampling: a 32-bit linear congruential generator with a fixed seed. */
function sampler(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

interface Article { url: string; sortDate: string; blocks: string[]; joined: string; unit: string | null }
let articles: Article[] = [];
let suite: Record<string, string[]> = {};
let docs: Doc[] = [];

/** strict: inside one block of the page (or the unit); loose: anywhere in the page text run together. */
function expected(q: string): { strict: Set<string>; loose: Set<string> } {
  const n = squash(q);
  const strict = articles.filter((a) => [...a.blocks, a.unit ?? ""].some((b) => squash(b).includes(n)));
  const loose = articles.filter((a) => squash(a.joined).includes(n) || squash(a.unit ?? "").includes(n));
  return { strict: new Set(strict.map((a) => a.url)), loose: new Set(loose.map((a) => a.url)) };
}

beforeAll(async () => {
  await buildSite({ contentDir: "content", outDir: out, log: () => {} });
  server = await serve({ dir: out, port: 0, host: "127.0.0.1", log: () => {} });
  const data = buildSiteData(await loadArchive("content"));
  articles = data.articles.map((a) => {
    const html = readFileSync(path.join(out, ...a.url.split("/").filter(Boolean), "index.html"), "utf8");
    const text = indexedText(html)!;
    return { url: a.url, sortDate: a.sortDate, blocks: text.blocks, joined: text.joined, unit: a.unit };
  });
  docs = (await runRank({ docs: true })).docs!;

  const pick = sampler(20240105);
  const grams = (n: number) => {
    const set = new Set<string>();
    for (const a of data.articles) {
      const paras = a.blocks.map((b) => b.text).filter((t) => t.length > n);
      for (let k = 0; k < 3 && paras.length; k++) {
        const p = paras[pick(paras.length)]!;
        const i = pick(p.length - n + 1);
        const s = p.slice(i, i + n);
        if (HAN.test(s)) set.add(s);
      }
    }
    return [...set];
  };
  const cross = new Set<string>();
  for (const d of docs) {
    for (let k = 0; k < 3 && d.words.length > 1; k++) {
      const i = pick(d.words.length - 1);
      const s = d.words[i]!.slice(-1) + d.words[i + 1]!;
      if (HAN.test(s) && s.length <= 5) cross.add(s);
    }
  }
  // Word tails: an indexed word minus its first character (学以致用 → 以致用), strings Pagefind's own query misses.
  const tails = new Set<string>();
  for (const d of docs) {
    const long = d.words.filter((w) => HAN.test(w) && w.length >= 3);
    for (let k = 0; k < 2 && long.length; k++) tails.add(long[pick(long.length)]!.slice(1));
  }
  suite = {
    names: [...new Set(data.articles.flatMap((a) => a.authors))],
    units: [...new Set(data.articles.map((a) => a.unit).filter((u): u is string => !!u))],
    "2-char": grams(2),
    "3-char": grams(3),
    "4-char": grams(4),
    "cross-word": [...cross],
    "word-tail": [...tails],
  };
});

afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Share of the top min(10, |exact|) positions that hold an exact article, summed over a class. */
function topShare(lists: string[][], exact: Set<string>[]): { hits: number; slots: number } {
  let hits = 0;
  let slots = 0;
  lists.forEach((list, i) => {
    const k = Math.min(10, exact[i]!.size);
    slots += k;
    hits += list.slice(0, k).filter((u) => exact[i]!.has(u)).length;
  });
  return { hits, slots };
}

const QUOTE_STYLES = [(q: string) => `"${q}"`, (q: string) => `“${q}”`, (q: string) => `「${q}」`];

const CLASSES = ["names", "units", "2-char", "3-char", "4-char", "cross-word", "word-tail"] as const;
/**
 * A string strictly inside one indexed word (作室 in 工作室) has no entry in Pagefind's word index, so no query can
 * reach the page; the word-tail class measures how often that happens. There the figures are printed and ranking
 * is judged on the exact articles that were found; everywhere else every exact article must be found.
 */
const REACHABLE_ONLY = new Set<string>(["word-tail"]);
const table: string[] = [];

afterAll(() => {
  console.log([
    "search quality (demo archive) — top: share of the top min(10, |exact|) results holding the exact string",
    "class       queries  raw top  ours top  raw recall  ours recall  quoted==exact  fragments/1st page",
    ...table,
  ].join("\n"));
});

describe("search quality against the demo archive", () => {
  it.each(CLASSES)("%s: exact matches first, exact articles found, quoted query == exact set", async (cls) => {
    const queries = suite[cls]!;
    expect(queries.length, cls).toBeGreaterThan(3);
    const quoted = queries.map((q, i) => QUOTE_STYLES[i % QUOTE_STYLES.length]!(q));
    const { results } = await runRank({ queries: [...queries, ...quoted] });
    const exp = queries.map(expected);
    const judged = queries.map((q, i) => (REACHABLE_ONLY.has(cls) ? new Set([...exp[i]!.strict].filter((u) => results[q]!.ours.includes(u))) : exp[i]!.strict));
    const raw = topShare(queries.map((q) => results[q]!.raw), exp.map((e) => e.strict));
    const ours = topShare(queries.map((q) => results[q]!.ours), judged);
    const problems: string[] = [];
    let expectedTotal = 0, rawFound = 0, oursFound = 0, quotedOk = 0, firstChecks = 0;
    queries.forEach((q, i) => {
      const r = results[q]!;
      const { strict: s, loose } = exp[i]!;
      const must = judged[i]!;
      expectedTotal += s.size;
      rawFound += r.raw.filter((u) => s.has(u)).length;
      oursFound += r.ours.filter((u) => s.has(u)).length;
      firstChecks += r.checked[0] ?? 0;
      for (const u of must) if (!r.ours.includes(u)) problems.push(`${q}: exact article ${u} not found`);
      for (const u of r.raw) if (!r.ours.includes(u)) problems.push(`${q}: Pagefind's result ${u} dropped`);
      // Our exact flag agrees with the page text: every strict match flagged, nothing flagged that is not in the text.
      r.ours.forEach((u, k) => {
        if (s.has(u) && !r.flags[k]) problems.push(`${q}: ${u} holds the string but is not marked exact`);
        if (r.flags[k] && !loose.has(u)) problems.push(`${q}: ${u} marked exact but its text lacks the string`);
      });
      const qr = results[quoted[i]!]!;
      const got = new Set(qr.ours);
      if ([...must].every((u) => got.has(u)) && [...got].every((u) => loose.has(u)) && qr.flags.every(Boolean)) quotedOk++;
      else problems.push(`${quoted[i]}: got ${[...got].join(" ")} expected ${[...must].join(" ")}`);
    });
    const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : "—");
    table.push(`${cls.padEnd(10)} ${String(queries.length).padStart(8)} ${pct(raw.hits, raw.slots).padStart(8)} ${pct(ours.hits, ours.slots).padStart(9)} ${pct(rawFound, expectedTotal).padStart(11)} ${pct(oursFound, expectedTotal).padStart(12)} ${pct(quotedOk, queries.length).padStart(14)} ${(firstChecks / queries.length).toFixed(1).padStart(18)}`);
    console.log(`${cls}: ${queries.length} queries; exact share of top results raw ${pct(raw.hits, raw.slots)} → ours ${pct(ours.hits, ours.slots)}${REACHABLE_ONLY.has(cls) ? " (of the exact articles found)" : ""}; recall raw ${pct(rawFound, expectedTotal)} → ours ${pct(oursFound, expectedTotal)}; quoted == exact set ${pct(quotedOk, queries.length)}`);
    expect(oursFound, "recall not below raw Pagefind's").toBeGreaterThanOrEqual(rawFound);
    expect(ours.hits / ours.slots, "share of exact articles in the top positions").toBeGreaterThanOrEqual(0.98);
    expect(problems).toEqual([]);
  });

  it("keeps exact matches first when sorted by date, newest first within each part", async () => {
    const queries = suite.units!.slice(0, 12).concat(suite["2-char"]!.slice(0, 12));
    const { results } = await runRank({ queries, sort: "date" });
    const dateOf = new Map(articles.map((a) => [a.url, a.sortDate]));
    for (const q of queries) {
      const r = results[q]!;
      const { strict, loose } = expected(q);
      const firstOther = r.flags.indexOf(false);
      const exactPart = firstOther < 0 ? r.ours : r.ours.slice(0, firstOther);
      for (const u of strict) expect(exactPart, `${q}: ${u}`).toContain(u);
      for (const u of exactPart) expect(loose.has(u), `${q}: ${u}`).toBe(true);
      for (const part of [exactPart, r.ours.slice(exactPart.length)]) {
        const dates = part.map((u) => dateOf.get(u)!);
        expect(dates, q).toEqual([...dates].sort().reverse());
      }
    }
  });
});

describe("rank.js", () => {
  it("reads quotes of every kind as a phrase and bare words as terms", () => {
    expect(rank.parseQuery("电解厂")).toMatchObject({ terms: ["电解厂"], phrase: false });
    for (const q of ['"电解厂"', "“电解厂”", "「电解厂」", "＂电解厂＂", "“电解厂"]) {
      expect(rank.parseQuery(q), q).toMatchObject({ terms: ["电解厂"], phrase: true, pagefindTerm: "电解厂" });
    }
    expect(rank.parseQuery("“电解厂” 安全　生产").terms).toEqual(["电解厂", "安全", "生产"]);
    expect(rank.parseQuery("ＡＢＣ").terms).toEqual(["abc"]);
    expect(rank.parseQuery(' " ，" ')).toMatchObject({ terms: [], empty: true, phrase: false });
  });

  it("matches across spacing between Chinese characters and maps matches back to the source text", () => {
    const byline = "（卫 玲 周二红）";
    const [m] = rank.findMatches(byline, rank.parseQuery("卫玲").terms);
    expect(byline.slice(m!.start, m!.end)).toBe("卫 玲");
    const text = "截至２０２４年底，电解厂";
    const [d] = rank.findMatches(text, rank.parseQuery("2024年").terms);
    expect(text.slice(d!.start, d!.end)).toBe("２０２４年");
    expect(rank.findMatches("new york", ["newyork"])).toEqual([]);
  });

  it("builds escaped excerpts around the first match, never cutting a character in two", () => {
    const content = `${"前".repeat(200)}<b>"x"&amp;</b>电解厂𠮷${"后".repeat(200)}`;
    const html = rank.partsToHtml(rank.excerptParts(content, ["电解厂"], 60));
    expect(html).toContain("&lt;b&gt;&quot;x&quot;&amp;amp;&lt;/b&gt;<mark>电解厂</mark>𠮷");
    expect(html.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
    expect(html.startsWith("…") && html.endsWith("…")).toBe(true);
    const parts = rank.excerptParts(`${"甲".repeat(17)}𠮷${"乙".repeat(100)}`, ["乙乙"], 40);
    expect(parts.map((p) => p.text).join("")).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it("pages exact matches before the rest and checks no more fragments than its budget", async () => {
    // 100 candidates in Pagefind's order; every seventh (14 of them) holds the phrase, and only those have adjacent words.
    const exactUrls = Array.from({ length: 14 }, (_, k) => `/a/${3 + 7 * k}/`);
    let loads = 0;
    const results = Array.from({ length: 100 }, (_, i) => ({
      words: i % 7 === 3 ? [5, 6] : [5, 9],
      data: async () => { loads++; return { url: `/a/${i}/`, content: i % 7 === 3 ? `前文电解厂后文${i}` : `电解车间${i}厂`, meta: { title: `t${i}` } }; },
    }));
    const ranker = new rank.ExactFirst(rank.parseQuery("电解厂"), results, { pageSize: 10, scanBudget: 20 });
    const first = await ranker.more();
    expect(first.map((x) => x.data.url)).toEqual(exactUrls.slice(0, 10));
    expect(loads).toBeLessThanOrEqual(20);
    const all = [...first];
    while (!ranker.done) all.push(...(await ranker.more()));
    expect(all).toHaveLength(100);
    const flags = all.map((x) => x.exact);
    expect(flags.indexOf(false)).toBe(14);
    expect(flags.slice(14).every((f) => !f)).toBe(true);
    expect(ranker.exactCount).toBe(14);

    // Extra candidates are asked for only when the likely ones run short, and are checked before the unlikely rest.
    let asked = 0;
    const extraResult = { id: "x", words: [], data: async () => ({ url: "/x/", content: "只在拆开的查询里找到的电解厂", meta: {} }) };
    const withId = results.map((r, i) => ({ ...r, id: String(i) }));
    const extraMiss = { id: "y", words: [], data: async () => ({ url: "/y/", content: "电解车间", meta: {} }) };
    const lazy = new rank.ExactFirst(rank.parseQuery("电解厂"), withId, { pageSize: 10, extra: async () => (asked++, { results: [extraMiss, extraResult, withId[3]!], order: null }) });
    await lazy.more();
    expect(asked).toBe(0);
    const second = await lazy.more();
    expect(asked).toBe(1);
    expect(second.slice(0, 5).map((x) => x.data.url)).toEqual([...exactUrls.slice(10), "/x/"]);
    // An extra candidate that is not an exact match is dropped: the list is Pagefind's plus what it missed.
    const rest: string[] = [];
    while (!lazy.done) rest.push(...(await lazy.more()).map((x) => x.data.url));
    expect(rest).not.toContain("/y/");
    expect(10 + second.length + rest.length).toBe(101);

    // Quoted: only the exact ones, even when the signal is wrong and they sit at the end of the queue.
    const hidden = results.map((r, i) => ({ ...r, words: [i] }));
    const phrase = new rank.ExactFirst(rank.parseQuery("“电解厂”"), hidden, { pageSize: 10, scanBudget: 20 });
    const got: string[] = [];
    while (!phrase.done) got.push(...(await phrase.more()).map((x) => x.data.url));
    expect(got.sort()).toEqual([...exactUrls].sort());
  });

  it("asks Pagefind again with Chinese terms cut where its index may have cut them", () => {
    expect(rank.splitQueries(rank.parseQuery("年以来"))).toEqual(["年 以来", "年以 来", "年以", "以来"]);
    expect(rank.splitQueries(rank.parseQuery("卫玲 安全"))).toEqual(["卫 玲 安全", "卫玲 安 全"]);
    expect(rank.splitQueries(rank.parseQuery("new york"))).toEqual([]);
  });

  it("measures a run of consecutive word positions", () => {
    expect(rank.longestRun([26, 8, 27, 9, 10])).toBe(3);
    expect(rank.longestRun([])).toBe(0);
  });
});
