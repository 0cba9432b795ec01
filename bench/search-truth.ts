/**
 * What the search measurement (bench/search-recall.mts) compares the page with, and how it reads the page — kept
 * apart from the browser so it can be tested without one.
 *
 * The truth is every article's Pagefind fragment (what the page shows: body, headline, unit), read from the built
 * files and matched with a plain rule (NFKC, lower case, no whitespace): independent of the page's own code.
 * Queries are drawn with a fixed seed, so two runs (or two commits) on the same archive ask the same questions.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/** Results on the page's first screen (templates/assets/rank.js PAGE_SIZE). */
export const PAGE = 10;

/** The targets (issue 16): what a first search must reach. */
export const TARGETS = { recall: 1, maxKB: 300, maxMs: 1500 } as const;

export const squash = (s: string) => s.normalize("NFKC").toLowerCase().replace(/[\s\u00AD\u200B-\u200D\u2060\uFEFF]+/gu, "");

export interface Doc { url: string; texts: string[]; shard: number }

/** Every article's fragment, with its place in shards.json (0 = the newest shard). */
export async function readDocs(site: string): Promise<Doc[]> {
  const pf = path.join(site, "pagefind");
  const file = JSON.parse(await readFile(path.join(pf, "shards.json"), "utf8")) as { shards: string[] };
  const docs: Doc[] = [];
  for (const [place, id] of file.shards.entries()) {
    const dir = path.join(pf, id, "fragment");
    for (const name of await readdir(dir)) {
      const raw = gunzipSync(await readFile(path.join(dir, name)));
      // Pagefind's fragments are gzip of "pagefind_dcd" (12 bytes) + JSON.
      const d = JSON.parse(raw.subarray(12).toString("utf8")) as { url: string; content: string; meta: Record<string, string> };
      docs.push({ url: d.url, texts: [d.content, d.meta.title ?? "", d.meta.unit ?? ""].map(squash), shard: place });
    }
  }
  return docs;
}

/** The articles holding `q` anywhere in what the page shows of them. */
export function truthFor(docs: Doc[], q: string): Set<string> {
  const s = squash(q);
  return new Set(docs.filter((d) => d.texts.some((t) => t.includes(s))).map((d) => d.url));
}

/** A deterministic pseudo-random sequence (LCG), so two sites are measured with the same queries. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

export interface Query { cls: string; q: string }
export interface ArticleRow { unit?: string | null; authors?: string[] }

/**
 * `perClass` queries of each class: units and credited people (from /data/articles.json), and 2-, 3- and
 * 4-character Chinese strings of article text drawn from the older half of the shards — where a search that opens
 * the newest shards first misses them (on a one-shard site, from all of it). Seed 7 and this order of draws are
 * what the README's search figures were measured with; changing either changes every query.
 */
export function drawQueries(docs: Doc[], rows: ArticleRow[], perClass: number, seed = 7): Query[] {
  const rand = rng(seed);
  const out: Query[] = [];
  const units = [...new Set(rows.map((r) => r.unit).filter((u): u is string => !!u && u.length >= 2))];
  const people = [...new Set(rows.flatMap((r) => r.authors ?? []).filter((a) => a.length >= 2))];
  const take = (cls: string, pool: string[]) => {
    for (let k = 0; k < perClass && pool.length; k++) out.push({ cls, q: pool.splice(Math.floor(rand() * pool.length), 1)[0]! });
  };
  take("unit", units);
  take("person", people);
  const maxShard = Math.max(0, ...docs.map((d) => d.shard));
  const older = docs.filter((d) => d.shard >= maxShard / 2 && d.texts[0]!.length > 0);
  for (const len of [2, 3, 4]) {
    const pool: string[] = [];
    // A small archive may hold fewer distinct strings than asked for: stop after a bounded number of tries.
    for (let tries = 0; pool.length < perClass && older.length && tries < perClass * 1000; tries++) {
      const t = older[Math.floor(rand() * older.length)]!.texts[0]!;
      const at = Math.floor(rand() * Math.max(1, t.length - len));
      const s = t.slice(at, at + len);
      if ([...s].length === len && /^\p{Script=Han}+$/u.test(s) && !pool.includes(s)) pool.push(s);
    }
    out.push(...pool.map((q) => ({ cls: `${len}-char`, q })));
  }
  return out;
}

/**
 * The number of articles holding the whole query that the status line states (templates/assets/search-text.js
 * summary()), or null when it states none: "共 N 篇含“q”或其中的字词，完整含“q”的排在前面" counts part-matches
 * too, and "已找到 N 篇……其余的还在查找" is not a count of all. Only a stated exact count can be the true one.
 */
export function statedCount(status: string): number | null {
  if (/^没有(找到含|文章含)/.test(status)) return 0;
  if (/或其中的字词，完整含/.test(status) || /其余的还在查找/.test(status)) return null;
  const m = /^共 (\d+) 篇含/.exec(status);
  return m ? Number(m[1]) : null;
}

/** One query's outcome as the page showed it. */
export interface Outcome { status: string; urls: string[] }

export interface Scored {
  truth: number;
  shown: number;
  exactShown: number;
  /** Exact matches on the first screen / min(a screen, the true number); 1 when there are none to find. */
  recall: number;
  count: number | null;
  countOk: boolean;
  /** A result not holding the whole query is listed above one that does. */
  partialAbove: boolean;
}

export function score(truth: Set<string>, seen: Outcome): Scored {
  const first = seen.urls.slice(0, PAGE);
  const flags = first.map((u) => truth.has(u));
  const exactShown = flags.filter(Boolean).length;
  const firstMiss = flags.indexOf(false);
  const want = Math.min(PAGE, truth.size);
  const count = statedCount(seen.status);
  return {
    truth: truth.size, shown: first.length, exactShown, recall: want === 0 ? 1 : Math.min(exactShown, want) / want,
    count, countOk: count === truth.size, partialAbove: firstMiss >= 0 && flags.slice(firstMiss).some(Boolean),
  };
}
