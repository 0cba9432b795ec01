/**
 * Words readers see for things the parser names in English or leaves empty: article kinds, reasons for
 * unplaced text, and a stand-in title for pieces printed without a headline.
 */
import type { ArticleKind, ArticleRecord, AuthorRole } from "../types.ts";

export const KIND_LABELS: Record<ArticleKind, string> = { news: "消息", photo: "图片", literary: "文艺", notice: "启事" };
/** Kinds in the order the kinds index lists them: the ones readers browse on their own first. */
export const KIND_ORDER: ArticleKind[] = ["literary", "photo", "notice", "news"];
/** What a kind's page is about, one line under its title. */
export const KIND_NOTES: Record<ArticleKind, string> = {
  news: "消息、通讯、综述等新闻报道。",
  photo: "以图片为主的稿件：图片新闻、摄影报道，正文多为图片说明。",
  literary: "散文、诗歌、征文等文艺作品（多以 ◆ 署名）。",
  notice: "启事、公告、通知。",
};
/** Credit roles as a byline prints them: 本报记者 刘旭, 通讯员 宋昕泽, 张涛 摄. */
export const ROLE_LABELS: Record<AuthorRole, string> = { writer: "作者", reporter: "记者", correspondent: "通讯员", photographer: "摄影" };
export const ROLE_ORDER: AuthorRole[] = ["reporter", "correspondent", "writer", "photographer"];
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
  furniture: "版面装饰（编辑标注）",
  "replaced by correction": "被更正替换的原标题",
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
