import { describe, expect, it } from "vitest";
import { withHeapGrowth } from "../../src/site/heap-growth.ts";

describe("withHeapGrowth", () => {
  it("collects the heap when it starts, so the lower factor sizes the heap from there", async () => {
    // ~100 MB of garbage in the old generation (it survives scavenges while referenced), then unreferenced.
    let garbage: string[][] | null = Array.from({ length: 200 }, (_, k) => Array.from({ length: 5_000 }, (_, j) => `报刊 ${k} ${j} `.repeat(8)));
    const before = process.memoryUsage().heapUsed;
    expect(garbage.length).toBe(200);
    garbage = null;
    const during = await withHeapGrowth(50, async () => process.memoryUsage().heapUsed);
    expect(before - during).toBeGreaterThan(50 * 1024 * 1024);
  });

  it("returns the work's result and passes its failure on", async () => {
    expect(await withHeapGrowth(50, async () => "done")).toBe("done");
    await expect(withHeapGrowth(50, async () => { throw new Error("render failed"); })).rejects.toThrow("render failed");
    // Nested holders: the inner call neither resets the factor nor fails.
    expect(await withHeapGrowth(50, () => withHeapGrowth(50, async () => 2))).toBe(2);
  });
});
