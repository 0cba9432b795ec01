/** The parser's warnings that `baokan check` sorts into kinds: low-confidence headlines and repaired mojibake. */
import { describe, expect, it } from "vitest";
import { LOW_HEADLINE_FIT, MIN_HEADLINE_FIT } from "../../src/parse/attach-headlines.ts";
import { lines, parse } from "./helpers.ts";

const BODY = "本报讯 近日，公司召开安全生产会议，部署冬季安全工作，要求各单位压实责任。";

describe("attachHeadlines: a headline matched with low confidence", () => {
  it("a detached title that shares under half its character pairs with the body is attached, with a warning at its line", () => {
    expect(MIN_HEADLINE_FIT).toBeLessThan(LOW_HEADLINE_FIT);
    const rec = parse(lines(BODY, "（张明）", "", "冬季会议部署完毕各方响应"));
    expect(rec.articles[0]!.headline).toBe("冬季会议部署完毕各方响应");
    const w = rec.warnings.filter((x) => x.code === "low-confidence-headline");
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ line: 4, pass: "attachHeadlines", subject: "冬季会议部署完毕各方响应" });
    expect(w[0]!.message).toMatch(/^标题“冬季会议部署完毕各方响应”的归属把握不大（匹配度 \d\.\d+）：请核对它是否属于第 1 行起的文章$/);
    const fit = Number(/匹配度 (\d\.\d+)/.exec(w[0]!.message)![1]);
    expect(fit).toBeGreaterThanOrEqual(MIN_HEADLINE_FIT);
    expect(fit).toBeLessThan(LOW_HEADLINE_FIT);
  });

  it("a title most of whose pairs the body contains gets no warning", () => {
    const rec = parse(lines(BODY, "（张明）", "", "安全生产会议召开"));
    expect(rec.articles[0]!.headline).toBe("安全生产会议召开");
    expect(rec.warnings.some((x) => x.code === "low-confidence-headline")).toBe(false);
  });
});

describe("repairMojibake: one warning per file, at the first repaired line", () => {
  it("counts the repairs and points at the first line that had one", () => {
    const text = lines("第一行没有问题", "本报讯 近日袁电解厂召开安全生产会议袁部署冬季安全工作遥会议要求袁各车间落实岗位责任遥", "渊张三冤");
    const rec = parse(text);
    const w = rec.warnings.filter((x) => x.pass === "repairMojibake");
    expect(w).toHaveLength(1);
    expect(w[0]!.line).toBe(2);
    expect(w[0]).toMatchObject({ code: "mojibake" });
    expect(w[0]!.message).toMatch(new RegExp(`^修复了 ${rec.mojibakeRepaired} 个 GBK 字体标点乱码`));
    expect(rec.mojibakeRepaired).toBe(text.match(/[袁遥渊冤]/g)!.length);
  });

  it("clean text: no warning", () => {
    expect(parse(lines(BODY, "（张明）")).warnings.some((x) => x.pass === "repairMojibake")).toBe(false);
  });
});
