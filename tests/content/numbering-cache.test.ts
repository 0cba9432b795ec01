/**
 * Numbering outcomes kept in the parse cache (issue-numbers.ts, ParseCache.numbering): a build over an issue whose
 * file, ledger and corrections are unchanged makes no signatures and matches nothing, and gives the records and
 * retired numbers a fresh numbering gives; a changed ledger or corrections file is numbered again.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { matchWork } from "../../src/content/article-match.ts";
import { loadArchive } from "../../src/content/load-archive.ts";
import { ParseCache, contentSourcesKey } from "../../src/content/parse-cache.ts";
import { ISSUE, tempTree } from "./helpers.ts";

const SRC = path.resolve(import.meta.dirname, "../../src");
const THIRD = ["", "劲旅讯 本月，氧化铝厂组织职工技能比武，评出岗位能手十名。", "（王五）"].join("\n");
const FIX = "articles:\n  1:\n    headline: 电解厂部署冬季安全生产\n";

let cleanup = () => {};
afterEach(() => cleanup());

function archive() {
  const t = tempTree({
    "content/a/2024-01-05.txt": ISSUE + THIRD,
    "content/a/2024-01-06.txt": ISSUE.replace("消防", "防汛"),
    "content/a/2024-01-06.fix.yaml": FIX,
  });
  cleanup = t.cleanup;
  const content = path.join(t.dir, "content");
  return {
    content,
    at: (name: string) => path.join(content, "a", name),
    /** A build's load: a parse cache and ledgers written. The signature and matching work it did, and its result. */
    build: async () => {
      const before = { ...matchWork };
      const r = await loadArchive(content, t.dir, { cache: new ParseCache(path.join(t.dir, ".cache/baokan")), writeLedgers: true });
      expect(r.errors).toEqual([]);
      return { r, prints: matchWork.prints - before.prints, matches: matchWork.matches - before.matches };
    },
    /** What a load with no cache at all gives (numbering every issue afresh against the ledgers on disk). */
    fresh: () => loadArchive(content, t.dir, { cache: null }),
  };
}

const retiredOf = (r: Awaited<ReturnType<typeof loadArchive>>) => r.issues.map((i) => [i.file, r.retired?.get(i) ?? []]);

describe("numbering outcomes kept between builds", () => {
  it("a rebuild of unchanged files, ledgers and corrections makes no signature and no match, and gives the same records", async () => {
    const a = archive();
    const first = await a.build();
    expect(first.prints).toBeGreaterThan(0);
    const second = await a.build();
    expect([second.prints, second.matches]).toEqual([0, 0]);
    expect(JSON.stringify(second.r.issues)).toBe(JSON.stringify(first.r.issues));
    expect([...second.r.inputs!.values()]).toEqual([...first.r.inputs!.values()]);
    // The corrections file was applied, and the numbers are the ones a cache-less load reads from the ledgers.
    expect(second.r.issues[1]!.articles[0]!.headline).toBe("电解厂部署冬季安全生产");
    expect(JSON.stringify(second.r.issues)).toBe(JSON.stringify((await a.fresh()).issues));
  });

  it("retired numbers come back from the kept outcome, and the ledger is not rewritten", async () => {
    const a = archive();
    await a.build();
    // The third article's text gone from the file: its number is retired (removed) and the ledger says so.
    writeFileSync(a.at("2024-01-05.txt"), ISSUE);
    const dropped = await a.build();
    expect(dropped.prints).toBeGreaterThan(0);
    const ledger = readFileSync(a.at("2024-01-05.ids.yaml"), "utf8");
    expect(ledger).toContain("3: { state: removed");
    expect(retiredOf(dropped.r)[0]![1]).toEqual([{ n: 3, state: "removed", into: null, title: expect.stringContaining("氧化铝厂") }]);

    const again = await a.build();
    expect([again.prints, again.matches]).toEqual([0, 0]);
    expect(retiredOf(again.r)).toEqual(retiredOf(dropped.r));
    expect(retiredOf(await a.fresh())).toEqual(retiredOf(dropped.r));
    expect(readFileSync(a.at("2024-01-05.ids.yaml"), "utf8")).toBe(ledger);
  });

  it("an edited ledger or corrections file is numbered again; the other issue is not", async () => {
    const a = archive();
    await a.build();
    await a.build();
    // The ledger's numbers 1 and 2 swapped by hand (still a well-formed ledger): the articles follow it.
    const ledgerFile = a.at("2024-01-05.ids.yaml");
    writeFileSync(ledgerFile, readFileSync(ledgerFile, "utf8").replace(/^ {2}1: /m, "  X: ").replace(/^ {2}2: /m, "  1: ").replace(/^ {2}X: /m, "  2: "));
    const swapped = await a.build();
    // Numbered against the edited text; the ledger is rewritten in number order, and that text needs no second
    // numbering (it gives itself back: issue-numbers.ts givesItselfBack), yet the next build finds it kept.
    expect(swapped.matches).toBe(1);
    expect(swapped.r.issues[0]!.articles.map((x) => x.index)).toEqual([2, 1, 3]);
    expect(JSON.stringify(swapped.r.issues)).toBe(JSON.stringify((await a.fresh()).issues));
    expect((await a.build()).matches).toBe(0);

    writeFileSync(a.at("2024-01-06.fix.yaml"), FIX.replace("电解厂部署冬季安全生产", "电解厂冬季安全会议"));
    const refixed = await a.build();
    // The ledger's title of number 1 is the corrected headline: rewritten, and with corrections numbered against
    // the text written too.
    expect(refixed.matches).toBe(2);
    expect(refixed.r.issues[1]!.articles[0]!.headline).toBe("电解厂冬季安全会议");
    expect((await a.build()).matches).toBe(0);
  });

  it("the code they depend on is part of their key: editing the loader's sources changes it", () => {
    const copy = mkdtempSync(path.join(tmpdir(), "baokan-src-"));
    try {
      cpSync(path.join(SRC, "content"), path.join(copy, "content"), { recursive: true });
      cpSync(path.join(SRC, "errors.ts"), path.join(copy, "errors.ts"));
      expect(contentSourcesKey(copy)).toBe(contentSourcesKey(SRC));
      const f = path.join(copy, "content/article-match.ts");
      writeFileSync(f, `${readFileSync(f, "utf8")}\n// a change\n`);
      expect(contentSourcesKey(copy)).not.toBe(contentSourcesKey(SRC));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
