/**
 * Where a title line may head a piece — the judgements segment makes about the titles it meets between
 * pieces. A title is never a headline when it labels a column or a unit or numbers a part of a piece; of two
 * stacked titles the shorter plain one is the headline; and a title belongs to the text that holds more of
 * its character pairs, above it or below it (a headline printed after its article stays with it).
 */
import { ORG_SUFFIX, SECTION_HEAD } from "./patterns.ts";
import { containment } from "./text-measure.ts";
import type { Paragraph } from "../types.ts";

/** A column or series label rather than a headline: "G 新闻特写", "“安 康 杯”征文", "…送温暖行动·暖闻". */
export const COLUMN_LABEL = /(?:征文|专栏|副刊|特写|快讯|随笔|诗歌|散文|书画|视点|聚焦|一线|论坛|园地|天地|速递|简讯|图片新闻)$|·/;
/** A unit label: one short organisation name ("XX供电所", "XX矿业工会"). */
export const UNIT_LABEL = new RegExp(`^[\\u4e00-\\u9fffA-Za-z0-9]{1,14}${ORG_SUFFIX}$`);
/** Least share of a title's character pairs the text above it must hold for the title to be that text's headline. */
export const HEADLINE_AFTER_FIT = 0.5;

/** A section head ("三、报送要求", "2018年"), a column label or a unit label: a title that heads no piece. */
export function headsNoPiece(t: string): boolean {
  return SECTION_HEAD.test(t) || COLUMN_LABEL.test(t) || UNIT_LABEL.test(t.replace(/\s+/g, ""));
}

/**
 * Of two stacked titles the headline is the short, bold one; the longer line that spells it out is a kicker
 * above it or a subheadline below it. The lower line is the subheadline when it opens with a dash
 * ("——纪念…") or carries commas the upper lacks (a kicker may well be the shorter line: "迎峰度夏保供电").
 */
export function explainsAbove(upper: string, lower: string): boolean {
  if (/^[—－-]/.test(lower)) return true;
  return /[，、]/.test(lower) && !/[，、]/.test(upper);
}

/** The headline of a stack of one to three titles (kicker, headline, subheadline). */
export function headOf(stack: readonly Paragraph[]): Paragraph {
  if (stack.length === 2) return explainsAbove(stack[0]!.text, stack[1]!.text) ? stack[0]! : stack[1]!;
  return stack.length === 3 ? stack[1]! : stack[0]!;
}

/** How much of a title the paragraphs hold: the share of its character pairs found in their text. */
export function support(title: Paragraph, paras: readonly Paragraph[]): number {
  return containment(title.text, paras.map((q) => q.text).join(""));
}
