/**
 * Segment's credits and pictures: what a credit printed on its own line does to the piece around it — a byline
 * under a headline opens a piece, one after the text closes it, a bare photo credit splits the picture's caption
 * off as a piece of its own, a short captioned credit illustrates the news above or stands alone.
 */
import { isCreditLine, execPhotoCredit, execPhotoReport, PHOTO_CREDIT, PHOTO_REPORT, PHOTO_REPORT_AFTER } from "./patterns.ts";
import { width } from "./text-measure.ts";
import type { Paragraph, Piece } from "../types.ts";
import type { Segmenter } from "./segment.ts";

export function newPiece(order: number): Piece {
  return {
    body: [], headline: null, kicker: null, subheadline: null, column: null, unitLabel: null, bylines: [],
    captions: [], kind: null, order, closed: false, evidence: [],
  };
}

/** Text with a photo credit at its end, long enough to be a picture story rather than a caption. */
export function isPhotoText(t: string): boolean {
  return !!execPhotoReport(t) || (!!execPhotoCredit(t) && width(t) > 40 && /[。！？]/.test(t));
}

/**
 * A piece that has its headline or its writer's name and waits for its first line of text (a byline or
 * dateline goes to it: "张三" / "本报讯 …" is one piece, and the name is not lost with an empty one).
 */
export function awaitsBody(c: Piece | null): boolean {
  return !!c && !c.closed && (!!c.headline || c.bylines.length > 0) && c.body.length === 0;
}

/** A paragraph the classifier read as a credit line: a byline, a bare photo credit, or a caption with its credit. */
export function creditLine(s: Segmenter, p: Paragraph, k: number): void {
  const c = s.cur;
  if (isCreditLine(p.text)) {
    // "标题" / "■通讯员 张三" / the text: a byline printed between a headline and its body opens a new piece,
    // and the titles right above are its headline.
    const stack = s.titlesAbove(k);
    const nextIsText = s.nextIs(k, (n) => n.role === "text");
    if (stack.length && nextIsText && !awaitsBody(c)) {
      const piece = s.start(k, "标题下的署名");
      s.takeHeadline(piece, stack, "署名上方的标题");
      s.giveCredit(piece, p);
      if (/^[■□●]?\s*(?:文\s*[/／]|作者)/.test(p.text)) piece.kind = "literary"; // "文/张三", "作者：张三": a writer's piece
      return;
    }
    if (awaitsBody(c)) { s.giveCredit(c!, p); return; }
    // "本报记者 刘旭 本报通讯员 宋昕泽" under a headline, or alone after the text.
    if (c) s.giveCredit(c, p);
    else s.loose.push(p);
    if (c && c.body.length > 0) s.close("记者署名", p);
    return;
  }
  const captionOnly = p.text.replace(PHOTO_CREDIT, "").replace(PHOTO_REPORT_AFTER, "").replace(PHOTO_REPORT, "").trim();
  if (!captionOnly) {
    // A bare photo credit ("摄影报道 薛丽菲 崔 磊"): the text above it, back to the last wide gap, is the
    // picture's caption — a piece of its own.
    if (!c || c.body.length === 0) { s.loose.push(p); return; }
    let j = c.body.length - 1;
    while (j > 0 && c.body[j]!.gapBefore < 2) j--;
    let photo = c;
    if (j > 0 && !c.closed) {
      photo = newPiece(s.paras.indexOf(c.body[j]!));
      photo.body = c.body.splice(j);
      photo.evidence.push(`segment: 从第 ${photo.body[0]!.lines[0]} 行拆出图片说明（单独的摄影署名上方有大段空白）`);
      c.closed = true;
      s.pieces.push(photo);
      s.cur = photo;
    }
    photo.kind = "photo";
    photo.bylines.push(p.text);
    s.close("摄影署名", p);
    return;
  }
  // A short caption with its credit: it illustrates the news piece above; on a literary page, or with no
  // piece above, it is a picture of its own ("鹤望新岁 摄影 卫志毅").
  if (c && c.kind !== "literary" && c.kind !== "photo" && c.body.length > 0) {
    c.captions.push(p);
    return;
  }
  const photo = s.start(k, "单独的图片和说明");
  photo.kind = "photo";
  photo.headline = { ...p, text: captionOnly, role: "title" };
  photo.body.push({ ...p, text: captionOnly });
  photo.bylines.push(p.text.slice(captionOnly.length).trim());
  s.close("摄影署名", p);
}
