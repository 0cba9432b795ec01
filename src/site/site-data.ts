/**
 * Archive → the data the templates render. Pure: the same archive always gives the same URLs.
 *
 * URL rule. Every URL is made from names the editor controls (paper folder, issue date and page, unit, column
 * and person names), never from parse order or from which other files exist, so re-parsing an issue or adding
 * another one changes no existing URL. The only exceptions are spelled out below (a shared key, a reserved name).
 *   paper        /<paper>/                         the paper folder name (a reserved or all-digit name: paper-<name>)
 *   issue        /<paper>/<issue-key>/             issue-key = issueDate[-page] (2024-04-25, 2024-04-25-p3,
 *                                                  2024-01 when only the month is known), or the file stem when undated
 *   article      /<paper>/<issue-key>/<nn>/        nn = the article's permanent number in its issue, at least 2 digits
 *   dates        /dates/  /dates/<yyyy>/           all papers: year × month overview, then a year's calendars
 *                /dates/<yyyy>/<paper>/            one paper's calendars for a year (linked from the paper page)
 *   units        /units/  /units/u-<hex>/          hex = 8 hex digits of sha1(unit name) (site-keys.ts)
 *   authors      /authors/  /authors/a-<hex>/      hex = 8 hex digits of sha1(person's name)
 *   kinds        /kinds/  /kinds/<kind>/           kind = news | photo | literary | notice
 *                /kinds/<kind>/<paper>/            one paper's pieces of that kind
 *   columns      /columns/  /columns/c-<hex>/      hex = 8 hex digits of sha1(column label)
 *   long lists   <list-url><n>/                    page n ≥ 2 of a unit, author, kind or column list (100 a page)
 * Two issues of one paper that would share a key (an inferred date shared by two undated files, say) both get
 * their file stem appended, so neither key depends on which file happens to sort first. Names are hashed, not
 * transliterated, so URLs stay ASCII; two names with colliding hashes would move that whole set to longer ones.
 * Article numbers are permanent: each issue file's ledger (content/<paper>/<stem>.ids.yaml, content/article-ledger.ts)
 * gives every article a number once and finds it again by its text on every build, however the parser or a
 * correction cuts the issue; a new article takes a new number, a number is never given to another text. A number
 * whose text was merged into another article, or is gone, keeps a page saying so (retiredArticles).
 */
import type { Archive, ArticleKind, ArticleRecord, IssueRecord, PaperInfo } from "../types.ts";
import type { RetiredNumber } from "../content/article-ledger.ts";
import { buildAuthors, creditLinks, creditsOf } from "./site-authors.ts";
import { linkByline } from "./byline-links.ts";
import { citation } from "./citation.ts";
import { buildDates, yearUrl } from "./site-dates.ts";
import { buildColumns, buildKinds, columnSlugs, kindUrl } from "./site-kinds.ts";
import { displayTitle, KIND_LABELS } from "./site-labels.ts";
import { articleDescription, editorMarks, isHiddenFurniture, issueNote, unplacedLabel, type EditorMarks } from "./public-notes.ts";
import { issueJsonPath } from "./data-out.ts";
import { relatedArticles } from "./related.ts";
import { articleNumber, assignSlugs, authorSlug, fileStemKey, formatDate, issueKey, paperUrlSlug, sortDate, yearOf } from "./site-keys.ts";
import { buildUnits, unitSlugs as makeUnitSlugs } from "./site-units.ts";
import { newestFirst } from "./site-lists.ts";
import type { ArticleSummary, IssueSummary, SiteArticle, SiteData, SiteIssue, SitePaper } from "./site-types.ts";
import { retiredPages, type RetiredArticle } from "./retired-pages.ts";

/** Shared by every article no correction touched (most of them): no object per article for nothing. */
const NO_MARKS: SiteArticle["marks"] = Object.freeze({});

function articleMarks(m: EditorMarks | undefined): SiteArticle["marks"] {
  if (!m || !(m.kicker || m.subheadline || m.unit)) return NO_MARKS;
  return { ...(m.kicker ? { kicker: m.kicker } : {}), ...(m.subheadline ? { subheadline: m.subheadline } : {}), ...(m.unit ? { unit: m.unit } : {}) };
}

const LOOSE_PAPER: PaperInfo = { slug: "loose", name: "未归类", publisher: null, description: null };
const SAME_UNIT = 5;
const RELATED = 5;

function byDateThenFile(a: IssueRecord, b: IssueRecord): number {
  // Undated issues go last; YYYY-MM sorts before YYYY-MM-DD of the same month, which is the honest order.
  const da = a.issueDate ?? "9999";
  const db = b.issueDate ?? "9999";
  return da < db ? -1 : da > db ? 1 : (a.page ?? "").localeCompare(b.page ?? "") || a.file.localeCompare(b.file);
}

