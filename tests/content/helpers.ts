import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A temporary folder with the given files (path → content); remove it with the returned cleanup. */
export function tempTree(files: Record<string, string | Uint8Array>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "baokan-content-"));
  for (const [rel, body] of Object.entries(files)) {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, body);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const ISSUE = ["劲旅讯 近日，电解厂召开安全生产会议，部署冬季安全工作。", "（张三）", "", "劲旅讯 日前，热电分厂开展消防演练。", "（李四）"].join("\n");
