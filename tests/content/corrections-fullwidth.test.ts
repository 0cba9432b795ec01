/**
 * Corrections files typed with a Chinese input method (src/content/yaml-fullwidth.ts): full-width colons, brackets
 * and commas where YAML wants its own are read as the editor meant them — the same corrections as the ASCII file —
 * and a full-width colon that cannot be read so is pointed at in the error, with file and line.
 */
import { describe, expect, it } from "vitest";
import { parseCorrections } from "../../src/content/corrections-yaml.ts";
import { parseUnitTable, canonicalUnit } from "../../src/content/units.ts";
import { halfWidthSyntax } from "../../src/content/yaml-fullwidth.ts";
import { InputError } from "../../src/errors.ts";
import { FIX, fix } from "./corrections-fixture.ts";

function errorOf(f: () => unknown): InputError {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(InputError); return e as InputError; }
  throw new Error("expected an InputError");
}

/** Each case: as typed with full-width marks, and the same file in ASCII YAML. */
const SAME: [string, string, string][] = [
  ["the issue's own example: 1：{ headline: … }", "articles:\n  1：{ headline: 踏雪矿山行，浓情暖人心 }\n", "articles:\n  1: { headline: 踏雪矿山行，浓情暖人心 }\n"],
  ["section and field colons", "articles：\n  1：\n    headline：电解厂部署冬季安全生产\n    unit：电解厂\n", "articles:\n  1:\n    headline: 电解厂部署冬季安全生产\n    unit: 电解厂\n"],
  ["a colon inside the text stays text", "articles:\n  1:\n    headline：记者：张三\n", "articles:\n  1:\n    headline: 记者：张三\n"],
  ["first words as the key, fields below", "articles:\n  日前，热电分厂组织：\n    unit: 热电分厂工会\n", "articles:\n  日前，热电分厂组织:\n    unit: 热电分厂工会\n"],
  ["first words as the key, a mapping after", "articles:\n  日前，热电分厂组织：｛unit：热电分厂工会，kind：启事｝\n", "articles:\n  日前，热电分厂组织: {unit: 热电分厂工会, kind: 启事}\n"],
  ["a full-width list of numbers (one merge, without the outer list)", "merge：［1，2］\n", "merge: [1, 2]\n"],
  ["a list of lists", "merge: ［［1，2］］\n", "merge: [[1, 2]]\n"],
  ["ASCII brackets, full-width commas", "merge:\n  - [1，2、3]\n", "merge:\n  - [1, 2, 3]\n"],
  ["authors as a full-width list", "articles:\n  2:\n    authors：［张明，刘洋］\n", "articles:\n  2:\n    authors: [张明, 刘洋]\n"],
  ["a split entry", "split：［{ article：3，at：演练中，职工们 }］\n", "split: [{ article: 3, at: 演练中，职工们 }]\n"],
  ["a move entry", "move:\n  - text：春风送暖\n    to：1\n    as：headline\n", "move:\n  - text: 春风送暖\n    to: 1\n    as: headline\n"],
];

describe("full-width marks read as the editor meant them", () => {
  it.each(SAME)("%s", (_, typed, ascii) => {
    const a = parseCorrections(typed, FIX);
    const b = parseCorrections(ascii, FIX);
    expect(a).toEqual(b);
    // Line numbers are the typed file's: the rewrite keeps every line where it was.
    expect(halfWidthSyntax(typed, { keys: ["articles"], lists: [] }).split("\n")).toHaveLength(typed.split("\n").length);
  });

  it("the corrected record is the same as with the ASCII file", () => {
    const typed = fix("articles：\n  1：{ headline：电解厂部署冬季安全生产 }\nmerge：\n  - ［2，3］\n");
    const ascii = fix("articles:\n  1: { headline: 电解厂部署冬季安全生产 }\nmerge:\n  - [2, 3]\n");
    expect(typed.articles).toEqual(ascii.articles);
    expect(typed.articles[0]!.headline).toBe("电解厂部署冬季安全生产");
    expect(typed.articles).toHaveLength(2);
  });

  it("merge: [1, 2] is one merge, as merge: [[1, 2]] is", () => {
    const strip = (c: ReturnType<typeof parseCorrections>) => c.merges.map((m) => m.refs.map((r) => r.n));
    expect(strip(parseCorrections("merge: [1, 2]\n", FIX))).toEqual([[1, 2]]);
    expect(strip(parseCorrections("merge: [[1, 2]]\n", FIX))).toEqual([[1, 2]]);
    expect(fix("merge: [2, 3]\n").articles).toHaveLength(2);
  });

  it("quoted text and comments are left as written", () => {
    const c = parseCorrections('articles:\n  1:\n    headline: "会议：｛一｝［二］"  # 注：原标题\n', FIX);
    expect(c.edits[0]!.fields.headline).toBe("会议：｛一｝［二］");
  });

  it("the unit table takes full-width colons, brackets and commas too", () => {
    const t = parseUnitTable("电解厂：［电解一厂，电解二厂］\n河池市总工会：\n  - 广西河池市总\n氧化铝厂：氧化铝分厂\n", "content/units.yaml");
    expect(["电解一厂", "电解二厂", "广西河池市总", "氧化铝分厂"].map((u) => canonicalUnit(t, u))).toEqual(["电解厂", "电解厂", "河池市总工会", "氧化铝厂"]);
  });
});

describe("a full-width colon that cannot be read so is pointed at", () => {
  it.each([
    // A misspelt field: not a key the format knows, so its colon stays text and the field is unknown.
    ["a misspelt field in braces", "articles:\n  1: { headlin：电解厂 }\n", 2, /articles 里没有“headlin：电解厂”这个字段.*“1: { headlin：电解厂 }”里的“：”是全角冒号：键和值之间要写半角冒号加空格“: ”/],
    // First words on a line of their own, with nothing indented under them: a key or a line of text?
    ["first words with nothing under them", "articles:\n  日前，热电分厂组织：\n  2:\n    unit: x\n", 2, /更正文件不是有效的 YAML.*“：”是全角冒号/],
  ])("%s → file:line and the “：”", (_, yaml, line, message) => {
    const e = errorOf(() => parseCorrections(yaml, FIX));
    expect(e.file).toBe(FIX);
    expect(e.line).toBe(line);
    expect(e.message.startsWith(`${FIX}:${line}: `)).toBe(true);
    expect(e.message).toMatch(message);
  });

  it("an error on a line without one has no such hint", () => {
    expect(errorOf(() => parseCorrections("articles:\n  1:\n    headlnie: x\n", FIX)).message).not.toMatch(/全角/);
  });
});
