/**
 * The editor naming convention: content/<paper-slug>/<YYYY-MM-DD>[-suffix].txt. The suffix (`-2`, `-p3`)
 * marks a second file of the same day or a page label. A file without a date in its name is still an issue;
 * its date is then inferred from the text.
 */
import { InputError } from "../errors.ts";

export interface NameParts {
  date: string | null;
  suffix: string | null;
  stem: string;
}

const DATED = /^(\d{4})-(\d{2})-(\d{2})(?:[-_](.+))?$/;

export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * The ways editors write a date, after NFKC (full-width digits and ／．－ become ASCII): 2025-03-09, 2025-3-9,
 * 2025/3/9, 2025.3.9, 2025_3_9, 20250309, 2025年3月9日 (spaces allowed: 2025 年 3 月 9 日), and to the month
 * 2025-03, 2025/3, 2025.3, 2025年3月.
 */
const DATE_FORMS: readonly RegExp[] = [
  /^(\d{4})\s*([-/._])\s*(\d{1,2})(?:\s*\2\s*(\d{1,2}))?$/,
  /^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号]?)?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/** The year, month and day (null: to the month) a date as an editor writes it names, or null when it is no date form. */
function dateParts(value: string): [number, number, number | null] | null {
  const v = value.normalize("NFKC").trim();
  for (const re of DATE_FORMS) {
    const m = re.exec(v);
    if (!m) continue;
    // The first form has the separator in group 2; the others start the month there.
    const [y, mo, d] = m[2] && /^[-/._]$/.test(m[2]) ? [m[1], m[3], m[4]] : [m[1], m[2], m[3]];
    return [Number(y), Number(mo), d === undefined ? null : Number(d)];
  }
  return null;
}

/**
 * A date from a file name, front matter or `--date`, as YYYY-MM-DD (or YYYY-MM: month precision, unless `needDay`).
 * Accepts the forms of DATE_FORMS; anything else, or a date the calendar does not have, is one Chinese line
 * naming the value.
 */
export function checkIsoDate(value: string, file: string, what: string, needDay = false): string {
  const parts = dateParts(value);
  const shown = JSON.stringify(value);
  if (!parts || (needDay && parts[2] === null)) {
    throw new InputError(file, `${what} ${shown} 不是${needDay ? "具体到日的" : ""}日期：请写成 2025-03-09、2025年3月9日、2025/3/9 或 20250309`);
  }
  const [y, mo, d] = parts;
  if (!isRealDate(y, mo, d ?? 1)) throw new InputError(file, `${what} ${shown} 不是真实的日期：${y}年没有${mo >= 1 && mo <= 12 ? `${mo}月${d}日` : `${mo}月`}`);
  const ym = `${y}-${String(mo).padStart(2, "0")}`;
  return d === null ? ym : `${ym}-${String(d).padStart(2, "0")}`;
}

export function parseIssueName(basename: string, file: string): NameParts {
  const stem = basename.replace(/\.(txt|md|text)$/i, "");
  const m = DATED.exec(stem);
  if (!m) return { date: null, suffix: null, stem };
  const date = checkIsoDate(`${m[1]}-${m[2]}-${m[3]}`, file, "文件名里的日期");
  return { date, suffix: m[4] ?? null, stem };
}

/**
 * A paper slug: the paper's folder under content/ and its URL segment, so one path component that needs no
 * escaping anywhere — lower-case ASCII letters, digits, - and _, starting with a letter or digit. That rules out
 * `/`, `\`, `..`, a leading dot, control characters and `< > " ' &` (which gave pages under escaped names and
 * links to raw ones).
 */
export const PAPER_SLUG = /^[a-z0-9][a-z0-9_-]*$/;

/** `value` if it is a paper slug; else an InputError naming the file, where the value came from (`what`) and the rule. */
export function checkPaperSlug(value: string, file: string, what: string, line: number | null = null): string {
  if (PAPER_SLUG.test(value)) return value;
  throw new InputError(file, `${what} ${JSON.stringify(value)} 不能用作报纸目录名：只能用小写英文字母、数字、- 和 _，并以字母或数字开头（如 jinlv）`, line);
}

/** A page suffix of a file name (`2024-01-05-p3.txt`): ASCII letters and digits only. */
export const PAGE_SUFFIX = /^[A-Za-z0-9]+$/;
