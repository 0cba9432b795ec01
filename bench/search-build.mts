/**
 * `tsx bench/search-build.mts <articles> <work folder> [shard size] [first scope]`
 *
 * Generates a synthetic archive of about N articles (bench/synth) in <work>/content and builds it into <work>/_site
 * in small shards, so a few thousand articles make the many shards a large archive has (30,000 at 1,500 a shard
 * are 20). Prints the build's wall time and the search files' size. bench/search-recall.mts then runs queries
 * through the search page of the built site.
 */
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
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
const routeFiles = (await readdir(path.join(site, "pagefind"))).filter((f) => f.startsWith("route-"));
const route = routeFiles.length ? { files: routeFiles.length, bytes: (await Promise.all(routeFiles.map((f) => stat(path.join(site, "pagefind", f))))).reduce((n, s) => n + s.size, 0) } : null;
console.log(`build ${((performance.now() - t0) / 1000).toFixed(1)} s; pagefind/ ${pf.files} files ${(pf.bytes / 2 ** 20).toFixed(1)} MB` +
  (route ? `; route/ ${route.files} files ${(route.bytes / 2 ** 20).toFixed(1)} MB` : ""));
