/**
 * Text matching for corrections: where an editor's first words or split phrase are, in a record and in the raw
 * file. Matching ignores white space and width (print justifies: "卫 玲"; OCR mixes ：and :), and the raw
 * file is searched by letters only, because it may still read 渊…冤 where the record reads （…）.
 */
import { DATELINE } from "../parse/patterns.ts";
import type { ArticleRecord, LineRange } from "../types.ts";

export const norm = (s: string | null | undefined) => (s ?? "").normalize("NFKC").replace(/\s+/g, "");
export const short = (s: string, n = 20) => (Array.from(s).length > n ? `${Array.from(s).slice(0, n).join("")}…` : s);
export const firstLine = (a: ArticleRecord) => a.source.lines[0]?.[0] ?? 1;

export function startsWithWords(a: ArticleRecord, words: string): boolean {
  const w = norm(words);
  const body = norm(a.body[0]);
  const afterDateline = norm((a.body[0] ?? "").replace(DATELINE, ""));
  return [norm(a.headline), body, afterDateline, norm(a.captions[0])].some((s) => s.length > 0 && s.startsWith(w));
}

/**
 * The raw line where `phrase` starts within `ranges`, matching its first run of letters (mojibake-proof: the
 * raw line may still read 渊…冤 where the record reads （…）), and whether it starts that line.
 */
export function findPhraseLine(rawLines: readonly string[] | undefined, ranges: readonly LineRange[], phrase: string): { line: number; atStart: boolean } | null {
  if (!rawLines) return null;
  const key = /[\p{L}\p{N}]{2,8}/u.exec(phrase.normalize("NFKC"))?.[0];
  if (!key) return null;
  const chars: string[] = [];
  const lineOf: number[] = [];
  const first: boolean[] = [];
  for (const [from, to] of ranges) {
    for (let n = from; n <= to; n++) {
      let k = 0;
      for (const ch of (rawLines[n - 1] ?? "").normalize("NFKC")) if (/[\p{L}\p{N}]/u.test(ch)) { chars.push(ch); lineOf.push(n); first.push(k++ === 0); }
    }
  }
  const joined = chars.join("");
  const at = joined.indexOf(key);
  if (at < 0) return null;
  const i = Array.from(joined.slice(0, at)).length;
  return { line: lineOf[i]!, atStart: first[i]! };
}

export function lineOfPhrase(rawLines: readonly string[] | undefined, ranges: readonly LineRange[], phrase: string): number | null {
  return findPhraseLine(rawLines, ranges, phrase)?.line ?? null;
}

/** Ranges without blank raw lines at their ends (a split leaves the gap between two pieces to neither). */
export function trimBlank(ranges: LineRange[], rawLines: readonly string[] | undefined): LineRange[] {
  if (!rawLines) return ranges;
  const blank = (n: number) => !(rawLines[n - 1] ?? "").trim();
  return ranges.map(([f, t]): LineRange => {
    while (f < t && blank(f)) f++;
    while (t > f && blank(t)) t--;
    return [f, t];
  }).filter(([f]) => !blank(f));
}

/** `text` with whitespace ignored: the index in `text` where `phrase` starts, or -1. */
export function looseIndex(text: string, phrase: string): number {
  const p = norm(phrase);
  if (!p) return -1;
  const kept: number[] = [];
  let squashed = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch)) continue;
    const n = ch.normalize("NFKC");
    squashed += n;
    for (let k = 0; k < n.length; k++) kept.push(i);
  }
  const at = squashed.indexOf(p);
  return at < 0 ? -1 : kept[at]!;
}

export function mergeRanges(ranges: LineRange[]): LineRange[] {
  const out: LineRange[] = [];
  for (const r of [...ranges].sort((x, y) => x[0] - y[0])) {
    const last = out.at(-1);
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

