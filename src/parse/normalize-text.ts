/**
 * Text normalisation for what a reader sees: body paragraphs, headlines, captions. Extraction leaves two kinds of
 * debris in Chinese text:
 * - PDF extraction pads digits and spreads characters with spaces ("2023 年 12 月 30 日", "220 千伏", "助 推",
 *   "100% 。", "“ 安全 ”", "完成 ，"). A run of white space goes when the character on either side of it is wide
 *   (an ideograph, a full-width mark, “”, ——, ……, ①, ℃, ◆), so "LKJ 设备" → "LKJ设备" as well; between two Latin
 *   words or numbers it stays ("Windows 10", "10 kV", "abc @ 163.com"). Leading and trailing white space goes.
 *   normalizeHeadline also keeps the space between a headline's two clauses ("防严寒 巧越冬").
 * - OCR and some web pages print ASCII punctuation in Chinese ("近日,市总工会", "电话:0456", "(记者 王五)").
 *   , : ; ? ! become ，：；？！ when a neighbour (white space skipped) is wide; a bracket pair becomes （） when its
 *   content or the character just outside it is wide. Numbers, times, URLs and Latin keep theirs ("1,000",
 *   "8:30", "http://x.cn", "(A)"); "." is never touched.
 *
 * Nothing else changes: every character but white space is kept, in order, so no ideograph is lost. Normalising
 * twice changes nothing: a mark's decision reads its neighbours with the ASCII mark and its full-width twin in
 * one class, so mapping a mark never changes what another mark sees. Two scans of table lookups per string over
 * reused typed arrays: linear, no regex but a one-class guard. Justified byline names ("卫 玲") are parse-byline's.
 */
import { isSpaceCode } from "./text-measure.ts";

const SPACE = 0;
/** Ideographs, kana, hangul, full-width forms and marks, and the symbols CJK fonts print full width. */
const WIDE = 1;
/** , : ; ? ! ( ) — the marks this module may map. */
const ASCII_MARK = 2;
/** ，：；？！（） — their full-width twins. */
const FULL_MARK = 3;
/** ‘ ’ · • — marks used in both scripts: they neither make a neighbour Chinese nor Latin. */
const NEUTRAL = 4;
/** Latin letters, digits, other ASCII, everything else. */
const OTHER = 5;

/** The class of each UTF-16 code unit (surrogates are classed in pairs by the scan). */
const CLASS = new Uint8Array(0x10000).fill(OTHER);
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x2e80, 0x2fdf], // CJK and Kangxi radicals
  [0x2ff0, 0x9fff], // CJK punctuation 。、《》「」【】〇, kana, bopomofo, ㈠ ㎡, Extension A, unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7af], // Hangul syllables
  [0xf900, 0xfaff], // compatibility ideographs
  [0xfe10, 0xfe1f], // vertical forms
  [0xfe30, 0xfe6f], // compatibility and small forms ︰ ﹏
  [0xff01, 0xff60], // full-width ASCII ，：０１Ａ
  [0xffe0, 0xffe6], // full-width signs ￥ ￡
  [0x2014, 0x2016], // —— ―― ‖
  [0x201c, 0x201d], // “ ”
  [0x2026, 0x2026], // ……
  [0x2030, 0x2030], // ‰
  [0x203b, 0x203b], // ※
  [0x2103, 0x2103], // ℃
  [0x2116, 0x2116], // №
  [0x2160, 0x217f], // Ⅰ Ⅱ ⅰ
  [0x2460, 0x24ff], // ① ⑴ ⒈
  [0x2500, 0x27bf], // box drawing, ■ ◆ ● ○ ▲, ★ ☆, dingbats ❶ ✓
];
for (const [from, to] of WIDE_RANGES) CLASS.fill(WIDE, from, to + 1);
for (const ch of ",:;?!()") CLASS[ch.charCodeAt(0)] = ASCII_MARK;
for (const ch of "，：；？！（）") CLASS[ch.charCodeAt(0)] = FULL_MARK;
for (const ch of "‘’·•") CLASS[ch.charCodeAt(0)] = NEUTRAL;
for (let c = 0; c < 0x10000; c++) if (isSpaceCode(c)) CLASS[c] = SPACE; // \u3000 sits in a wide range
for (let c = 0xd800; c <= 0xdfff; c++) CLASS[c] = OTHER;

