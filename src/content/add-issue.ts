/**
 * `baokan add`: a raw file from the print shop or an OCR tool → content/<paper>/<YYYY-MM-DD>[-page].txt.
 *
 * Planning does everything that can fail — decode, front matter, paper and date, the name, clashes with the
 * archive, the corrections file that will apply — before anything is written; committing writes to a temp
 * file in the target folder and renames it into place, so a failed add leaves content/ as it was.
 *
 * Naming: a date given (--date), in the file's front matter, in its name ("劲旅2024-01-05.txt") or inferred
 * from the text to the day (a web page's "时间:2024-04-25") names the file. A date the text gives only to the
 * month (most print pages: "2023 年 12 月 30 日" at year end → 2024-01) cannot name a file without inventing
 * a day, so the file keeps its own name and the loader infers the month again on every parse, marked
 * "inferred" on the site.
 */
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { InputError } from "../errors.ts";
import { pathExists } from "../fs-exists.ts";
import { decode } from "../parse/decode.ts";
import { parseText } from "../parse/pipeline.ts";
import type { IssueRecord, PaperInfo } from "../types.ts";
import { correctionsPathFor } from "./corrections.ts";
import { splitFrontMatter } from "./front-matter.ts";
import { furnitureKey, inferPaper } from "./infer-paper.ts";
import { checkIsoDate, isRealDate } from "./issue-name.ts";
import { issueFromText, loadArchive, parseRaw, readPaperInfo, unitsOf, withCorrections } from "./load-archive.ts";
import type { ParseCache } from "./parse-cache.ts";
import { applyUnitTable } from "./units.ts";

export interface AddRequest {
  source: string;
  /** The source as the editor typed it, for messages. */
  sourceDisplay: string;
  contentDir: string;
  projectRoot?: string;
  paper?: string;
  date?: string;
  page?: string;
  replace?: boolean;
  cache?: ParseCache | null;
}

export type DateSource = "option" | "frontmatter" | "filename" | "inferred" | "none";

export interface AddPlan {
  encoding: string;
  text: string;
  slug: string;
  paperName: string;
  paperIsNew: boolean;
  /** Why this paper: "--paper", "front matter", or the evidence ("电头“劲旅讯” 19 处"). */
  paperWhy: string;
  /** paper.yaml to create for a new paper whose name the datelines print; null otherwise. */
  paperYaml: string | null;
  date: string | null;
  dateSource: DateSource;
  dateWhy: string;
  target: string;
  targetDisplay: string;
  nameWhy: string;
  /** Files the add replaces (only with --replace): the same name, or another file of the same paper and date. */
  replaces: string[];
  /** A corrections file of a replaced file that moves to the new name. */
  moveFix: { from: string; to: string } | null;
  /** The record as the loader will read the new file (corrections and units applied). */
  record: IssueRecord;
  /** Every other issue of the archive, for duplicate checks. */
  others: IssueRecord[];
}

export const SLUG = /^[a-z0-9][a-z0-9_-]*$/;

/** A date in a source file name: "2024-01-05", "2024_01_05", "20240105", "2024年1月5日". */
const NAME_DATE = /(?<![\dA-Za-z])((?:19|20)\d{2})(?:([-_.])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{2})|年(\d{1,2})月(\d{1,2})日?)(?![\dA-Za-z])/;

