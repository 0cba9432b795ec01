/**
 * Reads content/: one folder per paper (paper.yaml or paper.json gives its name and publisher), one raw file
 * per issue. Each raw file is decoded, its front matter split off, its meta resolved (front matter > file name
 * > inferred from the text), then parsed (or taken from the parse cache), then the editor's corrections
 * (`<stem>.fix.yaml` beside it) and the unit table (`content/units.yaml`) are applied — so `parse`, `check`
 * and the site all see the corrected record. Errors name the file (and line); they never take other files down.
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
import { applyCorrections, correctionsPathFor } from "./corrections.ts";
import { parseCorrections } from "./corrections-yaml.ts";
import { splitFrontMatter } from "./front-matter.ts";
import { checkIsoDate, checkPaperSlug, parseIssueName } from "./issue-name.ts";
import { cacheKey, defaultParseCache, type ParseCache } from "./parse-cache.ts";
import { applyUnitTable, readUnitTable, UNITS_FILE, type UnitTable } from "./units.ts";

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
    throw new InputError(displayPath, `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
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
    meta.issueDate = checkIsoDate(fm.data.date, displayPath, "front matter date");
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
    throw new InputError(correctionsPathFor(displayPath), `cannot read file (${(e as NodeJS.ErrnoException).code})`);
  }
}

function corrected(rec: IssueRecord, text: string, displayPath: string, rawText: string): IssueRecord {
  const fix = parseCorrections(text.replace(/^\uFEFF/, ""), correctionsPathFor(displayPath));
  return applyCorrections(rec, fix, rawText.split("\n"));
}

/** Applies the corrections file beside `file`, if there is one. Bad YAML or a missing article → InputError. */
export async function withCorrections(rec: IssueRecord, file: string, displayPath: string, rawText: string): Promise<IssueRecord> {
  const text = await readCorrectionsText(file, displayPath);
  return text === null ? rec : corrected(rec, text, displayPath, rawText);
}

const unitTableDigests = new WeakMap<UnitTable, string>();

function unitTableDigest(table: UnitTable | null): string {
  if (!table) return "none";
  let d = unitTableDigests.get(table);
  if (!d) unitTableDigests.set(table, (d = createHash("sha1").update(JSON.stringify([...table.canonical])).digest("hex")));
  return d;
}

/** The record's input digest (LoadResult.inputs): the cache key in the parser's folder, the unit table, the corrections. */
function inputDigest(cache: ParseCache, key: string, units: UnitTable | null, fix: string | null): string {
  return createHash("sha1").update(`${cache.dir}\0${key}\0${unitTableDigest(units)}\0${fix === null ? "-" : `+${fix}`}`).digest("hex");
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
): Promise<{ rec: IssueRecord; input: string | null }> {
  const cache = options.cache === undefined ? defaultParseCache() : options.cache;
  const units = options.units ?? null;
  const fixKnownMissing = options.siblings !== undefined && !options.siblings.has(correctionsPathFor(file));
  const withFix = options.corrections !== false && !fixKnownMissing;
  const stamp = cache ? fileStamp(file, paper) : null;
  // A file unchanged since the cache last saw it: its record without reading it. Not with a corrections file,
  // which needs the file's lines.
  const known = cache && stamp && !withFix ? cache.keyFor(displayPath, stamp) : undefined;
  const hit = known ? await cache!.get(known) : null;
  if (hit) {
    cache!.noteStamp(displayPath, stamp!, known!);
    return { rec: applyUnitTable(hit, units), input: inputDigest(cache!, known!, units, null) };
  }
  const raw = await readIssue(file, paper, displayPath);
  const key = cache ? cacheKey(raw.text, raw.meta, raw.encoding) : undefined;
  let rec = await parseRaw(raw, cache, key);
  const fix = withFix ? await readCorrectionsText(file, displayPath) : null;
  if (fix !== null) rec = corrected(rec, fix, displayPath, raw.rawText);
  rec = applyUnitTable(rec, units);
  if (!cache || !key) return { rec, input: null };
  if (stamp) cache.noteStamp(displayPath, stamp, key);
  return { rec, input: inputDigest(cache, key, units, fix) };
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
    const s = (k: string) => (typeof data[k] === "string" ? (data[k] as string) : null);
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
  const results: ({ rec: IssueRecord; input: string | null } | InputError)[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < jobs.length; i = next++) {
      const { file, paper, siblings } = jobs[i]!;
      try {
        results[i] = await loadFile(file, paper, files[i]!, { cache, units, corrections: options.corrections, siblings });
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
  for (const r of results) {
    if (r instanceof InputError) errors.push(r);
    else {
      issues.push(r.rec);
      if (r.input) inputs.set(r.rec, r.input);
    }
  }
  // Two files claiming the same paper and date (and page) would overwrite each other's pages.
  const seen = new Map<string, string>();
  for (const issue of issues) {
    if (!issue.issueDate) continue;
    const key = `${issue.paper}|${issue.issueDate}|${issue.page ?? ""}`;
    const other = seen.get(key);
    if (other) errors.push(new InputError(issue.file, `same paper and date as ${other} (${issue.paper} ${issue.issueDate}); give one a page suffix like -2`));
    else seen.set(key, issue.file);
  }
  return { papers, issues, errors, units, files, ...(cache ? { inputs } : {}) };
}
