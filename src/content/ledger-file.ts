/**
 * The article-number ledger as a file: `<stem>.ids.yaml` beside the issue file (content/jinlv/2024-01-05.txt →
 * 2024-01-05.ids.yaml), committed with it. One line per number ever given, so a change reads as a one-line diff:
 *
 * ```yaml
 * articles:
 *   3: { state: live, title: "踏雪矿山行，浓情暖人心", lines: "12-40", size: 812, sig: "0a1b2c3d 1f2e3d4c …" }
 *   4: { state: merged, into: 3, title: "…", lines: "41-50", size: 120, sig: "…" }
 *   9: { state: live, from: 5, title: "…", lines: "30-40", size: 300, sig: "…" }
 *   7: { state: removed, title: "…", lines: "51-60", size: 90, sig: "…" }
 * ```
 *
 * `title` and `lines` are for a person; `size` and `sig` are the text's signature (article-match.ts). The file is
 * read with a line parser, not a YAML library: it is only ever this shape, and a thousand issues read in
 * milliseconds. A line that is not this shape is an error naming the file and line.
 */
import path from "node:path";
import { InputError } from "../errors.ts";
import type { LineRange } from "../types.ts";
import type { StoredPrint } from "./article-match.ts";

export type LedgerState = "live" | "merged" | "removed";

export interface LedgerEntry extends StoredPrint {
  n: number;
  state: LedgerState;
  /** merged: the number whose article now holds this text. */
  into?: number;
  /** Made by a correction's split of this number. */
  from?: number;
  title: string;
  lines: LineRange[];
}

/** Number → entry, in number order. */
export type Ledger = Map<number, LedgerEntry>;

/** The ledger file of an issue file: same folder, same stem, `.ids.yaml`. */
export function ledgerPathFor(issueFile: string): string {
  return issueFile.replace(/\.(txt|md|text)$/i, "") + ".ids.yaml";
}

const ENTRY =
  /^ {2}(\d+): \{ state: (live|merged|removed)(?:, into: (\d+))?(?:, from: (\d+))?, title: ("(?:[^"\\]|\\.)*"), lines: "([\d,-]*)", size: (\d+), sig: "([0-9a-f ]*)" \}\s*$/;

function parseLines(text: string): LineRange[] {
  if (!text) return [];
  return text.split(",").map((r) => {
    const [a, b] = r.split("-").map(Number);
    return [a!, b ?? a!] as LineRange;
  });
}

/** Reads a ledger file's text; `file` names it in errors. */
export function parseLedger(text: string, file: string): Ledger {
  const out: Ledger = new Map();
  let seenHead = false;
  text.replace(/^\uFEFF/, "").split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.trimStart().startsWith("#")) return;
    if (line.trim() === "articles:") { seenHead = true; return; }
    const m = seenHead ? ENTRY.exec(line) : null;
    if (!m) throw new InputError(file, "文章编号台账的这一行读不懂；这个文件由构建自动维护，请从版本库恢复，不要手改", i + 1);
    const n = Number(m[1]);
    if (n < 1 || out.has(n)) throw new InputError(file, `编号 ${n} 在台账里${n < 1 ? "无效" : "出现了两次"}；请从版本库恢复这个文件`, i + 1);
    const hexes = m[8]!.trim();
    // As written, one space apart; a string split is quicker than a pattern's, and a hand-typed double space is rare.
    const sig = hexes ? (hexes.includes("  ") ? hexes.split(/ +/) : hexes.split(" ")).map((h) => parseInt(h, 16)) : [];
    const lines = parseLines(m[6]!);
    out.set(n, {
      n, state: m[2] as LedgerState, ...(m[3] ? { into: Number(m[3]) } : {}), ...(m[4] ? { from: Number(m[4]) } : {}),
      title: JSON.parse(m[5]!) as string, lines, size: Number(m[7]), sig, line: lines[0]?.[0] ?? 1,
    });
  });
  return out;
}

/** Two hex digits per byte value: eight-digit hex by table is ~3× faster than toString(16).padStart(8, "0"), and a
 * ledger is 32 values per article, written for every issue a build numbers. */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const hex = (v: number) => BYTE_HEX[v >>> 24]! + BYTE_HEX[(v >>> 16) & 255]! + BYTE_HEX[(v >>> 8) & 255]! + BYTE_HEX[v & 255]!;

/** The file's text: a Chinese header, then one line per number in number order. Same ledger, same bytes. */
export function formatLedger(ledger: Ledger, issueFile: string): string {
  const name = path.basename(issueFile);
  const head = [
    `# 文章永久编号台账：${name} 里每篇文章的编号，即网址 /<报纸>/<期>/<编号>/ 里的编号，也是更正文件和 baokan check 用的编号。`,
    "# 由 baokan build 自动生成和更新，请与原文一起提交；请勿修改编号和签名。",
    "# 每次构建按文字重合把新的解析结果对回这些编号：重新解析、更正合并或拆分、前后文变动，文章都保留自己的编号；",
    "# 新文章取新编号，用过的编号永不再给别的文章。state：live 在用；merged 已并入 into 那一篇（旧网址转到那里）；",
    "# removed 原文里已没有这段文字。from：由更正从那一篇拆出。title、lines 供人辨认，size、sig 是文字签名，供比对。",
    "articles:",
  ];
  const rows = [...ledger.values()].sort((a, b) => a.n - b.n).map((e) => {
    const extra = `${e.into !== undefined ? `, into: ${e.into}` : ""}${e.from !== undefined ? `, from: ${e.from}` : ""}`;
    const lines = e.lines.map(([f, t]) => (f === t ? `${f}` : `${f}-${t}`)).join(",");
    return `  ${e.n}: { state: ${e.state}${extra}, title: ${JSON.stringify(e.title)}, lines: "${lines}", size: ${e.size}, sig: "${e.sig.map(hex).join(" ")}" }`;
  });
  return `${[...head, ...rows].join("\n")}\n`;
}
