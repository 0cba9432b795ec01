/**
 * The render phase: the site data through the Nunjucks templates in templates/, by Eleventy's programmatic API.
 *
 * Templates see `site` (all page data, site-types.ts), `pages` (the lists the paginated templates page through,
 * one page per item: `pagination: { data: pages.articles }`), `siteConfig`, `downloads` and, with a report,
 * `report`. `pages` is `site`'s own lists for a full render; with `only` it holds just the selected items, so an
 * incremental build renders the pages whose fingerprint changed (page-fingerprints.ts) and nothing else.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import type { SiteData } from "./site-types.ts";
import type { ReportData } from "./report.ts";
import type { SiteConfigGlobal } from "./build-site.ts";
import { prefixedUrl } from "./site-keys.ts";
import { withHeapGrowth } from "./heap-growth.ts";
import { withSharedCompiles } from "./nunjucks-compile-cache.ts";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const TEMPLATES_DIR = path.join(PROJECT_ROOT, "templates");

let tsxRegistered = false;

/** Eleventy loads .eleventy.ts with a plain import(); outside a tsx process (vitest, plain node) that needs tsx's hooks. */
async function ensureTsLoader(): Promise<void> {
  if (tsxRegistered) return;
  const { register } = await import("tsx/esm/api");
  register();
  tsxRegistered = true;
}

export interface RenderGlobals {
  siteConfig: SiteConfigGlobal;
  downloads: Record<string, { bytes: number; size: string }>;
  /** The parse-quality report, or null: then templates/report.njk is not rendered. */
  report: ReportData | null;
}

/** The site data lists that have a page per item; each item has its page's `url`. */
export const PAGED_LISTS = ["papers", "issues", "articles", "retiredArticles", "yearPages", "unitPages", "authorPages", "kindPages", "columnPages"] as const;
export type PagedList = (typeof PAGED_LISTS)[number];
export type PageLists = { readonly [K in PagedList]: SiteData[K] };

/** The `pages` global: every list as it is, or with `only` just the items whose URL is in it. */
export function pageLists(data: SiteData, only?: ReadonlySet<string>): PageLists {
  const lists = {} as { [K in PagedList]: SiteData[K] };
  for (const name of PAGED_LISTS) {
    const list = data[name] as { url: string }[];
    (lists as Record<string, unknown>)[name] = only ? Object.freeze(list.filter((item) => only.has(item.url))) : list;
  }
  // Frozen data is shared, not copied, by Eleventy's data merge (build-site.ts freezes `site` for the same reason).
  return Object.freeze(lists);
}

/** One template in templates/ as its front matter describes it. */
export interface TemplateInfo {
  /** File name in templates/: "article.njk". */
  file: string;
  /** The `pages.*` list a paginated template pages through ("articles"), or null for a one-page template. */
  list: PagedList | null;
  /** A one-page template's URL ("/units/"); null for a paginated one. */
  url: string | null;
}

/** The page templates (not _includes/) and what each renders, from their front matter. */
export function templateInfo(dir = TEMPLATES_DIR): TemplateInfo[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".njk"))
    .sort()
    .map((file) => {
      const src = readFileSync(path.join(dir, file), "utf8");
      const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(src);
      const front = (fm ? parseYaml(fm[1]) : {}) as { pagination?: { data?: string }; permalink?: unknown };
      const paged = front.pagination?.data;
      if (paged !== undefined) {
        const name = /^pages\.(\w+)$/.exec(paged)?.[1];
        if (!name || !(PAGED_LISTS as readonly string[]).includes(name)) throw new Error(`templates/${file}: pagination data must be one of pages.${PAGED_LISTS.join(", pages.")} (is ${paged})`);
        return { file, list: name as PagedList, url: null };
      }
      if (typeof front.permalink !== "string" || front.permalink.includes("{")) throw new Error(`templates/${file}: a one-page template needs a fixed permalink`);
      return { file, list: null, url: front.permalink };
    });
}

/**
 * Pages per Eleventy run. Eleventy keeps every page of a run in memory until the run ends — its data, its body
 * (templateContent) and its final HTML (the write results) — about 25 KB of heap a page on the synthetic
 * archives: at 30,000 articles (48,096 pages) one run took the heap from 260 MB to 1.5 GB. In runs of this many
 * pages each run's pages are garbage once it ends (~100 MB of them a run at 30,000), and with heap-growth.ts the
 * heap stays near twice the site data. A run costs 0.05–0.25 s to set up (config, data cascade, template compiles):
 * the render's CPU time was the same in one run and in 13 (41 CPU-s at 30,000 articles, render only).
 */
export const RENDER_BATCH = 4000;

