/**
 * Pass — repairMojibake. PDFs typeset with GBK-font punctuation come out of extraction with each full-width
 * punctuation mark replaced by the ideograph that shares its code point in another font table:
 * 渊…冤 （…）, 袁 ，, 遥 。, 野…冶 “…”, 叶…曳 《…》, 尧 、, 曰 ；, 院 ：, 荫 ◆.
 *
 * Every one of those is also a real character (遥远, 医院, 冶金, 叶子, 树荫), so a character is replaced only
 * where it sits in punctuation position, and only in a file that shows the pattern at all. Replacements are
 * one character for one, so line numbers and offsets are unchanged.
 */
import type { ParseState } from "../types.ts";

export const SIMPLE: Record<string, string> = { 袁: "，", 遥: "。", 尧: "、", 曰: "；", 院: "：", 荫: "◆" };

/** Real words that start with a mojibake character: 遥远, 遥控; 叶子; 野外; 冶金; 尧舜 … */
const KEEP_AFTER: Record<string, RegExp> = {
  遥: /^(?:远|控|感|测|望|相|遥|不可及|想|指)/,
  尧: /^舜/,
  野: /^(?:外|生|心|蛮|战|营|餐|味|草|花|兔|鸭|性|趣|史|火)/,
  冶: /^(?:金|炼|铸|建|游)/,
  叶: /^(?:子|片|脉|绿|落|柄|面)/,
  曳: /^(?:引)/,
};
/** …and real words that end with one: 医院, 学院, 树荫, 深渊, 冶: 陶冶; 野: 田野, 视野; 曰: 子曰. */
const KEEP_BEFORE: Record<string, RegExp> = {
  院: /(?:医|学|法|病|究|计|剧|影|庭|书|寺|道|科|住|出|入|大|小|后|前|该|本|全|两|各|来|到|离|在|术|馆|军|场|务|察|检|议|园|高|四合|村|庄)$/,
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

const ORIGINALS = "渊冤袁遥野冶叶曳尧曰院荫";
const ORIGINALS_G = new RegExp(`[${ORIGINALS}]`, "g");

/** The closer each opener waits for; 渊 also takes a correct ）or ). */
const CLOSERS: Record<string, RegExp> = { 渊: /[冤)）]/, 野: /冶/, 叶: /曳/ };

/** Code units of the one-for-one marks (袁 遥 尧 曰 院 荫): the scan reads one table entry per character. */
const SIMPLE_CODE = new Uint8Array(0x10000);
for (const ch of Object.keys(SIMPLE)) SIMPLE_CODE[ch.charCodeAt(0)] = 1;

export function keep(text: string, i: number, ch: string): boolean {
  const after = KEEP_AFTER[ch];
  const before = KEEP_BEFORE[ch];
  if (after && after.test(text.slice(i + 1, i + 6))) return true;
  if (before && before.test(text.slice(Math.max(0, i - 4), i))) return true;
  return false;
}

/**
 * The repaired characters so far, as UTF-16 code units by offset. Repairs are sparse (a few hundred in a
 * 60,000-character page), so they are kept apart from the text and spliced in once at the end — splitting the
 * page into one string per character and joining it again was most of this pass's time.
 */
class Edits {
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
 * far) is an opener, with no blank line between it and i: then the closer at i closes it ("（宁晓晶冤").
 */
function closesOpenBracket(out: Edits, i: number, win: number, opens: number[], close: number): boolean {
  for (let k = i - 1; k >= Math.max(0, i - win); k--) {
    const c = out.code(k);
    if (c === close) return false;
    // Repairs never touch line breaks, so the blank-line test can read the original text.
    if (opens.includes(c)) return !out.text.slice(k, i).includes("\n\n");
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

/** Then the one-for-one marks, each where it stands in punctuation position. */
function repairMarks(text: string, out: Edits): void {
  for (let i = 0; i < text.length; i++) {
    if (SIMPLE_CODE[text.charCodeAt(i)]) repairMark(text, out, i);
  }
}

function repairMark(text: string, out: Edits, i: number): void {
  const ch = text[i]!;
  const rep = SIMPLE[ch]!;
  if (keep(text, i, ch)) return;
  const prev = text[i - 1] ?? "\n";
  const next = text[i + 1] ?? "\n";
  if (ch === "荫") {
    // ◆ author mark: at a line start, followed by a space, a name or nothing ("荫 卫敬强", "荫\n段").
    const lineStart = /(^|\n)\s*$/.test(text.slice(Math.max(0, i - 4), i));
    if (lineStart && /[\s\u4e00-\u9fff]/.test(next)) out.set(i, rep);
    return;
  }
  if (ch === "院") {
    // Colon only after a word that introduces speech or a list: "俗话说院大江大海不淹人".
    if (/[说道讲称问答示调绍下]$/.test(prev)) out.set(i, rep);
    return;
  }
  if (ch === "尧" || ch === "曰") {
    // Also at a line end: "党员修旧利废尧\n降本增效" is a broken line, not a name.
    if (/[\u4e00-\u9fff”》）)0-9A-Za-z]/.test(prev)) out.set(i, rep);
    return;
  }
  // 袁 and 遥: after text, before text or a line end.
  if (/[\u4e00-\u9fff”》）)0-9A-Za-z%]/.test(prev)) out.set(i, rep);
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
    warnings: [...state.warnings, { line: first?.no ?? 1, pass: "repairMojibake", message: `${repaired} GBK-font punctuation characters repaired (渊…冤 → （…）, 遥 → 。 …), first at this line` }],
    explain: [...state.explain, `repairMojibake: ${repaired} characters repaired, ${left} look-alikes kept as real words`],
  };
}
