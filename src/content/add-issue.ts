/**
 * `baokan add`: a raw file from the print shop or an OCR tool → content/<paper>/<YYYY-MM-DD>[-page].txt.
 *
 * Planning does everything that can fail — decode, front matter, paper and date, the name, clashes with the
 * archive, the corrections file that will apply — before anything is written; committing writes to a temp
 * file in the target folder and renames it into place, so a failed add leaves content/ as it was.
 *
 * Every part of the path is checked whatever it came from (option, front matter, inference, a folder already in
 * content/): the paper is a slug (issue-name.ts), the date digits, the page letters and digits, and the target
 * must lie in content/<paper>/. A file --replace replaces is first copied to
 * .cache/baokan/replaced/<paper>/<name>.<time>.txt, and add says where.
 *
 * Naming: a date given (--date), in the file's front matter, in its name ("劲旅2024-01-05.txt") or inferred
 * from the text to the day (a web page's "时间:2024-04-25") names the file. A date the text gives only to the
 * month (most print pages: "2023 年 12 月 30 日" at year end → 2024-01) cannot name a file without inventing
 * a day, so the file keeps its own name and the loader infers the month again on every parse, marked
 * "inferred" on the site.
 */
import { constants as fsConstants } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
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
import { checkIsoDate, checkPaperSlug, isRealDate, PAGE_SUFFIX, PAPER_SLUG } from "./issue-name.ts";
import { issueFromText, loadArchive, parseRaw, readPaperInfo, unitsOf, withCorrections } from "./load-archive.ts";
import { DEFAULT_CACHE_DIR, type ParseCache } from "./parse-cache.ts";
import { applyUnitTable } from "./units.ts";
import { ADD, CORRECTION, INPUT, PARSE } from "../messages.ts";

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
  /** Where each replaced file is copied before it goes: .cache/baokan/replaced/<paper>/<name>.<time>.txt. */
  backups: { from: string; to: string }[];
  /** A corrections file of a replaced file that moves to the new name. */
  moveFix: { from: string; to: string } | null;
  /** The record as the loader will read the new file (corrections and units applied). */
  record: IssueRecord;
  /** Every other issue of the archive, for duplicate checks. */
  others: IssueRecord[];
}

export const SLUG = PAPER_SLUG;

/** A date in a source file name: "2024-01-05", "2024_01_05", "20240105", "2024年1月5日". */
const NAME_DATE = /(?<![\dA-Za-z])((?:19|20)\d{2})(?:([-_.])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{2})|年(\d{1,2})月(\d{1,2})日?)(?![\dA-Za-z])/;

