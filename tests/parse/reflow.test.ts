import { describe, expect, it } from "vitest";
import { reflowLines } from "../../src/parse/reflow.ts";
import { toLines } from "../../src/parse/split-lines.ts";
import { lines } from "./helpers.ts";

const reflow = (text: string) => reflowLines(toLines(text, 0));
const texts = (text: string) => reflow(text).map((p) => p.text);

describe("reflow", () => {
  it("joins lines broken mid-sentence without adding spaces", () => {
    const ps = reflow(lines("今年以来，车间全体员工坚持", "安全第一，认真落实各项", "制度，取得了明显成效。"));
    expect(ps.map((p) => p.text)).toEqual(["今年以来，车间全体员工坚持安全第一，认真落实各项制度，取得了明显成效。"]);
    expect(ps[0]!.lines).toEqual([1, 3]);
  });

  it("joins across a blank line in the middle of a sentence (a column or page break)", () => {
    const ps = reflow(lines("今年以来，车间全体员工坚持安全第一，认真", "", "落实各项制度，取得了明显成效。"));
    expect(ps.map((p) => p.text)).toEqual(["今年以来，车间全体员工坚持安全第一，认真落实各项制度，取得了明显成效。"]);
    expect(ps[0]!.lines).toEqual([1, 3]);
  });

  it("breaks the paragraph after a sentence end followed by a blank line", () => {
    expect(texts(lines("今年以来，车间全体员工坚持安全第一，", "取得了明显成效。", "", "下一步，车间将继续努力，", "争取更大成绩。"))).toEqual([
      "今年以来，车间全体员工坚持安全第一，取得了明显成效。",
      "下一步，车间将继续努力，争取更大成绩。",
    ]);
  });

  it("reflows a double-spaced file (a blank line after every line) into its paragraphs", () => {
    const ps = reflow(lines(
      "今年以来，车间全体员工坚持", "", "安全第一，认真落实各项制度，", "", "取得了明显成效。", "",
      "下一步，车间将继续努力，", "", "争取更大成绩。",
    ));
    expect(ps.map((p) => p.text)).toEqual([
      "今年以来，车间全体员工坚持安全第一，认真落实各项制度，取得了明显成效。",
      "下一步，车间将继续努力，争取更大成绩。",
    ]);
    expect(ps.map((p) => p.lines)).toEqual([[1, 5], [7, 9]]);
  });

  it("keeps a headline line printed after a byline apart from the text around it", () => {
    const ps = reflow(lines(
      "劲旅讯 今年以来，电解厂员工认真学习，", "积极工作，取得了好成绩。", "（张三）", "安全生产开新局",
      "劲旅讯 近日，公司召开会议，部署", "全年工作。",
    ));
    expect(ps.map((p) => [p.role, p.text])).toEqual([
      ["text", "劲旅讯 今年以来，电解厂员工认真学习，积极工作，取得了好成绩。"],
      ["byline", "（张三）"],
      ["title", "安全生产开新局"],
      ["text", "劲旅讯 近日，公司召开会议，部署全年工作。"],
    ]);
  });

  it("starts a new paragraph at a dateline even without a sentence end before it", () => {
    expect(texts(lines("近日，公司召开会议，部署全年工作", "又讯 日前，公司开展消防演练。"))).toEqual([
      "近日，公司召开会议，部署全年工作",
      "又讯 日前，公司开展消防演练。",
    ]);
  });

  it("joins a vertical signature ◆ / 段 / 芝 / 云 into one sign paragraph", () => {
    const ps = reflow(lines("这轮朝阳很美好，照亮了前行的路。", "", "◆", "段", "芝", "云"));
    expect(ps.at(-1)).toMatchObject({ text: "◆ 段芝云", role: "sign", lines: [3, 6] });
  });

  it("joins Latin words with a space and Chinese after digits without one", () => {
    expect(texts(lines("近日，公司引进了 Smart", "Factory 系统，全年产量达到 3915", "吨，效率大幅提升。"))).toEqual([
      "近日，公司引进了 Smart Factory 系统，全年产量达到 3915吨，效率大幅提升。",
    ]);
  });

  it("does not join a line that ends a sentence and is much shorter than its column", () => {
    expect(texts(lines(
      "今年以来，车间全体员工坚持安全第一认真落实",
      "各项制度，取得了明显成效。",
      "下一步，车间将继续努力，全面提升管理水平，",
      "争取更大成绩。",
    ))).toEqual(["今年以来，车间全体员工坚持安全第一认真落实各项制度，取得了明显成效。", "下一步，车间将继续努力，全面提升管理水平，争取更大成绩。"]);
  });

  it("records the blank lines before each paragraph", () => {
    expect(reflow(lines("第一段内容完整了。", "", "", "第二段内容也完整了。")).map((p) => p.gapBefore)).toEqual([0, 2]);
  });
});
