/**
 * The fast paths of the page data and the data files give exactly what the straightforward versions give: related
 * articles (typed arrays) against the Map/Set algorithm written out here, bounded feed selection against a full
 * sort, lists filled from one newest-first order against sorting each list, collation places against
 * localeCompare, the folder walk against Node's recursive readdir, and the batched writer against plain writes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { linkByline } from "../../src/site/byline-links.ts";
import { htmlPagePaths, writeOutFiles } from "../../src/site/data-out.ts";
import { feedArticles } from "../../src/site/feeds.ts";
import { bandWeights, dfBand, hanBigrams, maxDocumentFrequency, mix30, relatedArticles, type RelatedDoc, type RelatedOptions } from "../../src/site/related.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { collationPlaces, newestFirst } from "../../src/site/site-lists.ts";
import type { SiteArticle } from "../../src/site/site-types.ts";
import type { Archive, ArticleRecord, AuthorRole, IssueRecord } from "../../src/types.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-fast-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * related.ts's definition, the plain way: Sets of bigrams, Maps for document frequency and postings; weights by
 * document-frequency band, the query rarest band first and then in mix30 order, scores over √(distinct bigrams).
 */
function relatedReference(docs: readonly RelatedDoc[], options: RelatedOptions): number[][] {
  const o = { limit: 5, queryTerms: 64, minShared: 3, ...options };
  const n = docs.length;
  const maxDf = maxDocumentFrequency(n, options);
  const weights = bandWeights(n, options);
  const sets = docs.map((d) => hanBigrams(d.text));
  const df = new Map<number, number>();
  for (const s of sets) for (const b of s) df.set(b, (df.get(b) ?? 0) + 1);
  const keep = (b: number) => df.get(b)! >= 2 && df.get(b)! <= maxDf && df.get(b)! < n;
  const w2 = (b: number) => weights[dfBand(df.get(b)!)]! ** 2;
  const kept = sets.map((s) => [...s].filter(keep)); // Set order: first occurrence in the text
  const norms = sets.map((s) => Math.sqrt(s.size));
  const holders = new Map<number, number[]>();
  kept.forEach((k, i) => k.forEach((b) => holders.set(b, [...(holders.get(b) ?? []), i])));
  return kept.map((k, i) => {
    const query = [...k].sort((x, y) => dfBand(df.get(x)!) - dfBand(df.get(y)!) || mix30(x) - mix30(y)).slice(0, o.queryTerms);
    const score = new Map<number, { s: number; c: number }>();
    for (const b of query) {
      for (const j of holders.get(b)!) {
        if (j === i) continue;
        const e = score.get(j) ?? { s: 0, c: 0 };
        e.s += w2(b);
        e.c++;
        score.set(j, e);
      }
    }
    return [...score]
      .filter(([, e]) => e.c >= o.minShared)
      .map(([j, e]) => ({ j, s: e.s / norms[j]! }))
      .sort((x, y) => y.s - x.s || (docs[x.j]!.id < docs[y.j]!.id ? -1 : docs[x.j]!.id > docs[y.j]!.id ? 1 : 0))
      .slice(0, o.limit)
      .map((x) => x.j);
  });
}

describe("related articles", () => {
  // A small alphabet of Han characters so that bigrams recur, texts repeat and scores tie.
  const han = fc.constantFrom(..."矿山安全生产铝厂职工检修的，".split(""));
  const doc = fc.array(han, { minLength: 0, maxLength: 40 }).map((cs) => cs.join(""));

  it("ranks exactly as the Map/Set algorithm does, ties and repeated texts included", () => {
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 40 }),
        fc.record({ limit: fc.integer({ min: 1, max: 6 }), queryTerms: fc.integer({ min: 1, max: 12 }), minShared: fc.integer({ min: 0, max: 4 }), maxDfFloor: fc.integer({ min: 2, max: 10 }) }),
        (texts, options) => {
          // ids out of input order, so the id tie-break is exercised apart from the index order.
          const docs = texts.map((text, i) => ({ id: String((i * 7) % 41).padStart(2, "0") + i, text }));
          expect(relatedArticles(docs, options)).toEqual(relatedReference(docs, options));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("feeds", () => {
  const item = fc.record({
    sortDate: fc.constantFrom("0000-01-01", "2024-01-01", "2024-01-05", "2024-02-01"),
    issueUrl: fc.constantFrom("/a/2024-01-05/", "/a/2024-01/", "/b/2024-01-05/"),
    index: fc.integer({ min: 1, max: 3 }),
    dated: fc.boolean(),
  });

  it("takes the first `cap` of the full stable sort, whatever the ties", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), fc.constantFrom(0, 1, 2, 5, 50, 2.5, -1), (items, cap) => {
        const list = items.map((x, k) => ({ ...x, url: `#${k}`, date: x.dated ? x.sortDate : null }) as unknown as SiteArticle);
        const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
        const expected = list.filter((a) => a.date).sort((a, b) => cmp(b.sortDate, a.sortDate) || cmp(a.issueUrl, b.issueUrl) || a.index - b.index).slice(0, cap);
        expect(feedArticles(list, cap).map((a) => a.url)).toEqual(expected.map((a) => a.url));
      }),
      { numRuns: 300 },
    );
  });
});

