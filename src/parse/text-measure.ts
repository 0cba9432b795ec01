/** Small text measures shared by the passes. */

/**
 * Visual width in ideograph units: a CJK character or full-width mark is 1, an ASCII letter or digit ½,
 * a space 0 — PDF extraction pads digits with spaces ("2023 年 12 月 30"), which must not look wide.
 */
export function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c <= 0x20 || c === 0x3000) continue;
    w += c < 0x2e80 ? 0.5 : 1;
  }
  return w;
}

/** Text with every kind of white space removed: how Chinese reads once line breaks are undone. */
export function squash(s: string): string {
  return s.replace(/[\s\u3000]+/g, "");
}

export function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function bigramSet(s: string): Set<string> {
  const t = squash(s).replace(/[，。、：；！？“”‘’《》（）()·\-—…,.:;!?"']/g, "");
  const out = new Set<string>();
  for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
  return out;
}

/** Share of `needle`'s character pairs that occur in `haystack` — how much of a headline a body contains. */
export function containment(needle: string | Set<string>, haystack: string | Set<string>): number {
  const a = typeof needle === "string" ? bigramSet(needle) : needle;
  if (!a.size) return 0;
  const b = typeof haystack === "string" ? bigramSet(haystack) : haystack;
  let hit = 0;
  for (const g of a) if (b.has(g)) hit++;
  return hit / a.size;
}

export { bigramSet };
