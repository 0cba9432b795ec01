/**
 * Long lists cut into pages. A unit, person or kind can gather thousands of articles in a 30,000-article
 * archive; one page each would be megabytes of HTML on a phone, so lists go 100 to a page, page 1 at the list's
 * own URL and later pages at `<url><n>/`.
 */
import { listPageUrl } from "./site-keys.ts";
import type { ArticleSummary, ListPage } from "./site-types.ts";

export const LIST_PAGE_SIZE = 100;

export function paginate<H, I>(head: H, baseUrl: string, items: readonly I[], size = LIST_PAGE_SIZE): ListPage<H, I>[] {
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const pages: ListPage<H, I>[] = [];
  for (let page = 1; page <= pageCount; page++) {
    const start = (page - 1) * size;
    const chunk = items.slice(start, start + size);
    pages.push({
      url: listPageUrl(baseUrl, page), page, pageCount, from: chunk.length ? start + 1 : 0, to: start + chunk.length, items: chunk,
      prev: page > 1 ? { url: listPageUrl(baseUrl, page - 1), label: `第 ${page - 1} 页` } : null,
      next: page < pageCount ? { url: listPageUrl(baseUrl, page + 1), label: `第 ${page + 1} 页` } : null,
      head,
    });
  }
  return pages;
}

/** Newest first; same date → URL order, which is reading order within an issue. */
export function newestFirst(a: ArticleSummary, b: ArticleSummary): number {
  return a.sortDate < b.sortDate ? 1 : a.sortDate > b.sortDate ? -1 : a.url < b.url ? -1 : a.url > b.url ? 1 : 0;
}

/** Counts per paper in first-seen order of `items`, then sorted by count (most first) and slug. */
export function countByPaper(items: readonly { paper: string; paperName: string }[]): { paper: string; paperName: string; count: number }[] {
  const m = new Map<string, { paper: string; paperName: string; count: number }>();
  for (const x of items) {
    const e = m.get(x.paper) ?? { paper: x.paper, paperName: x.paperName, count: 0 };
    e.count++;
    m.set(x.paper, e);
  }
  return [...m.values()].sort((a, b) => b.count - a.count || (a.paper < b.paper ? -1 : a.paper > b.paper ? 1 : 0));
}

const collator = new Intl.Collator("zh-CN");

/**
 * Name → its place in zh-CN collation order; names the collation holds equal share a place. Comparing places
 * gives the same sign as `a.localeCompare(b, "zh-CN")` (which is `new Intl.Collator("zh-CN").compare`), so a
 * sort by place gives the same order, with one collation sort instead of a localeCompare in every comparison
 * where counts tie (most of the 4,834 units at 37,645 articles have one to three articles).
 */
export function collationPlaces(names: Iterable<string>): Map<string, number> {
  const sorted = [...new Set(names)].sort(collator.compare);
  const places = new Map<string, number>();
  sorted.forEach((name, k) => places.set(name, k > 0 && collator.compare(sorted[k - 1]!, name) === 0 ? places.get(sorted[k - 1]!)! : k));
  return places;
}
/** Chinese names in pinyin order (Node ships full ICU): 安东, 刘旭, 卫玲, 张三. */
export const byPinyin = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
