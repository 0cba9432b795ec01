/**
 * Reads content/: one folder per paper (paper.yaml or paper.json gives its name and publisher), one raw file
 * per issue. Each raw file is decoded, its front matter split off, its meta resolved (front matter > file name
 * > inferred from the text), then parsed (or taken from the parse cache), then its articles get their permanent
 * numbers from the ledger beside it (`<stem>.ids.yaml`, issue-numbers.ts), then the editor's corrections
 * (`<stem>.fix.yaml`) and the unit table (`content/units.yaml`) are applied — so `parse`, `check` and the site all
 * see the corrected record under the same numbers. Errors name the file (and line); they never take other files down.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { readConfigFile } from "./config-file.ts";
import { InputError } from "../errors.ts";
import { decode } from "../parse/decode.ts";
import { parseText } from "../parse/pipeline.ts";
import type { Archive, IssueMeta, IssueRecord, PaperInfo } from "../types.ts";
import type { RetiredNumber } from "./article-ledger.ts";
import { correctionsPathFor } from "./corrections.ts";
import { numberIssue } from "./issue-numbers.ts";
import { ledgerPathFor } from "./ledger-file.ts";
import { splitFrontMatter } from "./front-matter.ts";
import { checkIsoDate, checkPaperSlug, parseIssueName } from "./issue-name.ts";
import { cacheKey, defaultParseCache, type ParseCache } from "./parse-cache.ts";
import { applyUnitTable, readUnitTable, UNITS_FILE, type UnitTable } from "./units.ts";
import { INPUT } from "../messages.ts";

export const ISSUE_EXT = /\.(txt|md|text)$/i;

export interface LoadResult extends Archive {
  errors: InputError[];
  /** content/units.yaml as read, or null when there is none (or it is invalid: then it is in `errors`). */
  units?: UnitTable | null;
  /** Every issue file the loader read (parsed or failed), as shown in records and errors. */
  files?: string[];
  /**
   * With a parse cache: for each record, a digest of everything it was made from — the file's text and meta and
   * the parser (the cache key, in the parser's folder), the corrections file and the unit table. Equal digests,
   * equal records: an incremental build does not remake the data file of an issue whose digest is unchanged.
   */
  inputs?: Map<IssueRecord, string>;
  /** Per record, the article numbers its ledger knows that no article has now (merged or removed): article-ledger.ts. */
  retired?: Map<IssueRecord, RetiredNumber[]>;
}

export interface RawIssue {
  /** The text the parser reads: decoded, BOM and front matter removed. */
  text: string;
  meta: IssueMeta;
  encoding: string;
  /** The whole decoded file, front matter included: the lines parse line numbers count. */
  rawText: string;
}

export interface ParseOptions {
  /** Parse cache; `undefined` means the process default (see setDefaultParseCache), `null` none. */
  cache?: ParseCache | null;
  /** The archive's unit table (applied after corrections). */
  units?: UnitTable | null;
  /** Apply `<stem>.fix.yaml` when one lies beside the file (default true). */
  corrections?: boolean;
  /**
   * The files known to exist beside the issue (its folder's listing), so a missing `<stem>.fix.yaml` is not
   * looked for on disk: on a 1,000-issue archive those failed reads cost more than half a second.
   */
  siblings?: ReadonlySet<string>;
  /** Write each issue's article-number ledger (`<stem>.ids.yaml`) when it changed: builds do, reports do not. */
  writeLedgers?: boolean;
}

export interface LoadOptions extends Omit<ParseOptions, "units"> {
  /** Apply content/units.yaml (default true); `check --no-fix` shows the parser's own reading without it. */
  unitTable?: boolean;
  /** Called after each file, for a progress bar. */
  onProgress?: (done: number, total: number, file: string) => void;
}

