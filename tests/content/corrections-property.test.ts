/**
 * "Never lose text" for corrections: any list of merges, splits, field edits, moves and drops applied to a real
 * page either is refused as a whole (InputError: a wrong article) or keeps every CJK character the parsed
 * record had, numbers its articles 1…n, and keeps every line range well-formed.
 */
import fc from "fast-check";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyCorrections } from "../../src/content/corrections.ts";
import { parseCorrections } from "../../src/content/corrections-yaml.ts";
import { InputError } from "../../src/errors.ts";
import { parseText } from "../../src/parse/pipeline.ts";
import type { IssueRecord } from "../../src/types.ts";
import { missingCjk } from "../parse/helpers.ts";
import { PAGE } from "./corrections-fixture.ts";

const SEED = path.resolve(import.meta.dirname, "../../../shared/seeds/000_5f169d79d2658df9.txt");
const raw = existsSync(SEED) ? readFileSync(SEED, "utf8") : PAGE;
const rec = parseText(raw, { file: "t.txt", paper: null, paperName: null, issueDate: "2024-01", issueDateSource: "inferred", page: null, lineOffset: 0 });
const n = rec.articles.length;

const textOf = (r: IssueRecord) =>
  [...r.articles.flatMap((a) => [a.kicker, a.headline, a.subheadline, ...a.body, ...a.captions]), ...r.unplaced.map((u) => u.text)].filter(Boolean).join("\n");

const q = (s: string) => JSON.stringify(s);
const num = fc.integer({ min: 1, max: n });
/** Words that do start an article (its body after a few characters) or that start nothing. */
const words = fc.oneof(
  num.map((i) => Array.from(rec.articles[i - 1]!.body[0] ?? "x").slice(0, 12).join("")),
  fc.constantFrom("不存在的开头", "本报讯 昨天"),
);
const ref = fc.oneof(num.map(String), words.map(q));
const phrase = fc.tuple(num, fc.nat(), fc.integer({ min: 2, max: 8 })).map(([i, at, len]) => {
  const body = rec.articles[i - 1]!.body.join("");
  const start = body.length ? at % body.length : 0;
  return { i, at: body.slice(start, start + len) || "无" };
});
const unplaced = rec.unplaced.length ? fc.constantFrom(...rec.unplaced.map((u) => Array.from(u.text).slice(0, 6).join(""))) : fc.constant("无此文字");
const value = fc.constantFrom("新标题", "踏雪矿山行，浓情暖人心", null, "中铝山西新材料");

const yaml = fc.record({
  merges: fc.array(fc.uniqueArray(num, { minLength: 2, maxLength: 3 }), { maxLength: 2 }),
  splits: fc.array(phrase, { maxLength: 2 }),
  edits: fc.uniqueArray(fc.tuple(ref, fc.constantFrom("headline", "kicker", "subheadline", "unit"), value), { maxLength: 4, selector: ([r]) => r }),
  moves: fc.array(fc.tuple(unplaced, ref, fc.constantFrom("body", "headline", "caption", "kicker")), { maxLength: 2 }),
  drops: fc.array(unplaced, { maxLength: 2 }),
}).map((o) => [
  "merge:", ...o.merges.map((m) => `  - [${m.join(", ")}]`),
  "split:", ...o.splits.map((s) => `  - article: ${s.i}\n    at: ${q(s.at)}`),
  "articles:", ...o.edits.map(([r, k, v]) => `  ${r}:\n    ${k}: ${v === null ? "null" : q(v)}`),
  "move:", ...o.moves.map(([t, r, as]) => `  - text: ${q(t)}\n    to: ${r}\n    as: ${as}`),
  "drop:", ...o.drops.map((t) => `  - ${q(t)}`),
].join("\n"));

describe("corrections never lose text", () => {
  it("any corrections file: refused with an InputError, or every CJK character kept", () => {
    const before = textOf(rec);
    const lines = raw.split("\n");
    let applied = 0;
    fc.assert(
      fc.property(yaml, (y) => {
        let out: IssueRecord;
        try {
          out = applyCorrections(rec, parseCorrections(y, "t.fix.yaml"), lines);
        } catch (e) {
          if (e instanceof InputError) return; // a wrong article: the whole file is refused, nothing applied
          throw e;
        }
        applied++;
        expect(missingCjk(before, textOf(out))).toEqual([]);
        // Numbers are permanent: each article keeps one it had (a merge its first), a split-off part takes a new one.
        const nums = out.articles.map((a) => a.index);
        const parsedMax = Math.max(...rec.articles.map((a) => a.index));
        expect(new Set(nums).size).toBe(nums.length);
        for (const n of nums) expect(rec.articles.some((a) => a.index === n) || n > parsedMax).toBe(true);
        for (const a of out.articles) for (const [f, t] of a.source.lines) expect(f).toBeLessThanOrEqual(t);
        for (const a of out.articles) for (const k of a.subheads) expect(k).toBeLessThan(a.body.length);
        // Applying the same file to the same record gives the same result.
        expect(JSON.stringify(applyCorrections(rec, parseCorrections(y, "t.fix.yaml"), lines))).toBe(JSON.stringify(out));
      }),
      { numRuns: 150 },
    );
    // Most generated files are valid: the property is about applied corrections, not refusals.
    expect(applied).toBeGreaterThan(75);
  });
});
