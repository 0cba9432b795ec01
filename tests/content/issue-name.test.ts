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
    expect(() => parseIssueName("2024-02-30.txt", "content/p/2024-02-30.txt")).toThrow(/^content\/p\/2024-02-30\.txt: .*not a real date/);
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
    expect(() => checkIsoDate("2024/01/05", "f", "date")).toThrow(/not a date/);
    expect(() => checkIsoDate("2024-00", "f", "date")).toThrow(/not a real date/);
  });
});
