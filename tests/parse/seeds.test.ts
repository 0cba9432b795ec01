/**
 * The whole parser on the five real seed files, checked against the reference reading in ../shared/eval/gold.
 * Counts and headlines come from the gold JSON, never from copies of our own output.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseFile } from "../../src/content/load-archive.ts";
import { repairText } from "../../src/parse/repair-mojibake.ts";
import type { IssueRecord, LineRange } from "../../src/types.ts";
import { missingCjk } from "./helpers.ts";

const SHARED = path.resolve(import.meta.dirname, "../../../shared");
const SEEDS = path.join(SHARED, "seeds");
const GOLD = path.join(SHARED, "eval/gold");
const MOJI = "渊冤袁遥野冶叶曳尧曰院";

interface GoldPiece { headline: string | null; unit: string | null; body: string; lines: LineRange[] }
interface Gold { file: string; mojibake: boolean; articles: GoldPiece[] }

const seeds = existsSync(SEEDS) ? readdirSync(SEEDS).filter((f) => f.endsWith(".txt")).sort() : [];

/** The scorer's normalisation: NFKC, no spaces, straight quotes, ASCII parens. */
const norm = (s: string | null | undefined) =>
  (s ?? "").normalize("NFKC").replace(/\s+/g, "").replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/（/g, "(").replace(/）/g, ")");

const count = (s: string, c: string) => s.split(c).length - 1;

function overlap(a: LineRange[], b: LineRange[]): number {
  let n = 0;
  for (const [a0, a1] of a) for (const [b0, b1] of b) n += Math.max(0, Math.min(a1, b1) - Math.max(a0, b0) + 1);
  return n;
}

describe.skipIf(!seeds.length)("the five seeds", () => {
  const recs = new Map<string, IssueRecord>();
  beforeAll(async () => {
    for (const f of seeds) recs.set(f, await parseFile(path.join(SEEDS, f), null, f));
  });
  const gold = (f: string): Gold => JSON.parse(readFileSync(path.join(GOLD, `${f}.json`), "utf8")) as Gold;

  it("there are five seeds, each with a gold reading", () => {
    expect(seeds).toHaveLength(5);
    for (const f of seeds) expect(existsSync(path.join(GOLD, `${f}.json`))).toBe(true);
  });

  describe.each(seeds)("%s", (f) => {
    it("finds as many articles as the reference reading", () => {
      expect(recs.get(f)!.articles.length).toBe(gold(f).articles.length);
    });

    it("leaves no GBK mojibake character in punctuation position (beyond the real words the reading keeps)", () => {
      const rec = recs.get(f)!;
      const g = gold(f);
      const out = rec.articles.map((a) => (a.headline ?? "") + a.body.join("")).join("");
      const ref = g.articles.map((a) => norm(a.body) + norm(a.headline)).join("");
      const residue = [...MOJI].filter((c) => count(out, c) > count(ref, c)).map((c) => `${c}: ${count(out, c)} > ${count(ref, c)}`);
      expect(residue).toEqual([]);
    });

    it("every CJK character of the (repaired) input appears in the JSON output", () => {
      const raw = readFileSync(path.join(SEEDS, f), "utf8");
      expect(missingCjk(repairText(raw).text, JSON.stringify(recs.get(f)!))).toEqual([]);
    });

    it("parsing twice gives identical output", async () => {
      const again = await parseFile(path.join(SEEDS, f), null, f);
      expect(JSON.stringify(again)).toBe(JSON.stringify(recs.get(f)));
    });

    it("article line ranges are in the file and do not overlap", () => {
      const rec = recs.get(f)!;
      const n = readFileSync(path.join(SEEDS, f), "utf8").split("\n").length;
      const all = rec.articles.flatMap((a) => a.source.lines).sort((a, b) => a[0] - b[0]);
      for (const [a, b] of all) expect(1 <= a && a <= b && b <= n).toBe(true);
      for (let i = 1; i < all.length; i++) expect(all[i]![0]).toBeGreaterThan(all[i - 1]![1]);
    });
  });

  it("000: each headline printed under its unit label (label line, then headline line) matches the reading", () => {
    const f = seeds.find((s) => s.startsWith("000_"))!;
    const raw = readFileSync(path.join(SEEDS, f), "utf8").split("\n").map((l) => l.trim());
    const rec = recs.get(f)!;
    // Blocks in the raw file where the line before the gold headline (skipping blank lines) is the gold unit.
    const blocks = gold(f).articles.filter((g) => {
      if (!g.headline || !g.unit) return false;
      const at = raw.findIndex((l) => norm(l) === norm(g.headline));
      let p = at - 1;
      while (p >= 0 && !raw[p]) p--;
      return at > 0 && p >= 0 && raw[p] === g.unit;
    });
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const g of blocks) {
      const best = [...rec.articles].sort((a, b) => overlap(b.source.lines, g.lines) - overlap(a.source.lines, g.lines))[0]!;
      expect(overlap(best.source.lines, g.lines)).toBeGreaterThan(0);
      expect({ unit: g.unit, headline: norm(best.headline) }).toEqual({ unit: g.unit, headline: norm(g.headline) });
      expect(best.unit).toBe(g.unit);
    }
  });
});
