/**
 * The unit alias table, `content/units.yaml`: one canonical name per unit, with the other ways the papers
 * print it. Papers shorten and vary names — 劲旅 prints "中铝山西新材料" in one piece and
 * "中铝山西新材料有限公司" in another; a union page prints "广西河池市总" for 河池市总工会 — and without the
 * table each spelling would be a unit page of its own.
 *
 * ```yaml
 * # canonical name: [variants as printed]
 * 中铝山西新材料: [中铝山西新材料有限公司]
 * 河池市总工会:
 *   - 广西河池市总
 *   - 河池市总
 * ```
 *
 * The loader maps each article's `unit` to its canonical name and keeps the parser's reading in
 * `unitAsPrinted` (set only when the two differ). A variant listed under two canonical names, or a canonical
 * name listed as another's variant, is an error with file and line: the table must say one thing.
 */
import { readFile } from "node:fs/promises";
import { InputError } from "../errors.ts";
import type { IssueRecord } from "../types.ts";
import { readPlainUnitTable, type UnitEntry } from "./unit-table-fast.ts";
import { checkYamlSize, mapPairs, readYaml, scalarText, stringList } from "./yaml-lines.ts";
import { INPUT } from "../messages.ts";

export const UNITS_FILE = "units.yaml";

export interface UnitTable {
  file: string;
  /** Variant (and canonical name itself) → canonical name. Keys are squashed of spaces: print justifies names. */
  canonical: Map<string, string>;
}

const key = (name: string) => name.normalize("NFKC").replace(/\s+/g, "");

/** The table's entries as the YAML library reads it (any YAML; errors with file and line). */
function yamlEntries(text: string, file: string): UnitEntry[] {
  const y = readYaml(text, file, "单位表", { fullWidth: { keys: [], lists: [], allLists: true } });
  return mapPairs(y, y.doc.contents, "单位表").map((pair) => {
    const canon = scalarText(pair.key);
    if (!canon) throw y.error(pair.key, "单位名（冒号前的部分）是空的");
    const line = y.lineOf(pair.key);
    // "电解厂:" with no variants yet.
    if (pair.value === null || (pair.value as { value?: unknown }).value === null) return { canon, line, variants: null, variantsLine: line };
    const variants = stringList(pair.value);
    if (!variants) throw y.error(pair.value ?? pair.key, `“${canon}”的其他写法应是一个名字或名字的列表，如 [${canon}有限公司]`);
    if (variants.some((v) => !v)) throw y.error(pair.value, `“${canon}”下有一个空的写法`);
    return { canon, line, variants, variantsLine: y.lineOf(pair.value) };
  });
}

export function parseUnitTable(text: string, file: string): UnitTable {
  checkYamlSize(text, file, "单位表");
  const canonical = new Map<string, string>();
  const where = new Map<string, number>();
  const claim = (name: string, canon: string, line: number) => {
    const k = key(name);
    const prev = canonical.get(k);
    if (prev !== undefined && prev !== canon) {
      throw new InputError(file, `“${name}”既列在“${prev}”下（第 ${where.get(k)} 行），又列在“${canon}”下；一种写法只能归一个单位`, line);
    }
    canonical.set(k, canon);
    where.set(k, line);
  };
  const entries = readPlainUnitTable(text) ?? yamlEntries(text, file);
  // Canonical names first, so "a variant that is itself a canonical name" is caught whatever the order.
  for (const e of entries) claim(e.canon, e.canon, e.line);
  for (const { canon, variants, variantsLine } of entries) {
    for (const v of variants ?? []) {
      if (canonical.get(key(v)) === key(v) && key(v) !== key(canon)) {
        throw new InputError(file, `“${v}”本身是一个单位名（第 ${where.get(key(v))} 行）；只能列在一个名字下`, variantsLine);
      }
      claim(v, canon, variantsLine);
    }
  }
  return { file, canonical };
}

/** content/units.yaml, or null when the archive has none. Invalid YAML → InputError with file and line. */
export async function readUnitTable(path: string, displayPath = path): Promise<UnitTable | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new InputError(displayPath, INPUT.cannotRead((e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
  return parseUnitTable(text.replace(/^\uFEFF/, ""), displayPath);
}

export function canonicalUnit(table: UnitTable, unit: string): string {
  return table.canonical.get(key(unit)) ?? unit;
}

/** Maps every article's unit to its canonical name; the parser's reading stays in `unitAsPrinted`. */
export function applyUnitTable(record: IssueRecord, table: UnitTable | null): IssueRecord {
  if (!table) return record;
  let changed = false;
  const articles = record.articles.map((a) => {
    if (!a.unit) return a;
    const canon = canonicalUnit(table, a.unit);
    if (canon === a.unit) return a;
    changed = true;
    return { ...a, unit: canon, unitAsPrinted: a.unit };
  });
  return changed ? { ...record, articles } : record;
}
