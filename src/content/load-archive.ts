/**
 * Reads content/: one folder per paper (paper.yaml or paper.json gives its name and publisher), one raw file
 * per issue. Each raw file is decoded, its front matter split off, its meta resolved (front matter > file name
 * > inferred from the text), then parsed. Errors name the file (and line); they never take other files down.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { InputError } from "../errors.ts";
import { decode } from "../parse/decode.ts";
import { parseText } from "../parse/pipeline.ts";
import type { Archive, IssueMeta, IssueRecord, PaperInfo } from "../types.ts";
import { splitFrontMatter } from "./front-matter.ts";
import { checkIsoDate, parseIssueName } from "./issue-name.ts";

export const ISSUE_EXT = /\.(txt|md|text)$/i;

export interface LoadResult extends Archive {
  errors: InputError[];
}

export interface RawIssue {
  text: string;
  meta: IssueMeta;
  encoding: string;
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
  const fm = splitFrontMatter(text.replace(/^\uFEFF/, ""), displayPath);
  const name = parseIssueName(path.basename(file), displayPath);
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
  return { text: fm.body, meta, encoding };
}

/** Parses one raw file; its paper comes from the folder it lives in under content/, or is given. */
export async function parseFile(file: string, paper?: PaperInfo | null, displayPath = file): Promise<IssueRecord> {
  const raw = await readIssue(file, paper, displayPath);
  return parseText(raw.text, raw.meta, raw.encoding);
}

/** The paper a file belongs to when it lies in content/<slug>/, else null. */
export async function paperOf(file: string, contentDir: string): Promise<PaperInfo | null> {
  const rel = path.relative(path.resolve(contentDir), path.resolve(file));
  const parts = rel.split(path.sep);
  if (rel.startsWith("..") || parts.length !== 2) return null;
  return readPaperInfo(path.join(path.resolve(contentDir), parts[0]!), parts[0]!);
}

async function readPaperInfo(dir: string, slug: string): Promise<PaperInfo> {
  for (const f of ["paper.yaml", "paper.yml", "paper.json"]) {
    const p = path.join(dir, f);
    let raw: string;
    try {
      raw = await readFile(p, "utf8");
    } catch {
      continue;
    }
    let data: Record<string, unknown>;
    try {
      data = (f.endsWith(".json") ? JSON.parse(raw) : parseYaml(raw)) ?? {};
    } catch (e) {
      throw new InputError(p, `not valid ${f.endsWith(".json") ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`);
    }
    const s = (k: string) => (typeof data[k] === "string" ? (data[k] as string) : null);
    return { slug, name: s("name") ?? slug, publisher: s("publisher"), description: s("description") };
  }
  return { slug, name: slug, publisher: null, description: null };
}

/** Loads and parses every issue under `contentDir`. */
export async function loadArchive(contentDir: string, projectRoot = process.cwd()): Promise<LoadResult> {
  const papers: PaperInfo[] = [];
  const issues: IssueRecord[] = [];
  const errors: InputError[] = [];
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
    const files = (await readdir(dir)).filter((f) => ISSUE_EXT.test(f) && !f.startsWith(".")).sort();
    for (const f of files) {
      const full = path.join(dir, f);
      if (!(await stat(full)).isFile()) continue;
      const display = path.relative(projectRoot, full) || full;
      try {
        issues.push(await parseFile(full, paper, display));
      } catch (e) {
        if (e instanceof InputError) errors.push(e);
        else throw e;
      }
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
  return { papers, issues, errors };
}
