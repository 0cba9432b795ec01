/**
 * The pages of article numbers no article holds any more (content/article-ledger.ts keeps them): one small page
 * per number at its old address, templates/retired.njk. Never a search record, a sitemap entry or a feed entry.
 */
import type { RetiredNumber } from "../content/article-ledger.ts";
import { articleNumber } from "./site-keys.ts";
import type { Link, SiteArticle } from "./site-types.ts";

/**
 * The page at an article number that no article holds any more (article-ledger.ts): its text was merged into
 * another article (`into`), or is no longer in the issue. Not a search result, not in the sitemap or the feeds.
 */
export interface RetiredArticle {
  url: string;
  number: string;
  state: "merged" | "removed";
  /** The headline or first words the number last held. */
  title: string;
  /** The article that holds its text now (merged), else null. */
  into: Link | null;
  issueUrl: string;
  issueDateLabel: string;
  paperName: string;
  paperUrl: string;
}

/** The pages of an issue's retired numbers: each links the article that holds its text now, or the issue. */
export function retiredPages(
  list: readonly RetiredNumber[], its: readonly SiteArticle[], issueUrl: string, issueDateLabel: string, paperName: string, paperUrl: string,
): RetiredArticle[] {
  const byIndex = new Map(its.map((a) => [a.index, a]));
  return list.map((r) => {
    const into = r.into !== null ? byIndex.get(r.into) : undefined;
    const number = articleNumber(r.n);
    return {
      url: `${issueUrl}${number}/`, number, state: into ? "merged" : "removed", title: r.title,
      into: into ? { url: into.url, label: into.title } : null,
      issueUrl, issueDateLabel, paperName, paperUrl,
    };
  });
}
