/**
 * Decides what each raw line is by its form and position, before reflow joins anything: a heading, a
 * title-like short line, a byline, a ◆ sign, a credit, furniture, or running text. Reflow never joins across
 * a non-text line, so a headline cannot be glued onto the body it sits next to.
 */
import {
  CLAUSE_PUNCT, DATELINE, DIAMOND_SIGN, endsSentence, execPhotoCredit, execPhotoReport, execTrailingByline,
  HEADING, isCreditLine, isMasthead, isWebMeta, SECTION_HEAD, WEB_CHROME, WEB_FOOTER,
} from "./patterns.ts";
import { BARE_DATE, mastheadZoneFurniture, pageFurniture } from "./furniture.ts";
import { UNIT_LABEL } from "./headline-place.ts";
import { isPersonName } from "./names.ts";
import { median, width } from "./text-measure.ts";
import type { ParaRole, SourceLine } from "../types.ts";

export interface LineInfo {
  role: ParaRole | "blank";
  level: number;
  w: number;
  terminated: boolean;
  /** The line trimmed, as every test reads it. */
  text: string;
  /** A text line that ends with a byline or photo credit (endsWithCredit), worked out once per line. */
  credit: boolean;
  /** A line of a poem (markVerse): it ends its paragraph before a line wider than any column. */
  verse: boolean;
  /**
   * Why a furniture line is furniture, "" for every other line. Always present and always a string, so every
   * LineInfo has one shape and field type (the furniture objects used to get an extra property).
   */
  reason: string;
}

/** A column line wraps at the column width; a line much wider than any column is a whole OCR paragraph. */
export const MAX_COLUMN_WIDTH = 45;

const ONLY_NAMES = /^[（(]\s*(?:[\u4e00-\u9fff·]{1,4}\s*){1,6}[）)]$/;

/** "作者：张三", "文/李四": a writer's credit, not a web page's meta line. */
export const AUTHOR_LABEL = /^(?:作者|文)\s*[:：/／]\s*[\u4e00-\u9fff·]{2,4}$/;

function furnitureReason(t: string, webPage: boolean): string | null {
  if (isMasthead(t)) return "masthead";
  if (WEB_FOOTER.test(t)) return "web page footer";
  const page = pageFurniture(t);
  if (page) return page;
  if (isWebMeta(t) && !AUTHOR_LABEL.test(t)) return "web page meta line";
  if (webPage && WEB_CHROME.test(t)) return "site chrome";
  return null;
}

/** A byline or photo credit at the end of a line ends its paragraph: "…空气呼吸器。 摄影报道 崔丽娜". */
export function endsWithCredit(t: string): boolean {
  return !!execTrailingByline(t) || !!execPhotoReport(t) || (!!execPhotoCredit(t) && /[。！？]/.test(t));
}

/** Fewest text lines from which isDoubleSpaced judges a page's spacing. */
const MIN_SPACING_LINES = 8;

/** Most lines followed by exactly one blank line: blank lines carry no paragraph information. */
export function isDoubleSpaced(info: LineInfo[]): boolean {
  let text = 0;
  let single = 0;
  for (let i = 0; i < info.length - 2; i++) {
    if (info[i]!.role === "blank") continue;
    text++;
    if (info[i + 1]!.role === "blank" && info[i + 2]!.role !== "blank") single++;
  }
  // A few lines say nothing of spacing: a short text set off by blank lines ("标题" / "" / text) is no
  // double-spaced page.
  return text >= MIN_SPACING_LINES && single / text > 0.6;
}

const QUOTE_END = /[”」』]$/;
/**
 * A line ending in a reporter credit that wrapped from the line above ("…。本网特约记者：张" / "三 通讯员 李四")
 * may end its paragraph (at a blank line or a short line, as a sentence end may): it is not a credit line of
 * its own, and "记者 X" mid-sentence is rare enough at a line end.
 */
