// One shard's part of the search routing index (templates/assets/route.js says what it is), made in the indexer's
// worker thread beside Pagefind (search-index-worker.mjs): the keys are cut while Pagefind's own process writes the
// shard, and which fragment file holds each article is read from what it wrote. Plain JavaScript, as the worker is.
//
// A part is FINE_BUCKETS+1 little-endian u32 offsets, then each fine bucket's entries (route.js's entry format);
// search-route.ts joins the parts of a tier's shards into its bucket files without decoding them.
import { readdir, readFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { checkHash, DOCS_CHUNK, FINE_BUCKETS, filterKey, hashKey, recordTexts } from "../../templates/assets/route.js";
import { normalizedText } from "../../templates/assets/match.js";

const FNV = 0x811c9dc5;
const CHECK_SEED = 0x1b873593;

/** Growable parallel arrays of (hash, check hash, article, position) — one row per key occurrence. */
class Occurrences {
  constructor(size = 1 << 16) {
    this.n = 0;
    this.h = new Uint32Array(size);
    this.c = new Uint16Array(size);
    this.id = new Uint32Array(size);
    this.pos = new Uint32Array(size);
  }
  push(h, c, id, pos = 0) {
    if (this.n === this.h.length) {
      const grow = (a) => {
        const b = new a.constructor(a.length * 2);
        b.set(a);
        return b;
      };
      this.h = grow(this.h);
      this.c = grow(this.c);
      this.id = grow(this.id);
      this.pos = grow(this.pos);
    }
    this.h[this.n] = h;
    this.c[this.n] = c;
    this.pos[this.n] = pos;
    this.id[this.n++] = id;
  }
}

/**
 * Every 2- and 3-character key of `text` (normalized) into `occ`, and every triple with its position (`base` +
 * its place in the text) into `tri`, hashed as route.js's hashKey/checkHash hash the key's string, without making
 * the strings: FNV-1a runs over the code units, so a pair's hash is the first step of its triple's. (Characters
 * outside the BMP are two code units; keys are then cut on code points as textKeys does.) Returns the text's length.
 */
function addTextKeys(text, id, occ, tri, base) {
  const norm = normalizedText(text);
  const units = /[\uD800-\uDFFF]/.test(norm) ? Array.from(norm) : null;
  const len = units ? units.length : norm.length;
  for (let i = 0; i + 1 < len; i++) {
    let h = FNV;
    let c = CHECK_SEED;
    for (let k = 0; k < 3 && i + k < len; k++) {
      const ch = units ? units[i + k] : norm[i + k];
      for (let u = 0; u < ch.length; u++) {
        const code = ch.charCodeAt(u);
        h = Math.imul(h ^ code, 0x01000193) >>> 0;
        c = Math.imul(c ^ code, 0x01000193) >>> 0;
      }
      if (k >= 1) occ.push(h, c >>> 16, id);
      if (k === 2) tri.push(h, c >>> 16, id, base + i);
    }
  }
  return len;
}

/**
 * The part for these records, numbered 0… in this order: u32 length of the id part, the id part (every key → its
 * articles), then the position part (every triple → its articles, each with the triple's positions: what tells a
 * longer term's exact matches from articles merely holding its triples).
 */
export function shardRoutePart(records) {
  const size = records.reduce((n, r) => n + 2 * (r.content?.length ?? 0) + 64, 1024);
  const occ = new Occurrences(size);
  const tri = new Occurrences(size >> 1);
  records.forEach((r, id) => {
    // One line of positions across the article's texts, a gap between two, so no run of triples spans two texts.
    let base = 0;
    for (const t of recordTexts(r)) if (t) base += addTextKeys(t, id, occ, tri, base) + 1;
    for (const [name, values] of Object.entries(r.filters ?? {})) {
      for (const v of values) {
        const key = filterKey(name, v);
        occ.push(hashKey(key), checkHash(key), id);
      }
    }
  });
  const ids = encodePart(occ, (out, rows, from, to) => {
    const id = occ.id;
    let docs = 0;
    for (let i = from; i < to; i++) if (i === from || id[rows[i]] !== id[rows[i - 1]]) docs++;
    out.head(occ.h[rows[from]], occ.c[rows[from]], docs);
    let prev = 0;
    for (let i = from; i < to; i++) {
      const a = id[rows[i]];
      if (i > from && a === prev) continue;
      out.varint(a - prev);
      prev = a;
    }
  });
  const positions = encodePart(tri, (out, rows, from, to) => {
    let docs = 0;
    for (let i = from; i < to; i++) if (i === from || tri.id[rows[i]] !== tri.id[rows[i - 1]]) docs++;
    out.head(tri.h[rows[from]], tri.c[rows[from]], docs);
    let prev = 0;
    for (let i = from; i < to; ) {
      const a = tri.id[rows[i]];
      let j = i;
      while (j < to && tri.id[rows[j]] === a) j++;
      out.varint(a - prev);
      out.varint(j - i);
      let p = 0;
      for (let k = i; k < j; k++) {
        out.varint(tri.pos[rows[k]] - p);
        p = tri.pos[rows[k]];
      }
      prev = a;
      i = j;
    }
  });
  const part = new Uint8Array(4 + ids.length + positions.length);
  new DataView(part.buffer).setUint32(0, ids.length, true);
  part.set(ids, 4);
  part.set(positions, 4 + ids.length);
  return part;
}

/** Rows by fine bucket (a counting sort, which keeps each key's rows in their order), then by key; one entry a key. */
function encodePart(occ, entry) {
  const { n, h, c } = occ;
  const start = new Uint32Array(FINE_BUCKETS + 1);
  for (let i = 0; i < n; i++) start[(h[i] & (FINE_BUCKETS - 1)) + 1]++;
  for (let b = 0; b < FINE_BUCKETS; b++) start[b + 1] += start[b];
  const fill = start.slice(0, FINE_BUCKETS);
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[fill[h[i] & (FINE_BUCKETS - 1)]++] = i;
  const out = new Bytes(n * 3 + 1024);
  const offsets = new Uint32Array(FINE_BUCKETS + 1);
  let keys = new Float64Array(1024);
  for (let b = 0; b < FINE_BUCKETS; b++) {
    offsets[b] = out.n;
    const rows = sortBucket(perm.subarray(start[b], start[b + 1]), h, c, keys);
    if (rows.keys) keys = rows.keys;
    for (let i = 0; i < rows.length; ) {
      const r = rows[i];
      let j = i;
      while (j < rows.length && h[rows[j]] === h[r] && c[rows[j]] === c[r]) j++;
      entry(out, rows, i, j);
      i = j;
    }
  }
  offsets[FINE_BUCKETS] = out.n;
  const part = new Uint8Array(offsets.byteLength + out.n);
  part.set(new Uint8Array(offsets.buffer), 0);
  part.set(out.bytes.subarray(0, out.n), offsets.byteLength);
  return part;
}

const SPAN = 2 ** 18;

/**
 * A bucket's rows in key order (hash, check hash), each key's rows in their first order (ascending articles). The
 * key's bits above the bucket's and the row's place make one number under 2^53, so a typed-array sort does it; a
 * bucket of SPAN rows or more (none in practice) takes a comparator.
 */
function sortBucket(rows, h, c, keys) {
  const n = rows.length;
  if (n >= SPAN) return Array.from(rows).sort((x, y) => h[x] - h[y] || c[x] - c[y] || x - y);
  if (keys.length < n) keys = new Float64Array(n * 2);
  const k = keys.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    k[i] = ((h[r] >>> 13) * 65536 + c[r]) * SPAN + i;
  }
  k.sort();
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = k[i];
    out[i] = rows[v - Math.floor(v / SPAN) * SPAN];
  }
  out.keys = keys;
  return out;
}

