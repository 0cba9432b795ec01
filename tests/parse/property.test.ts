/** Properties of the whole parser on arbitrary input: it never throws, never loses text, and is deterministic. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseText } from "../../src/parse/pipeline.ts";
import { repairText } from "../../src/parse/repair-mojibake.ts";
import { toLines } from "../../src/parse/split-lines.ts";
import { META, missingCjk } from "./helpers.ts";

/** Pieces of newspaper text and of its breakage: mojibake, brackets, headings, datelines, credits, blank lines. */
const TOKENS = [
  "中", "铝", "公司", "电解厂", "工会", "党支部", "职工", "安全", "生产", "遥远", "医院", "冶金", "树荫", "叶子",
  "渊", "冤", "袁", "遥", "野", "冶", "叶", "曳", "尧", "曰", "院", "荫", "◆",
  "，", "。", "、", "；", "：", "！", "？", "“", "”", "《", "》", "（", "）", "(", ")", "——", "…",
  "\n", "\n\n", "\n\n\n", " ", "　", "\t", "\r\n", "#", "# ", "## ", "G ",
  "劲旅讯 ", "又讯 ", "本报讯 ", "（张三）", "(李四)", "（卫 玲 周二红）", "◆ 王五", "荫 段", "摄影报道 崔丽娜", " 米国伟 摄",
  "本报记者 刘旭 本报通讯员 宋昕泽", "记者 李俊华 通讯员 杜晨媛", "主 管 党委工作部 主 办", "来源:集团 时间:2024-04-25",
  "本文摘要:", "首页", "2023 年 12 月 30 日", "8月以来", "持续至2026年3月2日", "A", "Smart", "3915", "图为",
  "征文", "·", "通知",
];
const text = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }).map((xs) => xs.join("")) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 200 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: "grapheme", maxLength: 6 })), { maxLength: 60 }).map((xs) => xs.join("")) },
);

/** The text the passes see: the pipeline's own line split (trailing space dropped, tabs to spaces), then repair. */
const repaired = (s: string) => repairText(toLines(s, 0).map((l) => l.text).join("\n")).text;

describe("parseText on arbitrary input", () => {
  it("never throws, keeps every CJK character of the repaired input, and is deterministic", () => {
    fc.assert(
      fc.property(text, (s) => {
        const rec = parseText(s, META);
        const json = JSON.stringify(rec);
        expect(missingCjk(repaired(s), json)).toEqual([]);
        expect(JSON.stringify(parseText(s, META))).toBe(json);
        for (const a of rec.articles) {
          expect(a.body.length + (a.headline ? 1 : 0)).toBeGreaterThan(0);
          for (const [from, to] of a.source.lines) expect(from).toBeLessThanOrEqual(to);
        }
      }),
      { numRuns: 400 * Number(process.env.PROPERTY_RUNS_X ?? 1) },
    );
  });

  it("short label lines next to headings keep every character (征文 / ## 特写 / # 透, a 时政要闻 section label)", () => {
    const label = fc.constantFrom("征文", "特写", "透", "时政要闻", "专栏", "快讯", "一线", "图片新闻", "通知", "G 新闻特写", "“安 康 杯”征文");
    const line = fc.oneof(
      label,
      label.map((l) => `# ${l}`),
      label.map((l) => `## ${l}`),
      fc.constantFrom("# 职工技能大赛开幕", "## 比赛现场", "本报讯 近日，电解厂举办技能大赛。", "职工们踊跃参加。", "（张三）", ""),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), (ls) => {
        const s = ls.join("\n");
        expect(missingCjk(repaired(s), JSON.stringify(parseText(s, META)))).toEqual([]);
      }),
      { numRuns: 1000 * Number(process.env.PROPERTY_RUNS_X ?? 1) },
    );
  });

  it("undated input never throws either (the inferDate step runs too)", () => {
    fc.assert(
      fc.property(text, (s) => {
        const rec = parseText(s, { ...META, issueDate: null, issueDateSource: "unknown" });
        expect(["inferred", "unknown"]).toContain(rec.issueDateSource);
      }),
      { numRuns: 200 },
    );
  });
});

describe("pathological input (hang guards, not speed assertions)", () => {
  it("a 1 MB line with no punctuation", { timeout: 20_000 }, () => {
    const line = "中铝公司电解厂职工安全生产".repeat(80_000).slice(0, 1_000_000);
    const rec = parseText(line, META);
    expect(rec.articles.length + rec.unplaced.length).toBeGreaterThan(0);
    expect(JSON.stringify(rec).length).toBeGreaterThanOrEqual(1_000_000);
  });

  it("100k blank lines around two short pieces", { timeout: 20_000 }, () => {
    const blanks = "\n".repeat(100_000);
    const rec = parseText(`本报讯 近日，公司召开会议。（张三）${blanks}本报讯 昨天，公司举行大会。${blanks}`, META);
    expect(rec.articles.map((a) => a.source.lines)).toEqual([[[1, 1]], [[100_001, 100_001]]]);
  });

  it("100k short lines alternating with blank lines", { timeout: 20_000 }, () => {
    const rec = parseText(Array.from({ length: 50_000 }, (_, i) => (i % 2 ? "职工安全生产，" : "中铝公司电解厂")).join("\n\n"), META);
    expect(rec.articles.length).toBeGreaterThan(0);
  });
});
