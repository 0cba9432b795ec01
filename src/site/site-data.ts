/**
 * Archive → the data the templates render. Pure: the same archive always gives the same URLs.
 *
 * URL rule (stable across builds as long as a file's paper, date and page do not change):
 *   paper    /<paper-slug>/
 *   issue    /<paper-slug>/<issue-key>/        issue-key = issueDate[-page], or the file stem when undated
 *   article  /<paper-slug>/<issue-key>/<nn>/   nn = the article's 1-based index, at least 2 digits
 *   unit     /units/u-<hex>/                   hex = sha1 of the unit name (see site-keys.ts)
 * Two issues of one paper that would share a key (an inferred date shared by two undated files, say) both get
 * their file stem appended, so neither key depends on which file happens to sort first.
 */
import type { Archive, ArticleRecord, IssueRecord, PaperInfo } from "../types.ts";
import { displayTitle, KIND_LABELS, UNPLACED_REASONS } from "./site-labels.ts";
import {
  articleNumber, fileStemKey, formatDate, issueKey, sortDate, unitSlug, yearOf,
} from "./site-keys.ts";
import type {
  ArticleSummary, IssueSummary, PaperUnits, SiteArticle, SiteData, SiteIssue, SitePaper, SiteUnit,
} from "./site-types.ts";

const LOOSE_PAPER: PaperInfo = { slug: "loose", name: "未归类", publisher: null, description: null };

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
    byKey.set(k, [...(byKey.get(k) ?? []), issue]);
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

function summary(a: SiteArticle): ArticleSummary {
  const { url, title, untitled, unit, unitUrl, authors, kind, kindLabel, date, dateLabel, sortDate: sd, paper, paperName, issueUrl } = a;
  return { url, title, untitled, unit, unitUrl, authors, kind, kindLabel, date, dateLabel, sortDate: sd, paper, paperName, issueUrl };
}

function newestFirst(a: ArticleSummary, b: ArticleSummary): number {
  return a.sortDate < b.sortDate ? 1 : a.sortDate > b.sortDate ? -1 : a.url.localeCompare(b.url);
}

function buildArticle(rec: ArticleRecord, issue: IssueRecord, key: string, paper: PaperInfo, unitSlugs: Map<string, string>): SiteArticle {
  const issueUrl = `/${paper.slug}/${key}/`;
  const number = articleNumber(rec.index);
  const date = rec.date ?? issue.issueDate;
  const unit = rec.unit?.trim() || null;
  const subheads = new Set(rec.subheads);
  return {
    ...displayTitle(rec),
    url: `${issueUrl}${number}/`,
    index: rec.index,
    number,
    issueKey: key,
    issueUrl,
    issueDateLabel: formatDate(issue.issueDate) + (issue.page ? ` ${issue.page}` : ""),
    paper: paper.slug,
    paperName: paper.name,
    paperUrl: `/${paper.slug}/`,
    unit,
    unitUrl: unit ? `/units/${unitSlugs.get(unit)}/` : null,
    authors: rec.authors,
    kind: rec.kind,
    kindLabel: KIND_LABELS[rec.kind] ?? rec.kind,
    date,
    dateLabel: formatDate(date),
    sortDate: sortDate(date),
    year: yearOf(date),
    headline: rec.headline,
    kicker: rec.kicker,
    subheadline: rec.subheadline,
    column: rec.column,
    byline: rec.byline,
    dateline: rec.dateline,
    blocks: rec.body.map((text, i) => ({ type: subheads.has(i) ? "h2" : "p", text })),
    captions: rec.captions,
    sourceFile: rec.source.file,
    sourceLines: rec.source.lines,
    prev: null,
    next: null,
  };
}

/** Unit names → slugs; a hash collision (never seen, but cheap to rule out) lengthens the hashes. */
function assignUnitSlugs(names: string[]): Map<string, string> {
  for (let length = 8; ; length += 4) {
    const slugs = new Map(names.map((n) => [n, unitSlug(n, length)]));
    if (new Set(slugs.values()).size === slugs.size || length >= 40) return slugs;
  }
}

