/**
 * Pass — extractFields: pieces → article records, loose paragraphs → unplaced text. Bylines become credits,
 * the unit and kind are decided, and each record gets its source line ranges.
 */
import { extractUnit } from "./extract-unit.ts";
import { normalizeHeadline, normalizeText } from "./normalize-text.ts";
import { parseByline } from "./parse-byline.ts";
import { DATELINE, DATELINE_BYLINE, execPhotoCredit, execPhotoReport } from "./patterns.ts";
import { width } from "./text-measure.ts";
import type { ArticleKind, ArticleRecord, Credit, LineRange, Paragraph, ParseState, Piece, UnplacedText, Warning } from "../types.ts";
import { PARSE } from "../messages.ts";

const NOTICE = /(?:通知|公告|启事|声明|公示|通告)$/;

/** A title field as a reader reads it: no markdown mark, the extraction's stray spaces and half-width marks undone. */
function clean(s: string | undefined | null): string | null {
  const t = normalizeHeadline((s ?? "").replace(/^#+\s*/, "").replace(/\s+/g, " ").trim());
  return t || null;
}

/**
 * The first paragraph keeps the space print sets after its dateline ("本报讯 近日，…") and the spaces between the
 * names of a byline in its lead ("本报讯（记者张三 李四）…"); the rest is normalised.
 */
function normalizeLead(t: string): string {
  const db = DATELINE_BYLINE.exec(t);
  if (db) return `${db[0].trim().replace(/\s+/g, " ")}${normalizeText(t.slice(db[0].length))}`;
  const d = DATELINE.exec(t)?.[0];
  if (!d || !/^\s/.test(t.slice(d.length))) return normalizeText(t) || t;
  return `${d} ${normalizeText(t.slice(d.length))}`;
}

/** A caption as a reader reads it; its photo credit keeps its spaces ("…现场。 张 明 摄"). */
function normalizeCaption(t: string): string {
  const m = execPhotoCredit(t) ?? execPhotoReport(t);
  if (!m || m.index === 0) return normalizeText(t) || t;
  return `${normalizeText(t.slice(0, m.index))} ${m[0].trim()}`;
}

function mergeRanges(paras: Paragraph[]): LineRange[] {
  const rs = paras.map((p) => [...p.lines] as LineRange).sort((a, b) => a[0] - b[0]);
  const out: LineRange[] = [];
  for (const r of rs) {
    const last = out.at(-1);
    if (last && r[0] <= last[1] + 2) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

/**
 * "又讯" pieces share the byline printed after the second one: "（卫 玲 周二红）" credits 卫玲 with the
 * first piece and 周二红 with the second (劲旅's 电解厂 / 电控分公司 block).
 */
function shareYouxunBylines(pieces: Piece[], credits: Credit[][]): void {
  pieces.forEach((p, i) => {
    const prev = i > 0 ? pieces[i - 1]! : null;
    if (!prev || !/^又讯/.test(p.body[0]?.text ?? "") || credits[i - 1]!.length || credits[i]!.length < 2) return;
    credits[i - 1] = credits[i]!.slice(0, 1);
    credits[i] = credits[i]!.slice(1);
    prev.evidence.push("extractFields: 与后面的又讯共用印在其后的署名（第一个名字）");
  });
}

/**
 * A picture's caption says what it shows ("图为…"): a short piece that does is a picture with its caption, not
 * a news story. A file whose one page label names a picture page ("第4版 图片新闻") holds pictures only.
 */
const PICTURE_STORY_MAX = 400;
function kindOf(p: Piece, headline: string | null, picturePage: boolean): ArticleKind {
  if (p.kind) return p.kind;
  if (headline && NOTICE.test(headline)) return "notice";
  const text = p.body.map((b) => b.text).join("");
  if (picturePage || (/图为/.test(text) && width(text) <= PICTURE_STORY_MAX)) return "photo";
  return "news";
}

function isPicturePage(loose: Paragraph[]): boolean {
  const labels = loose.filter((q) => q.reason === "page label");
  return labels.length === 1 && /图片|摄影|影像/.test(labels[0]!.text);
}

export function extractFields(state: ParseState): ParseState {
  const { meta } = state;
  const warnings: Warning[] = [...state.warnings];
  const credits = state.pieces.map((p) => p.bylines.flatMap(parseByline));
  shareYouxunBylines(state.pieces, credits);
  const picturePage = isPicturePage(state.loose);
  const articles: ArticleRecord[] = state.pieces.map((p, i) => {
    const headline = clean(p.headline?.text);
    // Body text as a reader reads it (2023 年 → 2023年, 近日,市 → 近日，市); the raw file and line ranges are unchanged.
    const body = p.body.map((b, k) => (b.role === "heading" ? clean(b.text) ?? b.text : k === 0 ? normalizeLead(b.text) : normalizeText(b.text) || b.text));
    const subheads = p.body.flatMap((b, k) => (b.role === "heading" ? [k] : []));
    const captionCredits = p.captions.flatMap((c) => {
      const m = execPhotoCredit(c.text) ?? execPhotoReport(c.text);
      return m ? parseByline(m[0]) : [];
    });
    const all = [...credits[i]!, ...captionCredits].filter((c, k, arr) => arr.findIndex((x) => x.name === c.name) === k);
    // Literary pieces are filed under a unit only when the page prints one.
    const unit = p.kind === "literary"
      ? { unit: p.unitLabel, why: p.unitLabel ? "随稿印出的单位标签" : "文艺作品，没有单位标签" }
      : extractUnit({ label: p.unitLabel, headline, kicker: clean(p.kicker?.text), body: body.map((b, k) => (k === 0 ? b.replace(DATELINE, "").replace(/^\s*[（(][^）)]{1,20}[）)]/, "") : b)) });
    p.evidence.push(`extractFields: 单位 ${unit.unit ? `“${unit.unit}”` : "无"} —— ${unit.why}`);
    const first = p.body[0]?.lines[0] ?? p.headline?.lines[0] ?? 0;
    if (!headline) warnings.push({ line: first, pass: "attachHeadlines", code: "no-headline", article: i + 1, message: PARSE.noHeadline(i + 1) });
    // Credits shared from a 又讯 piece's byline count: the report lists them as the article's authors.
    if (!p.bylines.length && !all.length) warnings.push({ line: first, pass: "extractFields", code: "no-byline", article: i + 1, message: PARSE.noByline(i + 1) });
    return {
      index: i + 1,
      headline,
      kicker: clean(p.kicker?.text),
      subheadline: clean(p.subheadline?.text),
      column: clean(p.column),
      authors: all.map((c) => c.name),
      credits: all,
      byline: p.bylines.length ? p.bylines.join(" ") : null,
      unit: unit.unit,
      kind: kindOf(p, headline, picturePage),
      date: meta.issueDate,
      dateline: DATELINE.exec(p.body[0]?.text ?? "")?.[0] ?? null,
      body,
      subheads,
      captions: p.captions.map((c) => normalizeCaption(c.text)),
      source: { file: meta.file, lines: mergeRanges([...p.body, ...p.captions]) },
    };
  });
  const unplaced: UnplacedText[] = state.loose.map((p) => ({
    text: p.text,
    lines: p.lines,
    reason: p.reason ?? (p.role === "title" ? "title line that matched no article" : "text outside any article"),
  }));
  for (const u of unplaced) if (u.reason !== "masthead" && !/site chrome|web page/.test(u.reason)) warnings.push({ line: u.lines[0], pass: "extractFields", code: "unplaced", message: PARSE.unplaced(u.text.slice(0, 30)) });
  warnings.sort((a, b) => a.line - b.line);
  return {
    ...state,
    warnings,
    record: {
      file: meta.file, paper: meta.paper, paperName: meta.paperName, issueDate: meta.issueDate, issueDateSource: meta.issueDateSource,
      page: meta.page, encoding: state.encoding, articles, unplaced, warnings, mojibakeRepaired: state.mojibakeRepaired,
    },
  };
}
