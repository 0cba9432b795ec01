/**
 * The parser's fast paths answer exactly what the plain definitions answer. Each speed-up in src/parse (issue 6:
 * parse throughput) replaced a regex, a string-per-character array or an allocation with a table, a guard or a
 * typed array; these tests hold every one of them to the definition it replaced, on generated input and, for
 * the character tables, on every UTF-16 code unit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignMax } from "../../src/parse/assign.ts";
import { decodeUtf8, looksBinary, utf16Pattern } from "../../src/parse/decode.ts";
import { endsWithCredit } from "../../src/parse/classify-lines.ts";
import { clauseOrgs, FIRST, LEADER, mayHoldOrg, orgAt } from "../../src/parse/extract-unit.ts";
import {
  endsSentence, execPhotoCredit, execPhotoReport, execTrailingByline, isMasthead, isWebMeta, MASTHEAD, ORG_STOP,
  PHOTO_CREDIT, PHOTO_CREDIT_TIGHT, PHOTO_REPORT, PHOTO_REPORT_AFTER, SENTENCE_END, TRAILING_BYLINE, WEB_META,
} from "../../src/parse/patterns.ts";
import { isPersonName } from "../../src/parse/names.ts";
import { repairText } from "../../src/parse/repair-mojibake.ts";
import { toLines } from "../../src/parse/split-lines.ts";
import { bigramSet, containment, isSpaceCode, lastNonSpaceCode, median, PAIR_SKIP, PairFinder, width } from "../../src/parse/text-measure.ts";
import { plainAssignMax, plainContainment, plainMedian, plainRepairText, plainWidth } from "./reference/plain.ts";

const ALL_UNITS = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c));

/** Pieces of the lines the guards look at: brackets, credits, masthead words, colons, sentence ends, spaces. */
const LINE_TOKENS = [
  "（", "）", "(", ")", "摄", "摄影", "摄影报道", " 摄", "记者", "通讯员", "本报", "新华社", "主", "管", "办", "主 管", "主 办",
  "出 版", "编 辑", "国内统一连续出版物号", "CN", "CN 14-0001", "来源", "时间", "：", ":", "。", "！", "？", "!", "?", "…",
  "；", ";", "”", "’", "」", "』", "——", "—", " ", "　", "\t", "王", "张三", "卫 玲", "李静楠", "·", "1", "a", "，", "公司",
  "（张三）", "（卫 玲 周二红）", "(记者马学礼 李静楠)", "（宁晓晶", "来源:", "时间：", "发布时间:", "责任编辑：", " 米国伟 摄",
  "摄影报道 崔丽娜 ", "本报记者 刘旭", "主 管 党委工作部 主 办", " 张三 摄影报道", "本报记者 李四 王五 摄影报道",
];
const line = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...LINE_TOKENS), { maxLength: 16 }).map((xs) => xs.join("")) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
);
/** Any UTF-16 string, lone surrogates included. */
const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((cs) => String.fromCharCode(...cs));

const execShape = (m: RegExpExecArray | null) => (m ? [m.index, ...m] : null);
/** What execPhotoCredit stands for: "… 张三 摄", or a person's name straight after a sentence end ("…。张三摄"). */
const photoCredit = (s: string) => PHOTO_CREDIT.exec(s) ?? ((m) => (m && isPersonName(m[1]!) ? m : null))(PHOTO_CREDIT_TIGHT.exec(s));
/** What execPhotoReport stands for: the names-before-the-label form first, then label-before-names. */
const photoReport = (s: string) => PHOTO_REPORT_AFTER.exec(s) ?? PHOTO_REPORT.exec(s);

