/**
 * Stable paging of long lists (site-lists.ts): blocks counted from the oldest article keep their URL and contents
 * when newer articles arrive, so an incremental build re-renders only a list's newest page, at most one new block
 * and the block next to it. Checked on paginate itself for any sizes (fast-check) and on whole site data grown by
 * one newer issue.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSiteData } from "../../src/site/site-data.ts";
import { dateSpan, paginate } from "../../src/site/site-lists.ts";
import type { ListPage } from "../../src/site/site-types.ts";
import type { ArticleRecord, IssueRecord } from "../../src/types.ts";

/** The i-th article of a list (0 = oldest), one per day from 2020-01-01: newer articles have later dates. */
function item(i: number) {
  const d = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
  return { url: `/a/${i}/`, date: d, sortDate: d };
}
const newestFirst = (n: number) => Array.from({ length: n }, (_, k) => item(n - 1 - k));

function pagesOf(n: number, size: number) {
  return paginate({ name: "电解厂" }, { count: n }, "/units/u-1/", newestFirst(n), size);
}

/** URLs of pages of `after` that are new or differ from the page at the same URL in `before`. */
function changed<P extends { url: string }>(before: readonly P[], after: readonly P[]): string[] {
  const old = new Map(before.map((p) => [p.url, JSON.stringify(p)]));
  return after.filter((p) => old.get(p.url) !== JSON.stringify(p)).map((p) => p.url);
}

describe("paginate", () => {
  it("keeps every older block as it was when newer articles are added", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 60 }), (size, n, added) => {
        const before = pagesOf(n, size);
        const after = pagesOf(n + added, size);
        const blocks = (ps: typeof before) => ps.filter((p) => p.block > 0);
        const newBlocks = blocks(after).length - blocks(before).length;
        for (const b of blocks(before)) {
          const a = after.find((p) => p.url === b.url);
          expect(a, b.url).toBeDefined();
          expect(a!.items).toEqual(b.items);
          // Only the block just below a newly split one may change, and then only in its link upwards.
          if (newBlocks > 0 && b.block === blocks(before).length) expect({ ...a!, newer: null }).toEqual({ ...b, newer: null });
          else expect(a).toEqual(b);
        }
        // The newest page, the new blocks and at most one neighbour: nothing else is re-rendered.
        expect(changed(before, after).length).toBeLessThanOrEqual(1 + newBlocks + (newBlocks > 0 ? 1 : 0));
      }),
      { numRuns: 200 },
    );
  });

  it("holds `size` articles on each block, counted from the oldest, and the rest newest first at the list's URL", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 400 }), (size, n) => {
        const pages = pagesOf(n, size);
        const [newest, ...blocks] = pages;
        expect(newest!.url).toBe("/units/u-1/");
        expect(newest!.block).toBe(0);
        expect(newest!.totals).toEqual({ count: n });
        // Between size and 2·size−1 on the newest page, or all of them in a short list.
        if (n < 2 * size) expect(pages).toHaveLength(1);
        else expect(newest!.items.length).toBeGreaterThanOrEqual(size), expect(newest!.items.length).toBeLessThan(2 * size);
        expect(pages.flatMap((p) => p.items)).toEqual(newestFirst(n));
        blocks.forEach((p, j) => {
          const k = blocks.length - j;
          expect(p.url).toBe(`/units/u-1/${k}/`);
          expect([p.block, p.from, p.to, p.items.length]).toEqual([k, (k - 1) * size + 1, k * size, size]);
          expect(p.items.at(-1)).toEqual(item((k - 1) * size)); // its oldest article is number (k−1)·size+1
          expect(p.totals).toBeNull();
          expect(p.head).toEqual({ name: "电解厂" });
        });
        // Each page links to its neighbours; the way up from the newest block is the list's own URL.
        pages.forEach((p, j) => {
          expect(p.newer?.url ?? null).toBe(j > 0 ? pages[j - 1]!.url : null);
          expect(p.older?.url ?? null).toBe(j < pages.length - 1 ? pages[j + 1]!.url : null);
        });
        if (blocks.length) expect(blocks[0]!.newer!.label).toBe("最新的文章");
      }),
      { numRuns: 150 },
    );
  });

  it("labels a page with the months it covers, or the days within one month", () => {
    const d = (date: string | null) => ({ date, sortDate: date ? (date.length === 7 ? `${date}-01` : date) : "0000-01-01" });
    expect(dateSpan([d("2019-07-20"), d("2019-05-02"), d("2019-03-09")])).toBe("2019年3月—2019年7月");
    expect(dateSpan([d("2024-03-28"), d("2024-03-02")])).toBe("2024年3月2日—2024年3月28日");
    expect(dateSpan([d("2024-03"), d("2024-03")])).toBe("2024年3月");
    expect(dateSpan([d("2024-03-05"), d(null)])).toBe("2024年3月5日");
    expect(dateSpan([d(null)])).toBe("日期不详");
  });
});

