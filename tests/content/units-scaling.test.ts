/**
 * The editor's YAML files at scale: content/units.yaml and <issue>.fix.yaml are read in time linear in their size
 * (the YAML library's duplicate-key check made 40,000 unit names take 28 s), files over the size limit are refused
 * in one line, and the plain-table reader (unit-table-fast.ts) reads every table exactly as the YAML reader does.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCorrections } from "../../src/content/corrections-yaml.ts";
import { readPlainUnitTable } from "../../src/content/unit-table-fast.ts";
import { parseUnitTable } from "../../src/content/units.ts";
import { YAML_MAX_BYTES } from "../../src/content/yaml-lines.ts";
import { InputError } from "../../src/errors.ts";

/** CPU milliseconds of the fastest of `runs` calls: the machine is shared, and the fastest run is the least disturbed. */
function cpuMs(f: () => void, runs = 2): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    f();
    const d = process.cpuUsage(c);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

const table = (n: number, fullWidth = false) =>
  Array.from({ length: n }, (_, i) => (fullWidth ? `单位${i}：［单位${i}有限公司，单位${i}分厂］` : `单位${i}: [单位${i}有限公司, 单位${i}分厂]`)).join("\n");

describe("time linear in the file's size", () => {
  it("a unit table of 40,000 names: 4× the names take < 8× the time (quadratic: 16×), and 40,000 take seconds at most", { timeout: 120_000 }, () => {
    const small = table(10_000);
    const large = table(40_000);
    expect(readPlainUnitTable(large)).toHaveLength(40_000);
    const t1 = cpuMs(() => parseUnitTable(small, "units.yaml"));
    const t4 = cpuMs(() => parseUnitTable(large, "units.yaml"));
    expect(t4 / t1, `${t1.toFixed(0)} ms → ${t4.toFixed(0)} ms`).toBeLessThan(8);
    // 28 s before; ~0.5 s of CPU now. The bound is generous: CPU time, not wall time, on a shared machine.
    expect(t4).toBeLessThan(5_000);
    const t = parseUnitTable(large, "units.yaml");
    expect(t.canonical.get("单位39999分厂")).toBe("单位39999");
  });

  it("through the YAML reader (a table typed with full-width marks): 4× the names take < 8× the time", { timeout: 120_000 }, () => {
    const small = table(1_500, true);
    const large = table(6_000, true);
    expect(readPlainUnitTable(large)).toBeNull();
    const t1 = cpuMs(() => parseUnitTable(small, "units.yaml"));
    const t4 = cpuMs(() => parseUnitTable(large, "units.yaml"));
    expect(t4 / t1, `${t1.toFixed(0)} ms → ${t4.toFixed(0)} ms`).toBeLessThan(8);
    expect(parseUnitTable(large, "units.yaml").canonical.get("单位5999分厂")).toBe("单位5999");
  });

  it("a corrections file: 4× the entries take < 8× the time", { timeout: 120_000 }, () => {
    const fix = (n: number) => ["articles:", ...Array.from({ length: n }, (_, i) => `  ${i + 1}：{ headline：标题${i + 1}，unit：单位${i + 1} }`)].join("\n");
    const [small, large] = [fix(1_000), fix(4_000)];
    const t1 = cpuMs(() => parseCorrections(small, "a.fix.yaml"));
    const t4 = cpuMs(() => parseCorrections(large, "a.fix.yaml"));
    expect(t4 / t1, `${t1.toFixed(0)} ms → ${t4.toFixed(0)} ms`).toBeLessThan(8);
    expect(parseCorrections(large, "a.fix.yaml").edits[3_999]).toMatchObject({ ref: { n: 4_000 }, fields: { headline: "标题4000", unit: "单位4000" } });
  });
});

describe("a size limit", () => {
  it.each([
    ["the unit table", () => parseUnitTable(`甲: [${"乙".repeat(YAML_MAX_BYTES / 3)}]\n`, "content/units.yaml"), /^content\/units\.yaml: 单位表有 5\.0 MB，超过 5 MB 的上限/],
    ["a corrections file", () => parseCorrections(`# ${"x".repeat(YAML_MAX_BYTES)}\n`, "a.fix.yaml"), /^a\.fix\.yaml: 更正文件有 5\.0 MB，超过 5 MB 的上限/],
  ])("%s over 5 MB is refused in one line, without being parsed", (_, f, message) => {
    let err: unknown;
    const ms = cpuMs(() => { try { f(); } catch (e) { err = e; } }, 1);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain("\n");
    expect(ms).toBeLessThan(1_000);
  });
});

describe("the plain-table reader agrees with the YAML reader", () => {
  // Names that are plain, and names YAML reads otherwise or that need quotes: the fast reader must hand those over.
  const NAMES = ["电解厂", "河池 市总", "3号车间", "A-1车间", "中铝山西新材料有限公司", "null", "1e3", "~", "-甲", "甲#乙", "甲 #乙", "x", "true", "氧化铝厂（分厂）", "甲: 乙"];
  const name = fc.constantFrom(...NAMES);
  const entry = fc.tuple(name, fc.oneof(
    fc.constant(""),
    fc.array(name, { maxLength: 3 }).map((v) => ` [${v.join(", ")}]`),
    name.map((v) => ` ${v}`),
    fc.array(name, { minLength: 1, maxLength: 3 }).map((v) => v.map((x) => `\n  - ${x}`).join("")),
  )).map(([k, v]) => `${k}:${v}`);
  const outcome = (text: string) => {
    try {
      return [...parseUnitTable(text, "u").canonical].sort();
    } catch (e) {
      return (e as Error).message.replace(/:\d+:/, ":").replace(/第 \d+ 行/g, "");
    }
  };

  it("on random tables: the same names, or the same error", () => {
    let fast = 0;
    fc.assert(fc.property(fc.array(entry, { maxLength: 6 }), fc.constantFrom("", "# 单位表\n"), (lines, head) => {
      const text = head + lines.join("\n") + "\n";
      if (readPlainUnitTable(text)) fast++;
      // A comment with a full-width colon is nothing to YAML, and the fast reader never takes it: the same table
      // through the library.
      const viaYaml = `${text}# 注：\n`;
      expect(readPlainUnitTable(viaYaml)).toBeNull();
      expect(outcome(text)).toEqual(outcome(viaYaml));
    }), { numRuns: 400, seed: 15 });
    expect(fast).toBeGreaterThan(20);
  });
});