export function dateInName(basename: string, display: string): string | null {
  const m = NAME_DATE.exec(basename);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[3] ?? m[5] ?? m[7]), Number(m[4] ?? m[6] ?? m[8])];
  const iso = `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  if (!isRealDate(y, mo, d)) throw new InputError(display, INPUT.nameDateNotReal(iso));
  return iso;
}

/** A path as messages show it: relative to the project when inside it, else absolute. */
export const shownPath = (root: string, p: string) => {
  const r = path.relative(root, path.resolve(p));
  return r && !r.startsWith("..") && !path.isAbsolute(r) ? r : path.resolve(p);
};

/** The paper folders of content/, and the error of each whose paper.yaml cannot be read (by slug). */
async function knownPapers(contentDir: string): Promise<{ papers: PaperInfo[]; broken: Map<string, InputError> }> {
  const entries = await readdir(contentDir, { withFileTypes: true }).catch(() => []);
  const papers: PaperInfo[] = [];
  const broken = new Map<string, InputError>();
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isDirectory() || /^[._]/.test(e.name)) continue;
    papers.push(await readPaperInfo(path.join(contentDir, e.name), e.name).catch((err: unknown) => {
      if (err instanceof InputError) broken.set(e.name, err);
      return { slug: e.name, name: e.name, publisher: null, description: null };
    }));
  }
  return { papers, broken };
}

/** The name of a replaced file's copy: <name>.<time>.txt. */
function backupName(file: string, stamp: string): string {
  return `${path.basename(file).replace(/\.txt$/i, "")}.${stamp}.txt`;
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
    throw new InputError(shown, INPUT.cannotRead((e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
  const { text: decoded, encoding } = decode(bytes, shown);
  const text = decoded.replace(/^\uFEFF/, "");
  const fm = splitFrontMatter(text, shown);
  // A file of blank lines (or front matter and nothing under it) would be published as an empty issue.
  if (!/[^\s\u200b]/.test(fm.body)) {
    throw new InputError(shown, fm.lineOffset ? "文件头下面没有正文；空的一期不加入" : "文件里只有空行或空白，没有文字；空的一期不加入", fm.lineOffset || null);
  }

  // The paper. The archive is read first: its issues' furniture is evidence, and clashes are checked below.
  const archive = (await pathExists(req.contentDir)) ? await loadArchive(req.contentDir, root, { cache: req.cache ?? null }) : { issues: [] as IssueRecord[] };
  const { papers, broken } = await knownPapers(req.contentDir);
  const known = papers.map((p) => p.slug);
  let slug: string;
  let paperWhy: string;
  if (req.paper !== undefined) {
    checkPaperSlug(req.paper, shown, "--paper");
    if (fm.data.paper && fm.data.paper !== req.paper) throw new InputError(shown, ADD.paperDisagrees(req.paper, fm.data.paper), 1);
    [slug, paperWhy] = [req.paper, "由 --paper 指定"];
  } else if (fm.data.paper) {
    [slug, paperWhy] = [fm.data.paper, "由文件头的 paper: 指定"]; // a slug: splitFrontMatter checked it
  } else {
    const inf = inferPaper(fm.body, papers, furnitureOf(archive.issues));
    if (!inf.paper) {
      throw new InputError(shown, ADD.unknownPaper(inf.candidates.map((c) => c.slug), known, inf.datelineName?.name ?? null));
    }
    [slug, paperWhy] = [checkPaperSlug(inf.paper.slug, shown, "推断出的报纸文件夹"), `推断自正文：${inf.paper.why.join("，")}`];
  }
  // A paper.yaml that cannot be read (broken YAML, a list, a string) is an error here as in check and build.
  const brokenYaml = broken.get(slug);
  if (brokenYaml) throw brokenYaml;
  const existing = papers.find((p) => p.slug === slug);
  const paperDir = path.join(req.contentDir, slug);
  let paperYaml: string | null = null;
  let paperName = existing?.name ?? slug;
  if (!existing) {
    const dl = inferPaper(fm.body, []).datelineName;
    if (dl) {
      paperName = dl.name;
      paperYaml = ADD.paperYaml(dl.name, dl.count);
    }
  }
  const paper: PaperInfo = existing ?? { slug, name: paperName, publisher: null, description: null };

  // The date.
  let date: string | null = null;
  let dateSource: DateSource = "none";
  let dateWhy = "";
  if (req.date !== undefined) {
    date = checkIsoDate(req.date, shown, "--date", true);
    if (fm.data.date && checkIsoDate(fm.data.date, shown, "文件头的 date:") !== date) throw new InputError(shown, ADD.dateDisagrees(date, fm.data.date), 1);
    [dateSource, dateWhy] = ["option", "由 --date 指定"];
  } else if (fm.data.date) {
    [date, dateSource, dateWhy] = [checkIsoDate(fm.data.date, shown, "文件头的 date:"), "frontmatter", "由文件头的 date: 指定"];
  } else {
    const fromName = dateInName(path.basename(req.source), shown);
    if (fromName) [date, dateSource, dateWhy] = [fromName, "filename", `取自原文件名 ${path.basename(req.source)}`];
    else {
      const rec = parseText(fm.body, { file: shown, paper: slug, paperName, issueDate: null, issueDateSource: "unknown", page: null, lineOffset: fm.lineOffset });
      const w = rec.warnings.find((x) => x.pass === "inferDate");
      if (rec.issueDate) [date, dateSource, dateWhy] = [rec.issueDate, "inferred", `推断自正文第 ${w?.line ?? "?"} 行：${w?.subject ?? w?.message ?? ""}`];
      else dateWhy = PARSE.noDate;
    }
  }

  // The name.
  const byDay = !!date && /^\d{4}-\d{2}-\d{2}$/.test(date);
  if (req.page !== undefined && !PAGE_SUFFIX.test(req.page)) throw new InputError(shown, `--page ${JSON.stringify(req.page)} 只能用英文字母和数字（如 2、p3）`);
  if (date !== null && !/^\d{4}-\d{2}(?:-\d{2})?$/.test(date)) throw new InputError(shown, `日期 ${JSON.stringify(date)} 不是 YYYY-MM-DD`);
  if (req.page !== undefined && !byDay) throw new InputError(shown, ADD.pageNeedsDay);
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
  // Whatever the checks above let through, nothing is written outside content/<paper>/.
  if (path.dirname(target) !== path.resolve(req.contentDir, slug) || path.dirname(path.dirname(target)) !== path.resolve(req.contentDir)) {
    throw new InputError(shown, `写入位置 ${target} 不在 ${path.resolve(req.contentDir)} 的报纸目录里，不写`);
  }
  if (path.resolve(req.source) === target) throw new InputError(shown, ADD.alreadyHere);
  const replaces: string[] = [];
  if (await pathExists(target)) {
    if (!req.replace) throw new InputError(targetDisplay, ADD.exists(byDay));
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
    if (!req.replace) throw new InputError(targetDisplay, ADD.sameDate(clash.file, slug, parsed.issueDate));
    const old = path.resolve(root, clash.file);
    replaces.push(old);
    if (!(await pathExists(correctionsPathFor(target))) && (await pathExists(correctionsPathFor(old)))) moveFix = { from: correctionsPathFor(old), to: correctionsPathFor(target) };
  }
  let record: IssueRecord;
  try {
    const fixFrom = moveFix ? moveFix.from : target;
    record = applyUnitTable(await withCorrections(parsed, fixFrom, targetDisplay, raw.rawText), units);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.file, CORRECTION.noLongerFits(e.detail), e.line);
    throw e;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  // Only files are kept: a folder standing at the target is no issue, and writing over it fails below anyway.
  const files = (await Promise.all(replaces.map(async (f) => ((await stat(f).catch(() => null))?.isFile() ? [f] : [])))).flat();
  const backups = files.map((from) => ({ from, to: path.resolve(root, DEFAULT_CACHE_DIR, "replaced", slug, backupName(from, stamp)) }));
  return {
    encoding, text, slug, paperName: paper.name, paperIsNew: !existing, paperWhy, paperYaml, date, dateSource, dateWhy,
    target, targetDisplay, nameWhy, replaces, backups, moveFix, record, others: others.filter((i) => !replaces.includes(path.resolve(root, i.file))),
  };
}

/**
 * Copies each file the plan replaces to its backup (never over an earlier one: a name taken gets -2, -3, …) and
 * records where each went in `plan.backups`. Before anything in content/ changes, so a failure here changes nothing.
 */
async function keepReplaced(plan: AddPlan): Promise<void> {
  for (const b of plan.backups) {
    try {
      await mkdir(path.dirname(b.to), { recursive: true });
      for (let n = 1; ; n++) {
        const to = n === 1 ? b.to : b.to.replace(/\.txt$/, `-${n}.txt`);
        try {
          await copyFile(b.from, to, fsConstants.COPYFILE_EXCL);
          b.to = to;
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EEXIST" || n >= 100) throw e;
        }
      }
    } catch (e) {
      throw new InputError(plan.targetDisplay, `没能把要替换的 ${b.from} 先存一份到 ${path.dirname(b.to)}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）；content/ 没有改动`);
    }
  }
}

/**
 * Writes the plan: the replaced files' copies first, then temp file + rename in the target folder; on any
 * failure, what was made in content/ is removed again.
 */
export async function commitAdd(plan: AddPlan): Promise<void> {
  await keepReplaced(plan);
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
    throw new InputError(plan.targetDisplay, ADD.notWritten((e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
  // The new file is in place; only now do replaced files go.
  if (plan.moveFix) await rename(plan.moveFix.from, plan.moveFix.to);
  for (const f of plan.replaces) if (f !== plan.target) await rm(f, { force: true });
}
