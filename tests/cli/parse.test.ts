/**
 * `baokan parse --json`: a file inside content/ is read with its corrections file (what check and the site
 * show); the scorer's run on the seeds themselves, outside content/, is the parser alone.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { IssueRecord } from "../../src/types.ts";
import { baokan, ROOT, SEEDS, seeds } from "./helpers.ts";

const DEMO = "content/jinlv/000_5f169d79d2658df9.txt";
const fix = parseYaml(readFileSync(path.join(ROOT, DEMO.replace(".txt", ".fix.yaml")), "utf8")) as { articles: Record<string, { headline?: string; unit?: string }> };

describe.skipIf(!seeds.length)("baokan parse and the demo's corrections", () => {
  it("inside content/: the corrected record; the seed itself (as the scorer runs it): the parser's own reading", () => {
    const inContent = JSON.parse(baokan(ROOT, "parse", "--json", DEMO).stdout) as IssueRecord;
    const seed = JSON.parse(baokan(ROOT, "parse", "--json", path.join(SEEDS, path.basename(DEMO))).stdout) as IssueRecord;
    const noFix = JSON.parse(baokan(ROOT, "parse", "--json", "--no-fix", DEMO).stdout) as IssueRecord;
    const headline = fix.articles["1"]!.headline!;
    const unit = Object.values(fix.articles).find((x) => x.unit)!.unit!;
    expect(inContent.articles[0]!.headline).toBe(headline);
    expect(inContent.articles[1]!.unit).toBe(unit);
    expect(inContent.warnings.filter((w) => w.pass === "corrections")).toHaveLength(2);
    // Byte-identical raw files, so without the corrections file the two records agree article for article.
    expect(readFileSync(path.join(ROOT, DEMO), "utf8")).toBe(readFileSync(path.join(SEEDS, path.basename(DEMO)), "utf8"));
    const strip = (r: IssueRecord) => r.articles.map(({ source, ...a }) => ({ ...a, lines: source.lines }));
    expect(strip(seed)).toEqual(strip(noFix));
    expect(seed.articles[0]!.headline).not.toBe(headline);
    expect(seed.articles[1]!.unit).not.toBe(unit);
    expect(seed.warnings.some((w) => w.pass === "corrections")).toBe(false);
  });
});
