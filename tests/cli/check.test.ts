/**
 * `baokan check` as a process on temp archives: the report, each kind of warning with its file:line, --json,
 * --strict and the exit status, corrections (applied, stale, wrong), the unit table, and a TTY run.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Finding } from "../../src/content/findings.ts";
import type { IssueRecord } from "../../src/types.ts";
import { baokan, BIN, gold, JINLV_PAGE, project, SEEDS, seeds, seedText } from "./helpers.ts";

let cleanup = () => {};
afterEach(() => cleanup());

interface CheckJson { summary: { files: number; warnings: number; errors: number; exitCode: number }; issues: IssueRecord[]; findings: Finding[]; errors: { file: string; line: number | null; message: string }[] }

/** Two pieces filed under unit labels printed below their bylines (the 劲旅 layout). */
const labelled = (pieces: [body: string, byline: string, unit: string, headline: string][]) =>
  pieces.flatMap(([b, by, u, h]) => [b, by, "", u, "", h, ""]).join("\n");
/** Long enough to be fingerprinted as a duplicate (40+ characters of text). */
const LONG = "本报讯 近日，氧化铝厂组织开展岗位技能大比武活动，来自六个车间的八十余名职工参加了理论考试和实际操作两个项目的比拼，赛出了水平。\n（王强）\n";

const KINDS = {
  "content/p/2024-01-05.txt": JINLV_PAGE, // clean
  "content/p/2024-01-06.txt": "本报讯 近日，公司召开职工大会，审议通过年度工作报告。\n", // no headline, no byline
  "content/p/2024-01-07.txt": "本报讯 近日，公司召开安全会议，部署冬季安全工作。\n（张明）\n\n春风送暖迎新年\n", // a title that fits nothing
  "content/p/2024-01-08.txt": "本报讯 近日袁电解厂召开安全生产会议袁部署冬季安全工作遥会议要求袁各车间落实岗位责任遥\n渊张三冤\n", // mojibake
  "content/p/undated.txt": "本报讯 2023年5月20日，项目启动仪式在厂区举行。\n（张三）\n", // date inferred
  "content/p/nodate.txt": "本报讯 近日，项目启动。\n（张三）\n", // no date at all
  "content/p/2024-01-09.txt": LONG,
  "content/q/2024-02-01.txt": LONG, // the same piece in another paper's issue
  "content/t/2024-03-01.txt": labelled([
    ["本报讯 近日，太原市总工会在迎泽公园举办职工技能展示活动，二百余名职工参加。", "（李俊华）", "太原市总工会", "职工技能展示活动举行"],
    ["本报讯 日前，市总工会走访慰问一线职工，为他们送去米面油等慰问品。", "（牛利敏）", "市总工会", "市总工会走访慰问一线职工"],
  ]),
};

function at(f: Finding[], kind: string): string[] {
  return f.filter((x) => x.kind === kind).map((x) => `${x.file}:${x.line}`).sort();
}

