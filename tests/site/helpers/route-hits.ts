/**
 * Reads a built site's search routing index the plain way, for tests: which articles (URLs) the index lists for a
 * key, and every article's texts as its Pagefind fragment holds them (the truth the index is checked against).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { ShardsFile } from "../../../src/site/search-index.ts";

export type Run = { key: string; offset: number }[];

/** route.js, loaded as the page loads it (plain JS without types). */
export interface RouteJs {
  hashKey(key: string): number;
  readBucket(bytes: Uint8Array, key: string): Map<number, number[]>;
  queryKeys(query: { terms: string[]; empty: boolean }, filters?: Record<string, string | string[]>): { groups: string[][]; runs: Run[]; exact: boolean } | null;
  readPositions(bytes: Uint8Array, key: string): Map<number, Map<number, number[]>>;
  runMatches(run: Run, maps: Map<number, Map<number, number[]>>[]): Map<number, number[]>;
  joinTiers<T>(tiers: { shards: number[] }[], maps: Map<number, T>[]): Map<number, T>;
  FINE_BUCKETS: number;
  DOCS_CHUNK: number;
}
// @ts-expect-error — a browser module without types
export const route = (await import("../../../templates/assets/route.js")) as RouteJs;

export function shardsFile(site: string): ShardsFile {
  return JSON.parse(readFileSync(path.join(site, "pagefind", "shards.json"), "utf8")) as ShardsFile;
}

/** Every article's fragment: its URL, shard and texts (body, headline, unit) squashed as the matching rule squashes. */
export function fragments(site: string): { url: string; shard: string; texts: string[] }[] {
  const squash = (t: string) => t.normalize("NFKC").toLowerCase().replace(/[\s\u200B]+/gu, "");
  const out = [];
  for (const shard of shardsFile(site).shards) {
    const dir = path.join(site, "pagefind", shard, "fragment");
    for (const name of readdirSync(dir)) {
      const d = JSON.parse(gunzipSync(readFileSync(path.join(dir, name))).subarray(12).toString("utf8"));
      out.push({ url: d.url as string, shard, texts: [d.content, d.meta.title ?? "", d.meta.unit ?? ""].map(squash) });
    }
  }
  return out;
}

/** A key's file in each tier of the site's routing index, read with `read` and joined by shards.json's places. */
function fromTiers<T>(site: string, key: string, prefix: "" | "p", read: (bytes: Uint8Array, key: string) => Map<number, T>): Map<number, T> {
  const tiers = shardsFile(site).route!.tiers;
  const maps = tiers.map((t) => {
    const b = route.hashKey(key) % (prefix ? t.posBuckets : t.buckets);
    return read(new Uint8Array(gunzipSync(readFileSync(path.join(site, "pagefind", t.id, `${prefix}${b}.pf_route`)))), key);
  });
  return route.joinTiers(tiers, maps);
}

/** The URLs the site's routing index lists for a 2–3-character `key`: bucket files → (shard, article) → route-docs → fragment. */
export function routeHits(site: string, key: string): string[] {
  return urlsOf(site, fromTiers(site, key, "", route.readBucket));
}

/** The URLs the position part lists for a longer term: where its covering triples stand at their offsets. */
export function runHits(site: string, run: Run): string[] {
  return urlsOf(site, route.runMatches(run, run.map((t) => fromTiers(site, t.key, "p", route.readPositions))));
}

function urlsOf(site: string, found: Map<number, number[]>): string[] {
  const file = shardsFile(site);
  const urls: string[] = [];
  for (const [place, ids] of found) {
    const shard = file.shards[place]!;
    for (const id of ids) {
      const docs = JSON.parse(readFileSync(path.join(site, "pagefind", shard, "route-docs", `${Math.floor(id / file.route!.docsChunk)}.json`), "utf8")) as string[];
      const frag = gunzipSync(readFileSync(path.join(site, "pagefind", shard, "fragment", `${docs[id % file.route!.docsChunk]}.pf_fragment`)));
      urls.push(JSON.parse(frag.subarray(12).toString("utf8")).url as string);
    }
  }
  return urls.sort();
}
