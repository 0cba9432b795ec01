#!/usr/bin/env node
/**
 * The baokan command line: parse one file, check the archive, build the site, serve it.
 * Run through tsx (`npm run baokan -- …` or the `baokan` bin). Errors are one line on stderr, exit 1.
 */
import { Command } from "commander";
import path from "node:path";
import { InputError } from "../errors.ts";
import { loadArchive, paperOf, parseFile, readIssue } from "../content/load-archive.ts";
import { checkReport } from "./check-report.ts";
import { parseState } from "../parse/pipeline.ts";

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

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel.startsWith("..") ? file : rel;
}

program
  .command("parse")
  .description("parse one raw issue file and print its record")
  .argument("<file>", "raw issue file (UTF-8, GB18030 or UTF-16)")
  .option("--json", "print the issue record as JSON (the default)")
  .option("--explain", "print, per article, which pass decided its boundaries, headline and unit, and why")
  .option("--content <dir>", "content folder (a file inside it takes its paper from its folder)", "content")
  .action(async (file: string, opts: { json?: boolean; explain?: boolean; content: string }) => {
    try {
      const raw = await readIssue(path.resolve(file), await paperOf(file, opts.content), displayPath(file));
      const state = parseState(raw.text, raw.meta, raw.encoding);
      const record = state.record!;
      if (opts.explain) {
        for (const line of state.explain) console.log(`# ${line}`);
        state.pieces.forEach((p, i) => {
          const a = record.articles[i]!;
          console.log(`\n${a.index}. ${a.headline ?? "（无标题）"}  [${a.kind}]  lines ${a.source.lines.map((r) => r.join("-")).join(",")}`);
          for (const e of p.evidence) console.log(`   - ${e}`);
        });
        return;
      }
      process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    } catch (e) {
      fail(e);
    }
  });

program
  .command("check")
  .description("parse report for every issue in content/ (or the files named): articles, units, authors, warnings")
  .argument("[paths...]", "raw files to check (default: every issue under --content)")
  .option("--content <dir>", "content folder", "content")
  .option("--json", "print the records as JSON")
  .action(async (paths: string[], opts: { content: string; json?: boolean }) => {
    try {
      const issues = [];
      const errors: InputError[] = [];
      if (paths.length) {
        for (const p of paths) {
          try { issues.push(await parseFile(path.resolve(p), await paperOf(p, opts.content), displayPath(p))); } catch (e) { if (e instanceof InputError) errors.push(e); else throw e; }
        }
      } else {
        const archive = await loadArchive(opts.content);
        issues.push(...archive.issues);
        errors.push(...archive.errors);
      }
      if (opts.json) console.log(JSON.stringify({ issues, errors: errors.map((e) => e.message) }, null, 2));
      else for (const issue of issues) console.log(`${checkReport(issue)}\n`);
      for (const e of errors) console.error(`error ${e.message}`);
      process.exitCode = errors.length ? 1 : 0;
    } catch (e) {
      fail(e);
    }
  });

program
  .command("build")
  .description("parse content/, render the site and index it with Pagefind into _site/ (the old site stays if the build fails)")
  .option("--content <dir>", "content folder", "content")
  .option("--out <dir>", "output folder", "_site")
  .option("--path-prefix <prefix>", "serve the site under a sub-path, e.g. /archive/")
  .action(async (opts: { content: string; out: string; pathPrefix?: string }) => {
    try {
      const { buildSite } = await import("../site/build-site.ts");
      await buildSite({ contentDir: opts.content, outDir: opts.out, ...(opts.pathPrefix ? { pathPrefix: opts.pathPrefix } : {}) });
    } catch (e) {
      fail(e);
    }
  });

program
  .command("serve")
  .description("serve the built site on localhost")
  .option("--out <dir>", "site folder", "_site")
  .option("--port <port>", "port", "8080")
  .action(async (opts: { out: string; port: string }) => {
    try {
      const { serve } = await import("../site/serve.ts");
      await serve({ dir: opts.out, port: Number(opts.port) });
    } catch (e) {
      fail(e);
    }
  });

await program.parseAsync();