/** The rest of a credit wrapped inside a name: "…通讯员张一" / "帆李二强报道" — names, then 报道, 摄 or 供稿. */
export const CREDIT_REST = /^[\u4e00-\u9fff][\u4e00-\u9fff\s]{0,9}(?:报道|摄|供稿)$/;

export const CREDIT_TAIL = /(?:^|[\s。！？”])[\u4e00-\u9fff]{0,6}?(?:记者|通讯员)\s*[：:]?\s*(?:[\u4e00-\u9fff·]{2,4}\s*){1,3}$/;

function makeInfo(role: LineInfo["role"], w: number, terminated: boolean, text: string, level = 0, credit = false, reason = ""): LineInfo {
  return { role, level, w, terminated, text, credit, verse: false, reason };
}

function lineInfo(t: string, webPage: boolean): LineInfo {
  if (!t) return makeInfo("blank", 0, false, t);
  const w = width(t);
  const h = t.charCodeAt(0) === 35 /* # */ ? HEADING.exec(t) : null;
  // A heading mark with nothing after it ("##") heads nothing: treat it as a blank line.
  if (h) return h[2] ? makeInfo("heading", w, true, t, h[1]!.length) : makeInfo("blank", 0, false, t);
  const reason = furnitureReason(t, webPage);
  if (reason) return makeInfo("furniture", w, true, t, 0, false, reason);
  if (ONLY_NAMES.test(t)) return makeInfo("byline", w, true, t);
  if (DIAMOND_SIGN.test(t)) return makeInfo("sign", w, true, t);
  // "图为郝跃鹏在矿山调研。" — a caption without a credit.
  if (/^(?:图为|图：|上图|下图|左图|右图)/.test(t) && w <= 60) return makeInfo("credit", w, true, t);
  if (isCreditLine(t) || (w <= 40 && execPhotoCredit(t)) || (execPhotoReport(t) && !CLAUSE_PUNCT.test(t))) return makeInfo("credit", w, true, t);
  // Terminated: ends a sentence, or closes a quote ("…变“匠”"), or a credit ends it — a paragraph may end here.
  const credit = endsWithCredit(t);
  return makeInfo("text", w, endsSentence(t) || QUOTE_END.test(t) || credit || CREDIT_TAIL.test(t), t, 0, credit);
}

export function classifyLines(lines: SourceLine[]): LineInfo[] {
  const texts = lines.map((l) => l.text.trim());
  // A scraped page says where its text came from ("来源:…", "发布时间:…"); a print page's staff credit
  // ("编辑：…") or a writer's label ("作者：…") does not make it one.
  const webPage = texts.some((t) => isWebMeta(t) && !/^(?:作者|编辑|责任编辑)\s*[:：]/.test(t));
  const info = texts.map((t) => lineInfo(t, webPage));
  markContinuedCaptions(info);
  markMastheadZone(info);
  markTitles(lines, info);
  markFootLabels(info);
  markCreditRests(info, isDoubleSpaced(info));
  markVerse(info, isDoubleSpaced(info));
  markBareDates(info);
  markAuthorLines(info);
  if (webPage) markWebHeadline(info);
  return info;
}

/**
 * A short line ending in a photo credit is a caption — unless it ends a sentence the line above began: the
 * last line of a picture story ("近日，…职业技能大赛，…分" / "别获得团体前三名。图为…。 通讯员 张三 摄").
 */
function markContinuedCaptions(info: LineInfo[]): void {
  for (let i = 1; i < info.length; i++) {
    const l = info[i]!;
    const up = info[i - 1]!;
    if (l.role === "credit" && up.role === "text" && !up.terminated && execPhotoCredit(l.text) && /[。！？]/.test(l.text)) {
      l.role = "text";
      l.terminated = true;
      l.credit = true;
    }
  }
}

const MASTHEAD_REASONS = new Set(["masthead", "masthead date line", "page label"]);

/**
 * The paper's name and a numbered section line ("XX能源报", "02 综合新闻") are furniture in the masthead zone:
 * before the first line of running text, or next to another masthead line (a masthead block that extraction
 * dropped between two columns: the name, then "XX集团党委主办"). Elsewhere the same shape is a notice's
 * signature ("…敬请谅解。" / "XX日报").
 */
