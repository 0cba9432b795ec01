// One Pagefind indexer, in a worker thread of the build (search-index.ts). Pagefind's Node API drives one
// pagefind_extended service process per JS realm, and that process does its work on about one core; two workers
// are two services, so two shards are indexed at once on two cores. Plain JavaScript, so the worker needs no
// TypeScript loader whatever runs the build (tsx, vitest).
//
// Messages in: { records, outDir } — index these records into a Pagefind bundle at outDir; { close: true }.
// Messages out: { ok: true, route } (the shard's part of the routing index, search-route-part.mjs) or
// { ok: false, error }.
import { parentPort } from "node:worker_threads";
import { shardRoutePart, writeRouteDocs } from "./search-route-part.mjs";
import { writeFacets } from "./search-facets.mjs";

const pagefind = await import("pagefind");

async function indexShard(records, outDir) {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`pagefind: ${errors.join("; ")}`);
  try {
    for (const record of records) {
      const added = await index.addCustomRecord(record);
      if (added.errors.length) throw new Error(`pagefind: ${record.url}: ${added.errors.join("; ")}`);
    }
    // The routing keys are cut here, on this otherwise idle thread, while Pagefind's process writes the shard.
    const writing = index.writeFiles({ outputPath: outDir });
    const route = shardRoutePart(records);
    const written = await writing;
    if (written.errors.length) throw new Error(`pagefind: ${written.errors.join("; ")}`);
    await writeRouteDocs(records, outDir);
    await writeFacets(records, outDir);
    return route;
  } finally {
    await index.deleteIndex();
  }
}

parentPort.on("message", async (msg) => {
  if (msg.close) {
    await pagefind.close();
    parentPort.close();
    return;
  }
  try {
    const route = await indexShard(msg.records, msg.outDir);
    parentPort.postMessage({ ok: true, route }, [route.buffer]);
  } catch (e) {
    parentPort.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
