/**
 * The build lock (src/site/build-lock.ts): one holder at a time; a lock whose process is gone, or whose pid now
 * belongs to another process, is stale and taken over; waiting ends when the holder ends. (Two real builds of one
 * folder are in tests/cli/serve.test.ts.)
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireLocks, BuildBusyError, lockHeld, processAlive, processStart, tryLock, type LockHolder } from "../../src/site/build-lock.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-lock-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const lockFile = () => path.join(tmp, `site-${++n}.lock`);

/** A process that runs until killed, and resolves once it has started. */
async function sleeper() {
  const child = spawn(process.execPath, ["-e", "console.log('up'); setInterval(() => {}, 1000)"], { stdio: ["ignore", "pipe", "ignore"] });
  await new Promise<void>((ok) => child.stdout!.once("data", () => ok()));
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  return { pid: child.pid!, stop: async () => { child.kill("SIGKILL"); await exited; } };
}

describe("the build lock", () => {
  it("has one holder; a second try sees it, and release frees it", () => {
    const file = lockFile();
    const a = tryLock(file);
    expect("release" in a).toBe(true);
    const holder = JSON.parse(readFileSync(file, "utf8")) as LockHolder;
    expect(holder.pid).toBe(process.pid);
    const b = tryLock(file);
    expect("release" in b).toBe(false);
    expect((b as LockHolder).pid).toBe(process.pid);
    expect(lockHeld(file)).toBe(true);
    (a as { release(): void }).release();
    expect(existsSync(file)).toBe(false);
    expect(lockHeld(file)).toBe(false);
    const c = tryLock(file);
    expect("release" in c).toBe(true);
    (c as { release(): void }).release();
  });

  it("takes over a lock whose process is gone, or whose pid another process has now", async () => {
    const s = await sleeper();
    await s.stop();
    const file = lockFile();
    writeFileSync(file, JSON.stringify({ pid: s.pid, start: null }));
    expect(processAlive(s.pid)).toBe(false);
    const a = tryLock(file);
    expect("release" in a).toBe(true);
    (a as { release(): void }).release();
    // The parent of this process is running, but it is not the process that wrote this lock (another start time).
    writeFileSync(file, JSON.stringify({ pid: process.ppid, start: "1" }));
    const b = tryLock(file);
    expect("release" in b).toBe(true);
    (b as { release(): void }).release();
    // An unreadable lock file is stale too.
    writeFileSync(file, "{");
    const c = tryLock(file);
    expect("release" in c).toBe(true);
    (c as { release(): void }).release();
  });

  it("refuses in Chinese while a running process holds it, naming the process", async () => {
    const s = await sleeper();
    try {
      const file = lockFile();
      writeFileSync(file, JSON.stringify({ pid: s.pid, start: processStart(s.pid) }));
      const err = await acquireLocks([{ file, folder: "site" }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BuildBusyError);
      expect((err as Error).message).toBe(`另一个构建正在进行（进程 ${s.pid}），它正在写 site；请等它结束后再试`);
    } finally {
      await s.stop();
    }
  });

  it("waits while it is held, and gets it when the holder ends; a wait can be called off", async () => {
    const s = await sleeper();
    const file = lockFile();
    writeFileSync(file, JSON.stringify({ pid: s.pid, start: processStart(s.pid) }));
    const seen: number[] = [];
    let told!: () => void;
    const waiting = new Promise<void>((ok) => { told = ok; });
    const got = acquireLocks([{ file, folder: "site" }], { onWait: (h) => { seen.push(h.pid); told(); }, everyMs: 20 });
    await waiting;
    expect(seen).toEqual([s.pid]);
    await s.stop();
    const [lock] = await got;
    expect(JSON.parse(readFileSync(file, "utf8")).pid).toBe(process.pid);
    // Held by this process now: another wait is called off by its signal.
    const ctl = new AbortController();
    const second = acquireLocks([{ file, folder: "site" }], { onWait: () => ctl.abort(new Error("closing")), signal: ctl.signal, everyMs: 20 });
    await expect(second).rejects.toThrow("closing");
    lock!.release();
    expect(existsSync(file)).toBe(false);
  });
});
