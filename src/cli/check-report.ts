/** The human-readable parse report of `baokan check`: per file, its articles and its warnings. */
import type { IssueRecord } from "../types.ts";

const KIND: Record<string, string> = { news: "新闻", photo: "图片", literary: "文艺", notice: "公告" };

export function checkReport(issue: IssueRecord): string {
  const out: string[] = [];
  const withHeadline = issue.articles.filter((a) => a.headline).length;
  out.push(`${issue.file}  ${issue.paperName ?? issue.paper ?? "(no paper)"}  ${issue.issueDate ?? "date unknown"} (${issue.issueDateSource})  encoding ${issue.encoding}`);
  out.push(`  ${issue.articles.length} articles, ${withHeadline} with a headline; ${issue.unplaced.length} unplaced; ${issue.mojibakeRepaired} mojibake characters repaired`);
  for (const a of issue.articles) {
    const lines = a.source.lines.map(([f, t]) => (f === t ? `${f}` : `${f}-${t}`)).join(",");
    const len = a.body.join("").replace(/\s/g, "").length;
    out.push(`  ${String(a.index).padStart(2)}. [${KIND[a.kind] ?? a.kind}] ${a.headline ?? "（无标题）"}  ·  单位 ${a.unit ?? "—"}  ·  作者 ${a.authors.join("、") || "—"}  ·  ${len}字  ·  行 ${lines}`);
  }
  for (const u of issue.unplaced) out.push(`  unplaced ${issue.file}:${u.lines[0]}  (${u.reason}) ${u.text.slice(0, 40)}`);
  for (const w of issue.warnings) out.push(`  warning ${issue.file}:${w.line}  [${w.pass}] ${w.message}`);
  return out.join("\n");
}
