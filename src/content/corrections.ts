/**
 * Editor corrections, applied to a parsed issue without touching its raw file. A corrections file sits beside
 * the issue and shares its stem: content/jinlv/000_5f169d79d2658df9.txt → 000_5f169d79d2658df9.fix.yaml.
 *
 * ```yaml
 * articles:                          # set fields, per article
 *   1:                               # article 1: its permanent number (its address /…/01/, what `baokan check` prints)
 *     headline: 踏雪矿山行，浓情暖人心
 *   劲旅讯 日前，从山西省机械冶金:        # …or the first words of its headline or text
 *     unit: 中铝山西新材料
 *     authors: [杜亮芳]              # kicker, subheadline, column, unit, authors, kind (news|photo|literary|notice)
 * merge:
 *   - [3, 4]                         # article 4's text is appended to article 3
 * split:
 *   - article: 5
 *     at: 又讯                        # a new article starts at these words
 *     headline: …                    # optional fields of the new article
 * move:                              # unplaced text into an article
 *   - text: 中铝山西新材料有限公司党委   # its first words (or `line: 42`)
 *     to: 2
 *     as: body                       # body (default) | headline | kicker | subheadline | caption; at: start|end
 * drop:                              # unplaced text that is page furniture (masthead, page number…)
 *   - 中铝山西新材料有限公司党委 主 管
 * ```
 *
 * Rules, in the order they apply: merge, split, articles, move, drop.
 * - Article numbers are the site's permanent numbers (article-ledger.ts: the ledger `<stem>.ids.yaml` matches the
 *   parse to them before corrections apply), so a merge above does not shift the numbers below it, and a parser
 *   that cuts the issue differently does not change what a number means. A merge keeps its first number (the
 *   others' addresses lead to it); an article made by a merge answers to each of its numbers. A split-off part
 *   gets a number of its own, the same on every rebuild. A number whose text the parser has since put into
 *   another article makes its correction stale, not an error. First words are matched (spaces ignored) at the
 *   start of the headline, the text, or the text after its dateline (劲旅讯, 本报讯).
 * - Nothing is lost. Dropped furniture stays in `unplaced` with reason "furniture" (the issue page still shows
 *   it; `check` stops warning about it). A printed headline, kicker or subheadline replaced by a correction is
 *   kept as unplaced text (reason "replaced by correction"); a merged article's own headline becomes an in-body
 *   subhead. The printed byline is kept as printed when `authors` is set.
 * - An article number the issue does not have, or first words that fit two articles, is an error (file and
 *   line of the YAML). First words or text that match nothing any more — the raw file changed — are a
 *   `stale-correction` warning, and so is a correction that no longer changes anything.
 * - Each applied correction leaves one warning with pass "corrections" whose message starts with the YAML
 *   file and line (a field it set also carries `edit`); article numbers in the parser's own warnings are brought
 *   up to date, by their `code` and `article`.
 */
import { InputError } from "../errors.ts";
import { DATELINE } from "../parse/patterns.ts";
import { articleNo, CORRECTION, ENTRY, KIND_LABELS, PARSE } from "../messages.ts";
import type { ArticleKind, ArticleRecord, IssueRecord, LineRange, UnplacedText, Warning } from "../types.ts";
import { findPhraseLine, firstLine, lineOfPhrase, looseIndex, mergeRanges, norm, short, startsWithWords, trimBlank } from "./corrections-text.ts";

export interface ArticleRef { n?: number; words?: string; line: number }
/** Unplaced text, by its first words or by a raw line it covers. */
export interface TextRef { words?: string; rawLine?: number; line: number }
export interface Fields {
  headline?: string | null; kicker?: string | null; subheadline?: string | null; column?: string | null;
  unit?: string | null; authors?: string[]; kind?: ArticleKind;
  /** The YAML line of each field, for its note. */
  at?: Partial<Record<"headline" | "kicker" | "subheadline" | "column" | "unit" | "authors" | "kind", number>>;
}
export type MoveAs = "body" | "headline" | "kicker" | "subheadline" | "caption";
export interface FieldEdit { ref: ArticleRef; fields: Fields; line: number }
export interface Corrections {
  /** The corrections file as shown to the editor. */
  file: string;
  edits: FieldEdit[];
  merges: { refs: ArticleRef[]; line: number }[];
  splits: { ref: ArticleRef; at: string; fields: Fields; line: number }[];
  moves: { text: TextRef; to: ArticleRef; as: MoveAs; atStart: boolean; line: number }[];
  drops: { text: TextRef; line: number }[];
}

