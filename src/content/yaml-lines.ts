/**
 * YAML read with line numbers, for the editor's own files (content/units.yaml, <issue>.fix.yaml): every error
 * an editor gets names the file and the line, so the document is parsed into nodes, not plain values.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from "yaml";
import { InputError } from "../errors.ts";
import { yamlProblem } from "../messages.ts";
import { fullWidthHint, halfWidthSyntax, type FullWidthKeys } from "./yaml-fullwidth.ts";

export interface YamlFile {
  doc: Document.Parsed;
  /** 1-based line of a node (or of the file's first line when the node has no position). */
  lineOf(node: unknown): number;
  /** An InputError at a node's line; a full-width colon on that line is pointed at (fullWidthHint). */
  error(node: unknown, detail: string): InputError;
}

/**
 * The largest settings file read: a unit table of 40,000 names is ~1.5 MB. The YAML library holds some 150 bytes
 * of nodes per byte of such a file (10 MB took 1.6 GB), so anything far past a real table is refused, not read.
 */
export const YAML_MAX_BYTES = 5 * 1024 * 1024;

/** An InputError, in one line, for a settings file over YAML_MAX_BYTES. */
export function checkYamlSize(text: string, file: string, what: string): void {
  // Each UTF-16 unit is at most 3 bytes of UTF-8: most files are cleared without counting.
  if (text.length * 3 <= YAML_MAX_BYTES) return;
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > YAML_MAX_BYTES) {
    throw new InputError(file, `${what}有 ${(bytes / 1024 / 1024).toFixed(1)} MB，超过 ${YAML_MAX_BYTES / 1024 / 1024} MB 的上限；这么大的文件不会是手写的设置，请检查是否放错了文件`);
  }
}

export interface ReadYamlOptions {
  /** How the format reads full-width marks (yaml-fullwidth.ts); without it the text is read as it is. */
  fullWidth?: FullWidthKeys;
}

/**
 * Parses an editor's YAML file. Linear in its size: the YAML library's own duplicate-key check (uniqueKeys)
 * compares each key with every earlier one — 40,000 unit names took 28 s — so keys are checked by mapPairs, with a
 * set, as they are read. Line numbers come from the library's LineCounter (a binary search per node).
 */
export function readYaml(text: string, file: string, what: string, options: ReadYamlOptions = {}): YamlFile {
  checkYamlSize(text, file, what);
  const source = options.fullWidth ? halfWidthSyntax(text, options.fullWidth) : text;
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, uniqueKeys: false });
  // The lines as read (full-width syntax made ASCII): a full-width colon left on one is pointed at.
  const lines = source.split("\n");
  const lineOf = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? counter.linePos(range[0]).line : 1;
  };
  const withHint = (detail: string, line: number) => {
    const hint = fullWidthHint(lines[line - 1] ?? "");
    return hint ? `${detail}。${hint}` : detail;
  };
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? counter.linePos(err.pos[0]).line;
    throw new InputError(file, withHint(`${what}不是有效的 YAML：${yamlProblem(err)}`, line), line);
  }
  return { doc, lineOf, error: (node, detail) => new InputError(file, withHint(detail, lineOf(node)), lineOf(node)) };
}

/**
 * The pairs of a mapping node; an empty document is an empty mapping. A key written twice is an error at its
 * second line (a set of the keys seen, so a mapping of n keys costs n look-ups).
 */
export function mapPairs(y: YamlFile, node: unknown, what: string): Pair<Node, Node | null>[] {
  if (node === null || node === undefined) return [];
  if (!isMap(node)) throw y.error(node, `${what}应是“键: 值”的几行`);
  const items = node.items as Pair<Node, Node | null>[];
  const seen = new Map<string, number>();
  for (const p of items) {
    const k = isScalar(p.key) ? String(p.key.value ?? "").trim() : null;
    if (k === null) continue;
    const first = seen.get(k);
    if (first !== undefined) throw y.error(p.key, `“${k}”写了两次（第 ${first} 行和这一行）；同一个键只能写一次`);
    seen.set(k, y.lineOf(p.key));
  }
  return items;
}

export function scalarText(node: unknown): string | null {
  if (!isScalar(node) || node.value === null || node.value === undefined) return null;
  return String(node.value).trim();
}

/** A scalar or a list of scalars as strings ("张三" or [张三, 李四]); null when the node is something else. */
export function stringList(node: unknown): string[] | null {
  if (isSeq(node)) {
    const out: string[] = [];
    for (const item of node.items) {
      const s = scalarText(item);
      if (s === null) return null;
      out.push(s);
    }
    return out;
  }
  const s = scalarText(node);
  return s === null ? null : [s];
}

export { isMap, isScalar, isSeq };
