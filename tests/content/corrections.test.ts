/** Editor corrections (src/content/corrections.ts): each operation on a parsed page, stale ones, wrong ones. */
import { describe, expect, it } from "vitest";
import { APPLIED, FURNITURE, REPLACED, STALE } from "../../src/content/corrections.ts";
import { InputError } from "../../src/errors.ts";
import type { IssueRecord } from "../../src/types.ts";
import { FIX, fix, parsed } from "./corrections-fixture.ts";

function errorOf(f: () => unknown): InputError {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(InputError); return e as InputError; }
  throw new Error("expected an InputError");
}

const notes = (rec: IssueRecord, pass = APPLIED) => rec.warnings.filter((w) => w.pass === pass).map((w) => w.message);
const allText = (rec: IssueRecord) =>
  [...rec.articles.flatMap((a) => [a.kicker, a.headline, a.subheadline, ...a.body, ...a.captions]), ...rec.unplaced.map((u) => u.text)].filter(Boolean).join("");

describe("the parsed page the tests correct", () => {
  it("has three articles without headlines, a stray title and a masthead", () => {
    const rec = parsed();
    expect(rec.articles.map((a) => [a.headline, a.source.lines])).toEqual([[null, [[1, 1]]], [null, [[2, 2]]], [null, [[5, 7]]]]);
    expect(rec.unplaced.map((u) => u.text)).toEqual(["春风送暖迎新年", "主管 某某公司党委 主办 党委工作部"]);
  });
});

describe("articles: setting fields", () => {
  it("by number and by first words (with or without the dateline); each leaves a note with its YAML line", () => {
    const rec = fix([
      "articles:",
      "  1:",
      "    headline: 电解厂部署冬季安全生产",
      "  日前，热电分厂组织:", // the text after the dateline 本报讯
      "    unit: 热电分厂工会",
      "    kind: 公告",
      "  又讯 日前:",
      "    authors: 张明、刘洋",
    ].join("\n"));
    expect(rec.articles[0]!.headline).toBe("电解厂部署冬季安全生产");
    expect(rec.articles[2]).toMatchObject({ unit: "热电分厂工会", kind: "notice" });
    // Roles survive for names already credited; the byline stays as printed.
    expect(rec.articles[1]).toMatchObject({ authors: ["张明", "刘洋"], credits: [{ name: "张明", role: "writer" }, { name: "刘洋", role: "writer" }], byline: "（张明）" });
    expect(notes(rec)).toEqual([
      `${FIX}:3: 第 1 篇：标题 无 → “电解厂部署冬季安全生产”`,
      `${FIX}:8: 第 2 篇：作者 张明 → 张明、刘洋`,
      `${FIX}:5: 第 3 篇：单位 “热电分厂” → “热电分厂工会”`,
      `${FIX}:6: 第 3 篇：类别 消息 → 启事`,
    ]);
    // The parser's "no headline" warning for article 1 is gone; the others stay.
    expect(rec.warnings.filter((w) => w.code === "no-headline").map((w) => [w.article, w.message])).toEqual([[2, "第 2 篇没有标题"], [3, "第 3 篇没有标题"]]);
  });

  it("a printed headline it replaces is kept as unplaced text, not lost", () => {
    const once = fix("articles:\n  1:\n    headline: 第一个标题\n");
    const twice = fix("articles:\n  1:\n    headline: 第二个标题\n", once);
    expect(twice.articles[0]!.headline).toBe("第二个标题");
    expect(twice.unplaced.find((u) => u.reason === REPLACED)?.text).toBe("第一个标题");
    // One correction, one note (check counts 更正 N 处 by them): the kept headline is said in the same note.
    // (twice is corrected on top of once: two corrections, two notes.)
    expect(notes(twice)).toEqual([
      `${FIX}:3: 第 1 篇：标题 无 → “第一个标题”`,
      `${FIX}:3: 第 1 篇：标题 “第一个标题” → “第二个标题”；被替换的原标题“第一个标题”保留为未归入文章的文字（第 1 行）`,
    ]);
    expect(twice.warnings.filter((w) => w.pass === APPLIED).at(-1)!.edit).toEqual({ field: "headline", before: "第一个标题", after: "第二个标题" });
  });

  it("a value the article already has: a stale warning (the correction changes nothing any more)", () => {
    const rec = fix("articles:\n  3:\n    unit: 热电分厂\n");
    expect(notes(rec, STALE)).toEqual([`${FIX}:3: 第 3 篇：单位已是“热电分厂”；这条更正不再改变什么`]);
    expect(notes(rec)).toEqual([]);
  });

  it("first words that start no article: a stale warning, nothing changed", () => {
    const rec = fix("articles:\n  本报讯 昨天，氧化铝厂:\n    headline: 标题\n");
    expect(notes(rec, STALE)).toEqual([`${FIX}:2: 已没有文章以“本报讯 昨天，氧化铝厂”开头；这条更正没有执行（原文件改过吗？）`]);
    expect(rec.articles.map((a) => a.headline)).toEqual([null, null, null]);
  });

  it("the list spelling (- article: 2) works the same", () => {
    const rec = fix("articles:\n  - article: 2\n    headline: 岗位练兵\n");
    expect(rec.articles[1]!.headline).toBe("岗位练兵");
  });
});

