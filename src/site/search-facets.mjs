// One shard's facets: each article's filter values (by its local number, the order the shard indexed its records
// in — the routing index's numbering, route.js), so the search page can count every routed hit by paper, year,
// kind, unit and author without fetching the hits' fragments (templates/assets/facets.js reads it). Written in the
// indexer's worker beside the shard's other files (search-index-worker.mjs). Plain JavaScript, as the worker is.
//
// File: <shard>/facets.pf_facets, gzipped as Pagefind's files are (so any static host serves it small, and the
// page's gunzip in route.js reads it either way): ~14 kB for 1,500 articles, nearly all of it the unit and author
// names (hundreds a shard; paper, year and kind are ~0.5 kB), so the page fetches it only once the reader turns to
// the menus (facets.js). Sorted value tables gzip 4 % smaller than tables in the order met (10k bench archive). JSON:
//   { "n": articles, "values": { filter: [value, …] }, "articles": { filter: column } }
// A column has one entry per article: for a filter of one value an article (paper, year, kind, unit) the value's
// index in `values`, or -1 when it has none; for author (several an article) a list of indices.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

/** The file and the filters it holds: those the search page's menus count (search.js FILTERS), not the month. */
export const FACET_FILES = { "facets.pf_facets": ["paper", "year", "kind", "unit", "author"] };
export const FACETS = Object.values(FACET_FILES).flat();
/** Filters an article may hold several values of: their columns are lists. */
export const MULTI = new Set(["author"]);

/**
 * The facets of these records, numbered 0… in this order. Each value table is sorted, so names sharing a beginning
 * (units of one city, 某某市…) stand together and gzip finds their common part.
 * @param {{ filters?: Record<string, string[]> }[]} records
 */
export function shardFacets(records, names = FACETS) {
  const values = {};
  const articles = {};
  for (const name of names) {
    const table = [...new Set(records.flatMap((r) => r.filters?.[name] ?? []))].sort();
    const at = new Map(table.map((v, i) => [v, i]));
    values[name] = table;
    articles[name] = records.map((r) => {
      const own = r.filters?.[name] ?? [];
      if (MULTI.has(name)) return own.map((v) => at.get(v));
      return own.length ? at.get(own[0]) : -1;
    });
  }
  return { n: records.length, values, articles };
}

/** Writes the facet files of the shard's records into its folder. */
export async function writeFacets(records, outDir) {
  await mkdir(outDir, { recursive: true });
  for (const [file, names] of Object.entries(FACET_FILES)) {
    await writeFile(path.join(outDir, file), gzipSync(JSON.stringify(shardFacets(records, names)), { level: 9 }));
  }
}
