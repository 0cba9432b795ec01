/**
 * Pass — segment: paragraphs → pieces. A page is read top to bottom; a piece starts at a dateline
 * ("劲旅讯", "又讯", "本报讯"), a `#` headline, or the first text after a piece was closed; it is closed by
 * what newspapers print at the end of a piece: a bracketed byline ("（张俊峰）"), a reporter credit
 * ("记者 李俊华 通讯员 杜晨媛"), a ◆ signature, or a photo credit. Title lines are left loose for
 * attachHeadlines; furniture goes straight to the loose list too.
 */
import {
  BRIEF_MARK, DATELINE, DATELINE_BYLINE, endsSentence, execPhotoCredit, execPhotoReport, execTrailingByline, execTrailingCredit,
} from "./patterns.ts";
import { BARE_DATE } from "./furniture.ts";
import { isPersonName } from "./names.ts";
import { awaitsBody, creditLine, isPhotoText, newPiece } from "./segment-credits.ts";
import { COLUMN_LABEL, explainsAbove, HEADLINE_AFTER_FIT, headOf, headsNoPiece, support, UNIT_LABEL } from "./headline-place.ts";
import { joinText } from "./reflow.ts";
import { width } from "./text-measure.ts";
import type { Paragraph, ParseState, Piece } from "../types.ts";
import { EXPLAIN } from "../messages.ts";

/**
 * Share of a title's character pairs the text under it must hold for the title to start a piece after an
 * unfinished paragraph (headlineInPlace): a headline names what its text is about.
 */
const HEADLINE_IN_PLACE_FIT = 0.5;

export class Segmenter {
  readonly pieces: Piece[] = [];
  readonly loose: Paragraph[] = [];
  cur: Piece | null = null;
  /** `##` lines and short lines waiting for the `#` headline below them. */
  pending: Paragraph[] = [];

  readonly paras: Paragraph[];

  constructor(paras: readonly Paragraph[]) {
    this.paras = [...paras];
  }

  /** Paragraphs whose whole text went to a piece's bylines: unplaced again if the piece comes to nothing. */
  readonly creditParas = new Map<Piece, Paragraph[]>();

  /** Gives paragraph p, a credit printed on its own, to the piece's bylines. */
  giveCredit(piece: Piece, p: Paragraph): void {
    piece.bylines.push(p.text);
    const list = this.creditParas.get(piece);
    if (list) list.push(p);
    else this.creditParas.set(piece, [p]);
  }

  start(k: number, why: string): Piece {
    if (this.cur) this.cur.closed = true;
    const p = newPiece(k);
    p.evidence.push(EXPLAIN.starts(this.paras[k]!.lines[0], why));
    this.pieces.push(p);
    this.cur = p;
    return p;
  }

  close(why: string, para: Paragraph): void {
    if (!this.cur) return;
    this.cur.closed = true;
    this.cur.evidence.push(EXPLAIN.ends(para.lines[1], why));
  }

  nextIs(k: number, pred: (p: Paragraph) => boolean): boolean {
    const n = this.paras[k + 1];
    return !!n && pred(n);
  }