function markMastheadZone(info: LineInfo[]): void {
  // Running text starts at a wide line, a finished sentence, or two text lines in a row (a narrow column
  // of content-order PDF text is under 20 characters wide).
  const firstText = info.findIndex((l, i) => l.role === "text" && !mastheadZoneFurniture(l.text) &&
    (l.w > 20 || l.terminated || info[i + 1]?.role === "text"));
  info.forEach((l, i) => {
    if (l.role !== "text") return;
    const reason = mastheadZoneFurniture(l.text);
    if (!reason) return;
    const p = prevNonBlank(info, i);
    const n = nextNonBlank(info, i);
    const besideMasthead = [p, n].some((k) => k >= 0 && MASTHEAD_REASONS.has(info[k]!.reason));
    if ((firstText < 0 || i < firstText) || besideMasthead) { l.role = "furniture"; l.reason = reason; }
  });
}

/**
 * A bare date between a headline and its body is the e-paper's date stamp ("井口的灯" / "2022年06月10日" /
 * the text); after a body it signs a notice and stays with it.
 */
function markBareDates(info: LineInfo[]): void {
  info.forEach((l, i) => {
    if ((l.role !== "text" && l.role !== "title") || !BARE_DATE.test(l.text)) return;
    const p = prevNonBlank(info, i);
    const n = nextNonBlank(info, i);
    const afterHead = p < 0 || ["title", "heading", "furniture"].includes(info[p]!.role);
    // What follows is the text, a byline, or a writer's name line ("东川 张三") not yet told from a title.
    const nameLine = (l: LineInfo) => l.role === "title" && l.w <= 9 && isPersonName(NAME_LINE.exec(l.text)?.[1] ?? "");
    const beforeBody = n >= 0 && (info[n]!.role === "text" || info[n]!.role === "credit" || nameLine(info[n]!));
    if (afterHead && beforeBody) { l.role = "furniture"; l.reason = "masthead date line"; }
  });
}

/** "张三", "东川 张三" (place and name), "·张三·": a name on its own line. */
const NAME_LINE = /^[·•]?\s*(?:[\u4e00-\u9fff]{2,4}\s+)?([\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]\s[\u4e00-\u9fff])\s*[·•]?$/;

/**
 * A bare name right under a headline and above text is the writer's credit (essays and poems print it so:
 * "井口的灯" / "张三" / the text), when the name reads as a person's (surname table and segmenter agree).
 */
function markAuthorLines(info: LineInfo[]): void {
  info.forEach((l, i) => {
    if ((l.role !== "title" && l.role !== "text") || l.w > 9) return;
    const m = NAME_LINE.exec(l.text);
    if (!m || !isPersonName(m[1]!)) return;
    // The e-paper's date stamp may stand between the title and the name.
    let p = prevNonBlank(info, i);
    while (p >= 0 && info[p]!.reason === "masthead date line") p = prevNonBlank(info, p);
    const n = nextNonBlank(info, i);
    if (n < 0 || info[n]!.role !== "text") return;
    if (p >= 0 && (info[p]!.role === "title" || info[p]!.role === "heading")) l.role = "author";
    else if (p >= 0 && p === i - 1 && setOffTitle(info, p) && n > i + 1) {
      // Two columns of a literary page extracted block by block: the other essay's text stops mid-sentence
      // ("…用尖嘴钳子折" / "" / "流年" / "张三" / "" / its text), so nothing closed before this title: a short
      // line set off by a blank line above, the writer's name under it and a blank line below is the next
      // essay's head.
      info[p]!.role = "title";
      l.role = "author";
    }
  });
}

