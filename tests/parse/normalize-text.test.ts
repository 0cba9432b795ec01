/** normalizeText and normalizeHeadline: one small invented case per rule, the cases that must not change, and properties on generated text. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeHeadline, normalizeParagraphs, normalizeText } from "../../src/parse/normalize-text.ts";

const cases = (pairs: readonly (readonly [string, string])[]) => {
  for (const [input, want] of pairs) expect(normalizeText(input), JSON.stringify(input)).toBe(want);
};

describe("normalizeText: extraction spaces in Chinese", () => {
  it("joins digits padded with spaces to the characters around them (dates, quantities, ordinals)", () => {
    cases([
      ["2022 年 5 月 8 日", "2022年5月8日"],
      ["新建 110 千伏 线路", "新建110千伏线路"],
      ["这是第 3 次检修", "这是第3次检修"],
    ]);
  });

  it("joins ideographs spread apart by justification", () => {
    cases([["大家齐心 协 力", "大家齐心协力"], ["春天　来了", "春天来了"], ["班组\t会议", "班组会议"]]);
  });

  it("drops spaces before and after full-width punctuation and quotes", () => {
    cases([
      ["合格率 98% 。", "合格率98%。"],
      ["任务完成 ，质量达标 。", "任务完成，质量达标。"],
      ["牢记 “ 质量 ” 二字", "牢记“质量”二字"],
      ["《 矿工之歌 》", "《矿工之歌》"],
      ["“安全” “质量”", "“安全”“质量”"],
      ["‘ 小 ’", "‘小’"],
      ["气温 25 ℃", "气温25℃"],
      ["◆ 王五", "◆王五"],
    ]);
  });

  it("drops the space between a Latin word and Chinese", () => {
    cases([["更换 ABC 装置", "更换ABC装置"], ["安装 Linux 6 系统", "安装Linux 6系统"]]);
  });

  it("joins an Extension B ideograph (a surrogate pair) like any other", () => {
    cases([["𠀀 字", "𠀀字"], ["字 𠀀", "字𠀀"]]);
  });

  it("trims white space at both ends", () => {
    cases([["　　今天下雨。 ", "今天下雨。"], ["  Linux 6  ", "Linux 6"], [" \t ", ""]]);
  });

  it("keeps spaces between Latin words and numbers", () => {
    cases([
      ["Linux 6", "Linux 6"],
      ["35 kV", "35 kV"],
      ["ABC 3000 型", "ABC 3000型"],
      ["abc @ 126.com", "abc @ 126.com"],
      ["a  b", "a  b"],
      ["He said ‘ hi ’ twice", "He said ‘ hi ’ twice"],
    ]);
  });
});

describe("normalizeText: ASCII punctuation in Chinese", () => {
  it("makes , : ; ? ! next to Chinese full width", () => {
    cases([
      ["上周,区总工会召开会议", "上周，区总工会召开会议"],
      ["热线:0351", "热线：0351"],
      ["一是安全;二是质量", "一是安全；二是质量"],
      ["你吃饭了吗?", "你吃饭了吗？"],
      ["太好了!", "太好了！"],
      ["共计1,000,其中", "共计1,000，其中"],
      ["“安全”,“质量”", "“安全”，“质量”"],
      ["再见……!", "再见……！"],
    ]);
  });

  it("maps a mark with spaces around it and drops the spaces", () => {
    cases([["完成 , 很好", "完成，很好"], ["abc , 中文", "abc，中文"]]);
  });

  it("makes a bracket pair full width when its content or its outside is Chinese", () => {
    cases([
      ["(记者 王明)", "（记者王明）"],
      ["本报讯 (通讯员 李四)近日", "本报讯（通讯员李四）近日"],
      ["第(2)条", "第（2）条"],
      ["(2)加强管理", "（2）加强管理"],
      ["（记者 王明)", "（记者王明）"],
      ["(记者王明", "（记者王明"],
    ]);
  });

  it("leaves numbers, times, URLs and Latin alone", () => {
    cases([
      ["上午8:30开会", "上午8:30开会"],
      ["共1,000元", "共1,000元"],
      ["增长3.5个百分点", "增长3.5个百分点"],
      ["网址http://x.cn", "网址http://x.cn"],
      ["see (A) and (1)", "see (A) and (1)"],
      ["x(1)y", "x(1)y"],
      ["a,b;c!d?e", "a,b;c!d?e"],
      ["比分3:2", "比分3:2"],
      ["中.文", "中.文"],
      ["?", "?"],
      ["()", "()"],
    ]);
  });

  it("maps the mark after Chinese but not the one inside a number or a URL", () => {
    cases([["时间:8:30", "时间：8:30"], ["网址:http://x.cn", "网址：http://x.cn"]]);
  });

  it("returns the same string when nothing changes", () => {
    const s = "今天，车间完成了检修。";
    expect(normalizeText(s)).toBe(s);
    expect(normalizeText("")).toBe("");
  });
});

describe("normalizeHeadline", () => {
  it("keeps the space between a headline's two clauses", () => {
    expect(normalizeHeadline("抓好安全生产 提升管理水平")).toBe("抓好安全生产 提升管理水平");
    expect(normalizeHeadline("开展检修 保供暖 促生产")).toBe("开展检修 保供暖 促生产");
    expect(normalizeHeadline("班组“比学赶超” 争当先锋")).toBe("班组“比学赶超” 争当先锋");
  });

  it("still joins spread characters, digits and spaces at clause punctuation", () => {
    expect(normalizeHeadline("节 能 降 耗")).toBe("节能降耗");
    expect(normalizeHeadline("“安 康 杯”竞赛 启动")).toBe("“安康杯”竞赛 启动");
    expect(normalizeHeadline("2022 年 5 月 例会召开")).toBe("2022年5月例会召开");
    expect(normalizeHeadline("抓好安全生产， 提升管理")).toBe("抓好安全生产，提升管理");
    expect(normalizeHeadline("成绩 , 来之不易")).toBe("成绩，来之不易");
  });

  it("is normalizeText in body text: there the clause space goes", () => {
    expect(normalizeText("抓好安全生产 提升管理水平")).toBe("抓好安全生产提升管理水平");
  });
});

describe("normalizeParagraphs", () => {
  it("normalises each paragraph and drops those left empty", () => {
    expect(normalizeParagraphs(["2022 年 5 月", "  ", "近日,班组开会"])).toEqual(["2022年5月", "近日，班组开会"]);
  });
});

/** Pieces of extracted newspaper text: Chinese, digits, Latin, spaces of every kind, marks of both widths. */
const TOKENS = [
  "中", "安全", "生产", "职工", "年", "月", "日", "千伏", "第", "个", "𠀀", "〇",
  "2023", "12", "8", "30", "1,000", "3.5", "100%", "Linux", "kV", "ABC", "a", "@", "126.com", "http://x.cn", ".",
  " ", "  ", "　", "\t", "\n", "\u00a0",
  ",", ":", ";", "?", "!", "(", ")", "，", "：", "；", "？", "！", "（", "）", "。", "、", "《", "》",
  "“", "”", "‘", "’", "·", "•", "……", "——", "℃", "◆", "①", "\"", "'", "-", "/",
];
const text = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((xs) => xs.join("")) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }) },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((cs) => String.fromCharCode(...cs)) },
);

