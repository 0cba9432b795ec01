/** The judgements about where a title may head a piece (src/parse/headline-place.ts), on short lines of our own. */
import { describe, expect, it } from "vitest";
import { explainsAbove, headOf, headsNoPiece, support } from "../../src/parse/headline-place.ts";
import type { Paragraph } from "../../src/types.ts";

const para = (text: string): Paragraph => ({ text, lines: [1, 1], role: "title", level: 0, gapBefore: 1, indented: false });

describe("headline placement", () => {
  it("section heads, column labels and unit labels head no piece; headlines do", () => {
    for (const t of ["三、报送要求", "（二）", "2018年", "“安 康 杯”征文", "西岭供电所", "东坡矿业工会"]) expect(headsNoPiece(t), t).toBe(true);
    for (const t of ["西岭供电所开展带电作业比武", "夜班归来", "你好！巡线人"]) expect(headsNoPiece(t), t).toBe(false);
  });

  it("of two stacked titles, the lower is a subheadline only when it opens with a dash or adds commas", () => {
    expect(explainsAbove("区总工会到轧钢厂“送温暖”", "区总工会副主席王海、李明为职工送上慰问品")).toBe(true);
    expect(explainsAbove("我们的节日", "——记东坡矿的一次联欢")).toBe(true);
    expect(explainsAbove("迎峰度夏保供电", "西岭供电所无人机巡线跑出加速度")).toBe(false);
    expect(explainsAbove("送健康、送文化、送权益", "东城区总工会“三送”关爱女职工")).toBe(false);
    expect(headOf([para("迎峰度夏保供电"), para("西岭供电所无人机巡线")]).text).toBe("西岭供电所无人机巡线");
    expect(headOf([para("标题"), para("——副题，说明")]).text).toBe("标题");
    expect(headOf([para("引题"), para("主题"), para("副题")]).text).toBe("主题");
  });

  it("support is the share of a title's character pairs a text holds", () => {
    const title = para("选煤厂开展防汛演练");
    expect(support(title, [para("本报讯 选煤厂开展防汛应急演练。")])).toBeGreaterThan(0.5);
    expect(support(title, [para("夜色里，井口的灯亮起来。")])).toBe(0);
  });
});
