/**
 * What the public pages say about how a text was made. Readers see the archive, not the pipeline: the parser's
 * warnings, its reason keys and the correction files' paths stay in the record, the open data, `/report/`
 * and `baokan check`. The public pages get, in Chinese:
 *   - one line on the text's quality where it matters (issueNote: PDF extraction, headlines found by the parser);
 *   - the unplaced text that is text of the paper, with a Chinese label — and not the page furniture of a scraped
 *     web page (its site e-mail, phone numbers, 本文来源: lines) or what the editor marked as furniture (`drop:`),
 *     which the issue page only counts (isHiddenFurniture);
 *   - which values an editor set in a corrections file (editorMarks: 编者加 / 编者改 beside them);
 *   - a plain description of an article for search engines and link previews (articleDescription).
 */
import { APPLIED, FURNITURE } from "../content/corrections.ts";
import { unplacedLabel } from "../messages.ts";
import type { ArticleRecord, IssueRecord } from "../types.ts";

/** Reader labels for unplaced text: one table with the CLI's (messages.ts); a reason without one is 其他文字. */
export { unplacedLabel };

/**
 * Unplaced text not shown on the issue page: a web page's chrome (the host site's address, phone, e-mail,
 * navigation, meta and footer lines — site-wide boilerplate, not the paper's) and text the editor dropped as
 * furniture. A printed page's own furniture (masthead, page label, staff credit) is the paper's and stays shown.
 */
export function isHiddenFurniture(reason: string): boolean {
  return reason === FURNITURE || /^(?:site|web page)\b/.test(reason);
}

/** A headline the parser matched with low confidence, or a title line it could not match. */
const DOUBTFUL_HEADLINE = new Set(["low-confidence-headline", "unmatched-title"]);

/**
 * One line, or null, on how far the issue's text can be trusted: 本期文字由版面 PDF 提取，乱码标点已自动修复；
 * 标题系自动识别，或有出入。 Only what holds for this issue: repaired mojibake means PDF extraction; a web page's
 * chrome means a scraped page; doubtful headlines or pieces printed without one are said so.
 */
export function issueNote(rec: IssueRecord): string | null {
  const parts: string[] = [];
  if (rec.mojibakeRepaired > 0) parts.push("本期文字由版面 PDF 提取，乱码标点已自动修复");
  else if (rec.unplaced.some((u) => /^(?:site|web page)\b/.test(u.reason))) parts.push("本期文字取自网页");
  const doubtful = rec.warnings.some((w) => DOUBTFUL_HEADLINE.has(w.code ?? ""));
  const untitled = rec.articles.some((a) => !a.headline);
  if (doubtful) parts.push("标题系自动识别，或有出入");
  else if (untitled) parts.push("标题系自动识别，未见标题的文章以正文开头代称");
  return parts.length ? `${parts.join("；")}。` : null;
}

export type MarkedField = "headline" | "kicker" | "subheadline" | "unit";
/** 编者加: the printed page had none; 编者改: the editor replaced what the parser read. */
export type EditorMark = "编者加" | "编者改";
export type EditorMarks = Partial<Record<MarkedField, EditorMark>>;

/**
 * A field set by a corrections file, as corrections.ts notes it (pass "corrections", with `edit`: field, before,
 * after). The note's line is the article's first raw line when the correction applied; the article is the one
 * whose lines cover it and whose field now holds the new value. A moved line (`move: … as: headline`) is printed
 * text and carries no `edit`, so it is not marked.
 */
const MARKED = new Set<string>(["headline", "kicker", "subheadline", "unit"]);

/** Per article index, the fields an editor set and how. */
export function editorMarks(rec: IssueRecord): Map<number, EditorMarks> {
  const out = new Map<number, EditorMarks>();
  for (const w of rec.warnings) {
    if (w.pass !== APPLIED || !w.edit || !MARKED.has(w.edit.field)) continue;
    const field = w.edit.field as MarkedField;
    const { before, after } = w.edit;
    if (after === null) continue;
    const holding = rec.articles.filter((x) => x[field] === after);
    const a = holding.find((x) => x.source.lines.some(([from, to]) => from <= w.line && w.line <= to)) ?? (holding.length === 1 ? holding[0] : undefined);
    if (!a) continue;
    const marks = out.get(a.index) ?? {};
    marks[field] = before === null ? "编者加" : "编者改";
    out.set(a.index, marks);
  }
  return out;
}

/** About this many characters of the article's text, for <meta name="description"> and link previews. */
export const DESCRIPTION_CHARS = 100;

/** The start of the article's text (its body, or its captions for a picture), white space collapsed, cut at a character. */
export function articleDescription(rec: Pick<ArticleRecord, "body" | "captions">, max = DESCRIPTION_CHARS): string {
  const source = rec.body.some((p) => p.trim()) ? rec.body : rec.captions;
  let text = "";
  for (const p of source) {
    const t = p.replace(/\s+/g, " ").trim();
    if (!t) continue;
    // Chinese paragraphs run on; a paragraph ending in a Latin letter or digit keeps a space before the next.
    text += text && /[\x21-\x7e]$/.test(text) ? ` ${t}` : t;
    if (text.length > max * 2) break;
  }
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join("").trimEnd()}…` : text;
}
