import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkIsoDate, isRealDate, parseIssueName } from "../../src/content/issue-name.ts";
import { parseFile } from "../../src/content/load-archive.ts";
import { InputError } from "../../src/errors.ts";
import { ISSUE, tempTree } from "./helpers.ts";

let cleanup = () => {};
afterEach(() => cleanup());

describe("issue file names", () => {
  it("reads the date of content/<paper>/<YYYY-MM-DD>.txt", () => {
    expect(parseIssueName("2024-01-05.txt", "f")).toEqual({ date: "2024-01-05", suffix: null, stem: "2024-01-05" });
  });

  it("a suffix after the date is the page: 2024-01-05-2.txt → page \"2\"", async () => {
    expect(parseIssueName("2024-01-05-2.txt", "f")).toMatchObject({ date: "2024-01-05", suffix: "2" });
    const t = tempTree({ "p/2024-01-05-2.txt": ISSUE });
    cleanup = t.cleanup;
    expect(await parseFile(path.join(t.dir, "p/2024-01-05-2.txt"))).toMatchObject({ issueDate: "2024-01-05", issueDateSource: "filename", page: "2" });
  });

  it("rejects 2024-02-30 as not a real date, naming the file", () => {
    expect(() => parseIssueName("2024-02-30.txt", "content/p/2024-02-30.txt")).toThrow(InputError);
    expect(() => parseIssueName("2024-02-30.txt", "content/p/2024-02-30.txt")).toThrow(/^content\/p\/2024-02-30\.txt: 文件名里的日期 "2024-02-30" 不是真实的日期：2024年没有2月30日$/);
  });

  it("knows leap years", () => {
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2023, 2, 29)).toBe(false);
    expect(isRealDate(2024, 13, 1)).toBe(false);
    expect(isRealDate(2024, 4, 31)).toBe(false);
  });

  it("a name without a date is still an issue, with no date", () => {
    expect(parseIssueName("special.txt", "f")).toEqual({ date: null, suffix: null, stem: "special" });
  });

  it("checkIsoDate allows month precision and refuses non-dates", () => {
    expect(checkIsoDate("2024-01", "f", "date")).toBe("2024-01");
    expect(() => checkIsoDate("2024-1-5-6", "f", "date")).toThrow(/^f: date "2024-1-5-6" 不是日期：请写成 2025-03-09/);
    expect(() => checkIsoDate("2024-00", "f", "date")).toThrow(/^f: date "2024-00" 不是真实的日期：2024年没有0月$/);
  });

  it.each([
    ["2025-03-09", "2025-03-09"],
    ["2025-3-9", "2025-03-09"],
    ["2025/3/9", "2025-03-09"],
    ["2025.3.9", "2025-03-09"],
    ["2025_03_09", "2025-03-09"],
    ["20250309", "2025-03-09"],
    ["2025年3月9日", "2025-03-09"],
    ["2025 年 3 月 9 日", "2025-03-09"],
    ["2025年3月9号", "2025-03-09"],
    ["２０２５年３月９日", "2025-03-09"],
    ["２０２５／３／９", "2025-03-09"],
    ["２０２５－０３－０９", "2025-03-09"],
    [" 2025-03-09 ", "2025-03-09"],
    ["2025年3月", "2025-03"],
    ["2025/3", "2025-03"],
  ])("accepts %j as an editor writes it → %s", (typed, iso) => {
    expect(checkIsoDate(typed, "f", "--date")).toBe(iso);
  });

  it.each([
    ["2025年2月30日", /^f: --date "2025年2月30日" 不是真实的日期：2025年没有2月30日$/],
    ["2025/13/1", /^f: --date "2025\/13\/1" 不是真实的日期：2025年没有13月$/],
    ["20250231", /^f: --date "20250231" 不是真实的日期：2025年没有2月31日$/],
    ["2025-3/9", /不是具体到日的日期/], // two different separators: no form of a date
    ["三月九日", /不是具体到日的日期/],
    ["2025年3月", /^f: --date "2025年3月" 不是具体到日的日期：请写成 2025-03-09、2025年3月9日、2025\/3\/9 或 20250309$/],
  ])("refuses %j in one Chinese line naming the value", (typed, message) => {
    expect(() => checkIsoDate(typed, "f", "--date", true)).toThrow(message);
  });

  it.each([["2025年3月9日"], ["20250309"], ["2025/3/9"], ["２０２５.３.９"]])("front matter date: %s is read as 2025-03-09", async (typed) => {
    const t = tempTree({ "x/issue.txt": ["---", `date: ${typed}`, "---", ISSUE].join("\n") });
    cleanup = t.cleanup;
    expect(await parseFile(path.join(t.dir, "x/issue.txt"), null, "x/issue.txt", { cache: null })).toMatchObject({ issueDate: "2025-03-09", issueDateSource: "frontmatter" });
  });
});
