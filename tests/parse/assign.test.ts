import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignMax, assignSparse, assignWork, type Cell, cutBlocks } from "../../src/parse/assign.ts";

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

const cell = (row: number, col: number, w: number): Cell => ({ row, col, w });
const sparseTotal = (cells: Cell[], a: number[]) => a.reduce((s, c, r) => s + (c >= 0 ? cells.find((x) => x.row === r && x.col === c)!.w : 0), 0);

/** Random sparse problems: rows and columns at distinct positions along the page, cells of weight 0.3–1. */
const sparseProblem = fc.integer({ min: 1, max: 6 }).chain((rows) => fc.integer({ min: 1, max: 6 }).chain((cols) =>
  fc.record({
    rows: fc.constant(rows),
    order: fc.shuffledSubarray([...Array(rows + cols).keys()], { minLength: rows + cols, maxLength: rows + cols }),
    w: fc.array(fc.array(fc.oneof(fc.constant(0), fc.constant(0.5), fc.double({ min: 0.3, max: 1, noNaN: true })), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
  }))).map(({ rows, order, w }) => ({
  rowAt: order.slice(0, rows),
  colAt: order.slice(rows),
  dense: w,
  cells: w.flatMap((ws, r) => ws.flatMap((x, c) => (x > 0 ? [cell(r, c, x)] : []))),
}));

describe("cutBlocks", () => {
  it("two pages whose titles fit only their own pieces are two blocks, and nothing is cut", () => {
    // Pieces at 0, 5 | 20, 25; titles at 10, 11 (the first page's detached block) | 30 | 40 (fits nothing).
    const cells = [cell(0, 0, 0.9), cell(1, 1, 0.8), cell(0, 1, 0.4), cell(2, 2, 0.7), cell(2, 3, 0.5)];
    const { blocks, across } = cutBlocks([10, 11, 30, 40], [0, 5, 20, 25], cells, 64);
    expect(blocks).toEqual([
      { rows: [0, 1], cols: [0, 1], cells: cells.slice(0, 3) },
      { rows: [2], cols: [2, 3], cells: cells.slice(3) },
    ]);
    expect(across).toEqual([]);
  });

  it("titles whose pieces interleave stay in one block", () => {
    // Title 0 (at 0) fits the piece at 8, title 1 (at 5) the piece at 3: no gap between them is free.
    const { blocks } = cutBlocks([0, 5], [3, 8], [cell(0, 1, 0.6), cell(1, 0, 0.7)], 64);
    expect(blocks.map((b) => [b.rows, b.cols])).toEqual([[[0, 1], [0, 1]]]);
  });

  it("a chain longer than the bound is cut where the least weight spans", () => {
    // Title i at 2i fits piece i at 2i + 1 (1.0) and piece i - 1 (0.5, 0.3, 0.6): repeated text.
    const cells = [0, 1, 2, 3].map((i) => cell(i, i, 1)).concat([cell(1, 0, 0.5), cell(2, 1, 0.3), cell(3, 2, 0.6)]);
    const { blocks, across } = cutBlocks([0, 2, 4, 6], [1, 3, 5, 7], cells, 2);
    expect(blocks.map((b) => [b.rows, b.cols])).toEqual([[[0, 1], [0, 1]], [[2, 3], [2, 3]]]);
    expect(across).toEqual([cell(2, 1, 0.3)]);
    expect(assignSparse(4, [0, 2, 4, 6], [1, 3, 5, 7], cells, 2)).toEqual([0, 1, 2, 3]);
  });

  it("every cell is in one block or across, every row and column with a cell in exactly one block", () => {
    fc.assert(fc.property(sparseProblem, fc.integer({ min: 1, max: 4 }), ({ rowAt, colAt, cells }, max) => {
      const { blocks, across } = cutBlocks(rowAt, colAt, cells, max);
      expect(blocks.flatMap((b) => b.cells).length + across.length).toBe(cells.length);
      expect(blocks.flatMap((b) => b.rows).sort()).toEqual([...new Set(cells.map((c) => c.row))].sort());
      expect(blocks.flatMap((b) => b.cols).sort()).toEqual([...new Set(cells.map((c) => c.col))].sort());
      for (const b of blocks) {
        expect(b.rows.length <= max && b.cols.length <= max).toBe(true);
        expect(b.cells.every((c) => b.rows.includes(c.row) && b.cols.includes(c.col))).toBe(true);
      }
    }), { numRuns: 300 });
  });
});

describe("assignSparse", () => {
  it("equals the dense optimum when no block is cut", () => {
    fc.assert(fc.property(sparseProblem, ({ rowAt, colAt, dense, cells }) => {
      const a = assignSparse(rowAt.length, rowAt, colAt, cells);
      const used = a.filter((c) => c >= 0);
      expect(new Set(used).size).toBe(used.length);
      expect(sparseTotal(cells, a)).toBeCloseTo(total(dense, assignMax(dense)), 9);
    }), { numRuns: 300 });
  });

  it("past the bound, a valid matching over the cells with no cell left whose row and column are both free", () => {
    fc.assert(fc.property(sparseProblem, fc.integer({ min: 1, max: 3 }), ({ rowAt, colAt, cells }, max) => {
      const a = assignSparse(rowAt.length, rowAt, colAt, cells, max);
      const used = a.filter((c) => c >= 0);
      expect(new Set(used).size).toBe(used.length);
      a.forEach((c, r) => { if (c >= 0) expect(cells.some((x) => x.row === r && x.col === c)).toBe(true); });
      expect(cells.some((x) => a[x.row] === -1 && !used.includes(x.col))).toBe(false);
    }), { numRuns: 300 });
  });

  it("takes a cell a cut left out when both its title and piece are still free", () => {
    // Bound 1: title 0 (at 0) ends alone in its block, its only cell (to the piece at 3) cut off.
    const cells = [cell(0, 1, 0.4), cell(1, 0, 0.9), cell(1, 1, 0.8)];
    expect(cutBlocks([0, 2], [1, 3], cells, 1).across).toEqual([cell(0, 1, 0.4), cell(1, 1, 0.8)]);
    expect(assignSparse(2, [0, 2], [1, 3], cells, 1)).toEqual([1, 0]);
  });

  it("rows without cells get -1, and assignMax counts its steps", () => {
    assignWork.steps = 0;
    expect(assignSparse(3, [0, 1, 2], [5], [cell(1, 0, 0.7)])).toEqual([-1, 0, -1]);
    expect(assignWork.steps).toBeGreaterThan(0);
    expect(assignSparse(2, [0, 1], [], [])).toEqual([-1, -1]);
  });
});
