/**
 * Words readers see for things the parser names in English or leaves empty: article kinds (from messages.ts,
 * which also labels the reasons for unplaced text), and a stand-in title for pieces printed without a headline.
 */
import { KIND_LABELS, ROLE_LABELS } from "../messages.ts";
import type { ArticleKind, ArticleRecord, AuthorRole } from "../types.ts";

// One word for each kind and role, in the CLI as on the site: the table is messages.ts.
export { KIND_LABELS, ROLE_LABELS };
/** Kinds in the order the kinds index lists them: the ones readers browse on their own first. */
export const KIND_ORDER: ArticleKind[] = ["literary", "photo", "notice", "news"];
/** What a kind's page is about, one line under its title. */
export const KIND_NOTES: Record<ArticleKind, string> = {
  news: "消息、通讯、综述等新闻报道。",
  photo: "以图片为主的稿件：图片新闻、摄影报道，正文多为图片说明。",
  literary: "散文、诗歌、征文等文艺作品（多以 ◆ 署名）。",
  notice: "启事、公告、通知。",
};
export const ROLE_ORDER: AuthorRole[] = ["reporter", "correspondent", "writer", "photographer"];
const UNTITLED_CHARS = 24;
/** A headline-less piece is listed by the start of its text; `untitled` lets templates mark it 无标题. */
export function displayTitle(article: Pick<ArticleRecord, "headline" | "body" | "captions">): { title: string; untitled: boolean } {
  const headline = article.headline?.trim();
  if (headline) return { title: headline, untitled: false };
  const text = (article.body.find((p) => p.trim()) ?? article.captions[0] ?? "").replace(/\s+/g, " ").trim();
  if (!text) return { title: "无标题", untitled: true };
  const chars = Array.from(text); // by code point, so a 𠮷 is never cut in half
  return { title: chars.length > UNTITLED_CHARS ? `${chars.slice(0, UNTITLED_CHARS).join("").trimEnd()}…` : text, untitled: true };
}
