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

const SIMPLE: Record<string, string> = { 袁: "，", 遥: "。", 尧: "、", 曰: "；", 院: "：", 荫: "◆" };

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
const PAIRS: [open: string, close: string, repairedOpen: string, repairedClose: string, window: number][] = [
  ["渊", "冤", "（", "）", 40],
  ["野", "冶", "“", "”", 120],
  ["叶", "曳", "《", "》", 40],
];

/**
 * How many unmistakable signals the text carries. 袁 between two ideographs and 遥 before a line end or
 * another clause are the commonest marks; real surnames 袁/遥 are rare by comparison. A file is repaired only
 * above a small threshold, so one 袁隆平 in a clean file is left alone.
 */
export function mojibakeSignals(text: string): number {
  const comma = text.match(/[\u4e00-\u9fff]袁[\u4e00-\u9fff“野]/g)?.length ?? 0;
  const stop = text.match(/[\u4e00-\u9fff]遥(?:\s*$|\s*[\u4e00-\u9fff野])/gm)?.length ?? 0;
  const paren = text.match(/渊[\u4e00-\u9fff\s]{2,12}[冤)）]/g)?.length ?? 0;
  return comma + stop + paren;
}

const ORIGINALS = "渊冤袁遥野冶叶曳尧曰院荫";

function keep(text: string, i: number, ch: string): boolean {
  const after = KEEP_AFTER[ch];
  const before = KEEP_BEFORE[ch];
  if (after && after.test(text.slice(i + 1, i + 6))) return true;
  if (before && before.test(text.slice(Math.max(0, i - 4), i))) return true;
  return false;
}

/** Repairs one text; returns the text and how many characters changed. */
export function repairText(text: string): { text: string; repaired: number } {
  if (mojibakeSignals(text) < 3) return { text, repaired: 0 };
  const out = text.split("");
  let repaired = 0;
  const set = (i: number, c: string) => {
    if (out[i] !== c) {
      out[i] = c;
      repaired++;
    }
  };
  // Paired marks first: an opener counts only if its closer follows within the window (a closer may also be
  // an already-correct ）or ) — "渊王星芸)" in the 劲旅 file mixes both fonts).
  for (const [open, close, ro, rc, win] of PAIRS) {
    for (let i = text.indexOf(open); i >= 0; i = text.indexOf(open, i + 1)) {
      const seg = text.slice(i + 1, i + 1 + win);
      const closers = open === "渊" ? /[冤)）]/ : new RegExp(close);
      const m = closers.exec(seg);
      if (!m) continue;
      // A pair that closes within a short phrase is a quote even where the opener starts a real word:
      // "彰显组织野战斗力冶" is “战斗力”, not 野战.
      if (m.index > 20 && keep(text, i, open)) continue;
      const inner = seg.slice(0, m.index);
      if (inner.includes(open) || inner.length === 0) continue;
      set(i, ro);
      const j = i + 1 + m.index;
      if (text[j] === close) set(j, rc);
    }
    // A stray closer after a correct opener: "（宁晓晶冤".
    for (let i = text.indexOf(close); i >= 0; i = text.indexOf(close, i + 1)) {
      if (out[i] !== close || keep(text, i, close)) continue;
      const back = out.slice(Math.max(0, i - win), i).join("");
      const o = Math.max(back.lastIndexOf(ro), open === "渊" ? back.lastIndexOf("(") : -1);
      const c = back.lastIndexOf(rc);
      if (o >= 0 && o > c && !back.slice(o).includes("\n\n")) set(i, rc);
    }
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const rep = SIMPLE[ch];
    if (!rep || keep(text, i, ch)) continue;
    const prev = text[i - 1] ?? "\n";
    const next = text[i + 1] ?? "\n";
    if (ch === "荫") {
      // ◆ author mark: at a line start, followed by a space, a name or nothing ("荫 卫敬强", "荫\n段").
      const lineStart = /(^|\n)\s*$/.test(text.slice(Math.max(0, i - 4), i));
      if (lineStart && /[\s\u4e00-\u9fff]/.test(next)) set(i, rep);
      continue;
    }
    if (ch === "院") {
      // Colon only after a word that introduces speech or a list: "俗话说院大江大海不淹人".
      if (/[说道讲称问答示调绍下]$/.test(prev)) set(i, rep);
      continue;
    }
    if (ch === "尧" || ch === "曰") {
      // Also at a line end: "党员修旧利废尧\n降本增效" is a broken line, not a name.
      if (/[\u4e00-\u9fff”》）)0-9A-Za-z]/.test(prev)) set(i, rep);
      continue;
    }
    // 袁 and 遥: after text, before text or a line end.
    if (/[\u4e00-\u9fff”》）)0-9A-Za-z%]/.test(prev)) set(i, rep);
  }
  return { text: out.join(""), repaired };
}

export function repairMojibake(state: ParseState): ParseState {
  const joined = state.lines.map((l) => l.text).join("\n");
  const { text, repaired } = repairText(joined);
  if (!repaired) return state;
  const fixed = text.split("\n");
  const lines = state.lines.map((l, i) => ({ ...l, text: fixed[i] ?? l.text }));
  const left = text.match(new RegExp(`[${ORIGINALS}]`, "g"))?.length ?? 0;
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
