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
 * @param {{ importModule?: (url: string) => Promise<any>, fetchJson?: (url: string) => Promise<any> }} [io]
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
  return archiveIndex(base, file, io.importModule ?? ((url) => import(url)));
}

function archiveIndex(base, file, importModule) {
  /** @type {Shard[]} */
  const shards = file.shards.map((id) => ({ id, articles: 0, from: null, to: null, papers: [], years: [], ...file.about?.[id] }));
  const scope = Number(file.scope) > 0 ? Number(file.scope) : Infinity;
  const open = new Set();
  let pagefind = null;
  let opening = Promise.resolve();

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
    // The open shards' filter data, so each search's results come with per-value counts for the filter menus.
    await pagefind.filters();
  }

  /** Serialised, so two quick searches never merge the same shard twice. */
  function queue(pick) {
    const step = opening.then(() => load(pick()));
    opening = step.catch(() => {});
    return step;
  }

  const fitting = (filters) => shards.filter((s) => shardFits(s, filters));

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
    /** Opens every shard. */
    all() {
      return queue(() => shards.filter((s) => !open.has(s.id)));
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