/** A short line with no punctuation, a blank line above it: a title's shape wherever it stands. */
function setOffTitle(info: LineInfo[], p: number): boolean {
  const t = info[p]!;
  return (t.role === "text" || t.role === "title") && t.w <= 12 && !t.terminated && info[p - 1]?.role === "blank" &&
    !CLAUSE_PUNCT.test(t.text) && !/[、：:]/.test(t.text) && !SECTION_HEAD.test(t.text) && !DATELINE.test(t.text);
}

/**
 * A unit label printed at the foot of a column, then the page's furniture or a blank line: "…强化一线教育管" /
 * "某某煤矿" / "" / "2011年2月18日 星期五 第2版" / "理”为主题的…" (PDF text in the default order). A column's
 * lines run full until a paragraph ends, so a short line with no punctuation under a full unfinished one is
 * no sentence's wrap; when it is one organisation's name it is the label.
 */
function markFootLabels(info: LineInfo[]): void {
  for (let i = 1; i + 1 < info.length; i++) {
    const l = info[i]!;
    const up = info[i - 1]!;
    const down = info[i + 1]!;
    if (l.role !== "text" || up.role !== "text" || up.terminated || l.terminated || l.w > 0.5 * up.w) continue;
    if ((down.role === "blank" || down.role === "furniture") && UNIT_LABEL.test(l.text)) l.role = "title";
  }
}

/**
 * A credit wrapped inside a name ("…的水平和技能。通讯员张一" / "帆李二强报道") ends on the next line, which
 * is the credit's rest — text that ends its piece, not a title.
 */
function markCreditRests(info: LineInfo[], doubleSpaced: boolean): void {
  for (let i = 1; i < info.length; i++) {
    const l = info[i]!;
    // A double-spaced page puts a blank line between the two halves.
    const up = doubleSpaced && i >= 2 && info[i - 1]!.role === "blank" ? info[i - 2]! : info[i - 1]!;
    if ((l.role === "title" || l.role === "text") && up.role === "text" && CREDIT_REST.test(l.text) && CREDIT_TAIL.test(up.text)) {
      l.role = "text";
      l.terminated = true;
      l.credit = true;
    }
  }
}

/** Fewest title-like lines in a row (no blank line between) that are a poem's lines, not a headline stack. */
export const MIN_VERSE_RUN = 6;
/** Widest median line of a blank-separated run (a double-spaced page) read as a poem. */
const MAX_SPACED_VERSE_WIDTH = 12;

/**
 * A run of title lines with blank lines in it, from i to j, is a double-spaced poem when it is spaced evenly (one
 * blank line under every line) and its lines are short phrases. Headlines gathered at the page's foot of an
 * irregularly double-spaced page are not (seed 001: "长春一东：助推…" / "" / "重庆气矿铜锣峡储气库完成…",
 * statements of 15-22 characters, then a narrow column's wrapped headline with no blank lines in it).
 */
function evenShortRun(info: LineInfo[], i: number, j: number): boolean {
  const widths: number[] = [];
  for (let k = i; k < j; k++) {
    const title = info[k]!.role === "title";
    if (k > i && title === (info[k - 1]!.role === "title")) return false;
    if (title) widths.push(info[k]!.w);
  }
  return median(widths) <= MAX_SPACED_VERSE_WIDTH;
}

/**
 * A poem printed without blank lines (content-order PDF text of a literary page): its short unpunctuated
 * lines all read as titles, one after another ("黎明" / "站在阳光下张开双臂" / "与金色的光紧紧相拥" / …). A
 * headline, even wrapped, with kicker and subheadline, is at most four lines; six or more title lines in a
 * row are verse — text. A writer's bare name on the run's first line ("·张三·", "张三") is the poem's credit.
 */
