// Runs a query suite through raw Pagefind and through our exact-first ranking (templates/assets/rank.js, the file
// the search page imports) against a served site, in Node, and prints JSON. The job comes on stdin:
//   {"docs": true}                         → every indexed page: url, content, words (Pagefind's segmentation), meta
//   {"queries": ["电解厂", "“电解厂”"], "sort": "date"?} → per query: raw (Pagefind's order), ours (exact-first order,
//                                            every page), oursExact (flags), checked (fragments loaded), pages
// Usage: node --experimental-network-imports pagefind-rank.mjs <siteUrl> < job.json
import { parseQuery, runSearch } from "../../../templates/assets/rank.js";
import { loadPagefind } from "./pagefind-node.mjs";

const [siteUrl] = process.argv.slice(2);
let input = "";
for await (const chunk of process.stdin) input += chunk;
const job = JSON.parse(input);
const pagefind = await loadPagefind(siteUrl);
const out = {};

if (job.docs) {
  const all = await pagefind.search(null);
  out.docs = await Promise.all(all.results.map(async (r) => {
    const d = await r.data();
    // raw_content keeps the zero-width spaces Pagefind put between the words it indexed.
    return { url: d.url, content: d.content, words: d.raw_content.split(/[\u200B\s]+/u).filter(Boolean), meta: d.meta, filters: d.filters };
  }));
}

out.results = {};
for (const q of job.queries ?? []) {
  const query = parseQuery(q);
  // raw: Pagefind asked the query as typed, in its own order (what PagefindUI showed).
  const rawSearch = await pagefind.search(q, { sort: job.sort === "date" ? { date: "desc" } : {} });
  const raw = await Promise.all(rawSearch.results.map(async (r) => (await r.data()).url));
  const { ranker } = await runSearch(pagefind, query, { sort: job.sort });
  const ours = [];
  const flags = [];
  let pages = 0;
  const checkedAfterFirst = [];
  while (!ranker.done && pages < 100) {
    const page = await ranker.more();
    pages++;
    checkedAfterFirst.push(ranker.checked);
    if (page.length === 0) break;
    for (const item of page) {
      ours.push(item.data.url);
      flags.push(item.exact);
    }
  }
  out.results[q] = { raw, ours, flags, checked: checkedAfterFirst, pages };
}
process.stdout.write(JSON.stringify(out));
