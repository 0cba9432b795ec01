// The search's routing index: for every character pair and triple of the archive's text (after rank.js's
// normalize, so NFKC, lower case, whitespace between Chinese characters dropped) the articles that hold it, so the
// search page learns every exact match of a query in the whole archive — and their true number — without opening
// every Pagefind shard. Shared by the build (src/site/search-route-part.mjs writes it) and the page
// (pagefind-shards.js reads it), so both cut and hash keys the same way.
//
// Keys: the 2- and 3-character strings of each of an article's texts (body, headline, unit — the texts rank.js
// matches, each on its own, never across two), and one key per filter value (paper, unit, year, kind). A query
// term of 2 or 3 characters is one key, and its list is the exact set of articles containing it. A longer term is
// the triples that cover it (every third character, and the last three): the position part lists each triple's
// articles with where it stands in them, and an article holds the term exactly when the triples stand at their
// offsets from one start. So every routed query's hits are its exact matches. A 1-character term is not routed
// (the list would be nearly every article).
//
// Layout: the shards are joined in tiers (shards.json `route.tiers`; a tier holds the full shards, which seldom
// change, or the small ones a new issue makes, so adding an issue rewrites only the small tier: src/site/search-route.ts).
// A tier is a folder pagefind/<tier id>/ of <b>.pf_route (ids; b in 0…buckets-1) and p<b>.pf_route (positions;
// posBuckets of them), gzipped as Pagefind's own files are. A key goes to bucket hash(key) mod buckets of each tier.
// A bucket file is one section per shard of the tier that has keys in it: varint shard (its place in the tier's
// `shards`, which gives its place in shards.json's list), varint byte length, then entries: u32 hash, u16 check
// hash, varint count, varint first local id, varint gaps. In a position file each article is: varint id gap, varint
// count, varint position gaps (positions count code points of the normalized texts, one apart between texts). A
// shard's articles are numbered in the order it was indexed;
// pagefind/<shard>/route-docs/<k>.json lists the fragment of articles k·DOCS_CHUNK… (DOCS_CHUNK a file).
import { normalizedText } from "./match.js";

/** Buckets a shard's part is cut into; the site's buckets (a power of two, at most this) merge several. */
export const FINE_BUCKETS = 8192;
/** Articles per route-docs file. */
export const DOCS_CHUNK = 100;