export const APPLIED = "corrections";
export const STALE = "stale-correction";
export const FURNITURE = "furniture";
export const REPLACED = "replaced by correction";

/** An article under correction: its parser numbers (several after a merge) and the number it was split from. */
interface Work {
  a: ArticleRecord;
  origins: number[];
  family: number;
  /** Its credits were set or merged by a correction: the parser's "no byline" verdict no longer holds. */
  credited?: boolean;
}

export class Corrector {
  readonly notes: Warning[] = [];
  readonly work: Work[];
  readonly unplaced: UnplacedText[];
  /** First lines of unplaced text the editor placed or marked as furniture: the parser's warnings on them go. */
  readonly removed = new Set<number>();
  readonly name: string;

  constructor(readonly rec: IssueRecord, readonly fix: Corrections, readonly rawLines?: readonly string[], readonly numbering: Numbering = {}) {
    this.name = fix.file;
    this.work = rec.articles.map((a) => ({ a: { ...a, body: [...a.body], subheads: [...a.subheads], captions: [...a.captions] }, origins: [a.index], family: a.index }));
    this.unplaced = rec.unplaced.map((u) => ({ ...u }));
  }

  note(line: number, yamlLine: number, message: string, stale = false, edit?: Warning["edit"]): void {
    this.notes.push({ line, pass: stale ? STALE : APPLIED, code: stale ? "stale-correction" : "correction", message: `${this.name}:${yamlLine}: ${message}`, ...(edit ? { edit } : {}) });
  }

  fail(yamlLine: number, detail: string): never {
    throw new InputError(this.name, detail, yamlLine);
  }

  /** The parser's number an address means, or null when first words match nothing (stale). */
  parsedNumber(ref: ArticleRef): number | null {
    const n = this.rec.articles.length;
    if (ref.n !== undefined) {
      // A number the ledger gave an article whose text the parser has since put elsewhere: the raw file changed.
      if (this.numbering.retired?.has(ref.n)) return null;
      if (!this.rec.articles.some((a) => a.index === ref.n)) this.fail(ref.line, CORRECTION.noSuchArticle(ref.n, this.rec.file, n));
      return ref.n;
    }
    const hits = this.rec.articles.filter((a) => startsWithWords(a, ref.words!));
    if (hits.length > 1) this.fail(ref.line, CORRECTION.ambiguous(ref.words!, hits.map((a) => String(a.index))));
    return hits[0]?.index ?? null;
  }

  /** The article under correction an address means now: first words are tried on the corrected articles first. */
  find(ref: ArticleRef): Work | null {
    if (ref.words !== undefined) {
      const now = this.work.filter((w) => startsWithWords(w.a, ref.words!));
      if (now.length > 1) this.fail(ref.line, CORRECTION.ambiguous(ref.words, now.map((w) => w.origins.join("+"))));
      if (now[0]) return now[0];
    }
    // A split-off part answers to the number it shows on the site (the ledger keeps it from build to build).
    const own = ref.n !== undefined ? this.work.find((w) => !w.origins.length && w.a.index === ref.n) : undefined;
    if (own) return own;
    const n = this.parsedNumber(ref);
    if (n === null) return null;
    return this.work.find((w) => w.origins.includes(n)) ?? this.work.find((w) => w.family === n) ?? null;
  }

  stale(ref: ArticleRef, yamlLine: number, what: string): void {
    if (ref.words === undefined) return this.note(1, yamlLine, `${articleNo(ref.n!)}的文字已并入别的文章或已不在原文里；这条${what}没有执行（原文件改过吗？）`, true);
    this.note(1, yamlLine, CORRECTION.stale(ref.words, what), true);
  }

  /**
   * Keeps a printed title that a correction replaces, so no text of the page disappears. Returns what to add to
   * the correction's note ("；被替换的原标题…保留…"): one correction is one note, so `check` counts it once.
   */
  displace(text: string | null, a: ArticleRecord, what: string): string {
    if (!text) return "";
    const at = this.rawLines ? lineOfPhrase(this.rawLines, [[1, this.rawLines.length]], text) : null;
    const line = at ?? firstLine(a);
    this.unplaced.push({ text, lines: [line, line], reason: REPLACED });
    return `；${CORRECTION.displaced(what, short(text))}（第 ${line} 行）`;
  }