/** Reads and decodes one raw file and resolves its meta (front matter > file name); does not parse. */
export async function readIssue(file: string, paper?: PaperInfo | null, displayPath = file): Promise<RawIssue> {
  let bytes: Buffer;
  try {
    // Synchronous for the reason ParseCache.get gives: a few hundred microseconds less per file.
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(displayPath, INPUT.cannotRead((e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
  const { text, encoding } = decode(bytes, displayPath);
  const raw = issueFromText(text, encoding, path.basename(file), paper, displayPath);
  // A file of blank lines would publish an empty issue: refused, as add refuses it.
  if (!raw.text.trim()) throw new InputError(displayPath, "文件里只有空行或空白，没有文字；空的一期不发布");
  return raw;
}

/** Decoded text of a file called `basename` → what the parser reads and the meta it gets. */
export function issueFromText(text: string, encoding: string, basename: string, paper: PaperInfo | null | undefined, displayPath: string): RawIssue {
  const rawText = text.replace(/^\uFEFF/, "");
  const fm = splitFrontMatter(rawText, displayPath);
  const name = parseIssueName(basename, displayPath);
  const meta: IssueMeta = {
    file: displayPath,
    paper: fm.data.paper ?? paper?.slug ?? null,
    paperName: fm.data.paperName ?? paper?.name ?? null,
    issueDate: null,
    issueDateSource: "unknown",
    page: fm.data.page ?? name.suffix,
    lineOffset: fm.lineOffset,
  };
  if (fm.data.date) {
    meta.issueDate = checkIsoDate(fm.data.date, displayPath, "文件头的 date:");
    meta.issueDateSource = "frontmatter";
  } else if (name.date) {
    meta.issueDate = name.date;
    meta.issueDateSource = "filename";
  }
  return { text: fm.body, meta, encoding, rawText };
}

/** The parser's record for a read file, from the cache when it has it (under `key`, the file's cacheKey). */
export async function parseRaw(raw: RawIssue, cache: ParseCache | null, key?: string): Promise<IssueRecord> {
  if (!cache) return parseText(raw.text, raw.meta, raw.encoding);
  key ??= cacheKey(raw.text, raw.meta, raw.encoding);
  const hit = await cache.get(key);
  if (hit) return hit;
  const rec = parseText(raw.text, raw.meta, raw.encoding);
  cache.noteParsed(raw.meta.file);
  await cache.set(key, rec);
  return rec;
}

/** The text of the corrections file beside `file`, or null when there is none. */
async function readCorrectionsText(file: string, displayPath: string): Promise<string | null> {
  try {
    return await readFile(correctionsPathFor(file), "utf8");
  } catch (e) {
    if (["ENOENT", "ENOTDIR"].includes((e as NodeJS.ErrnoException).code ?? "")) return null;
    throw new InputError(correctionsPathFor(displayPath), INPUT.cannotRead(String((e as NodeJS.ErrnoException).code)));
  }
}

/**
 * Puts the parse under the permanent numbers of the ledger beside `file` and applies the corrections file, if
 * there is one; reads, never writes. Bad YAML or a missing article → InputError.
 */
export async function withCorrections(rec: IssueRecord, file: string, displayPath: string, rawText: string): Promise<IssueRecord> {
  const fix = await readCorrectionsText(file, displayPath);
  return (await numberIssue(rec, { file, displayPath, fix, rawLines: rawText.split("\n") })).rec;
}

const unitTableDigests = new WeakMap<UnitTable, string>();

function unitTableDigest(table: UnitTable | null): string {
  if (!table) return "none";
  let d = unitTableDigests.get(table);
  if (!d) unitTableDigests.set(table, (d = createHash("sha1").update(JSON.stringify([...table.canonical])).digest("hex")));
  return d;
}

/**
 * The record's input digest (LoadResult.inputs): the cache key in the parser's folder, the unit table, the
 * corrections, the article-number ledger (its numbers are the record's).
 */
function inputDigest(cache: ParseCache, key: string, units: UnitTable | null, fix: string | null, ledger: string): string {
  return createHash("sha1").update(`${cache.dir}\0${key}\0${unitTableDigest(units)}\0${fix === null ? "-" : `+${fix}`}\0${ledger}`).digest("hex");
}

/**
 * What the parse cache remembers a file by between builds (ParseCache.keyFor): its size, times and inode, and the
 * paper folder's name for it, which its meta also reads. Null when the file cannot be stat'ed (reading it says why).
 */
function fileStamp(file: string, paper: PaperInfo | null | undefined): string | null {
  const st = statSync(file, { bigint: true, throwIfNoEntry: false });
  return st ? [st.size, st.mtimeNs, st.ctimeNs, st.ino, paper?.slug ?? "", paper?.name ?? ""].join("\0") : null;
}

/** parseFile, and with a parse cache the record's input digest (LoadResult.inputs). */
async function loadFile(
  file: string, paper: PaperInfo | null | undefined, displayPath: string, options: ParseOptions,
): Promise<{ rec: IssueRecord; input: string | null; retired: RetiredNumber[] }> {
  const cache = options.cache === undefined ? defaultParseCache() : options.cache;
  const units = options.units ?? null;
  const fixKnownMissing = options.siblings !== undefined && !options.siblings.has(correctionsPathFor(file));
  const withFix = options.corrections !== false && !fixKnownMissing;
  const numbering = {
    file, displayPath, write: options.writeLedgers === true && options.corrections !== false,
    knownMissing: options.siblings !== undefined && !options.siblings.has(ledgerPathFor(file)),
  };
  const stamp = cache ? fileStamp(file, paper) : null;
  // A file unchanged since the cache last saw it: its record without reading it. Not with a corrections file,
  // which needs the file's lines.
  const known = cache && stamp && !withFix ? cache.keyFor(displayPath, stamp) : undefined;
  const hit = known ? await cache!.get(known) : null;
  if (hit) {
    cache!.noteStamp(displayPath, stamp!, known!);
    const n = await numberIssue(hit, { ...numbering, fix: null, remember: { store: cache!, parse: known! } });
    return { rec: applyUnitTable(n.rec, units), input: inputDigest(cache!, known!, units, null, n.ledger), retired: n.retired };
  }
  const raw = await readIssue(file, paper, displayPath);
  const key = cache ? cacheKey(raw.text, raw.meta, raw.encoding) : undefined;
  let rec = await parseRaw(raw, cache, key);
  const fix = withFix ? await readCorrectionsText(file, displayPath) : null;
  const n = await numberIssue(rec, { ...numbering, fix, rawLines: raw.rawText.split("\n"), ...(cache && key ? { remember: { store: cache, parse: key } } : {}) });
  rec = applyUnitTable(n.rec, units);
  if (!cache || !key) return { rec, input: null, retired: n.retired };
  if (stamp) cache.noteStamp(displayPath, stamp, key);
  return { rec, input: inputDigest(cache, key, units, fix, n.ledger), retired: n.retired };
}

/** Parses one raw file; its paper comes from the folder it lives in under content/, or is given. */
export async function parseFile(file: string, paper?: PaperInfo | null, displayPath = file, options: ParseOptions = {}): Promise<IssueRecord> {
  return (await loadFile(file, paper, displayPath, options)).rec;
}

/** The paper a file belongs to when it lies in content/<slug>/, else null. */
export async function paperOf(file: string, contentDir: string): Promise<PaperInfo | null> {
  const rel = path.relative(path.resolve(contentDir), path.resolve(file));
  const parts = rel.split(path.sep);
  if (rel.startsWith("..") || parts.length !== 2) return null;
  return readPaperInfo(path.join(path.resolve(contentDir), parts[0]!), parts[0]!);
}

/** The unit table of a content folder (content/units.yaml), or null when there is none. */
export async function unitsOf(contentDir: string, projectRoot = process.cwd()): Promise<UnitTable | null> {
  const file = path.join(contentDir, UNITS_FILE);
  const rel = path.relative(projectRoot, path.resolve(file));
  return readUnitTable(file, rel && !rel.startsWith("..") ? rel : path.resolve(file));
}

export async function readPaperInfo(dir: string, slug: string): Promise<PaperInfo> {
  const found = await readConfigFile(dir, ["paper.yaml", "paper.yml", "paper.json"]);
  if (found) {
    const data = (typeof found.data === "object" && found.data !== null ? found.data : {}) as Record<string, unknown>;
    for (const k of ["name", "publisher", "description"]) {
      // A list or a mapping where a name is wanted would otherwise leave the paper named by its folder, silently.
      if (data[k] !== undefined && data[k] !== null && typeof data[k] === "object") throw new InputError(found.file, `${k}: 应是一段文字，这里却是${Array.isArray(data[k]) ? "一个列表" : "一组“键: 值”"}`);
    }
    const s = (k: string) => (typeof data[k] === "string" || typeof data[k] === "number" ? String(data[k]).trim() || null : null);
    return { slug, name: s("name") ?? slug, publisher: s("publisher"), description: s("description") };
  }
  return { slug, name: slug, publisher: null, description: null };
}

/** Every issue file of a paper folder, sorted. */
export async function issueFilesIn(dir: string): Promise<string[]> {
  return (await paperFolder(dir)).issues;
}

/** A paper folder's issue files, sorted, and the path of every file in it (for the corrections files). */
async function paperFolder(dir: string): Promise<{ issues: string[]; files: Set<string> }> {
  const issues: string[] = [];
  const files = new Set<string>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    // A link is followed, as stat() does; plain files need no extra call.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(p).then((st) => st.isFile(), () => false)));
    if (!isFile) continue;
    files.add(p);
    if (ISSUE_EXT.test(entry.name) && !entry.name.startsWith(".")) issues.push(p);
  }
  return { issues: issues.sort(), files };
}

/** Files read and parsed at once by loadArchive. */
const PARALLEL_FILES = 8;

/** Loads and parses every issue under `contentDir`. */
export async function loadArchive(contentDir: string, projectRoot = process.cwd(), options: LoadOptions = {}): Promise<LoadResult> {
  const papers: PaperInfo[] = [];
  const issues: IssueRecord[] = [];
  const errors: InputError[] = [];
  let units: UnitTable | null = null;
  try {
    if (options.unitTable !== false) units = await unitsOf(contentDir, projectRoot);
  } catch (e) {
    if (e instanceof InputError) errors.push(e);
    else throw e;
  }
  const jobs: { file: string; paper: PaperInfo; siblings: ReadonlySet<string> }[] = [];
  const entries = (await readdir(contentDir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
    const dir = path.join(contentDir, entry.name);
    let paper: PaperInfo;
    try {
      // A folder named "<a&b>" would make pages under an escaped name and links to the raw one.
      checkPaperSlug(entry.name, path.join(path.basename(contentDir), entry.name), "content/ 里的报纸文件夹");
      paper = await readPaperInfo(dir, entry.name);
    } catch (e) {
      if (e instanceof InputError) { errors.push(e); continue; }
      throw e;
    }
    papers.push(paper);
    const folder = await paperFolder(dir);
    for (const file of folder.issues) jobs.push({ file, paper, siblings: folder.files });
  }
  const cache = options.cache === undefined ? defaultParseCache() : options.cache;
  let done = 0;
  const display = (file: string) => {
    const rel = path.relative(projectRoot, path.resolve(file));
    // Inside the project: "content/jinlv/x.txt"; elsewhere (a temp folder) the absolute path, not "../../tmp/…".
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : path.resolve(file);
  };
  const files = jobs.map((j) => display(j.file));
  // A few files at a time: parsing is synchronous, but reading a file and reading or writing its cache entry wait
  // on the disk, and one at a time those waits added ~6 s to the 1,047 files of a 10,000-article archive.
  const results: ({ rec: IssueRecord; input: string | null; retired: RetiredNumber[] } | InputError)[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < jobs.length; i = next++) {
      const { file, paper, siblings } = jobs[i]!;
      try {
        results[i] = await loadFile(file, paper, files[i]!, { cache, units, corrections: options.corrections, siblings, writeLedgers: options.writeLedgers });
      } catch (e) {
        if (e instanceof InputError) results[i] = e;
        else throw e;
      }
      options.onProgress?.(++done, jobs.length, files[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_FILES, jobs.length) }, worker));
  await cache?.saveStamps();
  const inputs = new Map<IssueRecord, string>();
  const retired = new Map<IssueRecord, RetiredNumber[]>();
  for (const r of results) {
    if (r instanceof InputError) errors.push(r);
    else {
      issues.push(r.rec);
      if (r.input) inputs.set(r.rec, r.input);
      if (r.retired.length) retired.set(r.rec, r.retired);
    }
  }
  sameDateIssues(issues, errors, inputs, retired);
  return { papers, issues, errors, units, files, retired, ...(cache ? { inputs } : {}) };
}

const explicit = (i: IssueRecord) => i.issueDateSource === "filename" || i.issueDateSource === "frontmatter";

/**
 * Two files of one paper with the same date and page. Both dated by the editor (file name or front matter): the
 * same issue twice, an error. Otherwise a date inferred from the text is shared — two undated pages of one month,
 * say — and nothing is wrong with either file: each keeps its own address (the site appends the file stem to a
 * shared key, site-data.ts assignIssueKeys) and both get a warning saying so. The warning is part of the record, so
 * its input digest changes with it (an incremental build rewrites the issue's data file).
 */
function sameDateIssues(issues: IssueRecord[], errors: InputError[], inputs: Map<IssueRecord, string>, retired: Map<IssueRecord, RetiredNumber[]>): void {
  const groups = new Map<string, number[]>();
  for (const [i, issue] of issues.entries()) {
    if (!issue.issueDate) continue;
    const key = `${issue.paper}|${issue.issueDate}|${issue.page ?? ""}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const dated = group.filter((i) => explicit(issues[i]!));
    for (const i of dated.slice(1)) errors.push(new InputError(issues[i]!.file, INPUT.sameDate(issues[dated[0]!]!.file, issues[i]!.paper, issues[i]!.issueDate)));
    for (const i of group) {
      const issue = issues[i]!;
      if (dated.length > 1 && explicit(issue)) continue;
      const others = group.filter((j) => j !== i).map((j) => issues[j]!.file);
      const message = `与 ${others.join("、")} 的日期同为 ${issue.issueDate}（${explicit(issue) ? "本文件写明" : "本文件的日期由正文推断"}）；各期分别使用带文件名的地址。日期若不对，请在文件名或文件头 date: 写明`;
      const rec: IssueRecord = { ...issue, warnings: [...issue.warnings, { line: 1, pass: "loadArchive", message }] };
      const input = inputs.get(issue);
      if (input !== undefined) inputs.set(rec, createHash("sha1").update(`${input}\0${message}`).digest("hex"));
      const gone = retired.get(issue);
      if (gone) retired.set(rec, gone);
      inputs.delete(issue);
      retired.delete(issue);
      issues[i] = rec;
    }
  }
}