function assignIssueKeys(issues: IssueRecord[]): Map<IssueRecord, string> {
  const keys = new Map<IssueRecord, string>();
  const byKey = new Map<string, IssueRecord[]>();
  for (const issue of issues) {
    const k = `${issue.paper}/${issueKey(issue)}`;
    const group = byKey.get(k);
    if (group) group.push(issue);
    else byKey.set(k, [issue]);
  }
  for (const group of byKey.values()) {
    for (const issue of group) {
      const base = issueKey(issue);
      const stem = fileStemKey(issue.file);
      keys.set(issue, group.length === 1 ? base : base === stem ? stem : `${base}-${stem}`);
    }
  }
  return keys;
}

function issueSummary(issue: SiteIssue): IssueSummary {
  const { url, key, date, dateLabel, page, articleCount } = issue;
  return { url, key, date, dateLabel, page, articleCount };
}

function summarize(a: SiteArticle): ArticleSummary {
  const { url, title, untitled, titleMark, unit, unitUrl, authors, kind, kindLabel, date, dateLabel, sortDate: sd, paper, paperName, issueUrl } = a;
  return { url, title, untitled, titleMark, unit, unitUrl, authors, kind, kindLabel, date, dateLabel, sortDate: sd, paper, paperName, issueUrl };
}

/**
 * The strings many articles share — a unit's, column's or person's URL, a date's labels — made once per value
 * instead of once per article: at 3,792 articles a heap snapshot held 9,241 surplus copies of date labels and
 * 3,102 of author-page URLs.
 */
class Shared {
  private readonly dates = new Map<string, { label: string; sort: string; year: string | null }>();
  readonly unitUrls: Map<string, string>;
  readonly columnUrls: Map<string, string>;
  readonly authorUrls: Map<string, string>;
  readonly kindUrls = new Map<string, string>();

  constructor(units: Map<string, string>, authors: Map<string, string>, columns: Map<string, string>) {
    this.unitUrls = new Map([...units].map(([name, slug]) => [name, `/units/${slug}/`]));
    this.columnUrls = new Map([...columns].map(([name, slug]) => [name, `/columns/${slug}/`]));
    this.authorUrls = new Map([...authors].map(([name, slug]) => [name, `/authors/${slug}/`]));
  }

  date(date: string | null): { label: string; sort: string; year: string | null } {
    const key = date ?? "";
    let d = this.dates.get(key);
    if (!d) this.dates.set(key, (d = { label: formatDate(date), sort: sortDate(date), year: yearOf(date) }));
    return d;
  }

  kindUrl(kind: ArticleKind): string {
    let url = this.kindUrls.get(kind);
    if (!url) this.kindUrls.set(kind, (url = kindUrl(kind)));
    return url;
  }
}

/** What every article of one issue shares. */
interface IssueContext {
  issue: IssueRecord;
  key: string;
  url: string;
  dateLabel: string;
  paper: PaperInfo;
  paperUrl: string;
  /** Fields set by the issue's corrections file, by article index. */
  marks: Map<number, EditorMarks>;
}

function buildArticle(rec: ArticleRecord, ctx: IssueContext, shared: Shared): SiteArticle {
  const { issue, paper } = ctx;
  const number = articleNumber(rec.index);
  const date = rec.date ?? issue.issueDate;
  const d = shared.date(date);
  const unit = rec.unit?.trim() || null;
  const column = rec.column?.trim() || null;
  const subheads = new Set(rec.subheads);
  const shown = displayTitle(rec);
  const credits = creditLinks(creditsOf(rec), shared.authorUrls);
  const byline = linkByline(rec.byline, credits);
  const names = [...new Set(credits.map((c) => c.name))];
  const marks = ctx.marks.get(rec.index);
  // Spelled out rather than `{ ...shown, url, … }`: V8 builds a literal that extends a spread through a slow
  // path, ~100 µs an article with this many fields (about 4 s of page data at 37,645 articles).
  return {
    title: shown.title,
    untitled: shown.untitled,
    titleMark: (!shown.untitled && marks?.headline) || null,
    url: `${ctx.url}${number}/`,
    index: rec.index,
    number,
    issueKey: ctx.key,
    issueUrl: ctx.url,
    issueDateLabel: ctx.dateLabel,
    paper: paper.slug,
    paperName: paper.name,
    paperUrl: ctx.paperUrl,
    unit,
    unitUrl: unit ? shared.unitUrls.get(unit)! : null,
    unitAsPrinted: rec.unitAsPrinted?.trim() && rec.unitAsPrinted.trim() !== unit ? rec.unitAsPrinted.trim() : null,
    authors: rec.authors,
    kind: rec.kind,
    kindLabel: KIND_LABELS[rec.kind] ?? rec.kind,
    kindUrl: shared.kindUrl(rec.kind),
    date,
    dateLabel: d.label,
    sortDate: d.sort,
    year: d.year,
    headline: rec.headline,
    kicker: rec.kicker,
    subheadline: rec.subheadline,
    column,
    columnUrl: column ? shared.columnUrls.get(column)! : null,
    byline: rec.byline,
    bylineParts: byline.parts,
    bylineExtra: byline.extra,
    credits,
    dateline: rec.dateline,
    blocks: rec.body.map((text, i) => ({ type: subheads.has(i) ? "h2" : "p", text })),
    captions: rec.captions,
    sourceFile: rec.source.file,
    sourceLines: rec.source.lines,
    citation: citation({ names, title: shown.title, untitled: shown.untitled, paperName: paper.name, date, page: issue.page }),
    citationAuthors: names,
    dateInferred: issue.issueDateSource === "inferred" && date === issue.issueDate,
    marks: articleMarks(marks),
    description: articleDescription(rec),
    paperPublisher: paper.publisher,
    prev: null,
    next: null,
    sameUnit: [],
    related: [],
  };
}

