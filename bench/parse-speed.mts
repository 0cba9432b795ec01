/**
 * Parse throughput: MB of raw issue text per CPU-second, decode + parse only.
 *
 *   tsx bench/parse-speed.mts <contentDir> [--rounds N]
 *
 * Every issue file is read into memory first (disk time is not the parser's), then each is decoded, its front
 * matter and meta resolved and its text parsed — what loadArchive does with the parse cache off, without the
 * corrections and unit table applied after it. CPU time is process.cpuUsage (user + system) around that loop
 * only. `bytes` are the raw file bytes, so the figure is the issue's "MB of raw text per CPU-second";
 * MB = 2^20 bytes, as in bench/run.mts. With --rounds N the loop runs N times and the best round is reported
 * (the first round pays for JIT warm-up and is what a cold build sees; later rounds show the steady state).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { issueFilesIn, issueFromText, readPaperInfo } from "../src/content/load-archive.ts";
import { decode } from "../src/parse/decode.ts";
import { parseText } from "../src/parse/pipeline.ts";
import type { PaperInfo } from "../src/types.ts";

export interface ParseThroughput {
  files: number;
  articles: number;
  bytes: number;
  cpuS: number;
  wallS: number;
  mbPerCpuS: number;
}

interface Loaded { file: string; paper: PaperInfo; bytes: Buffer }

/** Every issue file of a content folder, read into memory, in loadArchive's order. */
async function readAll(contentDir: string): Promise<Loaded[]> {
  const out: Loaded[] = [];
  const entries = (await readdir(contentDir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
    const dir = path.join(contentDir, entry.name);
    const paper = await readPaperInfo(dir, entry.name);
    for (const file of await issueFilesIn(dir)) out.push({ file, paper, bytes: await readFile(file) });
  }
  return out;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Decodes and parses every issue file under `contentDir` (read beforehand) `rounds` times; the best round. */
export async function parseThroughput(contentDir: string, rounds = 1): Promise<ParseThroughput> {
  const loaded = await readAll(contentDir);
  const bytes = loaded.reduce((n, l) => n + l.bytes.length, 0);
  let best: ParseThroughput | null = null;
  for (let r = 0; r < Math.max(1, rounds); r++) {
    let articles = 0;
    const wall0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (const { file, paper, bytes: b } of loaded) {
      const { text, encoding } = decode(b, file);
      const raw = issueFromText(text, encoding, path.basename(file), paper, file);
      articles += parseText(raw.text, raw.meta, raw.encoding).articles.length;
    }
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const wallS = (performance.now() - wall0) / 1000;
    const figures = { files: loaded.length, articles, bytes, cpuS: round(cpuS, 3), wallS: round(wallS, 3), mbPerCpuS: round(bytes / 2 ** 20 / cpuS) };
    if (!best || figures.cpuS < best.cpuS) best = figures;
  }
  return best!;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--rounds");
  const rounds = at >= 0 ? Number(args.splice(at, 2)[1]) : 1;
  const dir = args[0];
  if (!dir || !Number.isInteger(rounds) || rounds < 1) {
    console.error("usage: tsx bench/parse-speed.mts <contentDir> [--rounds N]");
    process.exit(2);
  }
  const t = await parseThroughput(dir, rounds);
  console.log(
    `${dir}: ${t.files} files, ${t.articles} articles, ${round(t.bytes / 2 ** 20)} MB raw — ` +
    `decode+parse ${t.cpuS} s CPU, ${t.wallS} s wall — ${t.mbPerCpuS} MB/s/core`,
  );
}
