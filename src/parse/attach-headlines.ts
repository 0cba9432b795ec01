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
import { assignMax } from "./assign.ts";
import { ORG_SUFFIX } from "./patterns.ts";
import { COLUMN_LABEL } from "./segment.ts";
import { bigramSet, containment, squash, width } from "./text-measure.ts";
import type { Paragraph, ParseState, Piece, Warning } from "../types.ts";

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

/** Page positions: where each piece's headline and body start and end (captions may sit anywhere). */
function spans(state: ParseState): [number, number][] {
  const idx = new Map(state.paragraphs.map((p, i) => [p, i]));
  return state.pieces.map((pc) => {
    const all = [pc.headline, ...pc.body].filter((x): x is Paragraph => !!x).map((x) => idx.get(x) ?? pc.order);
    return [Math.min(pc.order, ...all), Math.max(pc.order, ...all)];
  });
}

function unitParts(text: string, neighbours: Piece[]): string[] | null {
  const parts = text.split(/\s+/).filter(Boolean);
  if (!parts.length || parts.length > 3 || width(text) > 30) return null;
  for (const part of parts) {
    // A name without an organisation suffix counts only when a news piece next to it names it: an essay's
    // title often recurs in its text ("冬日的阳光" above "冬日的阳光洒在厂区…") and is its headline, not a unit.
    const named = neighbours.some((n) => n.kind !== "literary" && squash(bodyText(n)).includes(part));
    if (!UNIT_PART.test(part) && !(named && width(part) >= 2 && width(part) <= 10)) return null;
  }
  return parts;
}

export function attachHeadlines(state: ParseState): ParseState {
  const pieces = state.pieces;
  const sp = spans(state);
  const idx = new Map(state.paragraphs.map((p, i) => [p, i]));
  const warnings: Warning[] = [];
  const titles: Slot[] = state.loose.filter((p) => p.role === "title").map((para) => ({ para, pos: idx.get(para)! }));
  const used = new Set<Paragraph>();
  const before = (pos: number) => { let b = -1; sp.forEach(([, e], i) => { if (e < pos) b = i; }); return b; };
  const after = (pos: number) => sp.findIndex(([s]) => s > pos);

  titles.forEach((t, ti) => {
    const prev = before(t.pos);
    const next = after(t.pos);
    if (COLUMN_LABEL.test(t.para.text) && width(t.para.text) <= 20 && next >= 0) {
      pieces[next]!.column = t.para.text.replace(/\s+/g, "");
      pieces[next]!.evidence.push(`attachHeadlines: column label at line ${t.para.lines[0]}`);
      used.add(t.para);
      return;
    }
    const neighbours = [prev, next].filter((i) => i >= 0).map((i) => pieces[i]!);
    const parts = unitParts(t.para.text, neighbours);
    if (!parts) return;
    // Several labels on one line name the pieces above in order: "电解厂 电控分公司".
    const prevFits = prev >= 0 && containment(parts.at(-1)!, bodyText(pieces[prev]!)) >= containment(parts.at(-1)!, next >= 0 ? bodyText(pieces[next]!) : "");
    const targets = prevFits ? parts.map((_, k) => prev - (parts.length - 1 - k)) : [next];
    // The line is a label block only if every name on it finds a free piece; otherwise it stays loose (and may
    // still be a headline) rather than losing the names that found none.
    if (targets.some((target) => !pieces[target] || pieces[target]!.unitLabel)) return;
    targets.forEach((target, k) => {
      const piece = pieces[target]!;
      piece.unitLabel = parts.length === targets.length ? parts[k]! : parts.join("");
      piece.evidence.push(`attachHeadlines: unit label "${piece.unitLabel}" at line ${t.para.lines[0]} (${prevFits ? "after" : "before"} the piece)`);
    });
    used.add(t.para);
    // The headline printed with the label.
    const h = titles[ti + 1];
    const owner = pieces[prevFits ? prev : next];
    if (h && owner && !owner.headline && h.pos === t.pos + 1 && !unitParts(h.para.text, neighbours) && !COLUMN_LABEL.test(h.para.text)) {
      owner.headline = h.para;
      owner.evidence.push(`attachHeadlines: headline at line ${h.para.lines[0]} printed with the unit label`);
      used.add(h.para);
    }
  });

  // Content assignment for the rest.
  const free = titles.filter((t) => !used.has(t.para));
  const open = pieces.map((_, i) => i).filter((i) => !pieces[i]!.headline);
  const bodies = pieces.map((p) => bigramSet(bodyText(p)));
  // fit() is called titles × pieces × (grouping + weights) times: each title's pairs and neighbours once.
  const known = new Map<Slot, { grams: Set<string>; prev: number; next: number }>();
  const fit = (t: Slot, i: number) => {
    let k = known.get(t);
    if (!k) known.set(t, (k = { grams: bigramSet(t.para.text), prev: before(t.pos), next: after(t.pos) }));
    let s = containment(k.grams, bodies[i]!);
    if (k.prev === i || k.next === i) s += ADJACENT_BONUS;
    return s;
  };
  // Group a title with the one right after it when both fit the same piece best: headline + subheadline.
  const groups: Slot[][] = [];
  for (const t of free) {
    const last = groups.at(-1);
    const lt = last?.at(-1);
    if (last && last.length === 1 && lt && t.pos === lt.pos + 1 && open.length) {
      const best = (s: Slot) => open.reduce((b, i) => (fit(s, i) > fit(s, b) ? i : b), open[0]!);
      if (best(t) === best(lt) && fit(t, best(t)) >= MIN_HEADLINE_FIT) { last.push(t); continue; }
    }
    groups.push([t]);
  }
  const weights = groups.map((g) => open.map((i) => Math.max(...g.map((t) => fit(t, i)))));
  const got = assignMax(weights);
  groups.forEach((g, gi) => {
    const col = got[gi]!;
    const w = col >= 0 ? weights[gi]![col]! : 0;
    if (col < 0 || w < MIN_HEADLINE_FIT) {
      if (width(g[0]!.para.text) >= 4) warnings.push({ line: g[0]!.para.lines[0], pass: "attachHeadlines", message: `title line "${g[0]!.para.text}" matches no article (best fit ${w.toFixed(2)})` });
      return;
    }
    const piece = pieces[open[col]!]!;
    piece.headline = g[0]!.para;
    if (g[1]) piece.subheadline = g[1].para;
    g.forEach((t) => used.add(t.para));
    piece.evidence.push(`attachHeadlines: headline at line ${g[0]!.para.lines[0]} matched by content (fit ${w.toFixed(2)}${g[1] ? `, subheadline at line ${g[1].para.lines[0]}` : ""})`);
    if (w < LOW_HEADLINE_FIT) {
      warnings.push({ line: g[0]!.para.lines[0], pass: "attachHeadlines", message: `headline "${g[0]!.para.text}" matched with low confidence (fit ${w.toFixed(2)}): check it belongs to the article at line ${piece.body[0]?.lines[0] ?? "?"}` });
    }
  });
  return {
    ...state,
    loose: state.loose.filter((p) => !used.has(p)),
    warnings: [...state.warnings, ...warnings],
    explain: [...state.explain, `attachHeadlines: ${used.size} of ${titles.length} title lines attached`],
  };
}
