/**
 * The bench's search measurement (bench/search-recall.mts measureSearch) run through the real search page of the
 * demo archive built in small shards: it must read the page as it is (results, status line) — a change to the
 * page's markup that left it reading nothing would otherwise pass as "recall 0" or go unnoticed.
 */
import { describe, expect, it } from "vitest";
import { measureSearch } from "../../bench/search-recall.mts";
import { useArchiveSite } from "./harness.ts";

const site = useArchiveSite({ shardArticles: 12, searchScope: 12 });

describe("the bench's search measurement", () => {
  it("measures every class through the page: results read, counts stated, bytes and time taken", async () => {
    const m = (await measureSearch(site.outDir, { perClass: 1, extra: [{ cls: "fixed", q: "工会" }] }))!;
    expect(m).not.toBeNull();
    expect(m.shards).toBeGreaterThan(2);
    expect(Object.keys(m.summary)).toEqual(["unit", "person", "2-char", "3-char", "4-char", "fixed", "all"]);
    expect(m.rows).toHaveLength(6);
    for (const r of m.rows) {
      expect(r.error).toBeUndefined();
      // Every query is drawn from the archive's own text, so each has articles to find, and the page lists them.
      expect(r.truth).toBeGreaterThan(0);
      expect(r.exactShown).toBeGreaterThan(0);
      expect(r.count).not.toBeNull();
      expect(r.bytes).toBeGreaterThan(10_000);
      expect(r.ms).toBeGreaterThan(0);
    }
    expect(m.rows.find((r) => r.cls === "fixed")!.status).toMatch(/^共 \d+ 篇含“工会”/);
    expect(m.summary.all!.queries).toBe(6);
    expect(m.targets.bytes.detail).toMatch(/ on \d+\/6$/);
  }, 300_000);
});
