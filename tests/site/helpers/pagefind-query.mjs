// Runs Pagefind's own browser bundle under Node against a served site and prints the results as JSON.
// Needs `node --experimental-network-imports` (Node 20) because pagefind.js is imported from an http:// URL,
// exactly as a browser would load it. Usage: node --experimental-network-imports pagefind-query.mjs <siteUrl> <query>...
const [siteUrl, ...queries] = process.argv.slice(2);
const pagefind = await import(new URL("pagefind/pagefind.js", siteUrl).href);
await pagefind.options({ basePath: new URL("pagefind/", siteUrl).href, baseUrl: "/" });
await pagefind.init();
const out = {};
for (const q of queries) {
  const search = await pagefind.search(q, { sort: { date: "desc" } });
  const data = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
  out[q] = {
    count: search.results.length,
    results: data.map((d) => ({ url: d.url, title: d.meta.title, date: d.meta.date, content: d.content, filters: d.filters })),
  };
}
out.filters = await pagefind.filters();
process.stdout.write(JSON.stringify(out));
