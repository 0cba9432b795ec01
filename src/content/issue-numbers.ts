/**
 * One issue's permanent numbers, end to end: read its ledger (`<stem>.ids.yaml`), number the parse by it, apply
 * the corrections file on those numbers, and — for a build — write the ledger back when, and only when, its text
 * changed. Called by the loader (load-archive.ts) for every issue, cached or parsed.
 *
 * With a store (the parse cache's, parse-cache.ts) the outcome is remembered under a digest of everything it is
 * made from — the parse (its cache key), the ledger's text, the corrections file (and the raw lines they look
 * phrases up in) and this code (contentSourcesKey) — so an issue whose file, ledger and corrections are unchanged
 * costs no signatures and no matching: at 30,000 articles that was ~4 CPU-s of every build. When a build writes a
 * new ledger (the first build of an issue, or one whose numbers moved), the issue is numbered once more against
 * the text just written, from the prints already made, and that outcome is stored under the new text's digest:
 * the next build, which reads that text, finds it. Every entry is exactly what numbering its inputs gives.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../errors.ts";
import type { IssueRecord } from "../types.ts";
import { numberArticles, renumber, retiredNumbers, splitNumbering, updateLedger, type PrintMemo, type RetiredNumber } from "./article-ledger.ts";
import { applyNumberedCorrections, correctionsPathFor } from "./corrections.ts";
import { parseCorrections } from "./corrections-yaml.ts";
import { formatLedger, ledgerPathFor, parseLedger, type Ledger, type LedgerEntry } from "./ledger-file.ts";

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
  /** Remember outcomes in (and take them from) `store`; `parse` is the parse's cache key (parse-cache.ts cacheKey). */
  remember?: { store: NumberingStore; parse: string };
}

/** What is kept of one numbering: enough to give its outcome again without prints or matching. */
export interface NumberingEntry {
  /** Without a corrections file: the permanent number of each of the parser's articles, in its order (renumber). */
  numbers?: number[];
  /** With one: the corrected record. */
  rec?: IssueRecord;
  /** The ledger's text after numbering, when it is not the text the entry was stored under. */
  ledger?: string;
  retired: RetiredNumber[];
}

/** Where numbering outcomes are kept between builds: ParseCache.numbering / noteNumbering. */
export interface NumberingStore {
  numbering(key: string): NumberingEntry | undefined;
  noteNumbering(key: string, entry: NumberingEntry): void;
  /** A digest of the code the outcome depends on (contentSourcesKey). */
  readonly codeKey: string;
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

/** The key an outcome is stored under: the code, the parse, the ledger's text, the corrections and their raw lines. */
function entryKey(opts: NumberOptions, ledger: string | null): string {
  const { store, parse } = opts.remember!;
  const h = createHash("sha1").update(`${store.codeKey}\0${parse}\0`);
  h.update(ledger === null ? "-" : `+${ledger}`).update("\0");
  if (opts.fix !== null) {
    h.update(`+${opts.fix}\0`);
    for (const line of opts.rawLines ?? []) h.update(line).update("\n");
  } else h.update("-");
  return h.digest("hex");
}

type Outcome = NumberedIssue & { numbers: number[]; next: Ledger };

/** The outcome of numbering `parsed` against the ledger text `before` (null: none), corrected; writes nothing. */
function numberAgainst(parsed: IssueRecord, before: string | null, opts: NumberOptions, shown: string, memo: PrintMemo): Outcome {
  const ledger = before === null ? null : parseLedger(before, shown);
  const numbered = numberArticles(parsed, ledger, memo);
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
  return { rec, ledger: text, retired: retiredNumbers(next, new Set(rec.articles.map((a) => a.index))), numbers: numbered.numbers, next };
}

/**
 * Whether numbering the same parse, without corrections, against the ledger `next` it just gave would give it all
 * back — the same numbers, ledger and retired numbers — so that need not be run (reading and writing the ledger
 * again and matching cost ~0.6 CPU-s per 10,000 articles). It does when no two entries share first line, size and
 * signature: matchArticles' exact pass then gives each article the number whose entry holds its own print,
 * updateLedger writes the same live entries, and every retired entry, keeping its signature, finds the same holder
 * (holderOf) as before. The ledger file reads back as written (ledger-file.ts), so the file and `next` agree.
 */
function givesItselfBack(next: Ledger): boolean {
  const atLine = new Map<number, LedgerEntry[]>();
  for (const e of next.values()) {
    const here = atLine.get(e.line);
    if (!here) {
      atLine.set(e.line, [e]);
      continue;
    }
    if (here.some((o) => o.size === e.size && o.sig.length === e.sig.length && o.sig.every((v, k) => v === e.sig[k]))) return false;
    here.push(e);
  }
  return true;
}

function entryOf(n: NumberedIssue & { numbers: number[] }, fix: string | null, storedUnder: string | null): NumberingEntry {
  return { ...(fix === null ? { numbers: n.numbers } : { rec: n.rec }), ...(n.ledger !== storedUnder ? { ledger: n.ledger } : {}), retired: n.retired };
}

/** The parser's record under its permanent numbers, corrected. Bad corrections or a broken ledger → InputError. */
export async function numberIssue(parsed: IssueRecord, opts: NumberOptions): Promise<NumberedIssue> {
  const at = ledgerPathFor(opts.file);
  const shown = ledgerPathFor(opts.displayPath);
  const before = opts.knownMissing ? null : readLedgerText(at, shown);
  const store = opts.remember?.store;
  const key = store ? entryKey(opts, before) : "";
  const known = store?.numbering(key);
  if (store && known && (known.rec !== undefined || known.numbers?.length === parsed.articles.length)) {
    store.noteNumbering(key, known);
    const text = known.ledger ?? before ?? "";
    if (opts.write && text !== before) await writeLedger(at, shown, text);
    return { rec: known.rec ?? renumber(parsed, known.numbers!), ledger: text, retired: known.retired };
  }
  const memo: PrintMemo = new Map();
  const n = numberAgainst(parsed, before, opts, shown, memo);
  const written = opts.write === true && n.ledger !== before;
  // Kept under the text it was numbered from — unless that text is about to be replaced on disk: never asked for.
  if (!written) store?.noteNumbering(key, entryOf(n, opts.fix, before));
  if (written) {
    await writeLedger(at, shown, n.ledger);
    if (store) {
      // What the next build will see: the same parse against the text just written (from the prints in `memo`).
      // Only a speed-up: should that numbering fail, the next build numbers the issue itself and says why.
      try {
        const again = opts.fix === null && givesItselfBack(n.next) ? n : numberAgainst(parsed, n.ledger, opts, shown, memo);
        store.noteNumbering(entryKey(opts, n.ledger), entryOf(again, opts.fix, n.ledger));
      } catch {
        // nothing stored
      }
    }
  }
  return { rec: n.rec, ledger: n.ledger, retired: n.retired };
}

/** The permanent number of each of the parser's articles, in its order (`parse --explain`): the ledger's match, no corrections. */
export function parserNumbers(parsed: IssueRecord, file: string, displayPath: string): number[] {
  const text = readLedgerText(ledgerPathFor(file), ledgerPathFor(displayPath));
  return numberArticles(parsed, text === null ? null : parseLedger(text, ledgerPathFor(displayPath))).record.articles.map((a) => a.index);
}
