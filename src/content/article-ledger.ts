/**
 * Permanent article numbers: the number in /<paper>/<issue>/<nn>/, in the corrections file and in `baokan check`
 * belongs to an article's text, not to its place in the parse. The order, per issue file:
 *
 *   parse → numberArticles (the ledger's numbers, matched by text) → corrections (on those numbers; a merge keeps
 *   the first number, a split gives the split-off part its own) → updateLedger (what each number holds now)
 *
 * With no ledger yet the numbers are the parse order, so an archive built before the ledger keeps its addresses.
 * A new article takes the highest number ever given plus one; a number is never given to another text. A number
 * whose text went into another article is `merged` (its address leads there), one whose text is gone `removed`.
 *
 * A number's signature is the text it was matched on: the parser's piece for a number the parse gave (not the
 * merged or split article a correction made of it — the next parse cuts the same piece again), the split-off
 * text for a number a split gave, the last text seen for a number that is merged or removed.
 */
import { articleNo, PARSE } from "../messages.ts";
import type { ArticleRecord, IssueRecord } from "../types.ts";
import { holderOf, matchArticles, sharedBigrams, storedPrint, textPrint, type StoredPrint, type TextPrint } from "./article-match.ts";
import type { Ledger, LedgerEntry } from "./ledger-file.ts";

/** The text an article is recognised by: everything it prints, not its byline or unit label. */
export function articleText(a: ArticleRecord): string {
  return [a.kicker, a.headline, a.subheadline, ...a.body, ...a.captions].filter(Boolean).join("\n");
}

/**
 * Prints already made, by article object. A numbering prints each parser article once and reuses the print for
 * its renumbered copy and for the final article it stays without a correction (updateLedger), which was the
 * same work twice; and a second numbering of the same parse (issue-numbers.ts, against the ledger just written)
 * prints nothing. Local to one issue's numbering: kept on the records, the prints' tables would hold ~8 kB per
 * article for the whole build.
 */
export type PrintMemo = Map<ArticleRecord, TextPrint>;

export function articlePrint(a: ArticleRecord, memo?: PrintMemo): TextPrint {
  let p = memo?.get(a);
  if (!p) {
    p = textPrint(articleText(a), a.source.lines[0]?.[0] ?? 1);
    memo?.set(a, p);
  }
  return p;
}

/** A person's handle on the article: its headline, or the first words of its text. */
export function ledgerTitle(a: ArticleRecord): string {
  const text = (a.headline ?? a.body.find((p) => p.trim()) ?? a.captions[0] ?? "").replace(/[\s\x00-\x1f\x7f]+/g, " ").trim();
  const chars = Array.from(text);
  return chars.length > 24 ? `${chars.slice(0, 24).join("")}…` : text;
}

/** Stage one's result: the parse under its permanent numbers, and what was matched. */
export interface Numbered {
  record: IssueRecord;
  /** The parser's piece of each number the parse gave, by number (its signature in the next ledger). */
  pieces: Map<number, { print: TextPrint; article: ArticleRecord }>;
  /** The number the next new article takes. */
  next: number;
  /** The ledger this was numbered from (null: none yet). */
  ledger: Ledger | null;
  /** The permanent number of each of the parser's articles, in its order (what renumber() takes). */
  numbers: number[];
  /** The prints made so far (articlePrint). */
  memo: PrintMemo;
}

/** The parse with each article's `index` set to its permanent number; articles stay in reading order. */
export function numberArticles(rec: IssueRecord, ledger: Ledger | null, memo: PrintMemo = new Map()): Numbered {
  const prints = rec.articles.map((a) => articlePrint(a, memo));
  let numbers: number[];
  let next: number;
  if (!ledger || ledger.size === 0) {
    numbers = rec.articles.map((a) => a.index);
    next = Math.max(0, ...numbers) + 1;
  } else {
    const found = matchArticles(ledger, prints);
    next = Math.max(0, ...ledger.keys()) + 1;
    numbers = found.map((n) => n ?? next++);
  }
  const record = renumber(rec, numbers);
  // A renumbered copy prints as its original: same text, same first line.
  record.articles.forEach((a, i) => memo.set(a, prints[i]!));
  const pieces = new Map(record.articles.map((a, i) => [a.index, { print: prints[i]!, article: a }]));
  return { record, pieces, next, ledger, numbers, memo };
}

/**
 * The parse under the given numbers (one per parser article, in its order), its warnings renumbered with it:
 * numberArticles' record, without the prints and the matching that chose the numbers — what the loader does with
 * the numbers it remembers for an unchanged issue (issue-numbers.ts).
 */