describe("lists in the page data", () => {
  // A seeded archive: two papers, dates that tie, units and columns that recur, people in one or two roles, and
  // unit names that collate equal in zh-CN though they differ (a zero-width space, NFD vs NFC).
  let seed = 11;
  const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
  const units = ["氧化铝厂", "氧化\u200b铝厂", "热电分厂", "矿业公司", "电解厂", null];
  const people = ["刘旭", "宋昕泽", "张三", "卫玲", "崔磊"];
  const roles: AuthorRole[] = ["writer", "reporter", "correspondent", "photographer"];
  const dates = ["2023-12-30", "2024-01", "2024-01-05", "2024-01-05", "2024-03-01", null];
  const issues: IssueRecord[] = Array.from({ length: 24 }, (_, k) => {
    const issueDate = dates[rnd(dates.length)]!;
    const paper = k % 3 ? "jinlv" : "gonghui";
    const articles: ArticleRecord[] = Array.from({ length: 1 + rnd(6) }, (_, i) => {
      const credits = Array.from({ length: rnd(4) }, () => ({ name: people[rnd(people.length)]!, role: roles[rnd(roles.length)]! }));
      return {
        index: i + 1, headline: `标题${k}-${i}`, kicker: null, subheadline: null, column: rnd(3) ? null : ["新闻特写", "安康杯"][rnd(2)]!,
        authors: [...new Set(credits.map((c) => c.name))], credits, byline: null, unit: units[rnd(units.length)]!, kind: roles[rnd(4)] === "writer" ? "literary" : "news",
        date: rnd(5) ? null : dates[rnd(dates.length)]!, dateline: null, body: [`正文${k}-${i}`], subheads: [], captions: [], source: { file: `f${k}.txt`, lines: [[1, 2]] },
      };
    });
    return {
      file: `content/${paper}/${String(k).padStart(3, "0")}.txt`, paper, paperName: paper, issueDate, issueDateSource: issueDate ? "filename" : "unknown",
      page: rnd(4) ? null : "p2", encoding: "utf-8", articles, unplaced: [], warnings: [], mojibakeRepaired: 0,
    };
  });
  // One article each for names that collate equal, so a tie of count and collation is certain.
  const once = ["铸造\u200b厂", "Cafe\u0301", "铸造厂", "Café"].map((unit, i) => ({ ...issues[0]!.articles[0]!, index: i + 1, unit }));
  issues.push({ ...issues[0]!, file: "content/jinlv/once.txt", issueDate: "2022-06-01", articles: once });
  const archive: Archive = {
    papers: [{ slug: "jinlv", name: "劲旅", publisher: null, description: null }, { slug: "gonghui", name: "工会报", publisher: null, description: null }],
    issues,
  };
  const data = buildSiteData(archive);
  const sorted = <T extends SiteArticle | { url: string; sortDate: string }>(list: readonly T[]) => [...list].sort(newestFirst as (a: T, b: T) => number);
  const urls = (list: readonly { url: string }[]) => list.map((x) => x.url);

  it("lists every unit's, person's, kind's and column's articles newest first, each article once", () => {
    for (const u of data.units) {
      expect(urls(u.articles)).toEqual(urls(sorted(data.articles.filter((a) => a.unit === u.name))));
      for (const p of u.papers) expect(urls(p.articles)).toEqual(urls(sorted(data.articles.filter((a) => a.unit === u.name && a.paper === p.paper))));
    }
    for (const au of data.authors) expect(urls(au.articles)).toEqual(urls(sorted(data.articles.filter((a) => a.credits.some((c) => c.name === au.name)))));
    for (const c of data.columns) {
      const items = data.columnPages.filter((p) => p.head.url === c.url).flatMap((p) => p.items);
      expect(urls(items)).toEqual(urls(sorted(data.articles.filter((a) => a.columnUrl === c.url))));
    }
    for (const k of data.kinds) {
      const items = data.kindPages.filter((p) => p.head.kind === k.kind && p.head.paper === null).flatMap((p) => p.items);
      expect(urls(items)).toEqual(urls(sorted(data.articles.filter((a) => a.kind === k.kind))));
    }
  });

  it("labels each person's role on each article from that article's credits", () => {
    const labels: Record<string, string> = { reporter: "记者", correspondent: "通讯员", writer: "作者", photographer: "摄影" };
    for (const au of data.authors) {
      for (const item of au.articles) {
        const mine = new Set(data.articles.find((a) => a.url === item.url)!.credits.filter((c) => c.name === au.name).map((c) => c.role));
        expect(item.roleLabel).toBe(["reporter", "correspondent", "writer", "photographer"].filter((r) => mine.has(r as AuthorRole)).map((r) => labels[r]).join("、"));
      }
    }
  });

  it("orders units by count, then by localeCompare, equal names in order of first appearance", () => {
    const firstSeen = [...new Set(data.articles.map((a) => a.unit).filter((u): u is string => !!u))];
    const count = (u: string) => data.articles.filter((a) => a.unit === u).length;
    const expected = [...firstSeen].sort((a, b) => count(b) - count(a) || a.localeCompare(b, "zh-CN"));
    expect(data.units.map((u) => u.name)).toEqual(expected);
    expect(expected.some((u, k) => k > 0 && u.localeCompare(expected[k - 1]!, "zh-CN") === 0)).toBe(true); // the case is exercised
  });

  it("gives collation places whose order is localeCompare's", () => {
    const names = ["氧化铝厂", "氧化\u200b铝厂", "Café", "Cafe\u0301", "矿业公司", "A", "Ａ", "厂", "廠", "张三", ""];
    const place = collationPlaces(names);
    for (const a of names) for (const b of names) expect(Math.sign(place.get(a)! - place.get(b)!), `${a} ${b}`).toBe(Math.sign(a.localeCompare(b, "zh-CN")));
  });
});

