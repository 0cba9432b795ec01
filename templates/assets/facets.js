// The search page's filter counts for a routed search (pagefind-shards.js route(): every exact match of the whole
// archive): each menu counts the results the page lists, by paper, year, kind, unit and author, from the shards'
// facet files (src/site/search-facets.mjs writes one per shard: each article's values by its local number), so
// hits in shards that are not open are counted too, without fetching their fragments.
//
// What is counted (routedCounts below): the exact matches (every routed hit) and, unless the query is quoted
// (then only exact matches are listed), the articles listed below them that hold only part of the query ("另有 N
// 篇含其中的字词"). Those come from Pagefind's search over the open shards, and its per-value counts there hold
// the exact matches too (its results in open shards are the routed hits there and the part-matches), so a menu
// counts the hits in shards NOT open from the facets and adds Pagefind's counts: the same arithmetic as the status
// line's total (rank.js ExactFirst.total = hits + Pagefind's results − hits in open shards), and for an unquoted query
// the facet files of open shards are never fetched.
//
// When: a facet file is ~14 kB for 1,500 articles (the unit and author names), so a common word's hits in the 20
// closed shards of a 30,000-article archive would cost ~280 kB, as much as the rest of a first query. The menus are
// closed <select>s, their counts unseen until one is opened, so the files are fetched once the reader turns to the
// menus (search.js `wantCounts`: pointer over the filters, focus in them, the phone's folded box opened); until
// then a menu that needs them waits, uncounted. A first query fetches none. No DOM, for the Node tests.
import { gunzip } from "./route.js";

/** Each shard's facet file and the filters it holds (src/site/search-facets.mjs writes it). */
export const FACET_FILES = { "facets.pf_facets": ["paper", "year", "kind", "unit", "author"] };

/** A facets file's bytes (gzipped, or already unzipped by a server) → its JSON. */
export async function readFacets(bytes) {
  return JSON.parse(new TextDecoder().decode(await gunzip(bytes)));
}

/**
 * Where a routed hit is: its shard id and local number, read from its id (`<shard>:<local>`, pagefind-shards.js
 * routedResult; shard ids hold no colon). Null for a result that is not a routed hit.
 */
export function hitPlace(hit) {
  const m = /^([^:]+):(\d+)$/.exec(String(hit?.id ?? ""));
  return hit?.routed && m ? { shard: m[1], local: Number(m[2]) } : null;
}

/**
 * Per-filter counts `{ filter: { value: n } }` of these routed hits, from their shards' facets (Map shard id →
 * readFacets's JSON). `keep(hit)`, if given, picks the hits to count. Null when a hit's shard has no facets (a
 * shard indexed before facets were written): then the caller counts as it did without them.
 */
export function countHits(hits, facets, names, keep = null) {
  const counts = Object.fromEntries(names.map((n) => [n, {}]));
  for (const hit of hits) {
    if (keep && !keep(hit)) continue;
    const at = hitPlace(hit);
    const f = at && facets.get(at.shard);
    if (!f || at.local >= f.n) return null;
    for (const name of names) {
      const table = f.values?.[name];
      const cell = f.articles?.[name]?.[at.local];
      if (!table || cell === undefined) continue;
      for (const i of Array.isArray(cell) ? cell : [cell]) {
        if (i < 0 || table[i] === undefined) continue;
        const v = table[i];
        counts[name][v] = (counts[name][v] ?? 0) + 1;
      }
    }
  }
  return counts;
}

/** Two per-value counts added (a menu's exact matches from the facets and Pagefind's counts of the open shards). */
export function addCounts(a, b = null) {
  const out = { ...a };
  for (const [v, n] of Object.entries(b ?? {})) out[v] = (out[v] ?? 0) + n;
  return out;
}

/** The shards holding these hits, each once, in the order first met. */
export function hitShards(hits) {
  return [...new Set(hits.map((h) => hitPlace(h)?.shard).filter(Boolean))];
}

async function fetchFile(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Fetches shards' facet files, each once a page (in parallel), and keeps them: `load(ids, file)` resolves to a Map
 * shard id → that file's facets for these shards, or null when one could not be read (a shard indexed before facets
 * were written; the caller falls back). `fetchBytes(url)` resolves to the file's bytes.
 */
export function facetLoader(base, fetchBytes = fetchFile) {
  const cache = new Map();
  const one = (id, file) => {
    const url = `${base}pagefind/${id}/${file}`;
    if (!cache.has(url)) cache.set(url, fetchBytes(url).then(readFacets).catch(() => null));
    return cache.get(url);
  };
  return async (ids, file = Object.keys(FACET_FILES)[0]) => {
    const got = await Promise.all(ids.map((id) => one(id, file)));
    return got.every(Boolean) ? new Map(ids.map((id, i) => [id, got[i]])) : null;
  };
}

/**
 * The menus' counts for a routed search (`routed`, pagefind-shards.js route()) by what it lists, as the top of this
 * file says: the hits in shards not open from their facet files, plus Pagefind's counts over the open shards
 * (`search`, its response to the query). A quoted query lists only exact matches, so every hit is counted from the
 * facets and Pagefind's counts are left out. A group with a choice in `filters` counts what choosing another of its
 * values would give: the query routed again without that choice. A menu whose facet file would be needed while
 * `wantCounts()` is false is null: not counted yet. Null when a facet file is missing (a shard indexed before they
 * were written): the menus then count as Pagefind does.
 * @param {{ index: any, facetsFor: ReturnType<typeof facetLoader>, names: string[], wantCounts?: () => boolean }} ctx
 *   the open shards, the loader, the menus, whether facet files may be fetched
 */
export async function routedCounts({ index, facetsFor, names, wantCounts = () => true }, query, filters, routed, search) {
  const counted = async (hits, pf) => {
    const keep = query.phrase ? null : (h) => !index.isOpen(h.shard);
    const ids = hitShards(keep ? hits.filter(keep) : hits);
    const parts = Object.entries(FACET_FILES).map(([file, group]) => [file, group.filter((n) => names.includes(n))]);
    const out = {};
    const done = await Promise.all(parts.map(async ([file, group]) => {
      if (group.length === 0) return true;
      if (ids.length > 0 && !wantCounts()) {
        for (const n of group) out[n] = null;
        return true;
      }
      const facets = await facetsFor(ids, file);
      const exact = facets && countHits(hits, facets, group, keep);
      if (!exact) return false;
      for (const n of group) out[n] = query.phrase ? exact[n] : addCounts(exact[n], pf?.[n]);
      return true;
    }));
    return done.every(Boolean) ? out : null;
  };
  const out = await counted(routed.hits, search?.filters);
  for (const f of names) {
    if (!out || !filters[f] || out[f] === null) continue;
    const others = { ...filters };
    delete others[f];
    const term = query.phrase ? null : index.pagefind.search(query.pagefindTerm, { filters: others });
    const [again, pf] = await Promise.all([index.route(query, others), term]);
    const counts = again && (await counted(again.hits, pf?.filters));
    if (!counts) return null;
    out[f] = counts[f];
  }
  return out;
}
