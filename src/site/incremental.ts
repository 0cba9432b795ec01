/**
 * Incremental rendering: with a state folder, a build remembers each page's fingerprint (page-fingerprints.ts: a
 * hash of everything the page shows) and the next build renders only the pages whose fingerprint changed, then
 * moves them into the existing site. Adding one issue to a 30,000-article archive re-renders its own pages and
 * the pages that list or link it (its paper, dates, units, people, neighbours, related articles), not the rest.
 *
 * The old site must be the one the fingerprints describe: the state records the output folder and the
 * pagefind/shards.json it wrote, and anything else (a site built without state, by hand, or by an interrupted
 * move) means a full build. The state is deleted before files are moved, so a crash mid-move forces a full build.
 */
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffFingerprints } from "./page-fingerprints.ts";
import type { TablePart } from "./article-tables.ts";
import { pathExists } from "../fs-exists.ts";

const FORMAT = "2";
const STATE_FILE = "render.json";
/** Above this share of changed pages a full render into a fresh folder is as quick and simpler. */
const MAX_CHANGED_SHARE = 0.5;

/** A data file (JSON, CSV, feed, sitemap) as a build left it in the site. */
export interface FileState {
  /** contentHash of its bytes. */
  hash: string;
  bytes: number;
  /** An issue's JSON: the input digest of the record it was made from (data-out.ts). */
  input?: string;
  /** articles.json and articles.csv: where each issue's rows are in it (article-tables.ts). */
  parts?: TablePart[];
}

export interface RenderState {
  format: string;
  outDir: string;
  shards: string;
  fingerprints: Record<string, string>;
  /** The data files the build wrote beside the pages, by site path. */
  files: Record<string, FileState>;
}

export interface RenderPlan {
  /** Pages to render; undefined means all of them (a full build). */
  only?: Set<string>;
  removed: Set<string>;
  /**
   * The data files the last build left: those this build makes with the same bytes (or from the same input) are
   * left as they are, those it does not make are deleted with the pages. Empty for a full build.
   */
  previousFiles: ReadonlyMap<string, FileState>;
  /** Why the build is full, for the log; undefined for an incremental one. */
  fullBecause?: string;
}

async function readText(file: string): Promise<string | null> {
  return readFile(file, "utf8").catch(() => null);
}

/** The last build's state when the site in `outDir` is still the one it describes; otherwise why not. */
export async function readRenderState(stateDir: string | undefined, outDir: string): Promise<RenderState | string> {
  if (!stateDir) return "no state folder";
  const raw = await readText(path.join(stateDir, STATE_FILE));
  if (!raw) return "no earlier build";
  let state: RenderState;
  try {
    state = JSON.parse(raw) as RenderState;
  } catch {
    return "unreadable state";
  }
  if (state.format !== FORMAT || state.outDir !== outDir) return "state from another build";
  if ((await readText(path.join(outDir, "pagefind", "shards.json"))) !== state.shards) return "the site folder is not the one last built";
  return state;
}

export function planRender(state: RenderState | string, fingerprints: Map<string, string> | null): RenderPlan {
  const full = (why: string): RenderPlan => ({ removed: new Set(), previousFiles: new Map(), fullBecause: why });
  if (typeof state === "string") return full(state);
  if (!fingerprints) return full("no state folder");
  const { changed, removed } = diffFingerprints(new Map(Object.entries(state.fingerprints)), fingerprints);
  if (changed.size > fingerprints.size * MAX_CHANGED_SHARE) return full(`${changed.size} of ${fingerprints.size} pages changed`);
  return { only: changed, removed, previousFiles: new Map(Object.entries(state.files)) };
}

export async function forgetRender(stateDir: string | undefined): Promise<void> {
  if (stateDir) await rm(path.join(stateDir, STATE_FILE), { force: true });
}

