// Runs Pagefind's own browser bundle under Node against a served site and prints the results as JSON.
// Usage: node --experimental-network-imports pagefind-query.mjs <siteUrl> <query>...
import { loadPagefind } from "./pagefind-node.mjs";

const [siteUrl, ...queries] = process.argv.slice(2);
const pagefind = await loadPagefind(siteUrl);
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