describe("character tables agree with the regexes they replace, on every UTF-16 code unit", () => {
  it("bigram skip table = white space or the punctuation bigramSet drops", () => {
    const punct = /[，。、：；！？“”‘’《》（）()·\-—…,.:;!?"']/;
    const bad = ALL_UNITS.filter((ch, c) => (/[\s\u3000]/.test(ch) || punct.test(ch)) !== (PAIR_SKIP[c] === 1));
    expect(bad).toEqual([]);
  });

  it("isSpaceCode = \\s, and trimEnd() = removing [\\s\\u3000]+$ (toLines)", () => {
    expect(ALL_UNITS.filter((ch, c) => /\s/.test(ch) !== isSpaceCode(c))).toEqual([]);
    expect(ALL_UNITS.filter((ch) => `a${ch}${ch}`.trimEnd() !== `a${ch}${ch}`.replace(/[\s\u3000]+$/, ""))).toEqual([]);
  });

  it("clause splitting = splitting on [ORG_STOP]+ (every stop character, alone and between words)", () => {
    // A clause in quotes ("“某工会”公众号") is skipped: a channel's or campaign's name, not who acted.
    const split = (t: string) => [...t.matchAll(new RegExp(`[^${ORG_STOP}]+`, "g"))]
      .filter((m) => !(t[m.index - 1] === "“" && t[m.index + m[0].length] === "”"))
      .map((m) => orgAt(m[0])).filter((o): o is string => !!o);
    const text = ALL_UNITS.map((ch) => `中铝山西新材料有限公司${ch}电解厂`).join("");
    expect(clauseOrgs(text)).toEqual(split(text));
    // Clauses of every length, short ones included ("电解厂" is a whole clause and a unit).
    const clauses = fc.array(fc.constantFrom("电解厂", "矿业公司", "中铝", "厂", "公司", "电", "的", "，", "。", " ", "\n", "了", "在", "总经理", "王"), { maxLength: 20 })
      .map((xs) => xs.join(""));
    fc.assert(fc.property(clauses, (t) => { expect(clauseOrgs(t)).toEqual(split(t)); }), { numRuns: 2000 });
  });
});

describe("guards before end-anchored patterns", () => {
  it("each exec/test helper returns what its pattern returns", () => {
    fc.assert(
      fc.property(line, (s) => {
        expect(execShape(execTrailingByline(s))).toEqual(execShape(TRAILING_BYLINE.exec(s)));
        expect(execShape(execPhotoCredit(s))).toEqual(execShape(photoCredit(s)));
        expect(execShape(execPhotoReport(s))).toEqual(execShape(photoReport(s)));
        expect(isMasthead(s)).toBe(MASTHEAD.test(s));
        expect(isWebMeta(s)).toBe(WEB_META.test(s));
        expect(endsSentence(s)).toBe(SENTENCE_END.test(s));
        expect(endsWithCredit(s)).toBe(TRAILING_BYLINE.test(s) || !!photoReport(s) || (!!photoCredit(s) && /[。！？]/.test(s)));
      }),
      { numRuns: 3000 },
    );
  });

  it("on real lines: the credits, bylines and mastheads of the seeds", () => {
    for (const s of ["…等多项荣誉。 （卫 玲 周二红）", "本报通讯员 赵平 潘媛媛 摄", "…比赛现场 米国伟 摄 ", "…空气呼吸器。 摄影报道 崔丽娜", "…的表演。 本报记者 张三 摄影报道", "摄影\t摄影报道", "…时的情景。吴春燕摄",
      "中铝山西新材料有限公司党委 主 管 党委工作部 主 办", "来源:集团 时间:2024-04-25", "……", "综合性进步。”"]) {
      expect(execShape(execTrailingByline(s))).toEqual(execShape(TRAILING_BYLINE.exec(s)));
      expect(execShape(execPhotoCredit(s))).toEqual(execShape(photoCredit(s)));
      expect(execShape(execPhotoReport(s))).toEqual(execShape(photoReport(s)));
      expect([isMasthead(s), isWebMeta(s), endsSentence(s)]).toEqual([MASTHEAD.test(s), WEB_META.test(s), SENTENCE_END.test(s)]);
    }
    expect(lastNonSpaceCode(" 摄 \u3000")).toBe("摄".charCodeAt(0));
    expect(lastNonSpaceCode(" \t")).toBe(-1);
  });

  it("orgAt's guard: whenever FIRST or LEADER matches a clause, mayHoldOrg lets it through", () => {
    const clause = fc.array(fc.constantFrom("电解", "中铝", "山西", "公司", "有限", "厂", "矿", "部", "党委", "总经理", "厂长", "所", "院", "站",
      "车间", "工区", "市总", "A", "3", "的", "新", "材料"), { maxLength: 8 }).map((xs) => xs.join(""));
    fc.assert(fc.property(clause, (s) => {
      if (FIRST.test(s) || LEADER.test(s)) expect(mayHoldOrg(s)).toBe(true);
    }), { numRuns: 3000 });
  });
});

describe("text measures", () => {
  it("width counts by UTF-16 unit exactly as by code point (surrogate pairs, lone halves)", () => {
    fc.assert(fc.property(units, (s) => { expect(width(s)).toBe(plainWidth(s)); }), { numRuns: 2000 });
    for (const s of ["𠀀中", "\ud840", "a\udc00b", "2023 年 12 月 30", "𠀀\ud840"]) expect(width(s)).toBe(plainWidth(s));
  });

  it("containment over numeric pairs = over two-character strings", () => {
    const text = fc.array(fc.constantFrom("安全", "生产", "电", "解", "厂", "。", "，", " ", "　", "“", "”", "-", "a", "b", "\ud840", "\udc00", "𠀀"), { maxLength: 30 })
      .map((xs) => xs.join(""));
    fc.assert(fc.property(text, text, (a, b) => { expect(containment(a, b)).toBe(plainContainment(a, b)); }), { numRuns: 2000 });
  });

  it("PairFinder keeps every pair a title or a word of one can be measured against", () => {
    const word = fc.array(fc.constantFrom("安", "全", "生", "产", "电", "解", "厂", "，"), { minLength: 1, maxLength: 6 }).map((xs) => xs.join(""));
    const title = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(" "));
    const body = fc.array(fc.constantFrom("安", "全", "生", "产", "电", "解", "厂", "车", "间", "。", " ", "\n"), { maxLength: 60 }).map((xs) => xs.join(""));
    fc.assert(fc.property(fc.array(title, { minLength: 1, maxLength: 4 }), body, (titles, b) => {
      const within = new PairFinder(titles).within(b);
      for (const t of titles) {
        expect(containment(bigramSet(t), within)).toBe(plainContainment(t, b));
        for (const w of t.split(/\s+/)) expect(containment(w, within)).toBe(plainContainment(w, b));
      }
    }), { numRuns: 1500 });
  });

  it("median = the upper median of the sorted list", () => {
    const xs = fc.array(fc.integer({ min: 0, max: 100 }).map((n) => n / 2), { maxLength: 24 });
    fc.assert(fc.property(xs, (a) => {
      const copy = [...a];
      expect(median(a)).toBe(plainMedian(a));
      expect(a).toEqual(copy);
    }), { numRuns: 2000 });
  });
});

