/**
 * A lower heap growth factor for one stretch of work: V8 lets the old generation grow to what survived its last
 * full collection times a factor it picks itself, up to 4 on a machine with memory to spare. That suits a heap of
 * long-lived data, not a batched render (render-site.ts), where every Eleventy run leaves all its pages behind as
 * garbage. Render only, 30,000 articles (48,096 pages in runs of 4,000, ~270 MB of site data live): the heap
 * peaked at 1.1 GB with V8's own factor, ~600 MB at 2 (--heap-growing-percent=100), with as many full collections
 * (10–12) and no more user CPU (36–41 s either way). In the whole build, where the search records and the data
 * files are live too, the main process peaked at 1.27 GB with 2 and at 1.0 GB with 1.5 (50, the value used).
 *
 * Forcing a full collection after each run instead (global.gc()) held the heap as low but cost 18 CPU-s more
 * (41 → 60 s): an atomic collection of the whole heap each time, where V8's own are incremental and concurrent.
 *
 * The flag is set and restored at run time (v8.setFlagsFromString). V8 reads it at each full collection, when it
 * sizes the next limit; 0 is V8's default (choose the factor itself). A process started with its own
 * --heap-growing-percent is left alone.
 *
 * When it sets the flag it also collects the heap right away. Otherwise the first stretch runs under the limit V8
 * set at its last full collection with its own factor: at 37,645 articles that was sized during the page data
 * phase, and the render's first Eleventy run took the heap to 760 MB before the first collection (main process
 * 1.08–1.27 GB, the whole build's tree 2.0–2.2 GB, two runs each). The collection costs ~140 ms at that size.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collector: (() => void) | null = null;

/**
 * A full collection now. `gc` exists only with --expose-gc; set at run time, a new context gets it, and the flag is
 * set back so no other context does (as jest's LeakDetector does).
 */
function collectNow(): void {
  if (!collector) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) collector = exposed;
    else {
      setFlagsFromString("--expose-gc");
      try {
        collector = runInNewContext("gc") as () => void;
      } finally {
        setFlagsFromString("--no-expose-gc");
      }
    }
  }
  collector();
}

let holders = 0;

function setByUser(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => /heap[-_]growing[-_]percent/.test(a));
}

export async function withHeapGrowth<T>(percent: number, work: () => Promise<T>): Promise<T> {
  if (setByUser()) return work();
  if (holders++ === 0) {
    setFlagsFromString(`--heap-growing-percent=${percent}`);
    collectNow();
  }
  try {
    return await work();
  } finally {
    if (--holders === 0) setFlagsFromString("--heap-growing-percent=0");
  }
}
