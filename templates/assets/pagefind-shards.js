// Opens the archive's search index. The build writes it as shards (src/site/search-index.ts): pagefind/shards.json
// lists them, each is a complete Pagefind bundle in pagefind/<id>/. The first shard's pagefind.js and wasm serve
// the search, and the others are merged into it (Pagefind's mergeIndex), so one query searches every article.
// Used by the search page and, through the same file, by the Node tests that search a built site.

/**
 * @param {string} base the site root, path prefix included, ending in "/"
 * @param {{ importModule?: (url: string) => Promise<any>, fetchJson?: (url: string) => Promise<any> }} [io]
 * @returns {Promise<any|null>} Pagefind's module, initialised; null when the archive has no articles to search
 */
export async function openIndex(base, io = {}) {
  const fetchJson = io.fetchJson ?? (async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.json();
  });
  const importModule = io.importModule ?? ((url) => import(url));
  const { shards } = await fetchJson(`${base}pagefind/shards.json`);
  if (!Array.isArray(shards) || shards.length === 0) return null;
  const [first, ...rest] = shards;
  const pagefind = await importModule(`${base}pagefind/${first}/pagefind.js`);
  await pagefind.options({ baseUrl: base, basePath: `${base}pagefind/${first}/` });
  await pagefind.init();
  await Promise.all(rest.map((id) => pagefind.mergeIndex(`${base}pagefind/${id}/`, { baseUrl: base })));
  return pagefind;
}