describe("baokan check: every kind of warning, with file:line", () => {
  it("--json lists them; plain output shows articles and the same locations; exit 0, --strict exit 1", () => {
    const p = project(KINDS);
    cleanup = p.cleanup;
    const r = baokan(p.dir, "check", "--json");
    expect(r.status, r.err).toBe(0);
    const out = JSON.parse(r.stdout) as CheckJson;
    expect(out.summary).toMatchObject({ files: Object.keys(KINDS).length, errors: 0, exitCode: 0 });
    const f = out.findings;
    expect(at(f, "no-headline")).toEqual([
      "content/p/2024-01-06.txt:1", "content/p/2024-01-07.txt:1", "content/p/2024-01-08.txt:1", "content/p/2024-01-09.txt:1",
      "content/p/nodate.txt:1", "content/p/undated.txt:1", "content/q/2024-02-01.txt:1",
    ]);
    expect(at(f, "no-byline")).toEqual(["content/p/2024-01-06.txt:1"]);
    expect(at(f, "unmatched-title")).toEqual(["content/p/2024-01-07.txt:4"]);
    expect(at(f, "unplaced")).toEqual(["content/p/2024-01-07.txt:4"]);
    expect(at(f, "mojibake")).toEqual(["content/p/2024-01-08.txt:1"]);
    expect(f.find((x) => x.kind === "mojibake")!.message).toMatch(new RegExp(`^修复了 ${KINDS["content/p/2024-01-08.txt"].match(/[袁遥渊冤]/g)!.length} 个 GBK 字体标点乱码`));
    expect(at(f, "date-inferred")).toEqual(["content/p/undated.txt:1"]);
    expect(f.find((x) => x.kind === "date-inferred")!.message).toMatch(/^出版日期 2023-05 系由正文推断（/);
    expect(at(f, "no-date")).toEqual(["content/p/nodate.txt:1"]);
    expect(at(f, "duplicate")).toEqual(["content/p/2024-01-09.txt:1", "content/q/2024-02-01.txt:1"]);
    expect(f.find((x) => x.file === "content/p/2024-01-09.txt" && x.kind === "duplicate")!.message).toContain("content/q/2024-02-01.txt 第 1 篇");
    // 市总工会 is 太原市总工会 written short, in the same paper: each is flagged as a possible variant of the other.
    expect(at(f, "unit-variant")).toEqual(["content/t/2024-03-01.txt:1", "content/t/2024-03-01.txt:8"]);
    expect(f.filter((x) => x.file === "content/p/2024-01-05.txt")).toEqual([]); // the clean page has nothing to say
    expect(f.every((x) => x.severity === "warning")).toBe(true);

    const plain = baokan(p.dir, "check");
    expect(plain.status).toBe(0);
    for (const x of f) expect(plain.stdout).toContain(`${x.file}:${x.line}  ${x.message}`);
    // Per article: number, headline, unit, authors, kind, length and raw lines.
    expect(plain.stdout).toMatch(/^ {2}1 +电解厂部署冬季安全生产 +电解厂 +张俊峰 +消息 +\d+ +1$/m);
    expect(plain.stdout).toMatch(new RegExp(`共 ${Object.keys(KINDS).length} 个文件、\\d+ 篇文章；警告 ${f.length} 条.*；错误 0 条 — 通过`));

    const strict = baokan(p.dir, "check", "--strict", "--json");
    expect(strict.status).toBe(1);
    expect((JSON.parse(strict.stdout) as CheckJson).summary.exitCode).toBe(1);
    // Named files only: the clean page passes even --strict.
    const one = baokan(p.dir, "check", "--strict", "content/p/2024-01-05.txt");
    expect(one.status, one.stdout).toBe(0);
    expect(one.stdout).toContain("共 1 个文件");
  });

  it.skipIf(!seeds.length)("a headline matched with low confidence points at the headline's line", () => {
    const seed = seeds.find((s) => s.startsWith("001"))!;
    const p = project();
    cleanup = p.cleanup;
    mkdirSync(path.join(p.content, "hangye"));
    copyFileSync(path.join(SEEDS, seed), path.join(p.content, "hangye", seed));
    const out = JSON.parse(baokan(p.dir, "check", "--json").stdout) as CheckJson;
    const low = out.findings.filter((x) => x.kind === "low-confidence-headline");
    expect(low.length).toBeGreaterThan(0);
    const lines = seedText(seed).split("\n");
    const headlines = gold(seed).articles.map((a) => a.headline).filter(Boolean) as string[];
    for (const x of low) {
      const quoted = /^标题“(.*)”的归属把握不大/.exec(x.message)![1]!;
      expect(headlines).toContain(quoted);
      expect(lines[x.line - 1]!.replace(/\s/g, "")).toContain(quoted.replace(/\s/g, "").slice(0, 8));
    }
  });
});

