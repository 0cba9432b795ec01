/**
 * The byline as printed, with each credited name linked to its author page. Printed bylines space names out
 * ("（卫 玲 周二红）", "摄影报道 薛丽菲 崔 磊") while credits carry the name closed up (卫玲, 崔磊), so a name
 * matches with any whitespace between its characters. Credited people the byline does not print — the
 * photographer of 太原宝藏地, credited only in captions ("李俊华 摄") — are returned apart, to be shown after it.
 */
import type { BylinePart, CreditLink } from "./site-types.ts";

/**
 * Compiled patterns by name: a name recurs on hundreds of articles (a paper's own reporters), so each is
 * compiled once rather than once per credit. The flag is "g" so a search can start at `lastIndex`
 * instead of on a slice of the byline; not "u", whose lastIndex inside a surrogate pair would step back to its
 * start where a slice would not (the pattern is the name's code points either way, so it matches the same text).
 */
const patterns = new Map<string, RegExp>();

function namePattern(name: string): RegExp {
  let re = patterns.get(name);
  if (!re) {
    const chars = Array.from(name.replace(/\s+/g, "")).map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    re = new RegExp(chars.join("\\s*"), "g");
    if (patterns.size > 100_000) patterns.clear(); // a long-running `baokan serve` over ever-new names
    patterns.set(name, re);
  }
  return re;
}

export function linkByline(byline: string | null, credits: readonly CreditLink[]): { parts: BylinePart[]; extra: CreditLink[] } {
  if (!byline) return { parts: [], extra: [...credits] };
  const found: { start: number; end: number; url: string }[] = [];
  const extra: CreditLink[] = [];
  const seen = new Set<string>();
  for (const c of credits) {
    if (seen.has(c.name)) continue; // one person with two roles (记者 and 摄影): one link
    seen.add(c.name);
    const re = namePattern(c.name);
    // Take the first occurrence that does not overlap a name already placed (张三 inside 张三丰 is not 张三's).
    let from = 0;
    let placed = false;
    while (from < byline.length) {
      re.lastIndex = from;
      const m = re.exec(byline);
      if (!m) break;
      const start = m.index;
      const end = start + m[0].length;
      if (!found.some((f) => start < f.end && end > f.start)) {
        found.push({ start, end, url: c.url });
        placed = true;
        break;
      }
      from = start + 1;
    }
    if (!placed) extra.push(...credits.filter((x) => x.name === c.name));
  }
  found.sort((a, b) => a.start - b.start);
  const parts: BylinePart[] = [];
  let at = 0;
  for (const f of found) {
    if (f.start > at) parts.push({ text: byline.slice(at, f.start), url: null });
    parts.push({ text: byline.slice(f.start, f.end), url: f.url });
    at = f.end;
  }
  if (at < byline.length) parts.push({ text: byline.slice(at), url: null });
  return { parts, extra };
}
