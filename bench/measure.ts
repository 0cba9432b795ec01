/**
 * Measuring one build: run bench/stage-child.mts in its own process, sample its process tree, and cut the
 * samples at the stage marks it prints. Also: the size of an output folder. (What a search costs through the page is
 * bench/search-recall.mts.)
 */
import { spawn } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TreeSampler } from "./proc-tree.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

export interface StageFigures {
  wallS: number;
  cpuS: number;
  peakRssMB: number;
}

export interface RunFigures {
  stages: Record<string, StageFigures>;
  total: StageFigures;
  /** Figures the build printed itself (indexOwnS: the index's own wall time, which overlaps rendering). */
  notes?: Record<string, number>;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export async function measureBuild(mode: "baokan" | "floor", contentDir: string, outDir: string): Promise<RunFigures> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/stage-child.mts"), mode, contentDir, outDir], {
    cwd: ROOT, stdio: ["ignore", "pipe", "inherit"],
  });
  const sampler = new TreeSampler(child.pid!);
  const marks: [string, number][] = [];
  const notes: Record<string, number> = {};
  let buf = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buf += chunk;
    for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const m = /^@@mark (\w+) (\d+)$/.exec(line);
      if (m) { sampler.take(); marks.push([m[1]!, Number(m[2])]); }
      const note = /^@@note (\w+) ([\d.]+)$/.exec(line);
      if (note) notes[note[1]!] = Number(note[2]);
    }
  });
  const code: number = await new Promise((resolve) => child.on("close", resolve));
  sampler.stop();
  if (code !== 0) throw new Error(`${mode} build exited with ${code}`);

  const at = (name: string) => marks.find(([n]) => n === name)?.[1];
  const figures = (from: number, to: number): StageFigures => ({
    wallS: round((to - from) / 1000),
    cpuS: round(sampler.cpuBetween(from, to)),
    peakRssMB: Math.round(sampler.peak(from, to) / 2 ** 20),
  });
  const stages: Record<string, StageFigures> = {};
  let prev = at("start")!;
  for (const [name, t] of marks) {
    if (name === "start" || name === "end") continue;
    stages[name] = figures(prev, t);
    prev = t;
  }
  return { stages, total: figures(at("start")!, at("end")!), notes };
}

export async function folderSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}
