/** site-data: URLs, counts, untitled display, calendars, people, units, kinds and related articles, on small hand-built archives. */
import { describe, expect, it } from "vitest";
import { buildSiteData, displayTitle } from "../../src/site/site-data.ts";
import { authorSlug, columnSlug, formatDate, formatLines, issueKey, paperUrlSlug, sortDate, unitSlug } from "../../src/site/site-keys.ts";
import { linkByline } from "../../src/site/byline-links.ts";
import { citation } from "../../src/site/citation.ts";
import { bandWeights, dfBand, hanBigrams, maxDocumentFrequency, relatedArticles } from "../../src/site/related.ts";
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


/**
 * Synthetic articles of 300 Han bigrams: a tenth from the article's topic (article i has topic i mod `topicCount`,
 * 30 bigrams each), the rest from 3,000 common ones — related articles should share a topic. Seeded, so reproducible.
 */
function topicCorpus(seed: number, topicCount: number, idDigits = 5) {
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const word = () => String.fromCodePoint(0x4e00 + Math.floor(rnd() * 6000), 0x4e00 + Math.floor(rnd() * 6000));
  const common = Array.from({ length: 3000 }, word);
  const topics = Array.from({ length: topicCount }, () => Array.from({ length: 30 }, word));
  const make = (i: number) => {
    const t = topics[i % topics.length]!;
    return { id: String(i).padStart(idDigits, "0"), text: Array.from({ length: 300 }, () => (rnd() < 0.1 ? t[Math.floor(rnd() * t.length)] : common[Math.floor(rnd() * common.length)])).join("") };
  };
  return { make, topics };
}
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

/* ───────────────────────── Browse: dates, authors, units, kinds, related ───────────────────────── */

