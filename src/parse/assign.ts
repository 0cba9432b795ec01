/**
 * Maximum-weight assignment of rows to columns (Hungarian algorithm, O(n³)). Used to give each detached
 * headline the piece it fits best over the whole page at once, instead of first come, first served.
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
      j0 = j1;
    } while (p[j0] !== 0);
    do { const j1 = way[j0]!; p[j0] = p[j1]!; j0 = j1; } while (j0);
  }
  const out = new Array(rows).fill(-1);
  for (let j = 1; j <= n; j++) if (p[j]! >= 1 && p[j]! <= rows && j <= cols) out[p[j]! - 1] = j - 1;
  return out;
}
