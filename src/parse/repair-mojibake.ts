/**
 * Pass — repairMojibake. PDFs typeset with GBK-font punctuation come out of extraction with each full-width
 * punctuation mark replaced by the ideograph that shares its code point in another font table:
 * 渊…冤 （…）, 袁 ，, 遥 。, 野…冶 “…”, 叶…曳 《…》, 尧 、, 曰 ；, 院 ：, 荫 ◆, 要要 ——, 噎噎 …….
 * (The font's table puts each mark's GBK code 0x31 rows further on: ， A3AC → 袁 D4AC, — A1AA → 要 D2AA.)
 *
 * Every one of those is also a real character (遥远, 医院, 冶金, 叶子, 树荫), so a character is replaced only
 * where it sits in punctuation position, and only in a file that shows the pattern at all. PDF lines break at
 * column width, so "position" reads across line breaks, and a file may mix fonts, so it also asks whether the
 * text around is clean. Replacements are one character for one, so line numbers and offsets are unchanged.
 */
import type { ParseState } from "../types.ts";
import { PARSE } from "../messages.ts";

export const SIMPLE: Record<string, string> = { 袁: "，", 遥: "。", 尧: "、", 曰: "；", 院: "：", 荫: "◆" };

/** Real words that start with a mojibake character: 遥远, 遥控; 叶子; 野外; 冶金; 尧舜 … */
const KEEP_AFTER: Record<string, RegExp> = {
  遥: /^(?:远|控|感|测|望|相|遥|不可及|想|指)/,
  尧: /^舜/,
  野: /^(?:外|生|心|蛮|战|营|餐|味|草|花|兔|鸭|性|趣|史|火)/,
  冶: /^(?:金|炼|铸|建|游)/,
  叶: /^(?:子|片|脉|绿|落|柄|面)/,
  曳: /^(?:引)/,
  // 院长, 院士, 院校, 院里, 院内, 院落, 院子, 院务会, 院所: a real 院 starting a word, never a colon.
  院: /^(?:长|士|校|里|内|落|子|务|所|团|系|领导|党委)/,
};
/** …and real words that end with one: 医院, 学院, 树荫, 深渊, 冶: 陶冶; 野: 田野, 视野; 曰: 子曰. */
const KEEP_BEFORE: Record<string, RegExp> = {
  院: /(?:医|学|法|病|究|计|剧|影|庭|书|寺|道|科|住|出|入|大|小|后|前|该|本|全|两|各|来|到|离|在|术|馆|军|场|务|察|检|议|园|高|四合|村|庄|卫生|老|疗养|福利|保健|属|戏|画|我|贵|此|分|总|商学|宅)$/,
  荫: /(?:树|绿|林|浓|成|柳|槐|桐)$/,
  渊: /(?:深|天|龙|源|学)$/,
  冤: /(?:伸|喊|含|沉|申|鸣)$/,
  野: /(?:田|视|原|山|朝|荒|分|旷|郊|乡|在|下|平|四|林|上)$/,
  冶: /(?:陶|妖)$/,
  曳: /(?:摇|拖|牵)$/,
  曰: /(?:子|名|诗|或|又|答|问|美其名)$/,
  叶: /(?:树|茶|枝|竹|红|绿|落|荷|菜|烟|中|末|金|秋)$/,
};

/** Pairs that must close within the window to count as brackets or quotes. */
export const PAIRS: [open: string, close: string, repairedOpen: string, repairedClose: string, window: number][] = [
  ["渊", "冤", "（", "）", 40],
  ["野", "冶", "“", "”", 120],
  ["叶", "曳", "《", "》", 40],
];

/** 袁 between ideographs, 遥 before a line end or more text, 渊…冤 around a short name (see mojibakeSignals). */
const SIGNALS = [/[\u4e00-\u9fff]袁[\u4e00-\u9fff“野]/g, /[\u4e00-\u9fff]遥(?:\s*$|\s*[\u4e00-\u9fff野])/gm, /渊[\u4e00-\u9fff\s]{2,12}[冤)）]/g];

/**
 * How many unmistakable signals the text carries. 袁 between two ideographs and 遥 before a line end or
 * another clause are the commonest marks; real surnames 袁/遥 are rare by comparison. A file is repaired only
 * above a small threshold, so one 袁隆平 in a clean file is left alone.
 */
export function mojibakeSignals(text: string): number {
  return SIGNALS.reduce((n, re) => n + (text.match(re)?.length ?? 0), 0);
}

const ORIGINALS = "渊冤袁遥野冶叶曳尧曰院荫噎";
const ORIGINALS_G = new RegExp(`[${ORIGINALS}]`, "g");