export function dateInName(basename: string, display: string): string | null {
  const m = NAME_DATE.exec(basename);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[3] ?? m[5] ?? m[7]), Number(m[4] ?? m[6] ?? m[8])];
  const iso = `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  if (!isRealDate(y, mo, d)) throw new InputError(display, `date in file name "${iso}" is not a real date; pass --date YYYY-MM-DD`);
  return iso;
}

/** A path as messages show it: relative to the project when inside it, else absolute. */
export const shownPath = (root: string, p: string) => {
  const r = path.relative(root, path.resolve(p));
  return r && !r.startsWith("..") && !path.isAbsolute(r) ? r : path.resolve(p);
};

async function knownPapers(contentDir: string): Promise<PaperInfo[]> {
  const entries = await readdir(contentDir, { withFileTypes: true }).catch(() => []);
  const out: PaperInfo[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory() && !/^[._]/.test(e.name)) out.push(await readPaperInfo(path.join(contentDir, e.name), e.name).catch(() => ({ slug: e.name, name: e.name, publisher: null, description: null })));
  }
  return out;
}

/** Unplaced text that is page furniture (not a stray headline), per paper: mastheads, site chrome, editor-dropped. */
function furnitureOf(issues: IssueRecord[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const rec of issues) {
    if (!rec.paper) continue;
    const set = out.get(rec.paper) ?? new Set<string>();
    for (const u of rec.unplaced) {
      if (/masthead|site|web page|furniture/.test(u.reason)) for (const line of u.text.split("\n")) set.add(furnitureKey(line));
    }
    out.set(rec.paper, set);
  }
  return out;
}

export async function planAdd(req: AddRequest): Promise<AddPlan> {
  const root = req.projectRoot ?? process.cwd();
  const shown = req.sourceDisplay;
  let bytes: Buffer;
  try {
    bytes = await readFile(req.source);
  } catch (e) {
    throw new InputError(shown, `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const { text: decoded, encoding } = decode(bytes, shown);
  const text = decoded.replace(/^\uFEFF/, "");
  const fm = splitFrontMatter(text, shown);

  // The paper. The archive is read first: its issues' furniture is evidence, and clashes are checked below.
  const archive = (await pathExists(req.contentDir)) ? await loadArchive(req.contentDir, root, { cache: req.cache ?? null }) : { issues: [] as IssueRecord[] };
  const papers = await knownPapers(req.contentDir);
  const known = papers.map((p) => p.slug);
  let slug: string;
  let paperWhy: string;
  if (req.paper !== undefined) {
    if (!SLUG.test(req.paper)) throw new InputError(shown, `--paper "${req.paper}" is not a paper slug (lower-case letters, digits, - or _: e.g. jinlv)`);
    if (fm.data.paper && fm.data.paper !== req.paper) throw new InputError(shown, `--paper ${req.paper} disagrees with the front matter's paper: ${fm.data.paper}`, 1);
    [slug, paperWhy] = [req.paper, "由 --paper 指定"];
  } else if (fm.data.paper) {
    [slug, paperWhy] = [fm.data.paper, "由文件头的 paper: 指定"];
  } else {
    const inf = inferPaper(fm.body, papers, furnitureOf(archive.issues));
    if (!inf.paper) {
      const tie = inf.candidates.length > 1 ? `; it could be ${inf.candidates.map((c) => c.slug).join(" or ")}` : "";
      const list = known.length ? `known papers: ${known.join(", ")}` : "no papers yet";
      const fresh = inf.datelineName ? `; its datelines read "${inf.datelineName.name}讯": a new paper given with --paper gets the name ${inf.datelineName.name}` : "";
      throw new InputError(shown, `cannot tell which paper this is${tie}; pass --paper <slug> (${list}; a new slug starts a new paper)${fresh}`);
    }
    [slug, paperWhy] = [inf.paper.slug, `推断自正文：${inf.paper.why.join("，")}`];
  }
  const existing = papers.find((p) => p.slug === slug);
  const paperDir = path.join(req.contentDir, slug);
  let paperYaml: string | null = null;
  let paperName = existing?.name ?? slug;
  if (!existing) {
    const dl = inferPaper(fm.body, []).datelineName;
    if (dl) {
      paperName = dl.name;
      paperYaml = `# Created by baokan add: the name is the dateline "${dl.name}讯" the page prints (${dl.count} times).\n# Add publisher: and description: if you know them.\nname: ${dl.name}\n`;
    }
  }
  const paper: PaperInfo = existing ?? { slug, name: paperName, publisher: null, description: null };

  // The date.
  let date: string | null = null;
  let dateSource: DateSource = "none";
  let dateWhy = "";
  if (req.date !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(req.date.trim())) throw new InputError(shown, `--date "${req.date}" is not a date (YYYY-MM-DD)`);
    date = checkIsoDate(req.date, shown, "--date");
    if (fm.data.date && fm.data.date !== date) throw new InputError(shown, `--date ${date} disagrees with the front matter's date: ${fm.data.date}`, 1);
    [dateSource, dateWhy] = ["option", "由 --date 指定"];
  } else if (fm.data.date) {
    [date, dateSource, dateWhy] = [checkIsoDate(fm.data.date, shown, "front matter date"), "frontmatter", "由文件头的 date: 指定"];
  } else {
    const fromName = dateInName(path.basename(req.source), shown);
    if (fromName) [date, dateSource, dateWhy] = [fromName, "filename", `取自原文件名 ${path.basename(req.source)}`];
    else {
      const rec = parseText(fm.body, { file: shown, paper: slug, paperName, issueDate: null, issueDateSource: "unknown", page: null, lineOffset: fm.lineOffset });
      const w = rec.warnings.find((x) => x.pass === "inferDate");
      if (rec.issueDate) [date, dateSource, dateWhy] = [rec.issueDate, "inferred", `推断自正文第 ${w?.line ?? "?"} 行：${/\((.*)\)$/.exec(w?.message ?? "")?.[1] ?? w?.message ?? ""}`];
      else dateWhy = "文件名、文件头和正文里都没有日期";
    }
  }

  // The name.
  const byDay = !!date && /^\d{4}-\d{2}-\d{2}$/.test(date);
  if (req.page !== undefined && !/^[A-Za-z0-9]+$/.test(req.page)) throw new InputError(shown, `--page "${req.page}" must be letters or digits (e.g. 2, p3)`);
  if (req.page !== undefined && !byDay) throw new InputError(shown, "--page needs a file named by its day; pass --date YYYY-MM-DD as well");
  let base: string;
  let nameWhy: string;
  if (byDay) {
    base = `${date}${req.page ? `-${req.page}` : ""}.txt`;
    nameWhy = "按日期命名";
  } else {
    const stem = path.basename(req.source).replace(/\.[^.]+$/, "").normalize("NFC").replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^[-.]+|[-.]+$/g, "") || "issue";
    base = `${stem}.txt`;
    nameWhy = date ? `正文只给出月份（${date}），保留原文件名，日期每次解析时推断；用 --date YYYY-MM-DD 可按日命名` : "没有日期，保留原文件名；用 --date YYYY-MM-DD 可按日命名";
  }
  const target = path.resolve(paperDir, base);
  const targetDisplay = shownPath(root, target);
  if (path.resolve(req.source) === target) throw new InputError(shown, "is already in the archive at this name; nothing to add");
  const replaces: string[] = [];
  if (await pathExists(target)) {
    if (!req.replace) throw new InputError(targetDisplay, `already exists; pass --replace to overwrite it${byDay ? ", or --page 2 for a second file of the same day" : ""}`);
    replaces.push(target);
  }

  // The record as the archive will read it, and clashes with the issues already there.
  const raw = issueFromText(text, encoding, base, paper, targetDisplay);
  const units = await unitsOf(req.contentDir, root).catch(() => null);
  const parsed = await parseRaw(raw, req.cache ?? null);
  const others = archive.issues.filter((i) => path.resolve(root, i.file) !== target);
  const clash = others.find((i) => i.paper === raw.meta.paper && parsed.issueDate && i.issueDate === parsed.issueDate && (i.page ?? "") === (parsed.page ?? ""));
  let moveFix: AddPlan["moveFix"] = null;
  if (clash) {
    if (!req.replace) throw new InputError(targetDisplay, `same paper and date as ${clash.file} (${slug} ${parsed.issueDate}); pass --replace to replace that file, or --date/--page to tell them apart`);
    const old = path.resolve(root, clash.file);
    replaces.push(old);
    if (!(await pathExists(correctionsPathFor(target))) && (await pathExists(correctionsPathFor(old)))) moveFix = { from: correctionsPathFor(old), to: correctionsPathFor(target) };
  }
  let record: IssueRecord;
  try {
    const fixFrom = moveFix ? moveFix.from : target;
    record = applyUnitTable(await withCorrections(parsed, fixFrom, targetDisplay, raw.rawText), units);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.file, `${e.detail} — the corrections no longer fit the new text; fix or remove them, then add again`, e.line);
    throw e;
  }
  return {
    encoding, text, slug, paperName: paper.name, paperIsNew: !existing, paperWhy, paperYaml, date, dateSource, dateWhy,
    target, targetDisplay, nameWhy, replaces, moveFix, record, others: others.filter((i) => !replaces.includes(path.resolve(root, i.file))),
  };
}

