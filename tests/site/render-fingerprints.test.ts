/**
 * Page fingerprints on the demo archive: one per page a full render writes, stable across builds, and
 * conservative — checked against real renders: whenever a page's HTML changes, its fingerprint changes.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { dataFiles, downloadsSummary, feedFiles } from "../../src/site/data-out.ts";
import { FEED_CAP } from "../../src/site/feeds.ts";
import { CHROME_READS, diffFingerprints, pageFingerprints, TEMPLATE_READS } from "../../src/site/page-fingerprints.ts";
import { renderSite, TEMPLATES_DIR, templateInfo, type RenderGlobals } from "../../src/site/render-site.ts";
import { buildReport } from "../../src/site/report.ts";
import { readSiteConfig, resolveSiteAddress, type SiteConfig } from "../../src/site/site-config.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import type { SiteData } from "../../src/site/site-types.ts";
import type { Archive } from "../../src/types.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-fingerprints-"));
let config: SiteConfig;

function globalsFor(archive: Archive, data: SiteData, report: boolean): RenderGlobals {
  const root = resolveSiteAddress("https://example.org/", config, "/").root;
  const files = [...dataFiles(archive.issues, data, root), ...feedFiles(data, config, root)];
  return {
    siteConfig: { ...config, root, base: root.replace(/\/$/, ""), isDefault: false, feedCap: FEED_CAP },
    downloads: downloadsSummary(files),
    report: report ? buildReport(archive.issues, data) : null,
  };
}

function writtenPages(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f === "index.html" || f.endsWith(`${path.sep}index.html`) || f === "404.html")
    .map((f) => (f === "404.html" ? "/404.html" : `/${path.dirname(f).split(path.sep).filter((s) => s !== ".").join("/")}/`.replace(/^\/\/$/, "/")))
    .sort();
}

function html(dir: string, url: string): string {
  return readFileSync(path.join(dir, ...url.split("/").filter(Boolean), url.endsWith("/") ? "index.html" : ""), "utf8");
}

let archive: Archive;
let data: SiteData;
let globals: RenderGlobals;

beforeAll(async () => {
  config = await readSiteConfig("content");
  archive = await loadArchive("content");
  data = buildSiteData(archive);
  globals = globalsFor(archive, data, true);
  await renderSite(data, globals, path.join(tmp, "before"), "/");
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("pageFingerprints", () => {
  it("has one fingerprint for every page a full render writes, and no other", () => {
    const fp = pageFingerprints(data, globals);
    expect([...fp.keys()].sort()).toEqual(writtenPages(path.join(tmp, "before")));
    // Without report data there is no /report/ page, and no fingerprint for one.
    const noReport = pageFingerprints(data, { ...globals, report: null });
    expect(noReport.has("/report/")).toBe(false);
    expect(noReport.size).toBe(fp.size - 1);
  });

  it("is the same for two builds of the same archive", async () => {
    const again = await loadArchive("content");
    const data2 = buildSiteData(again);
    expect(pageFingerprints(data2, globalsFor(again, data2, true))).toEqual(pageFingerprints(data, globals));
  });

  it("changes for every page whose HTML a changed headline changes, and for no unrelated article", async () => {
    // An article that is listed elsewhere (its unit's and author's pages); ASCII added to its headline leaves
    // the Han bigrams related.ts compares unchanged, so which articles list it stays the same.
    const target = data.articles.find((a) => a.unit && a.authors.length > 0 && a.headline && a.sameUnit.length > 0)!;
    const changed = structuredClone(archive);
    const issue = changed.issues.find((i) => data.issues.find((s) => s.url === target.issueUrl)!.file === i.file)!;
    const rec = issue.articles.find((a) => a.index === target.index)!;
    rec.headline = `${rec.headline} v2`;
    const data2 = buildSiteData(changed);
    const globals2 = globalsFor(changed, data2, true);
    await renderSite(data2, globals2, path.join(tmp, "after"), "/");

    const before = pageFingerprints(data, globals);
    const after = pageFingerprints(data2, globals2);
    const { changed: fpChanged, removed } = diffFingerprints(before, after);
    expect(removed.size).toBe(0);
    const htmlChanged = writtenPages(path.join(tmp, "after")).filter((u) => html(path.join(tmp, "before"), u) !== html(path.join(tmp, "after"), u));
    // Conservative: no page shows something new under an old fingerprint.
    for (const url of htmlChanged) expect(fpChanged.has(url), url).toBe(true);
    // The article, its issue's table of contents, and its unit's and author's lists all show the headline.
    const unitPage = data.unitPages.find((p) => p.items.some((i) => i.url === target.url))!;
    const authorPage = data.authorPages.find((p) => p.items.some((i) => i.url === target.url))!;
    for (const url of [target.url, target.issueUrl, unitPage.url, authorPage.url]) {
      expect(htmlChanged, url).toContain(url);
      expect(fpChanged.has(url), url).toBe(true);
    }
    // Article pages: the fingerprint changes exactly when the HTML does, and only where the article is shown.
    const listsTarget = (a: SiteData["articles"][number]) =>
      a.url === target.url || [...a.sameUnit, ...a.related, ...(a.prev ? [a.prev] : []), ...(a.next ? [a.next] : [])].some((x) => x.url === target.url);
    const unrelated = data2.articles.filter((a) => !listsTarget(a));
    expect(unrelated.length).toBeGreaterThan(data2.articles.length / 2);
    for (const a of unrelated) expect(fpChanged.has(a.url), a.url).toBe(false);
    for (const a of data2.articles) expect(fpChanged.has(a.url), a.url).toBe(htmlChanged.includes(a.url));
  });

  it("changes every page when the chrome, the path prefix or the shared layout changes", () => {
    const fp = pageFingerprints(data, globals);
    const retitled = pageFingerprints(data, { ...globals, siteConfig: { ...globals.siteConfig, title: "另一个档案" } });
    const prefixed = pageFingerprints(data, globals, { pathPrefix: "/archive/" });
    for (const other of [retitled, prefixed]) expect(diffFingerprints(fp, other).changed.size).toBe(fp.size);

    const dir = path.join(tmp, "templates");
    cpSync(TEMPLATES_DIR, dir, { recursive: true });
    writeFileSync(path.join(dir, "index.njk"), `${readFileSync(path.join(dir, "index.njk"), "utf8")}\n<p>x</p>\n`);
    expect([...diffFingerprints(fp, pageFingerprints(data, globals, { templatesDir: dir })).changed]).toEqual(["/"]);
    const base = path.join(dir, "_includes", "base.njk");
    writeFileSync(base, readFileSync(base, "utf8").replace("</footer>", "<p>x</p></footer>"));
    expect(diffFingerprints(fp, pageFingerprints(data, globals, { templatesDir: dir })).changed.size).toBe(fp.size);
  });
});

/**
 * The audit behind TEMPLATE_READS: every global a template names inside {{ }} or {% %} (site.*, siteConfig,
 * downloads, report, Eleventy's page/pagination/collections/eleventy) must be covered by what page-fingerprints.ts
 * hashes for that template — or a template could show something its fingerprint ignores.
 */
