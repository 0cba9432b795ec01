/**
 * Pass — attachHeadlines: gives the loose title lines to pieces. Newspapers print a headline above its
 * article, but extraction moves it: after the article (劲旅 prints the unit label and headline below the
 * byline: "电解厂" / "明确目标严管理 科技赋能增效益"), or into a block at the end of the page with the
 * subheadlines (the industry page: "重庆气矿铜锣峡储气库完成 2024年度注气任务" / "为川渝地区…").
 *
 * 1. Column labels ("“安 康 杯”征文") go to the piece below them.
 * 2. Unit labels — short lines of organisation names — go to the neighbouring piece that names them, and a
 *    headline printed right after a label belongs to the same piece (label and headline are one block).
 * 3. The remaining titles are matched to headline-less pieces by content (shared character pairs between
 *    title and body, a little extra for being next to the piece) as one optimal assignment over the page.
 *    Two consecutive titles that fit the same piece best are its headline and subheadline.
 */
import { assignSparse, assignWork, type Cell } from "./assign.ts";
import { ORG_SUFFIX } from "./patterns.ts";
import { COLUMN_LABEL } from "./headline-place.ts";
import { bigramSet, containment, PairFinder, squash, width } from "./text-measure.ts";
import type { Paragraph, ParseState, Piece, Warning } from "../types.ts";
import { PARSE } from "../messages.ts";

/** Least share of a title's character pairs a body must contain for the title to be its headline. */
export const MIN_HEADLINE_FIT = 0.3;
/**
 * Below this fit a matched headline gets a warning so an editor looks at it. The seeds' right matches run
 * from 0.46 (001: "长春一东：助推技能人员由“工”变“匠”", whose body says 长春一东离合器 and 工匠 apart) to 1.0;
 * a fit under one half means fewer than half the headline's character pairs occur in the body.
 */
export const LOW_HEADLINE_FIT = 0.5;
const ADJACENT_BONUS = 0.1;

const UNIT_PART = new RegExp(`^[\\u4e00-\\u9fffA-Za-z0-9]{1,14}${ORG_SUFFIX}$`);

interface Slot { para: Paragraph; pos: number }

function bodyText(p: Piece): string {
  return p.body.map((b) => b.text).join("");
}

/**
 * Each piece's body, squashed and as character pairs, made once per piece when first asked for. Every title
 * is compared with its neighbours' bodies, and a long page has dozens of titles: joining, squashing and
 * pairing a whole body per comparison was most of this pass's time (the 劲旅 layout, 40 pieces, 25 titles).
 * Only the pairs the page's title lines have are kept (PairFinder): titles and their words are all that is
 * ever measured against a body.
 */
interface Bodies { squashed(i: number): string; grams(i: number): Set<number> }

function bodiesOf(pieces: Piece[], finder: PairFinder): Bodies {
  const text: (string | undefined)[] = [];
  const sq: (string | undefined)[] = [];
  const gr: (Set<number> | undefined)[] = [];
  const body = (i: number) => (text[i] ??= bodyText(pieces[i]!));
  return {
    squashed: (i) => (sq[i] ??= squash(body(i))),
    grams: (i) => (gr[i] ??= finder.within(body(i))),
  };
}

const NO_GRAMS: Set<number> = new Set();

/** Page positions: where each piece's headline and body start and end (captions may sit anywhere). */
function spans(state: ParseState, idx: Map<Paragraph, number>): [number, number][] {
  return state.pieces.map((pc) => {
    let from = pc.order;
    let to = pc.order;
    for (const x of pc.headline ? [pc.headline, ...pc.body] : pc.body) {
      const at = idx.get(x) ?? pc.order;
      if (at < from) from = at;
      if (at > to) to = at;
    }
    return [from, to];
  });
}

const CLAUSE_START = new Set([..."，。；：！？、,;:!?（("]);

function namesAtClauseStart(body: string, name: string): boolean {
  for (let i = body.indexOf(name); i >= 0; i = body.indexOf(name, i + 1)) if (i === 0 || CLAUSE_START.has(body[i - 1]!)) return true;
  return false;
}

/**
 * A short line right under the page label and run straight into the text below is the page's column logo
 * ("第2版 安全生产" / "安全生产月" / the text), not a headline: headlines are set off from their text.
 */