  flushPending(piece: Piece): void {
    for (const p of this.pending) {
      // "## G 新闻特写": OCR reads the column's logo letter as text.
      const label = p.text.replace(/^#+\s*/, "").replace(/^[A-Z]\s+/, "");
      // One column per piece: a second label ("征文" above "## 特写") stays a kicker or loose, never overwritten.
      if (COLUMN_LABEL.test(label) && width(label) <= 20 && !piece.column) piece.column = label;
      else if (!piece.kicker) piece.kicker = p;
      else this.loose.push(p);
    }
    this.pending = [];
  }

  heading(p: Paragraph, k: number): void {
    // OCR splits a two-line headline into two "# " lines: "# 上半句" / "# 下半句" with no text between.
    const c0 = this.cur;
    if (p.level === 1 && c0 && c0.headline?.role === "heading" && c0.body.length === 0 && this.paras[k - 1] === c0.headline &&
      !c0.kicker && width(c0.headline.text) + width(p.text) <= 50) {
      c0.headline = { ...c0.headline, text: `${c0.headline.text.replace(/^#+\s*/, "")} ${p.text.replace(/^#+\s*/, "")}`, lines: [c0.headline.lines[0], p.lines[1]] };
      c0.evidence.push(`segment: 第 ${p.lines[0]} 行的 "# " 行接续上面的标题`);
      return;
    }
    if (p.level === 1) {
      const piece = this.start(k, "# 标题");
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
    this.start(k, "## 短稿的标题").headline = p;
  }

  /**
   * The title paragraphs printed right above paragraph k (page order, nothing between), still loose: a
   * headline stack (kicker, headline, subheadline) that the layout places on the piece starting at k.
   */
  titlesAbove(k: number): Paragraph[] {
    const out: Paragraph[] = [];
    let at = this.loose.length - 1; // loose holds the furniture too, in page order
    for (let j = k - 1; j >= 0 && out.length < 3; j--) {
      const q = this.paras[j]!;
      if (q.role === "furniture" && out.length === 0) { // the e-paper's date stamp between headline and body
        if (this.loose[at] === q) at--;
        continue;
      }
      if (q.role !== "title" || this.loose[at] !== q) break;
      out.unshift(q);
      at--;
    }
    return out;
  }

  /**
   * Title lines stand between the open piece's finished last sentence and paragraph k (page furniture may
   * stand between too: a masthead dropped between two pieces): the headline of the next piece, printed where
   * it starts — a page extracted in reading order whose pieces have no dateline. Not a headline: a numbered
   * section head or a year inside a piece ("三、报送要求", "2018年"), a unit label printed under the body
   * ("XX供电所", left to attachHeadlines), or a title the piece above speaks of more than the text below
   * (a headline printed after its article).
   */
  headlineInPlace(c: Piece, k: number): boolean {
    const stack = this.titlesAbove(k);
    if (!stack.length) return false;
    let j = k - stack.length - 1;
    while (j >= 0 && this.paras[j]!.role === "furniture") j--;
    const last = c.body.at(-1);
    if (!last || this.paras[j] !== last) return false;
    const head = headOf(stack);
    if (stack.some((q) => headsNoPiece(q.text))) return false;
    const below = support(head, this.below(k));
    const above = support(head, c.body.slice(-4));
    // A piece may end unfinished: a notice signed "承办单位：…图书馆", a list's last item. Then the title is the
    // next piece's only when the text below speaks of it and the text above does not.
    if (!endsSentence(last.text)) return below >= HEADLINE_IN_PLACE_FIT && above < 0.5 * below;
    return below >= above;
  }

  /**
   * A headline wider than the text column wraps, and reflow joins its two lines into a paragraph: a short
   * paragraph with no punctuation at all, set off by a blank line after a finished piece, is that headline
   * ("…（记者 张三）" / "" / "某矿被授予市“安康杯”竞赛优胜企业" / "称号").
   */
  reflowedTitle(p: Paragraph, k: number): boolean {
    if (p.gapBefore === 0 || p.lines[1] === p.lines[0] || width(p.text) > 30 || /[，。、；：！？,.;:!?（）()]/.test(p.text)) return false;
    const c = this.cur;
    const up = this.paras[k - 1];
    return !!c && !!up && (c.closed ? c.body.length > 0 : c.body.at(-1) === up && endsSentence(up.text));
  }

  /**
   * Titles printed right under the open piece's text, which speaks of them (at least half their character
   * pairs) more than the text below does: the piece's own headline, printed after it — so the text below
   * starts the next piece.
   */
  headlineAfter(c: Piece, k: number): boolean {
    const stack = this.titlesAbove(k);
    if (!stack.length || stack.length > 2 || this.paras[k - stack.length - 1] !== c.body.at(-1)) return false;
    const head = stack.at(-1)!;
    if (stack.some((q) => headsNoPiece(q.text))) return false;
    const above = support(head, c.body);
    return above >= HEADLINE_AFTER_FIT && above > support(head, this.below(k));
  }

  /**
   * Paragraph k goes on with the sentence the open piece's last paragraph left unfinished, with only page
   * furniture (and a unit label printed at the column's foot) between them.
   */
  continuesAcrossFurniture(c: Piece, k: number): boolean {
    const last = c.body.at(-1);
    const p = this.paras[k]!;
    // Unfinished: it stops on a Chinese character, no mark of any kind.
    if (!last || !/[\u4e00-\u9fff]$/.test(last.text) || DATELINE.test(p.text)) return false;
    let j = k - 1;
    let furniture = 0;
    let labels = 0;
    for (; j >= 0 && this.paras[j] !== last; j--) {
      const q = this.paras[j]!;
      if (q.role === "furniture") furniture++;
      else if (q.role === "title" && UNIT_LABEL.test(q.text) && labels === 0) labels++;
      else return false;
    }
    return j >= 0 && furniture > 0;
  }

  /** The opening of the text from paragraph k: what a title above it is weighed against. */
  below(k: number): Paragraph[] {
    return this.paras.slice(k, k + 3);
  }

  /** Paragraph k follows a bare date stamp that follows title lines. */
  afterDateStamp(k: number): boolean {
    const d = this.paras[k - 1];
    return !!d && d.role === "furniture" && BARE_DATE.test(d.text) && this.titlesAbove(k).length > 0;
  }

  /**
   * Gives a piece the headline stack printed right above its byline or first line. Two titles: the lower is the
   * headline and the upper its kicker, unless the lower spells out the upper (explainsAbove): then it is the
   * subheadline. Three: kicker, headline, subheadline.
   */
  takeHeadline(piece: Piece, stack: Paragraph[], why: string): void {
    if (!stack.length) return;
    for (const q of stack) this.loose.splice(this.loose.lastIndexOf(q), 1);
    let [kicker, headline, sub]: (Paragraph | null)[] = [null, null, null];
    if (stack.length === 1) headline = stack[0]!;
    else if (stack.length === 2) {
      if (explainsAbove(stack[0]!.text, stack[1]!.text)) [headline, sub] = stack as [Paragraph, Paragraph];
      else [kicker, headline] = stack as [Paragraph, Paragraph];
    } else [kicker, headline, sub] = stack as [Paragraph, Paragraph, Paragraph];
    piece.headline = headline;
    piece.kicker = kicker;
    piece.subheadline = sub;
    piece.evidence.push(EXPLAIN.headlineByLayout(headline!.lines[0], why));
  }

  /**
   * A notice is signed under its text: the issuing body and the date ("…敬请谅解。" / "后勤服务中心" /
   * "2022年6月9日"). Those lines are the notice's, not titles waiting for a piece.
   */
  signature(p: Paragraph, k: number): boolean {
    const c = this.cur;
    if (!c || c.closed || !c.body.length) return false;
    const next = this.paras[k + 1];
    const isDate = BARE_DATE.test(p.text);
    const beforeDate = !!next && BARE_DATE.test(next.text) && width(p.text) <= 20;
    if (!isDate && !beforeDate) return false;
    c.body.push(p);
    if (isDate) this.close("落款日期", p);
    return true;
  }

  /** A bare name under a headline: a new piece, the titles above as its headline, the name as its byline. */
  author(p: Paragraph, k: number): void {
    const piece = this.start(k, "标题下的作者名");
    // An essay or poem prints its title alone over the name; a title above that one is another piece's
    // (a headline printed under its article), left for attachHeadlines.
    this.takeHeadline(piece, this.titlesAbove(k).slice(-1), "作者名上方的标题");
    this.giveCredit(piece, p);
    // Essays and poems print the writer's bare name under the title; news prints a role ("记者 X").
    piece.kind = "literary";
  }

  credit(p: Paragraph, k: number): void {
    creditLine(this, p, k);
  }

  /** A column label over a run of ▲ briefs ("新闻速递"), given to each brief of the run. */
  briefColumn: string | null = null;

  /** "▲2月3日，…": each brief is a piece of its own, under the column label printed above the first. */
  brief(p: Paragraph, k: number): void {
    const prev = this.paras[k - 1];
    const piece = this.start(k, "简讯符号");
    if (prev && prev.role === "title" && this.loose.at(-1) === prev && width(prev.text) <= 10) {
      this.loose.pop();
      this.briefColumn = prev.text.replace(/\s+/g, "");
    } else if (!(prev && BRIEF_MARK.test(prev.text))) this.briefColumn = null;
    piece.column = this.briefColumn;
    piece.body.push({ ...p, text: p.text.replace(BRIEF_MARK, "") });
  }

  text(p: Paragraph, k: number): void {
    if (BRIEF_MARK.test(p.text)) return this.brief(p, k);
    if (this.reflowedTitle(p, k)) {
      const t: Paragraph = { ...p, role: "title" };
      this.paras[k] = t; // the page now reads this paragraph as a title (titlesAbove, attachHeadlines)
      this.loose.push(t);
      return;
    }
    if (this.nextIs(k, (n) => n.role === "heading" && n.level === 1) && !/[。！？]$/.test(p.text) && width(p.text) <= 40) {
      this.pending.push(p); // a kicker or column line printed above a "# " headline
      return;
    }
    let c = this.cur;
    if (isPhotoText(p.text)) {
      if (!c || c.closed || c.body.length > 0) c = this.start(k, "图片新闻");
      c.kind = "photo";
      const m = execPhotoReport(p.text) ?? execPhotoCredit(p.text)!;
      c.body.push({ ...p, text: p.text.slice(0, m.index).trim() });
      c.bylines.push(p.text.slice(m.index).trim());
      this.close("摄影署名", p);
      return;
    }
    if ((!c || c.closed || c.body.length > 0) && !DATELINE.test(p.text) && this.afterDateStamp(k)) {
      // The e-paper's article page: headline stack, the date stamp, then the text.
      c = this.start(k, "电子版标题和日期戳下的正文");
      this.takeHeadline(c, this.titlesAbove(k), "日期戳上方的标题");
    }
    if (c && !c.closed && c.body.length > 0 && !DATELINE.test(p.text) && this.headlineInPlace(c, k)) {
      // PDF text of a page whose pieces follow each other with no dateline: "…持续涌现。" / "标题" / the text.
      const stack = this.titlesAbove(k);
      c = this.start(k, "原位印出的标题下的正文");
      this.takeHeadline(c, stack, "上一篇结束与本文之间的标题");
    }
    if (c && !c.closed && c.body.length > 0 && !c.headline && this.headlineAfter(c, k)) {
      // Content-order PDF text prints a piece's headline under it: "…的契机。金坚军" / "衢州电力职工…" / next text.
      this.takeHeadline(c, this.titlesAbove(k), "印在文章下方、说的是它的标题");
      // The writer's bare name runs on after the last sentence: "…的契机。金坚军".
      const last = c.body.at(-1)!;
      const name = /[。！？”]([\u4e00-\u9fff]{2,3})$/.exec(last.text);
      if (name && isPersonName(name[1]!)) {
        c.body[c.body.length - 1] = { ...last, text: last.text.slice(0, -name[1]!.length) };
        c.bylines.push(name[1]!);
      }
      this.close("下方印着它的标题", p);
    }
    if (p.verse && c && !c.closed && c.kind !== "literary" && c.body.length > 0 && endsSentence(c.body.at(-1)!.text)) {
      // Content-order PDF text of a literary page: a poem's lines after a finished news piece start the poem.
      c = this.start(k, "上一篇结束后的诗行");
      c.kind = "literary";
    }
    if (c && !c.closed && this.continuesAcrossFurniture(c, k)) {
      // "…尽管目前它处于“寒流”时期" / "本版编辑：某某" / "。因为于我而言…": the sentence goes on after the
      // furniture extraction dropped into it.
      // The joined paragraph is read on as one (a credit at its end still closes the piece).
      const last = c.body.pop()!;
      c.evidence.push(`segment: 第 ${p.lines[0]} 行的文字接续被第 ${last.lines[1] + 1} 行版面杂项截断的句子`);
      p = { ...last, text: joinText(last.text, p.text), lines: [last.lines[0], p.lines[1]] };
    }
    const underHeadline = awaitsBody(c);
    if (DATELINE.test(p.text) && !underHeadline) c = this.start(k, `电头 ${DATELINE.exec(p.text)![0]}`);
    else if (!c || c.closed) {
      const prev = c;
      c = this.start(k, c ? "上一篇结束后的正文" : "第一段正文");
      // "…（张三 李四）" / "升井时分" / the text: the title right above text that follows a finished piece
      // heads it — unless the piece above speaks of it more (a headline printed after its article).
      const stack = this.titlesAbove(k);
      const head = stack.at(-1);
      if (prev && head && head.gapBefore > 0 && !headsNoPiece(head.text) && support(head, this.below(k)) >= support(head, prev.body.slice(-4))) {
        this.takeHeadline(c, [head], "上一篇结束后、紧挨正文上方的标题");
      }
    }
    const db = DATELINE_BYLINE.exec(p.text);
    const dbNames = db?.[2] ?? db?.[3];
    if (dbNames && c.body.length === 0) c.bylines.push(`（${dbNames.trim()}）`);
    const tb = execTrailingByline(p.text) ?? execTrailingCredit(p.text);
    // "中工网讯 （记者张三 通讯员李四）" on a line of its own opens the text below; it closes nothing.
    const opensText = !!tb && c.body.length === 0 && !!dbNames && DATELINE.test(p.text.slice(0, tb.index).trim());
    if (tb && tb.index > 0 && !opensText) {
      c.body.push({ ...p, text: p.text.slice(0, tb.index).trim() });
      c.bylines.push(tb[0].trim());
      // "…我们的青春（东坡煤矿）": a poem or essay signed with the writer's unit alone is filed under it.
      const signedUnit = tb[1]?.trim();
      if (signedUnit && !c.unitLabel && UNIT_LABEL.test(signedUnit) && !isPersonName(signedUnit)) c.unitLabel = signedUnit;
      const writer = /^\s*作者[：:]\s*(?:(\S{2,20})\s+)?/.exec(tb[0]);
      if (writer) {
        // "…人间滚烫作者：某矿分公司 张三": a writer's piece, filed under the unit the credit names.
        c.kind = "literary";
        if (writer[1] && UNIT_LABEL.test(writer[1])) c.unitLabel = writer[1];
      }
      this.close("文末署名", p);
      return;
    }
    c.body.push(p);
  }

  run(): void {
    this.paras.forEach((p, k) => {
      switch (p.role) {
        case "title":
          if (this.signature(p, k)) return;
          this.loose.push(p);
          return;
        case "furniture":
          this.loose.push(p);
          return;
        case "heading":
          return this.heading(p, k);
        case "byline":
          if (!this.cur) { this.loose.push(p); return; }
          this.giveCredit(this.cur, p);
          return this.close("署名", p);
        case "sign":
          if (!this.cur) { this.loose.push(p); return; }
          this.giveCredit(this.cur, p);
          this.cur.kind = "literary";
          return this.close("◆ 署名", p);
        case "credit":
          return this.credit(p, k);
        case "author":
          return this.author(p, k);
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
  // A writer's name or byline whose piece got no text and no headline ("张三" right before a dateline that
  // opened a piece of its own) is unplaced, not lost.
  const orphans = s.pieces.filter((p) => !(p.body.length > 0 || p.headline)).flatMap((p) => s.creditParas.get(p) ?? []);
  const loose = orphans.length ? [...s.loose, ...orphans].sort((a, b) => a.lines[0] - b.lines[0]) : s.loose;
  return {
    ...state,
    paragraphs: s.paras,
    pieces,
    loose,
    explain: [...state.explain, `segment: ${pieces.length} 篇，${s.loose.length} 段未归入`],
  };
}
