/** bench/parse-speed.mts measures what it says: every issue file's bytes, decoded and parsed once per round. */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseThroughput } from "../../bench/parse-speed.mts";
import { ISSUE_EXT, parseFile, readPaperInfo } from "../../src/content/load-archive.ts";

const CONTENT = path.resolve("content");

describe("parseThroughput (figures printed by the benchmark, not asserted as speeds)", () => {
  it("counts the raw bytes and articles of every issue file under content/", async () => {
    let bytes = 0;
    let articles = 0;
    let files = 0;
    for (const paper of (await readdir(CONTENT, { withFileTypes: true })).filter((e) => e.isDirectory() && !/^[._]/.test(e.name))) {
      const info = await readPaperInfo(path.join(CONTENT, paper.name), paper.name);
      for (const f of (await readdir(path.join(CONTENT, paper.name))).filter((f) => ISSUE_EXT.test(f) && !f.startsWith("."))) {
        const file = path.join(CONTENT, paper.name, f);
        bytes += (await stat(file)).size;
        articles += (await parseFile(file, info, file, { cache: null, corrections: false })).articles.length;
        files++;
      }
    }
    const t = await parseThroughput(CONTENT, 2);
    expect(files).toBeGreaterThan(0);
    expect({ files: t.files, bytes: t.bytes, articles: t.articles }).toEqual({ files, bytes, articles });
    expect(t.cpuS).toBeGreaterThan(0);
    // cpuS is rounded to the millisecond, mbPerCpuS computed before rounding: equal within that rounding.
    const expected = bytes / 2 ** 20 / t.cpuS;
    expect(Math.abs(t.mbPerCpuS - expected) / expected).toBeLessThan(0.1);
  });
});