function article(index: number, over: Partial<ArticleRecord>): ArticleRecord {
  return {
    index, headline: `标题${index}`, kicker: null, subheadline: null, column: null, authors: ["张三"],
    credits: [{ name: "张三", role: "writer" }], byline: "（张三）", unit: null, kind: "news", date: null,
    dateline: null, body: [`正文${index}`], subheads: [], captions: [], source: { file: "x.txt", lines: [[1, 2]] }, ...over,
  };
}

/** Day k's issue of 劲旅: 10 articles, all by 张三 for 电解厂 in the column 新闻特写, every fifth a literary piece. */
function dayIssue(k: number): IssueRecord {
  const date = new Date(Date.UTC(2024, 0, 1 + k)).toISOString().slice(0, 10);
  return {
    file: `content/jinlv/${date}.txt`, paper: "jinlv", paperName: "劲旅", issueDate: date, issueDateSource: "filename", page: null,
    encoding: "utf-8", unplaced: [], warnings: [], mojibakeRepaired: 0,
    articles: Array.from({ length: 10 }, (_, i) => article(i + 1, { unit: "电解厂", column: "新闻特写", kind: (k * 10 + i) % 5 === 0 ? "literary" : "news" })),
  };
}

describe("site data grown by one newer issue", () => {
  const papers = [{ slug: "jinlv", name: "劲旅", publisher: null, description: null }];
  const before = buildSiteData({ papers, issues: Array.from({ length: 29 }, (_, k) => dayIssue(k)) });
  const after = buildSiteData({ papers, issues: Array.from({ length: 30 }, (_, k) => dayIssue(k)) });
  type Lists = "unitPages" | "authorPages" | "kindPages" | "columnPages";
  const lists: Lists[] = ["unitPages", "authorPages", "kindPages", "columnPages"];

  it("re-makes only each list's newest page, a new block and the block below it", () => {
    let unchangedBlocks = 0;
    for (const list of lists) {
      const b = before[list] as ListPage<unknown, unknown, { url: string }>[];
      const a = after[list] as ListPage<unknown, unknown, { url: string }>[];
      const diff = changed(b, a);
      const newest = a.filter((p) => p.block === 0).map((p) => p.url);
      const blocks = diff.filter((u) => !newest.includes(u));
      // 290 → 300 articles of 电解厂 by 张三 in 新闻特写 splits a second block off; the news list (232 → 240) does not.
      const split = a.filter((p) => p.block > 0).length - b.filter((p) => p.block > 0).length;
      expect(blocks.length, `${list}: ${blocks.join(" ")}`).toBe(split === 0 ? 0 : split + 1);
      unchangedBlocks += b.filter((p) => p.block > 0 && !diff.includes(p.url)).length;
      for (const p of b.filter((x) => x.block > 0)) expect(a.some((x) => x.url === p.url)).toBe(true);
    }
    expect(after.unitPages.map((p) => p.url)).toEqual([after.units[0]!.url, `${after.units[0]!.url}2/`, `${after.units[0]!.url}1/`]);
    expect(unchangedBlocks).toBeGreaterThanOrEqual(2); // the news kind's block and each list's block 1
  });

  it("puts the growing counts on the newest page only", () => {
    for (const list of lists) {
      for (const p of after[list] as ListPage<unknown, unknown>[]) expect(p.totals === null, `${list} ${p.url}`).toBe(p.block > 0);
    }
    expect(after.unitPages[0]!.totals!.count).toBe(300);
    expect(after.kindPages.find((p) => p.head.kind === "news" && p.head.paper === null)!.totals!.kindCount).toBe(240);
  });
});
