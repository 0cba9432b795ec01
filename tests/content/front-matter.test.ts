import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { splitFrontMatter } from "../../src/content/front-matter.ts";
import { parseFile } from "../../src/content/load-archive.ts";
import { InputError } from "../../src/errors.ts";
import { ISSUE, tempTree } from "./helpers.ts";

let cleanup = () => {};
afterEach(() => cleanup());

function errorOf(f: () => unknown): InputError {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(InputError); return e as InputError; }
  throw new Error("expected an InputError");
}

describe("front matter", () => {
  it("is optional", () => {
    expect(splitFrontMatter("本报讯 正文。", "a.txt")).toEqual({ data: {}, body: "本报讯 正文。", lineOffset: 0 });
  });

  it("reads paper, paperName, date and page and counts its lines", () => {
    const s = splitFrontMatter(["---", "paper: jinlv", "paperName: 劲旅", "date: 2024-03-05", "page: 2", "---", "正文。"].join("\n"), "a.txt");
    expect(s).toEqual({ data: { paper: "jinlv", paperName: "劲旅", date: "2024-03-05", page: "2" }, body: "正文。", lineOffset: 6 });
  });

  it("overrides the file name's date and suffix, and the folder's paper", async () => {
    const raw = ["---", "date: 2024-03-05", "paper: other", "paperName: 另一报", "page: A3", "---", ISSUE].join("\n");
    const t = tempTree({ "jinlv/2024-01-01-2.txt": raw });
    cleanup = t.cleanup;
    const rec = await parseFile(path.join(t.dir, "jinlv/2024-01-01-2.txt"), { slug: "jinlv", name: "劲旅", publisher: null, description: null });
    expect(rec).toMatchObject({ issueDate: "2024-03-05", issueDateSource: "frontmatter", paper: "other", paperName: "另一报", page: "A3" });
    expect(rec.articles.every((a) => a.date === "2024-03-05")).toBe(true);
  });

  it("article line numbers still point into the raw file", async () => {
    const raw = ["---", "date: 2024-03-05", "---", "", ISSUE].join("\n");
    const t = tempTree({ "x/2024-01-01.txt": raw });
    cleanup = t.cleanup;
    const file = path.join(t.dir, "x/2024-01-01.txt");
    const rec = await parseFile(file);
    const rawLines = readFileSync(file, "utf8").split("\n");
    expect(rec.articles).toHaveLength(2);
    for (const a of rec.articles) {
      const [from, to] = a.source.lines[0]!;
      expect(rawLines[from - 1]).toMatch(/^劲旅讯/);
      expect(rawLines.slice(from - 1, to).join("")).toContain(a.body[0]!.slice(0, 10));
    }
  });

  it("invalid YAML → InputError naming the file and the raw line", () => {
    const e = errorOf(() => splitFrontMatter(["---", "date: 2024-03-05", "paper: [jinlv", "page: 2", "---", "正文。"].join("\n"), "bad.txt"));
    expect(e.file).toBe("bad.txt");
    expect(e.message).toMatch(/^bad\.txt:\d+: 文件头不是有效的 YAML/);
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.line).toBeLessThanOrEqual(5);
  });

  it("front matter that is never closed → InputError at line 1", () => {
    const e = errorOf(() => splitFrontMatter(["---", "date: 2024-03-05", "正文。"].join("\n"), "open.txt"));
    expect(e.message).toBe("open.txt:1: 文件头以 --- 开始，却没有以 --- 结束");
  });

  it("front matter that is not a mapping → InputError", () => {
    expect(() => splitFrontMatter(["---", "- a", "- b", "---", "x"].join("\n"), "list.txt")).toThrow(/^list\.txt:2: 文件头必须是 YAML 映射/);
  });

  it("an impossible front matter date is refused with the file named", async () => {
    const t = tempTree({ "x/issue.txt": ["---", "date: 2024-02-30", "---", ISSUE].join("\n") });
    cleanup = t.cleanup;
    await expect(parseFile(path.join(t.dir, "x/issue.txt"), null, "x/issue.txt")).rejects.toThrow(/^x\/issue\.txt: 文件头的 date: "2024-02-30" 不是真实的日期：2024年没有2月30日$/);
  });
});
