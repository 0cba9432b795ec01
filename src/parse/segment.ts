/**
 * Pass — segment: paragraphs → pieces. A page is read top to bottom; a piece starts at a dateline
 * ("劲旅讯", "又讯", "本报讯"), a `#` headline, or the first text after a piece was closed; it is closed by
 * what newspapers print at the end of a piece: a bracketed byline ("（张俊峰）"), a reporter credit
 * ("记者 李俊华 通讯员 杜晨媛"), a ◆ signature, or a photo credit. Title lines are left loose for
 * attachHeadlines; furniture goes straight to the loose list too.
 */
import { CREDIT_LINE, DATELINE, DATELINE_BYLINE, execPhotoCredit, execPhotoReport, execTrailingByline, PHOTO_CREDIT, PHOTO_REPORT } from "./patterns.ts";
import { width } from "./text-measure.ts";
import type { Paragraph, ParseState, Piece } from "../types.ts";

/** "…的良好氛围。 记者 李俊华 通讯员 杜晨媛" — credits run on at the end of the last paragraph. */
const TRAILING_CREDIT = /\s+((?:(?:本报|新华社)?(?:记者|通讯员)\s*[\u4e00-\u9fff·]{2,4}\s*)+)$/;

/** TRAILING_CREDIT.exec, only for text that names a 记者 or 通讯员 (see the fast paths in patterns.ts). */
function execTrailingCredit(t: string): RegExpExecArray | null {
  return t.includes("记者") || t.includes("通讯员") ? TRAILING_CREDIT.exec(t) : null;
}

/** A column or series label rather than a headline: "G 新闻特写", "“安 康 杯”征文", "…送温暖行动·暖闻". */
export const COLUMN_LABEL = /(?:征文|专栏|副刊|特写|快讯|随笔|诗歌|散文|书画|视点|聚焦|一线|论坛|园地|天地|速递|简讯|图片新闻)$|·/;

export function newPiece(order: number): Piece {
  return {
    body: [], headline: null, kicker: null, subheadline: null, column: null, unitLabel: null, bylines: [],
    captions: [], kind: null, order, closed: false, evidence: [],
  };
}

/** Text with a photo credit at its end, long enough to be a picture story rather than a caption. */
function isPhotoText(t: string): boolean {
  return !!execPhotoReport(t) || (!!execPhotoCredit(t) && width(t) > 40 && /[。！？]/.test(t));
}

class Segmenter {
  readonly pieces: Piece[] = [];
  readonly loose: Paragraph[] = [];
  cur: Piece | null = null;
  /** `##` lines and short lines waiting for the `#` headline below them. */
  pending: Paragraph[] = [];

  constructor(readonly paras: Paragraph[]) {}

  start(k: number, why: string): Piece {
    if (this.cur) this.cur.closed = true;
    const p = newPiece(k);
    p.evidence.push(`segment: starts at line ${this.paras[k]!.lines[0]} (${why})`);
    this.pieces.push(p);
    this.cur = p;
    return p;
  }

  close(why: string, para: Paragraph): void {
    if (!this.cur) return;
    this.cur.closed = true;
    this.cur.evidence.push(`segment: ends at line ${para.lines[1]} (${why})`);
  }

  nextIs(k: number, pred: (p: Paragraph) => boolean): boolean {
    const n = this.paras[k + 1];
    return !!n && pred(n);
  }

