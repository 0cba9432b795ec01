/**
 * The shape of the data the templates see (`site.*` in Nunjucks). Everything is plain, acyclic JSON-like data:
 * Eleventy merges global data into every page, and cross-links are URLs, not object references.
 */
import type { RetiredArticle } from "./retired-pages.ts";
import type { ArticleKind, AuthorRole, LineRange, UnplacedText } from "../types.ts";

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
  /**
   * 编者加 / 编者改 when the headline was set by a corrections file (public-notes.ts), else null. Shown on the
   * article page and in its issue's table of contents; other lists may leave it out.
   */
  titleMark?: string | null;
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

/** A credited person on an article page, linked to their author page. */
export interface CreditLink {
  name: string;
  url: string;
  role: AuthorRole;
  roleLabel: string;
}

/** The byline as printed, cut into plain text and linked names: "本报记者 " + [刘旭] + " 本报通讯员 " + [宋昕泽]. */
export interface BylinePart {
  text: string;
  url: string | null;
}

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
  /** The variant the parser read, when the unit alias table mapped it to `unit`. */
  unitAsPrinted: string | null;
  columnUrl: string | null;
  kindUrl: string;
  credits: CreditLink[];
  /** `byline` with each credited name linked; empty when there is no printed byline. */
  bylineParts: BylinePart[];
  /** Credited people the printed byline does not name (a photographer credited in a caption). */
  bylineExtra: CreditLink[];
  /** GB/T 7714 style reference without its URL (the page adds the URL): 刘旭, 宋昕泽. 标题[N/OL]. 工会报, 2026-01. */
  citation: string;
  /** The cited people, each once, in credit order: one citation_author meta tag each, and the JSON-LD authors. */
  citationAuthors: string[];
  /** The date is the issue's, inferred from its text (issueDateSource "inferred"): shown with 推断. */
  dateInferred: boolean;
  /** Kicker, subheadline and unit set by a corrections file: 编者加 / 编者改 (the headline's is `titleMark`). */
  marks: { kicker?: string; subheadline?: string; unit?: string };
  /** The start of the text (~100 characters), for the meta description and link previews. */
  description: string;
  /** The paper's publisher (paper.yaml), for the JSON-LD block. */
  paperPublisher: string | null;
  /** Other articles of the same unit, newest first (at most 5). */
  sameUnit: ArticleSummary[];
  /** Articles sharing rare words with this one (related.ts), best first, none of them in `sameUnit`. */
  related: ArticleSummary[];
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
  /** The paper's calendar page for the issue's year, or null for an undated issue. */
  yearUrl: string | null;
  yearLabel: string | null;
  toc: ArticleSummary[];
  /**
   * The unplaced text the issue page shows, with a Chinese label: the paper's own text and print furniture. A
   * scraped page's chrome and editor-dropped furniture are left out (public-notes.ts) and only counted in
   * `hiddenUnplaced`; all of it stays in the record, the data files and /report/. The parser's warnings are not
   * here at all: they are for editors (/report/, `baokan check`).
   */
  unplaced: (UnplacedText & { reasonLabel: string })[];
  hiddenUnplaced: number;
  /** One Chinese line on the text's quality where it matters (本期文字由版面 PDF 提取…), or null. */
  note: string | null;
  /** The issue's record in the open data: /data/issues/<paper>/<key>.json. */
  recordUrl: string;
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
  /** Year × month issue counts, newest year first, each linking to the paper's calendar for that year. */
  years: YearStrip[];
  undated: IssueSummary[];
  /** Kinds other than news with counts, linking to /kinds/<kind>/<paper>/. */
  kinds: KindCount[];
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
  /** Other spellings the parser read that the alias table maps to this unit (also printed as…). */
  variants: string[];
  /** Newest first. */
  articles: ArticleSummary[];
  papers: UnitInPaper[];
  /** The unit this one is part of (site-units.ts unitParents: 电解厂 for 电解厂电解四车间党支部), or null. */
  parent: string | null;
  /** Its direct sub-units, by name. */
  subunits: string[];
}

/** A unit in a list of units, with its sub-units under it (the units index nests them; a unit page lists them). */
export interface UnitRow {
  name: string;
  url: string;
  count: number;
  subunits: UnitRow[];
}

/* ───────────────────────── Long lists: units, authors, kinds, columns, paged ───────────────────────── */

/**
 * One page of a long article list (site-lists.ts `paginate`): the newest articles at the list's own URL (block 0),
 * older ones in blocks of a fixed size counted from the oldest at `<listUrl><k>/`. Nothing on a block page may
 * change when newer articles are added — that is what lets an incremental build leave it alone — so whole-list
 * counts are in `totals`, set on the newest page only.
 */
export interface ListPage<H, T, I = ArticleSummary> {
  url: string;
  /** The list's own URL, where its newest articles are. */
  listUrl: string;
  /** 0 on the newest page; k ≥ 1 for the k-th block counted from the oldest (1 = the oldest articles). */
  block: number;
  /** Positions of this page's oldest and newest item counted from the list's oldest article (1): "第 101–200 篇". */
  from: number;
  to: number;
  /** The dates the page covers: "2019年3月—2019年7月". */
  span: string;
  /** Newest first. */
  items: I[];
  /** The page of newer articles (rel=prev, labelled with its date span, or 最新的文章 for the newest page) and older. */
  newer: Link | null;
  older: Link | null;
  /** What the list is of: names and links that do not change as the list grows. */
  head: H;
  /** Counts and other whole-list facts: on the newest page only, null on block pages. */
  totals: T | null;
}

export interface UnitHead {
  name: string;
  slug: string;
  url: string;
}

