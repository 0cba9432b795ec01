/**
 * Kinds and columns as ways in: literary pieces (◆ 刘世文), photo pieces (摄影报道 崔丽娜) and notices each get a
 * list across the archive (/kinds/<kind>/) and per paper (/kinds/<kind>/<paper>/); columns (栏目, e.g.
 * 新闻特写, “安康杯”征文) get /columns/c-<hash>/. Per-paper kind pages sit under /kinds/ rather than under the
 * paper so that no issue key (a file stem such as `kinds`) can ever collide with them.
 */
import type { ArticleKind } from "../types.ts";
import { columnSlug, assignSlugs } from "./site-keys.ts";
import { KIND_LABELS, KIND_NOTES, KIND_ORDER } from "./site-labels.ts";
import { countByPaper, paginate } from "./site-lists.ts";
import type { ColumnHead, ColumnRow, ColumnTotals, KindCount, KindHead, KindIndexRow, KindTotals, ListPage, SiteArticle, ArticleSummary } from "./site-types.ts";

export function kindUrl(kind: ArticleKind, paperUrl?: string): string {
  return paperUrl ? `/kinds/${kind}${paperUrl}` : `/kinds/${kind}/`;
}

export function columnSlugs(articles: readonly { column: string | null }[]): Map<string, string> {
  return assignSlugs(articles.map((a) => a.column?.trim()).filter((c): c is string => !!c), columnSlug);
}

/** `newest`: the articles newest first (newestFirst), the order of every kind list. */
export function buildKinds(
  newest: readonly SiteArticle[], summaryOf: (a: SiteArticle) => ArticleSummary, paperUrl: (paper: string) => string, pageSize?: number,
): { kinds: KindIndexRow[]; pages: ListPage<KindHead, KindTotals>[]; countsByPaper: Map<string, KindCount[]> } {
  const kinds: KindIndexRow[] = [];
  const pages: ListPage<KindHead, KindTotals>[] = [];
  const countsByPaper = new Map<string, KindCount[]>();
  for (const kind of KIND_ORDER) {
    const all = newest.filter((a) => a.kind === kind);
    if (all.length === 0) continue;
    const label = KIND_LABELS[kind];
    const papers = countByPaper(all).map((p) => ({ ...p, url: kindUrl(kind, paperUrl(p.paper)) }));
    kinds.push({ kind, label, count: all.length, url: kindUrl(kind), note: KIND_NOTES[kind], papers });
    const head = { kind, label, note: KIND_NOTES[kind], kindUrl: kindUrl(kind) };
    const totals = { kindCount: all.length, papers };
    pages.push(...paginate<KindHead, KindTotals, ArticleSummary>(
      { ...head, paper: null, paperName: null }, { ...totals, count: all.length }, kindUrl(kind), all.map(summaryOf), pageSize,
    ));
    for (const p of papers) {
      const own = all.filter((a) => a.paper === p.paper);
      pages.push(...paginate<KindHead, KindTotals, ArticleSummary>(
        { ...head, paper: p.paper, paperName: p.paperName }, { ...totals, count: own.length }, p.url, own.map(summaryOf), pageSize,
      ));
      countsByPaper.set(p.paper, [...(countsByPaper.get(p.paper) ?? []), { kind, label, count: p.count, url: p.url }]);
    }
  }
  return { kinds, pages, countsByPaper };
}

/** Columns are created in site order (it orders their pages and breaks ties) and filled from `newest`. */
export function buildColumns(
  articles: readonly SiteArticle[], newest: readonly SiteArticle[], summaryOf: (a: SiteArticle) => ArticleSummary, pageSize?: number,
): { columns: ColumnRow[]; pages: ListPage<ColumnHead, ColumnTotals>[] } {
  const groups = new Map<string, { name: string; list: SiteArticle[] }>();
  for (const a of articles) if (a.column && a.columnUrl && !groups.has(a.columnUrl)) groups.set(a.columnUrl, { name: a.column.trim(), list: [] });
  for (const a of newest) if (a.column && a.columnUrl) groups.get(a.columnUrl)!.list.push(a);
  const columns: ColumnRow[] = [];
  const pages: ListPage<ColumnHead, ColumnTotals>[] = [];
  for (const [url, { name, list }] of groups) {
    const head: ColumnHead = { name, slug: url.split("/")[2]!, url };
    const totals: ColumnTotals = { count: list.length, papers: countByPaper(list) };
    columns.push({ ...head, ...totals });
    pages.push(...paginate(head, totals, url, list.map(summaryOf), pageSize));
  }
  columns.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, "zh-CN"));
  return { columns, pages };
}