describe("repairText with sparse edits = repairText on a character array", () => {
  /** Mojibake and its look-alike real words, brackets of both fonts, line breaks: the cases the passes split. */
  const TOKENS = [
    "今年以来袁车间坚持安全第一遥", "渊", "冤", "袁", "遥", "野", "冶", "叶", "曳", "尧", "曰", "院", "荫", "（", "）", "(", ")", "“", "”",
    "《", "》", "遥远", "医院", "冶金", "树荫", "叶子", "野外", "田野", "说", "张三", "王星芸", "荫 卫敬强", "\n", "\n\n", " ", "中", "a", "1", "%",
  ];
  const body = fc.oneof(
    { weight: 5, arbitrary: fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((xs) => xs.join("")) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...TOKENS, "渊".repeat(3), "冶".repeat(3), "x".repeat(45)), { maxLength: 40 }).map((xs) => xs.join("")) },
  );
  // Half the texts open with enough signals to be repaired at all, the other half decide that for themselves.
  const text = fc.tuple(fc.boolean(), body).map(([signal, b]) => (signal ? `今年以来袁车间坚持安全第一遥大家袁齐心协力遥\n${b}` : b));

  it("same text and same count, whether or not the file crosses the signal threshold", () => {
    fc.assert(fc.property(text, (s) => { expect(repairText(s)).toEqual(plainRepairText(s)); }), { numRuns: 3000 });
  });

  it("on the pipeline's own lines of a repaired-style page", () => {
    const page = "劲旅讯 今年以来袁车间坚持安全第一遥渊张三冤\n（宁晓晶冤 野战斗力冶袁叶安全生产法曳遥\n\n荫\n段\n他说院大家辛苦了遥渊王星芸)";
    const joined = toLines(page, 0).map((l) => l.text).join("\n");
    expect(repairText(joined)).toEqual(plainRepairText(joined));
    expect(repairText(joined).repaired).toBeGreaterThan(5);
  });
});

