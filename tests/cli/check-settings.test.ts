/**
 * `baokan check` reads the archive's settings files as `build` does (src/site/site-config.ts loadSiteConfig,
 * units.yaml, paper.yaml): a broken content/site.yaml that the build refuses fails check too, each error in one
 * Chinese line with file:line, exit 1; a good one passes.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { baokan, JINLV_PAGE, project } from "./helpers.ts";

const p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n", "content/jinlv/2024-02-05.txt": JINLV_PAGE });
afterAll(() => p.cleanup());
const site = (yaml: string) => writeFileSync(path.join(p.content, "site.yaml"), yaml);
/** The error lines of a run, without the tag before them (error / 错误) or the command's name. */
const errorLines = (stderr: string[]) => stderr.map((l) => l.trim().replace(/^(?:baokan: |[^\s/]+ )/, "")).filter((l) => l.startsWith("content/"));

const BROKEN: [string, string, RegExp[]][] = [
  ["a url that is no address", "title: 报刊档案\nurl: baokan.example.org\n", [/^content\/site\.yaml:2: url: 应是完整的 http\(s\) 地址，如 https:\/\/example\.org\/（现为 "baokan\.example\.org"）$/]],
  ["a contact that is neither e-mail nor http(s)", "contact: 请打电话 123456\n", [/^content\/site\.yaml:1: contact: 应是电子邮箱或完整的 http\(s\) 地址/]],
  ["a list where the settings' mapping is wanted", "- url: https://a.example/\n- title: 档案\n", [/^content\/site\.yaml:1: 站点设置应是“键: 值”的几行$/]],
  ["a list where text is wanted", "title:\n  - 报刊\n  - 档案\n", [/^content\/site\.yaml:1: title: 应是一段文字，这里却是一个列表$/]],
  ["a mapping where text is wanted", "about:\n  first: 一\n", [/^content\/site\.yaml:1: about: 应是一段文字，这里却是一组“键: 值”$/]],
  ["a misspelt key", "title: 报刊档案\ncontcat: jiucuo@example.org\n", [/^content\/site\.yaml:2: 没有“contcat”这个设置（可用：url, title, description, publisher, rights, contact, about）$/]],
  ["not YAML", "title: [报刊\n", [/^content\/site\.yaml:\d+: 站点设置不是有效的 YAML：/]],
  ["a key written twice", "title: 一\ntitle: 二\n", [/^content\/site\.yaml:2: “title”写了两次（第 1 行和这一行）/]],
  ["two errors at once: both listed", "url: ftp://a.example/\ncontact: 电话\n", [/^content\/site\.yaml:1: url:/, /^content\/site\.yaml:2: contact:/]],
];

describe("check refuses a site.yaml the build refuses", () => {
  it.each(BROKEN)("%s", (_, yaml, messages) => {
    site(yaml);
    const r = baokan(p.dir, "check");
    expect(r.status, r.err).toBe(1);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(messages.length);
    messages.forEach((m, i) => expect(lines[i]).toMatch(m));
  });

  it.each(BROKEN.filter(([what]) => /url|list where text|misspelt/.test(what)))("build refuses %s with the same line", { timeout: 120_000 }, (_, yaml, messages) => {
    site(yaml);
    const b = baokan(p.dir, "build", "--out", "site", "--no-cache");
    expect(b.status).toBe(1);
    expect(errorLines(b.stderr)[0]).toMatch(messages[0]!);
  });

  it("a good site.yaml, with a prompt left in its brackets, passes", () => {
    site("url: https://baokan.example.org/\ntitle: 报刊档案\ncontact: jiucuo@example.org\npublisher: （办站单位，如：某某集团党委宣传部）\nabout: |\n  本站收录劲旅。\n");
    const r = baokan(p.dir, "check");
    expect(r.status, r.err).toBe(0);
  });
});

describe("check refuses a paper.yaml that names the paper with a list", () => {
  it("one line with the file, exit 1", () => {
    site("title: 报刊档案\n");
    writeFileSync(path.join(p.content, "jinlv/paper.yaml"), "name: [劲旅, 劲旅报]\n");
    try {
      const r = baokan(p.dir, "check");
      expect(r.status).toBe(1);
      expect(errorLines(r.stderr)).toEqual(["content/jinlv/paper.yaml: name: 应是一段文字，这里却是一个列表"]);
    } finally {
      writeFileSync(path.join(p.content, "jinlv/paper.yaml"), "name: 劲旅\n");
    }
  });
});