function markVerse(info: LineInfo[], doubleSpaced: boolean): void {
  for (let i = 0; i < info.length;) {
    // The run's lines; a double-spaced page puts a blank line between every two of them.
    let j = i;
    let lines = 0;
    while (j < info.length) {
      if (info[j]!.role === "title") { lines++; j++; continue; }
      if (doubleSpaced && lines > 0 && info[j]!.role === "blank" && info[j + 1]?.role === "title") { j++; continue; }
      break;
    }
    if (lines >= MIN_VERSE_RUN && (j - i === lines || evenShortRun(info, i, j))) {
      const m = NAME_LINE.exec(info[i]!.text);
      const from = m && info[i]!.w <= 9 && isPersonName(m[1]!) ? i + 1 : i;
      if (from > i) info[i]!.role = "author";
      for (let k = from; k < j; k++) if (info[k]!.role === "title") { info[k]!.role = "text"; info[k]!.verse = true; }
    }
    i = Math.max(j, i + 1);
  }
}

function nextNonBlank(info: LineInfo[], i: number): number {
  for (let k = i + 1; k < info.length; k++) if (info[k]!.role !== "blank") return k;
  return -1;
}

/**
 * On a scraped page the headline is the line right above the meta line ("来源:点击:时间:2024-04-25"), however
 * long; the short lines above it are navigation ("时政要闻").
 */
function markWebHeadline(info: LineInfo[]): void {
  const meta = info.findIndex((l) => l.reason === "web page meta line");
  const h = prevNonBlank(info, meta);
  if (h < 0 || (info[h]!.role !== "text" && info[h]!.role !== "title")) return;
  // A meta line under the text ("…。" / "发布时间:…") has no headline above it.
  if (info[h]!.w > 60 || endsSentence(info[h]!.text)) return;
  info[h]!.role = "title";
  // Everything above the headline is the site's header: its name, contact lines, menus, the breadcrumb.
  for (let k = h - 1; k >= 0; k--) {
    const l = info[k]!;
    if (l.role === "title" || l.role === "text") { l.role = "furniture"; l.reason = "site navigation"; }
  }
}

function prevNonBlank(info: LineInfo[], i: number): number {
  for (let k = i - 1; k >= 0; k--) if (info[k]!.role !== "blank") return k;
  return -1;
}

/**
 * Lines a and b (a < b) are next to each other: no line between, or only the blank line a double-spaced page
 * puts under every line. (A module function, not a closure in the loop: tsx names every closure it creates.)
 */
function touching(info: LineInfo[], doubleSpaced: boolean, a: number, b: number): boolean {
  return b - a === 1 || (doubleSpaced && b - a === 2 && info[a + 1]!.role === "blank");
}

/** Median width of the text lines around i — the local column width. */
function localWidth(info: LineInfo[], i: number): number {
  const ws: number[] = [];
  for (let k = i - 1, n = 0; k >= 0 && n < 4; k--) if (info[k]!.role === "text" && info[k]!.w <= MAX_COLUMN_WIDTH) { ws.push(info[k]!.w); n++; }
  for (let k = i + 1, n = 0; k < info.length && n < 4; k++) if (info[k]!.role === "text" && info[k]!.w <= MAX_COLUMN_WIDTH) { ws.push(info[k]!.w); n++; }
  return median(ws) || info[i]!.w;
}

/** Roles after which a new piece starts: a short line that follows one can stand as a headline. */
const CLOSING_ROLES: ReadonlySet<LineInfo["role"]> = new Set(["byline", "sign", "credit", "heading", "furniture", "title"]);

/**
 * Title-like lines: no clause punctuation, not ending a sentence (a closing quote may end a headline:
 * "突出责任“三强化” 把好生产“安全关”"), not a dateline. Such a line is a title
 * where a headline can stand — right after a piece closed (byline, sign, credit), at the top of the file,
 * next to another title line, or when it is much shorter than the column around it ("中铝山西新材料"
 * after "…新局面。"). A full-width line after a finished sentence is just a paragraph's first line
 * ("长春一东除了通过在公司内部组织技能" in the double-spaced industry page).
 */
/**
 * The line set off by blank lines right under a title set off the same way is its subheadline, though it
 * may carry a comma: "市总工会到特钢公司“送清凉”" / "" / "市总工会副主席张三为职工送上防暑降温物品" / "" /
 * the text (a single-spaced page; in a double-spaced one every line is set off).
 */