describe("bylines", () => {
  it("links the same names however often a cached pattern is reused, astral characters included", () => {
    const credits = [{ name: "𠮷田", url: "/a/", role: "writer" as const, roleLabel: "作者" }, { name: "张三", url: "/z/", role: "writer" as const, roleLabel: "作者" }];
    // 张三 is taken at its first occurrence (inside 张三丰: only names already placed are avoided).
    const first = linkByline("（张三丰 𠮷 田 张三）", credits);
    expect(first.parts.filter((p) => p.url).map((p) => p.text)).toEqual(["张三", "𠮷 田"]);
    for (let k = 0; k < 3; k++) expect(linkByline("（张三丰 𠮷 田 张三）", credits)).toEqual(first);
    expect(linkByline("本报记者 张三", credits).parts.map((p) => p.text)).toEqual(["本报记者 ", "张三"]);
    // 𠮷田 overlaps 𠮷田丰 placed before it, so the search goes on from inside 𠮷's surrogate pair to the next one.
    const astral = [{ ...credits[0]!, name: "𠮷田丰", url: "/b/" }, credits[0]!];
    expect(linkByline("𠮷田丰 𠮷田", astral).parts).toEqual([{ text: "𠮷田丰", url: "/b/" }, { text: " ", url: null }, { text: "𠮷田", url: "/a/" }]);
    // 王王 first overlaps 甲王 at 1–3; the search goes on from 2, where the next 王王 starts.
    const wang = [{ ...credits[1]!, name: "甲王", url: "/j/" }, { ...credits[1]!, name: "王王", url: "/w/" }];
    expect(linkByline("甲王王王", wang).parts).toEqual([{ text: "甲王", url: "/j/" }, { text: "王王", url: "/w/" }]);
  });
});

describe("data files on disk", () => {
  it("lists the same pages as a recursive readdir, leaving out 404.html and pagefind/", async () => {
    const dir = path.join(tmp, "site");
    for (const p of ["index.html", "404.html", "a/index.html", "a/b/index.html", "a/b/c.html", "x.html/index.html", "pagefind/p.html", "assets/s.js", "empty/"]) {
      const full = path.join(dir, p);
      mkdirSync(p.endsWith("/") ? full : path.dirname(full), { recursive: true });
      if (!p.endsWith("/")) writeFileSync(full, "x");
    }
    const reference = (await readdir(dir, { recursive: true, encoding: "utf8" }))
      .map((f) => f.split(path.sep).join("/"))
      .filter((f) => f.endsWith(".html") && f !== "404.html" && !f.startsWith("pagefind/"))
      .map((f) => `/${f.replace(/(^|\/)index\.html$/, "$1")}`)
      .sort();
    expect(await htmlPagePaths(dir)).toEqual(reference);
    expect(reference).toContain("/x.html/"); // a folder whose name ends in .html is listed too, as readdir lists it
  });

  it("writes every file, the last body of a path listed twice, and counts the bytes", async () => {
    const dir = path.join(tmp, "out");
    const files = Array.from({ length: 40 }, (_, k) => ({ path: `/d${k % 5}/f${k}.json`, body: `正文 ${k}` }));
    files.push({ path: "/d1/f1.json", body: "后来的" });
    const expected = files.reduce((n, f) => n + Buffer.byteLength(f.body), 0);
    const list = [...files];
    const bytes = await writeOutFiles(dir, list);
    expect(bytes).toBe(expected);
    expect(list).toEqual([]); // emptied as written: a body can be collected once it is on disk
    expect(readFileSync(path.join(dir, "d1", "f1.json"), "utf8")).toBe("后来的");
    expect(readFileSync(path.join(dir, "d4", "f39.json"), "utf8")).toBe("正文 39");
  });

  it("fails when a file cannot be written", async () => {
    const dir = path.join(tmp, "bad");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "taken"), "a file where a folder is wanted");
    await expect(writeOutFiles(dir, [{ path: "/ok.txt", body: "x" }, { path: "/taken/f.txt", body: "y" }])).rejects.toThrow(/ENOTDIR|EEXIST/);
  });
});
