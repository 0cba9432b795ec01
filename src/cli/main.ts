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
import { parseState } from "../parse/pipeline.ts";
import { runAdd } from "./add-command.ts";
import { displayPath, runCheck } from "./check-command.ts";

// `baokan check | head` closes the pipe early; that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => { if (e.code === "EPIPE") process.exit(0); throw e; });

const program = new Command();
program.name("baokan").description("报刊 — raw newspaper issue files → a searchable static archive").showHelpAfterError();

function fail(e: unknown): never {
  // Bad input (one file, or a build's list of files) is a message for the editor, not a stack trace.
  if (e instanceof InputError || (e as Error)?.name === "SiteBuildError") console.error(`baokan: ${(e as Error).message}`);
  else console.error(`baokan: ${(e as Error)?.stack ?? e}`);
  process.exit(1);
}

const examples = (...lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;

program
  .command("parse")
  .description("parse one raw issue file and print its record (with its corrections file and, inside content/, the unit table)")
  .argument("<file>", "raw issue file (UTF-8, GB18030 or UTF-16)")
  .option("--json", "print the issue record as JSON (the default)")
  .option("--explain", "print, per article, which pass decided its boundaries, headline and unit, and why (the parser's own reading)")
  .option("--no-fix", "ignore the file's .fix.yaml corrections")
  .option("--content <dir>", "content folder (a file inside it takes its paper from its folder)", "content")
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
        state.pieces.forEach((p, i) => {
          const a = record.articles[i]!;
          console.log(`\n${a.index}. ${a.headline ?? "（无标题）"}  [${a.kind}]  lines ${a.source.lines.map((r) => r.join("-")).join(",")}`);
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
  .description("add a raw issue file to content/: decode it (UTF-8, GBK/GB18030, UTF-16 → stored as UTF-8), work out its paper and date, name it by the content convention, and print its parse report")
  .argument("<file>", "the raw file from the print shop, PDF extraction or OCR")
  .option("--paper <slug>", "the paper's folder under content/ (a new slug starts a new paper)")
  .option("--date <YYYY-MM-DD>", "the issue's date (otherwise: front matter, the file's name, or the text)")
  .option("--page <label>", "a second file of the same day or a page: 2024-01-05-<label>.txt")
  .option("--replace", "overwrite an existing issue with the same name, or paper and date")
  .option("--content <dir>", "content folder", "content")
  .option("--no-cache", "parse without the on-disk parse cache")
  .addHelpText("after", examples(
    "baokan add ~/收件箱/劲旅2024-01-05.txt                 # paper from its 劲旅讯 datelines, date from its name",
    "baokan add scan.txt --paper gonghui --date 2024-03-08   # a paper the page never names",
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
  .description("parse report for every issue in content/ (or the files and folders named): articles, units, authors, kinds, lengths, then warnings as file:line")
  .argument("[paths...]", "raw files or paper folders to check (default: every issue under --content)")
  .option("--content <dir>", "content folder", "content")
  .option("--json", "print issues, findings and errors as JSON")
  .option("--strict", "warnings count as errors (exit 1)")
  .option("--no-fix", "show the parser's reading without the .fix.yaml corrections (its article numbers are the ones corrections use)")
  .option("--no-cache", "parse without the on-disk parse cache")
  .addHelpText("after", examples(
    "baokan check                                   # the whole archive",
    "baokan check content/jinlv                     # one paper",
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

async function runBuild(opts: BuildCliOptions): Promise<void> {
  const cache = opts.cache ? new ParseCache(DEFAULT_CACHE_DIR) : null;
  const { buildSite, defaultStateDir } = await import("../site/build-site.ts");
  const extra = {
    ...(opts.pathPrefix ? { pathPrefix: opts.pathPrefix } : {}), ...(opts.siteUrl ? { siteUrl: opts.siteUrl } : {}),
    // --no-cache means a build from nothing: no parse cache, no reused index shards.
    ...(opts.cache ? { stateDir: defaultStateDir(opts.out) } : {}),
  };
  await buildSite({ contentDir: opts.content, outDir: opts.out, cache, withReport: !!opts.withReport, ...extra });
  if (cache) console.log(`[cache] ${cache.stats.hits} reused, ${cache.stats.misses} parsed (${path.relative(process.cwd(), cache.dir)})`);
  if (opts.withReport) console.log(`[report] ${path.join(displayPath(opts.out), "report", "index.html")} — the parse-quality page, at ${opts.pathPrefix ? opts.pathPrefix.replace(/\/?$/, "/") : "/"}report/ of the site`);
}

const buildOptions = (cmd: Command) => cmd
  .option("--content <dir>", "content folder", "content")
  .option("--out <dir>", "output folder", "_site")
  .option("--path-prefix <prefix>", "serve the site under a sub-path, e.g. /archive/")
  .option("--site-url <url>", "the site's public address, for feeds and the sitemap (overrides content/site.yaml)")
  .option("--no-cache", "parse every file again instead of reusing unchanged files' parses");

buildOptions(program
  .command("build")
  .description("parse content/, render the site and index it with Pagefind into _site/ (the old site stays if the build fails)"))
  .option("--with-report", "also write the parse-quality page /report/ (for editors: not searchable, not in the sitemap)")
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
  .description("build the site with its parse-quality page /report/: every issue with its counts (articles, headlines, unplaced text, warnings by kind, mojibake repaired, corrections), its warnings as file:line linked to the issue and article pages, the issues that need an editor's eye first (same as build --with-report)"))
  .addHelpText("after", examples("baokan report && baokan serve --with-report     # then open http://127.0.0.1:8080/report/", "baokan report --out /tmp/review"))
  .action(async (opts: BuildCliOptions) => {
    try {
      await runBuild({ ...opts, withReport: true });
    } catch (e) {
      fail(e);
    }
  });

program
  .command("serve")
  .description("build the site, serve it on localhost, and rebuild when a file in content/ or a template changes (only changed raw files are parsed again); open pages reload by themselves")
  .option("--content <dir>", "content folder", "content")
  .option("--out <dir>", "output folder", "_site")
  .option("--port <port>", "port (0: any free port)", "8080")
  .option("--path-prefix <prefix>", "build and serve under a sub-path, e.g. /archive/")
  .option("--site-url <url>", "the site's public address, for feeds and the sitemap (overrides content/site.yaml)")
  .option("--no-watch", "build and serve only: no rebuilds, no reload script")
  .option("--with-report", "include the parse-quality page /report/, rebuilt with the site")
  .option("--no-cache", "parse every file on every build")
  .addHelpText("after", examples(
    "baokan serve                                   # http://127.0.0.1:8080/, rebuilds on save",
    "baokan serve --port 8000 --content ~/报刊/content",
    "baokan serve --with-report                     # and the parse-quality page at /report/",
    "baokan serve --path-prefix /archive/ --no-watch",
  ))
  .action(async (opts: { content: string; out: string; port: string; pathPrefix?: string; siteUrl?: string; watch: boolean; cache: boolean; withReport?: boolean }) => {
    try {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError("--port", `not a port number: ${opts.port}`);
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
      if ((e as NodeJS.ErrnoException)?.code === "EADDRINUSE") fail(new InputError(`--port ${opts.port}`, "the port is in use; pass another (--port 0 picks a free one)"));
      fail(e);
    }
  });

await program.parseAsync();