function pageTopLabel(paras: Paragraph[], pos: number): boolean {
  const up = paras[pos - 1];
  const down = paras[pos + 1];
  return width(paras[pos]!.text) <= 8 && up?.role === "furniture" && up.reason === "page label" &&
    !!down && down.role === "text" && down.gapBefore === 0;
}

/** `neighbours` are the indexes of the pieces just before and after the line. */
function unitParts(text: string, neighbours: number[], pieces: Piece[], bodies: Bodies): string[] | null {
  const parts = text.split(/\s+/).filter(Boolean);
  if (!parts.length || parts.length > 3 || width(text) > 30) return null;
  for (const part of parts) {
    if (UNIT_PART.test(part)) continue;
    // A name without an organisation suffix counts only when a news piece next to it names it: an essay's
    // title often recurs in its text ("冬日的阳光" above "冬日的阳光洒在厂区…") and is its headline, not a unit.
    // And it must stand as a name there — at the start of a clause ("刘庄矿业工会组织…"), not inside one as a
    // topic ("开展安全生产月活动" does not make "安全生产月" a unit).
    const named = neighbours.some((n) => pieces[n]!.kind !== "literary" && namesAtClauseStart(bodies.squashed(n), part));
    if (!(named && width(part) >= 2 && width(part) <= 10)) return null;
  }
  return parts;
}

/**
 * Two headlines side by side in a page's headline block come out of extraction as one line with a space
 * between them ("甲矿工人之歌 乙矿开展安全月活动务求" / "实效": content-order text of a page whose titles sit
 * together at its foot). A title whose space-separated parts each fit a different piece well (at least
 * LOW_HEADLINE_FIT) is those two titles; a two-part headline ("明确目标严管理 科技赋能增效益") fits one piece.
 */
function splitSideBySide(
  free: Slot[], best: (t: Slot) => [number, number] | undefined, prevOf: Map<Slot, number>, nextOf: Map<Slot, number>,
): { slots: Slot[]; parts: Map<Paragraph, Paragraph[]> } {
  const slots: Slot[] = [];
  const parts = new Map<Paragraph, Paragraph[]>();
  for (const t of free) {
    const texts = t.para.text.split(/\s+/).filter(Boolean);
    if (texts.length < 2 || texts.length > 3 || texts.some((x) => width(x) < 3)) { slots.push(t); continue; }
    const cut = texts.map((text): Slot => ({ para: { ...t.para, text }, pos: t.pos }));
    for (const c of cut) { prevOf.set(c, prevOf.get(t)!); nextOf.set(c, nextOf.get(t)!); }
    const fits = cut.map(best);
    const pieces = new Set(fits.map((f) => f?.[0]));
    if (pieces.size !== cut.length || fits.some((f) => !f || f[1] < LOW_HEADLINE_FIT)) { slots.push(t); continue; }
    slots.push(...cut);
    parts.set(t.para, cut.map((c) => c.para));
  }
  return { slots, parts };
}