export interface UnitTotals {
  count: number;
  /** Other spellings the parser read that the alias table maps to this unit (也作). */
  variants: string[];
  papers: { paper: string; paperName: string; count: number }[];
  /** The unit this one is part of, or null. */
  parent: { name: string; url: string } | null;
  /** Its sub-units, nested; their articles are not in this list's pages but in `subArticles`. */
  subunits: UnitRow[];
  /** How many articles its sub-units (at any depth) have, and the newest of them. */
  subCount: number;
  subArticles: ArticleSummary[];
}

export interface RoleCount {
  role: AuthorRole;
  label: string;
  count: number;
}

export interface AuthorArticle extends ArticleSummary {
  /** This person's role(s) on this piece: 记者, or 记者、摄影. */
  roleLabel: string;
}

export interface AuthorHead {
  name: string;
  slug: string;
  url: string;
}

export interface AuthorTotals {
  count: number;
  roles: RoleCount[];
  papers: { paper: string; paperName: string; count: number }[];
}

export interface SiteAuthor extends AuthorHead, AuthorTotals {
  /** Newest first. */
  articles: AuthorArticle[];
}

export interface PaperAuthors {
  paper: string;
  paperName: string;
  /** In pinyin order (zh-CN collation): an index is for finding a name. */
  authors: { name: string; url: string; count: number; roles: string }[];
}

export interface KindCount {
  kind: ArticleKind;
  label: string;
  count: number;
  url: string;
}

export interface KindHead {
  kind: ArticleKind;
  label: string;
  note: string;
  /** The whole-archive page of this kind. */
  kindUrl: string;
  /** Set on a per-paper page. */
  paper: string | null;
  paperName: string | null;
}

export interface KindTotals {
  /** How many articles the whole-archive list has, and this page's list (the same on the whole-archive page). */
  kindCount: number;
  count: number;
  /** Every paper with articles of this kind, for switching between them. */
  papers: { paper: string; paperName: string; count: number; url: string }[];
}

export interface ColumnHead {
  name: string;
  slug: string;
  url: string;
}

export interface ColumnTotals {
  count: number;
  papers: { paper: string; paperName: string; count: number }[];
}

/** A column in the columns index. */
export type ColumnRow = ColumnHead & ColumnTotals;

export interface KindIndexRow extends KindCount {
  note: string;
  papers: { paper: string; paperName: string; count: number; url: string }[];
}

/* ───────────────────────── Dates: calendars ───────────────────────── */

/** An issue as a calendar lists it. */
export interface DateIssue {
  url: string;
  paper: string;
  paperName: string;
  /** 第二版 or null. */
  page: string | null;
  dateLabel: string;
  articleCount: number;
}

/** A day cell; `url` is the issue when there is exactly one, else the day's entry in the list below the grid. */
export interface CalendarDay {
  day: number;
  date: string;
  count: number;
  url: string | null;
  label: string;
}

export interface CalendarMonth {
  /** 2024-01 */
  key: string;
  month: number;
  label: string;
  /** Rows of seven, Monday first; null pads the first and last week. */
  weeks: (CalendarDay | null)[][];
  /** Day-dated issues grouped by day, for the list under the grid (and screen readers). */
  days: { date: string; anchor: string; label: string; issues: DateIssue[] }[];
  /** Issues known only to the month (an inferred 2024-01): never placed on day 1. */
  monthOnly: DateIssue[];
  issueCount: number;
}

export interface YearStrip {
  year: string;
  url: string;
  total: number;
  /** Twelve entries; `url` null for a month without issues. */
  months: { month: number; label: string; count: number; url: string | null }[];
}

export interface YearPage {
  url: string;
  year: string;
  /** null on the all-papers year page. */
  paper: string | null;
  paperName: string | null;
  paperUrl: string | null;
  issueCount: number;
  strip: YearStrip;
  /** Months with issues only. */
  months: CalendarMonth[];
  prev: Link | null;
  next: Link | null;
  /** From a paper's year page, the all-papers page of the same year (and back). */
  allPapersUrl: string;
  /** On the all-papers page: each paper's page for the year. */
  papers: { paper: string; paperName: string; count: number; url: string }[];
}

export interface DateIndex {
  years: YearStrip[];
  /** One row of strips per paper, for the paper-by-paper overview. */
  byPaper: { paper: string; paperName: string; paperUrl: string; years: YearStrip[]; undated: DateIssue[] }[];
  undated: DateIssue[];
}

export interface PaperUnits {
  paper: string;
  paperName: string;
  /** The paper's units, each sub-unit under its nearest ancestor that the paper also has; counts are this paper's. */
  units: UnitRow[];
}

export interface SiteData {
  papers: SitePaper[];
  issues: SiteIssue[];
  articles: SiteArticle[];
  /** Article numbers that no article holds any more: a small page each, saying where the text went. */
  retiredArticles: RetiredArticle[];
  units: SiteUnit[];
  unitsByPaper: PaperUnits[];
  unitPages: ListPage<UnitHead, UnitTotals>[];
  authors: SiteAuthor[];
  authorsByPaper: PaperAuthors[];
  authorPages: ListPage<AuthorHead, AuthorTotals, AuthorArticle>[];
  kinds: KindIndexRow[];
  kindPages: ListPage<KindHead, KindTotals>[];
  columns: ColumnRow[];
  columnPages: ListPage<ColumnHead, ColumnTotals>[];
  dates: DateIndex;
  yearPages: YearPage[];
  totals: { papers: number; issues: number; articles: number; units: number; authors: number; columns: number; unplaced: number };
  /** Pagefind filter values, for the search page's legend. */
  years: string[];
}