describe("assignMax on typed arrays = on nested arrays", () => {
  it("the same assignment, ties included", () => {
    const cell = fc.oneof(fc.constantFrom(0, 0.1, 0.3, 0.5, 1), fc.double({ min: 0, max: 1.1, noNaN: true }));
    const matrix = fc.integer({ min: 1, max: 7 }).chain((cols) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 7 }));
    fc.assert(fc.property(matrix, (w) => { expect(assignMax(w)).toEqual(plainAssignMax(w)); }), { numRuns: 2000 });
    expect(assignMax([])).toEqual(plainAssignMax([]));
    expect(assignMax([[], []])).toEqual(plainAssignMax([[], []]));
  });
});

describe("decode's native checks = the byte loops and TextDecoder", () => {
  const strictUtf8 = (b: Uint8Array) => {
    try { return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(b); } catch { return null; }
  };
  const loopBinary = (bytes: Uint8Array) => {
    const n = Math.min(bytes.length, 8192);
    let ctrl = 0;
    for (let i = 0; i < n; i++) {
      const b = bytes[i]!;
      if (b === 0) return true;
      if (b < 9 || (b > 13 && b < 32)) ctrl++;
    }
    return ctrl > n * 0.05;
  };
  const loopUtf16 = (bytes: Uint8Array) => {
    const n = Math.min(bytes.length - (bytes.length % 2), 4096);
    if (n < 4) return null;
    let even = 0;
    let odd = 0;
    for (let i = 0; i < n; i += 2) { if (bytes[i] === 0) even++; if (bytes[i + 1] === 0) odd++; }
    if (odd > n / 2 * 0.3 && even < n / 2 * 0.05) return "utf-16le";
    if (even > n / 2 * 0.3 && odd < n / 2 * 0.05) return "utf-16be";
    return null;
  };
  const enc = new TextEncoder();
  /** Text as files carry it: UTF-8 with or without a BOM, UTF-16 of ASCII, with stray bytes spliced in. */
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc.uint8Array({ maxLength: 64, min: 0, max: 40 }),
    fc.tuple(fc.boolean(), fc.string({ unit: "binary", maxLength: 40 }), fc.uint8Array({ maxLength: 3 }), fc.nat(40)).map(([bom, s, junk, at]) => {
      const body = enc.encode(s);
      const cut = Math.min(at, body.length);
      return Uint8Array.from([...(bom ? [0xef, 0xbb, 0xbf] : []), ...body.slice(0, cut), ...junk, ...body.slice(cut)]);
    }),
    fc.string({ unit: "binary-ascii", maxLength: 40 }).map((s) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0), 0]))),
  );

  it("decodeUtf8 decodes exactly what strict TextDecoder does (BOM dropped), and refuses what it refuses", () => {
    fc.assert(fc.property(bytes, (b) => { expect(decodeUtf8(b)).toBe(strictUtf8(b)); }), { numRuns: 3000 });
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x41]))).toBe(strictUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x41])));
    const view = Uint8Array.from([0xff, 0x41, 0x42, 0xff]).subarray(1, 3);
    expect(decodeUtf8(view)).toBe("AB");
  });

  it("looksBinary and utf16Pattern = their byte loops", () => {
    fc.assert(fc.property(bytes, (b) => {
      expect(looksBinary(b)).toBe(loopBinary(b));
      expect(utf16Pattern(b)).toBe(loopUtf16(b));
    }), { numRuns: 3000 });
    const big = new Uint8Array(9000).fill(0x41);
    big[8500] = 0;
    expect(looksBinary(big)).toBe(loopBinary(big));
  });
});
