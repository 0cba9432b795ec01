/**
 * `baokan check [paths…]`: the parse report of the archive, or of the files and folders named. Named files
 * are compared with the whole archive (duplicates, once-seen units), so the archive is always loaded.
 * Exit 0, or 1 when a file cannot be read or a corrections file names an article that does not exist;
 * `--strict` makes warnings errors too.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { FINDING_LABELS, unitsSeenOnce, type FindingKind } from "../content/findings.ts";
import { issueFilesIn, loadArchive, paperOf, parseFile, type LoadResult } from "../content/load-archive.ts";
import { ParseCache, DEFAULT_CACHE_DIR } from "../content/parse-cache.ts";
import { InputError } from "../errors.ts";
import { orphanLedgers } from "../content/orphan-ledgers.ts";
import { CLI, INPUT, LEDGER } from "../messages.ts";
import type { IssueRecord } from "../types.ts";
import { findingsByIssue } from "../site/report.ts";
import { loadSiteConfig } from "../site/site-config.ts";
import { issueReport } from "./check-report.ts";
import { colorsFor, progressBar } from "./term.ts";

export interface CheckOptions {
  content: string;
  json?: boolean;
  strict?: boolean;
  cache: boolean;
  fix: boolean;
}

export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel || file;
}

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
};

interface Selection { issues: IssueRecord[]; errors: InputError[] }

/** The issues and errors the named paths cover: archive files by path, anything else parsed on its own. */
async function select(paths: string[], archive: LoadResult, opts: CheckOptions, cache: ParseCache | null): Promise<Selection> {
  if (!paths.length) return { issues: archive.issues, errors: archive.errors };
  const content = path.resolve(opts.content);
  const targets = paths.map((p) => path.resolve(p));
  const covered = (file: string) => targets.some((t) => inside(path.resolve(file), t));
  const issues = archive.issues.filter((i) => covered(i.file));
  // Errors about a named file, or that concern every file (the unit table).
  const errors = archive.errors.filter((e) => covered(e.file) || covered(e.file.replace(/\.fix\.yaml$/, ".txt")) || path.basename(e.file) === "units.yaml" || targets.some((t) => e.message.includes(displayPath(t))));
  const known = new Set([...(archive.files ?? []), ...archive.errors.map((e) => e.file)].map((f) => path.resolve(f)));
  for (const [i, p] of paths.entries()) {
    const abs = targets[i]!;
    const files = existsSync(abs) && statSync(abs).isDirectory() ? await issueFilesIn(abs) : [abs];
    for (const f of files.filter((x) => !known.has(x))) {
      known.add(f);
      try {
        const units = inside(f, content) ? archive.units : null;
        issues.push(await parseFile(f, await paperOf(f, opts.content), f === abs ? p : displayPath(f), { cache, units, corrections: opts.fix }));
      } catch (e) {
        if (e instanceof InputError) errors.push(e);
        else throw e;
      }
    }
  }
  return { issues, errors };
}

export async function runCheck(paths: string[], opts: CheckOptions): Promise<number> {
  const cache = opts.cache ? new ParseCache(DEFAULT_CACHE_DIR) : null;
  const bar = opts.json ? progressBar({ isTTY: false } as NodeJS.WriteStream) : progressBar();
  const hasContent = existsSync(opts.content) && statSync(opts.content).isDirectory();
  if (!hasContent && !paths.length) throw new InputError(opts.content, INPUT.noContent);
  let archive: LoadResult = { papers: [], issues: [], errors: [] };
  try {
    if (hasContent) archive = await loadArchive(opts.content, process.cwd(), { cache, corrections: opts.fix, unitTable: opts.fix, onProgress: (d, t, f) => bar.tick(d, t, f) });
  } finally {
    bar.stop();
  }
  const { issues, errors } = await select(paths, archive, opts, cache);
  // content/site.yaml, checked as the build reads it: a file the build would refuse fails check too.
  if (hasContent) errors.push(...(await loadSiteConfig(opts.content)).errors);
  // A ledger left by a renamed issue file: its articles lose their numbers unless it is renamed along.
  const orphans = hasContent ? (await orphanLedgers(opts.content)).map(displayPath) : [];
  const chosen = new Set(issues.map((i) => i.file));
  const everyone = [...archive.issues, ...issues.filter((i) => !archive.issues.includes(i))];
  // The same grouping the site's /report/ page uses (site/report.ts), so the two never disagree.
  const findings = findingsByIssue(issues, everyone);
  const all = [...findings.values()].flat();
  const warnings = all.filter((f) => f.severity === "warning");
  const once = unitsSeenOnce(everyone).filter((u) => chosen.has(u.file));
  const exitCode = errors.length || (opts.strict && warnings.length) ? 1 : 0;

  if (opts.json) {
    const summary = { files: issues.length, articles: issues.reduce((n, i) => n + i.articles.length, 0), warnings: warnings.length, errors: errors.length, strict: !!opts.strict, exitCode };
    const errs = errors.map((e) => ({ file: e.file, line: e.line, detail: e.detail, message: e.message }));
    process.stdout.write(`${JSON.stringify({ summary, issues, findings: all, unitsSeenOnce: once, orphanLedgers: orphans, errors: errs }, null, 2)}\n`);
  } else {
    const c = colorsFor(process.stdout);
    for (const issue of issues) console.log(`${issueReport(issue, findings.get(issue.file) ?? [], c, opts.strict)}\n`);
    const byKind = new Map<FindingKind, number>();
    for (const f of warnings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
    const kinds = [...byKind].map(([k, n]) => `${FINDING_LABELS[k]} ${n}`).join("、");
    const lonely = once.filter((u) => !u.similar.length).map((u) => u.unit);
    if (lonely.length) console.log(c.dim(`只出现一次的单位（${lonely.length} 个；若是别的单位的异写，写进 content/units.yaml）：${lonely.join("、")}`));
    for (const o of orphans) console.log(c.yellow(LEDGER.orphan(o)));
    const articleCount = issues.reduce((n, i) => n + i.articles.length, 0);
    const verdict = exitCode ? c.red(opts.strict && !errors.length ? "未通过（--strict：警告按错误计）" : "未通过") : c.green("通过");
    console.log(`共 ${issues.length} 个文件、${articleCount} 篇文章；警告 ${warnings.length} 条${kinds ? `（${kinds}）` : ""}；错误 ${errors.length} 条 — ${verdict}`);
  }
  const ce = colorsFor(process.stderr);
  for (const e of errors) console.error(`${ce.red(CLI.errorTag)} ${e.message}`);
  return exitCode;
}