/** Strings without white space or an ASCII mark are returned as they are, without a scan. */
const MAY_CHANGE = /[\s,:;?!()]/;

/** Full-width twin of an ASCII mark: "," (U+002C) → "，" (U+FF0C). */
const FULL_WIDTH_OFFSET = 0xfee0;

// Scratch buffers, grown on demand and reused (the function is synchronous and not re-entered). Buffers grown
// past RETAIN_UNITS for one huge string are dropped afterwards rather than held for the life of the process.
const RETAIN_UNITS = 1 << 16;
let cls = new Uint8Array(256);
let mapped = new Uint8Array(256);
let opens = new Int32Array(256);
let widesAtOpen = new Int32Array(256);

function release(): void {
  cls = new Uint8Array(256);
  mapped = new Uint8Array(256);
  opens = new Int32Array(256);
  widesAtOpen = new Int32Array(256);
}

function reserve(n: number): void {
  if (cls.length >= n) return;
  const size = Math.max(n, cls.length * 2);
  cls = new Uint8Array(size);
  mapped = new Uint8Array(size);
  opens = new Int32Array(size);
  widesAtOpen = new Int32Array(size);
}

/** The class of the code unit at `i`: an Extension B–G ideograph (a surrogate pair U+20000–U+3FFFF) is wide. */
function classAt(s: string, i: number, n: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdfff) {
    if (c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return c >= 0xd840 && c <= 0xd8bf ? WIDE : OTHER;
    } else if (c >= 0xdc00 && i > 0) {
      const h = s.charCodeAt(i - 1);
      if (h >= 0xd800 && h <= 0xdbff) return h >= 0xd840 && h <= 0xd8bf ? WIDE : OTHER;
    }
    return OTHER;
  }
  return CLASS[c]!;
}

/** The class of the first non-space character after `i`, -1 at the end (reads the string: not classed yet). */
function classAfter(s: string, i: number, n: number): number {
  for (let j = i + 1; j < n; j++) {
    const k = classAt(s, j, n);
    if (k !== SPACE) return k;
  }
  return -1;
}

/** The class of the last non-space character before `i`, -1 at the start (reads `cls`: classed already). */
function classBefore(i: number): number {
  for (let j = i - 1; j >= 0; j--) if (cls[j] !== SPACE) return cls[j]!;
  return -1;
}

/**
 * Does a mark belong to Chinese text, given the classes of its neighbours (-1 for the string's edge)? Yes
 * when a neighbour is wide ("近日,市" "电话:0456"), no when one is Latin or a digit and none is wide ("8:30"
 * "1,000" "http:"), yes when its neighbours are only marks and the edge ("”,“" "……!").
 */
function inChinese(before: number, after: number): boolean {
  if (before === WIDE || after === WIDE) return true;
  if (before === OTHER || after === OTHER) return false;
  return before !== -1 || after !== -1;
}

/** Is the character at `j` wide once the marks are mapped? */
function wideInOutput(j: number): boolean {
  const k = cls[j]!;
  return k === WIDE || k === FULL_MARK || (k === ASCII_MARK && mapped[j] === 1);
}

/**
 * Classes every code unit and decides which ASCII marks turn full width. Brackets are paired across both
 * widths, so that "（记者 王明)" pairs and the pairing is the same after mapping; a pair maps when its content
 * or a character just outside it is wide. A neighbour lookup skips one run of white space, and each run is
 * skipped for at most the marks on its two sides, so the scan stays linear.
 */