export async function saveRender(
  stateDir: string | undefined, outDir: string, fingerprints: Map<string, string> | null, files: ReadonlyMap<string, FileState>,
): Promise<void> {
  if (!stateDir || !fingerprints) return;
  const shards = await readText(path.join(outDir, "pagefind", "shards.json"));
  if (shards === null) return;
  const state: RenderState = { format: FORMAT, outDir, shards, fingerprints: Object.fromEntries(fingerprints), files: Object.fromEntries(files) };
  await mkdir(stateDir, { recursive: true });
  const tmp = path.join(stateDir, `${STATE_FILE}.tmp-${process.pid}`);
  await writeFile(tmp, JSON.stringify(state));
  await rename(tmp, path.join(stateDir, STATE_FILE));
}

/** The page file of a site URL ("/jinlv/2024-01/01/" → <dir>/jinlv/2024-01/01/index.html). */
function pageFile(dir: string, url: string): string {
  return path.join(dir, ...url.split("/").filter(Boolean), "index.html");
}

/**
 * Moves what an incremental build wrote into `fresh` over the site in `target`: every file (pages, data files,
 * assets) replaces its namesake; the search bundle (pagefind/) gets the new shards and loses the unlisted; the pages of `removed` URLs
 * and the files at the site paths in `staleFiles` are deleted. `fresh` is gone afterwards.
 */
export async function mergeInto(fresh: string, target: string, removed: ReadonlySet<string>, staleFiles: readonly string[] = []): Promise<void> {
  const made = new Set<string>();
  const move = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(fresh, rel), { withFileTypes: true })) {
      const r = path.join(rel, entry.name);
      if (r === "pagefind") continue;
      if (entry.isDirectory()) {
        await move(r);
        continue;
      }
      const dir = path.dirname(path.join(target, r));
      if (!made.has(dir)) {
        await mkdir(dir, { recursive: true });
        made.add(dir);
      }
      await rename(path.join(fresh, r), path.join(target, r));
    }
  };
  await move("");
  // The search bundle: new shards and shards.json move in; shards no longer listed go. The shards the new
  // bundle lacks are the ones already here (search-index.ts, liveBundle).
  const bundle = path.join(target, "pagefind");
  await mkdir(bundle, { recursive: true });
  for (const entry of await readdir(path.join(fresh, "pagefind"))) {
    const to = path.join(bundle, entry);
    if (entry !== "shards.json") await rm(to, { recursive: true, force: true });
    await rename(path.join(fresh, "pagefind", entry), to);
  }
  const listed = new Set((JSON.parse(await readFile(path.join(bundle, "shards.json"), "utf8")) as { shards: string[] }).shards);
  for (const entry of await readdir(bundle, { withFileTypes: true })) {
    if (entry.isDirectory() && !listed.has(entry.name)) await rm(path.join(bundle, entry.name), { recursive: true, force: true });
  }
  for (const url of removed) {
    const file = pageFile(target, url);
    await rm(file, { force: true });
    await rmdir(path.dirname(file)).catch(() => {}); // only if now empty
  }
  for (const file of staleFiles) await rm(path.join(target, ...file.split("/").filter(Boolean)), { force: true });
  await rm(fresh, { recursive: true, force: true });
}

/**
 * Removes the build states (`site-<hash>` folders beside `stateDir`, as defaultStateDir names them) of output
 * folders that no longer exist — a CLI run into a temp folder leaves one, with its index shards, every time.
 */
export async function pruneStaleStates(stateDir: string | undefined): Promise<void> {
  if (!stateDir || !/^site-[0-9a-f]{12}$/.test(path.basename(stateDir))) return;
  const root = path.dirname(stateDir);
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (!/^site-[0-9a-f]{12}$/.test(name) || name === path.basename(stateDir)) continue;
    const raw = await readText(path.join(root, name, STATE_FILE));
    let outDir: string | null = null;
    try {
      outDir = raw ? (JSON.parse(raw) as RenderState).outDir : null;
    } catch { /* unreadable: leave it */ }
    if (outDir && !(await pathExists(outDir))) await rm(path.join(root, name), { recursive: true, force: true });
  }
}
