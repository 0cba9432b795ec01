/**
 * Infers an issue's date from its text when neither file name nor front matter gives one: a paper reports
 * what already happened, so the issue is dated by the latest explicit date it mentions ("时间:2024-04-25",
 * "2023 年 12 月 30 日"), with three corrections that follow from how news is written:
 * - a date that ends a range lies ahead ("行动将持续至2026年3月2日") and is skipped, and so does a deadline or a
 *   date a notice announces ("请于 2025 年 10 月 20 日前报送", "定于2023年12月26日停电检修": a notice's text
 *   names the day things are due, after the day it is printed);
 * - "8月以来" (since August) means the issue is from a later month;
 * - a year-end report (latest date after 25 December) that speaks of the next year ("崭新的 2024 年") is
 *   the January issue.
 * Month and day without a year ("1月3日") take the latest year the text names. Precision is the month
 * ("2024-01") unless a full date stands in a web page's meta line.
 */
import { DATE_EVIDENCE } from "../messages.ts";

const FULL = /(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?/g;
const MONTH_DAY = /(?<![\d年\-/.]\s*)(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;
const YEAR = /(\d{4})\s*年/g;
const SINCE_MONTH = /(?:(\d{4})\s*年\s*|今年\s*)?(\d{1,2})\s*月(?:份)?以来/g;
const RANGE_END = /(?:至|到|截至|截止|直至)\s*$/;
/** Just before a date: it is announced, it lies ahead ("将于", "定于", "拟于", "计划于", "预计于"). */
const AHEAD_BEFORE = /(?:将|定|拟|计划|预计)于\s*$/;
/** Just after a date: a deadline ("…日前", "…日之前", "…日截止"); "前夕" (the eve of) is not one. */
const AHEAD_AFTER = /^\s*(?:前(?!夕)|之前|截止)/;
const META_DATE = /(?:时间|日期|发布)\s*[:：]\s*(\d{4})-(\d{2})-(\d{2})/;

interface Ymd { y: number; m: number; d: number }

const key = (a: Ymd) => a.y * 10000 + a.m * 100 + a.d;
const pad = (n: number) => String(n).padStart(2, "0");

export interface InferredDate { date: string; line: number; evidence: string }

export function inferDate(text: string, firstLine = 1): InferredDate | null {
  const meta = META_DATE.exec(text);
  if (meta) return { date: `${meta[1]}-${meta[2]}-${meta[3]}`, line: lineAt(text, meta.index, firstLine), evidence: DATE_EVIDENCE.metaLine(meta[0]) };
  const thisYear = new Date().getUTCFullYear() + 1;
  const valid = (d: Ymd) => d.y >= 1949 && d.y <= thisYear && d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= 31;
  const years = [...text.matchAll(YEAR)].map((m) => Number(m[1])).filter((y) => y >= 1949 && y <= thisYear);
  const latestYear = years.length ? Math.max(...years) : null;
  let best: (Ymd & { at: number }) | null = null;
  const consider = (d: Ymd, at: number, end: number) => {
    const before = text.slice(Math.max(0, at - 4), at);
    if (!valid(d) || RANGE_END.test(before) || AHEAD_BEFORE.test(before) || AHEAD_AFTER.test(text.slice(end, end + 3))) return;
    if (!best || key(d) > key(best)) best = { ...d, at };
  };
  for (const m of text.matchAll(FULL)) consider({ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }, m.index!, m.index! + m[0].length);
  if (latestYear) for (const m of text.matchAll(MONTH_DAY)) consider({ y: latestYear, m: Number(m[1]), d: Number(m[2]) }, m.index!, m.index! + m[0].length);
  if (!best) return latestYear ? { date: `${latestYear}`, line: firstLine, evidence: DATE_EVIDENCE.onlyYear(latestYear) } : null;
  const found: Ymd & { at: number } = best;
  let { y, m } = found;
  let why = DATE_EVIDENCE.latest(`${found.y}-${pad(found.m)}-${pad(found.d)}`);
  for (const s of text.matchAll(SINCE_MONTH)) {
    const sy = s[1] ? Number(s[1]) : y;
    const sm = Number(s[2]);
    if (sy === y && sm >= m && sm < 12) { m = sm + 1; why += `；${DATE_EVIDENCE.since(s[0], sm)}`; }
  }
  if (m === 12 && found.d >= 25 && years.includes(y + 1)) {
    y += 1; m = 1;
    why += `；${DATE_EVIDENCE.yearEnd(y)}`;
  }
  return { date: `${y}-${pad(m)}`, line: lineAt(text, found.at, firstLine), evidence: why };
}

function lineAt(text: string, index: number, firstLine: number): number {
  let n = firstLine;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