describe("merge", () => {
  it("appends the second article's text, credits and lines; every article keeps its number (the merge its first)", () => {
    const rec = fix("merge:\n  - [1, 2]\narticles:\n  2:\n    headline: 电解厂两则\n  3:\n    headline: 热电分厂演练\n");
    expect(rec.articles).toHaveLength(2);
    const [a, b] = rec.articles as [IssueRecord["articles"][number], IssueRecord["articles"][number]];
    expect(a.body).toEqual([parsed().articles[0]!.body[0], parsed().articles[1]!.body[0]]);
    expect(a).toMatchObject({ index: 1, headline: "电解厂两则", authors: ["张明"], source: { file: "content/p/2024-01-05.txt", lines: [[1, 2]] } });
    expect(b).toMatchObject({ index: 3, headline: "热电分厂演练" });
    expect(notes(rec)[0]).toBe(`${FIX}:2: 已合并第 1 + 2 篇`);
    // Article 3's "no headline" warning is gone; numbers in the rest follow the new numbering.
    expect(rec.warnings.filter((w) => w.code === "no-headline" || w.code === "no-byline").map((w) => w.message)).toEqual([]);
  });

  it("the merged article's own headline becomes an in-body subhead", () => {
    const withHeadline = fix("articles:\n  2:\n    headline: 岗位练兵\n");
    const rec = fix("merge:\n  - [1, 2]\n", withHeadline);
    expect(rec.articles[0]!.body[1]).toBe("岗位练兵");
    expect(rec.articles[0]!.subheads).toEqual([1]);
  });

  it("an article number the issue does not have is an error with the YAML line", () => {
    const e = errorOf(() => fix("# merge two\nmerge:\n  - [2, 7]\n"));
    expect(e.message).toBe(`${FIX}:3: 没有第 7 篇：content/p/2024-01-05.txt 只有 3 篇文章`);
  });
});

describe("split", () => {
  it("starts a new article at the phrase, across lines, with its own fields", () => {
    const rec = fix("split:\n  - article: 3\n    at: 演练中，职工们\n    headline: 有序疏散\n");
    expect(rec.articles).toHaveLength(4);
    expect(rec.articles[2]).toMatchObject({ index: 3, body: ["本报讯 日前，热电分厂组织开展消防应急演练，提升职工应急处置能力。"], source: { lines: [[5, 5]] }, authors: ["李东", "王芳"] });
    expect(rec.articles[3]).toMatchObject({ index: 4, headline: "有序疏散", body: ["演练中，职工们按照预案有序疏散，现场秩序井然。"], source: { lines: [[7, 7]] }, authors: [] });
    expect(notes(rec)).toContain(`${FIX}:2: 已在“演练中，职工们”处拆分第 3 篇（第 7 行）`);
    // The new piece has no byline of its own: the parser's warning is given for it.
    expect(rec.warnings.some((w) => w.code === "no-byline" && w.article === 4 && w.message === "第 4 篇没有署名" && w.line === 7)).toBe(true);
  });

  it("mid-paragraph: the paragraph is cut at the phrase (spaces in the phrase do not matter)", () => {
    const rec = fix("split:\n  - article: 1\n    at: 会议 要求\n");
    expect(rec.articles.slice(0, 2).map((a) => a.body)).toEqual([
      ["本报讯 近日，电解厂召开安全生产专题会议，部署冬季安全生产工作。"],
      ["会议要求各车间落实岗位责任。"],
    ]);
  });

  it("a phrase no longer in the article: stale warning", () => {
    const rec = fix("split:\n  - article: 1\n    at: 不存在的句子\n");
    expect(rec.articles).toHaveLength(3);
    expect(notes(rec, STALE)).toEqual([`${FIX}:2: “不存在的句子”已不在第 1 篇里（或正是它的开头）；拆分没有执行`]);
  });
});

