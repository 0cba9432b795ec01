/**
 * People credited on articles (credits[]: writers, reporters, correspondents, photographers) → the author index
 * (/authors/), one page per person (/authors/a-<hash>/), and the linked credits each article page shows.
 *
 * A person is a name: 李俊华 reporting for one paper and 李俊华 photographing for another share a page, as
 * units do. Splitting namesakes needs knowledge the text does not carry.
 */
import type { ArticleRecord, Credit } from "../types.ts";
import { paginate, byPinyin, countByPaper } from "./site-lists.ts";
import { ROLE_LABELS, ROLE_ORDER } from "./site-labels.ts";
import type { ArticleSummary, AuthorArticle, AuthorHead, AuthorTotals, CreditLink, ListPage, PaperAuthors, SiteAuthor, SiteArticle } from "./site-types.ts";

/** Credits with roles; a name listed in `authors` but missing from `credits` counts as a writer. */
export function creditsOf(rec: Pick<ArticleRecord, "credits" | "authors">): Credit[] {
  const out = rec.credits.filter((c) => c.name.trim()).map((c) => ({ name: c.name.trim(), role: c.role }));
  for (const name of rec.authors) {
    const n = name.trim();
    if (n && !out.some((c) => c.name === n)) out.push({ name: n, role: "writer" });
  }
  // The same person in the same role twice (a byline and a caption both say 李俊华 摄) is one credit.
  return out.filter((c, i) => out.findIndex((x) => x.name === c.name && x.role === c.role) === i);
}

/** `urls`: person → author page URL ("/authors/a-<hex>/"), made once per person rather than per credit. */
export function creditLinks(credits: Credit[], urls: Map<string, string>): CreditLink[] {
  return credits.map((c) => ({ name: c.name, url: urls.get(c.name)!, role: c.role, roleLabel: ROLE_LABELS[c.role] ?? c.role }));
}

/** A set of roles as bits in ROLE_ORDER's order (reporter = 1, correspondent = 2, …); roles outside it add none. */
const ROLE_BITS = new Map<string, number>(ROLE_ORDER.map((r, k) => [r, 1 << k]));
const maskLabels: string[] = [];

/** "记者、摄影" for the roles in `mask`, in ROLE_ORDER; the 16 labels are made once. */
function rolesLabel(mask: number): string {
  return (maskLabels[mask] ??= ROLE_ORDER.filter((_, k) => mask & (1 << k)).map((r) => ROLE_LABELS[r]).join("、"));
}

/** `{ ...s, roleLabel }` spelled out: ~20× faster in V8 than extending a spread (bench: 120 ms → 6 ms for 40,000). */
function withRole(s: ArticleSummary, roleLabel: string): AuthorArticle {
  return {
    url: s.url, title: s.title, untitled: s.untitled, unit: s.unit, unitUrl: s.unitUrl, authors: s.authors, kind: s.kind, kindLabel: s.kindLabel,
    date: s.date, dateLabel: s.dateLabel, sortDate: s.sortDate, paper: s.paper, paperName: s.paperName, issueUrl: s.issueUrl, roleLabel,
  };
}

/** `newest`: the articles newest first (newestFirst), the order every author's list is in. */
export function buildAuthors(
  newest: readonly SiteArticle[], summaryOf: (a: SiteArticle) => ArticleSummary, paperOrder: readonly string[], pageSize?: number,
): { authors: SiteAuthor[]; byPaper: PaperAuthors[]; pages: ListPage<AuthorHead, AuthorTotals, AuthorArticle>[] } {
  // Person → their articles (newest first) and, for each, the roles they had on it as a ROLE_BITS mask: the
  // counts and labels a Map of Sets per article and per person gave, from a few integer operations.
  const people = new Map<string, { url: string; items: SiteArticle[]; masks: number[] }>();
  for (const a of newest) {
    const cs = a.credits;
    for (let k = 0; k < cs.length; k++) {
      const name = cs[k]!.name;
      let seen = false;
      for (let m = 0; m < k && !seen; m++) seen = cs[m]!.name === name;
      if (seen) continue; // one entry per person per article, made at their first credit
      let mask = 0;
      for (let m = k; m < cs.length; m++) if (cs[m]!.name === name) mask |= ROLE_BITS.get(cs[m]!.role) ?? 0;
      let p = people.get(name);
      if (!p) people.set(name, (p = { url: cs[k]!.url, items: [], masks: [] }));
      p.items.push(a);
      p.masks.push(mask);
    }
  }
  const rolesInPaper = new Map<string, Map<string, number>>(); // name → paper → roles mask
  const authors: SiteAuthor[] = [...people.entries()].map(([name, p]) => {
    const roleCounts = ROLE_ORDER.map(() => 0);
    const inPaper = new Map<string, number>();
    p.items.forEach((a, i) => {
      const mask = p.masks[i]!;
      roleCounts.forEach((_, k) => (roleCounts[k]! += (mask >> k) & 1));
      inPaper.set(a.paper, (inPaper.get(a.paper) ?? 0) | mask);
    });
    rolesInPaper.set(name, inPaper);
    return {
      name, slug: p.url.split("/")[2]!, url: p.url, count: p.items.length,
      roles: ROLE_ORDER.flatMap((role, k) => (roleCounts[k] ? [{ role, label: ROLE_LABELS[role], count: roleCounts[k]! }] : [])),
      papers: countByPaper(p.items),
      articles: p.items.map((a, i) => withRole(summaryOf(a), rolesLabel(p.masks[i]!))),
    };
  }).sort((x, y) => byPinyin(x.name, y.name));

  const papers = new Map<string, PaperAuthors>();
  for (const au of authors) {
    for (const p of au.papers) {
      const g = papers.get(p.paper) ?? { paper: p.paper, paperName: p.paperName, authors: [] };
      g.authors.push({ name: au.name, url: au.url, count: p.count, roles: rolesLabel(rolesInPaper.get(au.name)!.get(p.paper)!) });
      papers.set(p.paper, g);
    }
  }
  const byPaper = paperOrder.filter((p) => papers.has(p)).map((p) => papers.get(p)!);

  const pages = authors.flatMap((au) => {
    const head: AuthorHead = { name: au.name, slug: au.slug, url: au.url };
    const totals: AuthorTotals = { count: au.count, roles: au.roles, papers: au.papers };
    return paginate(head, totals, au.url, au.articles, pageSize);
  });
  return { authors, byPaper, pages };
}
