/**
 * The query folding of the search page (templates/assets/fold.js): what it makes must be what opencc-js's own
 * converter makes with the same dictionaries, the committed tables must be the ones src/site/fold-table.ts makes
 * from the installed opencc-js, and a query with nothing to fold must not load the tables.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ConverterFactory } from "opencc-js/core";
import * as cn2t from "opencc-js/cn2t";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { ASSETS, FOLD_CHAINS, foldFiles } from "../../src/site/fold-table.ts";
// @ts-expect-error — a browser module without types, loaded by the search page as it is
import { fold, mayFold } from "../../templates/assets/fold.js";

const opencc = ConverterFactory(...FOLD_CHAINS);
let texts: string[] = [];

beforeAll(async () => {
  texts = buildSiteData(await loadArchive("content")).articles.map((a) => [a.title, ...a.blocks.map((b) => b.text)].join("\n"));
});

describe("fold", () => {
  it("the committed tables are the ones opencc-js's dictionaries make", () => {
    const { chars, table } = foldFiles();
    expect(readFileSync(path.join(ASSETS, "fold-chars.js"), "utf8")).toBe(chars);
    expect(readFileSync(path.join(ASSETS, "fold-table.js"), "utf8")).toBe(table);
  });

  it("folds traditional text as opencc-js does", async () => {
    expect(await fold("安全生產")).toBe("安全生产");
    expect(await fold("電解廠")).toBe("电解厂");
    expect(await fold("台灣")).toBe("台湾");
    // A phrase entry keeps what the character table alone would change: 乾隆 stays, 顯著 is 显著 (not 显着).
    expect(await fold("乾隆年間")).toBe(opencc("乾隆年間"));
    expect(await fold("乾隆年間")).toMatch(/^乾隆/);
    expect(await fold("成效顯著")).toBe("成效显著");
    // The demo archive's own text, made traditional by opencc-js (Taiwan standard, with its phrases) and folded back.
    const toTw = cn2t.Converter({ from: "cn", to: "twp" });
    let folded = 0;
    for (const text of texts.slice(0, 80)) {
      const trad = toTw(text);
      if (!mayFold(trad)) continue;
      folded++;
      expect(await fold(trad)).toBe(opencc(trad));
    }
    expect(folded).toBeGreaterThan(40);
  });

  it("leaves simplified text as typed, even where OpenCC's traditional phrases would change it", async () => {
    // The whole demo archive is simplified: no article's text reads as traditional.
    expect(texts.filter((t) => mayFold(t))).toEqual([]);
    for (const q of ["安全生产", "成效显著", "著名", "什么", "打坏", "abc 123"]) {
      expect(mayFold(q), q).toBe(false);
      expect(await fold(q)).toBe(q);
    }
    // What opencc-js alone would make of two of them: why a query must read as traditional before it is folded.
    expect(opencc("成效显著")).toBe("成效显着");
    expect(opencc("打坏")).toBe("打坯");
  });
});
