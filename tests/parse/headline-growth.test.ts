/**
 * attachHeadlines' content assignment grows with the file, not with its cube (issue: a 19 MB file under the
 * 20 MB limit still ran after ten minutes). Counted, not timed: the fits weighed and the Hungarian's steps
 * (assignWork) for one page pasted k and 4k times. Weighing every title against every piece and solving one
 * dense assignment made 4k copies 40 times the work of k (16 times the fits, 50 times the steps); weighing
 * only the pieces near a title and solving block by block, about 4 times.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assignWork, MAX_BLOCK } from "../../src/parse/assign.ts";
import { attachHeadlines } from "../../src/parse/attach-headlines.ts";
import { initialState, runPasses } from "../../src/parse/pipeline.ts";
import { META } from "./helpers.ts";

/** 001: the page whose earlier pieces' headlines sit in a detached block at its foot. */
const SEED = path.resolve(import.meta.dirname, "../../../shared/seeds/001_8572a58ddb35e93d.txt");

function segmented(copies: number) {
  return runPasses(initialState(Array(copies).fill(readFileSync(SEED, "utf8")).join("\n\n"), META, "utf-8"), "segment");
}

function measure(copies: number): { work: number; cells: number; attached: number } {
  const state = segmented(copies);
  const open = state.pieces.filter((p) => !p.headline).length;
  assignWork.cells = 0;
  assignWork.steps = 0;
  const out = attachHeadlines(state);
  return { work: assignWork.cells + assignWork.steps, cells: assignWork.cells, attached: open - out.pieces.filter((p) => !p.headline).length };
}

describe.skipIf(!existsSync(SEED))("headline assignment growth", () => {
  it("four times the pages cost about four times the work, and the copies still get their headlines", () => {
    // The small file already fills a block: below that the block's cube still grows with it.
    const k = Math.ceil(MAX_BLOCK / segmented(1).pieces.length);
    const small = measure(k);
    const big = measure(4 * k);
    expect(small.cells).toBeGreaterThan(0);
    expect(small.attached).toBeGreaterThan(0);
    // Every copy fits its neighbours' pieces as well as its own (the same text), so the file is one long chain
    // of fits and the big file is cut into blocks: a cut may cost a headline at a block's edge, not more.
    expect(big.attached).toBeGreaterThanOrEqual(Math.floor(0.95 * 4 * small.attached));
    // Near-linear: about 3.5 here; the dense assignment gave 40.
    expect(big.work / small.work).toBeLessThan(6);
  });
});
