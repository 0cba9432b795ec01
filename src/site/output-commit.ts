/**
 * Putting a finished build in place so that a build stopped at any moment — SIGKILL, Ctrl-C, a full disk, a power
 * cut after the last write — leaves the previous site or the new one, whole; never a mix, never nothing.
 *
 * Every build writes into a temp folder beside the output folder (`_site.tmp-<pid>-<hex>`), so until it commits the
 * old site is untouched. It commits in one of two ways:
 *
 *  - **swap** (a full build): the old folder is renamed away (`_site.old-<pid>-<hex>`), the temp folder renamed into
 *    its place, the old one removed. A build killed between the two renames leaves no `_site/`; the next build finds
 *    the old copy of a process that is gone and renames it back.
 *  - **merge** (an incremental build, whose temp folder holds only the changed pages and files): a journal — what to
 *    delete, and the build state to save afterwards — is written into the temp folder once everything in it is
 *    complete, and only then are the files moved into the site. A build killed during the moves leaves the journal;
 *    the next build (or `serve`) replays it before anything else: the moves and deletions are idempotent, so the
 *    site ends as the killed build would have left it. The moves run new files first, deepest first (articles
 *    before the issue page that lists them), then the changed files, then the deletions, so even before the replay
 *    no page the old site reaches links to a page that is not there yet.
 *
 * Leftovers — temp folders without a journal, old copies, trash — of processes that are gone are removed at the
 * start of the next build of the same output folder (recoverOutput; the caller holds the build lock).
 *
 * While a commit runs, SIGINT, SIGTERM and SIGHUP are held back (withSignalsDeferred) and acted on when it is done:
 * Ctrl-C during the moves finishes them first.
 */
import { randomBytes } from "node:crypto";
import { writeSync } from "node:fs";
import { constants } from "node:fs";
import { access, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathExists } from "../fs-exists.ts";
import { processAlive } from "./build-lock.ts";

/** The merge journal's name inside the temp folder; never moved into the site. */
export const JOURNAL = ".baokan-merge.json";
const JOURNAL_FORMAT = 1;

export type SiblingKind = "tmp" | "old" | "trash";

/** A new folder name beside `outDir` owned by this process: `_site.tmp-<pid>-<hex>`. */
export function siblingName(outDir: string, kind: SiblingKind): string {
  return `${outDir}.${kind}-${process.pid}-${randomBytes(3).toString("hex")}`;
}

const SIBLING = /^\.(tmp|old|trash)-(\d+)-[0-9a-f]+$/;

/**
 * Test hook: with BAOKAN_TEST_PAUSE=<phase> in the environment a build stops at that point — it prints
 * `[pause] <phase>` and waits for SIGUSR2 — so a test can kill it at an exact phase. A no-op otherwise.
 */
export async function checkpoint(phase: string): Promise<void> {
  if (process.env.BAOKAN_TEST_PAUSE !== phase) return;
  const keep = setInterval(() => {}, 1 << 30);
  // Listening before the line is out: the test may signal the moment it reads it.
  const resumed = new Promise<void>((resolve) => process.once("SIGUSR2", () => resolve()));
  writeSync(1, `[pause] ${phase}\n`);
  await resumed;
  clearInterval(keep);
}

const DEFERRED: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Runs `fn` with SIGINT, SIGTERM and SIGHUP held back. A signal no one else listens for (`baokan build`, where it
 * would end the process at once) is raised again when `fn` is done, so the process still ends by it — after the
 * commit. Where someone else listens (`baokan serve` closes itself), their handler runs as usual.
 */
export async function withSignalsDeferred<T>(fn: () => Promise<T>): Promise<T> {
  let pending: NodeJS.Signals | null = null;
  const handlers = DEFERRED.map((sig) => {
    const others = process.listenerCount(sig);
    const h = () => { if (others === 0) pending ??= sig; };
    process.on(sig, h);
    return [sig, h] as const;
  });
  try {
    return await fn();
  } finally {
    for (const [sig, h] of handlers) process.off(sig, h);
    if (pending) process.kill(process.pid, pending);
  }
}

/** Puts `fresh` where `target` is; the old target is renamed away first and removed only after the swap. */
export async function commitSwap(fresh: string, target: string): Promise<void> {
  const old = siblingName(target, "old");
  const hadOld = await pathExists(target);
  if (hadOld) await rename(target, old);
  await checkpoint("swap");
  try {
    await rename(fresh, target);
  } catch (e) {
    if (hadOld) await rename(old, target);
    throw e;
  }
  // The new site is in place; an old copy that will not go (a folder in it not writable) is the next build's to try.
  if (hadOld) await rm(old, { recursive: true, force: true }).catch(() => {});
}

