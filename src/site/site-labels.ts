/**
 * Words readers see for things the parser names in English or leaves empty: article kinds, reasons for
 * unplaced text, and a stand-in title for pieces printed without a headline.
 */
import type { ArticleKind, ArticleRecord } from "../types.ts";

export const KIND_LABELS: Record<ArticleKind, string> = { news: "消息", photo: "图片", literary: "文艺", notice: "启事" };
const UNTITLED_CHARS = 24;
/** The parser's reasons for unplaced text are English identifiers; readers get Chinese, editors still see the key. */
export const UNPLACED_REASONS: Record<string, string> = {
  masthead: "报头",
  "site chrome": "网页框架",
  "site navigation": "网站导航",
  "web page footer": "网页页脚",
  "web page meta line": "网页信息行",
  "title line that matched no article": "未对应文章的标题",
  "text outside any article": "文章之外的文字",
};

/** A headline-less piece is listed by the start of its text; `untitled` lets templates mark it 无标题. */
export function displayTitle(article: Pick<ArticleRecord, "headline" | "body" | "captions">): { title: string; untitled: boolean } {
  const headline = article.headline?.trim();
  if (headline) return { title: headline, untitled: false };
  const text = (article.body.find((p) => p.trim()) ?? article.captions[0] ?? "").replace(/\s+/g, " ").trim();
  if (!text) return { title: "无标题", untitled: true };
  const chars = Array.from(text); // by code point, so a 𠮷 is never cut in half
  return { title: chars.length > UNTITLED_CHARS ? `${chars.slice(0, UNTITLED_CHARS).join("").trimEnd()}…` : text, untitled: true };
}
