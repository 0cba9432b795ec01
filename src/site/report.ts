/**
 * The parse-quality report (`baokan report`, `baokan build --with-report`): one page, /report/, where an editor
 * reviews a whole archive — every issue with its counts and warnings, the issues that need an eye first.
 *
 * The findings are `baokan check`'s (content/findings.ts): `findingsByIssue` below is the one place both the
 * check command and this page get them from, so the page and `check --json` cannot disagree.
 *
 * The page is for editors, not readers: it has no data-pagefind-body (Pagefind indexes only article pages), a
 * robots noindex meta, no link from the site's navigation, and build-site.ts leaves it out of the sitemap. Without
 * the flag it is not rendered at all.
 */
import { archiveFindings, FINDING_LABELS, issueFindings, type Finding, type FindingKind } from "../content/findings.ts";
import type { IssueRecord } from "../types.ts";
import type { SiteData } from "./site-types.ts";
import { isHiddenFurniture, unplacedLabel } from "./public-notes.ts";

export const REPORT_URL = "/report/";

/** Each issue's findings, as `baokan check` reports them: its own warnings, then those that need the whole archive. */
export function findingsByIssue(issues: readonly IssueRecord[], archive: readonly IssueRecord[] = issues): Map<string, Finding[]> {
  const shared = archiveFindings([...archive]);
  return new Map(issues.map((i) => [i.file, [...issueFindings(i), ...shared.filter((f) => f.issue === i.file)]]));
}

/**
 * How urgently a warning of each kind asks for an editor, for the order of the report. A correction that no
 * longer matches, the same piece filed twice, or an issue without a date is something wrong (3); a doubtful or
 * unmatched headline, unplaced text, a unit spelt two ways probably is (2); a missing headline or byline is often
 * how the paper printed it (劲旅 runs 21 of its 30 pieces without one) (1); an inferred date is usually right, and
 * repaired mojibake is done work (0).
 */
const URGENCY: Record<FindingKind, number> = {
  "stale-correction": 3, duplicate: 3, "no-date": 3, "unmatched-title": 2, "low-confidence-headline": 2, unplaced: 2,
  "unit-variant": 2, "no-headline": 1, "no-byline": 1, other: 1, "date-inferred": 0, mojibake: 0, correction: 0,
};

export interface ReportFinding {
  file: string;
  line: number;
  kind: FindingKind;
  label: string;
  severity: Finding["severity"];
  message: string;
  /** The article page whose raw lines contain the line, if any. */
  articleUrl: string | null;
  articleIndex: number | null;
}

/**
 * An issue's unplaced text as the editor needs it: the reason key the parser gave (the page's data-reason; the
 * editor reads its Chinese label), its label, and whether
 * the public issue page leaves it out (a scraped page's chrome, dropped furniture: public-notes.ts) — the one
 * place besides the data files where that text can be read.
 */
export interface ReportUnplaced {
  text: string;
  lines: [number, number];
  reason: string;
  label: string;
  /** Not shown on the public issue page. */
  hidden: boolean;
}

export interface ReportIssue {
  file: string;
  url: string;
  paperName: string;
  dateLabel: string;
  page: string | null;
  articles: number;
  withHeadline: number;
  withoutHeadline: number;
  /** Unplaced passages, and the raw lines they span. */
  unplaced: number;
  unplacedLines: number;
  unplacedText: ReportUnplaced[];
  warnings: number;
  byKind: { kind: FindingKind; label: string; count: number }[];
  mojibakeRepaired: number;
  correctionsApplied: number;
  /** The most urgent kind of warning the issue has (URGENCY), and the sum over its warnings: the report's order. */
  urgency: number;
  attention: number;
  findings: ReportFinding[];
}

export interface ReportData {
  issues: ReportIssue[];
  totals: { issues: number; articles: number; withHeadline: number; unplaced: number; warnings: number; mojibakeRepaired: number; correctionsApplied: number };
  /** Warning counts by kind over the archive, most frequent first. */
  byKind: { kind: FindingKind; label: string; count: number }[];
}

function countKinds(findings: readonly { kind: FindingKind }[]): ReportIssue["byKind"] {
  const n = new Map<FindingKind, number>();
  for (const f of findings) n.set(f.kind, (n.get(f.kind) ?? 0) + 1);
  return [...n].map(([kind, count]) => ({ kind, label: FINDING_LABELS[kind], count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
}

export function buildReport(issues: readonly IssueRecord[], data: SiteData): ReportData {
  const findings = findingsByIssue(issues);
  const issueUrl = new Map(data.issues.map((i) => [i.file, i]));
  const out: ReportIssue[] = [];
  for (const rec of issues) {
    const site = issueUrl.get(rec.file);
    if (!site) continue;
    const articles = data.articles.filter((a) => a.sourceFile === rec.file);
    const own = findings.get(rec.file) ?? [];
    const warnings = own.filter((f) => f.severity === "warning");
    const at = (f: Finding) => f.file === rec.file ? articles.find((a) => a.sourceLines.some(([from, to]) => f.line >= from && f.line <= to)) : undefined;
    const withHeadline = rec.articles.filter((a) => a.headline).length;
    out.push({
      file: rec.file, url: site.url, paperName: site.paperName, dateLabel: site.dateLabel, page: site.page,
      articles: rec.articles.length, withHeadline, withoutHeadline: rec.articles.length - withHeadline,
      unplaced: rec.unplaced.length, unplacedLines: rec.unplaced.reduce((n, u) => n + u.lines[1] - u.lines[0] + 1, 0),
      unplacedText: rec.unplaced.map((u) => ({ text: u.text, lines: u.lines, reason: u.reason, label: unplacedLabel(u.reason), hidden: isHiddenFurniture(u.reason) })),
      warnings: warnings.length, byKind: countKinds(warnings), mojibakeRepaired: rec.mojibakeRepaired,
      correctionsApplied: own.filter((f) => f.kind === "correction").length,
      urgency: Math.max(0, ...warnings.map((f) => URGENCY[f.kind])),
      attention: warnings.reduce((n, f) => n + URGENCY[f.kind], 0),
      findings: own.map((f) => {
        const a = at(f);
        return { file: f.file, line: f.line, kind: f.kind, label: FINDING_LABELS[f.kind], severity: f.severity, message: f.message, articleUrl: a?.url ?? null, articleIndex: a?.index ?? null };
      }),
    });
  }
  // One stale correction outranks twenty missing headlines; equal issues by file, stable from build to build.
  out.sort((a, b) => b.urgency - a.urgency || b.attention - a.attention || b.warnings - a.warnings || a.file.localeCompare(b.file));
  const all = out.flatMap((i) => i.findings).filter((f) => f.severity === "warning");
  return {
    issues: out,
    totals: {
      issues: out.length,
      articles: out.reduce((n, i) => n + i.articles, 0),
      withHeadline: out.reduce((n, i) => n + i.withHeadline, 0),
      unplaced: out.reduce((n, i) => n + i.unplaced, 0),
      warnings: all.length,
      mojibakeRepaired: out.reduce((n, i) => n + i.mojibakeRepaired, 0),
      correctionsApplied: out.reduce((n, i) => n + i.correctionsApplied, 0),
    },
    byKind: countKinds(all),
  };
}
