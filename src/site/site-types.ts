/**
 * The shape of the data the templates see (`site.*` in Nunjucks). Everything is plain, acyclic JSON-like data:
 * Eleventy merges global data into every page, and cross-links are URLs, not object references.
 */
import type { ArticleKind, LineRange, UnplacedText, Warning } from "../types.ts";

export interface Link {
  url: string;
  label: string;
}

/** One line of an issue's table of contents, a unit page or a paper's latest list. */
export interface ArticleSummary {
  url: string;
  title: string;
  /** True when `title` was made from the body because the piece has no headline (styled as 无标题). */
  untitled: boolean;
  unit: string | null;
  unitUrl: string | null;
  authors: string[];
  kind: ArticleKind;
  kindLabel: string;
  date: string | null;
  dateLabel: string;
  sortDate: string;
  paper: string;
  paperName: string;
  issueUrl: string;
}

export type BodyBlock = { type: "p" | "h2"; text: string };

export interface SiteArticle extends ArticleSummary {
  index: number;
  number: string;
  issueKey: string;
  issueDateLabel: string;
  paperUrl: string;
  year: string | null;
  headline: string | null;
  kicker: string | null;
  subheadline: string | null;
  column: string | null;
  byline: string | null;
  dateline: string | null;
  blocks: BodyBlock[];
  captions: string[];
  sourceFile: string;
  sourceLines: LineRange[];
  prev: Link | null;
  next: Link | null;
}

export interface SiteIssue {
  key: string;
  url: string;
  paper: string;
  paperName: string;
  paperUrl: string;
  date: string | null;
  dateLabel: string;
  dateInferred: boolean;
  page: string | null;
  file: string;
  articleCount: number;
  toc: ArticleSummary[];
  unplaced: (UnplacedText & { reasonLabel: string })[];
  warnings: Warning[];
  mojibakeRepaired: number;
  prev: Link | null;
  next: Link | null;
}

export interface IssueSummary {
  url: string;
  key: string;
  date: string | null;
  dateLabel: string;
  page: string | null;
  articleCount: number;
}

export interface SitePaper {
  slug: string;
  url: string;
  name: string;
  publisher: string | null;
  description: string | null;
  issueCount: number;
  articleCount: number;
  firstDate: string | null;
  lastDate: string | null;
  dateRangeLabel: string;
  /** Oldest first, the order of a bound volume. */
  issues: IssueSummary[];
  /** Newest first, for the home page. */
  latestIssues: IssueSummary[];
}

export interface UnitInPaper {
  paper: string;
  paperName: string;
  count: number;
  articles: ArticleSummary[];
}

export interface SiteUnit {
  name: string;
  slug: string;
  url: string;
  count: number;
  /** Newest first. */
  articles: ArticleSummary[];
  papers: UnitInPaper[];
}

export interface PaperUnits {
  paper: string;
  paperName: string;
  units: { name: string; url: string; count: number }[];
}

export interface SiteData {
  papers: SitePaper[];
  issues: SiteIssue[];
  articles: SiteArticle[];
  units: SiteUnit[];
  unitsByPaper: PaperUnits[];
  totals: { papers: number; issues: number; articles: number; units: number; unplaced: number };
  /** Pagefind filter values, for the search page's legend. */
  years: string[];
}
