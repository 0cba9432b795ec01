/** A small parsed page for the corrections tests: three pieces without headlines, a stray title, a masthead. */
import { applyCorrections } from "../../src/content/corrections.ts";
import { parseCorrections } from "../../src/content/corrections-yaml.ts";
import { parseText } from "../../src/parse/pipeline.ts";
import type { IssueRecord } from "../../src/types.ts";

export const PAGE = [
  "本报讯 近日，电解厂召开安全生产专题会议，部署冬季安全生产工作。会议要求各车间落实岗位责任。", // 1
  "又讯 日前，电解厂组织开展岗位练兵活动，二百余名职工参加。", // 2
  "（张明）", // 3
  "",
  "本报讯 日前，热电分厂组织开展消防应急演练，提升职工应急处置能力。", // 5
  "",
  "演练中，职工们按照预案有序疏散，现场秩序井然。", // 7
  "（李东 王芳）", // 8
  "",
  "春风送暖迎新年", // 10
  "",
  "主管 某某公司党委 主办 党委工作部", // 12
].join("\n");

export const FIX = "content/p/2024-01-05.fix.yaml";
export const parsed = (): IssueRecord =>
  parseText(PAGE, { file: "content/p/2024-01-05.txt", paper: "p", paperName: null, issueDate: "2024-01-05", issueDateSource: "filename", page: null, lineOffset: 0 });
export const fix = (yaml: string, rec = parsed()) => applyCorrections(rec, parseCorrections(yaml, FIX), PAGE.split("\n"));

