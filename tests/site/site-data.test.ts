/** site-data: URLs, counts, untitled display and unit grouping, on a small hand-built archive. */
import { describe, expect, it } from "vitest";
import { buildSiteData, displayTitle } from "../../src/site/site-data.ts";
import { formatDate, formatLines, issueKey, sortDate, unitSlug } from "../../src/site/site-keys.ts";
import type { Archive, ArticleRecord, IssueRecord } from "../../src/types.ts";

function article(index: number, over: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    index, headline: `标题${index}`, kicker: null, subheadline: null, column: null, authors: ["张三"],
    credits: [{ name: "张三", role: "writer" }], byline: "（张三）", unit: null, kind: "news", date: null,
    dateline: null, body: [`正文${index}`], subheads: [], captions: [], source: { file: "x.txt", lines: [[1, 2]] },
    ...over,
  };
}

function issue(over: Partial<IssueRecord> & Pick<IssueRecord, "file">): IssueRecord {
  return {
    paper: "jinlv", paperName: "劲旅", issueDate: null, issueDateSource: "unknown", page: null, encoding: "utf-8",
    articles: [], unplaced: [], warnings: [], mojibakeRepaired: 0, ...over,
  };
}

const archive: Archive = {
  papers: [
    { slug: "jinlv", name: "劲旅", publisher: "中铝山西新材料有限公司党委", description: null },
    { slug: "gonghui", name: "工会报", publisher: null, description: null },
  ],
  issues: [
    issue({
      file: "content/jinlv/2024-03-01.txt", issueDate: "2024-03-01", issueDateSource: "filename",
      articles: [article(1, { unit: "氧化铝厂" }), article(2, { headline: null, body: ["劲旅讯 踏雪矿山行，浓情暖人心。2023 年 12 月 30 日至 31 日，元旦假期期间"], unit: "矿业公司" })],
      unplaced: [{ text: "主 管 主 办", lines: [1, 1], reason: "masthead" }],
    }),
    issue({
      file: "content/jinlv/2024-01-05-p2.txt", issueDate: "2024-01-05", issueDateSource: "filename", page: "p2",
      articles: [article(1, { unit: "氧化铝厂", kind: "photo", captions: ["图为职工在检修"] })],
    }),
    issue({
      file: "content/jinlv/000_5f169d79.txt", issueDate: null,
      articles: Array.from({ length: 11 }, (_, i) => article(i + 1)),
    }),
    issue({
      file: "content/gonghui/003_ab.txt", paper: "gonghui", paperName: "工会报", issueDate: "2024-01", issueDateSource: "inferred",
      articles: [article(1, { unit: "氧化铝厂", subheads: [1], body: ["第一段", "小标题", "第二段"] })],
    }),
  ],
};

