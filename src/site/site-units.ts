/**
 * Units (单位): every article filed under or about an enterprise unit, across papers. The loader maps variant
 * spellings to one canonical `unit` (content/units.yaml) and keeps what the parser read in `unitAsPrinted`;
 * those readings are listed on the unit page as 也作 (中铝山西新材料 也作 中铝山西新材料有限公司).
 */
import { unitSlug, assignSlugs } from "./site-keys.ts";
import { byPinyin, collationPlaces, countByPaper, paginate } from "./site-lists.ts";
import type { ArticleSummary, ListPage, PaperUnits, SiteArticle, SitePaper, SiteUnit, UnitHead, UnitRow, UnitTotals } from "./site-types.ts";

/** A parent's name has at least this many characters: 厂 or 部 alone is no enterprise unit. */
const MIN_PARENT = 2;
/** The newest articles of its sub-units a unit page shows; the rest are on each sub-unit's own page. */
export const SUB_ARTICLES = 20;

/**
 * Units as enterprises are organised: a unit whose name starts with another unit's full name is part of it —
 * 电解厂电解四车间党支部 of 电解厂 — and of the longest such, so 电解厂电解四车间党支部 belongs to 电解厂电解四车间
 * when both exist. Name → parent name; a unit is never its own parent (a strict prefix only).
 */
export function unitParents(names: Iterable<string>): Map<string, string> {
  const all = new Set(names);
  const out = new Map<string, string>();
  for (const name of all) {
    const chars = Array.from(name);
    for (let k = chars.length - 1; k >= MIN_PARENT; k--) {
      const prefix = chars.slice(0, k).join("");
      if (all.has(prefix)) {
        out.set(name, prefix);
        break;
      }
    }
  }
  return out;
}

/** Rows of `names` nested: each under its nearest ancestor among them (by `parents`), siblings in `order`. */
function nest(names: readonly string[], parents: ReadonlyMap<string, string>, row: (name: string) => Omit<UnitRow, "subunits">): UnitRow[] {
  const rows = new Map(names.map((n) => [n, { ...row(n), subunits: [] as UnitRow[] }]));
  const top: UnitRow[] = [];
  for (const n of names) {
    let p = parents.get(n);
    while (p !== undefined && !rows.has(p)) p = parents.get(p);
    (p === undefined ? top : rows.get(p)!.subunits).push(rows.get(n)!);
  }
  return top;
}

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
  const parents = unitParents(groups.keys());
  const children = new Map<string, string[]>();
  for (const [child, parent] of parents) {
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  }
  const units: SiteUnit[] = [...groups.entries()].map(([name, list]) => {
    const variants = [...new Set(list.map((a) => a.unitAsPrinted).filter((v): v is string => !!v && v !== name))].sort(byPinyin);
    const papers = countByPaper(list).map(({ paper, paperName, count }) => ({
      paper, paperName, count, articles: list.filter((a) => a.paper === paper).map(summaryOf),
    }));
    return {
      name, slug: list[0]!.unitUrl!.split("/")[2]!, url: list[0]!.unitUrl!, count: list.length, variants, articles: list.map(summaryOf), papers,
      parent: parents.get(name) ?? null, subunits: children.get(name) ?? [],
    };
  }).sort(byCountThenName);
  const byName = new Map(units.map((u) => [u.name, u]));
  for (const u of units) u.subunits.sort((a, b) => byCountThenName(byName.get(a)!, byName.get(b)!));

  const byPaper: PaperUnits[] = papers
    .map((p) => {
      const here = new Map(units.flatMap((u) => u.papers.filter((x) => x.paper === p.slug).map((x) => [u.name, { name: u.name, url: u.url, count: x.count }] as const)));
      // units is sorted by count and name, so each level of the nesting is too.
      return { paper: p.slug, paperName: p.name, units: nest(units.filter((u) => here.has(u.name)).map((u) => u.name), parents, (n) => here.get(n)!) };
    })
    .filter((p) => p.units.length > 0);

  // Each unit's sub-units at any depth, and their articles newest first (by their place in `newest`).
  const newestAt = new Map(newest.map((a, i) => [a, i]));
  const descendants = (name: string): string[] => (children.get(name) ?? []).flatMap((c) => [c, ...descendants(c)]);
  const pages = units.flatMap((u) => {
    const head: UnitHead = { name: u.name, slug: u.slug, url: u.url };
    const below = descendants(u.name);
    const subList = below.flatMap((n) => groups.get(n)!).sort((a, b) => newestAt.get(a)! - newestAt.get(b)!);
    const totals: UnitTotals = {
      count: u.count, variants: u.variants, papers: u.papers.map(({ paper, paperName, count }) => ({ paper, paperName, count })),
      parent: u.parent ? { name: u.parent, url: byName.get(u.parent)!.url } : null,
      subunits: nest(below, parents, (n) => ({ name: n, url: byName.get(n)!.url, count: byName.get(n)!.count })),
      subCount: subList.length,
      subArticles: subList.slice(0, SUB_ARTICLES).map(summaryOf),
    };
    return paginate(head, totals, u.url, u.articles, pageSize);
  });
  return { units, byPaper, pages };
}
