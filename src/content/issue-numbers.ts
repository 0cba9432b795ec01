/**
 * One issue's permanent numbers, end to end: read its ledger (`<stem>.ids.yaml`), number the parse by it, apply
 * the corrections file on those numbers, and — for a build — write the ledger back when, and only when, its text
 * changed. Called by the loader (load-archive.ts) for every issue, cached or parsed.
 */
import { readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../errors.ts";
import type { IssueRecord } from "../types.ts";
import { numberArticles, retiredNumbers, splitNumbering, updateLedger, type RetiredNumber } from "./article-ledger.ts";
import { applyNumberedCorrections, correctionsPathFor } from "./corrections.ts";
import { parseCorrections } from "./corrections-yaml.ts";
import { formatLedger, ledgerPathFor, parseLedger } from "./ledger-file.ts";

export interface NumberOptions {
  /** The issue file on disk, and as shown in records and errors. */
  file: string;
  displayPath: string;
  /** The corrections file's text, or null: none (or `--no-fix`). */
  fix: string | null;
  /** The raw file's lines, for corrections that look up a phrase's line. */
  rawLines?: readonly string[];
  /**
   * Write the ledger when it changed (builds). Read-only callers (`check`, `parse`, `add`'s report) get the
   * numbers a build would give without touching content/. Never with `--no-fix`: a ledger written without the
   * corrections would forget which numbers they merged and split.
   */
  write?: boolean;
  /** The folder listing says there is no ledger: not looked for on disk. */
  knownMissing?: boolean;
}

export interface NumberedIssue {
  rec: IssueRecord;
  /** The ledger's text as it now stands (written or not): part of the record's input digest. */
  ledger: string;
  /** Numbers no article has any more, for the pages that say where their text went. */
  retired: RetiredNumber[];
}

function readLedgerText(file: string, display: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw new InputError(display, `无法读取文章编号台账（${code || (e as Error).message}）`);
  }
}

/** Writes the whole file or nothing: a build killed mid-write must not leave half a ledger in content/. */
async function writeLedger(file: string, display: string, text: string): Promise<void> {
  // A dot file ending .tmp: the serve watcher's scratch pattern ignores it, and the loader never reads it.
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text, "utf8");
    await rename(tmp, file);
  } catch (e) {
    throw new InputError(display, `无法写入文章编号台账（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）：content/ 的这个文件夹是否可写？`);
  }
}

/** The parser's record under its permanent numbers, corrected. Bad corrections or a broken ledger → InputError. */
export async function numberIssue(parsed: IssueRecord, opts: NumberOptions): Promise<NumberedIssue> {
  const at = ledgerPathFor(opts.file);
  const shown = ledgerPathFor(opts.displayPath);
  const before = opts.knownMissing ? null : readLedgerText(at, shown);
  const ledger = before === null ? null : parseLedger(before, shown);
  const numbered = numberArticles(parsed, ledger);
  let rec = numbered.record;
  let merged = new Map<number, number>();
  let splitFrom = new Map<number, number>();
  if (opts.fix !== null) {
    const live = new Set(rec.articles.map((a) => a.index));
    const retired = new Set([...(ledger?.keys() ?? [])].filter((n) => !live.has(n)));
    const fix = parseCorrections(opts.fix.replace(/^\uFEFF/, ""), correctionsPathFor(opts.displayPath));
    ({ record: rec, merged, splitFrom } = applyNumberedCorrections(rec, fix, opts.rawLines, { numberFor: splitNumbering(numbered), retired }));
  }
  const next = updateLedger(numbered, rec, { merged, splitFrom });
  const text = formatLedger(next, opts.file);
  if (opts.write && text !== before) await writeLedger(at, shown, text);
  return { rec, ledger: text, retired: retiredNumbers(next, new Set(rec.articles.map((a) => a.index))) };
}

/** The permanent number of each of the parser's articles, in its order (`parse --explain`): the ledger's match, no corrections. */
export function parserNumbers(parsed: IssueRecord, file: string, displayPath: string): number[] {
  const text = readLedgerText(ledgerPathFor(file), ledgerPathFor(displayPath));
  return numberArticles(parsed, text === null ? null : parseLedger(text, ledgerPathFor(displayPath))).record.articles.map((a) => a.index);
}
