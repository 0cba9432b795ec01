/**
 * One build at a time per output folder (and per state folder): `baokan build` while `baokan serve` rebuilds the
 * same `_site/` used to fail with raw ENOTEMPTY/ENOENT errors from the two swaps, or wait minutes on each other's
 * files. A build takes a lock file — `<out>.lock` beside the output folder (the folder itself is swapped, so the lock
 * cannot live inside it) and `<state>/lock` in its state folder — before it reads or writes either, and removes it
 * when it ends.
 *
 * A lock file holds its owner's pid and the process's start time (Linux: /proc/<pid>/stat), so a lock left by a
 * killed build is recognised as stale — its process is gone, or the pid now belongs to another process — and is
 * taken over. Taking over goes through a second, short-lived file (`<lock>.break`) so two builds that find the same
 * stale lock cannot both end up holding it.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { InputError } from "../errors.ts";

export interface LockHolder {
  pid: number;
  /** The process's start time in clock ticks since boot (/proc/<pid>/stat field 22), or null where unknown. */
  start: string | null;
}

/** The start time of process `pid` as /proc gives it, or null (no /proc, or no such process). */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count fields after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** True when process `pid` is running (a zombie is not) and, given `start`, is the same process that wrote it. */
export function processAlive(pid: number, start: string | null = null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false; // ESRCH: no such process
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return false; // exited, not yet reaped
  } catch {
    return true; // no /proc: kill(0) is all there is
  }
  return start === null || processStart(pid) === start;
}

/** Another build holds the lock; the message is the one line the editor sees. */
export class BuildBusyError extends InputError {
  constructor(readonly folder: string, readonly holder: LockHolder) {
    super(folder, `另一个构建正在进行（进程 ${holder.pid}）`);
    this.name = "BuildBusyError";
    this.message = `另一个构建正在进行（进程 ${holder.pid}），它正在写 ${folder}；请等它结束后再试`;
  }
}

export interface HeldLock {
  readonly file: string;
  release(): void;
}

/** Lock files this process holds (a second build in the same process must wait too). */
const held = new Set<string>();

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(file, "utf8")) as Partial<LockHolder>;
    return typeof h.pid === "number" ? { pid: h.pid, start: typeof h.start === "string" ? h.start : null } : { pid: 0, start: null };
  } catch (e) {
    // Vanished between the failed link and this read: try again. Unreadable: a broken lock, stale.
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? null : { pid: 0, start: null };
  }
}

const BREAK_STALE_MS = 10_000;

/**
 * Takes the lock file `file` for this process, or returns who holds it. Never waits. The lock file is made
 * complete under a temp name and linked into place, so no reader ever sees a half-written one.
 */
export function tryLock(file: string): HeldLock | LockHolder {
  const abs = path.resolve(file);
  const me: LockHolder = { pid: process.pid, start: processStart(process.pid) };
  if (held.has(abs)) return me;
  mkdirSync(path.dirname(abs), { recursive: true });
  const mine = `${abs}.${process.pid}-${randomBytes(4).toString("hex")}`;
  writeFileSync(mine, `${JSON.stringify(me)}\n`);
  const lock: HeldLock = {
    file: abs,
    release() {
      held.delete(abs);
      const h = readHolder(abs);
      if (h && h.pid === me.pid && h.start === me.start) rmQuiet(abs);
    },
  };
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        linkSync(mine, abs);
        held.add(abs);
        return lock;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      const holder = readHolder(abs);
      if (!holder) continue;
      // Our own pid outside `held` is a lock this process failed to remove: stale like any other.
      if (holder.pid !== me.pid && processAlive(holder.pid, holder.start)) return holder;
      // Stale. Only the process that holds `<lock>.break` replaces it, after checking it is still the stale one.
      const breaker = `${abs}.break`;
      try {
        linkSync(mine, breaker);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        // Someone else is taking it over; a breaker left by a killed process is removed once it is old.
        try {
          if (Date.now() - statSync(breaker).mtimeMs > BREAK_STALE_MS) rmQuiet(breaker);
        } catch { /* gone meanwhile */ }
        continue;
      }
      try {
        const again = readHolder(abs);
        if (again && again.pid === holder.pid && again.start === holder.start) {
          renameSync(mine, abs); // atomically replaces the stale lock with ours
          held.add(abs);
          return lock;
        }
      } finally {
        rmQuiet(breaker);
      }
    }
    return readHolder(abs) ?? { pid: 0, start: null };
  } finally {
    rmQuiet(mine);
  }
}

function rmQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch { /* already gone */ }
}

export interface LockWait {
  /** Called once per holder while waiting for it (serve prints a line). */
  onWait(holder: LockHolder): void;
  /** Stops waiting (serve is closing): the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Poll interval in ms. */
  everyMs?: number;
}

/**
 * Takes every lock in `files` in order. Without `wait`, a lock another build holds throws BuildBusyError naming
 * `folders[i]` (the folder the editor knows: the output folder, or the state folder); with it, waits until the lock
 * is free. Locks already taken are released if a later one fails.
 */
export async function acquireLocks(locks: { file: string; folder: string }[], wait?: LockWait): Promise<HeldLock[]> {
  const got: HeldLock[] = [];
  try {
    for (const { file, folder } of locks) {
      let told = -1;
      for (;;) {
        wait?.signal?.throwIfAborted();
        const r = tryLock(file);
        if ("release" in r) {
          got.push(r);
          break;
        }
        if (!wait) throw new BuildBusyError(folder, r);
        if (told !== r.pid) {
          told = r.pid;
          wait.onWait(r);
        }
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(done, wait.everyMs ?? 250);
          function done() {
            wait!.signal?.removeEventListener("abort", abort);
            resolve();
          }
          function abort() {
            clearTimeout(t);
            reject(wait!.signal!.reason);
          }
          wait.signal?.addEventListener("abort", abort, { once: true });
        });
      }
    }
    return got;
  } catch (e) {
    for (const l of got.reverse()) l.release();
    throw e;
  }
}

/** True when the lock file `file` is held by a running process (pruning another output's state must not touch it). */
export function lockHeld(file: string): boolean {
  const h = readHolder(path.resolve(file));
  if (!h) return false;
  if (h.pid === process.pid) return held.has(path.resolve(file));
  return processAlive(h.pid, h.start);
}
