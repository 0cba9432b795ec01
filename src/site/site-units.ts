/**
 * Units (单位): every article filed under or about an enterprise unit, across papers. The loader maps variant
 * spellings to one canonical `unit` (content/units.yaml) and keeps what the parser read in `unitAsPrinted`;
 * those readings are listed on the unit page as 也作 (中铝山西新材料 也作 中铝山西新材料有限公司).
 */
import { unitSlug, assignSlugs } from "./site-keys.ts";
import { byPinyin, collationPlaces, countByPaper, paginate } from "./site-lists.ts";
import type { ArticleSummary, ListPage, PaperUnits, SiteArticle, SitePaper, SiteUnit, UnitHead, UnitTotals } from "./site-types.ts";

export function unitSlugs(articles: readonly { unit: string | null }[]): Map<string, string> {
  return assignSlugs(articles.map((a) => a.unit?.trim()).filter((u): u is string => !!u), unitSlug);
}

/**
 * `articles` in site order, `newest` the same articles newest first (newestFirst). Units are created in site
 * order — it breaks ties of count and collation — and filled newest first, so their lists need no sort.
 */
export function buildUnits(
  articles: readonly SiteArticle[], newest: readonly SiteArticle[], summaryOf: (a: SiteArticle) => ArticleSummary, papers: readonly SitePaper[], pageSize?: number,
): { units: SiteUnit[]; byPaper: PaperUnits[]; pages: ListPage<UnitHead, UnitTotals>[] } {
  const groups = new Map<string, SiteArticle[]>();
  for (const a of articles) if (a.unit && a.unitUrl && !groups.has(a.unit)) groups.set(a.unit, []);
  for (const a of newest) if (a.unit && a.unitUrl) groups.get(a.unit)!.push(a);
  const place = collationPlaces(groups.keys());
  const byCountThenName = (a: { name: string; count: number }, b: { name: string; count: number }) => b.count - a.count || place.get(a.name)! - place.get(b.name)!;
  const units: SiteUnit[] = [...groups.entries()].map(([name, list]) => {
    const variants = [...new Set(list.map((a) => a.unitAsPrinted).filter((v): v is string => !!v && v !== name))].sort(byPinyin);
    const papers = countByPaper(list).map(({ paper, paperName, count }) => ({
      paper, paperName, count, articles: list.filter((a) => a.paper === paper).map(summaryOf),
    }));
    return { name, slug: list[0]!.unitUrl!.split("/")[2]!, url: list[0]!.unitUrl!, count: list.length, variants, articles: list.map(summaryOf), papers };
  }).sort(byCountThenName);

  const byPaper: PaperUnits[] = papers
    .map((p) => ({
      paper: p.slug, paperName: p.name,
      units: units.flatMap((u) => u.papers.filter((x) => x.paper === p.slug).map((x) => ({ name: u.name, url: u.url, count: x.count })))
        .sort(byCountThenName),
    }))
    .filter((p) => p.units.length > 0);

  const pages = units.flatMap((u) => {
    const head: UnitHead = { name: u.name, slug: u.slug, url: u.url };
    const totals: UnitTotals = { count: u.count, variants: u.variants, papers: u.papers.map(({ paper, paperName, count }) => ({ paper, paperName, count })) };
    return paginate(head, totals, u.url, u.articles, pageSize);
  });
  return { units, byPaper, pages };
}
