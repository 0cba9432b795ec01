// Opens the archive's search index. The build writes it as shards (src/site/search-index.ts): pagefind/shards.json
// lists them newest first and says what each covers; each is a complete Pagefind bundle in pagefind/<id>/. The
// first shard opened serves pagefind.js and the wasm, the others are merged into it (Pagefind's mergeIndex), so one
// query searches every open shard.
//
// Shards open as a search needs them, newest first: a first search opens the newest `scope` articles (shards.json;
// 1,000 by default), and `widen` opens twice as many as are open each time it is called. Opening all 30,000 articles'
// shards costs 1.3 MB before the first result (Pagefind's page metadata and filter data, ~20 bytes an article);
// the newest 1,000–2,000 cost about a sixth of it. A search limited to a paper or a year opens only shards that hold it.
// Used by the search page and, through the same file, by the Node tests that search a built site.
//
// Exact matches do not wait for shards to open: `route` reads the routing index (route.js) for every article of the
// whole archive holding the query, and hands them out as results whose data() fetches the article's Pagefind
// fragment directly (one small file each). Opening shards is then only for the articles that hold a part of it.
import { DOCS_CHUNK, gunzip as gunzipped, hashKey, intersect, joinTiers, queryKeys, readBucket, readFragment, readPositions, runMatches } from "./route.js";

/**
 * @typedef {{ id: string, articles: number, from: string|null, to: string|null, papers: string[], years: string[] }} Shard
 * @typedef {{ paper?: string, year?: string, unit?: string, kind?: string }} Filters
 */

/** Could this shard hold an article with these filters? (Only paper and year are known per shard.) */
export function shardFits(shard, filters = {}) {
  return (!filters.paper || shard.papers.includes(filters.paper)) && (!filters.year || shard.years.includes(filters.year));
}

/**
 * The shards to open next: the newest unopened shards that fit the filters, until the open ones that fit hold at
 * least `target` articles.
 * @param {Shard[]} shards newest first
 * @param {Set<string>} open ids already open
 */
export function nextShards(shards, open, filters, target) {
  const fitting = shards.filter((s) => shardFits(s, filters));
  let have = fitting.filter((s) => open.has(s.id)).reduce((n, s) => n + s.articles, 0);
  const out = [];
  for (const s of fitting) {
    if (have >= target) break;
    if (open.has(s.id)) continue;
    out.push(s);
    have += s.articles;
  }
  return out;
}

/**
 * @param {string} base the site root, path prefix included, ending in "/"
 * @param {{ importModule?: (url: string) => Promise<any>, fetchJson?: (url: string) => Promise<any>, fetchBytes?: (url: string) => Promise<Uint8Array> }} [io]
 * @returns {Promise<ReturnType<typeof archiveIndex>|null>} null when the archive has no articles to search
 */
export async function openShards(base, io = {}) {
  const fetchJson = io.fetchJson ?? (async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.json();
  });
  const file = await fetchJson(`${base}pagefind/shards.json`);
  if (!Array.isArray(file.shards) || file.shards.length === 0) return null;
  const fetchBytes = io.fetchBytes ?? (async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  });
  return archiveIndex(base, file, io.importModule ?? ((url) => import(url)), fetchBytes, fetchJson);
}

