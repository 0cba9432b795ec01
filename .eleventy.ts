/**
 * Eleventy config for the baokan site. Thin on purpose: the data is shaped in src/site/site-data.ts and the
 * build is driven by src/site/build-site.ts, which passes the archive in as the `site` global.
 *
 * Run standalone (e.g. to debug templates) with
 *   node --import tsx node_modules/@11ty/eleventy/cmd.cjs --config=.eleventy.ts
 * — then the archive is loaded from content/ here, and there is no Pagefind index (search page stays empty).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EleventyUserConfig } from "@11ty/eleventy";
import { formatDate, formatLines } from "./src/site/site-keys.ts";
import { cacheNunjucksCompiles } from "./src/site/nunjucks-compile-cache.ts";
import { pageLists } from "./src/site/render-site.ts";
import type { SiteData } from "./src/site/site-types.ts";

/** Leaves out null, undefined, "" and [] (a missing field, not an empty one), in objects and arrays alike. */
function pruned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruned).filter((v) => v !== undefined);
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = pruned(v);
    if (p !== undefined && !(Array.isArray(p) && p.length === 0)) out[k] = p;
  }
  return out;
}

/**
 * A value as JSON to put inside <script type="application/ld+json">: < > & and the two JavaScript line separators
 * are written as \u escapes (still the same JSON), so no text in it — "</script>" in a headline — can end the
 * element. The template marks the result `| safe`: it must not be HTML-escaped (a script's text is not).
 */
function jsonScript(value: unknown): string {
  return JSON.stringify(pruned(value) ?? null).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Eleventy resolves paths against the working directory; these are relative to this file. */
function fromCwd(p: string): string {
  return path.relative(process.cwd(), fileURLToPath(new URL(`./${p}`, import.meta.url))) || ".";
}

export default function (eleventyConfig: EleventyUserConfig): void {
  // Input text reaches pages only through {{ }}; autoescape is the default, stated here so nobody turns it off.
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, trimBlocks: true, lstripBlocks: true });
  eleventyConfig.addFilter("fmtDate", (d: string | null) => formatDate(d));
  eleventyConfig.addFilter("fmtLines", (lines: [number, number][] | [number, number]) =>
    formatLines(lines.length > 0 && typeof lines[0] === "number" ? [lines as [number, number]] : (lines as [number, number][])),
  );
  eleventyConfig.addFilter("joinNames", (names: string[] | null) => (names ?? []).join("、"));
  // JSON-LD (article pages): people as schema.org Persons, and the block as script-safe JSON — see jsonScript.
  eleventyConfig.addFilter("ldPersons", (names: string[] | null) => (names ?? []).map((name) => ({ "@type": "Person", name })));
  eleventyConfig.addFilter("jsonScript", jsonScript);
  // Every link in the templates goes through `href`: a site path under the path prefix. buildSite() registers a
  // fast one (site-keys.ts prefixedUrl: Eleventy's `url` filter tries `new URL()` and catches on every call, 5 %
  // of render time at 1,000 articles); a bare Eleventy run falls back to the built-in `url` filter.
  if (!eleventyConfig.getFilter("href")) {
    const builtIn = eleventyConfig.getFilter("url") as (this: unknown, u: string) => string;
    eleventyConfig.addFilter("href", function (this: unknown, u: string) { return builtIn.call(this, u); });
  }
  // One compile per template, not per page (a third of render time at 6,500 pages); see the module.
  cacheNunjucksCompiles(eleventyConfig);
  eleventyConfig.addPassthroughCopy({ [fromCwd("templates/assets")]: "assets" });

  // buildSite() registers `site` and `pages` before this file runs; only a bare CLI run loads the archive itself.
  // `pages` (the paginated templates' lists) is made from `site`: see render-site.ts.
  if (!("site" in eleventyConfig.globalData)) {
    let site: Promise<SiteData> | undefined;
    const load = async (): Promise<SiteData> => {
      const { loadArchive } = await import("./src/content/load-archive.ts");
      const { buildSiteData } = await import("./src/site/site-data.ts");
      const { papers, issues, errors } = await loadArchive("content");
      if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("\n"));
      return buildSiteData({ papers, issues });
    };
    eleventyConfig.addGlobalData("site", () => (site ??= load()));
    eleventyConfig.addGlobalData("pages", async () => pageLists(await (site ??= load())));
  }
}

// No `output` here: a config export beats the constructor's output argument, and buildSite() writes to a temp dir.
// The CLI default (_site) is what a standalone run should use anyway.
export const config = {
  dir: { input: fromCwd("templates"), includes: "_includes" },
  templateFormats: ["njk"],
  htmlTemplateEngine: "njk",
};
