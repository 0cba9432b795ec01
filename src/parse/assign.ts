/**
 * What the assignment has cost since a caller last zeroed it: `cells` weighed (counted by the caller that
 * measures them) and `steps` of the Hungarian's inner loops. The headline growth test reads it; it costs one
 * addition per pass over the columns, nothing per cell.
 */
export const assignWork = { cells: 0, steps: 0 };

/**
 * Maximum-weight assignment of rows to columns (Hungarian algorithm, O(n³)). Used to give each detached
 * headline the piece it fits best over a whole page or issue at once (a block of assignSparse), instead of
 * first come, first served.
 * Returns, for each row, the column it gets, or -1.
 */
export function assignMax(weights: number[][]): number[] {
  const rows = weights.length;
  const cols = rows ? weights[0]!.length : 0;
  if (!rows || !cols) return new Array(rows).fill(-1);
  const n = Math.max(rows, cols);
  let max = 0;
  for (const row of weights) for (const w of row) if (w > max) max = w;
  // Square cost matrix for minimisation, row-major; padding cells cost as much as the worst real cell. Typed
  // arrays, allocated once per call: this runs once per page, and the working rows used to be re-made per row.
  const cost = new Float64Array(n * n).fill(max);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) cost[i * n + j] = max - weights[i]![j]!;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * n + j - 1]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) { minv[j] = cur; way[j] = j0; }
        if (minv[j]! < delta) { delta = minv[j]!; j1 = j; }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) { u[p[j]!] += delta; v[j] -= delta; } else minv[j] -= delta;
      }
      assignWork.steps += n;
      j0 = j1;
    } while (p[j0] !== 0);
    do { const j1 = way[j0]!; p[j0] = p[j1]!; j0 = j1; } while (j0);
  }
  const out = new Array(rows).fill(-1);
  for (let j = 1; j <= n; j++) if (p[j]! >= 1 && p[j]! <= rows && j <= cols) out[p[j]! - 1] = j - 1;
  return out;
}

/** One weighed cell of a sparse matrix: row `row` may take column `col` for `w` (> 0). */
export interface Cell { row: number; col: number; w: number }

/** Rows and columns (ascending) and the cells among them of one part of a sparse assignment, solved alone. */
export interface Block { rows: number[]; cols: number[]; cells: Cell[] }

/**
 * Largest block solved exactly, in rows or in columns. A title shares a character pair or two with about half
 * the pieces near it, so the fits chain a whole issue into one block: the whole 劲旅 issue is 29 pieces and a
 * handful of loose titles. A run past 64 is a file of several issues or a long one, cut where the fits
 * across are weakest, between two issues or pages. 64³ steps take under a millisecond, and a file's blocks
 * together at most 64² steps per row and column.
 */
export const MAX_BLOCK = 64;

/**
 * Cuts a sparse assignment whose rows and columns lie along a line — title lines and pieces in page order,
 * `rowAt` and `colAt` their distinct positions — into blocks solved one by one. Between two positions no
 * cell spans, the parts are independent and the cut loses nothing; a run that grows past `maxSize` rows or
 * columns with no such gap is cut at the gap the least cell weight spans (the last of equals), and the cells
 * over that cut are left out of the blocks (`across`). Rows and columns without cells are in no block.
 * O(cells + positions · log positions), and a cut reads again at most the block it ends.
 */