/** FNV-1a over UTF-16 code units, 32 bits; `seed` gives the independent check hash. */
export function hashKey(key, seed = 0x811c9dc5) {
  let h = seed >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The check hash: 16 more bits, so two keys of one bucket are told apart with 48 bits, not 32. */
export function checkHash(key) {
  return hashKey(key, 0x1b873593) >>> 16;
}

export function filterKey(name, value) {
  return `\u0001${name}\u0001${value}`;
}

/** Calls add(key) for every 2- and 3-character string of each text (after normalize). */
export function textKeys(texts, add) {
  for (const t of texts) {
    if (!t) continue;
    const cps = Array.from(normalizedText(t));
    for (let i = 0; i + 1 < cps.length; i++) {
      const two = cps[i] + cps[i + 1];
      add(two);
      if (i + 2 < cps.length) add(two + cps[i + 2]);
    }
  }
}

/** The texts of a search record (or of a Pagefind fragment: same fields) that a match may come from. */
export function recordTexts(r) {
  return [r.content, r.meta?.title, r.meta?.unit];
}

/** A filter given as a list of values (any of them) is routed as the union of their keys, up to this many. */
const MAX_FILTER_VALUES = 24;

/**
 * The key groups a query needs — the articles in every group, holding any key of it: one group of one key per
 * term's 2–3-character string or triple, one group per filter (its values) — and whether the result is the exact
 * set. Null when the query cannot be routed: no terms, a term of one character, a filter of too many values.
 * @param {{ terms: string[], empty: boolean }} query parseQuery's result
 */
export function queryKeys(query, filters = {}) {
  if (query.empty || query.terms.length === 0) return null;
  const keys = [];
  const runs = [];
  for (const term of query.terms) {
    const cps = Array.from(term);
    if (cps.length < 2) return null;
    if (cps.length <= 3) {
      keys.push(term);
      continue;
    }
    // Triples every third character, and the last one: each character is in one of them.
    const run = [];
    for (let i = 0; i + 3 <= cps.length; i += 3) run.push({ key: cps.slice(i, i + 3).join(""), offset: i });
    if (cps.length % 3 !== 0) run.push({ key: cps.slice(-3).join(""), offset: cps.length - 3 });
    runs.push(run);
  }
  const groups = [...new Set(keys)].map((k) => [k]);
  for (const [name, value] of Object.entries(filters)) {
    const values = (Array.isArray(value) ? value : [value]).filter(Boolean);
    if (values.length > MAX_FILTER_VALUES) return null;
    if (values.length) groups.push(values.map((v) => filterKey(name, String(v))));
  }
  return { groups, runs, exact: true };
}

export function writeVarint(out, n) {
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
}

function readVarint(bytes, at) {
  let n = 0;
  let shift = 0;
  let b;
  do {
    b = bytes[at.i++];
    n += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return n;
}

/**
 * Walks one bucket or position file: per shard section, per entry, calls `entry(at, mine, shard)` to read (when the
 * entry is `key`'s) or skip it. Both file kinds share this layout: shard place (in the file's tier), section length,
 * then entries of a 4-byte hash, a 2-byte check hash and the entry's own body.
 * @param {Uint8Array} bytes
 */
function eachEntry(bytes, key, entry) {
  const h = hashKey(key);
  const c = checkHash(key);
  const at = { i: 0 };
  while (at.i < bytes.length) {
    const shard = readVarint(bytes, at);
    const len = readVarint(bytes, at);
    const end = at.i + len;
    while (at.i < end) {
      const eh = (bytes[at.i] | (bytes[at.i + 1] << 8) | (bytes[at.i + 2] << 16) | (bytes[at.i + 3] << 24)) >>> 0;
      const ec = bytes[at.i + 4] | (bytes[at.i + 5] << 8);
      at.i += 6;
      entry(at, eh === h && ec === c, shard);
    }
    at.i = end;
  }
}

/**
 * The articles holding `key` in one bucket file's bytes: Map shard place (in the file's tier) → ascending local ids.
 * @param {Uint8Array} bytes
 */
export function readBucket(bytes, key) {
  const out = new Map();
  eachEntry(bytes, key, (at, mine, shard) => {
    const count = readVarint(bytes, at);
    if (!mine) {
      for (let k = 0; k < count; k++) readVarint(bytes, at);
      return;
    }
    const ids = [];
    let id = 0;
    for (let k = 0; k < count; k++) {
      id += readVarint(bytes, at);
      ids.push(id);
    }
    // A shard has one entry per key; a second with the same 48 bits would be another key, so the union is kept.
    out.set(shard, out.has(shard) ? [...new Set([...out.get(shard), ...ids])].sort((a, b) => a - b) : ids);
  });
  return out;
}

/**
 * The articles holding `key` in one position file's bytes, with where: Map shard place (in the file's tier) → Map
 * local id → ascending positions.
 * @param {Uint8Array} bytes
 */
export function readPositions(bytes, key) {
  const out = new Map();
  eachEntry(bytes, key, (at, mine, shard) => {
    const docs = readVarint(bytes, at);
    const map = mine ? out.get(shard) ?? new Map() : null;
    let id = 0;
    for (let d = 0; d < docs; d++) {
      id += readVarint(bytes, at);
      const n = readVarint(bytes, at);
      const list = mine ? map.get(id) ?? [] : null;
      let p = 0;
      for (let k = 0; k < n; k++) {
        p += readVarint(bytes, at);
        if (list) list.push(p);
      }
      if (mine) map.set(id, list.sort((a, b) => a - b));
    }
    if (mine) out.set(shard, map);
  });
  return out;
}

/**
 * The maps read from one file of each tier (Map shard place in the tier → its articles) as one Map keyed by
 * shards.json places: `tiers[i].shards` gives the places of maps[i]'s shards. A shard is in one tier only.
 * @param {{ shards: number[] }[]} tiers
 * @param {Map<number, any>[]} maps
 */
export function joinTiers(tiers, maps) {
  const out = new Map();
  maps.forEach((map, i) => {
    for (const [place, value] of map) {
      const shard = tiers[i].shards[place];
      if (shard !== undefined) out.set(shard, value);
    }
  });
  return out;
}

/**
 * Of a run's triples (`{ key, offset }` with their position maps), the articles where all stand at their offsets
 * from one start: Map shard place → ascending ids.
 */
export function runMatches(run, maps) {
  const out = new Map();
  const [first, ...rest] = maps;
  for (const [shard, docs] of first) {
    const ids = [];
    for (const [id, starts] of docs) {
      const others = rest.map((m) => m.get(shard)?.get(id));
      if (others.some((o) => !o)) continue;
      const sets = others.map((o) => new Set(o));
      const base = run[0].offset;
      if (starts.some((p) => run.slice(1).every((t, j) => sets[j].has(p - base + t.offset)))) ids.push(id);
    }
    if (ids.length) out.set(shard, ids.sort((a, b) => a - b));
  }
  return out;
}

/** Intersects ascending id lists. */
export function intersect(a, b) {
  const out = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out;
}

/** Pagefind's files (and ours) are gzipped, unless a server already undid it; both end in "pagefind_dcd"+data or data. */
export async function gunzip(bytes) {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return bytes;
}

const SIGNATURE = "pagefind_dcd";

/** A Pagefind fragment file's bytes → its JSON (url, content, meta, filters…). */
export async function readFragment(bytes) {
  let data = await gunzip(bytes);
  if (new TextDecoder().decode(data.subarray(0, SIGNATURE.length)) === SIGNATURE) data = data.subarray(SIGNATURE.length);
  return JSON.parse(new TextDecoder().decode(data));
}
