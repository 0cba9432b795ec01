/**
 * What the search page says (templates/assets/search-text.js), with rank.js's real query parser: the status line in
 * each state of a search, the hints for a search that found nothing, the month range, and the state in the URL.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error — a browser module without types, loaded by the search page as it is
import { parseQuery } from "../../templates/assets/rank.js";
// @ts-expect-error — a browser module without types, loaded by the search page as it is
import { archiveMonthList, dateLabel, monthsBetween, nearestNames, noResultHints, stateUrl, summary, urlState } from "../../templates/assets/search-text.js";

const ranker = (exactCount: number | null, total: number) => ({ exactCount, total });

describe("the status line", () => {
  it("states exact matches first, then the rest, never 候选", () => {
    const q = parseQuery("安全生产");
    expect(summary(q, ranker(11, 34), 10)).toBe("共 11 篇含“安全生产”，另有 23 篇含其中的字词");
    expect(summary(q, ranker(11, 11), 10)).toBe("共 11 篇含“安全生产”");
    expect(summary(q, ranker(0, 5), 5)).toBe("没有文章含“安全生产”，以下 5 篇含其中的字词");
    expect(summary(q, ranker(null, 40), 10)).toBe("共 40 篇含“安全生产”或其中的字词，完整含“安全生产”的排在前面");
    expect(summary(q, ranker(0, 0), 0)).toBe("没有找到含“安全生产”的文章");
    const quoted = parseQuery("“安全生产”");
    expect(summary(quoted, ranker(null, 40), 10)).toBe("已找到 10 篇含“安全生产”的文章，其余的还在查找");
    expect(summary(quoted, ranker(12, 40), 12)).toBe("共 12 篇含“安全生产”");
    expect(summary(parseQuery("安全 生产"), ranker(3, 3), 3)).toBe("共 3 篇含“安全”和“生产”");
    for (const [e, t] of [[null, 40], [0, 0], [3, 9]] as const) expect(summary(q, ranker(e, t), 10)).not.toContain("候选");
  });

  it("says when a traditional query was searched in simplified characters", () => {
    expect(summary(parseQuery("安全生产"), ranker(11, 11), 10, "安全生產")).toBe("共 11 篇含“安全生产”（“安全生產”按简体字查找）");
  });
});

describe("hints for a search that found nothing", () => {
  const names = { unit: { 电解厂: 5, 电解四车间: 2, 包头市总工会: 9 }, author: { 张俊峰: 1, 张申: 1, 卫玲: 2 } };

  it("offers the query without quotes, one character fewer, and the names sharing most of its characters", () => {
    const labels = noResultHints(parseQuery("“张俊锋”"), names).map((h: { label: string }) => h.label);
    expect(labels).toEqual(["去掉引号：张俊锋", "少一个字：张俊", "少一个字：俊锋", "作者：张俊峰"]);
    const hints = noResultHints(parseQuery("电解车间"), names);
    expect(hints.map((h: { label: string }) => h.label)).toEqual(["少一个字：电解车", "少一个字：解车间", "单位：电解四车间", "单位：电解厂"]);
    expect(hints.at(-2).params).toEqual({ unit: "电解四车间" });
    expect(noResultHints(parseQuery("安全 生产"), names).map((h: { label: string }) => h.label)).toEqual(["只搜“安全”", "只搜“生产”"]);
  });

  it("names only those sharing two of the query's characters (one, for a one-character query)", () => {
    expect(nearestNames(parseQuery("张强"), names)).toEqual([]);
    expect(nearestNames(parseQuery("玲"), names).map((n: { name: string }) => n.name)).toEqual(["卫玲"]);
  });
});

describe("the month range", () => {
  it("spans years and lists the archive's months", () => {
    expect(monthsBetween("2023-11", "2024-02")).toEqual(["2023-11", "2023-12", "2024-01", "2024-02"]);
    expect(monthsBetween("2024-03", "2024-03")).toEqual(["2024-03"]);
    expect(monthsBetween(undefined, "2024-03")).toEqual([]);
    expect(archiveMonthList({ month: { "2024-09": 2, "2024-01": 30 } })).toEqual(["2024-01", "2024-09"]);
    // A month list cut to the most frequent gives way to every month of the archive's years.
    const cut = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`, 1]));
    expect(archiveMonthList({ month: cut, year: { 2000: 1, 2010: 1 } })).toHaveLength(11 * 12);
  });
});

describe("the search state in the URL", () => {
  const names = ["paper", "unit", "author", "year", "kind"];
  const months = ["2023-11", "2023-12", "2024-01", "2024-02"];

  it("reads the query, filters, a month range (ends swapped if reversed, an open end the archive's) and sort", () => {
    const s = urlState(new URLSearchParams("q=电解厂&unit=电解厂&from=2024-02&to=2023-12&sort=date&bogus=1"), names, months);
    expect(s).toEqual({ q: "电解厂", filters: { unit: "电解厂", month: { any: ["2023-12", "2024-01", "2024-02"] } }, range: { from: "2023-12", to: "2024-02" }, sort: "new" });
    expect(urlState(new URLSearchParams("from=2024-01"), names, months).filters.month).toEqual({ any: ["2024-01", "2024-02"] });
    expect(urlState(new URLSearchParams("from=2024-1&sort=x"), names, months)).toEqual({ q: "", filters: {}, range: {}, sort: "" });
  });

  it("writes the same state back, and nothing else", () => {
    const s = urlState(new URLSearchParams("q= 安全 &year=2024&from=2023-12&sort=old"), names, months);
    const url = stateUrl(s, names, "http://x/search/?q=old&hl=1#top");
    expect(url.pathname + url.search + url.hash).toBe(`/search/?q=${encodeURIComponent("安全")}&year=2024&from=2023-12&sort=old#top`);
    expect(urlState(url.searchParams, names, months)).toEqual({ ...s, q: "安全" });
  });

  it("labels a date as far as it is known", () => {
    expect([dateLabel("2024-04-05"), dateLabel("2024-12"), dateLabel("2024")]).toEqual(["2024年4月5日", "2024年12月", "2024年"]);
  });
});
