/**
 * `baokan add <file>`: says what it decided and why (paper, date, name, encoding, where a replaced file was kept),
 * writes the file, then prints the parse report of the issue as the archive now reads it. Refusals are one line on
 * stderr, exit 1, and content/ is left as it was. Everything printed goes through colorsFor's stream, so text
 * from the file (headlines, paper names) cannot drive the terminal.
 */
import path from "node:path";
import { commitAdd, planAdd, shownPath, type AddPlan } from "../content/add-issue.ts";
import { archiveFindings, issueFindings } from "../content/findings.ts";
import { parseFile, paperOf, unitsOf } from "../content/load-archive.ts";
import type { ParseCache } from "../content/parse-cache.ts";
import { issueReport } from "./check-report.ts";
import { colorsFor, padEnd, type Colors } from "./term.ts";

export interface AddOptions {
  paper?: string;
  date?: string;
  page?: string;
  replace?: boolean;
  content: string;
}

const ENCODINGS: Record<string, string> = {
  "utf-8": "UTF-8", "utf-8-bom": "UTF-8（带 BOM，已去掉）", gb18030: "GB18030/GBK", "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE",
};

function decisions(plan: AddPlan, source: string, c: Colors): string[] {
  const row = (label: string, text: string) => `${c.bold(padEnd(label, 6))}${text}`;
  const dateText = plan.date
    ? `${plan.date}${plan.dateSource === "inferred" ? c.yellow("（推断）") : ""} — ${plan.dateWhy}`
    : c.yellow(`无 — ${plan.dateWhy}`);
  const stored = plan.encoding === "utf-8" ? "UTF-8" : `${ENCODINGS[plan.encoding] ?? plan.encoding} → 存为 UTF-8`;
  const paperText = `${plan.slug}（${plan.paperName}）${plan.paperIsNew ? c.yellow(" 新报纸") : ""} — ${plan.paperWhy}${plan.paperWhy.startsWith("推断") ? "；不对的话用 --paper <slug> 指定" : ""}`;
  const out = [
    row("读取", `${source}（${stored}）`),
    row("报纸", paperText),
    row("日期", dateText),
    row("写入", `${plan.targetDisplay}（${plan.nameWhy}）`),
  ];
  if (plan.paperYaml) out.push(row("新建", `${path.join(path.dirname(plan.targetDisplay), "paper.yaml")}（name: ${plan.paperName}，取自电头）`));
  else if (plan.paperIsNew) out.push(row("提示", `没有 paper.yaml：网站上报名显示为 “${plan.slug}”；可新建 ${path.join(path.dirname(plan.targetDisplay), "paper.yaml")} 写上 name:`));
  for (const f of plan.replaces) {
    const kept = plan.backups.find((b) => b.from === f);
    out.push(row("替换", `${path.relative(process.cwd(), f) || f}${kept ? `（原文件已存到 ${shownPath(process.cwd(), kept.to)}）` : ""}`));
  }
  if (plan.moveFix) out.push(row("更正", `${path.relative(process.cwd(), plan.moveFix.from)} → ${path.relative(process.cwd(), plan.moveFix.to)}`));
  return out;
}

export async function runAdd(file: string, opts: AddOptions, cache: ParseCache | null): Promise<number> {
  const plan = await planAdd({
    source: path.resolve(file), sourceDisplay: file, contentDir: opts.content, cache,
    ...(opts.paper !== undefined ? { paper: opts.paper } : {}),
    ...(opts.date !== undefined ? { date: opts.date } : {}),
    ...(opts.page !== undefined ? { page: opts.page } : {}),
    ...(opts.replace ? { replace: true } : {}),
  });
  await commitAdd(plan);
  const c = colorsFor(process.stdout);
  for (const line of decisions(plan, file, c)) console.log(line);
  // The report is of the file as written, read back through the loader: what check and the site will see.
  const units = await unitsOf(opts.content).catch(() => null);
  const rec = await parseFile(plan.target, await paperOf(plan.target, opts.content), plan.targetDisplay, { cache, units });
  const findings = [...issueFindings(rec), ...archiveFindings([...plan.others, rec]).filter((f) => f.issue === rec.file)];
  console.log(`\n${issueReport(rec, findings, c)}`);
  const warnings = findings.filter((f) => f.severity === "warning").length;
  console.log(`\n已加入。${warnings ? `有 ${warnings} 条提示，请看一眼；` : ""}要更正标题、单位等，写 ${plan.targetDisplay.replace(/\.txt$/, ".fix.yaml")}（格式见 README），再运行 baokan check ${plan.targetDisplay}`);
  return 0;
}
