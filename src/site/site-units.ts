/**
 * Units (单位): every article filed under or about an enterprise unit, across papers. The loader maps variant
 * spellings to one canonical `unit` (content/units.yaml) and keeps what the parser read in `unitAsPrinted`;
 * those readings are listed on the unit page as 也作 (中铝山西新材料 也作 中铝山西新材料有限公司).
 */
import { unitSlug, assignSlugs } from "./site-keys.ts";
import { byPinyin, countByPaper, newestFirst, paginate } from "./site-lists.ts";
import type { ArticleSummary, ListPage, PaperUnits, SiteArticle, SitePaper, SiteUnit, UnitHead } from "./site-types.ts";

export function unitSlugs(articles: readonly { unit: string | null }[]): Map<string, string> {
  return assignSlugs(articles.map((a) => a.unit?.trim()).filter((u): u is string => !!u), unitSlug);
}

export function buildUnits(
  articles: readonly SiteArticle[], summaryOf: (a: SiteArticle) => ArticleSummary, papers: readonly SitePaper[], pageSize?: number,
): { units: SiteUnit[]; byPaper: PaperUnits[]; pages: ListPage<UnitHead>[] } {
  const groups = new Map<string, SiteArticle[]>();
  for (const a of articles) if (a.unit && a.unitUrl) groups.set(a.unit, [...(groups.get(a.unit) ?? []), a]);
  const units: SiteUnit[] = [...groups.entries()].map(([name, list]) => {
    const variants = [...new Set(list.map((a) => a.unitAsPrinted).filter((v): v is string => !!v && v !== name))].sort(byPinyin);
    const papers = countByPaper(list).map((p) => ({
      ...p, articles: list.filter((a) => a.paper === p.paper).map(summaryOf).sort(newestFirst),
    }));
    return { name, slug: list[0]!.unitUrl!.split("/")[2]!, url: list[0]!.unitUrl!, count: list.length, variants, articles: list.map(summaryOf).sort(newestFirst), papers };
  }).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, "zh-CN"));

  const byPaper: PaperUnits[] = papers
    .map((p) => ({
      paper: p.slug, paperName: p.name,
      units: units.flatMap((u) => u.papers.filter((x) => x.paper === p.slug).map((x) => ({ name: u.name, url: u.url, count: x.count })))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, "zh-CN")),
    }))
    .filter((p) => p.units.length > 0);

  const pages = units.flatMap((u) => {
    const { articles: list, papers: ps, ...rest } = u;
    const head: UnitHead = { ...rest, papers: ps.map(({ paper, paperName, count }) => ({ paper, paperName, count })) };
    return paginate<UnitHead, ArticleSummary>(head, u.url, list, pageSize);
  });
  return { units, byPaper, pages };
}