const CJK_G = /[\u3400-\u9fff\uf900-\ufaff]|[\ud840-\ud8bf][\udc00-\udfff]/g;
const cjk = (s: string) => (s.match(CJK_G) ?? []).join("");
/** What may differ between input and output: white space, and the width of the seven marks. */
const folded = (s: string) => s.replace(/\s+/g, "").replace(/[，：；？！（）]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

describe("normalizeText on arbitrary input", () => {
  it("keeps every CJK character in order, changes only white space and mark width, and is idempotent (both forms)", () => {
    fc.assert(
      fc.property(text, (s) => {
        const once = normalizeText(s);
        expect(cjk(once)).toBe(cjk(s));
        expect(folded(once)).toBe(folded(s));
        expect(normalizeText(once)).toBe(once);
        const head = normalizeHeadline(s);
        expect(cjk(head)).toBe(cjk(s));
        expect(folded(head)).toBe(folded(s));
        expect(normalizeHeadline(head)).toBe(head);
        expect(normalizeText(head)).toBe(once);
      }),
      { numRuns: 2000 * Number(process.env.PROPERTY_RUNS_X ?? 1) },
    );
  });
});

describe("pathological input (hang guards, not speed assertions)", () => {
  it("a 1 MB line of spaces, brackets and marks", { timeout: 20_000 }, () => {
    const line = "( 中 , 1:2 (a ".repeat(80_000).slice(0, 1_000_000);
    const out = normalizeText(line);
    expect(cjk(out)).toBe(cjk(line));
    expect(normalizeText(out)).toBe(out);
  });

  it("long runs of white space between marks and brackets", { timeout: 20_000 }, () => {
    const gap = " ".repeat(300_000);
    for (const line of [`中${gap},${gap}a`, `(${gap}(${gap})${gap}中`, `,${gap},${gap},`]) {
      const out = normalizeText(line);
      expect(normalizeText(out)).toBe(out);
    }
  });
});
