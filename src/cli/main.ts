#!/usr/bin/env node
/**
 * The baokan command line: add an issue, check the archive, parse one file, build the site, serve it.
 * Run through tsx (`npm run baokan -- …` or the `baokan` bin). Errors are one line on stderr, exit 1.
 */
import { Command } from "commander";
import path from "node:path";
import { InputError } from "../errors.ts";
import { paperOf, parseFile, readIssue, unitsOf } from "../content/load-archive.ts";
import { DEFAULT_CACHE_DIR, ParseCache } from "../content/parse-cache.ts";
import { parserNumbers } from "../content/issue-numbers.ts";
import { parseState } from "../parse/pipeline.ts";
import { BUILD, CLI, HELP, INPUT, KIND_LABELS } from "../messages.ts";
import { runAdd } from "./add-command.ts";
import { displayPath, runCheck } from "./check-command.ts";
import { chineseCommander } from "./commander-zh.ts";

// `baokan check | head` closes the pipe early; that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => { if (e.code === "EPIPE") process.exit(0); throw e; });

// Commander's own words are set to Chinese before any command is added: the commands inherit them.
const program = chineseCommander(new Command()).name("baokan").description(HELP.program);

function fail(e: unknown): never {
  // Bad input (one file, or a build's list of files) is a message for the editor, not a stack trace.
  if (e instanceof InputError || (e as Error)?.name === "SiteBuildError") console.error(`baokan: ${(e as Error).message}`);
  else console.error(`baokan: ${(e as Error)?.stack ?? e}`);
  process.exit(1);
}

const examples = (...lines: string[]) => `\n${HELP.examples}\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;

program
  .command("parse")
  .description(HELP.parse.about)
  .argument("<file>", HELP.parse.file)
  .option("--json", HELP.parse.json)
  .option("--explain", HELP.parse.explain)
  .option("--no-fix", HELP.parse.noFix)
  .option("--content <dir>", HELP.parse.content, "content")
  .addHelpText("after", examples(
    "baokan parse --json content/jinlv/000_5f169d79d2658df9.txt",
    "baokan parse --explain ~/收件箱/劲旅2024-01-05.txt",
  ))
  .action(async (file: string, opts: { json?: boolean; explain?: boolean; fix: boolean; content: string }) => {
    try {
      const paper = await paperOf(file, opts.content);
      if (opts.explain) {
        const raw = await readIssue(path.resolve(file), paper, displayPath(file));
        const state = parseState(raw.text, raw.meta, raw.encoding);
        const record = state.record!;
        for (const line of state.explain) console.log(`# ${line}`);
        // Each article under its permanent number (the ledger beside the file), as the site and `check` show it.
        const numbers = parserNumbers(record, path.resolve(file), displayPath(file));
        state.pieces.forEach((p, i) => {
          const a = record.articles[i]!;
          console.log(`\n${numbers[i] ?? a.index}. ${a.headline ?? CLI.untitled}  [${KIND_LABELS[a.kind]}]  ${CLI.lines} ${a.source.lines.map((r) => r.join("-")).join(",")}`);
          for (const e of p.evidence) console.log(`   - ${e}`);
        });
        return;
      }
      // Never from the cache: this is the command that shows what the parser does now (and what the scorer runs).
      const units = paper ? await unitsOf(opts.content) : null;
      const record = await parseFile(path.resolve(file), paper, displayPath(file), { cache: null, units, corrections: opts.fix });
      process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    } catch (e) {
      fail(e);
    }
  });

program
  .command("add")
  .description(HELP.add.about)
  .argument("<file>", HELP.add.file)
  .option("--paper <slug>", HELP.add.paper)
  .option("--date <YYYY-MM-DD>", HELP.add.date)
  .option("--page <label>", HELP.add.page)
  .option("--replace", HELP.add.replace)
  .option("--content <dir>", HELP.content, "content")
  .option("--no-cache", HELP.add.noCache)
  .addHelpText("after", examples(
    `baokan add ~/收件箱/劲旅2024-01-05.txt                 ${HELP.add.ex1}`,
    `baokan add scan.txt --paper gonghui --date 2024-03-08   ${HELP.add.ex2}`,
    "baokan add scan-v2.txt --paper gonghui --date 2024-03-08 --replace",
  ))
  .action(async (file: string, opts: { paper?: string; date?: string; page?: string; replace?: boolean; content: string; cache: boolean }) => {
    try {
      process.exitCode = await runAdd(file, opts, opts.cache ? new ParseCache(DEFAULT_CACHE_DIR) : null);
    } catch (e) {
      fail(e);
    }
  });

program
  .command("check")
  .description(HELP.check.about)
  .argument("[paths...]", HELP.check.paths)
  .option("--content <dir>", HELP.content, "content")
  .option("--json", HELP.check.json)
  .option("--strict", HELP.check.strict)
  .option("--no-fix", HELP.check.noFix)
  .option("--no-cache", HELP.check.noCache)
  .addHelpText("after", examples(
    `baokan check                                   ${HELP.check.ex1}`,
    `baokan check content/jinlv                     ${HELP.check.ex2}`,
    "baokan check content/jinlv/2024-01-05.txt --strict",
    "baokan check --json > report.json",
  ))
  .action(async (paths: string[], opts: { content: string; json?: boolean; strict?: boolean; fix: boolean; cache: boolean }) => {
    try {
      process.exitCode = await runCheck(paths, opts);
    } catch (e) {
      fail(e);
    }
  });