/** The closer each opener waits for; 渊 also takes a correct ）or ). */
const CLOSERS: Record<string, RegExp> = { 渊: /[冤)）]/, 野: /冶/, 叶: /曳/ };

/** Code units of the one-for-one marks (袁 遥 尧 曰 院 荫): the scan reads one table entry per character (2 for
 * 袁 遥, which also tell the font: see repairMarks). */
const SIMPLE_CODE = new Uint8Array(0x10000);
for (const ch of Object.keys(SIMPLE)) SIMPLE_CODE[ch.charCodeAt(0)] = 1;
SIMPLE_CODE[0x8881 /* 袁 */] = SIMPLE_CODE[0x9065 /* 遥 */] = 2;

/** Whether the mark at i is part of a real word, read across a line break ("医\n院", "茶\n叶", "遥\n远"). */
export function keep(text: string, i: number, ch: string): boolean {
  const after = KEEP_AFTER[ch];
  const before = KEEP_BEFORE[ch];
  if (after && after.test(around(text, i, 1, 5))) return true;
  if (before && before.test(around(text, i, -1, 4))) return true;
  return false;
}

const NL = 10;
/** Spaces between words of a line: pdftotext puts them around Latin and digits ("46.31% 袁"). */
const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x3000 || c === 0xa0;
const isIdeograph = (c: number): boolean => c >= 0x4e00 && c <= 0x9fff;

/**
 * The nearest non-blank character before (step -1) or after (step 1) offset i, seen across spaces and across a line
 * break — also over the blank line a double-spaced file puts between every two lines (at most three breaks). PDF
 * lines break at column width, mid-sentence, so the mark often starts or ends its line: "建设\n袁实现",
 * "…清凉\n\n遥据". -1 at the end of the text or past a wider gap.
 */
function neighbour(text: string, i: number, step: 1 | -1): number {
  let breaks = 0;
  for (let k = i + step, n = 0; k >= 0 && k < text.length && n < 24; k += step, n++) {
    const c = text.charCodeAt(k);
    if (c === NL) { if (++breaks > 3) return -1; } else if (!isSpace(c)) return k;
  }
  return -1;
}

/** Up to n non-blank characters beside offset i, read across a line break the same way (in reading order). */
function around(text: string, i: number, step: 1 | -1, n: number): string {
  const near = step > 0 ? text.slice(i + 1, i + 1 + n) : text.slice(Math.max(0, i - n), i);
  if (!/\s/.test(near)) return near; // the common case: no break or space beside the mark
  let s = "";
  for (let k = neighbour(text, i, step); k >= 0 && s.length < n; k = neighbour(text, k, step)) {
    s = step > 0 ? s + text[k] : text[k] + s;
  }
  return s;
}

/** The text as repaired so far, read by code unit: Edits here, a character array in the tests' plain oracle. */
export interface Repaired {
  readonly text: string;
  code(i: number): number;
}

/**
 * The repaired characters so far, as UTF-16 code units by offset. Repairs are sparse (a few hundred in a
 * 60,000-character page), so they are kept apart from the text and spliced in once at the end — splitting the
 * page into one string per character and joining it again was most of this pass's time.
 */
class Edits implements Repaired {
  readonly at = new Map<number, number>();
  repaired = 0;
  constructor(readonly text: string) {}

  code(i: number): number {
    return this.at.get(i) ?? this.text.charCodeAt(i);
  }

  set(i: number, c: string): void {
    const code = c.charCodeAt(0);
    if (this.code(i) !== code) {
      this.at.set(i, code);
      this.repaired++;
    }
  }

  result(): string {
    if (!this.at.size) return this.text;
    const parts: string[] = [];
    let from = 0;
    for (const i of [...this.at.keys()].sort((a, b) => a - b)) {
      parts.push(this.text.slice(from, i), String.fromCharCode(this.at.get(i)!));
      from = i + 1;
    }
    parts.push(this.text.slice(from));
    return parts.join("");
  }
}

/**
 * Whether the nearest of `opens` / `close` before offset i (within `win` characters, in the text as repaired so
 * far) is an opener, with no paragraph break between it and i: then the closer at i closes it ("（宁晓晶冤").
 */
function closesOpenBracket(out: Edits, i: number, win: number, opens: number[], close: number): boolean {
  for (let k = i - 1; k >= Math.max(0, i - win); k--) {
    const c = out.code(k);
    if (c === close) return false;
    if (opens.includes(c)) return !paragraphBreak(out, k, i);
  }
  return false;
}

