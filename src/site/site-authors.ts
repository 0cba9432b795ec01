/**
 * People credited on articles (credits[]: writers, reporters, correspondents, photographers) → the author index
 * (/authors/), one page per person (/authors/a-<hash>/), and the linked credits each article page shows.
 *
 * A person is a name: 李俊华 reporting for one paper and 李俊华 photographing for another share a page, as
 * units do. Splitting namesakes needs knowledge the text does not carry.
 */
import type { ArticleRecord, Credit } from "../types.ts";
import { paginate, newestFirst, byPinyin, countByPaper } from "./site-lists.ts";
import { ROLE_LABELS, ROLE_ORDER } from "./site-labels.ts";
import type { ArticleSummary, AuthorArticle, AuthorHead, CreditLink, ListPage, PaperAuthors, SiteAuthor, SiteArticle } from "./site-types.ts";

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

export function creditLinks(credits: Credit[], slugs: Map<string, string>): CreditLink[] {
  return credits.map((c) => ({ name: c.name, url: `/authors/${slugs.get(c.name)}/`, role: c.role, roleLabel: ROLE_LABELS[c.role] ?? c.role }));
}

function rolesLabel(roles: Iterable<string>): string {
  const set = new Set(roles);
  return ROLE_ORDER.filter((r) => set.has(r)).map((r) => ROLE_LABELS[r]).join("、");
}

export function buildAuthors(
  articles: readonly SiteArticle[], summaryOf: (a: SiteArticle) => ArticleSummary, paperOrder: readonly string[], pageSize?: number,
): { authors: SiteAuthor[]; byPaper: PaperAuthors[]; pages: ListPage<AuthorHead, AuthorArticle>[] } {
  const people = new Map<string, { url: string; items: { a: SiteArticle; roles: Set<string> }[] }>();
  for (const a of articles) {
    const mine = new Map<string, Set<string>>();
    for (const c of a.credits) mine.set(c.name, (mine.get(c.name) ?? new Set<string>()).add(c.role));
    for (const [name, roles] of mine) {
      const p = people.get(name) ?? { url: a.credits.find((c) => c.name === name)!.url, items: [] };
      p.items.push({ a, roles });
      people.set(name, p);
    }
  }
  const rolesInPaper = new Map<string, Map<string, Set<string>>>(); // name → paper → roles
  const authors: SiteAuthor[] = [...people.entries()].map(([name, p]) => {
    const roleCounts = new Map<string, number>();
    const inPaper = new Map<string, Set<string>>();
    for (const it of p.items) {
      for (const r of it.roles) {
        roleCounts.set(r, (roleCounts.get(r) ?? 0) + 1);
        inPaper.set(it.a.paper, (inPaper.get(it.a.paper) ?? new Set<string>()).add(r));
      }
    }
    rolesInPaper.set(name, inPaper);
    const list: AuthorArticle[] = p.items.map((it) => ({ ...summaryOf(it.a), roleLabel: rolesLabel(it.roles) })).sort(newestFirst);
    return {
      name, slug: p.url.split("/")[2]!, url: p.url, count: p.items.length,
      roles: ROLE_ORDER.filter((r) => roleCounts.has(r)).map((r) => ({ role: r, label: ROLE_LABELS[r], count: roleCounts.get(r)! })),
      papers: countByPaper(p.items.map((it) => it.a)),
      articles: list,
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
    const { articles: list, ...head } = au;
    return paginate<AuthorHead, AuthorArticle>(head, au.url, list, pageSize);
  });
  return { authors, byPaper, pages };
}