  merge(m: Corrections["merges"][number]): void {
    const nums = m.refs.map((r) => this.parsedNumber(r));
    const missing = m.refs.find((_, i) => nums[i] === null);
    if (missing) return this.stale(missing, m.line, ENTRY.merge);
    const parts = nums.map((n) => this.work.find((w) => w.origins.includes(n!))!);
    if (new Set(parts).size !== parts.length) this.fail(m.line, CORRECTION.mergedTwice(nums));
    const [head, ...rest] = parts as [Work, ...Work[]];
    const a = head.a;
    for (const w of rest) {
      const b = w.a;
      // The other article's own titles become in-body subheads, so their text stays on the page.
      const titles = [b.kicker, b.headline, b.subheadline].filter((t): t is string => !!t);
      const offset = a.body.length;
      a.subheads.push(...titles.map((_, k) => offset + k), ...b.subheads.map((k) => offset + titles.length + k));
      a.body.push(...titles, ...b.body);
      a.captions.push(...b.captions);
      for (const c of b.credits) if (!a.credits.some((x) => x.name === c.name)) a.credits.push(c);
      a.authors = a.credits.map((c) => c.name);
      if (b.byline || b.authors.length) head.credited = true;
      a.byline = [a.byline, b.byline].filter(Boolean).join(" ") || null;
      a.unit ??= b.unit;
      a.column ??= b.column;
      a.source = { ...a.source, lines: mergeRanges([...a.source.lines, ...b.source.lines]) };
      head.origins.push(...w.origins);
      this.work.splice(this.work.indexOf(w), 1);
    }
    this.note(firstLine(a), m.line, CORRECTION.merged(nums));
  }

  split(s: Corrections["splits"][number]): void {
    const n = this.parsedNumber(s.ref);
    if (n === null) return this.stale(s.ref, s.line, ENTRY.split);
    const family = this.work.filter((w) => w.family === n || w.origins.includes(n));
    for (const w of family) {
      const a = w.a;
      for (let k = 0; k < a.body.length; k++) {
        const at = looseIndex(a.body[k]!, s.at);
        if (at < 0 || (k === 0 && at === 0)) continue;
        const head = a.body[k]!.slice(0, at).trimEnd();
        const tail = a.body[k]!.slice(at);
        const before = head ? [...a.body.slice(0, k), head] : a.body.slice(0, k);
        const after = [tail, ...a.body.slice(k + 1)];
        const cut = before.length - (head ? 1 : 0); // index in a.body of the first paragraph that moves (its tail)
        const found = findPhraseLine(this.rawLines, a.source.lines, s.at);
        const line = found?.line ?? null;
        // The first part keeps the phrase's line only when the phrase starts mid-line.
        const lastA = found ? (found.atStart ? found.line - 1 : found.line) : 0;
        const clip = (keep: (r: LineRange) => LineRange | null) => trimBlank(a.source.lines.map(keep).filter((r): r is LineRange => !!r && r[0] <= r[1]), this.rawLines);
        const linesA = line === null ? a.source.lines : clip(([f, t]) => (f > lastA ? null : [f, Math.min(t, lastA)]));
        const linesB = line === null ? a.source.lines : clip(([f, t]) => (t < line ? null : [Math.max(f, line), t]));
        const fresh: ArticleRecord = {
          ...a, index: 0, headline: null, kicker: null, subheadline: null, column: null, authors: [], credits: [], byline: null,
          unit: null, dateline: DATELINE.exec(tail)?.[0] ?? null, body: after,
          subheads: a.subheads.filter((i) => i >= k && !(i === k && head)).map((i) => i - cut),
          captions: [], source: { ...a.source, lines: linesB },
        };
        delete fresh.unitAsPrinted;
        a.subheads = a.subheads.filter((i) => i < k || (i === k && !!head));
        a.body = before;
        a.source = { ...a.source, lines: linesA };
        // The split-off part's own permanent number (the one the ledger gave it before, else a new one).
        fresh.index = this.numbering.numberFor ? this.numbering.numberFor(fresh, n) : Math.max(...this.rec.articles.map((x) => x.index), ...this.work.map((x) => x.a.index)) + 1;
        const piece: Work = { a: fresh, origins: [], family: n };
        this.work.splice(this.work.indexOf(w) + 1, 0, piece);
        this.note(line ?? firstLine(a), s.line, CORRECTION.split(n, short(s.at, 12), line));
        if (Object.keys(s.fields).length) this.setFields(piece, s.fields, s.line);
        return;
      }
    }
    this.note(firstLine(family[0]?.a ?? this.rec.articles.find((a) => a.index === n)!), s.line, CORRECTION.splitStale(s.at, n), true);
  }

