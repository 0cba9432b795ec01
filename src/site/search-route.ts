/**
 * The site's search routing index (what it is and its byte layout: templates/assets/route.js): each shard's part
 * (search-route-part.mjs, made beside Pagefind in the indexer's worker) is kept in the state folder with the shard,
 * and a build joins the parts into bucket files. Joining copies bytes and never decodes an entry.
 *
 * Tiers: the shards are joined in two groups (routeTiers, search-route-tiers.ts), each its own folder
 * pagefind/r<key>/ of bucket files, <key> a hash of the group's ordered shard ids (tierId). Full shards, which a
 * build almost never changes, make one tier; the small ones a new issue makes or rebuilds, the other. A tier whose
 * folder is already in the state folder is linked, not joined again, so adding an issue rewrites the small tier's
 * few files only, not the ~16,000 of a 30,000-article archive (which cost an incremental build ~6 s to join and ~6 s
 * to move into the site: the README's 30k bench). A tier is a folder so that an incremental build's merge moves it
 * with one rename (output-commit.ts keeps the folders shards.json names).
 *
 * Buckets: a power of two at most FINE_BUCKETS, so that a bucket file holds about BUCKET_BYTES before gzip: a query
 * fetches one bucket file per key and tier (1–3 keys for most queries), so the bucket size is what a query pays.
 */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

/** route.js's FINE_BUCKETS (plain JS with no types, so restated; tests/site/search-route.test.ts keeps them equal). */
export const FINE_BUCKETS = 8192;
/** route.js's DOCS_CHUNK, restated likewise. */
export const DOCS_CHUNK = 100;

function writeVarint(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
}

/** Bytes a bucket file aims at before gzip (see the module comment). */
export const BUCKET_BYTES = 12_000;

/** Bumped when the bucket files' layout changes, so no tier folder of the old layout is reused. */
const ROUTE_FORMAT = "2";

/** One tier of the routing index in shards.json. */
export interface RouteTier {
  /** Its folder, pagefind/<id>/. */
  id: string;
  /** Its shards' places in shards.json's `shards`, in the tier's order: a bucket section's shard number indexes this. */
  shards: number[];
  /** Bucket files of the id part (<id>/<b>.pf_route). */
  buckets: number;
  /** Bucket files of the position part (<id>/p<b>.pf_route): triples with where they stand in each article. */
  posBuckets: number;
}

/** What shards.json says of the routing index. */
export interface RouteInfo {
  tiers: RouteTier[];
  /** Articles per route-docs file. */
  docsChunk: number;
}

/** A tier's bucket files as written: what shards.json records of them besides the shards, and their bytes. */
export interface TierFiles {
  buckets: number;
  posBuckets: number;
  bytes: number;
}

/**
 * A tier's folder name from its shard ids in order: the files are a function of those (a shard id stands for its
 * records; the bucket size and layout are in the hash too), so a folder of that name holds the same bytes.
 */
export function tierId(shardIds: readonly string[]): string {
  const h = createHash("sha1").update(`${ROUTE_FORMAT}\n${BUCKET_BYTES}\n${FINE_BUCKETS}\n`);
  for (const id of shardIds) h.update(`${id}\n`);
  return `r${h.digest("hex").slice(0, 12)}`;
}

interface Split { offsets: Uint32Array; data: Uint8Array }

function splitOne(part: Uint8Array): Split {
  const head = (FINE_BUCKETS + 1) * 4;
  const offsets = new Uint32Array(part.buffer.slice(part.byteOffset, part.byteOffset + head));
  return { offsets, data: part.subarray(head) };
}

/** A shard's part (search-route-part.mjs): its id part and its position part. */
function partData(part: Uint8Array): { ids: Split; pos: Split } {
  const idLength = new DataView(part.buffer, part.byteOffset, 4).getUint32(0, true);
  return { ids: splitOne(part.subarray(4, 4 + idLength)), pos: splitOne(part.subarray(4 + idLength)) };
}

export function bucketCount(parts: Split[]): number {
  const bytes = parts.reduce((n, p) => n + p.data.length, 0);
  // From one: a tier of a new issue's few dozen articles is a handful of files, each still about BUCKET_BYTES.
  let b = 1;
  while (b < FINE_BUCKETS && bytes / b > BUCKET_BYTES) b *= 2;
  return b;
}

/**
 * Writes a tier's bucket files, <dir>/<b>.pf_route and <dir>/p<b>.pf_route, from its shards' parts in the tier's
 * order (a section's shard number is the place there). `dir` exists.
 */
export async function writeTier(parts: Uint8Array[], dir: string): Promise<TierFiles> {
  const split = parts.map(partData);
  const ids = await writeBuckets(split.map((p) => p.ids), dir, "");
  const pos = await writeBuckets(split.map((p) => p.pos), dir, "p");
  return { buckets: ids.buckets, posBuckets: pos.buckets, bytes: ids.bytes + pos.bytes };
}

async function writeBuckets(split: Split[], dir: string, prefix: string): Promise<{ buckets: number; bytes: number }> {
  const buckets = bucketCount(split);
  let written = 0;
  const files: Promise<void>[] = [];
  for (let b = 0; b < buckets; b++) {
    const chunks: Uint8Array[] = [];
    split.forEach(({ offsets, data }, shard) => {
      const pieces: Uint8Array[] = [];
      let len = 0;
      for (let f = b; f < FINE_BUCKETS; f += buckets) {
        const piece = data.subarray(offsets[f]!, offsets[f + 1]!);
        if (piece.length === 0) continue;
        pieces.push(piece);
        len += piece.length;
      }
      if (len === 0) return;
      const head: number[] = [];
      writeVarint(head, shard);
      writeVarint(head, len);
      chunks.push(Uint8Array.from(head), ...pieces);
    });
    const body = Buffer.concat(chunks);
    files.push(gzipAsync(body, { level: 6 }).then((z) => {
      written += z.length;
      return writeFile(path.join(dir, `${prefix}${b}.pf_route`), z);
    }));
    // A few at a time: the compressions run on libuv's pool, the writes behind them.
    if (files.length >= 64) await Promise.all(files.splice(0));
  }
  await Promise.all(files);
  return { buckets, bytes: written };
}

/** A shard's part in the state folder: beside its Pagefind bundle, not inside it (the bundle is linked into the site). */
export function partFile(stateDir: string, id: string): string {
  return path.join(stateDir, `${id}.route`);
}

export async function readPart(stateDir: string, id: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(partFile(stateDir, id)));
  } catch {
    return null;
  }
}

export async function savePart(stateDir: string, id: string, part: Uint8Array): Promise<void> {
  await writeFile(partFile(stateDir, id), part);
}

/** A tier made by an earlier build: its folder in the state folder, and beside it what it holds (written last). */
function tierFile(stateDir: string, id: string): string {
  return path.join(stateDir, `${id}.json`);
}

export async function readTier(stateDir: string, id: string): Promise<TierFiles | null> {
  try {
    const t = JSON.parse(await readFile(tierFile(stateDir, id), "utf8")) as TierFiles;
    return t.buckets > 0 && t.posBuckets > 0 ? t : null;
  } catch {
    return null;
  }
}

export async function saveTier(stateDir: string, id: string, files: TierFiles): Promise<void> {
  await writeFile(tierFile(stateDir, id), `${JSON.stringify(files)}\n`);
}
