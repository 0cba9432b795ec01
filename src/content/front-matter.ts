/**
 * Optional YAML front matter at the top of a raw issue file (`---` … `---`). It overrides paper, date and
 * page; its lines are counted so parse line numbers still point into the raw file. `paper:` names a folder
 * under content/ and a URL segment, so it must be a paper slug (issue-name.ts), as `--paper` must.
 */
import { parse as parseYaml } from "yaml";
import { InputError } from "../errors.ts";
import { checkPaperSlug } from "./issue-name.ts";
import { INPUT, yamlProblem } from "../messages.ts";

export interface FrontMatter {
  paper?: string;
  paperName?: string;
  date?: string;
  page?: string;
}

export interface Split {
  data: FrontMatter;
  body: string;
  /** How many raw lines the front matter took (0 when there is none). */
  lineOffset: number;
}

const FENCE = /^---\s*$/;

export function splitFrontMatter(text: string, file: string): Split {
  const lines = text.split("\n");
  if (!FENCE.test(lines[0] ?? "")) return { data: {}, body: text, lineOffset: 0 };
  const end = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (end < 0) throw new InputError(file, INPUT.frontMatterOpen, 1);
  let raw: unknown;
  try {
    raw = parseYaml(lines.slice(1, end).join("\n"));
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    // The YAML library counts lines inside the front matter ("at line 2, column 10"); the prefix gives the raw file's.
    throw new InputError(file, INPUT.frontMatterYaml(yamlProblem(e as { code?: string; message?: string })), (line ?? 0) + 1);
  }
  if (raw !== null && raw !== undefined && (typeof raw !== "object" || Array.isArray(raw))) {
    throw new InputError(file, INPUT.frontMatterMapping, 2);
  }
  const obj = (raw ?? {}) as Record<string, unknown>;
  const str = (k: string) => (obj[k] === undefined || obj[k] === null ? undefined : String(obj[k] instanceof Date ? (obj[k] as Date).toISOString().slice(0, 10) : obj[k]));
  const data: FrontMatter = {};
  const paper = str("paper");
  const paperName = str("paperName") ?? str("paper_name");
  const date = str("date");
  const page = str("page") ?? str("section");
  if (paper) {
    const line = lines.slice(1, end).findIndex((l) => /^paper\s*:/.test(l));
    data.paper = checkPaperSlug(paper, file, "文件头的 paper:", line >= 0 ? line + 2 : 1);
  }
  if (paperName) data.paperName = paperName;
  if (date) data.date = date;
  if (page) data.page = page;
  return { data, body: lines.slice(end + 1).join("\n"), lineOffset: end + 1 };
}
