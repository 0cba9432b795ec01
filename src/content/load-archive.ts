/**
 * Reads content/: one folder per paper (paper.yaml or paper.json gives its name and publisher), one raw file
 * per issue. Each raw file is decoded, its front matter split off, its meta resolved (front matter > file name
 * > inferred from the text), then parsed (or taken from the parse cache), then the editor's corrections
 * (`<stem>.fix.yaml` beside it) and the unit table (`content/units.yaml`) are applied — so `parse`, `check`
 * and the site all see the corrected record. Errors name the file (and line); they never take other files down.
 */
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
import { checkIsoDate, parseIssueName } from "./issue-name.ts";
import { cacheKey, defaultParseCache, type ParseCache } from "./parse-cache.ts";
import { applyUnitTable, readUnitTable, UNITS_FILE, type UnitTable } from "./units.ts";

export const ISSUE_EXT = /\.(txt|md|text)$/i;

export interface LoadResult extends Archive {
  errors: InputError[];
  /** content/units.yaml as read, or null when there is none (or it is invalid: then it is in `errors`). */
  units?: UnitTable | null;
  /** Every issue file the loader read (parsed or failed), as shown in records and errors. */
  files?: string[];
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
    bytes = await readFile(file);
  } catch (e) {
    throw new InputError(displayPath, `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const { text, encoding } = decode(bytes, displayPath);
  return issueFromText(text, encoding, path.basename(file), paper, displayPath);
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

/** The parser's record for a read file, from the cache when it has it. */
export async function parseRaw(raw: RawIssue, cache: ParseCache | null): Promise<IssueRecord> {
  if (!cache) return parseText(raw.text, raw.meta, raw.encoding);
  const key = cacheKey(raw.text, raw.meta, raw.encoding);
  const hit = await cache.get(key);
  if (hit) return hit;
  const rec = parseText(raw.text, raw.meta, raw.encoding);
  cache.noteParsed(raw.meta.file);
  await cache.set(key, rec);
  return rec;
}

/** Applies the corrections file beside `file`, if there is one. Bad YAML or a missing article → InputError. */
export async function withCorrections(rec: IssueRecord, file: string, displayPath: string, rawText: string): Promise<IssueRecord> {
  const fixPath = correctionsPathFor(file);
  let text: string;
  try {
    text = await readFile(fixPath, "utf8");
  } catch (e) {
    if (["ENOENT", "ENOTDIR"].includes((e as NodeJS.ErrnoException).code ?? "")) return rec;
    throw new InputError(correctionsPathFor(displayPath), `cannot read file (${(e as NodeJS.ErrnoException).code})`);
  }
  const fix = parseCorrections(text.replace(/^\uFEFF/, ""), correctionsPathFor(displayPath));
  return applyCorrections(rec, fix, rawText.split("\n"));
}

/** Parses one raw file; its paper comes from the folder it lives in under content/, or is given. */
export async function parseFile(file: string, paper?: PaperInfo | null, displayPath = file, options: ParseOptions = {}): Promise<IssueRecord> {
  const raw = await readIssue(file, paper, displayPath);
  let rec = await parseRaw(raw, options.cache === undefined ? defaultParseCache() : options.cache);
  const fixKnownMissing = options.siblings !== undefined && !options.siblings.has(correctionsPathFor(file));
  if (options.corrections !== false && !fixKnownMissing) rec = await withCorrections(rec, file, displayPath, raw.rawText);
  return applyUnitTable(rec, options.units ?? null);
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
  const results: (IssueRecord | InputError)[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < jobs.length; i = next++) {
      const { file, paper, siblings } = jobs[i]!;
      try {
        results[i] = await parseFile(file, paper, files[i]!, { cache, units, corrections: options.corrections, siblings });
      } catch (e) {
        if (e instanceof InputError) results[i] = e;
        else throw e;
      }
      options.onProgress?.(++done, jobs.length, files[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_FILES, jobs.length) }, worker));
  for (const r of results) {
    if (r instanceof InputError) errors.push(r);
    else issues.push(r);
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
  return { papers, issues, errors, units, files };
}