  setFields(w: Work, f: Fields, yamlLine: number): void {
    const a = w.a;
    const label = w.origins.length ? articleNo(w.origins.join("+")) : CORRECTION.splitOff;
    const lineOf = (k: keyof NonNullable<Fields["at"]>) => f.at?.[k] ?? yamlLine;
    for (const k of ["headline", "kicker", "subheadline", "column", "unit"] as const) {
      if (!(k in f)) continue;
      const v = f[k] ?? null;
      const yamlLine = lineOf(k);
      if (v === a[k]) { this.note(firstLine(a), yamlLine, CORRECTION.fieldSame(label, k, v), true); continue; }
      const kept = k !== "unit" && k !== "column" ? this.displace(a[k], a, k) : "";
      this.note(firstLine(a), yamlLine, `${CORRECTION.fieldSet(label, k, a[k], v)}${kept}`, false, { field: k, before: a[k], after: v });
      a[k] = v;
      if (k === "unit") delete a.unitAsPrinted;
    }
    if (f.authors) {
      const yamlLine = lineOf("authors");
      if (f.authors.join("、") === a.authors.join("、")) this.note(firstLine(a), yamlLine, CORRECTION.listSame(label, "authors", f.authors.join("、")), true);
      else {
        this.note(firstLine(a), yamlLine, CORRECTION.listSet(label, "authors", a.authors.join("、"), f.authors.join("、")));
        a.credits = f.authors.map((name) => a.credits.find((c) => c.name === name) ?? { name, role: "writer" });
        a.authors = [...f.authors];
        w.credited = true;
      }
    }
    if (f.kind) {
      const yamlLine = lineOf("kind");
      if (f.kind === a.kind) this.note(firstLine(a), yamlLine, CORRECTION.listSame(label, "kind", KIND_LABELS[f.kind]), true);
      else { this.note(firstLine(a), yamlLine, CORRECTION.listSet(label, "kind", KIND_LABELS[a.kind], KIND_LABELS[f.kind])); a.kind = f.kind; }
    }
  }

  findUnplaced(t: TextRef): number {
    return this.unplaced.findIndex((u) =>
      t.rawLine !== undefined ? u.lines[0] <= t.rawLine && t.rawLine <= u.lines[1] : norm(u.text).startsWith(norm(t.words)));
  }

  move(m: Corrections["moves"][number]): void {
    const target = this.find(m.to);
    if (!target) return this.stale(m.to, m.line, ENTRY.move);
    const i = this.findUnplaced(m.text);
    if (i < 0) return this.note(1, m.line, CORRECTION.noUnplaced(m.text.words || undefined, m.text.rawLine, ENTRY.move), true);
    const u = this.unplaced.splice(i, 1)[0]!;
    this.removed.add(u.lines[0]);
    const a = target.a;
    if (m.as === "body" || m.as === "caption") {
      const list = m.as === "body" ? a.body : a.captions;
      if (m.atStart) list.unshift(u.text); else list.push(u.text);
      if (m.as === "body" && m.atStart) a.subheads = a.subheads.map((k) => k + 1);
      a.source = { ...a.source, lines: mergeRanges([...a.source.lines, u.lines]) };
    }
    const kept = m.as === "body" || m.as === "caption" ? "" : this.displace(a[m.as], a, m.as);
    if (m.as !== "body" && m.as !== "caption") a[m.as] = u.text;
    const to = target.origins.length ? articleNo(target.origins.join("+")) : CORRECTION.splitOff;
    this.note(u.lines[0], m.line, `${CORRECTION.moved(short(u.text), u.lines[0], to, m.as)}${kept}`);
  }

  drop(d: Corrections["drops"][number]): void {
    const i = this.findUnplaced(d.text);
    if (i < 0) return this.note(1, d.line, CORRECTION.noUnplaced(d.text.words || undefined, d.text.rawLine, ENTRY.drop), true);
    const u = this.unplaced[i]!;
    if (u.reason === FURNITURE) return this.note(u.lines[0], d.line, CORRECTION.alreadyFurniture(short(u.text)), true);
    this.unplaced[i] = { ...u, reason: FURNITURE };
    this.removed.add(u.lines[0]);
    this.note(u.lines[0], d.line, CORRECTION.dropped(short(u.text), u.reason));
  }

