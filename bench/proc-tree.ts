/**
 * Resource use of a process *tree*, sampled from /proc (Linux). The build's heaviest part, Pagefind's
 * indexer, is a child binary of the Node process, so the Node process's own figures
 * (process.memoryUsage, process.cpuUsage) would leave out exactly what matters.
 *
 * Each sample sums, over the root and every live descendant: resident memory, and CPU time
 * (utime + stime, plus cutime + cstime of children that have already exited and been waited for).
 */
import { readdirSync, readFileSync } from "node:fs";

const TICK = 100; // USER_HZ: clock ticks per second in /proc/<pid>/stat on Linux.
const PAGE = 4096;

export interface Sample {
  /** Date.now(): the child process stamps its stage marks on the same clock. */
  t: number;
  rssBytes: number;
  cpuSeconds: number;
}

interface Stat {
  ppid: number;
  cpuTicks: number;
  rssPages: number;
}

function readStat(pid: number): Stat | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: split after its closing ')'.
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    // f[0] is field 3 (state): ppid = f[1], utime f[11], stime f[12], cutime f[13], cstime f[14], rss f[21].
    return { ppid: Number(f[1]), cpuTicks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]), rssPages: Number(f[21]) };
  } catch {
    return null; // the process ended between readdir and read
  }
}

export function sampleTree(root: number): Sample {
  const stats = new Map<number, Stat>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(Number(name));
    if (st) stats.set(Number(name), st);
  }
  const inTree = new Set<number>([root]);
  // Parents have lower pids almost always, but not necessarily (pid wrap): iterate to a fixed point.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, st] of stats) if (!inTree.has(pid) && inTree.has(st.ppid)) { inTree.add(pid); grew = true; }
  }
  let rss = 0;
  let cpu = 0;
  for (const pid of inTree) {
    const st = stats.get(pid);
    if (!st) continue;
    rss += st.rssPages * PAGE;
    cpu += st.cpuTicks;
  }
  return { t: Date.now(), rssBytes: rss, cpuSeconds: cpu / TICK };
}

/** Samples `root` every `everyMs` until stopped; `peakSince(t)` is the highest RSS seen at or after t. */
export class TreeSampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout;

  constructor(private readonly root: number, everyMs = 100) {
    this.timer = setInterval(() => this.take(), everyMs);
  }

  take(): Sample {
    const s = sampleTree(this.root);
    this.samples.push(s);
    return s;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  peak(from: number, to = Infinity): number {
    return this.samples.filter((s) => s.t >= from && s.t <= to).reduce((m, s) => Math.max(m, s.rssBytes), 0);
  }

  /** CPU seconds used between two times, from the nearest samples (100 ms resolution). */
  cpuBetween(from: number, to: number): number {
    const at = (t: number) => this.samples.reduce<Sample | null>((best, s) => (s.t <= t && (!best || s.t > best.t) ? s : best), null)?.cpuSeconds ?? 0;
    return Math.max(0, at(to) - at(from));
  }
}
