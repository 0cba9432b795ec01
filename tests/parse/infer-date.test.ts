import { describe, expect, it } from "vitest";
import { inferDate } from "../../src/parse/infer-date.ts";
import { parseText } from "../../src/parse/pipeline.ts";
import { META } from "./helpers.ts";

const date = (t: string) => inferDate(t)?.date ?? null;

describe("inferDate", () => {
  it("a web meta line 时间:2024-04-25 gives the full date, over any date in the text", () => {
    const d = inferDate("来源:中铝集团 点击: 时间:2024-04-25\n2023年12月30日，公司召开会议。");
    expect(d).toMatchObject({ date: "2024-04-25", line: 1 });
  });

  it("reads \"2023 年 12 月 30 日\" with the spaces PDF extraction adds, to month precision", () => {
    expect(date("劲旅讯 2023 年 12 月 30\n日至 31 日，公司开展慰问。")).toBe("2023-12");
  });

  it("takes the latest date mentioned", () => {
    expect(date("2023年3月5日，活动启动。2023年11月20日，活动结束。2023年6月1日，中期检查。")).toBe("2023-11");
  });

  it("a month-day without a year takes the latest year the text names", () => {
    expect(date("2022年，公司开始改造。2023年5月20日，项目启动。6月3日，举行比赛。")).toBe("2023-06");
  });

  it("skips a date that ends a range (持续至2026年3月2日)", () => {
    expect(date("2023年6月1日开始，行动将持续至2026年3月2日。")).toBe("2023-06");
  });

  it("skips a deadline and a day a notice announces (请于…日前报送, 定于…停电)", () => {
    expect(date("各单位：请于 2025 年 10 月 20 日前将作品报送工会。\n工会\n2025 年 9 月 12 日")).toBe("2025-09");
    expect(date("我公司定于2023年12月26日对该线路停电检修。\n2023年12月20日")).toBe("2023-12");
    expect(date("2024年3月1日，公司召开会议，活动将于2024年5月10日举行。")).toBe("2024-03");
    // The eve of a day is no deadline: "国庆前夕" reports what happened.
    expect(date("2024年9月30日前夕，公司开展慰问。")).toBe("2024-09");
  });

  it("\"8月以来\" puts the issue after August", () => {
    expect(date("2023年3月5日，公司启动活动。8月以来，产量稳步提升。")).toBe("2023-09");
  });

  it("a year-end report that speaks of the next year is the January issue", () => {
    expect(date("2023年12月30日，回顾过去一年，展望崭新的 2024 年。")).toBe("2024-01");
    expect(date("2023年12月30日，回顾过去一年。")).toBe("2023-12");
  });

  it("a year alone gives the year", () => {
    expect(date("2023 年，公司发展良好。")).toBe("2023");
  });

  it("no date → null", () => {
    expect(inferDate("公司召开会议，部署工作。")).toBeNull();
  });

  it("ignores impossible dates", () => {
    expect(date("2023年13月40日，2023年2月1日，公司召开会议。")).toBe("2023-02");
  });

  it("reports the line of the date it used, offset by the first line", () => {
    expect(inferDate("公司召开会议。\n\n2023年5月20日，项目启动。", 5)).toMatchObject({ date: "2023-05", line: 7 });
  });

  it("the pipeline dates an undated issue from its text and marks the source 'inferred'", () => {
    const rec = parseText("本报讯 2023年5月20日，项目启动。", { ...META, issueDate: null, issueDateSource: "unknown" });
    expect(rec).toMatchObject({ issueDate: "2023-05", issueDateSource: "inferred" });
    expect(rec.articles[0]!.date).toBe("2023-05");
    expect(rec.warnings.some((w) => w.pass === "inferDate")).toBe(true);
  });

  it("the pipeline leaves an undated issue without any date in its text undated, with a warning", () => {
    const rec = parseText("本报讯 近日，项目启动。", { ...META, issueDate: null, issueDateSource: "unknown" });
    expect(rec).toMatchObject({ issueDate: null, issueDateSource: "unknown" });
    expect(rec.warnings[0]).toMatchObject({ pass: "inferDate", line: 1 });
  });
});
