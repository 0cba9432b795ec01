import { describe, expect, it } from "vitest";
import { mojibakeSignals, repairText } from "../../src/parse/repair-mojibake.ts";
import { parse } from "./helpers.ts";

/** Enough unmistakable signals (袁 between ideographs, 遥 at a sentence end) for a file to count as mojibake. */
const SIGNAL = "今年以来袁车间全体员工坚持安全第一遥大家袁齐心协力遥";
const fix = (s: string) => repairText(`${SIGNAL}\n${s}`).text.split("\n").slice(1).join("\n");

describe("repairMojibake (repairText)", () => {
  it("the signal text alone is above the threshold", () => {
    expect(mojibakeSignals(SIGNAL)).toBeGreaterThanOrEqual(3);
    expect(repairText(SIGNAL).text).toBe("今年以来，车间全体员工坚持安全第一。大家，齐心协力。");
  });

  it("袁 → ， and 遥 → 。 in punctuation position", () => {
    expect(fix("工人们干劲十足袁产量稳步提升遥")).toBe("工人们干劲十足，产量稳步提升。");
  });

  it("渊…冤 → （…）: a bracketed byline", () => {
    expect(fix("圆满完成任务遥渊张俊峰冤")).toBe("圆满完成任务。（张俊峰）");
  });

  it("野…冶 → “…”, even where the opener starts a real word (野战)", () => {
    expect(fix("彰显组织野战斗力冶袁擦亮野金字招牌冶遥")).toBe("彰显组织“战斗力”，擦亮“金字招牌”。");
  });

  it("叶…曳 → 《…》", () => {
    expect(fix("认真学习叶安全生产法曳遥")).toBe("认真学习《安全生产法》。");
  });

  it("尧 → 、 and 曰 → ；", () => {
    expect(fix("安全尧环保尧质量全面提升曰成本持续下降遥")).toBe("安全、环保、质量全面提升；成本持续下降。");
  });

  it("院 → ： only after a word that introduces speech", () => {
    expect(fix("他说院大家辛苦了遥")).toBe("他说：大家辛苦了。");
    expect(fix("公司召开院务会遥")).toBe("公司召开院务会。");
  });

  it("荫 → ◆ at a line start (the author mark of a literary piece)", () => {
    expect(fix("荫 卫敬强")).toBe("◆ 卫敬强");
    expect(fix("荫\n段")).toBe("◆\n段");
  });

  it("keeps real words that contain look-alike characters: 遥远 医院 冶金 树荫 叶子", () => {
    expect(fix("遥远的山村里袁有一座医院遥冶金工人在树荫下休息袁叶子落了一地遥")).toBe(
      "遥远的山村里，有一座医院。冶金工人在树荫下休息，叶子落了一地。",
    );
  });

  it("leaves a clean text with one 袁 surname untouched (below the signal threshold)", () => {
    const clean = "袁隆平是著名的农业科学家。他一生致力于杂交水稻研究，遥想当年，困难重重。";
    expect(mojibakeSignals(clean)).toBeLessThan(3);
    expect(repairText(clean)).toEqual({ text: clean, repaired: 0 });
  });

  it("repairs 尧 and 曰 at a line end (a broken line, not a name)", () => {
    expect(fix("党员修旧利废尧\n降本增效曰\n成效明显遥")).toBe("党员修旧利废、\n降本增效；\n成效明显。");
  });

  it("replaces one character for one: length and line breaks are unchanged", () => {
    const src = `${SIGNAL}\n渊张三冤野好冶\n叶书曳尧曰`;
    const out = repairText(src);
    expect(out.text.length).toBe(src.length);
    expect(out.text.split("\n").length).toBe(src.split("\n").length);
    expect(out.repaired).toBe([...src].filter((c, i) => c !== out.text[i]).length);
  });

  it("the pass reports how many characters it repaired on the issue record", () => {
    const rec = parse(`劲旅讯 ${SIGNAL}\n渊张三冤`);
    expect(rec.mojibakeRepaired).toBe(6); // 2 袁, 2 遥, 渊, 冤
    expect(rec.articles[0]!.authors).toEqual(["张三"]);
  });
});