function subheadlineAt(info: LineInfo[], i: number, doubleSpaced: boolean): boolean {
  const li = info[i]!;
  if (doubleSpaced || li.w > 40 || li.terminated || /[。！？；]|[，、：:]$/.test(li.text) || DATELINE.test(li.text) || SECTION_HEAD.test(li.text)) return false;
  const up = info[i - 2];
  return info[i - 1]?.role === "blank" && info[i + 1]?.role === "blank" && up?.role === "title" &&
    info[i - 3]?.role === "blank" && info[i + 2]?.role === "text";
}

/**
 * A short line set off above a writer's credit is the piece's title even with an exclamation or question
 * mark inside it: "致敬！纳雍电工" / "" / "文/张三" / the poem.
 */
const WRITER_CREDIT = /^[■□●]?\s*(?:文\s*[/／]|作者\s*[:：])/;

function exclaimedTitleAt(info: LineInfo[], i: number): boolean {
  const li = info[i]!;
  if (li.w > 20 || /[，。；,;]/.test(li.text) || !/[！？!?]./.test(li.text)) return false;
  const nb = nextNonBlank(info, i);
  return nb > i + 1 && info[i - 1]?.role === "blank" && info[nb]!.role === "credit" && WRITER_CREDIT.test(info[nb]!.text);
}

/**
 * A headline set across more than one column, in PDF text whose column lines are narrow: a line clearly wider
 * than the text column around it, no punctuation, where a paragraph has ended above (a finished sentence, or
 * a short last line under a full one: a notice's signature "承办单位：…交大图" / "书馆"), with a blank line
 * before it; the headline's rest, a shorter unpunctuated line, may follow ("…开展安全生产" / "执法检查"), then
 * the column's text. A column line never runs wider than its column, so such a line is no wrap of the text
 * around it. Returns the index of the headline's last line, or 0.
 */
function wideTitleAt(info: LineInfo[], i: number): number {
  const li = info[i]!;
  if (li.w > 40 || li.w < 10 || li.terminated || li.credit || CLAUSE_PUNCT.test(li.text) || /[、：:]/.test(li.text) ||
    DATELINE.test(li.text) || SECTION_HEAD.test(li.text) || info[i - 1]?.role !== "blank") return 0;
  const local = localWidth(info, i);
  if (local < 8 || li.w < 1.3 * local) return 0;
  const p = prevNonBlank(info, i);
  if (p >= 0) {
    const prev = info[p]!;
    const pp = prevNonBlank(info, p);
    const wrappedEnd = prev.role === "text" && prev.w < 0.5 * local && pp >= 0 && info[pp]!.role === "text" && info[pp]!.w >= 0.8 * local;
    if (!(prev.terminated || wrappedEnd || CLOSING_ROLES.has(prev.role))) return 0;
  }
  let last = i;
  let n = nextNonBlank(info, i);
  const rest = n >= 0 ? info[n]! : null;
  if (rest && rest.role === "text" && !rest.terminated && rest.w <= 0.6 * li.w && !CLAUSE_PUNCT.test(rest.text) && !/[、：:]/.test(rest.text) && n <= i + 2) {
    last = n;
    n = nextNonBlank(info, n);
  }
  // The column's text under it: a line no wider than the column.
  const body = n >= 0 ? info[n]! : null;
  return body && body.role === "text" && body.w <= 1.1 * local ? last : 0;
}

/**
 * A headline wrapped in a narrow column: two or three short lines with no punctuation, a blank line after
 * them ("关于举办集团第六届" / "职工书画摄影展的通" / "知" / ""). Returns how many lines, or 0.
 */
function setOffBlock(info: LineInfo[], i: number): number {
  let j = i;
  let w = 0;
  while (j < info.length && j - i < 3 && info[j]!.role === "text" && !info[j]!.terminated && !CLAUSE_PUNCT.test(info[j]!.text) && !/[、：:]/.test(info[j]!.text)) w += info[j++]!.w;
  return j - i >= 2 && w <= 40 && info[j]?.role === "blank" ? j - i : 0;
}