describe("baokan check: corrections", () => {
  it("applies them (notes are not warnings), warns on stale ones, and a missing article is an error with the YAML line", () => {
    const p = project({
      "content/p/2024-01-06.txt": "本报讯 近日，公司召开职工大会，审议通过年度工作报告。\n（张三）\n",
      "content/p/2024-01-06.fix.yaml": "articles:\n  1:\n    headline: 公司召开职工大会\n",
    });
    cleanup = p.cleanup;
    const ok = baokan(p.dir, "check", "--strict", "--json");
    expect(ok.status, ok.stdout).toBe(0);
    const out = JSON.parse(ok.stdout) as CheckJson;
    expect(out.issues[0]!.articles[0]!.headline).toBe("公司召开职工大会");
    expect(out.findings).toEqual([expect.objectContaining({ kind: "correction", severity: "info", file: "content/p/2024-01-06.fix.yaml", line: 3 })]);
    const raw = baokan(p.dir, "check", "--no-fix", "--json");
    expect((JSON.parse(raw.stdout) as CheckJson).issues[0]!.articles[0]!.headline).toBeNull();

    // The raw file changes: the correction's first words match nothing any more.
    p.write("content/p/2024-01-06.fix.yaml", "articles:\n  本报讯 上周，公司召开:\n    headline: 公司召开职工大会\n");
    const stale = baokan(p.dir, "check");
    expect(stale.status).toBe(0);
    expect(stale.stdout).toMatch(/更正失效 +content\/p\/2024-01-06\.fix\.yaml:2  已没有文章以“本报讯 上周，公司召开”开头/);
    expect(baokan(p.dir, "check", "--strict").status).toBe(1);

    p.write("content/p/2024-01-06.fix.yaml", "articles:\n  1:\n    headline: 公司召开职工大会\n  4:\n    unit: 工会\n");
    const missing = baokan(p.dir, "check");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toEqual(["错误 content/p/2024-01-06.fix.yaml:4: 没有第 4 篇：content/p/2024-01-06.txt 只有 1 篇文章"]);
  });

  it("the unit table: variants filed under the canonical name, the printed one shown beside it", () => {
    const p = project({
      "content/t/2024-03-01.txt": KINDS["content/t/2024-03-01.txt"],
      "content/units.yaml": "太原市总工会: [市总工会]\n",
    });
    cleanup = p.cleanup;
    const r = baokan(p.dir, "check", "--json");
    const out = JSON.parse(r.stdout) as CheckJson;
    expect(out.issues[0]!.articles.map((a) => [a.unit, a.unitAsPrinted ?? null])).toEqual([["太原市总工会", null], ["太原市总工会", "市总工会"]]);
    expect(out.findings.filter((x) => x.kind === "unit-variant")).toEqual([]);
    expect(baokan(p.dir, "check").stdout).toContain("太原市总工会←市总工会");
    p.write("content/units.yaml", "太原市总工会: [市总工会\n");
    const bad = baokan(p.dir, "check");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toEqual([expect.stringMatching(/^错误 content\/units\.yaml:\d+: 单位表不是有效的 YAML/)]);
  });
});

