/**
 * What `baokan check` reports besides the articles: each issue's warnings sorted into kinds an editor can act
 * on, plus two checks that need the whole archive — the same article in two issues, and unit names seen only
 * once that look like a variant of another unit.
 */
import { createHash } from "node:crypto";
import { FINDINGS } from "../messages.ts";
import type { IssueRecord, Warning } from "../types.ts";
import { APPLIED, STALE } from "./corrections.ts";

export type FindingKind =
  | "no-headline" | "low-confidence-headline" | "unplaced" | "unmatched-title" | "no-byline" | "date-inferred"
  | "no-date" | "mojibake" | "duplicate" | "stale-correction" | "unit-variant" | "correction" | "other";

export interface Finding {
  /** Where to look: the issue file, or the corrections file for corrections. */
  file: string;
  line: number;
  kind: FindingKind;
  /** Notes of applied corrections are "info"; everything else is a warning (`--strict` makes those errors). */
  severity: "warning" | "info";
  message: string;
  /** The issue file the finding belongs to. */
  issue: string;
}

export { FINDING_LABELS } from "../messages.ts";

const CORRECTION_AT = /^(\S+\.fix\.ya?ml):(\d+): (.*)$/s;

/** By the warning's code (its message is prose for the editor); corrections notes by their pass. */
function kindOf(w: Warning): FindingKind {
  if (w.pass === APPLIED) return "correction";
  if (w.pass === STALE) return "stale-correction";
  return w.code ?? "other";
}

/** One issue's warnings as findings; a correction's note points at its line in the .fix.yaml. */
export function issueFindings(rec: IssueRecord): Finding[] {
  return rec.warnings.map((w) => {
    const kind = kindOf(w);
    const at = kind === "correction" || kind === "stale-correction" ? CORRECTION_AT.exec(w.message) : null;
    return {
      file: at ? at[1]! : rec.file, line: at ? Number(at[2]) : w.line, kind,
      severity: kind === "correction" ? "info" : "warning", message: at ? at[3]! : w.message, issue: rec.file,
    };
  });
}

/** Shorter texts (a 4-character photo title, a two-line poem) recur legitimately. */
export const DUPLICATE_MIN_CHARS = 40;

/** Body text as a fingerprint: NFKC, no white space, no punctuation — what survives re-extraction of a PDF. */
export function bodyFingerprint(body: readonly string[]): { hash: string; chars: number } {
  const t = body.join("").normalize("NFKC").replace(/[\s\p{P}\p{S}]+/gu, "");
  return { hash: createHash("sha256").update(t).digest("hex").slice(0, 16), chars: Array.from(t).length };
}

function duplicates(issues: IssueRecord[]): Finding[] {
  const byHash = new Map<string, { rec: IssueRecord; index: number; line: number }[]>();
  for (const rec of issues) {
    for (const a of rec.articles) {
      const fp = bodyFingerprint(a.body);
      if (fp.chars < DUPLICATE_MIN_CHARS) continue;
      const list = byHash.get(fp.hash) ?? [];
      list.push({ rec, index: a.index, line: a.source.lines[0]?.[0] ?? 1 });
      byHash.set(fp.hash, list);
    }
  }
  const out: Finding[] = [];
  for (const list of byHash.values()) {
    for (const x of list) {
      const others = list.filter((y) => y.rec !== x.rec);
      if (!others.length) continue;
      out.push({
        file: x.rec.file, line: x.line, kind: "duplicate", severity: "warning", issue: x.rec.file,
        message: FINDINGS.duplicate(x.index, others.map((o) => ({ index: o.index, file: o.rec.file }))),
      });
    }
  }
  return out;
}

/** Longest common substring length (names are short: a table is fine). */
function commonRun(a: string, b: string): number {
  const A = Array.from(a);
  const B = Array.from(b);
  let best = 0;
  let prev = new Array<number>(B.length + 1).fill(0);
  for (let i = 1; i <= A.length; i++) {
    const cur = new Array<number>(B.length + 1).fill(0);
    for (let j = 1; j <= B.length; j++) if (A[i - 1] === B[j - 1]) best = Math.max(best, (cur[j] = prev[j - 1]! + 1));
    prev = cur;
  }
  return best;
}

/** Legal-form endings a paper may print or leave off: 中铝山西新材料 / 中铝山西新材料有限公司. */
const LEGAL_FORM = /^(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团公司|集团|公司)$/;

/**
 * Two unit names that may be one unit, and how sure that is:
 * - "form": one is the other plus a legal form ("中铝山西新材料" / "中铝山西新材料有限公司") — in any paper;
 * - "short": the shorter is the longer without its place or parent ("市总工会" / "太原市总工会"), or they share
 *   a run of at least 80 % of the shorter ("广西河池市总" / "河池市总工会") — only within one paper, where a
 *   writer's shorthand means the paper's own unit (every city has a 市总工会).
 * A name that starts another is a sub-unit, not a variant: 电解厂 / 电解厂电解四车间党支部, 热电分厂 / 热电分厂党委.
 * 河南省总工会 and 江西省总工会 share only 省总工会 (4 of 6 characters) and are not flagged.
 */
export function unitLikeness(a: string, b: string): "form" | "short" | null {
  if (a === b) return null;
  const [s, l] = Array.from(a).length <= Array.from(b).length ? [a, b] : [b, a];
  const n = Array.from(s).length;
  if (n < 3) return null;
  if (l.startsWith(s)) return LEGAL_FORM.test(l.slice(s.length)) ? "form" : null;
  if (l.endsWith(s)) return "short";
  if (l.includes(s)) return null;
  return commonRun(s, l) >= Math.ceil(n * 0.8) ? "short" : null;
}

export interface UnitSeenOnce { unit: string; file: string; line: number; index: number; similar: string[] }

/** Units that occur in one article only, with the other units they resemble (see unitLikeness). */
export function unitsSeenOnce(issues: IssueRecord[]): UnitSeenOnce[] {
  const count = new Map<string, number>();
  const papers = new Map<string, Set<string | null>>();
  for (const rec of issues) {
    for (const a of rec.articles) {
      if (!a.unit) continue;
      count.set(a.unit, (count.get(a.unit) ?? 0) + 1);
      papers.set(a.unit, (papers.get(a.unit) ?? new Set()).add(rec.paper));
    }
  }
  const names = [...count.keys()];
  const out: UnitSeenOnce[] = [];
  for (const rec of issues) {
    for (const a of rec.articles) {
      if (!a.unit || count.get(a.unit) !== 1) continue;
      const similar = names.filter((n) => {
        const like = unitLikeness(a.unit!, n);
        return like === "form" || (like === "short" && papers.get(n)!.has(rec.paper));
      });
      out.push({ unit: a.unit, file: rec.file, line: a.source.lines[0]?.[0] ?? 1, index: a.index, similar });
    }
  }
  return out;
}

/** Findings that need the whole archive: duplicates across issues, and once-seen units like another unit. */
export function archiveFindings(issues: IssueRecord[]): Finding[] {
  const variants: Finding[] = unitsSeenOnce(issues).filter((u) => u.similar.length).map((u) => ({
    file: u.file, line: u.line, kind: "unit-variant", severity: "warning", issue: u.file,
    message: FINDINGS.unitVariant(u.unit, u.index, u.similar),
  }));
  return [...duplicates(issues), ...variants];
}