/** A reproducible shuffle (so a failure can be replayed): the archive's file order must not matter. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const browseArchive: Archive = {
  papers: archive.papers,
  issues: [
    ...archive.issues,
    issue({
      file: "content/jinlv/2024-03-13.txt", issueDate: "2024-03-13", issueDateSource: "filename",
      articles: [
        article(1, { credits: [{ name: "刘旭", role: "reporter" }, { name: "宋昕泽", role: "correspondent" }], authors: ["刘旭", "宋昕泽"], byline: "本报记者 刘 旭 本报通讯员 宋昕泽", column: "新闻特写", unit: "中铝山西新材料", unitAsPrinted: "中铝山西新材料有限公司" }),
        article(2, { credits: [{ name: "刘旭", role: "photographer" }], authors: ["刘旭"], byline: "刘旭 摄", kind: "photo", unit: "中铝山西新材料" }),
        article(3, { kind: "literary", credits: [{ name: "卫敬强", role: "writer" }], authors: ["卫敬强"], byline: "◆ 卫敬强" }),
      ],
    }),
    issue({ file: "content/jinlv/2024-03-13-p2.txt", issueDate: "2024-03-13", issueDateSource: "filename", page: "p2", articles: [article(1, { unit: "中铝山西新材料" })] }),
  ],
};

describe("URLs that never move", () => {
  const data = buildSiteData(browseArchive);
  const urlsOf = (d: ReturnType<typeof buildSiteData>) => [
    ...d.papers, ...d.issues, ...d.articles, ...d.units, ...d.authors, ...d.columns, ...d.kindPages, ...d.yearPages,
  ].map((x) => x.url).sort();

  it("gives the same URL to every page whatever order the files are loaded in", () => {
    for (const seed of [1, 2, 3]) expect(urlsOf(buildSiteData({ ...browseArchive, issues: shuffled(browseArchive.issues, seed) }))).toEqual(urlsOf(data));
  });

  it("keeps every existing URL when an issue is re-parsed or another issue is added", () => {
    const reparsed = structuredClone(browseArchive);
    reparsed.issues[0]!.articles.reverse(); // parse order within the issue changes; indexes stay
    reparsed.issues.push(issue({ file: "content/gonghui/2025-05-05.txt", paper: "gonghui", issueDate: "2025-05-05", articles: [article(1, { unit: "氧化铝厂" })] }));
    const after = new Set(urlsOf(buildSiteData(reparsed)));
    for (const url of urlsOf(data)) expect(after.has(url), url).toBe(true);
  });

  it("names people and columns by hashes of their names, ASCII and stable", () => {
    const liu = data.authors.find((a) => a.name === "刘旭")!;
    expect(liu.url).toBe(`/authors/${authorSlug("刘旭")}/`);
    expect(liu.slug).toMatch(/^a-[0-9a-f]{8}$/);
    expect(data.columns[0]!.url).toBe(`/columns/${columnSlug("新闻特写")}/`);
    expect(new Set(data.authors.map((a) => a.url)).size).toBe(data.authors.length);
  });

  it("moves a paper whose folder name is a site section or a number out of the way", () => {
    expect(paperUrlSlug("jinlv")).toBe("jinlv");
    expect(paperUrlSlug("units")).toBe("paper-units");
    expect(paperUrlSlug("2024")).toBe("paper-2024");
    const d = buildSiteData({ papers: [{ slug: "dates", name: "日期报", publisher: null, description: null }], issues: [issue({ file: "x.txt", paper: "dates", issueDate: "2024-02-02", articles: [article(1)] })] });
    expect(d.articles[0]!.url).toBe("/paper-dates/2024-02-02/01/");
    expect(d.yearPages.map((y) => y.url)).toContain("/dates/2024/paper-dates/");
  });

  it("cuts long lists into blocks of 100 counted from the oldest, the rest on the list's own page", () => {
    const many = buildSiteData({ papers: archive.papers, issues: [issue({ file: "a/2024-05-01.txt", issueDate: "2024-05-01", articles: Array.from({ length: 250 }, (_, i) => article(i + 1, { unit: "电解厂" })) })] });
    const pages = many.unitPages.filter((p) => p.head.name === "电解厂");
    const base = many.units[0]!.url;
    // 250 = one block of the oldest 100 at <url>1/ and the newest 150 at the unit's own URL.
    expect(pages.map((p) => p.url)).toEqual([base, `${base}1/`]);
    expect(pages.map((p) => [p.block, p.from, p.to, p.items.length])).toEqual([[0, 101, 250, 150], [1, 1, 100, 100]]);
    const newestFirst = many.units[0]!.articles.map((a) => a.url);
    expect(pages.flatMap((p) => p.items.map((a) => a.url))).toEqual(newestFirst);
    expect(pages[0]!.older?.url).toBe(`${base}1/`);
    expect(pages[1]!.newer?.url).toBe(base);
    expect(pages[1]!.older).toBeNull();
    // Counts are on the newest page only; the block page carries only what does not change as the unit grows.
    expect(pages[0]!.totals?.count).toBe(250);
    expect(pages[1]!.totals).toBeNull();
  });
});

describe("calendars", () => {
  const data = buildSiteData(browseArchive);

  it("puts every day-dated issue on its own day, in the weekday column that day falls on", () => {
    for (const yp of data.yearPages) {
      const cells = yp.months.flatMap((m) => m.weeks.flatMap((w) => w.map((c, col) => ({ c, col }))));
      const mine = data.issues.filter((i) => (yp.paper === null || i.paper === yp.paper) && i.date && /^\d{4}-\d{2}-\d{2}$/.test(i.date) && i.date.startsWith(yp.year));
      for (const i of mine) {
        const hit = cells.find((x) => x.c?.date === i.date)!;
        expect(hit.c!.count).toBe(mine.filter((x) => x.date === i.date).length);
        expect(hit.col).toBe((new Date(`${i.date}T00:00:00Z`).getUTCDay() + 6) % 7); // Monday first
      }
      // Every cell with issues is backed by issues of that date, and nothing else is marked.
      const marked = cells.filter((x) => x.c && x.c.count > 0).map((x) => x.c!.date);
      expect([...new Set(mine.map((i) => i.date))].sort()).toEqual(marked.sort());
    }
  });

  it("links a day to its issue, or to the day's list when several pages share it", () => {
    const jinlv2024 = data.yearPages.find((y) => y.paper === "jinlv" && y.year === "2024")!;
    const cell = jinlv2024.months.flatMap((m) => m.weeks.flat()).find((c) => c?.date === "2024-03-13")!;
    expect(cell.count).toBe(2);
    expect(cell.url).toBe("#d-2024-03-13");
    const list = jinlv2024.months.find((m) => m.key === "2024-03")!.days.find((d) => d.anchor === "d-2024-03-13")!;
    expect(list.issues.map((i) => i.url)).toEqual(["/jinlv/2024-03-13/", "/jinlv/2024-03-13-p2/"]);
    const single = jinlv2024.months.flatMap((m) => m.weeks.flat()).find((c) => c?.date === "2024-03-01")!;
    expect(single.url).toBe("/jinlv/2024-03-01/");
  });

  it("shows a month-only date in its month, never on day 1, and undated issues apart", () => {
    const g = data.yearPages.find((y) => y.paper === "gonghui" && y.year === "2024")!;
    const jan = g.months.find((m) => m.key === "2024-01")!;
    expect(jan.monthOnly.map((i) => i.url)).toEqual(["/gonghui/2024-01/"]);
    expect(jan.weeks.flat().every((c) => !c || c.count === 0)).toBe(true);
    expect(g.strip.months[0]!.count).toBe(1);
    expect(g.strip.months[0]!.url).toBe("/dates/2024/gonghui/#m-2024-01");
    expect(data.dates.undated.map((i) => i.url)).toEqual(["/jinlv/000_5f169d79/"]);
    expect(data.yearPages.every((y) => y.months.every((m) => m.monthOnly.every((i) => i.url !== "/jinlv/000_5f169d79/")))).toBe(true);
  });

  it("counts issues per year and month, for all papers and per paper", () => {
    const dated = data.issues.filter((i) => i.date);
    expect(data.dates.years.reduce((n, y) => n + y.total, 0)).toBe(dated.length);
    const all2024 = data.yearPages.find((y) => y.paper === null && y.year === "2024")!;
    expect(all2024.papers.map((p) => [p.paper, p.count])).toEqual([["jinlv", 4], ["gonghui", 1]]);
    expect(all2024.strip.months.map((m) => m.count)).toEqual([2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(data.papers.find((p) => p.slug === "jinlv")!.years[0]!.url).toBe("/dates/2024/jinlv/");
    expect(data.issues.find((i) => i.key === "2024-03-01")!.yearUrl).toBe("/dates/2024/jinlv/");
    expect(formatDate("2024-01")).not.toMatch(/1日/);
  });
});

describe("authors, units, kinds and columns", () => {
  const data = buildSiteData(browseArchive);
  const records = browseArchive.issues.flatMap((i) => i.articles);

  it("counts each person's articles and roles as the credits say", () => {
    for (const au of data.authors) {
      const theirs = records.filter((r) => r.credits.some((c) => c.name === au.name) || r.authors.includes(au.name));
      expect(au.count, au.name).toBe(theirs.length);
      expect(au.articles.length).toBe(theirs.length);
    }
    const liu = data.authors.find((a) => a.name === "刘旭")!;
    expect(liu.roles.map((r) => [r.label, r.count])).toEqual([["记者", 1], ["摄影", 1]]);
    expect(liu.articles.map((a) => a.roleLabel).sort()).toEqual(["摄影", "记者"]);
    expect(data.authorsByPaper.find((p) => p.paper === "jinlv")!.authors.find((a) => a.name === "刘旭")!.roles).toBe("记者、摄影");
  });

  it("links each credited name in the byline as printed, spaced-out names included", () => {
    const a = data.articles.find((x) => x.url === "/jinlv/2024-03-13/01/")!;
    expect(a.bylineParts.map((p) => p.text).join("")).toBe("本报记者 刘 旭 本报通讯员 宋昕泽");
    expect(a.bylineParts.filter((p) => p.url).map((p) => [p.text, p.url])).toEqual([
      ["刘 旭", `/authors/${authorSlug("刘旭")}/`], ["宋昕泽", `/authors/${authorSlug("宋昕泽")}/`],
    ]);
    expect(linkByline("（张三丰 张三）", [{ name: "张三", url: "/z/", role: "writer", roleLabel: "作者" }]).parts.find((p) => p.url)!.text).toBe("张三");
    const extra = linkByline("记者 李俊华", [
      { name: "李俊华", url: "/l/", role: "reporter", roleLabel: "记者" }, { name: "米国伟", url: "/m/", role: "photographer", roleLabel: "摄影" },
    ]);
    expect(extra.extra.map((c) => c.name)).toEqual(["米国伟"]);
  });

  it("collapses unit variants into one page and lists the printed spellings", () => {
    const u = data.units.find((x) => x.name === "中铝山西新材料")!;
    expect(u.count).toBe(records.filter((r) => r.unit === "中铝山西新材料").length);
    expect(u.variants).toEqual(["中铝山西新材料有限公司"]);
    expect(data.unitPages.find((p) => p.head.name === "中铝山西新材料")!.totals!.variants).toEqual(["中铝山西新材料有限公司"]);
    expect(data.articles.find((x) => x.url === "/jinlv/2024-03-13/01/")!.unitAsPrinted).toBe("中铝山西新材料有限公司");
  });

  it("lists kinds across the archive and per paper, and columns", () => {
    const lit = data.kindPages.filter((p) => p.head.kind === "literary");
    expect(lit.map((p) => p.url).sort()).toEqual(["/kinds/literary/", "/kinds/literary/jinlv/"]);
    expect(lit[0]!.items.length).toBe(records.filter((r) => r.kind === "literary").length);
    const photo = data.kinds.find((k) => k.kind === "photo")!;
    expect(photo.count).toBe(records.filter((r) => r.kind === "photo").length);
    expect(data.papers.find((p) => p.slug === "jinlv")!.kinds.map((k) => k.kind).sort()).toEqual(["literary", "photo"]);
    expect(data.columns.map((c) => [c.name, c.count])).toEqual([["新闻特写", 1]]);
    expect(data.articles.find((x) => x.column)!.columnUrl).toBe(data.columns[0]!.url);
  });

  it("writes a GB/T 7714 style citation", () => {
    const a = data.articles.find((x) => x.url === "/jinlv/2024-03-13/01/")!;
    expect(a.citation).toBe("刘旭, 宋昕泽. 标题1[N/OL]. 劲旅, 2024-03-13.");
    expect(citation({ names: ["甲", "乙", "丙", "丁"], title: "题", untitled: false, paperName: "报", date: null, page: "p2" })).toBe("甲, 乙, 丙, 等. 题[N/OL]. 报, 日期不详(p2).");
    expect(citation({ names: [], title: "开头…", untitled: true, paperName: "报", date: "2024-01", page: null })).toBe("[无标题] 开头…[N/OL]. 报, 2024-01.");
  });

  it("lists more from the unit without the article itself", () => {
    for (const a of data.articles) {
      expect(a.sameUnit.every((s) => s.url !== a.url && s.unit === a.unit)).toBe(true);
      expect(a.related.every((s) => s.url !== a.url && !a.sameUnit.some((u) => u.url === s.url))).toBe(true);
    }
  });
});

describe("related articles", () => {
  // Three articles about 郝跃鹏's visit to the 矿山 and a mine-safety drill, and three about other things.
  const docs = [
    { id: "a", text: "郝跃鹏在矿山调研安全生产，察看娄烦铝矿采剥现场。" },
    { id: "b", text: "娄烦铝矿采剥工区迎来郝跃鹏调研，矿山安全生产形势稳定。" },
    { id: "c", text: "热电分厂开展迎峰度冬检修，锅炉运行平稳。" },
    { id: "d", text: "职工书画展在文化宫开幕，展出作品百余件。" },
    { id: "e", text: "娄烦铝矿采剥工区开展矿山救护演练。" },
    { id: "f", text: "文化宫举办职工书画展，作品百余件。" },
  ];

  it("relates articles that share rare bigrams, never an article to itself", () => {
    const r = relatedArticles(docs, { minShared: 2, maxDfFloor: 3 });
    r.forEach((list, i) => expect(list).not.toContain(i));
    expect(r[0]![0]).toBe(1); // a ↔ b share 郝跃鹏, 娄烦铝矿, 采剥, 调研
    expect(r[1]![0]).toBe(0);
    expect(r[3]).toEqual([5]); // the calligraphy exhibition pair
    expect(r[2]).toEqual([]); // nothing else is about the boiler
  });

  it("is deterministic and independent of input order (ties broken by id)", () => {
    const byId = (list: typeof docs) => {
      const r = relatedArticles(list, { minShared: 2, maxDfFloor: 3 });
      return Object.fromEntries(list.map((d, i) => [d.id, r[i]!.map((j) => list[j]!.id)]));
    };
    const once = byId(docs);
    expect(byId(docs)).toEqual(once);
    expect(byId(shuffled(docs, 7))).toEqual(once);
    expect(byId([...docs].reverse())).toEqual(once);
  });

  it("reads Han bigrams only, without 的 and across no punctuation", () => {
    const decode = (k: number) => String.fromCodePoint(0x4e00 + Math.floor(k / 0x8000)) + String.fromCodePoint(0x4e00 + (k % 0x8000));
    expect([...hanBigrams("电解厂，职工 AB 厂的职工")].map(decode).sort()).toEqual(["电解", "解厂", "职工"].sort()); // no 厂职 across 的
    expect(maxDocumentFrequency(50)).toBe(3);
    expect(maxDocumentFrequency(1000)).toBe(50);
    expect(maxDocumentFrequency(30000)).toBe(200);
  });

  it("weighs bigrams by document-frequency band, rarer bands more, and stops moving the weights with N at 4,000 articles", () => {
    expect([2, 3, 4, 8, 9, 32, 33, 200].map(dfBand)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    for (const n of [6, 50, 1000, 4000, 30000]) {
      const w = bandWeights(n);
      const usable = w.slice(0, dfBand(Math.min(maxDocumentFrequency(n), n - 1)) + 1); // bands a kept bigram can be in
      expect(usable.every((x) => x > 0)).toBe(true);
      for (let b = 1; b < usable.length; b++) expect(usable[b]!).toBeLessThan(usable[b - 1]!);
    }
    expect(bandWeights(30000)).toEqual(bandWeights(4000));
    expect(bandWeights(3000)).not.toEqual(bandWeights(4000));
  });

  it("adding articles changes the related lists of older articles only where a new article joins them", () => {
    // 4,200 articles of 400 topics (generator as below), then 30 more of the same topics: an issue added to a
    // large archive. Plain tf-idf (idf = ln(N/df), rarest-64 query by exact df, cosine norm) changed 490 of these
    // 4,200 lists, 351 of them without listing a new article (measured); every such list is a page to re-render.
    // related.ts's bands change 166, 3 of them without a new article, with the same share within topics (0.92).
    const { make, topics } = topicCorpus(11, 400);
    const n = 4200;
    const before = Array.from({ length: n }, (_, i) => make(i));
    const after = [...before, ...Array.from({ length: 30 }, (_, k) => make(n + k))];
    const r0 = relatedArticles(before);
    const r1 = relatedArticles(after);
    let changed = 0;
    let withoutNew = 0;
    for (let i = 0; i < n; i++) {
      if (r0[i]!.join() === r1[i]!.join()) continue;
      changed++;
      if (!r1[i]!.some((j) => j >= n)) withoutNew++;
    }
    expect(changed).toBeGreaterThan(0); // the new articles do join some lists
    expect(withoutNew).toBeLessThanOrEqual(n / 100);
    const sameTopic = r1.flatMap((list, i) => list.map((j) => j % topics.length === i % topics.length)).filter(Boolean).length;
    expect(sameTopic / r1.flat().length).toBeGreaterThan(0.8);
  });

  it("relates 1,000 articles in linear time (inverted index, no all-pairs pass)", () => {
    const { make, topics } = topicCorpus(5, 40, 4);
    const many = Array.from({ length: 1000 }, (_, i) => make(i));
    const t0 = performance.now();
    const r = relatedArticles(many);
    const ms = performance.now() - t0;
    console.log(`[related] 1,000 synthetic articles (~600 characters each): ${ms.toFixed(0)} ms`);
    // Articles of one topic find each other: most related lists stay within the topic.
    const sameTopic = r.flatMap((list, i) => list.map((j) => j % topics.length === i % topics.length)).filter(Boolean).length;
    expect(sameTopic / r.flat().length).toBeGreaterThan(0.9);
    expect(ms).toBeLessThan(15_000); // ≈ 0.3–0.5 s measured; the bound only catches an accidental O(N²)
  });
});
