/**
 * YAML read with line numbers, for the editor's own files (content/units.yaml, <issue>.fix.yaml): every error
 * an editor gets names the file and the line, so the document is parsed into nodes, not plain values.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from "yaml";
import { InputError } from "../errors.ts";

export interface YamlFile {
  doc: Document.Parsed;
  /** 1-based line of a node (or of the file's first line when the node has no position). */
  lineOf(node: unknown): number;
  /** An InputError at a node's line. */
  error(node: unknown, detail: string): InputError;
}

export function readYaml(text: string, file: string, what: string): YamlFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  const lineOf = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? counter.linePos(range[0]).line : 1;
  };
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? counter.linePos(err.pos[0]).line;
    throw new InputError(file, `${what} is not valid YAML: ${err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`, line);
  }
  return { doc, lineOf, error: (node, detail) => new InputError(file, detail, lineOf(node)) };
}

/** The pairs of a mapping node; an empty document is an empty mapping. */
export function mapPairs(y: YamlFile, node: unknown, what: string): Pair<Node, Node | null>[] {
  if (node === null || node === undefined) return [];
  if (!isMap(node)) throw y.error(node, `${what} must be a mapping (key: value lines)`);
  return node.items as Pair<Node, Node | null>[];
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
