/**
 * Pass — reflow: lines → paragraphs. PDF extraction breaks every column line ("…郝跃鹏深入矿业公司、孝义\n
 * 铝矿实地调研"), sometimes with a blank line in the middle of a sentence at a column or page break, and some
 * tools double-space every line. Chinese joins without a space.
 *
 * A line that does not end a sentence always continues on the next text line. A line that ends a sentence
 * ends the paragraph when a blank line follows (in a single-spaced file), when it is shorter than its
 * column, when it is longer than any column (a whole OCR paragraph), or when the next line opens a quote.
 */
import { classifyLines, CREDIT_REST, CREDIT_TAIL, isDoubleSpaced, MAX_COLUMN_WIDTH, type LineInfo } from "./classify-lines.ts";
import { BRIEF_MARK, DATELINE, SECTION_HEAD } from "./patterns.ts";
import { median } from "./text-measure.ts";
import type { Paragraph, ParseState, SourceLine } from "../types.ts";

/** Joins two line texts: Chinese without a space, Latin words with one. */
export function joinText(a: string, b: string): string {
  return a + joinGap(a, b) + b;
}

/** What goes between two joined lines: a space between a Latin word or number and a Latin word, else nothing. */
function joinGap(a: string, b: string): string {
  return /[A-Za-z0-9]$/.test(a) && /^[A-Za-z]/.test(b) ? " " : "";
}

function columnWidth(info: LineInfo[], i: number): number {
  const ws: number[] = [];
  for (let k = Math.max(0, i - 4); k < Math.min(info.length, i + 5); k++) {
    if (k !== i && info[k]!.role === "text" && info[k]!.w <= MAX_COLUMN_WIDTH) ws.push(info[k]!.w);
  }
  return median(ws) || info[i]!.w;
}

function endsParagraph(lines: SourceLine[], info: LineInfo[], i: number, next: number, doubleSpaced: boolean): boolean {
  const cur = info[i]!;
  // A ▲ or ● opens each brief of an e-paper's news-in-brief column.
  if (lines[next]!.indented || DATELINE.test(info[next]!.text) || BRIEF_MARK.test(info[next]!.text)) return true;
  // A poem's last line, then a line wider than any column: a caption or paragraph set across the page.
  if (cur.verse && info[next]!.w > MAX_COLUMN_WIDTH) return true;
  // "…具体内容通知如下：" / "一、活动主题": a notice's numbered part starts a paragraph of its own.
  if ((cur.terminated || /[：:]$/.test(cur.text)) && SECTION_HEAD.test(info[next]!.text)) return true;
  if (!cur.terminated) return false;
  if (cur.credit) return true;
  // A finished sentence, then a poem's first line: the poem is a paragraph (and a piece) of its own.
  if (info[next]!.verse && !cur.verse) return true;
  // A credit wrapped inside a name: "…本网特约记者：张" / "三 通讯员 李四" — the name goes on.
  if ((/^[\u4e00-\u9fff]{1,2}(?:\s|$)/.test(info[next]!.text) || CREDIT_REST.test(info[next]!.text)) && CREDIT_TAIL.test(cur.text)) return false;
  const blank = next > i + 1;
  if (blank && !doubleSpaced) return true;
  if (cur.w > MAX_COLUMN_WIDTH || cur.w < 0.85 * columnWidth(info, i)) return true;
  return /^[“「『]/.test(info[next]!.text);
}

/**
 * A headline broken over two lines is a full line and the rest ("…技能大赛暨岗位练" / "兵活动", "…的通" / "知");
 * a shorter line above a longer one is another title of the stack (kicker above headline, headline above
 * subheadline: "迎峰度夏保供电" / "西岭供电所…跑出加速度" / "今夏已巡线…"), and so is a line opening with a dash.
 */
export function continuesTitle(a: LineInfo, b: LineInfo): boolean {
  if (/^[—－]/.test(b.text) || /[”」』]$/.test(a.text) && /^[“「『]/.test(b.text)) return false;
  return a.w >= 7 && b.w <= a.w + 0.5;
}

function paragraphOf(lines: SourceLine[], from: number, to: number, text: string, info: LineInfo, gapBefore: number): Paragraph {
  // `reason` is always set (undefined for all but furniture) so every paragraph has one shape for V8.
  return {
    text,
    lines: [lines[from]!.no, lines[to]!.no],
    role: info.role === "blank" ? "text" : info.role,
    level: info.level,
    gapBefore,
    indented: lines[from]!.indented,
    reason: info.reason || undefined,
    verse: info.verse,
  };
}

export function reflowLines(lines: SourceLine[]): Paragraph[] {
  const info = classifyLines(lines);
  const doubleSpaced = isDoubleSpaced(info);
  const out: Paragraph[] = [];
  let gap = 0;
  let i = 0;
  while (i < lines.length) {
    const li = info[i]!;
    if (li.role === "blank") { gap++; i++; continue; }
    let text = li.text;
    const parts = [text];
    let end = i;
    if (li.role === "text" || li.role === "title") {
      // Titles join only with title lines directly below (a headline broken over lines, no blank between);
      // text joins with the next text line, across blank lines, until the paragraph ends.
      for (;;) {
        let n = end + 1;
        if (li.role === "text") while (n < lines.length && info[n]!.role === "blank") n++;
        // A double-spaced file puts a blank line under every line, a headline's own lines too.
        // Only a clearly shorter rest joins across it: a block of detached titles is double-spaced as well.
        else if (doubleSpaced && n + 1 < lines.length && info[n]!.role === "blank" && info[n + 1]!.role === "title" &&
          info[n + 1]!.w <= 0.6 * info[end]!.w) n++;
        if (n >= lines.length || info[n]!.role !== li.role) break;
        if (li.role === "text" && endsParagraph(lines, info, end, n, doubleSpaced)) break;
        if (li.role === "title" && (lines[n]!.indented || !continuesTitle(info[end]!, info[n]!))) break;
        // Collected as parts and joined once: growing one string line by line and reading its end each time
        // is quadratic on a long paragraph (V8 flattens the rope on every read).
        const next = info[n]!.text;
        parts.push(joinGap(parts.at(-1)!, next), next);
        end = n;
      }
      text = parts.join("");
    } else if (li.role === "sign" && text.replace(/^◆\s*/, "") === "") {
      // A vertical signature: "◆" then one character per line ("段", "芝", "云").
      let n = end + 1;
      let name = "";
      while (n < lines.length && /^[\u4e00-\u9fff]$/.test(info[n]!.text)) { name += info[n]!.text; end = n; n++; }
      if (name) text = `◆ ${name}`;
    }
    out.push(paragraphOf(lines, i, end, text, li, gap));
    gap = 0;
    i = end + 1;
  }
  return out;
}

export function reflow(state: ParseState): ParseState {
  const paragraphs = reflowLines(state.lines);
  return { ...state, paragraphs, explain: [...state.explain, `reflow: ${state.lines.length} 行 → ${paragraphs.length} 段`] };
}
