/**
 * The parser: one ordered table of named passes over a ParseState, like markdown-it's core rules.
 * decode (bytes → text) runs before the table, in parseBytes; then, in order:
 * - repairMojibake before everything: the mojibake hides sentence ends (遥 = 。) and brackets (渊…冤).
 * - splitLines after repair: it recognises "（name）masthead" by the repaired bracket.
 * - reflow before segment: segment reads paragraphs, and reflow's line classes keep titles apart.
 * - segment before attachHeadlines: headlines are matched against the bodies segment built.
 * - extractFields last: units and kinds depend on headlines and labels.
 */
import { attachHeadlines } from "./attach-headlines.ts";
import { decode } from "./decode.ts";
import { extractFields } from "./extract-fields.ts";
import { inferDate } from "./infer-date.ts";
import { reflow } from "./reflow.ts";
import { repairMojibake } from "./repair-mojibake.ts";
import { segment } from "./segment.ts";
import { splitLines, toLines } from "./split-lines.ts";
import type { IssueMeta, IssueRecord, ParseState } from "../types.ts";
import { PARSE } from "../messages.ts";

export type Pass = (state: ParseState) => ParseState;

export const PASSES: readonly (readonly [name: string, pass: Pass])[] = [
  ["repairMojibake", repairMojibake],
  ["splitLines", splitLines],
  ["reflow", reflow],
  ["segment", segment],
  ["attachHeadlines", attachHeadlines],
  ["extractFields", extractFields],
] as const;

export function initialState(text: string, meta: IssueMeta, encoding: string): ParseState {
  return {
    meta, encoding, lines: toLines(text, meta.lineOffset), paragraphs: [], pieces: [], loose: [], warnings: [],
    mojibakeRepaired: 0, explain: [],
  };
}

/** Runs the passes; `until` stops after the named pass (for `parse --dump`). */
export function runPasses(state: ParseState, until?: string): ParseState {
  let s = state;
  for (const [name, pass] of PASSES) {
    s = pass(s);
    if (name === until) break;
  }
  return s;
}

/**
 * Dates the issue from its (repaired) text when the file name and front matter gave no date. Runs after
 * the passes so it reads the same repaired lines they did.
 */
function withInferredDate(state: ParseState): ParseState {
  const rec = state.record!;
  if (rec.issueDate) return state;
  const firstLine = 1 + state.meta.lineOffset;
  const found = inferDate(state.lines.map((l) => l.text).join("\n"), firstLine);
  const warning = found
    ? { line: found.line, pass: "inferDate", code: "date-inferred" as const, subject: found.evidence, message: PARSE.dateInferred(found.date, found.evidence) }
    : { line: firstLine, pass: "inferDate", code: "no-date" as const, message: PARSE.noDate };
  const warnings = [warning, ...rec.warnings].sort((a, b) => a.line - b.line);
  if (!found) return { ...state, record: { ...rec, warnings } };
  const articles = rec.articles.map((a) => ({ ...a, date: a.date ?? found.date }));
  return { ...state, record: { ...rec, issueDate: found.date, issueDateSource: "inferred", articles, warnings } };
}

export function parseState(text: string, meta: IssueMeta, encoding = "utf-8"): ParseState {
  return withInferredDate(runPasses(initialState(text, meta, encoding)));
}

export function parseText(text: string, meta: IssueMeta, encoding = "utf-8"): IssueRecord {
  return parseState(text, meta, encoding).record!;
}

export function parseBytes(bytes: Uint8Array, meta: IssueMeta): IssueRecord {
  const { text, encoding } = decode(bytes, meta.file);
  return parseText(text.replace(/^\uFEFF/, ""), meta, encoding);
}
