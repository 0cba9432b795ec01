/**
 * Pass — splitLines: text → numbered lines. Also cuts a line in two where extraction glued furniture onto
 * the end of an article: "…三等奖。（杜亮芳）中铝山西新材料有限公司党委 主 管 党委工作部 主 办" — the
 * byline closes the article, the masthead after it belongs to no article. Both halves keep the line number.
 *
 * Runs after repairMojibake has fixed the brackets, so it is listed after it in the pass table; it reads the
 * raw text only to number lines when the state has none yet.
 */
import { isMasthead, TRAILING_BYLINE } from "./patterns.ts";
import type { ParseState, SourceLine } from "../types.ts";

export function toLines(text: string, lineOffset: number): SourceLine[] {
  return text.replace(/\r\n?/g, "\n").split("\n").map((t, i) => {
    // trimEnd() removes exactly `[\s\u3000]+$` (\u3000 is in \s), without a regex tried at every position.
    const kept = t.trimEnd();
    return {
      no: i + 1 + lineOffset,
      text: kept.includes("\t") ? kept.replace(/\t/g, " ") : kept,
      indented: /^[ \u3000\t]/.test(t) && t.trim() !== "",
    };
  });
}

/** Splits "…（name）<masthead>" after the bracket. */
function splitGlued(line: SourceLine): SourceLine[] {
  if (!isMasthead(line.text)) return [line];
  const re = /[）)]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line.text))) {
    const head = line.text.slice(0, m.index + 1);
    const tail = line.text.slice(m.index + 1);
    if (TRAILING_BYLINE.test(head) && isMasthead(tail) && !isMasthead(head)) {
      return [{ ...line, text: head }, { no: line.no, text: tail.trim(), indented: true }];
    }
  }
  return [line];
}

export function splitLines(state: ParseState): ParseState {
  // Nearly every page has no glued line: test them all before building a new list.
  if (!state.lines.some((l) => isMasthead(l.text))) return state;
  const lines = state.lines.flatMap(splitGlued);
  const split = lines.length - state.lines.length;
  return split ? { ...state, lines, explain: [...state.explain, `splitLines: 切下 ${split} 处粘连的版面杂项`] } : state;
}