describe("baokan check: bad input, one line each with file (and line)", () => {
  it("empty, binary, undecodable, over 20 MB, 2024-02-30, two files one date, bad front matter, bad corrections", () => {
    const good = "劲旅讯 近日，公司召开会议。\n".repeat(3);
    const p = project({
      "content/p/2024-01-01.txt": "",
      "content/p/2024-01-02.txt": Buffer.from("%PDF-1.7\n\u0000\u0001binary"),
      "content/p/2024-01-03.txt": Buffer.concat([Buffer.from(good), Buffer.from([0xff, 0xfe, 0xfd, 0x80, 0x81, 0x41, 0xc0])]),
      "content/p/2024-01-04.txt": Buffer.alloc(20 * 1024 * 1024 + 10, 0x41),
      "content/p/2024-02-30.txt": good,
      "content/p/2024-01-05.txt": good,
      "content/p/extra.txt": `---\ndate: 2024-01-05\n---\n${good}`,
      "content/p/2024-01-06.txt": `---\ndate: 2024-01-06\npaper: [p\n---\n${good}`,
      "content/p/2024-01-07.txt": JINLV_PAGE,
      "content/p/2024-01-07.fix.yaml": "# fix\nmerge:\n  - [1, 3]\n",
    });
    cleanup = p.cleanup;
    const r = baokan(p.dir, "check");
    expect(r.status).toBe(1);
    expect(r.stderr).toHaveLength(8);
    expect(r.stderr).toEqual(expect.arrayContaining([
      "错误 content/p/2024-01-01.txt: 空文件（0 字节）",
      "错误 content/p/2024-01-02.txt: 二进制文件（含 NUL 或控制字节），不是文本",
      `错误 content/p/2024-01-03.txt:4: 第 ${Buffer.byteLength(good)} 字节起无法解码（不是 UTF-8、UTF-16 或 GB18030；像是 ${/像是 ([^）]+)）/.exec(r.err)?.[1] ?? "?"}）`,
      `错误 content/p/2024-01-04.txt: 文件有 ${20 * 1024 * 1024 + 10} 字节，超过 20 MB 的上限`,
      "错误 content/p/2024-01-06.txt:3: 文件头不是有效的 YAML：方括号 [ 没有用 ] 关上，或它的续行缩进不够",
      "错误 content/p/2024-01-07.fix.yaml:3: 没有第 3 篇：content/p/2024-01-07.txt 只有 2 篇文章",
      '错误 content/p/2024-02-30.txt: 文件名里的日期 "2024-02-30" 不是真实的日期：2024年没有2月30日',
      "错误 content/p/extra.txt: 与 content/p/2024-01-05.txt 是同一报纸同一日期（p 2024-01-05）；给其中一个文件名加上版次后缀，如 -2",
    ]));
    // A build of the same archive refuses too, naming them, and writes nothing.
    const b = spawnSync(process.execPath, [BIN, "build", "--out", "site", "--no-cache"], { cwd: p.dir, encoding: "utf8", timeout: 120_000 });
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/^baokan: 8 个输入文件有错，无法构建：/);
  });
});

describe("baokan check on a terminal", () => {
  it("colours and a progress bar on a TTY with many files; none through a pipe", { timeout: 60_000 }, () => {
    const files: Record<string, string> = {};
    for (let d = 1; d <= 24; d++) files[`content/p/2024-01-${String(d).padStart(2, "0")}.txt`] = JINLV_PAGE.replace("二百", String(d));
    const p = project(files);
    cleanup = p.cleanup;
    const script = spawnSync("script", ["-qec", `${process.execPath} ${BIN} check --no-cache`, "/dev/null"], {
      cwd: p.dir, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: "xterm" } as NodeJS.ProcessEnv,
    });
    if (script.error) return; // no `script` on this machine
    expect(script.stdout).toMatch(/\x1b\[\d+m/); // colour codes
    expect(script.stdout).toContain("解析 "); // the bar's label (on stderr, which the terminal shows too)
    const piped = baokan(p.dir, "check", "--no-cache");
    expect(piped.stdout).not.toMatch(/\x1b\[/);
    expect(piped.err).toBe("");
  });
});

describe("--help on each command, with examples", () => {
  it.each(["add", "check", "parse", "build"])("baokan %s --help", (cmd) => {
    const r = baokan(path.dirname(BIN), cmd, "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^用法： baokan /);
    expect(r.stdout).toContain("例子：");
  });
});

// Keep the fixture honest: the clean page really has two labelled pieces.
it("fixture: JINLV_PAGE has two datelines", () => {
  expect(JINLV_PAGE.split("\n").filter((l) => l.startsWith("劲旅讯"))).toHaveLength(2);
  expect(readFileSync(BIN, "utf8")).toContain("main.ts");
});