  run(): IssueRecord {
    const f = this.fix;
    f.merges.forEach((m) => this.merge(m));
    f.splits.forEach((s) => this.split(s));
    for (const e of f.edits) {
      const w = this.find(e.ref);
      if (!w) this.stale(e.ref, e.line, ENTRY.correction);
      else this.setFields(w, e.fields, e.line);
    }
    f.moves.forEach((m) => this.move(m));
    f.drops.forEach((d) => this.drop(d));
    // Each article keeps its number: a merge's first, a split-off part the one numberFor gave it.
    const articles = this.work.map((w) => w.a);
    return { ...this.rec, articles, unplaced: this.unplaced, warnings: refreshWarnings(this.rec, this.work, this.removed, this.notes) };
  }
}

/** The parser's warning about an article that lacks something, with the article's number now. */
function lacking(code: "no-headline" | "no-byline", n: number, line: number): Warning {
  return code === "no-headline"
    ? { line, pass: "attachHeadlines", code, article: n, message: PARSE.noHeadline(n) }
    : { line, pass: "extractFields", code, article: n, message: PARSE.noByline(n) };
}

/**
 * The parser's per-article warnings name article numbers and missing headlines; after corrections they are
 * renumbered, and dropped where the editor has given what was missing, so `check` never reports a headline
 * the corrections file already supplies. Split-off articles get the warnings the parser would have given them.
 * Warnings are read by their code, article number and subject, never by their wording.
 */
function refreshWarnings(rec: IssueRecord, work: Work[], removed: Set<number>, notes: Warning[]): Warning[] {
  const numberOf = new Map<number, number>();
  const byNumber = new Map(work.map((w) => [w.a.index, w]));
  work.forEach((w) => { if (w.origins[0] !== undefined) numberOf.set(w.origins[0], w.a.index); });
  const headlines = new Set(work.map((w) => w.a.headline));
  const lacks = (w: Work, code: "no-headline" | "no-byline") => (code === "no-headline" ? !w.a.headline : !w.credited || (!w.a.byline && !w.a.authors.length));
  const out: Warning[] = [];
  for (const w of rec.warnings) {
    if ((w.code === "no-headline" || w.code === "no-byline") && w.article !== undefined) {
      const idx = numberOf.get(w.article);
      if (idx !== undefined && lacks(byNumber.get(idx)!, w.code)) out.push({ ...lacking(w.code, idx, w.line), pass: w.pass });
      continue;
    }
    if ((w.code === "unplaced" || w.code === "unmatched-title") && removed.has(w.line)) continue;
    if (w.code === "low-confidence-headline" && !headlines.has(w.subject ?? null)) continue;
    out.push(w);
  }
  work.forEach((w) => {
    if (w.origins.length) return;
    for (const code of ["no-headline", "no-byline"] as const) {
      if (lacks({ ...w, credited: true }, code)) out.push(lacking(code, w.a.index, firstLine(w.a)));
    }
  });
  return [...out, ...notes].sort((x, y) => x.line - y.line);
}

/** The corrected record. Throws InputError (file and YAML line) for an article the issue does not have. */
export function applyCorrections(rec: IssueRecord, fix: Corrections, rawLines?: readonly string[]): IssueRecord {
  return new Corrector(rec, fix, rawLines).run();
}

/** How corrections meet the permanent numbers (article-ledger.ts). */
export interface Numbering {
  /** The number of a part a split makes, given the part and the number it was split from. */
  numberFor?: (part: ArticleRecord, from: number) => number;
  /** Numbers the ledger knows that no article of this parse has: a correction naming one is stale, not an error. */
  retired?: ReadonlySet<number>;
}

/** The corrected record, and which numbers a merge folded into which, and which parts a split made from which. */
export function applyNumberedCorrections(
  rec: IssueRecord, fix: Corrections, rawLines: readonly string[] | undefined, numbering: Numbering,
): { record: IssueRecord; merged: Map<number, number>; splitFrom: Map<number, number> } {
  const c = new Corrector(rec, fix, rawLines, numbering);
  const record = c.run();
  const merged = new Map<number, number>();
  const splitFrom = new Map<number, number>();
  for (const w of c.work) {
    for (const n of w.origins.slice(1)) merged.set(n, w.a.index);
    if (!w.origins.length) splitFrom.set(w.a.index, w.family);
  }
  return { record, merged, splitFrom };
}

/** The corrections file of an issue file: same folder, same stem, `.fix.yaml`. */
export function correctionsPathFor(issueFile: string): string {
  return issueFile.replace(/\.(txt|md|text)$/i, "") + ".fix.yaml";
}