describe("buildSiteData", () => {
  const data = buildSiteData(archive);

  it("gives articles stable URLs from paper, issue date (+page) or file stem, and a 2-digit number", () => {
    const urls = data.articles.map((a) => a.url);
    expect(urls).toContain("/jinlv/2024-03-01/01/");
    expect(urls).toContain("/jinlv/2024-01-05-p2/01/");
    expect(urls).toContain("/jinlv/000_5f169d79/11/");
    expect(urls).toContain("/gonghui/2024-01/01/");
    expect(new Set(urls).size).toBe(urls.length);
    // Same input, same URLs — and issue order in the archive does not matter.
    const again = buildSiteData({ ...archive, issues: [...archive.issues].reverse() });
    expect(again.articles.map((a) => a.url).sort()).toEqual([...urls].sort());
  });

  it("sorts issues by date, undated last, and links prev/next within a paper", () => {
    const jinlv = data.issues.filter((i) => i.paper === "jinlv");
    expect(jinlv.map((i) => i.key)).toEqual(["2024-01-05-p2", "2024-03-01", "000_5f169d79"]);
    expect(jinlv[0]!.prev).toBeNull();
    expect(jinlv[0]!.next?.url).toBe("/jinlv/2024-03-01/");
    expect(jinlv[1]!.prev?.url).toBe("/jinlv/2024-01-05-p2/");
  });

  it("counts issues and articles per paper and overall, with a date range", () => {
    const jinlv = data.papers.find((p) => p.slug === "jinlv")!;
    expect(jinlv.issueCount).toBe(3);
    expect(jinlv.articleCount).toBe(14);
    expect(jinlv.firstDate).toBe("2024-01-05");
    expect(jinlv.lastDate).toBe("2024-03-01");
    expect(jinlv.dateRangeLabel).toBe("2024年1月5日 — 2024年3月1日");
    expect(jinlv.latestIssues[0]!.key).toBe("000_5f169d79");
    expect(data.totals).toMatchObject({ papers: 2, issues: 4, articles: 15, units: 2, unplaced: 1 });
  });

  it("titles a headline-less article by the start of its body and marks it untitled", () => {
    const a = data.articles.find((x) => x.url === "/jinlv/2024-03-01/02/")!;
    expect(a.untitled).toBe(true);
    expect(a.title).toBe("劲旅讯 踏雪矿山行，浓情暖人心。2023 年 1…");
    expect(Array.from(a.title.replace("…", "")).length).toBe(24);
    expect(data.issues.find((i) => i.key === "2024-03-01")!.toc[1]!.untitled).toBe(true);
    expect(displayTitle({ headline: null, body: ["短文"], captions: [] })).toEqual({ title: "短文", untitled: true });
    expect(displayTitle({ headline: null, body: [], captions: [] })).toEqual({ title: "无标题", untitled: true });
    expect(displayTitle({ headline: "有标题", body: [], captions: [] }).untitled).toBe(false);
  });

  it("groups units across papers with counts and newest-first article lists", () => {
    const u = data.units.find((x) => x.name === "氧化铝厂")!;
    expect(u.count).toBe(3);
    expect(u.slug).toBe(unitSlug("氧化铝厂"));
    expect(u.slug).toMatch(/^u-[0-9a-f]{8}$/);
    expect(u.url).toBe(`/units/${u.slug}/`);
    expect(u.papers.map((p) => [p.paper, p.count])).toEqual([["jinlv", 2], ["gonghui", 1]]);
    expect(u.articles.map((a) => a.sortDate)).toEqual(["2024-03-01", "2024-01-05", "2024-01-01"]);
    expect(data.unitsByPaper.find((p) => p.paper === "jinlv")!.units.map((x) => x.name)).toEqual(["氧化铝厂", "矿业公司"]);
    const a = data.articles.find((x) => x.url === "/jinlv/2024-03-01/01/")!;
    expect(a.unitUrl).toBe(u.url);
  });

  it("pads month dates for sorting, keeps years for filters, and marks subheads", () => {
    const g = data.articles.find((x) => x.paper === "gonghui")!;
    expect(g.sortDate).toBe("2024-01-01");
    expect(g.dateLabel).toBe("2024年1月");
    expect(g.year).toBe("2024");
    expect(g.blocks.map((b) => b.type)).toEqual(["p", "h2", "p"]);
    const undated = data.articles.find((x) => x.issueKey === "000_5f169d79")!;
    expect(undated.sortDate).toBe("0000-01-01");
    expect(undated.year).toBeNull();
    expect(data.years).toEqual(["2024"]);
  });

  it("gives two undated-looking issues with the same inferred key distinct keys from their file stems", () => {
    const twin = buildSiteData({
      papers: archive.papers,
      issues: [issue({ file: "a/001.txt", issueDate: "2024-01", articles: [article(1)] }), issue({ file: "a/002.txt", issueDate: "2024-01", articles: [article(1)] })],
    });
    expect(twin.issues.map((i) => i.key).sort()).toEqual(["2024-01-001", "2024-01-002"]);
  });

  it("puts issues of unknown papers under a loose paper instead of dropping them", () => {
    const loose = buildSiteData({ papers: [], issues: [issue({ file: "x.txt", paper: null, issueDate: "2024-02-02", articles: [article(1)] })] });
    expect(loose.papers.map((p) => p.slug)).toEqual(["loose"]);
    expect(loose.articles[0]!.url).toBe("/loose/2024-02-02/01/");
  });
});

describe("site keys", () => {
  it("keeps issue keys ASCII even for Chinese page labels", () => {
    expect(issueKey({ issueDate: "2024-04-25", page: "第三版", file: "f.txt" })).toMatch(/^2024-04-25-p[0-9a-f]{6}$/);
    expect(issueKey({ issueDate: "2024-04-25", page: "第三版", file: "f.txt" })).toBe(issueKey({ issueDate: "2024-04-25", page: "第三版", file: "g.txt" }));
    expect(issueKey({ issueDate: null, page: null, file: "content/x/Some File.txt" })).toBe("some-file");
  });

  it("formats dates and line ranges in Chinese", () => {
    expect(formatDate("2024-04-05")).toBe("2024年4月5日");
    expect(formatDate("2024-04")).toBe("2024年4月");
    expect(formatDate(null)).toBe("日期不详");
    expect(formatLines([[43, 99]])).toBe("第 43–99 行");
    expect(formatLines([[1, 1], [5, 8]])).toBe("第 1、5–8 行");
    expect(sortDate("2024-04")).toBe("2024-04-01");
  });
});
