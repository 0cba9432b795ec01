/** The unit alias table, content/units.yaml (src/content/units.ts), alone and through the loader. */
import { afterEach, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { applyUnitTable, canonicalUnit, parseUnitTable } from "../../src/content/units.ts";
import { InputError } from "../../src/errors.ts";
import { tempTree } from "./helpers.ts";

let cleanup = () => {};
afterEach(() => cleanup());

function errorOf(f: () => unknown): InputError {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(InputError); return e as InputError; }
  throw new Error("expected an InputError");
}

const TABLE = ["# canonical: variants", "中铝山西新材料:", "  - 中铝山西新材料有限公司", "河池市总工会: [广西河池市总, 河池市总]", "电解厂:", ""].join("\n");

describe("parseUnitTable", () => {
  it("maps every variant, spaced or not, and each canonical name to itself", () => {
    const t = parseUnitTable(TABLE, "content/units.yaml");
    expect(canonicalUnit(t, "中铝山西新材料有限公司")).toBe("中铝山西新材料");
    expect(canonicalUnit(t, "广西河池市总")).toBe("河池市总工会");
    expect(canonicalUnit(t, "河 池 市 总")).toBe("河池市总工会");
    expect(canonicalUnit(t, "电解厂")).toBe("电解厂");
    expect(canonicalUnit(t, "氧化铝厂")).toBe("氧化铝厂");
  });

  it.each([
    ["invalid YAML", "a: [b\nc: d\n", /^content\/units\.yaml:\d+: 单位表不是有效的 YAML/],
    ["a list instead of a mapping", "- a\n- b\n", /^content\/units\.yaml:1: 单位表应是“键: 值”的几行/],
    ["a variant under two names", "甲公司: [甲]\n乙公司:\n  - 丙\n  - 甲\n", /^content\/units\.yaml:3: “甲”既列在“甲公司”下（第 1 行），又列在“乙公司”下/],
    ["a canonical name listed as a variant", "甲公司: [乙公司]\n乙公司: [乙]\n", /^content\/units\.yaml:1: “乙公司”本身是一个单位名（第 2 行）/],
    ["variants that are a mapping", "甲公司:\n  x: y\n", /^content\/units\.yaml:2: “甲公司”的其他写法应是一个名字或名字的列表/],
    ["a duplicate canonical name", "甲公司: [甲]\n甲公司: [乙]\n", /^content\/units\.yaml:2: “甲公司”写了两次（第 1 行和这一行）；同一个键只能写一次/],
  ])("%s → an error with file and line", (_, text, message) => {
    expect(errorOf(() => parseUnitTable(text, "content/units.yaml")).message).toMatch(message);
  });
});

describe("the loader applies the table", () => {
  // The unit printed as a label under the byline, as 劲旅 does: the parser files the piece under it.
  const piece = (unit: string) => `本报讯 近日，${unit}召开职工代表大会，审议通过年度工作报告。\n（张三）\n\n${unit}\n\n召开职工代表大会\n`;

  it("canonical unit in `unit`, the parser's reading in `unitAsPrinted` (only where they differ)", async () => {
    const t = tempTree({
      "content/units.yaml": TABLE,
      "content/p/2024-01-05.txt": piece("中铝山西新材料有限公司"),
      "content/p/2024-01-06.txt": piece("中铝山西新材料"),
    });
    cleanup = t.cleanup;
    const plain = await loadArchive(`${t.dir}/content`, t.dir, { cache: null, unitTable: false });
    const printed = plain.issues.map((i) => i.articles[0]!.unit);
    expect(printed).toEqual(["中铝山西新材料有限公司", "中铝山西新材料"]);
    expect(plain.units).toBeNull();
    const table = parseUnitTable(TABLE, "content/units.yaml");
    const mapped = plain.issues.map((i) => applyUnitTable(i, table).articles[0]!);
    expect(mapped.map((a) => [a.unit, a.unitAsPrinted])).toEqual([["中铝山西新材料", "中铝山西新材料有限公司"], ["中铝山西新材料", undefined]]);
    const a = await loadArchive(`${t.dir}/content`, t.dir, { cache: null });
    expect(a.issues.map((i) => i.articles[0]!.unit)).toEqual(["中铝山西新材料", "中铝山西新材料"]);
    expect(a.issues[0]!.articles[0]!.unitAsPrinted).toBe("中铝山西新材料有限公司");
    expect("unitAsPrinted" in a.issues[1]!.articles[0]!).toBe(false);
  });

  it("an invalid units.yaml is an archive error naming file and line; the issues still load", async () => {
    const t = tempTree({ "content/units.yaml": "甲公司: [甲\n", "content/p/2024-01-05.txt": piece("电解厂") });
    cleanup = t.cleanup;
    const a = await loadArchive(`${t.dir}/content`, t.dir, { cache: null });
    expect(a.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^content\/units\.yaml:\d+: 单位表不是有效的 YAML/)]);
    expect(a.issues).toHaveLength(1);
  });
});