/**
 * Whether a paragraph ends between offsets from and to. A blank line is not enough: a double-spaced file has one
 * between every two lines, so "（通讯员 张三 李\n\n四冤" is one bracket wrapped over a line. A paragraph ends at
 * two blank lines, or at a blank line after a sentence end. Repairs never touch line breaks, so the breaks are
 * read in the original text and the sentence end in the text as repaired.
 */
export function paragraphBreak(out: Repaired, from: number, to: number): boolean {
  const gap = out.text.slice(from, to);
  if (gap.includes("\n\n\n")) return true;
  for (let b = gap.indexOf("\n\n"); b >= 0; b = gap.indexOf("\n\n", b + 1)) {
    const p = neighbour(out.text, from + b, -1);
    if (p >= 0 && SENTENCE_END.includes(String.fromCharCode(out.code(p)))) return true;
  }
  return false;
}

/** mojibakeSignals(text) >= 3, counting only until the third signal. */
function hasSignals(text: string): boolean {
  let n = 0;
  for (const re of SIGNALS) {
    re.lastIndex = 0;
    while (re.exec(text)) {
      if (++n >= 3) { re.lastIndex = 0; return true; }
    }
  }
  return false;
}

/** Repairs one text; returns the text and how many characters changed. */
export function repairText(text: string): { text: string; repaired: number } {
  if (!hasSignals(text)) return { text, repaired: 0 };
  const out = new Edits(text);
  repairPairs(text, out);
  repairMarks(text, out);
  repairDoubled(text, out);
  return { text: out.result(), repaired: out.repaired };
}

/**
 * Paired marks first: an opener counts only if its closer follows within the window (a closer may also be
 * an already-correct ）or ) — "渊王星芸)" in the 劲旅 file mixes both fonts).
 */
function repairPairs(text: string, out: Edits): void {
  for (const [open, close, ro, rc, win] of PAIRS) {
    const closers = CLOSERS[open]!;
    for (let i = text.indexOf(open); i >= 0; i = text.indexOf(open, i + 1)) {
      const seg = text.slice(i + 1, i + 1 + win);
      const m = closers.exec(seg);
      if (!m) continue;
      // A pair that closes within a short phrase is a quote even where the opener starts a real word:
      // "彰显组织野战斗力冶" is “战斗力”, not 野战.
      if (m.index > 20 && keep(text, i, open)) continue;
      const inner = seg.slice(0, m.index);
      if (inner.includes(open) || inner.length === 0) continue;
      out.set(i, ro);
      const j = i + 1 + m.index;
      if (text[j] === close) out.set(j, rc);
    }
    // A stray closer after a correct opener: "（宁晓晶冤".
    const opens = open === "渊" ? [ro.charCodeAt(0), 0x28 /* ( */] : [ro.charCodeAt(0)];
    const closeCode = close.charCodeAt(0);
    for (let i = text.indexOf(close); i >= 0; i = text.indexOf(close, i + 1)) {
      if (out.code(i) !== closeCode || keep(text, i, close)) continue;
      if (closesOpenBracket(out, i, win, opens, rc.charCodeAt(0))) out.set(i, rc);
    }
  }
}

/**
 * The dash and the ellipsis are set as two marks each, so they come out doubled: "三口人要要母亲" is
 * "三口人——母亲", "噎噎" is "……". A doubled 噎 is no word; 要要 is one only before 求 or after an adverb
 * ("还要要求", "就要要去"), which a dash never follows.
 */
const DOUBLED: [mark: string, repaired: string, keepAfter: RegExp | null, keepBefore: RegExp | null][] = [
  ["噎噎", "……", null, null],
  ["要要", "——", /^[求是不]/, /[还就也都又更只我你他她它们将需想总]$/],
];

function repairDoubled(text: string, out: Edits): void {
  for (const [mark, rep, keepAfter, keepBefore] of DOUBLED) {
    for (let i = text.indexOf(mark); i >= 0; i = text.indexOf(mark, i + 2)) {
      if (keepAfter?.test(around(text, i + 1, 1, 2)) || keepBefore?.test(around(text, i, -1, 2))) continue;
      out.set(i, rep[0]!);
      out.set(i + 1, rep[1]!);
    }
  }
}

/** A sentence end, also as the 遥 not yet repaired when the pairs are read. */
const SENTENCE_END = "。！？!?遥";
/** Marks a label or clause can follow: "一、征集对象院", "，我回她院". */
const CLAUSE_PUNCT = new Uint8Array(0x10000);
for (const ch of "，。、；：！？,.;:!?”）)》…—◆") CLAUSE_PUNCT[ch.charCodeAt(0)] = 1;
/** Real ，。 (1 here) against 袁 遥 (2 in SIMPLE_CODE): the two fonts' commonest marks. */
const REAL_CODE = new Uint8Array(0x10000);
REAL_CODE[0xff0c] = REAL_CODE[0x3002] = 1;
/** How many characters either side of a mark cleanAt reads for the font of its text. */
const FONT_WINDOW = 40;

