/**
 * `tsx bench/search-build.mts <articles> <work folder> [shard size] [first scope]`
 *
 * Generates a synthetic archive of about N articles (bench/synth) in <work>/content and builds it into <work>/_site
 * in small shards, so a few thousand articles make the many shards a large archive has (30,000 at 1,500 a shard
 * are 20). Prints the build's wall time and the search files' size. `tsx bench/search-recall.mts <work>/_site
 * --queries N` then runs queries through the search page of the built site. Kept beside `npm run bench`, which
 * measures the same search on each size's site as `baokan build` shards it (1,500 a shard: one shard at 1,000
 * articles): this is the quick way to test a search change against many shards without a 30,000-article build.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCorpus } from "./synth/corpus.ts";
import { generateArchive } from "./synth/generate.ts";
import { folderSize } from "./measure.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const [n, work, shard = "500", scope = "350"] = process.argv.slice(2);
if (!n || !work) throw new Error("usage: search-build.mts <articles> <work folder> [shard size] [first scope]");

const content = path.join(work, "content");
if (!existsSync(content)) {
  const gen = await generateArchive(content, Number(n), await loadCorpus(path.join(ROOT, "../shared/seeds")));
  console.log(`generated ${gen.files} files, ${gen.pieces} pieces`);
}
const { buildSite } = await import("../src/site/build-site.ts");
const { ParseCache } = await import("../src/content/parse-cache.ts");
const site = path.join(work, "_site");
const t0 = performance.now();
await buildSite({
  contentDir: content, outDir: site, cache: new ParseCache(path.join(work, "cache")), stateDir: path.join(work, "state"),
  shardArticles: Number(shard), searchScope: Number(scope),
  log: (line) => { if (/^\[(index|route)\]/.test(line)) console.log(line); },
});
const pf = await folderSize(path.join(site, "pagefind"));
// The routing index's tier folders, as shards.json lists them (src/site/search-route-tiers.ts).
const tiers = (JSON.parse(await readFile(path.join(site, "pagefind", "shards.json"), "utf8")) as { route?: { tiers?: { id: string }[] } }).route?.tiers ?? [];
const tierSizes = await Promise.all(tiers.map((t) => folderSize(path.join(site, "pagefind", t.id))));
const route = tiers.length ? { files: tierSizes.reduce((n, s) => n + s.files, 0), bytes: tierSizes.reduce((n, s) => n + s.bytes, 0) } : null;
console.log(`build ${((performance.now() - t0) / 1000).toFixed(1)} s; pagefind/ ${pf.files} files ${(pf.bytes / 2 ** 20).toFixed(1)} MB` +
  (route ? `; routing index: ${tiers.length} tiers, ${route.files} files ${(route.bytes / 2 ** 20).toFixed(1)} MB` : ""));
