/**
 * Which paper a new raw file belongs to, from what the page itself prints — never from a guess. Three signals:
 * - its own datelines: 劲旅 opens every piece with "劲旅讯" (19 times on the 2024-01 page), so a file whose
 *   pieces open with "劲旅讯" is 劲旅;
 * - its publisher, printed in the masthead: "中铝山西新材料有限公司党委 主 管";
 * - page furniture the paper's earlier issues left unplaced — masthead lines, a web page's chrome
 *   ("河北省保定市港闸区赛时大楼552号", "400-123-4567") — which every issue of a paper repeats.
 * A paper whose name the page never prints ("工会报（报名未详）") cannot be recognised; the editor names it
 * with --paper. When no known paper matches, the commonest dateline name (if any) is offered as the name of a
 * new paper.
 */
import type { PaperInfo } from "../types.ts";

export interface PaperEvidence { slug: string; name: string; score: number; why: string[] }

export interface PaperInference {
  /** The one paper the evidence points to, or null (nothing, or a tie: see `candidates`). */
  paper: PaperEvidence | null;
  /** Every known paper with some evidence, best first. */
  candidates: PaperEvidence[];
  /** A dateline name printed at least twice ("劲旅" from "劲旅讯"): the name for a new paper's paper.yaml. */
  datelineName: { name: string; count: number } | null;
}

/** "X讯" at the start of a line: the piece's dateline. Not 本报讯/又讯 (every paper), nor 喜讯 or 通讯. */
const DATELINE_NAME = /^[\s\u3000]*([\u4e00-\u9fff]{2,6})讯(?=[\s\u3000（(])/gm;
const GENERIC = /^(?:本报|又|喜|通|简|快|新华社)$/;

/** The paper's name without an editor's note: "工会报（报名未详）" → null (the page never prints it). */
function printedName(name: string): string | null {
  if (/未详|不详|未知/.test(name)) return null;
  const n = name.replace(/[（(][^）)]*[）)]/g, "").trim();
  return n.length >= 2 ? n : null;
}

const count = (text: string, needle: string) => (needle ? text.split(needle).length - 1 : 0);

/** Furniture lines shorter than this ("首页") are on every web page, not one paper's. */
const FURNITURE_MIN = 6;

export const furnitureKey = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");

/**
 * `furniture`: per paper slug, the squashed furniture lines of its issues (see furnitureKey) — unplaced text
 * the parser marked masthead or site chrome, or an editor marked as furniture.
 */
export function inferPaper(text: string, papers: PaperInfo[], furniture: ReadonlyMap<string, ReadonlySet<string>> = new Map()): PaperInference {
  const names = new Map<string, number>();
  for (const m of text.matchAll(DATELINE_NAME)) if (!GENERIC.test(m[1]!)) names.set(m[1]!, (names.get(m[1]!) ?? 0) + 1);
  const candidates: PaperEvidence[] = [];
  const squashed = furnitureKey(text);
  for (const p of papers) {
    const why: string[] = [];
    let score = 0;
    const name = printedName(p.name);
    const datelines = name ? names.get(name) ?? 0 : 0;
    if (datelines) { score += 2 * datelines; why.push(`电头“${name}讯” ${datelines} 处`); }
    const publisher = p.publisher && p.publisher.length >= 4 ? count(squashed, furnitureKey(p.publisher)) : 0;
    if (publisher) { score += 3 * Math.min(publisher, 2); why.push(`报头的主管单位“${p.publisher}” ${publisher} 处`); }
    const seen = furniture.get(p.slug);
    if (seen?.size) {
      const same = [...seen].filter((l) => l.length >= FURNITURE_MIN && squashed.includes(l));
      if (same.length) { score += 3 * same.length; why.push(`与该报已有各期相同的版面文字 ${same.length} 段（如“${same[0]!.slice(0, 16)}”）`); }
    }
    if (score) candidates.push({ slug: p.slug, name: p.name, score, why });
  }
  candidates.sort((a, b) => b.score - a.score);
  const tie = candidates.length > 1 && candidates[0]!.score === candidates[1]!.score;
  const best = [...names].sort((a, b) => b[1] - a[1])[0];
  return {
    paper: candidates[0] && !tie ? candidates[0] : null,
    candidates,
    datelineName: best && best[1] >= 2 ? { name: best[0], count: best[1] } : null,
  };
}
