// One Pagefind indexer, in a worker thread of the build (search-index.ts). Pagefind's Node API drives one
// pagefind_extended service process per JS realm, and that process does its work on about one core; two workers
// are two services, so two shards are indexed at once on two cores. Plain JavaScript, so the worker needs no
// TypeScript loader whatever runs the build (tsx, vitest).
//
// Messages in: { records, outDir } — index these records into a Pagefind bundle at outDir; { close: true }.
// Messages out: { ok: true } or { ok: false, error }.
import { parentPort } from "node:worker_threads";

const pagefind = await import("pagefind");

async function indexShard(records, outDir) {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`pagefind: ${errors.join("; ")}`);
  try {
    for (const record of records) {
      const added = await index.addCustomRecord(record);
      if (added.errors.length) throw new Error(`pagefind: ${record.url}: ${added.errors.join("; ")}`);
    }
    const written = await index.writeFiles({ outputPath: outDir });
    if (written.errors.length) throw new Error(`pagefind: ${written.errors.join("; ")}`);
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
    await indexShard(msg.records, msg.outDir);
    parentPort.postMessage({ ok: true });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