/** The report page is rendered only with report data. */
function leftOut(t: TemplateInfo, globals: RenderGlobals): boolean {
  return t.file === "report.njk" && !globals.report;
}

/** Every page's site path in render order: the one-page templates, then each paged list's items. */
function pageUrls(data: SiteData, templates: TemplateInfo[], globals: RenderGlobals): string[] {
  const urls = templates.filter((t) => t.url !== null && !leftOut(t, globals)).map((t) => t.url!);
  for (const name of PAGED_LISTS) for (const item of data[name] as { url: string }[]) urls.push(item.url);
  return urls;
}

/**
 * Renders the site into outDir and resolves to the number of pages written.
 *
 * `only`: site paths as in the data ("/jinlv/2024-01-05/03/", "/units/"); when given, just those pages are
 * rendered (each byte for byte as a full render writes it) and URLs that are no page are ignored. The assets are
 * copied either way.
 *
 * More than `batchPages` pages are rendered in several Eleventy runs of at most that many (RENDER_BATCH says why);
 * a page does not depend on which others share its run (`only` already relies on that), so the output is the same.
 */
export async function renderSite(
  data: SiteData, globals: RenderGlobals, outDir: string, pathPrefix: string, templateCache = true, only?: ReadonlySet<string>,
  batchPages = RENDER_BATCH,
): Promise<number> {
  const templates = templateInfo();
  const urls = pageUrls(data, templates, globals);
  const selected = only ? urls.filter((u) => only.has(u)) : urls;
  if (selected.length <= batchPages) return renderRun(data, globals, outDir, pathPrefix, templateCache, templates, only);
  // Between runs the heap holds the site data and the last run's garbage; see heap-growth.ts.
  return withHeapGrowth(50, () => withSharedCompiles(async () => {
    let written = 0;
    for (let i = 0; i < selected.length; i += batchPages) {
      written += await renderRun(data, globals, outDir, pathPrefix, templateCache, templates, new Set(selected.slice(i, i + batchPages)));
    }
    return written;
  }));
}

/** One Eleventy run over `templates`: every page, or with `only` the selected ones. */
async function renderRun(
  data: SiteData, globals: RenderGlobals, outDir: string, pathPrefix: string, templateCache: boolean, templates: TemplateInfo[],
  only?: ReadonlySet<string>,
): Promise<number> {
  await ensureTsLoader();
  const { default: Eleventy } = await import("@11ty/eleventy");
  // Eleventy resolves its input and config against the working directory, so hand it paths relative to it.
  const rel = (p: string) => path.relative(process.cwd(), path.join(PROJECT_ROOT, p)) || ".";
  const pages = pageLists(data, only);
  // Templates left out: the report without report data, and with `only` every template with no selected page.
  const skip = templates.filter((t) =>
    leftOut(t, globals) || (only !== undefined && (t.list ? pages[t.list].length === 0 : !only.has(t.url!))));
  const elev = new Eleventy(rel("templates"), outDir, {
    configPath: rel(".eleventy.ts"),
    quietMode: true,
    ...(pathPrefix !== "/" ? { pathPrefix } : {}),
    config: (cfg) => {
      // Eleventy's "Benchmark … url Nunjucks Filter" warnings ignore quietMode (the group is made before it is
      // read); they are timing notes, not problems, and would land in every editor's build log. Guarded: internal API.
      (cfg as { benchmarks?: { config?: { setIsVerbose?(v: boolean): void } } }).benchmarks?.config?.setIsVerbose?.(false);
      // Not in eleventy.d.ts (src/site/eleventy.d.ts covers what .eleventy.ts calls); guarded like the line above.
      if (!templateCache) (cfg as { setUseTemplateCache?(use: boolean): void }).setUseTemplateCache?.(false);
      // Templates link with `href` (see .eleventy.ts): the prefix join without the built-in `url` filter's cost.
      cfg.addFilter("href", prefixedUrl(pathPrefix));
      cfg.addGlobalData("site", data);
      cfg.addGlobalData("pages", pages);
      // Optional extras: templates must still render without them (a bare `eleventy` run from .eleventy.ts).
      cfg.addGlobalData("siteConfig", globals.siteConfig);
      cfg.addGlobalData("downloads", globals.downloads);
      if (globals.report) cfg.addGlobalData("report", globals.report);
      // Guarded like the lines above: `ignores` is not in eleventy.d.ts.
      for (const t of skip) (cfg as { ignores?: Set<string> }).ignores?.add(rel(`templates/${t.file}`));
    },
  });
  elev.disableLogger();
  const [, written] = await elev.write();
  return written.filter((t) => t.outputPath).length;
}