  flushPending(piece: Piece): void {
    for (const p of this.pending) {
      // "## G 新闻特写": OCR reads the column's logo letter as text.
      const label = p.text.replace(/^#+\s*/, "").replace(/^[A-Z]\s+/, "");
      if (COLUMN_LABEL.test(label) && width(label) <= 20) piece.column = label;
      else if (!piece.kicker) piece.kicker = p;
      else this.loose.push(p);
    }
    this.pending = [];
  }

  heading(p: Paragraph, k: number): void {
    if (p.level === 1) {
      const piece = this.start(k, "# headline");
      piece.headline = p;
      this.flushPending(piece);
      return;
    }
    if (this.nextIs(k, (n) => n.role === "heading" && n.level === 1)) { this.pending.push(p); return; }
    const c = this.cur;
    const next = this.paras[k + 1];
    const nextStarts = !next || DATELINE.test(next.text) || isPhotoText(next.text) || next.role === "credit";
    if (c && !c.closed && c.body.length > 0 && !nextStarts && !DATELINE.test(next?.text ?? "")) {
      c.body.push(p); // an in-body subhead: "## 技能提升“竞技场”"
      return;
    }
    this.start(k, "## headline of a short piece").headline = p;
  }

  credit(p: Paragraph, k: number): void {
    const c = this.cur;
    if (CREDIT_LINE.test(p.text)) {
      // "本报记者 刘旭 本报通讯员 宋昕泽" under a headline, or alone after the text.
      if (c) c.bylines.push(p.text);
      else this.loose.push(p);
      if (c && c.body.length > 0) this.close("reporter credit", p);
      return;
    }
    const captionOnly = p.text.replace(PHOTO_CREDIT, "").replace(PHOTO_REPORT, "").trim();
    if (!captionOnly) {
      // A bare photo credit ("摄影报道 薛丽菲 崔 磊"): the text above it, back to the last wide gap, is the
      // picture's caption — a piece of its own.
      if (!c || c.body.length === 0) { this.loose.push(p); return; }
      let j = c.body.length - 1;
      while (j > 0 && c.body[j]!.gapBefore < 2) j--;
      let photo = c;
      if (j > 0 && !c.closed) {
        photo = newPiece(this.paras.indexOf(c.body[j]!));
        photo.body = c.body.splice(j);
        photo.evidence.push(`segment: photo caption split off at line ${photo.body[0]!.lines[0]} (wide gap above a bare photo credit)`);
        c.closed = true;
        this.pieces.push(photo);
        this.cur = photo;
      }
      photo.kind = "photo";
      photo.bylines.push(p.text);
      this.close("photo credit", p);
      return;
    }
    // A short caption with its credit: it illustrates the news piece above; on a literary page, or with no
    // piece above, it is a picture of its own ("鹤望新岁 摄影 卫志毅").
    if (c && c.kind !== "literary" && c.kind !== "photo" && c.body.length > 0) {
      c.captions.push(p);
      return;
    }
    const photo = this.start(k, "stand-alone photo with caption");
    photo.kind = "photo";
    photo.headline = { ...p, text: captionOnly, role: "title" };
    photo.body.push({ ...p, text: captionOnly });
    photo.bylines.push(p.text.slice(captionOnly.length).trim());
    this.close("photo credit", p);
  }

  text(p: Paragraph, k: number): void {
    if (this.nextIs(k, (n) => n.role === "heading" && n.level === 1) && !/[。！？]$/.test(p.text) && width(p.text) <= 40) {
      this.pending.push(p); // a kicker or column line printed above a "# " headline
      return;
    }
    let c = this.cur;
    if (isPhotoText(p.text)) {
      if (!c || c.closed || c.body.length > 0) c = this.start(k, "picture story");
      c.kind = "photo";
      const m = execPhotoReport(p.text) ?? execPhotoCredit(p.text)!;
      c.body.push({ ...p, text: p.text.slice(0, m.index).trim() });
      c.bylines.push(p.text.slice(m.index).trim());
      this.close("photo credit", p);
      return;
    }
    const underHeadline = c && !c.closed && c.headline && c.body.length === 0;
    if (DATELINE.test(p.text) && !underHeadline) c = this.start(k, `dateline ${DATELINE.exec(p.text)![0]}`);
    else if (!c || c.closed) c = this.start(k, c ? "text after a closed piece" : "first text");
    const db = DATELINE_BYLINE.exec(p.text);
    if (db && c.body.length === 0) c.bylines.push(`（${db[2]!.trim()}）`);
    const tb = execTrailingByline(p.text) ?? execTrailingCredit(p.text);
    if (tb && tb.index > 0) {
      c.body.push({ ...p, text: p.text.slice(0, tb.index).trim() });
      c.bylines.push(tb[0].trim());
      this.close("byline at the end of the text", p);
      return;
    }
    c.body.push(p);
  }

  run(): void {
    this.paras.forEach((p, k) => {
      switch (p.role) {
        case "furniture":
        case "title":
          this.loose.push(p);
          return;
        case "heading":
          return this.heading(p, k);
        case "byline":
          if (!this.cur) { this.loose.push(p); return; }
          this.cur.bylines.push(p.text);
          return this.close("byline", p);
        case "sign":
          if (!this.cur) { this.loose.push(p); return; }
          this.cur.bylines.push(p.text);
          this.cur.kind = "literary";
          return this.close("◆ signature", p);
        case "credit":
          return this.credit(p, k);
        default:
          return this.text(p, k);
      }
    });
    this.loose.push(...this.pending);
  }
}

export function segment(state: ParseState): ParseState {
  const s = new Segmenter(state.paragraphs);
  s.run();
  const pieces = s.pieces.filter((p) => p.body.length > 0 || p.headline);
  return {
    ...state,
    pieces,
    loose: s.loose,
    explain: [...state.explain, `segment: ${pieces.length} pieces, ${s.loose.length} loose paragraphs`],
  };
}
