/**
 * Two files of one paper that end up with the same date (src/content/load-archive.ts sameDateIssues): undated
 * pages whose text dates them to the same month build, each at its own address, with a warning on each; only two
 * files dated by the editor to the same day and page are the same issue twice, an error.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { baokan, project } from "./helpers.ts";

/** A page whose only date is the month it reports: its issue date is inferred to 2024-03. */
const march = (unit: string, who: string) =>
  `劲旅讯 2024 年 3 月 8 日，${unit}召开安全生产专题会议，部署春季安全生产工作，要求各车间落实岗位责任。\n（${who}）\n`;

const p = project({
  "content/jinlv/paper.yaml": "name: 劲旅\n",
  "content/jinlv/march-a.txt": march("电解厂", "张三"),
  "content/jinlv/march-b.txt": march("热电分厂", "李四"),
});
afterAll(() => p.cleanup());

describe("two undated files inferred to the same month", () => {
  it("check passes and warns on each, naming the other", () => {
    const r = baokan(p.dir, "check");
    expect(r.status, r.err).toBe(0);
    for (const [file, other] of [["march-a", "march-b"], ["march-b", "march-a"]]) {
      expect(r.stdout).toMatch(new RegExp(`content/jinlv/${file}\\.txt:1\\s+与 content/jinlv/${other}\\.txt 的日期同为 2024-03（本文件的日期由正文推断）；各期分别使用带文件名的地址`));
    }
  });

  it("the build does not stop: each issue has its own address and its own articles", { timeout: 180_000 }, () => {
    const b = baokan(p.dir, "build", "--out", "site", "--no-cache");
    expect(b.status, b.err).toBe(0);
    const page = (key: string) => readFileSync(path.join(p.dir, "site/jinlv", key, "index.html"), "utf8");
    expect(page("2024-03-march-a")).toContain("电解厂");
    expect(page("2024-03-march-b")).toContain("热电分厂");
    expect(page("2024-03-march-a")).not.toContain("热电分厂");
    // Neither takes the bare month's address, which would depend on which file sorts first.
    expect(existsSync(path.join(p.dir, "site/jinlv/2024-03/index.html"))).toBe(false);
    expect(readFileSync(path.join(p.dir, "site/jinlv/2024-03-march-b/01/index.html"), "utf8")).toContain("热电分厂");
  });

  it("a file the editor dated to the month and undated ones inferred to it: all build, all warned", () => {
    p.write("content/jinlv/spring.txt", `---\ndate: 2024年3月\n---\n${march("氧化铝厂", "王五")}`);
    const r = baokan(p.dir, "check");
    expect(r.status, r.err).toBe(0);
    expect(r.stdout).toMatch(/content\/jinlv\/spring\.txt:1\s+与 content\/jinlv\/march-a\.txt、content\/jinlv\/march-b\.txt 的日期同为 2024-03（本文件写明）/);
  });

  it("two files the editor dated to the same day and page are the same issue twice: an error naming both", () => {
    p.write("content/jinlv/2024-03-08.txt", march("电解厂", "张三"));
    p.write("content/jinlv/extra.txt", `---\ndate: 2024年3月8日\n---\n${march("热电分厂", "李四")}`);
    const r = baokan(p.dir, "check");
    expect(r.status).toBe(1);
    expect(r.stderr.filter((l) => /extra\.txt/.test(l))).toEqual([expect.stringMatching(/ content\/jinlv\/extra\.txt: 与 content\/jinlv\/2024-03-08\.txt 是同一报纸同一日期（jinlv 2024-03-08）/)]);
  });
});
