/**
 * `npm run bench [-- --sizes 1000,10000,30000 --queries 4 --no-floor --no-search --keep --out file.json]`
 *
 * For each size N: generate a synthetic archive of ~N articles in the five seed layouts, build it with baokan
 * (timing parse, render and index: wall, CPU, peak RSS of the whole process tree), measure the output, run the
 * search the issue asks for through the cold-built site's search page in Chromium (bench/search-recall.mts: units,
 * people, 2/3/4-character strings of the archive's own text, each a reader's first search; recall, true counts,
 * part-matches above exact ones, bytes, time, and whether each target is met), add one ~30-article issue and
 * rebuild (the editor's case), then build the floor (bare Eleventy + Pagefind on the same articles) in the same
 * run and print the ratio. Figures are printed as tables and written as JSON so runs can be compared. Nothing is
 * asserted: this is a measuring tool.
 */
import { Command } from "commander";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCorpus } from "./synth/corpus.ts";
import { addOneIssue, generateArchive } from "./synth/generate.ts";
import { folderSize, measureBuild, type RunFigures } from "./measure.ts";
import { parseThroughput } from "./parse-speed.mts";
import { formatSearch, measureSearch, type SearchMeasure } from "./search-recall.mts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

const opts = new Command()
  .option("--sizes <list>", "archive sizes in articles, comma-separated", "1000,10000,30000")
  .option("--no-floor", "skip the bare Eleventy + Pagefind floor")
  .option("--no-search", "skip the search measurement in Chromium")
  // 4 a class by default: each query is a fresh renderer doing the whole first search, ~3 CPU-s of Chromium here
  // (measured at 1,000 articles), so 4 × 5 + 1 queries add about a minute to the CI run at 1,000. Use 10 or more
  // to compare commits.
  .option("--queries <n>", "queries per class (units, people, 2/3/4-character strings)", "4")
  .option("--seed <n>", "seed for drawing the queries", "7")
  .option("--no-incremental", "skip the add-one-issue rebuild")
  .option("--keep", "keep the generated archives and sites (printed paths)")
  .option("--query <q>", "one fixed query measured besides the drawn ones (class \"fixed\", the 1st search kB column)", "安全生产")
  .option("--out <file>", "JSON results file", path.join(ROOT, "bench/results/latest.json"))
  .parse()
  .opts<{ sizes: string; floor: boolean; search: boolean; incremental: boolean; keep: boolean; query: string; queries: string; seed: string; out: string }>();

interface SizeResult {
  articlesAsked: number;
  files: number;
  articlesGenerated: number;
  rawMB: number;
  build: RunFigures;
  /** Raw MB per CPU-second of the whole parse stage of the build (reading files, the parse cache, corrections). */
  parseMBPerCpuS: number;
  /** Raw MB per CPU-second of decode + parse alone (bench/parse-speed.mts), in this process. */
  parserMBPerCpuS: number;
  output: { files: number; MB: number };
  /** The search measured through the page on the cold-built site (null: --no-search, or no Chromium). */
  search: SearchMeasure | null;
  addOneIssue: RunFigures | null;
  floor: RunFigures | null;
  ratioToFloor: number | null;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 100) / 100;

async function runSize(n: number, work: string): Promise<SizeResult> {
  const corpus = await loadCorpus(path.join(ROOT, "../shared/seeds"));
  const content = path.join(work, "content");
  const site = path.join(work, "_site");
  const gen = await generateArchive(content, n, corpus);
  console.log(`\n── N=${n}: ${gen.files} files, ${gen.pieces} pieces, ${mb(gen.bytes)} MB raw (${work})`);

  const parser = await parseThroughput(content);
  const build = await measureBuild("baokan", content, site);
  const parse = build.stages.parse;
  const output = await folderSize(site);
  // On the cold-built site, before the added issue rebuilds it in place.
  const search = opts.search
    ? await measureSearch(site, { perClass: Number(opts.queries), seed: Number(opts.seed), extra: opts.query ? [{ cls: "fixed", q: opts.query }] : [] })
    : null;
  if (search) console.log(formatSearch(search));

  let addOne: RunFigures | null = null;
  if (opts.incremental) {
    await addOneIssue(content, corpus);
    addOne = await measureBuild("baokan", content, site);
  }
  const floor = opts.floor ? await measureBuild("floor", content, path.join(work, "_floor")) : null;
  return {
    articlesAsked: n, files: gen.files, articlesGenerated: gen.pieces, rawMB: mb(gen.bytes), build,
    parseMBPerCpuS: parse && parse.cpuS > 0 ? Math.round((mb(gen.bytes) / parse.cpuS) * 100) / 100 : 0,
    parserMBPerCpuS: parser.mbPerCpuS,
    output: { files: output.files, MB: mb(output.bytes) }, search, addOneIssue: addOne, floor,
    ratioToFloor: floor ? Math.round((build.total.wallS / floor.total.wallS) * 100) / 100 : null,
  };
}

/** The fixed query's kB (the column earlier runs had), then the drawn queries' figures over all classes. */
function searchCells(m: SearchMeasure | null): (string | number)[] {
  if (!m) return ["–", "–", "–", "–", "–"];
  const all = m.summary.all!;
  return [m.rows.find((r) => r.cls === "fixed")?.kB ?? "–", all.recall.toFixed(2), `${all.countTrue}/${all.queries}`, all.kBMax, `${(all.msMedian / 1000).toFixed(1)} / ${(all.msMax / 1000).toFixed(1)}`];
}

function table(results: SizeResult[]): string {
  const head = ["N", "files", "raw MB", "parse s", "page data s", "render s", "index s", "index own s", "total s", "CPU s", "peak MB", "parse stage MB/s/core", "parser MB/s/core", "out MB", "out files", "1st search kB", "search recall", "counts true", "search kB max", "search s median / max", "add-1 s", "floor s", "floor MB", "×floor"];
  const rows = results.map((r) => [
    r.articlesAsked, r.files, r.rawMB, r.build.stages.parse?.wallS, r.build.stages.site?.wallS, r.build.stages.render?.wallS, r.build.stages.index?.wallS, r.build.notes?.indexOwnS ?? "–",
    r.build.total.wallS, r.build.total.cpuS, r.build.total.peakRssMB, r.parseMBPerCpuS, r.parserMBPerCpuS, r.output.MB, r.output.files,
    ...searchCells(r.search), r.addOneIssue?.total.wallS ?? "–", r.floor?.total.wallS ?? "–", r.floor?.total.peakRssMB ?? "–", r.ratioToFloor ?? "–",
  ].map(String));
  const lines = [head, ...rows];
  return lines.map((l) => `| ${l.join(" | ")} |`).join("\n").replace(/^(.*\n)/, `$1|${head.map(() => " --- ").join("|")}|\n`);
}

const results: SizeResult[] = [];
for (const n of opts.sizes.split(",").map((s) => Number(s.trim())).filter((x) => x > 0)) {
  const work = await mkdtemp(path.join(os.tmpdir(), `baokan-bench-${n}-`));
  try {
    results.push(await runSize(n, work));
  } finally {
    if (!opts.keep) await rm(work, { recursive: true, force: true });
  }
  console.log(table(results.slice(-1)));
}

const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
await mkdir(path.dirname(opts.out), { recursive: true });
await writeFile(opts.out, JSON.stringify({ machine, results }, null, 2) + "\n");
console.log(`\n${table(results)}\n\nmachine: ${machine.cpus} cores, ${machine.memGB} GB, Node ${machine.node}\nfigures written to ${path.relative(process.cwd(), opts.out)}`);
