import { afterEach, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { ISSUE, tempTree } from "./helpers.ts";

let cleanup = () => {};
afterEach(() => cleanup());

describe("loadArchive", () => {
  it("reads each paper folder, using paper.yaml's name", async () => {
    const t = tempTree({
      "content/jinlv/paper.yaml": "name: 劲旅\npublisher: 中铝山西新材料\n",
      "content/jinlv/2024-01-05.txt": ISSUE,
      "content/other/2024-01-06.txt": ISSUE,
    });
    cleanup = t.cleanup;
    const a = await loadArchive(`${t.dir}/content`, t.dir);
    expect(a.errors).toEqual([]);
    expect(a.papers).toEqual([
      { slug: "jinlv", name: "劲旅", publisher: "中铝山西新材料", description: null },
      { slug: "other", name: "other", publisher: null, description: null },
    ]);
    expect(a.issues.map((i) => [i.file, i.paper, i.paperName, i.issueDate])).toEqual([
      ["content/jinlv/2024-01-05.txt", "jinlv", "劲旅", "2024-01-05"],
      ["content/other/2024-01-06.txt", "other", "other", "2024-01-06"],
    ]);
  });

  it("a file of blank lines and a folder whose name is no slug are refused; the rest still loads", async () => {
    const t = tempTree({
      "content/jinlv/2024-01-05.txt": ISSUE,
      "content/jinlv/2024-01-06.txt": "\n  \n\u3000\n",
      "content/a&b/2024-01-07.txt": ISSUE,
    });
    cleanup = t.cleanup;
    const a = await loadArchive(`${t.dir}/content`, t.dir);
    expect(a.issues.map((i) => i.file)).toEqual(["content/jinlv/2024-01-05.txt"]);
    expect(a.errors.map((e) => e.message).sort()).toEqual([
      expect.stringMatching(/^content\/a&b: content\/ 里的报纸文件夹 "a&b" 不能用作报纸目录名/),
      expect.stringMatching(/^content\/jinlv\/2024-01-06\.txt: 文件里只有空行或空白，没有文字/),
    ]);
  });

  it("two files claiming the same paper and date → an error naming both", async () => {
    const t = tempTree({
      "content/jinlv/2024-01-05.txt": ISSUE,
      "content/jinlv/extra.txt": `---\ndate: 2024-01-05\n---\n${ISSUE}`,
    });
    cleanup = t.cleanup;
    const a = await loadArchive(`${t.dir}/content`, t.dir);
    expect(a.errors).toHaveLength(1);
    expect(a.errors[0]!.message).toMatch(/content\/jinlv\/extra\.txt.*与 content\/jinlv\/2024-01-05\.txt 是同一报纸同一日期/);
  });

  it("the same date on different pages is not a clash", async () => {
    const t = tempTree({ "content/jinlv/2024-01-05-1.txt": ISSUE, "content/jinlv/2024-01-05-2.txt": ISSUE });
    cleanup = t.cleanup;
    expect((await loadArchive(`${t.dir}/content`, t.dir)).errors).toEqual([]);
  });

  it("a bad file reports an error naming it while the good files still parse", async () => {
    const t = tempTree({
      "content/jinlv/2024-01-05.txt": ISSUE,
      "content/jinlv/2024-01-06.txt": "",
      "content/jinlv/2024-01-07.txt": Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]),
      "content/jinlv/2024-02-30.txt": ISSUE,
      "content/jinlv/2024-01-08.txt": ISSUE,
    });
    cleanup = t.cleanup;
    const a = await loadArchive(`${t.dir}/content`, t.dir);
    expect(a.issues.map((i) => i.file)).toEqual(["content/jinlv/2024-01-05.txt", "content/jinlv/2024-01-08.txt"]);
    expect(a.errors.map((e) => e.file).sort()).toEqual([
      "content/jinlv/2024-01-06.txt", "content/jinlv/2024-01-07.txt", "content/jinlv/2024-02-30.txt",
    ]);
    expect(a.issues.every((i) => i.articles.length === 2)).toBe(true);
  });

  it("a file without a date in its name gets a date inferred from its text", async () => {
    const t = tempTree({ "content/jinlv/special.txt": "劲旅讯 2023 年 12 月 30 日，电解厂召开安全生产会议，部署冬季安全工作。\n（张三）" });
    cleanup = t.cleanup;
    const a = await loadArchive(`${t.dir}/content`, t.dir);
    expect(a.errors).toEqual([]);
    expect(a.issues[0]).toMatchObject({ issueDate: "2023-12", issueDateSource: "inferred" });
    expect(a.issues[0]!.warnings.some((w) => w.pass === "inferDate" && w.line === 1)).toBe(true);
  });

  it("ignores hidden and underscore folders and non-issue files", async () => {
    const t = tempTree({
      "content/_drafts/2024-01-05.txt": ISSUE,
      "content/.git/2024-01-05.txt": ISSUE,
      "content/jinlv/notes.pdf": "x",
      "content/jinlv/2024-01-05.md": ISSUE,
    });
    cleanup = t.cleanup;
    const a = await loadArchive(`${t.dir}/content`, t.dir);
    expect(a.papers.map((p) => p.slug)).toEqual(["jinlv"]);
    expect(a.issues.map((i) => i.file)).toEqual(["content/jinlv/2024-01-05.md"]);
  });

  it("an invalid paper.yaml is an error naming it; the other papers still load", async () => {
    const t = tempTree({ "content/a/paper.yaml": "name: [x\n", "content/a/2024-01-05.txt": ISSUE, "content/b/2024-01-05.txt": ISSUE });
    cleanup = t.cleanup;
    const a = await loadArchive(`${t.dir}/content`, t.dir);
    expect(a.errors).toHaveLength(1);
    expect(a.errors[0]!.file).toMatch(/a\/paper\.yaml$/);
    expect(a.issues.map((i) => i.paper)).toEqual(["b"]);
  });
});
