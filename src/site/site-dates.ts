/**
 * Date browsing: year × month overviews and month calendars, for all papers (/dates/, /dates/<yyyy>/) and for
 * one paper (/dates/<yyyy>/<paper>/, linked from the paper page).
 *
 * Dates are shown at the precision they are known. An issue dated `2024-01` (month inferred from the text) is
 * counted in January and listed under the January grid as "日期仅知到月", never drawn on the 1st; an undated issue
 * is listed apart. Weeks start on Monday, as Chinese calendars print them.
 */
import { formatDate } from "./site-keys.ts";
import type { CalendarDay, CalendarMonth, DateIndex, DateIssue, SiteIssue, SitePaper, YearPage, YearStrip } from "./site-types.ts";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

export function dateIssue(i: SiteIssue): DateIssue {
  return { url: i.url, paper: i.paper, paperName: i.paperName, page: i.page, dateLabel: i.dateLabel, articleCount: i.articleCount };
}

/** /dates/2024/ for all papers, /dates/2024/jinlv/ for one. */
export function yearUrl(year: string, paperSlug: string | null): string {
  return paperSlug ? `/dates/${year}/${paperSlug}/` : `/dates/${year}/`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** 0 = Monday … 6 = Sunday. */
function weekdayMonFirst(y: number, m: number, d: number): number {
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

function monthCalendar(year: string, month: number, issues: SiteIssue[]): CalendarMonth {
  const key = `${year}-${String(month).padStart(2, "0")}`;
  const byDay = new Map<string, SiteIssue[]>();
  const monthOnly: DateIssue[] = [];
  for (const i of issues) {
    if (i.date && DAY.test(i.date)) byDay.set(i.date, [...(byDay.get(i.date) ?? []), i]);
    else monthOnly.push(dateIssue(i));
  }
  const y = Number(year);
  const cells: (CalendarDay | null)[] = Array.from({ length: weekdayMonFirst(y, month, 1) }, () => null);
  for (let d = 1; d <= daysInMonth(y, month); d++) {
    const date = `${key}-${String(d).padStart(2, "0")}`;
    const on = byDay.get(date) ?? [];
    cells.push({
      day: d, date, count: on.length,
      url: on.length === 1 ? on[0]!.url : on.length > 1 ? `#d-${date}` : null,
      label: on.length ? `${formatDate(date)}，${on.length} 期` : formatDate(date),
    });
  }
  while (cells.length % 7) cells.push(null);
  const weeks: (CalendarDay | null)[][] = [];
  for (let k = 0; k < cells.length; k += 7) weeks.push(cells.slice(k, k + 7));
  const days = [...byDay.keys()].sort().map((date) => ({ date, anchor: `d-${date}`, label: formatDate(date), issues: byDay.get(date)!.map(dateIssue) }));
  return { key, month, label: formatDate(key), weeks, days, monthOnly, issueCount: issues.length };
}

function monthOf(date: string | null): { year: string; month: number } | null {
  const m = date ? (DAY.exec(date) ?? MONTH.exec(date)) : null;
  return m ? { year: m[1]!, month: Number(m[2]) } : null;
}

/** Issues by year then month (1–12); issues without a usable date are left out (they are listed as undated). */
function groupByYearMonth(issues: SiteIssue[]): Map<string, Map<number, SiteIssue[]>> {
  const years = new Map<string, Map<number, SiteIssue[]>>();
  for (const i of issues) {
    const ym = monthOf(i.date);
    if (!ym) continue;
    const months = years.get(ym.year) ?? new Map<number, SiteIssue[]>();
    months.set(ym.month, [...(months.get(ym.month) ?? []), i]);
    years.set(ym.year, months);
  }
  return years;
}

function strip(year: string, months: Map<number, SiteIssue[]>, url: string): YearStrip {
  const cells = Array.from({ length: 12 }, (_, k) => {
    const count = months.get(k + 1)?.length ?? 0;
    return { month: k + 1, label: `${k + 1}月`, count, url: count ? `${url}#m-${year}-${String(k + 1).padStart(2, "0")}` : null };
  });
  return { year, url, total: cells.reduce((n, c) => n + c.count, 0), months: cells };
}

function yearPages(
  issues: SiteIssue[], paper: { slug: string; urlSlug: string; name: string; url: string } | null, papersOfYear: (year: string) => YearPage["papers"],
): { strips: YearStrip[]; pages: YearPage[] } {
  const grouped = groupByYearMonth(issues);
  const years = [...grouped.keys()].sort();
  const pages = years.map((year): YearPage => {
    const months = grouped.get(year)!;
    const url = yearUrl(year, paper?.urlSlug ?? null);
    return {
      url, year, paper: paper?.slug ?? null, paperName: paper?.name ?? null, paperUrl: paper?.url ?? null,
      issueCount: [...months.values()].reduce((n, l) => n + l.length, 0),
      strip: strip(year, months, url),
      months: [...months.keys()].sort((a, b) => a - b).map((m) => monthCalendar(year, m, months.get(m)!)),
      prev: null, next: null, allPapersUrl: yearUrl(year, null), papers: paper ? [] : papersOfYear(year),
    };
  });
  pages.forEach((p, k) => {
    const prev = pages[k - 1];
    const next = pages[k + 1];
    p.prev = prev ? { url: prev.url, label: `${prev.year}年` } : null;
    p.next = next ? { url: next.url, label: `${next.year}年` } : null;
  });
  return { strips: pages.map((p) => p.strip).reverse(), pages };
}

/**
 * The date index and every year page. `issues` is in the site's order (date, then page, then file), so issues
 * of one day keep that order in the calendars. Paper year pages come first, then the all-papers ones.
 */
export function buildDates(issues: SiteIssue[], papers: Pick<SitePaper, "slug" | "url" | "name">[]): {
  index: DateIndex; pages: YearPage[]; byPaper: Map<string, { years: YearStrip[]; undated: DateIssue[] }>;
} {
  const pages: YearPage[] = [];
  const byPaper = new Map<string, { years: YearStrip[]; undated: DateIssue[] }>();
  const yearCounts = new Map<string, YearPage["papers"]>();
  for (const p of papers) {
    const own = issues.filter((i) => i.paper === p.slug);
    // The paper's URL segment (p.url without its slashes) may differ from its slug when the slug is reserved.
    const urlSlug = p.url.replace(/^\/|\/$/g, "");
    const r = yearPages(own, { slug: p.slug, urlSlug, name: p.name, url: p.url }, () => []);
    pages.push(...r.pages);
    for (const yp of r.pages) yearCounts.set(yp.year, [...(yearCounts.get(yp.year) ?? []), { paper: p.slug, paperName: p.name, count: yp.issueCount, url: yp.url }]);
    byPaper.set(p.slug, { years: r.strips, undated: own.filter((i) => !monthOf(i.date)).map(dateIssue) });
  }
  const all = yearPages(issues, null, (year) => yearCounts.get(year) ?? []);
  pages.push(...all.pages);
  const index: DateIndex = {
    years: all.strips,
    byPaper: papers.map((p) => ({ paper: p.slug, paperName: p.name, paperUrl: p.url, ...byPaper.get(p.slug)! })),
    undated: issues.filter((i) => !monthOf(i.date)).map(dateIssue),
  };
  return { index, pages, byPaper };
}
