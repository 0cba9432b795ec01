/**
 * A routed search (every exact match from the routing index) loads no fragments beyond what its first page shows:
 * once the routed hits are checked, Pagefind's candidates can only be part-matches, so the ranker (rank.js
 * ExactFirst) stops scanning them for exact matches — which cost up to SCAN_BUDGET fragments (~60 kB) on a first
 * query with fewer exact matches than a page — and a quoted query, which lists exact matches only, loads none.
 */
import { describe, expect, it } from "vitest";

interface Item { result: { id: string }; exact: boolean }
interface Ranker {
  more(size?: number): Promise<Item[]>; done: boolean; exactCount: number | null; total: number; exactLeft: boolean;
  addPart(results: unknown[], inOpen: number): void;
}
// @ts-expect-error — a browser module without types
const rank = (await import("../../templates/assets/rank.js")) as {
  ExactFirst: new (query: unknown, results: unknown[] | null, options: object) => Ranker;
  parseQuery(q: string): unknown;
  PAGE_SIZE: number;
  SCAN_BUDGET: number;
};

/** `n` results whose data() holds `text`, counting the loads in `loads`. */
function results(prefix: string, n: number, text: string, loads: Set<string>, routed = false) {
  return Array.from({ length: n }, (_, i) => {
    const id = `${prefix}${i}`;
    return {
      id, routed, shard: "s0", words: [1, 5], matchedMetaFields: [],
      data: async () => (loads.add(id), { url: `/${id}/`, content: text, meta: { title: id }, filters: {} }),
    };
  });
}

describe("a routed search's fragment loads", () => {
  it("fills a page short of exact matches with as many part-matches as it shows", async () => {
    const loads = new Set<string>();
    const hits = results("hit", 3, "……电解厂……", loads, true);
    const cands = results("pf", 60, "电解……厂", loads);
    const ranker = new rank.ExactFirst(rank.parseQuery("电解厂"), cands, { routed: { exact: true, hits, inOpen: 0 } });
    const page = await ranker.more();
    expect(page.map((i) => i.exact)).toEqual([true, true, true, ...Array(rank.PAGE_SIZE - 3).fill(false)]);
    expect(ranker.exactCount).toBe(3);
    // One batch: the 3 hits and 7 candidates, not SCAN_BUDGET fragments.
    expect(loads.size).toBe(rank.PAGE_SIZE);
    expect(rank.SCAN_BUDGET).toBeGreaterThan(rank.PAGE_SIZE);
  });

  it("a quoted query loads the routed hits' fragments only, and is done", async () => {
    const loads = new Set<string>();
    const hits = results("hit", 3, "……电解厂……", loads, true);
    const ranker = new rank.ExactFirst(rank.parseQuery("“电解厂”"), results("pf", 60, "电解……厂", loads), { routed: { exact: true, hits, inOpen: 0 } });
    expect((await ranker.more()).length).toBe(3);
    expect([...loads].sort()).toEqual(["hit0", "hit1", "hit2"]);
    expect(ranker.done).toBe(true);
  });

  it("shows the exact matches before Pagefind's results are in, and adds those below them, counted once", async () => {
    const loads = new Set<string>();
    const hits = results("hit", 12, "……电解厂……", loads, true);
    const routed = { exact: true, hits, get inOpen() { return 2; } };
    const ranker = new rank.ExactFirst(rank.parseQuery("电解厂"), null, { routed });
    // The first screen: a page of exact matches, the true count; nothing else is known, so nothing else is counted.
    expect((await ranker.more()).map((i) => i.result.id)).toEqual(hits.slice(0, 10).map((h) => h.id));
    expect([ranker.exactCount, ranker.total, ranker.exactLeft]).toEqual([12, 12, true]);
    // Pagefind's results: two of them are routed hits in open shards (exact, already listed), five part-matches.
    const both = results("hit", 2, "……电解厂……", new Set()).map((r, i) => ({ ...r, id: `pf-exact${i}` }));
    ranker.addPart([...both, ...results("pf", 5, "电解……厂", loads)], routed.inOpen);
    expect([ranker.exactCount, ranker.total]).toEqual([12, 17]);
    // The rest of the exact matches first, then the part-matches fill the page they ended on (size 8).
    const next = await ranker.more(8);
    expect(next.map((i) => [i.result.id.replace(/\d+$/, ""), i.exact])).toEqual([
      ["hit", true], ["hit", true], ...Array(5).fill(["pf", false]),
    ]);
    expect(ranker.exactLeft).toBe(false);
    expect(ranker.done).toBe(true);
  });

  it("a quoted query's pager takes no part-matches", async () => {
    const hits = results("hit", 3, "……电解厂……", new Set(), true);
    const ranker = new rank.ExactFirst(rank.parseQuery("“电解厂”"), null, { routed: { exact: true, hits, inOpen: 0 } });
    ranker.addPart(results("pf", 5, "电解……厂", new Set()), 0);
    expect(ranker.total).toBe(3);
    expect((await ranker.more()).length).toBe(3);
    expect(ranker.done).toBe(true);
  });
});