export function renumber(rec: IssueRecord, numbers: readonly number[]): IssueRecord {
  const byParse = new Map(rec.articles.map((a, i) => [a.index, numbers[i]!]));
  const articles = rec.articles.map((a, i) => (a.index === numbers[i] ? a : { ...a, index: numbers[i]! }));
  // The parser's own warnings name its numbers (第 3 篇没有标题): they name the permanent ones now.
  const warnings = rec.warnings.map((w) => {
    const n = w.article !== undefined ? byParse.get(w.article) : undefined;
    if (n === undefined || n === w.article) return w;
    const message = w.code === "no-headline" ? PARSE.noHeadline(n) : w.code === "no-byline" ? PARSE.noByline(n) : w.message.replace(articleNo(w.article!), articleNo(n));
    return { ...w, article: n, message };
  });
  return { ...rec, articles, warnings };
}

/**
 * Numbers for the parts corrections split off, in the order the splits apply: a number the ledger gave such a
 * part before (the best text match among numbers no parse piece took, those split from the same number first),
 * else a new one.
 */
export function splitNumbering(numbered: Numbered): (part: ArticleRecord, from: number) => number {
  const taken = new Set(numbered.pieces.keys());
  let next = numbered.next;
  return (part, from) => {
    const print = articlePrint(part, numbered.memo);
    let best: { n: number; score: number; same: boolean } | null = null;
    for (const e of numbered.ledger?.values() ?? []) {
      if (taken.has(e.n)) continue;
      const score = sharedBigrams(e, print);
      const same = e.from === from;
      if (score > 0 && (!best || (same && !best.same) || (same === best.same && score > best.score))) best = { n: e.n, score, same };
    }
    const n = best?.n ?? next++;
    taken.add(n);
    numbered.next = Math.max(numbered.next, next, n + 1);
    return n;
  };
}

/** What corrections did to the numbers: merged-away numbers (→ the number holding them), split-off parts (→ origin). */
export interface Renumbering {
  merged: Map<number, number>;
  splitFrom: Map<number, number>;
}

function entry(n: number, a: ArticleRecord, print: StoredPrint, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return { n, state: "live", title: ledgerTitle(a), lines: a.source.lines.map(([f, t]) => [f, t]), ...print, ...extra };
}

/**
 * The ledger after this build: every final article live under its number; numbers merged by a correction
 * `merged`; every other number the ledger had either `merged` into the article that now holds most of its text
 * or `removed`, keeping its last signature so the text, should it come back, gets its number back.
 */
export function updateLedger(numbered: Numbered, final: IssueRecord, changes: Renumbering): Ledger {
  const out: Ledger = new Map();
  const finalPrints = final.articles.map((a) => articlePrint(a, numbered.memo));
  final.articles.forEach((a, i) => {
    const piece = numbered.pieces.get(a.index);
    const from = changes.splitFrom.get(a.index);
    // A part a split made has no piece of its own: its text is its signature.
    out.set(a.index, entry(a.index, a, storedPrint(piece?.print ?? finalPrints[i]!), from !== undefined ? { from } : {}));
  });
  for (const [n, into] of changes.merged) {
    const piece = numbered.pieces.get(n);
    if (piece && !out.has(n)) out.set(n, entry(n, piece.article, storedPrint(piece.print), { state: "merged", into }));
  }
  for (const [n, piece] of numbered.pieces) {
    if (out.has(n)) continue;
    // A parse piece that no final article holds (it cannot happen today: corrections never drop an article).
    const at = holderOf(storedPrint(piece.print), finalPrints);
    out.set(n, entry(n, piece.article, storedPrint(piece.print), at >= 0 ? { state: "merged", into: final.articles[at]!.index } : { state: "removed" }));
  }
  for (const old of numbered.ledger?.values() ?? []) {
    if (out.has(old.n)) continue;
    const at = holderOf(old, finalPrints);
    const { into: _into, ...rest } = old;
    out.set(old.n, at >= 0 ? { ...rest, state: "merged", into: final.articles[at]!.index } : { ...rest, state: "removed" });
  }
  return new Map([...out].sort((a, b) => a[0] - b[0]));
}

/** Retired numbers of an issue, as the site shows them: merged into another number, or removed. */
export interface RetiredNumber {
  n: number;
  state: "merged" | "removed";
  into: number | null;
  title: string;
}

/** The numbers of a ledger that no live article has, following a chain of merges to a live number. */
export function retiredNumbers(ledger: Ledger, live: ReadonlySet<number>): RetiredNumber[] {
  const out: RetiredNumber[] = [];
  for (const e of ledger.values()) {
    if (live.has(e.n)) continue;
    let into = e.state === "merged" ? e.into ?? null : null;
    const seen = new Set([e.n]);
    while (into !== null && !live.has(into) && !seen.has(into)) {
      seen.add(into);
      const next = ledger.get(into);
      into = next?.state === "merged" ? next.into ?? null : null;
    }
    if (into !== null && !live.has(into)) into = null;
    out.push({ n: e.n, state: into === null ? "removed" : "merged", into, title: e.title });
  }
  return out;
}
