/**
 * The site's search routing index (what it is and its byte layout: templates/assets/route.js): each shard's part
 * (search-route-part.mjs, made beside Pagefind in the indexer's worker) is kept in the state folder with the shard,
 * and every build joins the parts of all shards, in shards.json's order, into pagefind/route-<b>.pf_route (files, not
 * a folder, beside the shards: an incremental build's merge moves the bundle's files in and treats every folder there
 * as a shard, output-commit.ts). Joining
 * copies bytes and never decodes an entry, so an incremental build, which indexes only its new issues, rewrites the
 * bucket files in a fraction of a second (measured in bench/search-recall.mts's build).
 *
 * Buckets: a power of two at most FINE_BUCKETS, so that a bucket file holds about BUCKET_BYTES before gzip: a query
 * fetches one bucket file per key (1–3 for most queries), so the bucket size is what a query pays.
 */
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

/** What shards.json says of the routing index. */
export interface RouteInfo {
  buckets: number;
  /** Bucket files of the position part (route/p<b>.pf_route): triples with where they stand in each article. */
  posBuckets: number;
  /** Articles per route-docs file. */
  docsChunk: number;
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
  let b = 16;
  while (b < FINE_BUCKETS && bytes / b > BUCKET_BYTES) b *= 2;
  return b;
}

/**
 * Writes <dir>/route-<b>.pf_route and route-p<b>.pf_route for every bucket from the shards' parts (in shards.json's order: a section's shard
 * number is its place there). Returns what shards.json records and the bytes written.
 */
export async function writeRoute(parts: Uint8Array[], dir: string, docsChunk: number): Promise<RouteInfo & { bytes: number }> {
  const split = parts.map(partData);
  const ids = await writeBuckets(split.map((p) => p.ids), dir, "");
  const pos = await writeBuckets(split.map((p) => p.pos), dir, "p");
  return { buckets: ids.buckets, posBuckets: pos.buckets, docsChunk, bytes: ids.bytes + pos.bytes };
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
      return writeFile(path.join(dir, `route-${prefix}${b}.pf_route`), z);
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
