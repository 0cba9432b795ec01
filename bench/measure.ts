/**
 * Measuring one build: run bench/stage-child.mts in its own process, sample its process tree, and cut the
 * samples at the stage marks it prints. Also: the size of an output folder, and the bytes a first search loads.
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

/**
 * Opens /search/?q=<query> in headless Chromium against the built site (served as `baokan serve` serves it: text
 * gzipped) and counts the body bytes the server sends until the network is idle: what a reader's first search
 * costs. Counted at the server because Chromium reports no size for a worker's script (Pagefind's search runs in
 * a worker). Pagefind's own files are counted apart.
 */
export async function firstSearchBytes(siteDir: string, query: string): Promise<{ totalKB: number; pagefindKB: number; requests: number } | null> {
  const { existsSync } = await import("node:fs");
  if (!existsSync("/usr/bin/chromium")) return null;
  const { chromium } = await import("playwright-core");
  const { serve } = await import("../src/site/serve.ts");
  const server = await serve({ dir: siteDir, port: 0, host: "127.0.0.1", log: () => {} });
  let total = 0;
  let pf = 0;
  let requests = 0;
  server.server.on("request", (req, res) => {
    let bytes = 0;
    const count = (chunk: unknown) => {
      if (typeof chunk === "string" || chunk instanceof Uint8Array) bytes += Buffer.byteLength(chunk);
    };
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => typeof res;
    (res as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => (count(chunk), write(chunk, ...rest));
    (res as { end: unknown }).end = (chunk: unknown, ...rest: unknown[]) => (count(chunk), end(chunk, ...rest));
    res.on("finish", () => {
      total += bytes;
      requests++;
      if (req.url?.includes("/pagefind/")) pf += bytes;
    });
  });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url.replace(/\/?$/, "/")}search/?q=${encodeURIComponent(query)}`, { waitUntil: "networkidle", timeout: 120_000 });
    await page.waitForTimeout(500);
    return { totalKB: Math.round(total / 1024), pagefindKB: Math.round(pf / 1024), requests };
  } finally {
    await browser.close();
    await server.close();
  }
}