const ROOTS = /(?<![\w.])(site|siteConfig|downloads|report|pages|page|pagination|collections|eleventy)\b((?:\.\w+)*)/g;

function globalRefs(src: string): string[] {
  const refs = new Set<string>();
  for (const m of src.matchAll(/\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g)) {
    const code = (m[1] ?? m[2]).replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
    for (const r of code.matchAll(ROOTS)) refs.add(r[1] + r[2]);
  }
  return [...refs];
}

/** page.url is the fingerprint's key; everything else must be a listed read or lie under one. */
function uncovered(refs: string[], reads: readonly string[]): string[] {
  return refs.filter((r) => !["page.url", ...reads].some((d) => r === d || r.startsWith(`${d}.`)));
}

describe("the template audit", () => {
  it("finds the globals a template names (the scanner itself)", () => {
    const src = `{% if x %}{{ site.totals.units }}{{ siteConfig.title }}{% endif %} site.papers in text {{ "site.kinds" }}{% for p in collections.all %}{{ page.date }}{% endfor %}`;
    expect(globalRefs(src).sort()).toEqual(["collections.all", "page.date", "site.totals.units", "siteConfig.title"]);
    expect(uncovered(globalRefs(src), ["site.totals"])).toEqual(["siteConfig.title", "collections.all", "page.date"]);
  });

  it("lists every page template, and every global each one (and the shared includes) reads", () => {
    const templates = templateInfo();
    expect(Object.keys(TEMPLATE_READS).sort()).toEqual(templates.map((t) => t.file).sort());
    for (const t of templates) {
      const refs = globalRefs(readFileSync(path.join(TEMPLATES_DIR, t.file), "utf8"));
      expect(uncovered(refs, [...CHROME_READS, ...TEMPLATE_READS[t.file]]), t.file).toEqual([]);
    }
    const includes = path.join(TEMPLATES_DIR, "_includes");
    for (const f of readdirSync(includes)) {
      expect(uncovered(globalRefs(readFileSync(path.join(includes, f), "utf8")), CHROME_READS), f).toEqual([]);
    }
  });
});
