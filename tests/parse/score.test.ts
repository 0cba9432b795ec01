/** The reference scorer (../shared/eval/score.py) over the five seeds: every target must be met. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SCORER = path.resolve(ROOT, "../shared/eval/score.py");
const TARGETS: [key: string, op: ">=" | "<=", target: number][] = [
  ["articles_f1", ">=", 0.95], ["body_f1", ">=", 0.95], ["headline_acc", ">=", 0.9], ["authors_f1", ">=", 0.95],
  ["unit_acc", ">=", 0.85], ["kind_acc", ">=", 0.95], ["mojibake_residue", "<=", 0], ["broken_para_rate", "<=", 0.02],
  ["conservation", ">=", 0.995],
];

if (!existsSync(SCORER)) console.warn(`score.test.ts: skipped — ${SCORER} is absent (no ../shared beside the project)`);

describe.skipIf(!existsSync(SCORER))("score.py --require on the seeds", () => {
  it("exits 0 and every SUMMARY figure meets its target", { timeout: 150_000 }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), "baokan-score-"));
    try {
      const out = path.join(dir, "score.json");
      const p = spawnSync("python3", [SCORER, "--require", "--json", out], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
      expect(p.error).toBeUndefined();
      expect(p.status, `${p.stdout}\n${p.stderr}`).toBe(0);
      expect(p.stdout).toMatch(/^TARGETS met$/m);
      const { summary } = JSON.parse(readFileSync(out, "utf8")) as { summary: Record<string, number> };
      expect(summary.errors).toBe(0);
      for (const [k, op, t] of TARGETS) {
        expect(summary[k], k).toBeTypeOf("number");
        if (op === ">=") expect(summary[k], k).toBeGreaterThanOrEqual(t);
        else expect(summary[k], k).toBeLessThanOrEqual(t);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