function decide(s: string, n: number): void {
  let top = 0;
  let wides = 0;
  for (let i = 0; i < n; i++) {
    const k = classAt(s, i, n);
    cls[i] = k;
    if (k === WIDE) { wides++; continue; }
    if (k !== ASCII_MARK && k !== FULL_MARK) continue;
    mapped[i] = 0;
    const c = s.charCodeAt(i);
    if (c === 0x28 || c === 0xff08) {
      opens[top] = i;
      widesAtOpen[top++] = wides;
    } else if (c === 0x29 || c === 0xff09) {
      if (top > 0) {
        const o = opens[--top]!;
        if (wides > widesAtOpen[top]! || classBefore(o) === WIDE || classAfter(s, i, n) === WIDE) {
          mapped[o] = 1;
          mapped[i] = 1;
        }
      } else if (inChinese(classBefore(i), classAfter(s, i, n))) {
        mapped[i] = 1;
      }
    } else if (inChinese(classBefore(i), classAfter(s, i, n))) {
      mapped[i] = 1;
    }
  }
  while (top > 0) {
    const o = opens[--top]!;
    if (inChinese(classBefore(o), classAfter(s, o, n))) mapped[o] = 1;
  }
}

/** Clause punctuation: a space next to it is never a headline's separator ("完成， 达标"). */
const CLAUSE_MARK = new Uint8Array(0x10000);
for (const ch of "、。，．：；？！…") CLAUSE_MARK[ch.charCodeAt(0)] = 1;

/** Up to 2: the ideographs of the space-delimited token that ends (step -1) or starts (step 1) at `i`. */
function tokenWides(s: string, i: number, step: number, n: number): number {
  let w = 0;
  for (let j = i; j >= 0 && j < n && cls[j] !== SPACE; j += step) {
    const c = s.charCodeAt(j);
    if (cls[j] === WIDE && (c < 0xdc00 || c > 0xdfff) && ++w === 2) break; // a surrogate pair counts once
  }
  return w;
}

/**
 * Is the white space between `a` and `j` a headline's separator: two clauses of two or more ideographs each,
 * neither ending or opening on clause punctuation ("明确目标严管理 科技赋能增效益", "防严寒 巧越冬")? A spread
 * single character is not ("助 推", "安 康 杯"). Removing a space only lengthens the tokens around the spaces
 * that are left, so what is kept once is kept again.
 */
function isSeparator(s: string, a: number, j: number, n: number): boolean {
  return cls[a] === WIDE && cls[j] === WIDE && CLAUSE_MARK[s.charCodeAt(a)] === 0 && CLAUSE_MARK[s.charCodeAt(j)] === 0
    && tokenWides(s, a, -1, n) === 2 && tokenWides(s, j, 1, n) === 2;
}

function normalize(s: string, headline: boolean): string {
  if (!MAY_CHANGE.test(s)) return s;
  const n = s.length;
  reserve(n);
  decide(s, n);
  let out = "";
  let from = 0;
  for (let i = 0; i < n; i++) {
    const k = cls[i]!;
    if (k === SPACE) {
      let j = i + 1;
      while (j < n && cls[j] === SPACE) j++;
      const a = i - 1;
      if (a < 0 || j >= n || ((wideInOutput(a) || wideInOutput(j) || (cls[a] === NEUTRAL && cls[j] === NEUTRAL))
        && !(headline && isSeparator(s, a, j, n)))) {
        out += s.slice(from, i);
        from = j;
      }
      i = j - 1;
    } else if (k === ASCII_MARK && mapped[i] === 1) {
      out += s.slice(from, i) + String.fromCharCode(s.charCodeAt(i) + FULL_WIDTH_OFFSET);
      from = i + 1;
    }
  }
  if (n > RETAIN_UNITS) release();
  return from === 0 ? s : out + s.slice(from);
}

/** `s` with extraction spaces removed from Chinese and ASCII punctuation in Chinese made full width. */
export function normalizeText(s: string): string {
  return normalize(s, false);
}

/**
 * The same for a headline, kicker or subheadline, except that the space between its two halves stays:
 * "明确目标严管理 科技赋能增效益" is printed as two clauses, "助 推" is one word spread apart.
 */
export function normalizeHeadline(s: string): string {
  return normalize(s, true);
}

/** Every paragraph normalised; paragraphs left empty (white space only) are dropped. */
export function normalizeParagraphs(ps: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of ps) {
    const t = normalizeText(p);
    if (t) out.push(t);
  }
  return out;
}