/**
 * Then the one-for-one marks, each where it stands in punctuation position. A file may mix fonts: one article
 * extracted with a normal font (real ，。), the next with the GBK font (袁 遥). Where real ，。 are at least as many
 * as 袁 遥 around a mark (cleanAt), the text is clean: there the weaker readings below (a neighbour across a line
 * break, 院 as a label's colon) are not trusted, so a clean "…专家\n袁隆平" stays. Marks between ideographs on one
 * line are repaired in clean text too: 001's clean page prints its headlines' "导向袁以" in the GBK font.
 */
function repairMarks(text: string, out: Edits): void {
  for (let i = 0; i < text.length; i++) {
    if (!SIMPLE_CODE[text.charCodeAt(i)]) continue;
    const rep = markRepair(out, i);
    if (rep) out.set(i, rep);
  }
}

/**
 * Whether the text around offset i is in the normal font (see repairMarks): its line and the non-blank line
 * before it, up to FONT_WINDOW characters each way — a line, not a span, so a GBK article's first line is not
 * judged by the clean article ending above it. Read only where a rule asks.
 */
function cleanAt(text: string, i: number): boolean {
  let a = i;
  // Back over the rest of this line, blank lines (double spacing) and the line before; spaces do not count.
  for (let lines = 0, n = 0, steps = 0, onText = true; a > 0 && n < FONT_WINDOW && steps < 4 * FONT_WINDOW; a--, steps++) {
    const c = text.charCodeAt(a - 1);
    if (c === NL) {
      if (onText && ++lines === 2) break;
      onText = false;
    } else if (!isSpace(c)) {
      onText = true;
      n++;
    }
  }
  let b = i;
  while (b < text.length && b - i < FONT_WINDOW && text.charCodeAt(b) !== NL) b++;
  let real = 0, moj = 0;
  for (let k = a; k < b; k++) {
    const c = text.charCodeAt(k);
    real += REAL_CODE[c]!;
    moj += SIMPLE_CODE[c]! >> 1;
  }
  return real > 0 && real >= moj;
}

/** Words that introduce speech or a list: "俗话说院大江大海不淹人". */
const SPEECH = /[说道讲称问答示调绍下]/;
/** After text: an ideograph (also a mojibake one), a closing mark, a digit, a letter or a percent sign. */
const AFTER_TEXT = /[\u4e00-\u9fff”》）)0-9A-Za-z%]/;

/** What the one-for-one mark at offset i becomes, or null where it is a real character. */
export function markRepair(out: Repaired, i: number): string | null {
  const text = out.text;
  const ch = text[i]!;
  const rep = SIMPLE[ch]!;
  if (keep(text, i, ch)) return null;
  // The neighbours across a line break: "建设\n袁实现", "群防群治\n尧共筑", "…家属\n遥" (a mark wrapped alone).
  const p = neighbour(text, i, -1);
  const sameLine = p >= 0 && !hasBreak(text, p, i);
  // Read as repaired so far: after a repaired 。 a line-start 袁 is the name 袁, not a second mark ("…遥\n袁平说").
  const prev = p < 0 ? "\n" : String.fromCharCode(out.code(p));
  if (ch === "荫") {
    // ◆ author mark: at a line start, followed by a space, a name or nothing ("荫 卫敬强", "荫\n段").
    const next = text[i + 1] ?? "\n";
    const lineStart = /(^|\n)\s*$/.test(text.slice(Math.max(0, i - 4), i));
    return lineStart && /[\s\u4e00-\u9fff]/.test(next) ? rep : null;
  }
  if (ch === "院") {
    // After a speech word on its line in either font; the other readings only in GBK-font text.
    // "渊某县应急管理局院张三冤": in a bracketed byline, between the unit's name and the writer's — in either font
    // (a page may set its commas in the normal font and its brackets in the GBK one).
    if (UNIT_END.test(prev) && BRACKET_NAME_AFTER.test(text.slice(i + 1, i + 8))) return rep;
    // A page's staff credit wherever extraction dropped it, mid-column too: "责任编辑院张三 版式院李四".
    if (STAFF_LABEL.test(around(text, i, -1, 4)) && !cleanAt(text, i)) return rep;
    return (sameLine && SPEECH.test(prev)) || (colonAfter(out, i, prev) && !cleanAt(text, i)) ? rep : null;
  }
  // 袁 遥 尧 曰: after text, before text or a line end. 尧 曰 also at a line end: "党员修旧利废尧\n降本增效" is a
  // broken line, not a name. After text on the line above only in GBK-font text.
  return AFTER_TEXT.test(prev) && (sameLine || !cleanAt(text, i)) ? rep : null;
}

