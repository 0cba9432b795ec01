/**
 * Decides what each raw line is by its form and position, before reflow joins anything: a heading, a
 * title-like short line, a byline, a ◆ sign, a credit, furniture, or running text. Reflow never joins across
 * a non-text line, so a headline cannot be glued onto the body it sits next to.
 */
import {
  CLAUSE_PUNCT, CREDIT_LINE, DATELINE, DIAMOND_SIGN, HEADING, MASTHEAD, PHOTO_CREDIT, PHOTO_REPORT,
  SENTENCE_END, TRAILING_BYLINE, WEB_CHROME, WEB_FOOTER, WEB_META,
} from "./patterns.ts";
import { median, width } from "./text-measure.ts";
import type { ParaRole, SourceLine } from "../types.ts";

export interface LineInfo {
  role: ParaRole | "blank";
  level: number;
  w: number;
  terminated: boolean;
  reason?: string;
}

/** A column line wraps at the column width; a line much wider than any column is a whole OCR paragraph. */
export const MAX_COLUMN_WIDTH = 45;

const ONLY_NAMES = /^[（(]\s*(?:[\u4e00-\u9fff·]{1,4}\s*){1,6}[）)]$/;

function furnitureReason(t: string, webPage: boolean): string | null {
  if (MASTHEAD.test(t)) return "masthead";
  if (WEB_META.test(t)) return "web page meta line";
  if (WEB_FOOTER.test(t)) return "web page footer";
  if (webPage && WEB_CHROME.test(t)) return "site chrome";
  return null;
}

/** Terminated: ends a sentence, or closes a quote ("…变“匠”") — either way a paragraph may end here. */
function isTerminated(t: string): boolean {
  return SENTENCE_END.test(t) || /[”」』]$/.test(t) || endsWithCredit(t);
}

/** A byline or photo credit at the end of a line ends its paragraph: "…空气呼吸器。 摄影报道 崔丽娜". */
export function endsWithCredit(t: string): boolean {
  return TRAILING_BYLINE.test(t) || PHOTO_REPORT.test(t) || (PHOTO_CREDIT.test(t) && /[。！？]/.test(t));
}

export function classifyLines(lines: SourceLine[]): LineInfo[] {
  const webPage = lines.some((l) => WEB_META.test(l.text.trim()));
  const info: LineInfo[] = lines.map((l) => {
    const t = l.text.trim();
    const w = width(t);
    if (!t) return { role: "blank", level: 0, w: 0, terminated: false };
    const h = HEADING.exec(t);
    // A heading mark with nothing after it ("##") heads nothing: treat it as a blank line.
    if (h) return h[2] ? { role: "heading", level: h[1]!.length, w, terminated: true } : { role: "blank", level: 0, w: 0, terminated: false };
    const reason = furnitureReason(t, webPage);
    if (reason) return { role: "furniture", level: 0, w, terminated: true, reason };
    if (ONLY_NAMES.test(t)) return { role: "byline", level: 0, w, terminated: true };
    if (DIAMOND_SIGN.test(t)) return { role: "sign", level: 0, w, terminated: true };
    // "图为郝跃鹏在矿山调研。" — a caption without a credit.
    if (/^(?:图为|图：|上图|下图|左图|右图)/.test(t) && w <= 60) return { role: "credit", level: 0, w, terminated: true };
    if (CREDIT_LINE.test(t) || (PHOTO_CREDIT.test(t) && w <= 40) || (PHOTO_REPORT.test(t) && !CLAUSE_PUNCT.test(t))) {
      return { role: "credit", level: 0, w, terminated: true };
    }
    return { role: "text", level: 0, w, terminated: isTerminated(t) };
  });
  markTitles(lines, info);
  if (webPage) markWebHeadline(info);
  return info;
}

/**
 * On a scraped page the headline is the line right above the meta line ("来源:点击:时间:2024-04-25"), however
 * long; the short lines above it are navigation ("时政要闻").
 */
function markWebHeadline(info: LineInfo[]): void {
  const meta = info.findIndex((l) => l.reason === "web page meta line");
  const h = prevNonBlank(info, meta);
  if (h < 0 || info[h]!.role !== "text") return;
  info[h]!.role = "title";
  for (let k = h - 1; k >= 0; k--) {
    const l = info[k]!;
    if (l.role === "title" || (l.role === "text" && l.w <= 10)) Object.assign(l, { role: "furniture", reason: "site navigation" });
  }
}

function prevNonBlank(info: LineInfo[], i: number): number {
  for (let k = i - 1; k >= 0; k--) if (info[k]!.role !== "blank") return k;
  return -1;
}

/** Median width of the text lines around i — the local column width. */
function localWidth(info: LineInfo[], i: number): number {
  const ws: number[] = [];
  for (let k = i - 1, n = 0; k >= 0 && n < 4; k--) if (info[k]!.role === "text" && info[k]!.w <= MAX_COLUMN_WIDTH) { ws.push(info[k]!.w); n++; }
  for (let k = i + 1, n = 0; k < info.length && n < 4; k++) if (info[k]!.role === "text" && info[k]!.w <= MAX_COLUMN_WIDTH) { ws.push(info[k]!.w); n++; }
  return median(ws) || info[i]!.w;
}

/**
 * Title-like lines: no clause punctuation, not ending a sentence (a closing quote may end a headline:
 * "突出责任“三强化” 把好生产“安全关”"), not a dateline. Such a line is a title
 * where a headline can stand — right after a piece closed (byline, sign, credit), at the top of the file,
 * next to another title line, or when it is much shorter than the column around it ("中铝山西新材料"
 * after "…新局面。"). A full-width line after a finished sentence is just a paragraph's first line
 * ("长春一东除了通过在公司内部组织技能" in the double-spaced industry page).
 */
function markTitles(lines: SourceLine[], info: LineInfo[]): void {
  for (let i = 0; i < info.length; i++) {
    const li = info[i]!;
    const t = lines[i]!.text.trim();
    if (li.role !== "text" || SENTENCE_END.test(t) || endsWithCredit(t) || CLAUSE_PUNCT.test(t) || DATELINE.test(t) || li.w > 40) continue;
    const p = prevNonBlank(info, i);
    const prev = p >= 0 ? info[p]! : null;
    const afterClose = !prev || ["byline", "sign", "credit", "heading", "furniture", "title"].includes(prev.role);
    const endsTrailingByline = prev?.role === "text" && /[）)]$/.test(lines[p]!.text.trim());
    const short = prev?.terminated === true && li.w < 0.7 * localWidth(info, i);
    if (!(afterClose || endsTrailingByline || short)) continue;
    // The first line of a text block directly below (no blank line) and about as wide: a narrow column, not
    // a title ("闲来翻阅" above "《全唐诗》，读" in a wrapped text box).
    const n = i + 1 < info.length && info[i + 1]!.role === "text" ? i + 1 : -1;
    const nextStartsFrame = n >= 0 && (lines[n]!.indented || DATELINE.test(lines[n]!.text.trim()));
    if (n >= 0 && !nextStartsFrame && CLAUSE_PUNCT.test(lines[n]!.text) && info[n]!.w <= 2 * li.w) continue;
    li.role = "title";
  }
}