/** Writes the plan: temp file + rename in the target folder; on any failure, what was made is removed again. */
export async function commitAdd(plan: AddPlan): Promise<void> {
  const dir = path.dirname(plan.target);
  const made: string[] = [];
  const dirs: string[] = [];
  const tmp = path.join(dir, `.${path.basename(plan.target)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  try {
    for (let d = dir; !(await pathExists(d)); d = path.dirname(d)) dirs.unshift(d);
    await mkdir(dir, { recursive: true });
    if (plan.paperYaml) {
      const py = path.join(dir, "paper.yaml");
      if (!(await pathExists(py))) {
        await writeFile(`${py}.tmp`, plan.paperYaml);
        await rename(`${py}.tmp`, py);
        made.push(py);
      }
    }
    await writeFile(tmp, plan.text, "utf8");
    await rename(tmp, plan.target);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    for (const f of made) await rm(f, { force: true }).catch(() => {});
    for (const d of dirs.reverse()) await rmdir(d).catch(() => {});
    throw new InputError(plan.targetDisplay, `could not be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); content/ is unchanged`);
  }
  // The new file is in place; only now do replaced files go.
  if (plan.moveFix) await rename(plan.moveFix.from, plan.moveFix.to);
  for (const f of plan.replaces) if (f !== plan.target) await rm(f, { force: true });
}
