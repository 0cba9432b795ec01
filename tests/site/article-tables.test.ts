/**
 * articles.json and articles.csv made issue by issue (src/site/article-tables.ts): an issue's part is copied from
 * the last build's file when its key is unchanged, and made again when anything it is made from changed. The
 * end-to-end guarantee (an incremental build's tables equal a full build's, byte for byte) is in incremental.test.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { ParseCache } from "../../src/content/parse-cache.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { dataFiles, type OutFile } from "../../src/site/data-out.ts";
import { ARTICLES_CSV, ARTICLES_JSON, type LastTable } from "../../src/site/article-tables.ts";
import type { IssueRecord } from "../../src/types.ts";
import type { SiteData } from "../../src/site/site-types.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-tables-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ROOT = "https://baokan.example.org/";

let issues: IssueRecord[];
let data: SiteData;
let inputs: Map<IssueRecord, string>;
let papers: Parameters<typeof buildSiteData>[0]["papers"];

beforeAll(async () => {
  const loaded = await loadArchive("content", process.cwd(), { cache: new ParseCache(tmp) });
  issues = loaded.issues;
  inputs = loaded.inputs!;
  papers = loaded.papers;
  data = buildSiteData({ papers, issues });
}, 120_000);

function tables(options: { inputs?: Map<IssueRecord, string>; last?: Map<string, LastTable>; root?: string } = {}): Map<string, OutFile> {
  const files = dataFiles(issues, data, options.root ?? ROOT, { inputs: options.inputs ?? inputs, last: options.last, unchanged: () => true });
  return new Map(files.filter((f) => f.path === ARTICLES_JSON || f.path === ARTICLES_CSV).map((f) => [f.path, f]));
}

const asLast = (made: Map<string, OutFile>): Map<string, LastTable> =>
  new Map([...made].map(([p, f]) => [p, { body: Buffer.from(f.body), parts: f.parts! }]));

/** The last build's file with one part's bytes replaced by as many "x": visible in the output only if it is copied. */
function tampered(last: Map<string, LastTable>, at: string, k: number): Map<string, LastTable> {
  const t = last.get(at)!;
  const body = Buffer.from(t.body);
  body.fill("x", t.parts[k]!.start, t.parts[k]!.end);
  return new Map([...last, [at, { body, parts: t.parts }]]);
}

describe("article tables", () => {
  it("have one part per issue with articles, whose bytes are that issue's rows", () => {
    const made = tables();
    const json = made.get(ARTICLES_JSON)!;
    const withArticles = issues.filter((i) => i.articles.length > 0);
    expect(json.parts).toHaveLength(withArticles.length);
    const rows = JSON.parse(json.body.toString("utf8")) as { id: string }[];
    expect(rows).toHaveLength(data.articles.length);
    // Each part parses as its issue's rows: a JSON array once wrapped.
    const body = json.body as Buffer;
    const counts = json.parts!.map((p) => (JSON.parse(`[${body.subarray(p.start, p.end).toString("utf8")}]`) as unknown[]).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(rows.length);
    const csv = made.get(ARTICLES_CSV)!;
    expect((csv.body as Buffer).subarray(csv.parts![0]!.start, csv.parts![0]!.end).toString("utf8").split("\r\n")).toHaveLength(counts[0]!);
  });

  it("copy an unchanged issue's part from the last build's file, byte for byte the same as made afresh", () => {
    const first = tables();
    const again = tables({ last: asLast(first) });
    for (const at of [ARTICLES_JSON, ARTICLES_CSV]) expect(Buffer.compare(again.get(at)!.body as Buffer, first.get(at)!.body as Buffer), at).toBe(0);
    // Copied, not made: a part's bytes altered in the last file come through.
    for (const at of [ARTICLES_JSON, ARTICLES_CSV]) {
      const out = tables({ last: tampered(asLast(first), at, 1) }).get(at)!;
      const p = out.parts![1]!;
      expect((out.body as Buffer).subarray(p.start, p.end).toString("latin1")).toMatch(/^x+$/);
    }
  });

  it("make a part again when its issue's input or the site root changes", () => {
    const first = tables();
    const last = tampered(tampered(asLast(first), ARTICLES_JSON, 1), ARTICLES_CSV, 1);
    const fresh = (f: Map<string, OutFile>) => expect((f.get(ARTICLES_JSON)!.body as Buffer).includes("xxxxxxxx")).toBe(false);
    // The record behind part 1 has another input digest (its file, corrections or the unit table changed).
    const secondFile = data.issues.filter((i) => i.articleCount > 0)[1]!.file; // parts are in site order
    const second = issues.find((i) => i.file === secondFile)!;
    fresh(tables({ inputs: new Map([...inputs, [second, "another digest"]]), last }));
    // Another site address: every URL in the rows changes.
    const moved = tables({ root: "https://other.example.org/", last });
    fresh(moved);
    expect((moved.get(ARTICLES_JSON)!.body as Buffer).toString("utf8")).toContain("https://other.example.org/");
    // Without input digests there are no keys: every part is made, and none is recorded for reuse.
    const keyless = tables({ inputs: new Map(), last });
    fresh(keyless);
    expect(keyless.get(ARTICLES_JSON)!.parts).toEqual([]);
  });

  it("list an issue's articles in reading order, as its page does, even when a later number stands earlier", () => {
    // An article inserted by a re-parse gets the next free number (article-ledger.ts), so its issue reads 1, 2, 4, 3:
    // reversing the numbers of one issue gives the same kind of record.
    const rec = issues.find((i) => i.articles.length >= 3)!;
    const n = rec.articles.length;
    const renumbered: IssueRecord = { ...rec, articles: rec.articles.map((a, k) => ({ ...a, index: n - k })) };
    const all = issues.map((i) => (i === rec ? renumbered : i));
    const site = buildSiteData({ papers, issues: all });
    const files = dataFiles(all, site, ROOT, {});
    const rows = JSON.parse(files.find((f) => f.path === ARTICLES_JSON)!.body.toString()) as { url: string; headline: string | null }[];
    const issue = site.issues.find((i) => i.file === rec.file)!;
    const pageOrder = issue.toc!.map((s) => ROOT.replace(/\/$/, "") + s.url);
    const listed = rows.filter((r) => pageOrder.includes(r.url)).map((r) => r.url);
    expect(listed).toEqual(pageOrder);
    expect(listed[0]).toMatch(new RegExp(`/${String(n).padStart(2, "0")}/$`));
  });
});