export function attachHeadlines(state: ParseState): ParseState {
  const pieces = state.pieces;
  const idx = new Map<Paragraph, number>();
  state.paragraphs.forEach((p, i) => idx.set(p, i));
  const sp = spans(state, idx);
  const warnings: Warning[] = [];
  const titles: Slot[] = state.loose.filter((p) => p.role === "title").map((para) => ({ para, pos: idx.get(para)! }));
  const bodies = bodiesOf(pieces, new PairFinder(titles.map((t) => t.para.text)));
  const used = new Set<Paragraph>();
  const before = (pos: number) => { let b = -1; sp.forEach(([, e], i) => { if (e < pos) b = i; }); return b; };
  const after = (pos: number) => sp.findIndex(([s]) => s > pos);

  titles.forEach((t, ti) => {
    // A label inside a piece's span (its text continues after a masthead dropped below the label) follows that piece.
    const inside = sp.findIndex(([s, e]) => s < t.pos && t.pos < e);
    const prev = inside >= 0 ? inside : before(t.pos);
    const next = after(t.pos);
    // A piece that has its column already (from a "## " line) keeps it; this label then stays loose.
    if (((COLUMN_LABEL.test(t.para.text) && width(t.para.text) <= 20) || pageTopLabel(state.paragraphs, t.pos)) && next >= 0 && !pieces[next]!.column) {
      pieces[next]!.column = t.para.text.replace(/\s+/g, "");
      pieces[next]!.evidence.push(`attachHeadlines: 第 ${t.para.lines[0]} 行是栏目名`);
      used.add(t.para);
      return;
    }
    const neighbours = [prev, next].filter((i) => i >= 0);
    const parts = unitParts(t.para.text, neighbours, pieces, bodies);
    if (!parts) return;
    // Several labels on one line name the pieces above in order: "电解厂 电控分公司".
    const last = bigramSet(parts.at(-1)!);
    const prevFits = prev >= 0 && containment(last, bodies.grams(prev)) >= containment(last, next >= 0 ? bodies.grams(next) : NO_GRAMS);
    const targets = prevFits ? parts.map((_, k) => prev - (parts.length - 1 - k)) : [next];
    // The line is a label block only if every name on it finds a free piece; otherwise it stays loose (and may
    // still be a headline) rather than losing the names that found none.
    if (targets.some((target) => !pieces[target] || pieces[target]!.unitLabel)) return;
    targets.forEach((target, k) => {
      const piece = pieces[target]!;
      piece.unitLabel = parts.length === targets.length ? parts[k]! : parts.join("");
      piece.evidence.push(`attachHeadlines: 第 ${t.para.lines[0]} 行是单位标签“${piece.unitLabel}”（在文章${prevFits ? "之后" : "之前"}）`);
    });
    used.add(t.para);
    // The headline printed with the label.
    const h = titles[ti + 1];
    const owner = pieces[prevFits ? prev : next];
    if (h && owner && !owner.headline && h.pos === t.pos + 1 && !unitParts(h.para.text, neighbours, pieces, bodies) && !COLUMN_LABEL.test(h.para.text)) {
      owner.headline = h.para;
      owner.evidence.push(`attachHeadlines: 第 ${h.para.lines[0]} 行的标题与单位标签印在一起`);
      used.add(h.para);
    }
  });

  // Content assignment for the rest.
  const free = titles.filter((t) => !used.has(t.para));
  const open = pieces.map((p) => !p.headline);
  // A title is weighed only against the WINDOW open pieces that start before it and the WINDOW that start
  // after it (and the pieces right before and after it, if open); pieces that have a headline take no title,
  // so they do not count. A detached headline block holds its own page's headlines: 001 prints eight titles
  // at the foot of the page for the eight pieces above them, the farthest five pieces back, and no seed title
  // fits a piece more than six pieces away at all (the whole 劲旅 issue, 29 pieces). Weighing every title
  // against every piece of the file and solving that as one assignment took 7.5–15 s at 4 MB and did not end
  // within ten minutes at 19 MB.
  const WINDOW = 16;
  const openByStart = pieces.map((_, i) => i).filter((i) => open[i]).sort((a, b) => sp[a]![0] - sp[b]![0] || a - b);
  const windowOf = (pos: number, prev: number, next: number): number[] => {
    let lo = 0;
    let hi = openByStart.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sp[openByStart[mid]!]![0] < pos) lo = mid + 1; else hi = mid; }
    const near = openByStart.slice(Math.max(0, lo - WINDOW), lo + WINDOW);
    for (const i of [prev, next]) if (i >= 0 && open[i] && !near.includes(i)) near.push(i);
    return near.sort((a, b) => a - b);
  };
  // The pieces right before and after each free title — what before() and after() answer, which read every
  // piece per title — in one sweep over the titles in page order and the pieces by end and by start.
  const prevOf = new Map<Slot, number>();
  const nextOf = new Map<Slot, number>();
  const byPos = [...free].sort((a, b) => a.pos - b.pos);
  const byEnd = pieces.map((_, i) => i).sort((a, b) => sp[a]![1] - sp[b]![1]);
  const byStartDown = pieces.map((_, i) => i).sort((a, b) => sp[b]![0] - sp[a]![0]);
  for (let k = 0, last = -1, ti = 0; ti < byPos.length; ti++) {
    for (; k < byEnd.length && sp[byEnd[k]!]![1] < byPos[ti]!.pos; k++) last = Math.max(last, byEnd[k]!);
    prevOf.set(byPos[ti]!, last);
  }
  for (let k = 0, first = Infinity, ti = byPos.length - 1; ti >= 0; ti--) {
    for (; k < byStartDown.length && sp[byStartDown[k]!]![0] > byPos[ti]!.pos; k++) first = Math.min(first, byStartDown[k]!);
    nextOf.set(byPos[ti]!, first === Infinity ? -1 : first);
  }
  // Each free title's fit to the open pieces of its window, worked out once (the grouping and the weights
  // read it many times), in piece order: the share of its pairs the body has, a little more for the pieces
  // right before and after it.
  const fits = new Map<Slot, [piece: number, fit: number][]>();
  const fitRow = (t: Slot): [piece: number, fit: number][] => {
    let row = fits.get(t);
    if (!row) {
      const grams = bigramSet(t.para.text);
      const prev = prevOf.get(t)!;
      const next = nextOf.get(t)!;
      row = windowOf(t.pos, prev, next).map((i) => [i, containment(grams, bodies.grams(i)) + (prev === i || next === i ? ADJACENT_BONUS : 0)]);
      assignWork.cells += row.length;
      fits.set(t, row);
    }
    return row;
  };
  /** The open piece a title fits best (the first of equals) and its fit; undefined when none is near. */
  const best = (t: Slot): [piece: number, fit: number] | undefined => {
    let b: [number, number] | undefined;
    for (const x of fitRow(t)) if (!b || x[1] > b[1]) b = x;
    return b;
  };
  const { slots, parts } = splitSideBySide(free, best, prevOf, nextOf);
  // Group a title with the one right after it when both fit the same piece best: headline + subheadline.
  const groups: Slot[][] = [];
  for (const t of slots) {
    const last = groups.at(-1);
    const lt = last?.at(-1);
    if (last && last.length === 1 && lt && t.pos === lt.pos + 1) {
      const b = best(t);
      if (b && b[0] === best(lt)?.[0] && b[1] >= MIN_HEADLINE_FIT) { last.push(t); continue; }
    }
    groups.push([t]);
  }
  // A group weighs what its best-fitting title does, piece by piece.
  const weights = groups.map((g) => {
    const row = new Map<number, number>();
    for (const t of g) for (const [i, f] of fitRow(t)) if (f > (row.get(i) ?? -1)) row.set(i, f);
    return row;
  });
  // Every fit in the windows is a cell of the assignment, the weak ones too, so it maximises the sum it did over
  // the whole page: weak fits break ties between strong ones and steer which of two titles gets a shared piece
  // (leaving out those under MIN_HEADLINE_FIT changed the headlines of one synthetic bench issue in six). The
  // cells reach only the pieces near each title, so the file is solved block by block along the page.
  const cells: Cell[] = [];
  weights.forEach((row, gi) => row.forEach((w, i) => { if (w > 0) cells.push({ row: gi, col: i, w }); }));
  const got = assignSparse(groups.length, groups.map((g) => g[0]!.pos), sp.map(([s]) => s), cells);
  groups.forEach((g, gi) => {
    const col = got[gi]!;
    const w = col >= 0 ? weights[gi]!.get(col)! : 0;
    if (col < 0 || w < MIN_HEADLINE_FIT) {
      if (width(g[0]!.para.text) >= 4) warnings.push({ line: g[0]!.para.lines[0], pass: "attachHeadlines", code: "unmatched-title", subject: g[0]!.para.text, message: PARSE.unmatchedTitle(g[0]!.para.text, w.toFixed(2)) });
      return;
    }
    const piece = pieces[col]!;
    piece.headline = g[0]!.para;
    if (g[1]) piece.subheadline = g[1].para;
    g.forEach((t) => used.add(t.para));
    piece.evidence.push(`attachHeadlines: 第 ${g[0]!.para.lines[0]} 行的标题按内容匹配（匹配度 ${w.toFixed(2)}${g[1] ? `，副题在第 ${g[1].para.lines[0]} 行` : ""}）`);
    if (w < LOW_HEADLINE_FIT) {
      warnings.push({ line: g[0]!.para.lines[0], pass: "attachHeadlines", code: "low-confidence-headline", subject: g[0]!.para.text, message: PARSE.lowConfidence(g[0]!.para.text, w.toFixed(2), piece.body[0]?.lines[0] ?? "?") });
    }
  });
  // A line cut into two headlines leaves the loose list; a part that went to no piece stays in it.
  const loose = state.loose.flatMap((p) => {
    const cut = parts.get(p);
    if (!cut) return used.has(p) ? [] : [p];
    return cut.filter((q) => !used.has(q));
  });
  return {
    ...state,
    loose,
    warnings: [...state.warnings, ...warnings],
    explain: [...state.explain, `attachHeadlines: ${titles.length} 个标题行中归入 ${used.size} 个`],
  };
}
