/**
 * The human-readable parse report of `baokan check` and `baokan add`: per issue a header line, one line per
 * article (number, headline, unit, authors, kind, length, raw lines), the unplaced text, then the warnings
 * as file:line with a Chinese label for their kind. Columns count a Chinese character as two.
 */
import type { Finding } from "../content/findings.ts";
import { FINDING_LABELS } from "../content/findings.ts";
import { CLI, KIND_LABELS, unplacedLabel } from "../messages.ts";
import type { IssueRecord } from "../types.ts";
import { clip, padEnd, type Colors } from "./term.ts";

// The site's words for kinds (消息, not 新闻): one table, messages.ts.
export { KIND_LABELS };
const SOURCE_LABELS: Record<string, string> = { filename: "文件名", frontmatter: "文件头", inferred: "推断", unknown: "未知" };

/** Characters of text, not counting white space or punctuation: what a newspaper calls 字数. */
export function charCount(body: readonly string[]): number {
  return Array.from(body.join("").replace(/[\s\p{P}\p{S}]/gu, "")).length;
}

const ranges = (lines: readonly (readonly [number, number])[]) => lines.map(([f, t]) => (f === t ? `${f}` : `${f}-${t}`)).join(",");

export function issueHeader(issue: IssueRecord, c: Colors): string {
  const withHeadline = issue.articles.filter((a) => a.headline).length;
  // One note per applied correction (corrections.ts folds a kept printed title into its correction's note).
  const corrections = issue.warnings.filter((w) => w.pass === "corrections").length;
  const parts = [
    `${issue.paperName ?? issue.paper ?? CLI.unknownPaper}${issue.paper ? ` [${issue.paper}]` : ""}`,
    `${issue.issueDate ?? "日期不详"}（${SOURCE_LABELS[issue.issueDateSource] ?? issue.issueDateSource}）`,
    ...(issue.page ? [`版 ${issue.page}`] : []),
    `编码 ${issue.encoding}`,
    `${issue.articles.length} 篇，${withHeadline} 篇有标题`,
    `未归入 ${issue.unplaced.length} 段`,
    ...(issue.mojibakeRepaired ? [`乱码修复 ${issue.mojibakeRepaired} 处`] : []),
    ...(corrections ? [`更正 ${corrections} 处`] : []),
  ];
  return `${c.bold(issue.file)}\n  ${parts.join(" · ")}`;
}

export function articleLines(issue: IssueRecord, c: Colors): string[] {
  const out = [c.dim(`  ${padEnd("#", 3)} ${padEnd("标题", 34)} ${padEnd("单位", 22)} ${padEnd("作者", 14)} 类别 ${"字数".padStart(3)}  行`)];
  for (const a of issue.articles) {
    const title = a.headline ? clip(a.headline, 34) : c.yellow(clip(CLI.untitled, 34));
    const unit = a.unit ? clip(a.unitAsPrinted ? `${a.unit}←${a.unitAsPrinted}` : a.unit, 22) : "—";
    out.push(`  ${padEnd(String(a.index), 3)} ${padEnd(title, 34)} ${padEnd(unit, 22)} ${padEnd(clip(a.authors.join("、") || "—", 14), 14)} ${padEnd(KIND_LABELS[a.kind] ?? a.kind, 4)} ${String(charCount(a.body)).padStart(5)}  ${ranges(a.source.lines)}`);
  }
  return out;
}

export function unplacedLines(issue: IssueRecord, c: Colors): string[] {
  return issue.unplaced.map((u) => `  ${c.dim("未归入")} ${issue.file}:${u.lines[0]}  （${unplacedLabel(u.reason)}）  ${clip(u.text.replace(/\s+/g, " "), 50)}`);
}

export function findingLine(f: Finding, c: Colors, strict = false): string {
  const label = padEnd(FINDING_LABELS[f.kind], 10);
  const tint = f.severity === "info" ? c.green : strict ? c.red : c.yellow;
  return `  ${tint(label)} ${c.cyan(`${f.file}:${f.line}`)}  ${f.message}`;
}

export function issueReport(issue: IssueRecord, findings: Finding[], c: Colors, strict = false): string {
  const out = [issueHeader(issue, c), ...articleLines(issue, c), ...unplacedLines(issue, c)];
  for (const f of findings) out.push(findingLine(f, c, strict));
  return out.join("\n");
}