/** A growable byte buffer that writes route.js's entries. */
class Bytes {
  constructor(size) {
    this.bytes = new Uint8Array(size);
    this.n = 0;
  }
  room(k) {
    if (this.n + k <= this.bytes.length) return;
    const b = new Uint8Array(Math.max(this.bytes.length * 2, this.n + k));
    b.set(this.bytes);
    this.bytes = b;
  }
  varint(v) {
    this.room(5);
    while (v >= 0x80) {
      this.bytes[this.n++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.n++] = v;
  }
  /** An entry's head: u32 hash, u16 check hash, varint count. */
  head(h, c, count) {
    this.room(6);
    const b = this.bytes;
    b[this.n++] = h & 0xff;
    b[this.n++] = (h >>> 8) & 0xff;
    b[this.n++] = (h >>> 16) & 0xff;
    b[this.n++] = h >>> 24;
    b[this.n++] = c & 0xff;
    b[this.n++] = c >>> 8;
    this.varint(count);
  }
}

/**
 * Which fragment file Pagefind wrote for each record (by URL), written as <outDir>/route-docs/<k>.json: the search
 * page fetches a matching article's fragment directly, without opening its shard's index.
 */
export async function writeRouteDocs(records, outDir) {
  const dir = path.join(outDir, "fragment");
  const byUrl = new Map();
  for (const name of await readdir(dir)) {
    if (!name.endsWith(".pf_fragment")) continue;
    let bytes = gunzipSync(await readFile(path.join(dir, name)));
    const json = JSON.parse(bytes.subarray(12).toString("utf8"));
    byUrl.set(json.url, name.slice(0, -".pf_fragment".length));
    bytes = null;
  }
  const docs = records.map((r) => {
    const hash = byUrl.get(r.url);
    if (!hash) throw new Error(`route: no fragment for ${r.url}`);
    return hash;
  });
  await mkdir(path.join(outDir, "route-docs"), { recursive: true });
  for (let k = 0; k * DOCS_CHUNK < docs.length; k++) {
    await writeFile(path.join(outDir, "route-docs", `${k}.json`), JSON.stringify(docs.slice(k * DOCS_CHUNK, (k + 1) * DOCS_CHUNK)));
  }
}
