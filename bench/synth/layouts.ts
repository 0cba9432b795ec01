/**
 * The five seed layouts, as emitters of raw issue text. Each takes a list of synthetic pieces and lays them
 * out the way the matching seed file is laid out, quirks included, so the parser does the same work on the
 * synthetic archive as on real files.
 */
import { between, headline, paragraph, personName, pick, type Corpus, type Rand } from "./corpus.ts";

export interface Piece {
  headline: string;
  kicker: string | null;
  unit: string;
  authors: string[];
  paragraphs: string[];
  captions: string[];
  kind: "news" | "photo" | "literary";
}

/**
 * Staff: a paper's reporters and correspondents recur from issue to issue. A few write most pieces (the pool is
 * drawn with a square skew towards its head), as on a real masthead; a fresh name for every piece would give a
 * 30k archive 30k author pages, which no real archive has.
 */
export function staffPool(c: Corpus, rand: Rand, size = 400): string[] {
  return Array.from({ length: size }, () => personName(c, rand));
}

function staffer(pool: readonly string[], rand: Rand): string {
  return pool[Math.floor(pool.length * rand() ** 2)]!;
}

export function makePiece(c: Corpus, rand: Rand, staff: readonly string[]): Piece {
  const kind = rand() < 0.1 ? "photo" : rand() < 0.12 ? "literary" : "news";
  const n = kind === "photo" ? 1 : between(rand, 2, 9);
  return {
    headline: headline(c, rand),
    kicker: rand() < 0.3 ? (c.kickers.length && rand() < 0.5 ? pick(rand, c.kickers) : headline(c, rand)) : null,
    unit: pick(rand, c.units),
    authors: Array.from({ length: between(rand, 1, 2) }, () => staffer(staff, rand)),
    paragraphs: Array.from({ length: n }, () => paragraph(c, rand)),
    captions: kind === "news" && rand() < 0.15 ? [paragraph(c, rand).slice(0, 40)] : [],
    kind,
  };
}

/** PDF text: a paragraph broken into lines of about `width` characters, mid-sentence. */
function wrap(text: string, rand: Rand, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const w = width + between(rand, -2, 2);
    lines.push(rest.slice(0, w));
    rest = rest.slice(w);
  }
  return lines;
}

/** The GBK-font punctuation mojibake of seed 000 (， → 袁, 。 → 遥, “…” → 野…冶, （…） → 渊…冤, 、 → 尧, ；→ 曰). */
const MOJIBAKE: Record<string, string> = { "，": "袁", "。": "遥", "“": "野", "”": "冶", "（": "渊", "）": "冤", "、": "尧", "；": "曰", "：": "院" };
function mojibake(text: string): string {
  return text.replace(/[，。“”（）、；：]/g, (ch) => MOJIBAKE[ch]!);
}

/** Seed 000 (劲旅, from the print PDF): 劲旅讯 datelines, （names） bylines, unit + headline printed after the piece. */
export function jinlvIssue(pieces: Piece[], rand: Rand): string {
  const out: string[] = [""];
  for (const p of pieces) {
    const broken = rand() < 0.35;
    const lines: string[] = [];
    if (p.kind === "photo") {
      lines.push(...wrap(`${p.paragraphs[0]}图为员工在现场作业。 摄影报道 ${p.authors.join(" ")}`, rand, 26));
    } else if (p.kind === "literary") {
      for (const para of p.paragraphs) lines.push(...wrap(para, rand, 16), "");
      lines.push(`荫 ${p.authors[0]}`);
    } else {
      p.paragraphs.forEach((para, i) => lines.push(...wrap(i === 0 ? `劲旅讯 ${para}` : para, rand, 22), ""));
      lines.push(`（${p.authors.join(" ")}）`);
      lines.push(p.unit, p.headline);
    }
    out.push(...(broken ? lines.map(mojibake) : lines), "");
  }
  out.push("中铝山西新材料有限公司党委 主 管 党委工作部 主 办");
  return out.join("\n");
}

/** Seed 001 (industry paper PDF): a blank line after every line, headlines before the body, （name） bylines. */
export function hangyeIssue(pieces: Piece[], rand: Rand): string {
  const lines: string[] = [];
  for (const p of pieces) {
    if (p.kicker) lines.push(p.kicker);
    lines.push(...wrap(p.headline, rand, 12));
    p.paragraphs.forEach((para, i) => {
      const wrapped = wrap(para, rand, 17);
      if (i === p.paragraphs.length - 1) wrapped[wrapped.length - 1] += ` （${p.authors.join(" ")}）`;
      lines.push(...wrapped);
    });
  }
  return lines.join("\n\n") + "\n";
}

/** Seed 002 (a scraped web page): site chrome, a meta line with the date, one article, keyword footers. */
export function webIssue(p: Piece, date: string): string {
  return [
    "网站首页 | 新闻中心 | 工会动态 | 联系我们",
    "地址：某市某区某路 1 号 电话：0000-00000000",
    p.headline,
    `来源:工会新闻网 点击:${p.paragraphs.length * 37} 时间:${date}`,
    `本文摘要:${p.paragraphs[0]!.slice(0, 40)}`,
    ...p.paragraphs,
    `关键词:${p.unit}`,
    "版权所有 © 工会新闻网",
  ].join("\n");
}

/** Seed 003 (OCR, markdown-ish): ## kicker, # headline, 本报记者 bylines, some hard-wrapped paragraphs, 摄 captions. */
export function gonghuiIssue(pieces: Piece[], rand: Rand): string {
  const lines: string[] = [""];
  for (const p of pieces) {
    if (p.kicker) lines.push(`## ${p.kicker}`, "");
    lines.push(`# ${p.headline}`, "");
    if (p.kind === "photo") {
      lines.push(`${p.paragraphs[0]} ${p.authors[0]} 摄`, "");
      continue;
    }
    lines.push(p.authors.length > 1 ? `本报记者 ${p.authors[0]} 本报通讯员 ${p.authors[1]}` : `本报讯 (记者${p.authors[0]})`, "");
    for (const para of p.paragraphs) {
      if (rand() < 0.3) lines.push(...wrap(para, rand, 20).flatMap((l) => [l, ""]));
      else lines.push(para, "");
    }
    for (const cap of p.captions) lines.push(`${cap} ${p.authors[0]} 摄`, "");
  }
  return lines.join("\n");
}

/** Seed 004 (OCR feature page): # headline, ## in-body subheads, byline 记者 X 通讯员 Y at the end, a caption run. */
export function taiyuanIssue(pieces: Piece[], rand: Rand): string {
  const lines: string[] = [""];
  const captions: string[] = [];
  for (const p of pieces) {
    lines.push(`# ${p.headline}`, "");
    p.paragraphs.forEach((para, i) => {
      // An in-body subhead: a short phrase, as 004's 技能提升“竞技场”.
      if (i > 0 && i % 3 === 0) lines.push(`## ${para.slice(0, between(rand, 5, 9)).replace(/[，。、：；“”（）]/g, "")}`, "");
      lines.push(para, "");
    });
    lines.push(p.authors.length > 1 ? `记者 ${p.authors[0]} 通讯员 ${p.authors[1]}` : `记者 ${p.authors[0]}`, "");
    captions.push(...p.captions.map((c) => `${c} ${p.authors[0]} 摄`));
  }
  for (const c of captions) lines.push("", "", c, "");
  return lines.join("\n");
}
