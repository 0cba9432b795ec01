/**
 * renderSite's `only`: the demo archive rendered in full, then again with a chosen set of page URLs. The chosen
 * pages must come out byte for byte as in the full render, and nothing else may be written.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { dataFiles, downloadsSummary, feedFiles } from "../../src/site/data-out.ts";
import { FEED_CAP } from "../../src/site/feeds.ts";
import { renderSite, type RenderGlobals } from "../../src/site/render-site.ts";
import { buildReport } from "../../src/site/report.ts";
import { readSiteConfig, resolveSiteAddress } from "../../src/site/site-config.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import type { SiteData } from "../../src/site/site-types.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-render-select-"));
let data: SiteData;
let globals: RenderGlobals;

/** Every page a render wrote, as its site path ("/", "/jinlv/2024-01/01/"). */
function writtenPages(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f === "index.html" || f.endsWith(`${path.sep}index.html`) || f === "404.html")
    .map((f) => (f === "404.html" ? "/404.html" : `/${path.dirname(f).split(path.sep).filter((s) => s !== ".").join("/")}/`.replace(/^\/\/$/, "/")))
    .sort();
}

function pageFile(dir: string, url: string): string {
  return path.join(dir, ...url.split("/").filter(Boolean), "index.html");
}

beforeAll(async () => {
  const archive = await loadArchive("content");
  data = buildSiteData(archive);
  const config = await readSiteConfig("content");
  const root = resolveSiteAddress("https://example.org/", config, "/").root;
  const files = [...dataFiles(archive.issues, data, root), ...feedFiles(data, config, root)];
  globals = {
    siteConfig: { ...config, root, base: root.replace(/\/$/, ""), isDefault: false, feedCap: FEED_CAP },
    downloads: downloadsSummary(files),
    report: buildReport(archive.issues, data),
  };
  await renderSite(data, globals, path.join(tmp, "full"), "/");
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("renderSite with only", () => {
  it("writes exactly the chosen pages, each byte for byte as the full render", async () => {
    const longList = [...data.unitPages, ...data.authorPages, ...data.kindPages].find((p) => p.block > 0);
    const chosen = [
      data.articles[0].url, data.articles.at(-1)!.url, data.issues[1].url, data.papers[0].url, data.yearPages[0].url,
      data.unitPages[0].url, data.authorPages.at(-1)!.url, data.kindPages[0].url, ...(longList ? [longList.url] : []),
      "/", "/units/", "/data/", "/report/",
    ];
    const out = path.join(tmp, "some");
    const written = await renderSite(data, globals, out, "/", true, new Set([...chosen, "/no/such/page/"]));
    expect(written).toBe(new Set(chosen).size);
    expect(writtenPages(out)).toEqual([...new Set(chosen)].sort());
    for (const url of chosen) expect(readFileSync(pageFile(out, url)), url).toEqual(readFileSync(pageFile(path.join(tmp, "full"), url)));
    // The assets come along either way: a page rendered alone still finds its stylesheet.
    expect(readdirSync(path.join(out, "assets"))).toContain("style.css");
  });

  it("with an empty set writes no page, and without `only` writes every page", async () => {
    const out = path.join(tmp, "none");
    expect(await renderSite(data, globals, out, "/", true, new Set())).toBe(0);
    expect(writtenPages(out)).toEqual([]);
    const all = writtenPages(path.join(tmp, "full"));
    const lists = [data.papers, data.issues, data.articles, data.yearPages, data.unitPages, data.authorPages, data.kindPages, data.columnPages];
    for (const list of lists) for (const item of list) expect(all).toContain(item.url);
  });

  it("under a path prefix, a chosen page matches the full prefixed render", async () => {
    const url = data.articles.find((a) => a.sameUnit.length > 0)!.url;
    const full = path.join(tmp, "full-prefix");
    const one = path.join(tmp, "one-prefix");
    await renderSite(data, globals, full, "/archive/");
    expect(await renderSite(data, globals, one, "/archive/", true, new Set([url, "/"]))).toBe(2);
    for (const u of [url, "/"]) expect(readFileSync(pageFile(one, u))).toEqual(readFileSync(pageFile(full, u)));
    expect(readFileSync(pageFile(one, url), "utf8")).toContain('href="/archive/assets/style.css"');
  });

  it("in runs of a few pages (renderSite's batchPages) writes every file byte for byte as one run does", async () => {
    const full = path.join(tmp, "full");
    const runs = path.join(tmp, "runs");
    const all = writtenPages(full);
    // 40 pages a run: the demo's pages take several runs, and runs that mix one-page templates and list items.
    expect(all.length).toBeGreaterThan(3 * 40);
    expect(await renderSite(data, globals, runs, "/", true, undefined, 40)).toBe(all.length);
    const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
    expect(files(runs)).toEqual(files(full));
    for (const f of files(full)) {
      if (!statSync(path.join(full, f)).isDirectory()) expect(readFileSync(path.join(runs, f)), f).toEqual(readFileSync(path.join(full, f)));
    }
  });

  it("with `only` and runs of two pages writes exactly the chosen pages", async () => {
    const chosen = [data.articles[1].url, data.articles[2].url, data.issues[0].url, data.unitPages[0].url, "/", "/report/"];
    const out = path.join(tmp, "some-runs");
    expect(await renderSite(data, globals, out, "/", true, new Set([...chosen, "/no/such/page/"]), 2)).toBe(chosen.length);
    expect(writtenPages(out)).toEqual([...chosen].sort());
    for (const url of chosen) expect(readFileSync(pageFile(out, url)), url).toEqual(readFileSync(pageFile(path.join(tmp, "full"), url)));
  });
});
