/**
 * Incremental rendering: with a state folder, a build remembers each page's fingerprint (page-fingerprints.ts: a
 * hash of everything the page shows) and the next build renders only the pages whose fingerprint changed, then
 * moves them into the existing site (output-commit.ts). Adding one issue to a 30,000-article archive re-renders its
 * own pages and the pages that list or link it (its paper, dates, units, people, neighbours, related articles), not
 * the rest.
 *
 * The old site must be the one the fingerprints describe, whatever ran in between: a `--no-cache` build, a build by
 * hand, a copy, an interrupted build. Every build writes pagefind/shards.json afresh, so the state records that
 * file's identity — its inode, modification time (to the nanosecond) and size — besides its bytes and the output
 * folder; a site folder whose shards.json is another file is not the one the state describes, and the build is a
 * full one. The state is deleted before files are moved and written again after (or, for a merge, by its journal),
 * so a crash mid-move leaves either no state or the state of the site the journal finishes.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffFingerprints } from "./page-fingerprints.ts";
import type { TablePart } from "./article-tables.ts";
import { pathExists } from "../fs-exists.ts";
import { lockHeld } from "./build-lock.ts";
import { FULL_BUILD } from "../messages.ts";

const FORMAT = "3";
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
  /** The identity of the pagefind/shards.json the build wrote (siteStamp). */
  site: string;
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
  if (!stateDir) return FULL_BUILD.noState;
  const raw = await readText(path.join(stateDir, STATE_FILE));
  if (!raw) return FULL_BUILD.noEarlier;
  let state: RenderState;
  try {
    state = JSON.parse(raw) as RenderState;
  } catch {
    return FULL_BUILD.unreadable;
  }
  if (state.format !== FORMAT || state.outDir !== outDir) return FULL_BUILD.other;
  const shards = path.join(outDir, "pagefind", "shards.json");
  if ((await readText(shards)) !== state.shards || (await siteStamp(shards)) !== state.site) return FULL_BUILD.siteChanged;
  return state;
}

/**
 * Which file `shardsFile` is: inode, modification time in nanoseconds and size. A rename (the swap, the merge) keeps
 * all three; any build that writes the file again changes them.
 */
export async function siteStamp(shardsFile: string): Promise<string | null> {
  try {
    const st = await stat(shardsFile, { bigint: true });
    return `${st.ino}:${st.mtimeNs}:${st.size}`;
  } catch {
    return null;
  }
}

export function planRender(state: RenderState | string, fingerprints: Map<string, string> | null): RenderPlan {
  const full = (why: string): RenderPlan => ({ removed: new Set(), previousFiles: new Map(), fullBecause: why });
  if (typeof state === "string") return full(state);
  if (!fingerprints) return full(FULL_BUILD.noState);
  const { changed, removed } = diffFingerprints(new Map(Object.entries(state.fingerprints)), fingerprints);
  if (changed.size > fingerprints.size * MAX_CHANGED_SHARE) return full(FULL_BUILD.manyChanged(changed.size, fingerprints.size));
  return { only: changed, removed, previousFiles: new Map(Object.entries(state.files)) };
}

export async function forgetRender(stateDir: string | undefined): Promise<void> {
  if (stateDir) await rm(path.join(stateDir, STATE_FILE), { force: true });
}

/**
 * The state file for the site a build is about to put in place, made from the folder it wrote (`builtDir`, whose
 * pagefind/shards.json moves into `outDir` unchanged), or null when there is nothing to save.
 */
export async function renderStateFile(
  stateDir: string | undefined, outDir: string, builtDir: string, fingerprints: Map<string, string> | null, files: ReadonlyMap<string, FileState>,
): Promise<{ file: string; body: string } | null> {
  if (!stateDir || !fingerprints) return null;
  const shardsFile = path.join(builtDir, "pagefind", "shards.json");
  const shards = await readText(shardsFile);
  const site = await siteStamp(shardsFile);
  if (shards === null || site === null) return null;
  const state: RenderState = { format: FORMAT, outDir, shards, site, fingerprints: Object.fromEntries(fingerprints), files: Object.fromEntries(files) };
  return { file: path.join(stateDir, STATE_FILE), body: JSON.stringify(state) };
}

export async function saveRender(state: { file: string; body: string } | null): Promise<void> {
  if (!state) return;
  await mkdir(path.dirname(state.file), { recursive: true });
  const tmp = `${state.file}.tmp-${process.pid}`;
  await writeFile(tmp, state.body);
  await rename(tmp, state.file);
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
    if (lockHeld(path.join(root, name, "lock"))) continue; // a build of that folder is running
    const raw = await readText(path.join(root, name, STATE_FILE));
    let outDir: string | null = null;
    try {
      outDir = raw ? (JSON.parse(raw) as RenderState).outDir : null;
    } catch { /* unreadable: leave it */ }
    if (outDir && !(await pathExists(outDir))) await rm(path.join(root, name), { recursive: true, force: true });
  }
}