type BuildCliOptions = { content: string; out: string; pathPrefix?: string; siteUrl?: string; cache: boolean; withReport?: boolean };

/** A --site-url that is no http(s) address is the editor's typing: one line naming the option, not a stack trace. */
async function checkSiteUrl(url: string | undefined): Promise<void> {
  if (!url) return;
  const { siteRoot } = await import("../site/site-config.ts");
  try {
    siteRoot(url);
  } catch (e) {
    throw new InputError("--site-url", (e as Error).message);
  }
}

async function runBuild(opts: BuildCliOptions): Promise<void> {
  await checkSiteUrl(opts.siteUrl);
  const cache = opts.cache ? new ParseCache(DEFAULT_CACHE_DIR) : null;
  const { buildSite, defaultStateDir } = await import("../site/build-site.ts");
  const extra = {
    ...(opts.pathPrefix ? { pathPrefix: opts.pathPrefix } : {}), ...(opts.siteUrl ? { siteUrl: opts.siteUrl } : {}),
    // --no-cache means a build from nothing: no parse cache, no reused index shards.
    ...(opts.cache ? { stateDir: defaultStateDir(opts.out) } : {}),
  };
  await buildSite({ contentDir: opts.content, outDir: opts.out, cache, withReport: !!opts.withReport, ...extra });
  if (cache) console.log(BUILD.cache(cache.stats.hits, cache.stats.misses, path.relative(process.cwd(), cache.dir)));
  if (opts.withReport) console.log(BUILD.report(path.join(displayPath(opts.out), "report", "index.html"), `${opts.pathPrefix ? opts.pathPrefix.replace(/\/?$/, "/") : "/"}report/`));
}

const buildOptions = (cmd: Command) => cmd
  .option("--content <dir>", HELP.content, "content")
  .option("--out <dir>", HELP.build.out, "_site")
  .option("--path-prefix <prefix>", HELP.build.pathPrefix)
  .option("--site-url <url>", HELP.build.siteUrl)
  .option("--no-cache", HELP.build.noCache);

buildOptions(program
  .command("build")
  .description(HELP.build.about))
  .option("--with-report", HELP.build.withReport)
  .addHelpText("after", examples("baokan build", "baokan build --with-report", "baokan build --path-prefix /archive/ --site-url https://example.org/archive/"))
  .action(async (opts: BuildCliOptions) => {
    try {
      await runBuild(opts);
    } catch (e) {
      fail(e);
    }
  });

buildOptions(program
  .command("report")
  .description(HELP.report.about))
  .addHelpText("after", examples(`baokan report && baokan serve --with-report     ${HELP.report.ex1}`, "baokan report --out /tmp/review"))
  .action(async (opts: BuildCliOptions) => {
    try {
      await runBuild({ ...opts, withReport: true });
    } catch (e) {
      fail(e);
    }
  });

program
  .command("serve")
  .description(HELP.serve.about)
  .option("--content <dir>", HELP.content, "content")
  .option("--out <dir>", HELP.build.out, "_site")
  .option("--port <port>", HELP.serve.port, "8080")
  .option("--path-prefix <prefix>", HELP.serve.pathPrefix)
  .option("--site-url <url>", HELP.build.siteUrl)
  .option("--no-watch", HELP.serve.noWatch)
  .option("--with-report", HELP.serve.withReport)
  .option("--no-cache", HELP.serve.noCache)
  .addHelpText("after", examples(
    `baokan serve                                   ${HELP.serve.ex1}`,
    "baokan serve --port 8000 --content ~/报刊/content",
    `baokan serve --with-report                     ${HELP.serve.ex3}`,
    "baokan serve --path-prefix /archive/ --no-watch",
  ))
  .action(async (opts: { content: string; out: string; port: string; pathPrefix?: string; siteUrl?: string; watch: boolean; cache: boolean; withReport?: boolean }) => {
    try {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError("--port", INPUT.notAPort(opts.port));
      await checkSiteUrl(opts.siteUrl);
      const { startDevServer, NothingToServeError } = await import("../site/dev-server.ts");
      const dev = await startDevServer({
        contentDir: opts.content, outDir: opts.out, port, watch: opts.watch, withReport: !!opts.withReport,
        cache: opts.cache ? new ParseCache(DEFAULT_CACHE_DIR) : null,
        ...(opts.pathPrefix ? { pathPrefix: opts.pathPrefix } : {}), ...(opts.siteUrl ? { siteUrl: opts.siteUrl } : {}),
        error: (line) => console.error(line),
      }).catch((e) => {
        if (e instanceof NothingToServeError) { console.error(`baokan: ${e.message}`); process.exit(1); }
        throw e;
      });
      const stop = () => { void dev.close().then(() => process.exit(0)); };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    } catch (e) {
      if ((e as NodeJS.ErrnoException)?.code === "EADDRINUSE") fail(new InputError(`--port ${opts.port}`, INPUT.portInUse));
      fail(e);
    }
  });

await program.parseAsync();
