/** Shared bits of the parser tests: a loose-file meta, the CJK multiset and a parse shortcut. */
import { parseText } from "../../src/parse/pipeline.ts";
import type { ArticleRecord, IssueMeta, IssueRecord } from "../../src/types.ts";

export const META: IssueMeta = {
  file: "t.txt", paper: null, paperName: null, issueDate: "2024-01-01", issueDateSource: "filename", page: null, lineOffset: 0,
};

export function parse(text: string): IssueRecord {
  return parseText(text, META);
}

export function lines(...ls: string[]): string {
  return ls.join("\n");
}

/** The article whose body contains `needle`; fails loudly when none does. */
export function articleWith(rec: IssueRecord, needle: string): ArticleRecord {
  const a = rec.articles.find((x) => x.body.join("").includes(needle));
  if (!a) throw new Error(`no article contains "${needle}"; bodies: ${JSON.stringify(rec.articles.map((x) => x.body))}`);
  return a;
}

const CJK_G = /[\u3400-\u9fff\uf900-\ufaff]/g;

/** How often each CJK ideograph occurs. */
export function cjkCounts(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of s.match(CJK_G) ?? []) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
}

/** Ideographs of `src` that `out` has fewer of (what the parser lost), as "字×n". */
export function missingCjk(src: string, out: string): string[] {
  const have = cjkCounts(out);
  const lost: string[] = [];
  for (const [c, n] of cjkCounts(src)) if ((have.get(c) ?? 0) < n) lost.push(`${c}×${n - (have.get(c) ?? 0)}`);
  return lost;
}
