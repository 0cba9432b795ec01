/**
 * Units as enterprises are organised (src/site/site-units.ts): a unit whose name starts with another unit's full
 * name is its sub-unit, under the longest such. Built from a small archive in a temp folder (each issue's unit set
 * by its corrections file); checks the unit pages and the units index as a reader gets them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { buildSite } from "../../src/site/build-site.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { unitParents } from "../../src/site/site-units.ts";
import type { SiteData, UnitRow } from "../../src/site/site-types.ts";

/** Issue file stem → the unit its one article is filed under, and a word of its own to find it by. */
const ISSUES: [string, string, string][] = [
  ["2024-01-05", "电解厂", "甲"],
  ["2024-01-06", "电解厂", "乙"],
  ["2024-01-07", "电解厂电解四车间", "丙"],
  ["2024-01-08", "电解厂电解四车间党支部", "丁"],
  ["2024-01-09", "电解厂电解四车间党支部", "戊"],
  ["2024-01-10", "热电分厂", "己"],
  ["2024-01-11", "电解厂工会", "庚"],
];
const piece = (word: string) => `劲旅讯 近日，有关单位召开${word}字号安全生产专题会议，部署冬季安全生产工作，要求各车间落实岗位责任。\n（张三）\n`;

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-subunits-"));
const content = path.join(tmp, "content");
const out = path.join(tmp, "site");
let data: SiteData;

beforeAll(async () => {
  mkdirSync(path.join(content, "jinlv"), { recursive: true });
  writeFileSync(path.join(content, "jinlv/paper.yaml"), "name: 劲旅\n");
  for (const [stem, unit, word] of ISSUES) {
    writeFileSync(path.join(content, `jinlv/${stem}.txt`), piece(word));
    writeFileSync(path.join(content, `jinlv/${stem}.fix.yaml`), `articles:\n  1: { unit: ${unit} }\n`);
  }
  data = buildSiteData(await loadArchive(content, tmp, { cache: null }));
  await buildSite({ contentDir: content, outDir: out, stateDir: path.join(tmp, "state"), log: () => {} });
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const page = (url: string) => readFileSync(path.join(out, ...url.split("/").filter(Boolean), "index.html"), "utf8");
const unit = (name: string) => data.units.find((u) => u.name === name)!;
const section = (html: string, cls: string) => {
  const at = html.indexOf(`<section class="${cls}"`);
  return at < 0 ? "" : html.slice(at, html.indexOf("</section>", at));
};

describe("unitParents", () => {
  it("takes the longest unit whose full name starts the name, never the unit itself, never a one-character name", () => {
    const parents = unitParents(["电解厂", "电解厂电解四车间", "电解厂电解四车间党支部", "热电分厂", "厂", "电解"]);
    expect(parents.get("电解厂电解四车间党支部")).toBe("电解厂电解四车间");
    expect(parents.get("电解厂电解四车间")).toBe("电解厂");
    expect(parents.get("电解厂")).toBe("电解");
    expect(parents.has("热电分厂")).toBe(false);
    expect(parents.has("电解")).toBe(false);
    for (const [child, parent] of parents) expect(child).not.toBe(parent);
  });
});

describe("a unit page with sub-units", () => {
  it("links the parent from each sub-unit, and no unit is its own sub-unit", () => {
    expect(unit("电解厂电解四车间党支部").parent).toBe("电解厂电解四车间");
    expect(unit("电解厂").subunits.sort()).toEqual(["电解厂工会", "电解厂电解四车间"].sort());
    for (const u of data.units) expect(u.subunits).not.toContain(u.name);
    const html = page(unit("电解厂电解四车间党支部").url);
    expect(html).toMatch(new RegExp(`上级单位：<a href="${unit("电解厂电解四车间").url}">电解厂电解四车间</a>`));
    expect(page(unit("热电分厂").url)).not.toContain("上级单位");
    expect(page(unit("热电分厂").url)).not.toContain('class="subunits"');
  });

  it("lists its own articles first, then its sub-units (nested) and their articles in a separate section", () => {
    const html = page(unit("电解厂").url);
    const own = html.slice(0, html.indexOf('<section class="subunits"'));
    const sub = section(html, "subunits");
    expect(sub).not.toBe("");
    // Its own two articles above; the three of its sub-units only in the section.
    for (const w of ["甲", "乙"]) expect(own).toContain(`${w}字号`);
    for (const w of ["丙", "丁", "戊", "庚"]) {
      expect(own).not.toContain(`${w}字号`);
      expect(sub).toContain(`${w}字号`);
    }
    expect(sub).toContain("共 4 篇文章");
    // Each sub-unit linked; the 党支部 under its 车间, not beside it.
    for (const n of ["电解厂电解四车间", "电解厂电解四车间党支部", "电解厂工会"]) expect(sub).toContain(`<a href="${unit(n).url}">${n}</a>`);
    const workshop = sub.indexOf(`>电解厂电解四车间</a>`);
    const nested = sub.indexOf('<ul class="subunit-list">', workshop);
    expect(nested).toBeGreaterThan(workshop);
    expect(sub.indexOf(">电解厂电解四车间党支部</a>")).toBeGreaterThan(nested);
  });
});

describe("the units index", () => {
  it("nests each sub-unit under its parent, and lists every unit once", () => {
    const rows = data.unitsByPaper.find((p) => p.paper === "jinlv")!.units;
    const flat = (list: UnitRow[]): string[] => list.flatMap((r) => [r.name, ...flat(r.subunits)]);
    expect(flat(rows).sort()).toEqual(data.units.map((u) => u.name).sort());
    expect(rows.map((r) => r.name).sort()).toEqual(["热电分厂", "电解厂"].sort());
    const html = page("/units/");
    const li = html.slice(html.indexOf(`>电解厂</a>`), html.indexOf(`>热电分厂</a>`) > html.indexOf(`>电解厂</a>`) ? html.indexOf(`>热电分厂</a>`) : undefined);
    expect(li).toContain('<ul class="subunit-list">');
    expect(li).toContain(">电解厂电解四车间党支部</a>");
  });
});