/**
 * "More from this unit": the unit's articles nearest in time to this one (its neighbours in the unit's
 * newest-first list), newest first. A 2020 piece gets 2019–2021 neighbours, not the five latest of 2024.
 */
function nearestInUnit(url: string, unit: { list: ArticleSummary[]; pos: Map<string, number> }): ArticleSummary[] {
  const p = unit.pos.get(url)!;
  const from = Math.max(0, Math.min(p - Math.ceil(SAME_UNIT / 2), unit.list.length - SAME_UNIT - 1));
  return unit.list.slice(from, from + SAME_UNIT + 1).filter((s) => s.url !== url).slice(0, SAME_UNIT);
}

/** The text related.ts compares: what the article says, not its furniture (byline, unit label, date). */
export function relatedText(rec: ArticleRecord): string {
  return [rec.kicker, rec.headline, rec.subheadline, ...rec.body, ...rec.captions].filter(Boolean).join("\n");
}

export { displayTitle };

export function buildSiteData(archive: Archive & { retired?: ReadonlyMap<IssueRecord, readonly RetiredNumber[]> }): SiteData {
  const papers = [...archive.papers];
  if (archive.issues.some((i) => !i.paper || !papers.some((p) => p.slug === i.paper))) papers.push(LOOSE_PAPER);
  const paperOf = (i: IssueRecord) => papers.find((p) => p.slug === i.paper) ?? LOOSE_PAPER;
  const paperUrl = new Map(papers.map((p) => [p.slug, `/${paperUrlSlug(p.slug)}/`]));
  const sorted = [...archive.issues].sort(byDateThenFile);
  const keys = assignIssueKeys(sorted);
  const records = sorted.flatMap((i) => i.articles);
  const shared = new Shared(
    makeUnitSlugs(records),
    assignSlugs(records.flatMap((a) => creditsOf(a).map((c) => c.name)), authorSlug),
    columnSlugs(records),
  );

  const issues: SiteIssue[] = [];
  const articles: SiteArticle[] = [];
  const retiredArticles: RetiredArticle[] = [];
  const texts: string[] = [];
  for (const rec of sorted) {
    const paper = paperOf(rec);
    const pUrl = paperUrl.get(paper.slug)!;
    const key = keys.get(rec)!;
    // Reading order, as the record lists them: a permanent number says nothing about where an article stands.
    const recs = rec.articles;
    const ctx: IssueContext = {
      issue: rec, key, url: `${pUrl}${key}/`, dateLabel: formatDate(rec.issueDate) + (rec.page ? ` ${rec.page}` : ""), paper, paperUrl: pUrl,
      marks: editorMarks(rec),
    };
    const its = recs.map((a) => buildArticle(a, ctx, shared));
    its.forEach((a, i) => {
      const prev = its[i - 1];
      const next = its[i + 1];
      a.prev = prev ? { url: prev.url, label: prev.title } : null;
      a.next = next ? { url: next.url, label: next.title } : null;
    });
    articles.push(...its);
    const gone = archive.retired?.get(rec);
    if (gone?.length) retiredArticles.push(...retiredPages(gone, its, ctx.url, ctx.dateLabel, ctx.paper.name, ctx.paperUrl));
    texts.push(...recs.map(relatedText));
    const year = yearOf(rec.issueDate);
    issues.push({
      key, url: ctx.url, paper: paper.slug, paperName: paper.name, paperUrl: pUrl,
      date: rec.issueDate, dateLabel: formatDate(rec.issueDate), dateInferred: rec.issueDateSource === "inferred",
      page: rec.page, file: rec.file, articleCount: its.length,
      yearUrl: year ? yearUrl(year, pUrl.slice(1, -1)) : null, yearLabel: year ? `${year}年` : null,
      toc: [],
      unplaced: rec.unplaced.filter((u) => !isHiddenFurniture(u.reason)).map((u) => ({ ...u, reasonLabel: unplacedLabel(u.reason) })),
      hiddenUnplaced: rec.unplaced.filter((u) => isHiddenFurniture(u.reason)).length,
      note: issueNote(rec), recordUrl: issueJsonPath({ paper: paper.slug, key }),
      mojibakeRepaired: rec.mojibakeRepaired, prev: null, next: null,
    });
  }

  // One summary object per article, shared by every list it appears in (frozen data is not copied per page).
  const summaries = new Map(articles.map((a) => [a, summarize(a)]));
  const summaryOf = (a: SiteArticle) => summaries.get(a)!;
  // Every list page (unit, author, kind, column) is newest first. newestFirst is a total order (URLs are
  // unique), so filtering this one sorted copy gives each list exactly what sorting it would — one sort instead
  // of thousands, which at 37,645 articles sorted ~180,000 list entries between them.
  const newest = [...articles].sort((a, b) => newestFirst(summaryOf(a), summaryOf(b)));
  let at = 0;
  for (const issue of issues) {
    issue.toc = articles.slice(at, at + issue.articleCount).map(summaryOf);
    at += issue.articleCount;
  }

  const sitePapers: SitePaper[] = [];
  for (const p of papers) {
    const own = issues.filter((i) => i.paper === p.slug);
    own.forEach((issue, i) => {
      const prev = own[i - 1];
      const next = own[i + 1];
      issue.prev = prev ? { url: prev.url, label: prev.dateLabel + (prev.page ? ` ${prev.page}` : "") } : null;
      issue.next = next ? { url: next.url, label: next.dateLabel + (next.page ? ` ${next.page}` : "") } : null;
    });
    const dates = own.map((i) => i.date).filter((d): d is string => !!d);
    const firstDate = dates[0] ?? null;
    const lastDate = dates[dates.length - 1] ?? null;
    const summaries = own.map(issueSummary);
    sitePapers.push({
      slug: p.slug, url: paperUrl.get(p.slug)!, name: p.name, publisher: p.publisher, description: p.description,
      issueCount: own.length, articleCount: own.reduce((n, i) => n + i.articleCount, 0), firstDate, lastDate,
      dateRangeLabel: !firstDate ? "日期不详" : firstDate === lastDate ? formatDate(firstDate) : `${formatDate(firstDate)} — ${formatDate(lastDate)}`,
      issues: summaries, latestIssues: [...summaries].reverse().slice(0, 5),
      years: [], undated: summaries.filter((s) => !s.date), kinds: [],
    });
  }

  const dates = buildDates(issues, sitePapers);
  const units = buildUnits(articles, newest, summaryOf, sitePapers);
  const unitLists = new Map(units.units.map((u) => [u.name, { list: u.articles, pos: new Map(u.articles.map((s, k) => [s.url, k])) }]));
  const authors = buildAuthors(newest, summaryOf, sitePapers.map((p) => p.slug));
  const kinds = buildKinds(newest, summaryOf, (slug) => paperUrl.get(slug)!);
  const columns = buildColumns(articles, newest, summaryOf);
  for (const p of sitePapers) {
    p.years = dates.byPaper.get(p.slug)?.years ?? [];
    p.kinds = (kinds.countsByPaper.get(p.slug) ?? []).filter((k) => k.kind !== "news");
  }

  // More from this unit, then articles sharing rare words that are not already listed above them.
  const related = relatedArticles(articles.map((a, i) => ({ id: a.url, text: texts[i]! })), { limit: RELATED + SAME_UNIT });
  articles.forEach((a, i) => {
    a.sameUnit = a.unit ? nearestInUnit(a.url, unitLists.get(a.unit)!) : [];
    const shown = new Set(a.sameUnit.map((s) => s.url));
    a.related = related[i]!.map((j) => summaryOf(articles[j]!)).filter((s) => !shown.has(s.url)).slice(0, RELATED);
  });

  return {
    papers: sitePapers,
    issues, articles, retiredArticles,
    units: units.units, unitsByPaper: units.byPaper, unitPages: units.pages,
    authors: authors.authors, authorsByPaper: authors.byPaper, authorPages: authors.pages,
    kinds: kinds.kinds, kindPages: kinds.pages,
    columns: columns.columns, columnPages: columns.pages,
    dates: dates.index, yearPages: dates.pages,
    totals: {
      papers: sitePapers.length, issues: issues.length, articles: articles.length, units: units.units.length,
      authors: authors.authors.length, columns: columns.columns.length,
      unplaced: issues.reduce((n, i) => n + i.unplaced.length + i.hiddenUnplaced, 0),
    },
    years: [...new Set(articles.map((a) => a.year).filter((y): y is string => !!y))].sort().reverse(),
  };
}
