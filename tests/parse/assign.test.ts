import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignMax } from "../../src/parse/assign.ts";

const total = (w: number[][], a: number[]) => a.reduce((s, c, r) => s + (c >= 0 ? w[r]![c]! : 0), 0);

/** Greedy: repeatedly take the largest remaining cell — first come, first served. */
function greedy(w: number[][]): number[] {
  const cells = w.flatMap((row, r) => row.map((v, c) => [v, r, c] as const)).sort((a, b) => b[0] - a[0]);
  const out = new Array<number>(w.length).fill(-1);
  const usedC = new Set<number>();
  for (const [, r, c] of cells) if (out[r] === -1 && !usedC.has(c)) { out[r] = c; usedC.add(c); }
  return out;
}

/** The best total over every assignment (small matrices only). */
function bruteBest(w: number[][]): number {
  const cols = w[0]?.length ?? 0;
  const go = (r: number, used: Set<number>): number => {
    if (r === w.length) return 0;
    let best = go(r + 1, used); // row r unassigned
    for (let c = 0; c < cols; c++) {
      if (used.has(c)) continue;
      used.add(c);
      best = Math.max(best, w[r]![c]! + go(r + 1, used));
      used.delete(c);
    }
    return best;
  };
  return go(0, new Set());
}

describe("assignMax", () => {
  it("finds the optimum where greedy fails", () => {
    const w = [[3, 2], [2, 0]];
    expect(greedy(w)).toEqual([0, 1]);
    expect(total(w, greedy(w))).toBe(3);
    expect(assignMax(w)).toEqual([1, 0]);
    expect(total(w, assignMax(w))).toBe(4);
  });

  it("a 3×3 where the best cell is not in the best assignment", () => {
    const w = [[10, 9, 0], [9, 0, 0], [0, 8, 7]];
    expect(assignMax(w)).toEqual([1, 0, 2]);
    expect(total(w, assignMax(w))).toBe(25);
    expect(total(w, greedy(w))).toBeLessThan(25);
  });

  it("more rows than columns leaves the weakest row out (-1)", () => {
    expect(assignMax([[1], [2]])).toEqual([-1, 0]);
  });

  it("more columns than rows", () => {
    expect(assignMax([[0.1, 0.9, 0.5]])).toEqual([1]);
  });

  it("empty input", () => {
    expect(assignMax([])).toEqual([]);
    expect(assignMax([[], []])).toEqual([-1, -1]);
  });

  it("is optimal and a valid matching on random small matrices", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((rows) => fc.integer({ min: 1, max: 5 }).chain((cols) =>
          fc.array(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }))),
        (w) => {
          const a = assignMax(w);
          expect(a).toHaveLength(w.length);
          const cols = a.filter((c) => c >= 0);
          expect(new Set(cols).size).toBe(cols.length);
          expect(cols.every((c) => c < w[0]!.length)).toBe(true);
          expect(total(w, a)).toBe(bruteBest(w));
        },
      ),
      { numRuns: 300 },
    );
  });
});