/** What an incremental build's merge does besides moving the temp folder's files in. */
export interface MergeJob {
  /** Site URLs of pages that are gone ("/jinlv/2024-01/03/", "/404.html"). */
  removed: readonly string[];
  /** Site paths of data files that are gone ("/data/issues/jinlv/2024-01.json"). */
  staleFiles: readonly string[];
  /** The build state to write once the site is merged: its file and bytes (incremental.ts). */
  state?: { file: string; body: string };
}

interface Journal extends MergeJob {
  format: number;
  target: string;
}

/** The file of a page URL: "/jinlv/2024-01/01/" → <dir>/jinlv/2024-01/01/index.html; "/404.html" → <dir>/404.html. */
export function pageFile(dir: string, url: string): string {
  const parts = url.split("/").filter(Boolean);
  return /\.html?$/.test(url) ? path.join(dir, ...parts) : path.join(dir, ...parts, "index.html");
}

/** Files under `dir` (relative paths), leaving out `skip` at the top. */
async function listFiles(dir: string, skip: ReadonlySet<string>): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      throw e;
    }
    for (const entry of entries) {
      const r = rel ? path.join(rel, entry.name) : entry.name;
      if (!rel && skip.has(entry.name)) continue;
      if (entry.isDirectory()) await walk(r);
      else out.push(r);
    }
  };
  await walk("");
  return out;
}

async function writeAtomic(file: string, body: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, body);
  await rename(tmp, file);
}

/**
 * Merges what an incremental build wrote into `fresh` into the site in `target` (see the module comment): every
 * file replaces its namesake; the search bundle (pagefind/) gets the new shards and loses the unlisted; the removed
 * pages and stale files are deleted; the state is written. `fresh` is gone afterwards.
 */
export async function commitMerge(fresh: string, target: string, job: MergeJob): Promise<void> {
  // A folder of the site that cannot be written to (a read-only output folder) stops the build here, with the old
  // site untouched, not halfway through the moves.
  const rels = [...(await listFiles(fresh, new Set([JOURNAL]))), ...job.removed.map((u) => path.relative(target, pageFile(target, u))), ...job.staleFiles];
  await checkWritable(target, rels);
  const journal: Journal = { format: JOURNAL_FORMAT, target, ...job };
  // Written after everything in `fresh` is complete: from here on the merge is done, now or by the next build.
  await writeAtomic(path.join(fresh, JOURNAL), JSON.stringify(journal));
  await replayMerge(fresh, journal);
}

/** Throws the file system's error (EACCES, EPERM, EROFS) when a folder a merge writes in is not writable. */
async function checkWritable(target: string, rels: readonly string[]): Promise<void> {
  const checked = new Set<string>();
  for (const rel of rels) {
    // The nearest folder that exists: that is where the file, or the folders leading to it, will be made.
    let dir = path.dirname(path.join(target, rel));
    while (!checked.has(dir)) {
      checked.add(dir);
      const st = await stat(dir).catch(() => null);
      if (st?.isDirectory()) {
        await access(dir, constants.W_OK);
        break;
      }
      if (dir === target || path.dirname(dir) === dir) break;
      dir = path.dirname(dir);
    }
  }
}