const UNIT_END = /[局司厂矿部会委队所站办室]/;
/** The labels of a page's staff credit: 责任编辑, 美编, 版式, 校对 … */
const STAFF_LABEL = /(?:编辑|美编|版式|校对|组版|审校|排版|监制)$/;
const BRACKET_NAME_AFTER = /^[\u4e00-\u9fff·]{2,4}(?:冤|）|\))/;

/**
 * 院 is the colon (not 医院, 学院 — see keep) where:
 * - it follows a word that introduces speech: "俗话说院大江大海不淹人";
 * - a quote or a number follows it: "随着训斥院野会不会说话", "服务热线院95598", "全省第一院 2021 年";
 * - it ends a label that starts a clause and a value follows on the line: "作者院张三", "检修范围院东街",
 *   "一尧征集对象院集团", "我回她院井口" (two to four characters, so "四川省文化院团" is no label);
 * - it ends a short line that starts a paragraph, an addressee: "尊敬的电力客户院", "各基层工会院".
 */
function colonAfter(out: Repaired, i: number, prev: string): boolean {
  const text = out.text;
  if (!isIdeograph(prev.charCodeAt(0))) return false;
  if (SPEECH.test(prev)) return true;
  const n = neighbour(text, i, 1);
  const next = n < 0 ? 0 : out.code(n);
  if (next === 0x201c || text[n] === "野" || (next >= 0x30 && next <= 0x39)) return true;
  const lineEnd = n < 0 || hasBreak(text, i, n);
  const len = labelLength(out, i);
  if (lineEnd) return len >= 4 && len <= 12;
  return len >= 2 && len <= 4 && !CLAUSE_PUNCT[next];
}

/**
 * How many ideographs stand between offset i and the start of their clause — a mark before them, or the start
 * of a line that follows a sentence end or a shorter line (a headline: "井口的灯\n作者院"). -1 if the run does
 * not start a clause (a line broken mid-sentence) or is longer than a label.
 */
function labelLength(out: Repaired, i: number): number {
  const text = out.text;
  let k = i - 1;
  while (k >= 0 && i - k <= 13 && isIdeograph(out.code(k))) k--;
  const len = i - 1 - k;
  if (len > 12) return -1;
  if (k >= 0 && CLAUSE_PUNCT[out.code(k)]) return len;
  if (k >= 0 && out.code(k) !== NL) return -1;
  const p = neighbour(text, k, -1);
  if (p < 0 || CLAUSE_PUNCT[out.code(p)]) return len;
  return lineWidth(text, p, -1) < lineWidth(text, k + 1, 1) ? len : -1;
}

/** Whether a line break lies between offsets a and b (a few characters apart: see neighbour). */
function hasBreak(text: string, a: number, b: number): boolean {
  for (let k = a + 1; k < b; k++) if (text.charCodeAt(k) === NL) return true;
  return false;
}

/** Non-blank characters from offset k to its line's start (step -1) or end (step 1), counted up to 80 so that a
 * file of one long line stays linear. */
function lineWidth(text: string, k: number, step: 1 | -1): number {
  let w = 0;
  for (let n = 0; k >= 0 && k < text.length && n < 80; k += step, n++) {
    const c = text.charCodeAt(k);
    if (c === NL) break;
    if (!isSpace(c)) w++;
  }
  return w;
}

export function repairMojibake(state: ParseState): ParseState {
  const joined = state.lines.map((l) => l.text).join("\n");
  const { text, repaired } = repairText(joined);
  if (!repaired) return state;
  const fixed = text.split("\n");
  const lines = state.lines.map((l, i) => ({ ...l, text: fixed[i] ?? l.text }));
  const left = text.match(ORIGINALS_G)?.length ?? 0;
  const first = state.lines.find((l, i) => fixed[i] !== undefined && fixed[i] !== l.text);
  return {
    ...state,
    lines,
    mojibakeRepaired: repaired,
    // One warning per file, not per character: 劲旅's page has 569. The line is the first repaired one.
    warnings: [...state.warnings, { line: first?.no ?? 1, pass: "repairMojibake", code: "mojibake" as const, message: PARSE.mojibake(repaired) }],
    explain: [...state.explain, `repairMojibake: 修复 ${repaired} 个字符，${left} 个形似的字是真字，保留`],
  };
}
