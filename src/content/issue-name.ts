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

/** Validates an ISO date string from a file name or front matter; YYYY-MM is allowed for month precision. */
export function checkIsoDate(value: string, file: string, what: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value.trim());
  if (!m) throw new InputError(file, `${what} "${value}" is not a date (YYYY-MM-DD)`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 1];
  if (!isRealDate(y, mo, d)) throw new InputError(file, `${what} "${value}" is not a real date`);
  return m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`;
}

export function parseIssueName(basename: string, file: string): NameParts {
  const stem = basename.replace(/\.(txt|md|text)$/i, "");
  const m = DATED.exec(stem);
  if (!m) return { date: null, suffix: null, stem };
  const date = checkIsoDate(`${m[1]}-${m[2]}-${m[3]}`, file, "date in file name");
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
