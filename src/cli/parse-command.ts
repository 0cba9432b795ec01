/** `baokan parse [--json] [--explain] <file>`: one raw file → its IssueRecord. */
import path from "node:path";
import { parseFile } from "../content/load-archive.ts";
import type { IssueRecord } from "../types.ts";

export async function parseCommand(file: string): Promise<IssueRecord> {
  const abs = path.resolve(file);
  const rel = path.relative(process.cwd(), abs);
  const display = rel.startsWith("..") ? file : rel;
  return parseFile(abs, null, display);
}