async function replayMerge(fresh: string, job: Journal): Promise<void> {
  const target = job.target;
  const bundle = path.join(target, "pagefind");
  const freshBundle = path.join(fresh, "pagefind");
  // New shards first: nothing refers to them until shards.json is replaced.
  const shards = (await readdir(freshBundle).catch(() => [] as string[])).filter((e) => e !== "shards.json");
  const files = await listFiles(fresh, new Set([JOURNAL, "pagefind"]));
  if (await pathExists(path.join(freshBundle, "shards.json"))) files.push(path.join("pagefind", "shards.json"));
  const depth = (f: string) => f.split(path.sep).length;
  const isNew = await Promise.all(files.map((f) => pathExists(path.join(target, f)).then((e) => !e)));
  const byDepth = (a: string, b: string) => depth(b) - depth(a) || (a < b ? -1 : 1);
  const added = files.filter((_, i) => isNew[i]).sort(byDepth);
  const replaced = files.filter((_, i) => !isNew[i]).sort(byDepth);
  const moves = [...shards.map((s) => path.join("pagefind", s)), ...added, ...replaced];
  const trash = siblingName(target, "trash");
  let trashed = false;
  const made = new Set<string>();
  for (let i = 0; i < moves.length; i++) {
    if (i === Math.floor(moves.length / 2)) await checkpoint("merge");
    const rel = moves[i]!;
    const to = path.join(target, rel);
    const dir = path.dirname(to);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    if (i < shards.length && (await pathExists(to))) {
      // A shard of the same id left half-written by an earlier build: out of the way first.
      await mkdir(trash, { recursive: true });
      trashed = true;
      await rename(to, path.join(trash, `${path.basename(rel)}-${i}`));
    }
    await rename(path.join(fresh, rel), to);
  }
  // Shards and routing tiers no longer listed: out of the site at once (a rename), deleted with the trash. (And the
  // loose route-<b>.pf_route files of the routing index before it had tiers.)
  const listed = await readFile(path.join(bundle, "shards.json"), "utf8").then((t) => {
    const f = JSON.parse(t) as { shards: string[]; route?: { tiers?: { id: string }[] } };
    return new Set([...f.shards, ...(f.route?.tiers ?? []).map((r) => r.id)]);
  }, () => null);
  if (listed) {
    for (const entry of await readdir(bundle, { withFileTypes: true }).catch(() => [])) {
      if (!(entry.isDirectory() || /^route-p?\d+\.pf_route$/.test(entry.name)) || listed.has(entry.name)) continue;
      await mkdir(trash, { recursive: true });
      trashed = true;
      await rename(path.join(bundle, entry.name), path.join(trash, entry.name));
    }
  }
  for (const url of job.removed) {
    const file = pageFile(target, url);
    await rm(file, { force: true });
    if (path.basename(file) === "index.html") await rmdir(path.dirname(file)).catch(() => {}); // only if now empty
  }
  for (const file of job.staleFiles) await rm(path.join(target, ...file.split("/").filter(Boolean)), { force: true });
  if (job.state) await writeAtomic(job.state.file, job.state.body);
  await rm(fresh, { recursive: true, force: true });
  if (trashed) await rm(trash, { recursive: true, force: true }).catch(() => {}); // the next build tries again
}

/**
 * Before a build of `outDir` (under its lock): finishes the merge a killed build journaled, puts back the old site
 * a swap cut in half left aside, and removes the temp folders, old copies and trash of processes that are gone.
 * This process's own are stale too: the caller holds the lock, so no other build of this folder runs in it (a
 * `serve` rebuild whose merge failed on a full disk left its journal for the next rebuild to finish).
 * `log` gets one line for each thing done.
 */
export async function recoverOutput(outDir: string, log: (line: string) => void, cwd = process.cwd()): Promise<void> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  const shown = (p: string) => {
    const rel = path.relative(cwd, p);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
  };
  const left: { name: string; kind: SiblingKind; pid: number; full: string }[] = [];
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (!name.startsWith(`${base}.`)) continue;
    const m = SIBLING.exec(name.slice(base.length));
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid !== process.pid && processAlive(pid)) continue;
    left.push({ name, kind: m[1] as SiblingKind, pid, full: path.join(parent, name) });
  }
  // A lock's temp file (build-lock.ts) whose process died between writing and linking it.
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const m = /^\.lock\.(\d+)-[0-9a-f]+$/.exec(name.startsWith(`${base}.`) ? name.slice(base.length) : "");
    if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))) await rm(path.join(parent, name), { force: true });
  }
  const done = new Set<string>();
  for (const t of left.filter((l) => l.kind === "tmp")) {
    let journal: Journal | null = null;
    try {
      journal = JSON.parse(await readFile(path.join(t.full, JOURNAL), "utf8")) as Journal;
    } catch { /* no journal: the build stopped before its commit */ }
    if (!journal || journal.format !== JOURNAL_FORMAT || path.resolve(journal.target) !== outDir) continue;
    await replayMerge(t.full, journal);
    done.add(t.name);
    log(`[recover] 进程 ${t.pid} 的增量更新在移入文件时中断，已完成它：${shown(outDir)} 现为那次构建的结果`);
  }
  if (!(await pathExists(outDir))) {
    const olds = left.filter((l) => l.kind === "old");
    const stamps = await Promise.all(olds.map((o) => stat(o.full).then((s) => s.mtimeMs, () => 0)));
    const newest = olds.map((o, i) => ({ o, t: stamps[i]! })).sort((a, b) => b.t - a.t)[0]?.o;
    if (newest) {
      await rename(newest.full, outDir);
      done.add(newest.name);
      log(`[recover] 进程 ${newest.pid} 换入新网站时中断，已恢复上一版网站 ${shown(outDir)}`);
    }
  }
  for (const l of left) {
    if (done.has(l.name)) continue;
    try {
      await rm(l.full, { recursive: true, force: true });
      log(`[clean] 已删除被中断的构建（进程 ${l.pid}）留下的 ${shown(l.full)}`);
    } catch (e) {
      log(`[clean] 无法删除被中断的构建留下的 ${shown(l.full)}（${(e as NodeJS.ErrnoException).code ?? e}），请手动删除`);
    }
  }
}
