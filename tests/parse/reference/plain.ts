/**
 * Test oracles: the plain, obviously-correct versions of parser routines that src/parse now runs in a faster
 * form (tables instead of regexes, sparse edits instead of a character array, typed arrays, early exits).
 * They are how those routines read before they were made fast, and the fast-paths tests check the two agree
 * on generated input. They use the same data tables (SIMPLE, PAIRS, KEEP_*) as the parser: only the algorithm
 * is under test here, the tables have their own example tests.
 */
import { keep, markRepair, mojibakeSignals, PAIRS, paragraphBreak, SIMPLE } from "../../../src/parse/repair-mojibake.ts";

/** Visual width, by code point. */
export function plainWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c <= 0x20 || c === 0x3000) continue;
    w += c < 0x2e80 ? 0.5 : 1;
  }
  return w;
}

/** Character pairs as two-character strings, after removing white space and punctuation with regexes. */
export function plainBigramSet(s: string): Set<string> {
  const t = s.replace(/[\s\u3000]+/g, "").replace(/[，。、：；！？“”‘’《》（）()·\-—…,.:;!?"']/g, "");
  const out = new Set<string>();
  for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
  return out;
}

export function plainContainment(needle: string, haystack: string): number {
  const a = plainBigramSet(needle);
  if (!a.size) return 0;
  const b = plainBigramSet(haystack);
  let hit = 0;
  for (const g of a) if (b.has(g)) hit++;
  return hit / a.size;
}

export function plainMedian(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** repairText over the text split into one string per UTF-16 unit, joined again at the end. */
export function plainRepairText(text: string): { text: string; repaired: number } {
  if (mojibakeSignals(text) < 3) return { text, repaired: 0 };
  const out = text.split("");
  let repaired = 0;
  const set = (i: number, c: string) => {
    if (out[i] !== c) {
      out[i] = c;
      repaired++;
    }
  };
  // The rules read the text as repaired so far; here it is the character array.
  const reader = { text, code: (k: number) => out[k]!.charCodeAt(0) };
  for (const [open, close, ro, rc, win] of PAIRS) {
    for (let i = text.indexOf(open); i >= 0; i = text.indexOf(open, i + 1)) {
      const seg = text.slice(i + 1, i + 1 + win);
      const closers = open === "渊" ? /[冤)）]/ : new RegExp(close);
      const m = closers.exec(seg);
      if (!m) continue;
      if (m.index > 20 && keep(text, i, open)) continue;
      const inner = seg.slice(0, m.index);
      if (inner.includes(open) || inner.length === 0) continue;
      set(i, ro);
      const j = i + 1 + m.index;
      if (text[j] === close) set(j, rc);
    }
    for (let i = text.indexOf(close); i >= 0; i = text.indexOf(close, i + 1)) {
      if (out[i] !== close || keep(text, i, close)) continue;
      const back = out.slice(Math.max(0, i - win), i).join("");
      const o = Math.max(back.lastIndexOf(ro), open === "渊" ? back.lastIndexOf("(") : -1);
      const c = back.lastIndexOf(rc);
      if (o >= 0 && o > c && !paragraphBreak(reader, i - back.length + o, i)) set(i, rc);
    }
  }
  for (let i = 0; i < text.length; i++) {
    if (!SIMPLE[text[i]!]) continue;
    const rep = markRepair(reader, i);
    if (rep) set(i, rep);
  }
  return { text: out.join(""), repaired };
}

/** The Hungarian algorithm on nested arrays, its working rows made afresh per row. */
export function plainAssignMax(weights: number[][]): number[] {
  const rows = weights.length;
  const cols = rows ? weights[0]!.length : 0;
  if (!rows || !cols) return new Array(rows).fill(-1);
  const n = Math.max(rows, cols);
  const max = Math.max(0, ...weights.flat());
  const cost = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i < rows && j < cols ? max - weights[i]![j]! : max)));
  const u = new Array(n + 1).fill(0);
  const v = new Array(n + 1).fill(0);
  const p = new Array(n + 1).fill(0);
  const way = new Array(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array(n + 1).fill(Infinity);
    const used = new Array(n + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1]![j - 1]! - u[i0] - v[j];
        if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
        if (minv[j] < delta) { delta = minv[j]; j1 = j; }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) { u[p[j]] += delta; v[j] -= delta; } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do { const j1 = way[j0]; p[j0] = p[j1]; j0 = j1; } while (j0);
  }
  const out = new Array(rows).fill(-1);
  for (let j = 1; j <= n; j++) if (p[j] >= 1 && p[j] <= rows && j <= cols) out[p[j] - 1] = j - 1;
  return out;
}