export function cutBlocks(rowAt: readonly number[], colAt: readonly number[], cells: readonly Cell[], maxSize = MAX_BLOCK): { blocks: Block[]; across: Cell[] } {
  const rowSet = new Set<number>();
  const colSet = new Set<number>();
  for (const c of cells) { rowSet.add(c.row); colSet.add(c.col); }
  const at = [...new Set([...[...rowSet].map((r) => rowAt[r]!), ...[...colSet].map((c) => colAt[c]!)])].sort((a, b) => a - b);
  const rank = new Map(at.map((p, k) => [p, k]));
  const m = at.length;
  const rowsAt = new Int32Array(m);
  const colsAt = new Int32Array(m);
  for (const r of rowSet) rowsAt[rank.get(rowAt[r]!)!]++;
  for (const c of colSet) colsAt[rank.get(colAt[c]!)!]++;
  // Gap k lies between positions k and k + 1: how many cells span it, and their weight (difference arrays).
  const spanning = new Int32Array(m + 1);
  const weight = new Float64Array(m + 1);
  for (const c of cells) {
    const a = rank.get(rowAt[c.row]!)!;
    const b = rank.get(colAt[c.col]!)!;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    spanning[lo]++; spanning[hi]--; weight[lo] += c.w; weight[hi] -= c.w;
  }
  for (let k = 1; k < m; k++) { spanning[k] += spanning[k - 1]!; weight[k] += weight[k - 1]!; }
  const blockAt = new Int32Array(m);
  let blocks = 0;
  for (let start = 0; start < m; blocks++) {
    let rows = 0;
    let cols = 0;
    let k = start;
    for (; k < m; k++) {
      rows += rowsAt[k]!;
      cols += colsAt[k]!;
      if (rows > maxSize || cols > maxSize || spanning[k] === 0) break;
    }
    let end = Math.min(k, m - 1);
    if ((rows > maxSize || cols > maxSize) && k > start) {
      end = k - 1;
      for (let g = k - 2; g >= start; g--) if (weight[g]! < weight[end]!) end = g;
    }
    blockAt.fill(blocks, start, end + 1);
    start = end + 1;
  }
  const out: Block[] = Array.from({ length: blocks }, () => ({ rows: [], cols: [], cells: [] }));
  const across: Cell[] = [];
  for (const r of [...rowSet].sort((a, b) => a - b)) out[blockAt[rank.get(rowAt[r]!)!]!]!.rows.push(r);
  for (const c of [...colSet].sort((a, b) => a - b)) out[blockAt[rank.get(colAt[c]!)!]!]!.cols.push(c);
  for (const c of cells) {
    const b = blockAt[rank.get(rowAt[c.row]!)!]!;
    if (b === blockAt[rank.get(colAt[c.col]!)!]) out[b]!.cells.push(c);
    else across.push(c);
  }
  return { blocks: out, across };
}

/**
 * assignMax over a sparse matrix laid out along a line (see cutBlocks), block by block: the same optimum as
 * assignMax over the whole matrix unless a run of cells longer than `maxSize` had to be cut. Cells a cut left
 * out are then taken heaviest first where both their row and column are still free, so no row is left without
 * a column it has a cell for and that nobody took.
 * Returns, for each of `rows` rows, the column it gets, or -1 (no cell, or none left for it).
 */
export function assignSparse(rows: number, rowAt: readonly number[], colAt: readonly number[], cells: readonly Cell[], maxSize = MAX_BLOCK): number[] {
  const out = new Array<number>(rows).fill(-1);
  const taken = new Set<number>();
  const { blocks, across } = cutBlocks(rowAt, colAt, cells, maxSize);
  for (const b of blocks) {
    const ri = new Map(b.rows.map((r, i) => [r, i]));
    const ci = new Map(b.cols.map((c, j) => [c, j]));
    const w = b.rows.map(() => new Array<number>(b.cols.length).fill(0));
    for (const c of b.cells) w[ri.get(c.row)!]![ci.get(c.col)!] = c.w;
    assignMax(w).forEach((j, i) => {
      if (j >= 0 && w[i]![j]! > 0) { out[b.rows[i]!] = b.cols[j]!; taken.add(b.cols[j]!); }
    });
  }
  for (const c of [...across].sort((a, b) => b.w - a.w)) {
    if (out[c.row] === -1 && !taken.has(c.col)) { out[c.row] = c.col; taken.add(c.col); }
  }
  return out;
}