/** Pagefind's fullUrl: the site root joined to a fragment's URL. */
function fullUrl(base, raw) {
  if (/^(https?:)?\/\//.test(raw)) return raw;
  return `${base}/${raw}`.replace(/\/+/g, "/").replace(/^(https?:\/)/, "$1/");
}

function archiveIndex(base, file, importModule, fetchBytes, fetchJson) {
  /** @type {Shard[]} */
  const shards = file.shards.map((id) => ({ id, articles: 0, from: null, to: null, papers: [], years: [], ...file.about?.[id] }));
  const scope = Number(file.scope) > 0 ? Number(file.scope) : Infinity;
  const open = new Set();
  let pagefind = null;
  let opening = Promise.resolve();
  let filterData = false;

  async function load(list) {
    if (list.length === 0) return;
    let rest = list;
    if (!pagefind) {
      const [first] = list;
      const module = await importModule(`${base}pagefind/${first.id}/pagefind.js`);
      await module.options({ baseUrl: base, basePath: `${base}pagefind/${first.id}/` });
      await module.init();
      pagefind = module;
      rest = list.slice(1);
    }
    await Promise.all(rest.map((s) => pagefind.mergeIndex(`${base}pagefind/${s.id}/`, { baseUrl: base })));
    for (const s of list) open.add(s.id);
    // The open shards' filter data gives each search's results per-value counts for the filter menus: ~28 kB a
    // first search would pay for menus the reader may never open, so it loads once the reader turns to them
    // (index.loadFilters), and from then on with every shard opened.
    if (filterData) await pagefind.filters();
  }

  /** Serialised, so two quick searches never merge the same shard twice. */
  function queue(pick) {
    const step = opening.then(() => load(pick()));
    opening = step.catch(() => {});
    return step;
  }

  const fitting = (filters) => shards.filter((s) => shardFits(s, filters));

  // The routing index's files, each fetched once per page.
  const cache = new Map();
  const once = (url, load) => {
    if (!cache.has(url)) cache.set(url, load(url).catch((e) => (cache.delete(url), Promise.reject(e))));
    return cache.get(url);
  };
  const chunk = Number(file.route?.docsChunk) > 0 ? Number(file.route.docsChunk) : DOCS_CHUNK;

  /** A result in Pagefind's shape for article `local` of `shard`, loading its fragment on data(). */
  function routedResult(shard, local) {
    let data = null;
    return {
      id: `${shard.id}:${local}`,
      shard: shard.id,
      routed: true,
      words: [],
      matchedMetaFields: [],
      data() {
        data ??= (async () => {
          const docs = await once(`${base}pagefind/${shard.id}/route-docs/${Math.floor(local / chunk)}.json`, fetchJson);
          const hash = docs[local % chunk];
          const frag = await readFragment(await fetchBytes(`${base}pagefind/${shard.id}/fragment/${hash}.pf_fragment`));
          return { ...frag, raw_url: frag.url, url: fullUrl(base, frag.url), excerpt: "", sub_results: [] };
        })();
        return data;
      },
    };
  }

  /** index.route's work: the hits of every key group and run, intersected per shard (see route.js). */
  async function routeHits(query, filters, order) {
    const all = Array.isArray(file.route?.tiers) ? file.route.tiers : [];
    const plan = all.length > 0 && all.every((t) => Number(t.buckets) > 0) ? queryKeys(query, filters) : null;
    if (!plan || (plan.runs.length > 0 && !all.every((t) => Number(t.posBuckets) > 0))) return null;
    // A tier none of whose shards can hold the filters' paper or year is not fetched.
    const tiers = all.filter((t) => t.shards.some((p) => shards[p] && shardFits(shards[p], filters)));
    // A key's bucket in every tier, fetched at once; their lists joined by shards.json's shard places.
    const fromTiers = async (key, prefix, count, read) => {
      const maps = await Promise.all(tiers.map(async (t) => {
        const url = `${base}pagefind/${t.id}/${prefix}${hashKey(key) % Number(t[count])}.pf_route`;
        return read(await once(url, (u) => fetchBytes(u).then(gunzipped)), key);
      }));
      return joinTiers(tiers, maps);
    };
    const keyList = (key) => fromTiers(key, "", "buckets", readBucket);
    const keyPositions = (key) => fromTiers(key, "p", "posBuckets", readPositions);
    const lists = await Promise.all([
      ...plan.groups.map(async (group) => {
        const each = await Promise.all(group.map(keyList));
        if (each.length === 1) return each[0];
        const union = new Map();
        for (const m of each) for (const [place, ids] of m) union.set(place, [...(union.get(place) ?? []), ...ids]);
        for (const [place, ids] of union) union.set(place, [...new Set(ids)].sort((a, b) => a - b));
        return union;
      }),
      ...plan.runs.map(async (run) => runMatches(run, await Promise.all(run.map((t) => keyPositions(t.key))))),
    ]);
    let found = lists[0];
    for (const next of lists.slice(1)) {
      const both = new Map();
      for (const [place, ids] of found) {
        const other = next.get(place);
        const common = other ? intersect(ids, other) : [];
        if (common.length) both.set(place, common);
      }
      found = both;
    }
    const hits = [];
    // Shards newest first; within one, the articles were indexed oldest first.
    for (const [place, ids] of [...found].sort((a, b) => a[0] - b[0])) {
      const shard = shards[place];
      if (!shard || !shardFits(shard, filters)) continue;
      for (let k = ids.length - 1; k >= 0; k--) hits.push(routedResult(shard, ids[k]));
    }
    if (order === "asc") hits.reverse();
    return {
      exact: plan.exact,
      hits,
      // Read when the ranker is made, after the shards this search opens are open.
      get inOpen() {
        return hits.filter((h) => open.has(h.shard)).length;
      },
    };
  }

  const index = {
    /** Pagefind's module with the open shards; null until `ensure` or `widen` has opened one. */
    get pagefind() {
      return pagefind;
    },
    /** Every filter's values and article counts over the whole archive (from shards.json). */
    filters: file.filters ?? {},
    articles: shards.reduce((n, s) => n + s.articles, 0),
    /** At least the first scope of shards that fit the filters is open (and some shard, so searches can run). */
    ensure(filters = {}) {
      return queue(() => {
        const list = nextShards(shards, open, filters, scope);
        return list.length === 0 && !pagefind ? shards.slice(0, 1) : list;
      });
    },
    /** Opens as many more articles' shards as are open (fitting the filters); resolves false when none were left. */
    async widen(filters = {}) {
      let opened = 0;
      await queue(() => {
        const list = nextShards(shards, open, filters, Math.max(scope, 2 * index.coverage(filters).open));
        opened = list.length;
        return list;
      });
      return opened > 0;
    },
    /**
     * Every article of the archive that may hold the query (parseQuery's) and has the filters' values, from the
     * routing index, newest first: `{ exact, hits, inOpen }`. `exact` says the hits are exactly the articles
     * holding every term (always, with this index; false would make them a superset the fragments decide). `inOpen`
     * counts the hits in shards already open (Pagefind's own results there include them). Null when the query
     * cannot be routed (a 1-character term, no terms), the site has no routing index, or its files could not be
     * read (then the search runs as if there were none). `order: "asc"` lists the hits oldest first.
     */
    async route(query, filters = {}, { order = "desc" } = {}) {
      try {
        return await routeHits(query, filters, order);
      } catch (e) {
        console.warn("search: routing index unavailable", e);
        return null;
      }
    },
    /** Loads the open shards' filter data, and every later shard's with it (see load); search again for counts. */
    loadFilters() {
      if (filterData) return opening;
      filterData = true;
      const step = opening.then(() => pagefind?.filters());
      opening = step.catch(() => {});
      return step;
    },
    /** Opens every shard. */
    all() {
      return queue(() => shards.filter((s) => !open.has(s.id)));
    },
    /** Whether the shard of this id is open (Pagefind's own results and filter counts include its articles). */
    isOpen(id) {
      return open.has(id);
    },
    /**
     * What a search with these filters covers now: open and total articles of the shards that fit, and the oldest
     * date among the open ones (null when all are open or it is unknown).
     */
    coverage(filters = {}) {
      const fit = fitting(filters);
      const opened = fit.filter((s) => open.has(s.id));
      const complete = opened.length === fit.length;
      const dates = opened.map((s) => s.from).filter(Boolean).sort();
      return {
        open: opened.reduce((n, s) => n + s.articles, 0),
        total: fit.reduce((n, s) => n + s.articles, 0),
        complete,
        since: complete ? null : dates[0] ?? null,
      };
    },
  };
  return index;
}

/**
 * Every shard open: Pagefind's module, initialised, or null when the archive has no articles to search. What the
 * Node tests use to search a whole built site.
 */
export async function openIndex(base, io = {}) {
  const index = await openShards(base, io);
  if (!index) return null;
  await index.all();
  return index.pagefind;
}