function markTitles(lines: SourceLine[], info: LineInfo[]): void {
  const doubleSpaced = isDoubleSpaced(info);
  for (let i = 0; i < info.length; i++) {
    const li = info[i]!;
    const t = li.text;
    if (li.role === "text" && subheadlineAt(info, i, doubleSpaced)) { li.role = "title"; continue; }
    if (li.role === "text" && exclaimedTitleAt(info, i)) { li.role = "title"; continue; }
    const wide = li.role === "text" ? wideTitleAt(info, i) : 0;
    if (wide) {
      for (let k = i; k < info.length && k <= wide; k++) if (info[k]!.role === "text") info[k]!.role = "title";
      i = wide;
      continue;
    }
    if (li.role !== "text" || li.w > 40 || endsSentence(t) || li.credit || CLAUSE_PUNCT.test(t) || DATELINE.test(t) || CREDIT_TAIL.test(t)) continue;
    // "尊敬的电力客户：" — a salutation opens a notice's text; "二、活动要求", "2018年" head a part of one;
    // a line ending in a pause ("为了深入贯彻落实省、市、") is a sentence's wrap, never a headline.
    if (/[：:、，,]$/.test(t) || SECTION_HEAD.test(t)) continue;
    const p = prevNonBlank(info, i);
    const prev = p >= 0 ? info[p]! : null;
    // A line right above a dateline ("本网讯5月29日，…") is that piece's headline, however wide the column.
    const nb = nextNonBlank(info, i);
    const beforeDateline = nb >= 0 && info[nb]!.role === "text" && DATELINE.test(info[nb]!.text) && !/[，、]$/.test(t);
    // A writer's credit ("文/张三") opens the text under it, however short its first line (a poem's).
    if (prev?.role === "credit" && WRITER_CREDIT.test(prev.text)) continue;
    // A text line ending in a credit ("…的情景。张三摄") closes its piece as a credit line does.
    const afterClose = !prev || CLOSING_ROLES.has(prev.role) || prev.credit || beforeDateline;
    const endsTrailingByline = prev?.role === "text" && /[）)]$/.test(prev.text);
    const local = localWidth(info, i);
    // A paragraph ends at a finished sentence, or at a line much shorter than its column ("…的契机。金坚" /
    // "军" in content-order text, where a name wraps after the last sentence).
    // (A full line before the short one: a poem's lines are all short.)
    const pp = p >= 0 ? prevNonBlank(info, p) : -1;
    const prevEnds = prev?.terminated === true || (prev?.role === "text" && touching(info, doubleSpaced, p, i) &&
      prev.w < 0.3 * local && pp >= 0 && touching(info, doubleSpaced, pp, p) && info[pp]!.role === "text" && info[pp]!.w >= 0.8 * local);
    const wrapEnd = prevEnds && prev?.terminated !== true;
    const short = prevEnds && li.w < 0.7 * local;
    // A single-spaced page sets a headline off by blank lines: "…持续涌现。" / "" / "标题" / "" / the text.
    const isolated = !doubleSpaced && prev?.terminated === true && p === i - 2 && (info[i + 1]?.role === "blank" || setOffBlock(info, i) > 0);
    if (!(afterClose || endsTrailingByline || short || isolated)) continue;
    // The first line of a text block directly below (no blank line) and about as wide: a narrow column, not
    // a title ("闲来翻阅" above "《全唐诗》，读" in a wrapped text box).
    const n = i + 1 < info.length && info[i + 1]!.role === "text" ? i + 1 : -1;
    const nextStartsFrame = n >= 0 && (lines[n]!.indented || DATELINE.test(info[n]!.text));
    if (n >= 0 && !nextStartsFrame && CLAUSE_PUNCT.test(lines[n]!.text) && info[n]!.w <= 2 * li.w && !(wrapEnd && info[n]!.w >= 0.85 * local)) continue;
    li.role = "title";
  }
}