function buildUnits(articles: SiteArticle[], slugs: Map<string, string>): SiteUnit[] {
  const units = new Map<string, SiteUnit>();
  for (const a of articles) {
    if (!a.unit) continue;
    let u = units.get(a.unit);
    if (!u) {
      const slug = slugs.get(a.unit)!;
      u = { name: a.unit, slug, url: `/units/${slug}/`, count: 0, articles: [], papers: [] };
      units.set(a.unit, u);
    }
    u.count++;
    u.articles.push(summary(a));
    let p = u.papers.find((x) => x.paper === a.paper);
    if (!p) u.papers.push((p = { paper: a.paper, paperName: a.paperName, count: 0, articles: [] }));
    p.count++;
    p.articles.push(summary(a));
  }
  const list = [...units.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, "zh-CN"));
  for (const u of list) {
    u.articles.sort(newestFirst);
    u.papers.sort((a, b) => b.count - a.count || a.paper.localeCompare(b.paper));
    for (const p of u.papers) p.articles.sort(newestFirst);
  }
  return list;
}

export { displayTitle };

export function buildSiteData(archive: Archive): SiteData {
  const papers = [...archive.papers];
  if (archive.issues.some((i) => !i.paper || !papers.some((p) => p.slug === i.paper))) papers.push(LOOSE_PAPER);
  const paperOf = (i: IssueRecord) => papers.find((p) => p.slug === i.paper) ?? LOOSE_PAPER;
  const sorted = [...archive.issues].sort(byDateThenFile);
  const keys = assignIssueKeys(sorted);
  const unitNames = [...new Set(sorted.flatMap((i) => i.articles.map((a) => a.unit?.trim()).filter((u): u is string => !!u)))];
  const unitSlugs = assignUnitSlugs(unitNames);

  const issues: SiteIssue[] = [];
  const articles: SiteArticle[] = [];
  for (const rec of sorted) {
    const paper = paperOf(rec);
    const key = keys.get(rec)!;
    const its = [...rec.articles].sort((a, b) => a.index - b.index).map((a) => buildArticle(a, rec, key, paper, unitSlugs));
    its.forEach((a, i) => {
      const prev = its[i - 1];
      const next = its[i + 1];
      a.prev = prev ? { url: prev.url, label: prev.title } : null;
      a.next = next ? { url: next.url, label: next.title } : null;
    });
    articles.push(...its);
    issues.push({
      key, url: `/${paper.slug}/${key}/`, paper: paper.slug, paperName: paper.name, paperUrl: `/${paper.slug}/`,
      date: rec.issueDate, dateLabel: formatDate(rec.issueDate), dateInferred: rec.issueDateSource === "inferred",
      page: rec.page, file: rec.file, articleCount: its.length, toc: its.map(summary),
      unplaced: rec.unplaced.map((u) => ({ ...u, reasonLabel: UNPLACED_REASONS[u.reason] ?? u.reason })),
      warnings: rec.warnings, mojibakeRepaired: rec.mojibakeRepaired, prev: null, next: null,
    });
  }

  const sitePapers: SitePaper[] = [];
  for (const p of papers) {
    const own = issues.filter((i) => i.paper === p.slug);
    own.forEach((issue, i) => {
      const prev = own[i - 1];
      const next = own[i + 1];
      issue.prev = prev ? { url: prev.url, label: prev.dateLabel } : null;
      issue.next = next ? { url: next.url, label: next.dateLabel } : null;
    });
    const dates = own.map((i) => i.date).filter((d): d is string => !!d);
    const firstDate = dates[0] ?? null;
    const lastDate = dates[dates.length - 1] ?? null;
    const summaries = own.map(issueSummary);
    sitePapers.push({
      slug: p.slug, url: `/${p.slug}/`, name: p.name, publisher: p.publisher, description: p.description,
      issueCount: own.length, articleCount: own.reduce((n, i) => n + i.articleCount, 0), firstDate, lastDate,
      dateRangeLabel: !firstDate ? "日期不详" : firstDate === lastDate ? formatDate(firstDate) : `${formatDate(firstDate)} — ${formatDate(lastDate)}`,
      issues: summaries, latestIssues: [...summaries].reverse().slice(0, 5),
    });
  }

  const units = buildUnits(articles, unitSlugs);
  const unitsByPaper: PaperUnits[] = sitePapers
    .map((p) => ({
      paper: p.slug, paperName: p.name,
      units: units.flatMap((u) => u.papers.filter((x) => x.paper === p.slug).map((x) => ({ name: u.name, url: u.url, count: x.count })))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, "zh-CN")),
    }))
    .filter((p) => p.units.length > 0);

  return {
    papers: sitePapers,
    issues, articles, units, unitsByPaper,
    totals: {
      papers: sitePapers.length, issues: issues.length, articles: articles.length, units: units.length,
      unplaced: issues.reduce((n, i) => n + i.unplaced.length, 0),
    },
    years: [...new Set(articles.map((a) => a.year).filter((y): y is string => !!y))].sort().reverse(),
  };
}
