/**
 * `baokan add --date` and front matter `date:` take a date as an editor types it (src/content/issue-name.ts
 * checkIsoDate): the file is stored under YYYY-MM-DD; a date the calendar lacks is refused in one Chinese line
 * naming the value, and content/ is left as it was.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { baokan, JINLV_PAGE, project, snapshot } from "./helpers.ts";

let cleanup = () => {};
afterEach(() => cleanup());

const stored = (content: string) => readdirSync(path.join(content, "jinlv")).filter((f) => f.endsWith(".txt"));

describe("baokan add --date as editors write it", () => {
  // Every form is covered in tests/content/issue-name.test.ts; here the ones most typed, through the command.
  it.each([["2025年3月9日"], ["20250309"], ["２０２５年３月９日"]])("--date %s → content/jinlv/2025-03-09.txt", (typed) => {
    const p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n" });
    cleanup = p.cleanup;
    const r = baokan(p.dir, "add", p.write("inbox/page.txt", JINLV_PAGE), "--paper", "jinlv", "--date", typed);
    expect(r.status, r.err).toBe(0);
    expect(stored(p.content)).toEqual(["2025-03-09.txt"]);
    expect(r.stdout).toMatch(/2025-03-09/);
  });

  it("front matter date: 2025年3月9日 names the file 2025-03-09.txt, and agrees with --date 2025/3/9", () => {
    const p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n" });
    cleanup = p.cleanup;
    const src = p.write("inbox/page.txt", `---\ndate: 2025年3月9日\n---\n${JINLV_PAGE}`);
    const r = baokan(p.dir, "add", src, "--paper", "jinlv", "--date", "2025/3/9");
    expect(r.status, r.err).toBe(0);
    expect(stored(p.content)).toEqual(["2025-03-09.txt"]);
  });

  it.each([
    ["2025年2月30日", /^baokan: .*page\.txt: --date "2025年2月30日" 不是真实的日期：2025年没有2月30日$/],
    ["2025/13/1", /^baokan: .*page\.txt: --date "2025\/13\/1" 不是真实的日期：2025年没有13月$/],
    ["三月九日", /^baokan: .*page\.txt: --date "三月九日" 不是具体到日的日期：请写成 2025-03-09、2025年3月9日、2025\/3\/9 或 20250309$/],
  ])("--date %s is refused in one Chinese line; content/ is unchanged", (typed, message) => {
    const p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n" });
    cleanup = p.cleanup;
    const before = snapshot(p.content);
    const r = baokan(p.dir, "add", p.write("inbox/page.txt", JINLV_PAGE), "--paper", "jinlv", "--date", typed);
    expect(r.status).toBe(1);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(message);
    expect(snapshot(p.content)).toEqual(before);
    expect(existsSync(path.join(p.content, "jinlv/2025-03-09.txt"))).toBe(false);
  });
});