describe("move and drop", () => {
  it("move: unplaced text into an article as its headline, or at the end of its text", () => {
    const rec = fix("move:\n  - text: 春风送暖\n    to: 3\n    as: headline\n");
    expect(rec.articles[2]!.headline).toBe("春风送暖迎新年");
    expect(rec.unplaced.map((u) => u.text)).toEqual(["主管 某某公司党委 主办 党委工作部"]);
    // The parser's warnings about the stray title are gone with it.
    expect(rec.warnings.some((w) => w.pass !== APPLIED && /春风送暖迎新年/.test(w.message))).toBe(false);
    const body = fix("move:\n  - line: 10\n    to: 日前，热电分厂\n");
    expect(body.articles[2]!.body.at(-1)).toBe("春风送暖迎新年");
    expect(body.articles[2]!.source.lines).toEqual([[5, 7], [10, 10]]);
  });

  it("drop: unplaced text is marked furniture, stays in the record, and is no longer warned about", () => {
    const before = parsed();
    expect(before.warnings.some((w) => w.code === "unplaced" || w.code === "unmatched-title")).toBe(true);
    const rec = fix("drop:\n  - 春风送暖迎新年\n");
    expect(rec.unplaced).toContainEqual({ text: "春风送暖迎新年", lines: [10, 10], reason: FURNITURE });
    expect(rec.warnings.some((w) => w.code === "unplaced")).toBe(false);
    expect(allText(rec)).toBe(allText(before));
  });

  it("text that is not unplaced any more: stale warning", () => {
    const rec = fix("drop:\n  - 早已删除的一行\nmove:\n  - text: 早已删除\n    to: 1\n");
    expect(notes(rec, STALE)).toHaveLength(2);
  });
});

describe("wrong corrections files are errors with file and line", () => {
  it.each([
    ["an unknown field", "articles:\n  1:\n    headlnie: x\n", /:3: articles 里没有“headlnie”这个字段/],
    ["an unknown section", "articels:\n  1:\n    headline: x\n", /:1: 更正文件里没有“articels”这一节/],
    ["a kind that is not one", "articles:\n  1:\n    kind: 社论\n", /:3: kind 应是 消息、图片、文艺、启事 之一/],
    ["a merge of one article", "merge:\n  - [1]\n", /:2: merge 的每一项要列出两篇或更多文章/],
    ["a split without at", "split:\n  - article: 1\n", /:2: split 的一项要写“article:”和“at:”/],
    ["first words that start two articles", "articles:\n  日前:\n    unit: x\n", /:2: “日前”是第 2 篇和第 3 篇的开头；请多写几个字，或写文章编号/],
    ["invalid YAML", "articles:\n  1:\n    headline: [x\n", /^content\/p\/2024-01-05\.fix\.yaml:\d+: 更正文件不是有效的 YAML/],
    ["a duplicate key", "articles:\n  1:\n    headline: a\n  1:\n    unit: b\n", /:4: “1”写了两次（第 2 行和这一行）；同一个键只能写一次/],
  ])("%s", (_, yaml, message) => {
    expect(errorOf(() => fix(yaml)).message).toMatch(message);
  });
});
