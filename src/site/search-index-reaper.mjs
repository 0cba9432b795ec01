// The entry of each search-index worker thread (search-index.ts): makes sure the Pagefind process the worker starts
// is reaped, then runs the indexer (search-index-worker.mjs).
//
// Pagefind's Node API spawns its `pagefind_extended --service` process with child_process.spawn and unrefs it; its
// close() kills it and returns at once. The worker then ends, and with it the event loop that would have collected
// the process's exit status: every build left one defunct `pagefind_extended` per indexer behind, and `baokan serve`
// gathered one more per rebuild (19 after 20 rebuilds). Kept referenced, the process holds the worker's loop open
// until it has exited and its status has been collected; the worker thread then ends by itself as before.
import childProcess from "node:child_process";

const spawn = childProcess.spawn;
childProcess.spawn = function spawnReaped(...args) {
  const child = spawn.apply(this, args);
  child.unref = () => child;
  return child;
};

await import("./search-index-worker.mjs");
