/** The `baokan parse` command as a user runs it: `npm run --silent baokan -- parse --json <file>`. */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { IssueRecord } from "../../src/types.ts";
import { tempTree } from "./helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SEEDS = path.resolve(ROOT, "../shared/seeds");
const seed = existsSync(SEEDS) ? readdirSync(SEEDS).filter((f) => f.endsWith(".txt")).sort()[0] : undefined;

function baokan(...args: string[]) {
  const p = spawnSync("npm", ["run", "--silent", "baokan", "--", ...args], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
  // npm's own config warnings are not the command's output.
  const stderr = p.stderr.split("\n").filter((l) => l.trim() && !/^npm warn/i.test(l));
  return { status: p.status, stdout: p.stdout, stderr };
}

let cleanup = () => {};
afterEach(() => cleanup());

describe("baokan parse", () => {
  it.skipIf(!seed)("prints the issue record of a seed as JSON and exits 0", { timeout: 40_000 }, () => {
    const r = baokan("parse", "--json", path.join(SEEDS, seed!));
    expect(r.status).toBe(0);
    const rec = JSON.parse(r.stdout) as IssueRecord;
    expect(rec.articles.length).toBeGreaterThan(0);
    expect(rec.file).toContain(seed!);
    expect(r.stderr).toEqual([]);
  });

  it("a missing file: non-zero exit and one stderr line naming the file", { timeout: 40_000 }, () => {
    const r = baokan("parse", "--json", "no/such/2024-01-05.txt");
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/^baokan: no\/such\/2024-01-05\.txt: 无法读取文件（ENOENT）$/);
  });

  it("an empty file: non-zero exit and one stderr line naming the file", { timeout: 40_000 }, () => {
    const t = tempTree({ "empty.txt": "" });
    cleanup = t.cleanup;
    const file = path.join(t.dir, "empty.txt");
    const r = baokan("parse", "--json", file);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toContain(file);
    expect(r.stderr[0]).toMatch(/: 空文件（0 字节）$/);
  });
});
