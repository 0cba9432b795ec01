/**
 * A fingerprint for every page a full render writes: its URL → a hash of everything the page shows. An
 * incremental build compares these with the last build's and renders only the pages whose fingerprint changed
 * (renderSite's `only`), deletes the pages that are gone, and keeps the rest as they are on disk.
 *
 * Conservative by construction: a page's hash covers
 *   - the renderer: Eleventy's and Nunjucks' versions, the path prefix, the shared template files (_includes/)
 *     and the code behind the filters (.eleventy.ts, site-keys.ts, render code), and the page's own template file;
 *   - the chrome every page has (base.njk): `siteConfig` and the footer's totals (papers, issues, articles) — so
 *     adding an issue changes every page's fingerprint while the footer prints those totals;
 *   - a paginated page's whole item (the article, issue, paper, year page or list page it is made from);
 *   - a one-page template's reads of `site` and the other globals, as listed in TEMPLATE_READS.
 * TEMPLATE_READS and CHROME_READS are an audit of templates/ by hand; tests/site/render-fingerprints.test.ts scans
 * every template for the globals it names and fails when one is not listed here.
 */
import { createHash, type Hash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SiteData } from "./site-types.ts";
import { templateInfo, TEMPLATES_DIR, type RenderGlobals } from "./render-site.ts";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What base.njk (the layout of every page) reads besides the page's own item and `page.url`. */
export const CHROME_READS = ["siteConfig"] as const;

/**
 * Per page template, what it reads from `site` and the other globals beyond its own item (a paginated template's
 * `pages.*` item is always hashed whole). A template missing here is an error, so a new one cannot slip past.
 */
export const TEMPLATE_READS: Readonly<Record<string, readonly string[]>> = {
  "article.njk": [],
  "retired.njk": [],
  "issue.njk": [],
  "paper.njk": [],
  "year.njk": [],
  "unit.njk": [],
  "author.njk": [],
  "kind.njk": [],
  "column.njk": [],
  "index.njk": ["site.totals", "site.dates.years", "site.kinds", "site.papers"],
  "authors.njk": ["site.totals.authors", "site.authorsByPaper"],
  "units.njk": ["site.totals.units", "site.unitsByPaper"],
  "dates.njk": ["site.dates"],
  "kinds.njk": ["site.kinds", "site.columns"],
  "columns.njk": ["site.totals.columns", "site.columns"],
  "data.njk": ["site.totals.articles", "site.totals.issues", "site.papers", "downloads", "siteConfig"],
  "search.njk": [],
  "report.njk": ["report", "siteConfig"],
  "404.njk": [],
  "about.njk": ["site.totals", "site.papers"],
};

/** Source files whose change can change any page: the render code and the filters templates call. */
const RENDER_CODE = [".eleventy.ts", "src/site/render-site.ts", "src/site/nunjucks-compile-cache.ts", "src/site/site-keys.ts"];

export interface FingerprintOptions {
  /** The render's path prefix (every link carries it). Default "/". */
  pathPrefix?: string;
  /** For tests: another templates folder. */
  templatesDir?: string;
}

/** Looks up "site.totals.units" in { site, siteConfig, downloads, report }. */
function resolve(scope: Record<string, unknown>, dotted: string): unknown {
  let v: unknown = scope;
  for (const key of dotted.split(".")) v = v == null ? undefined : (v as Record<string, unknown>)[key];
  return v;
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? "undefined";
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

/**
 * A running hash that tells its parts apart ("ab"+"c" ≠ "a"+"bc"). The text goes in as its UTF-16 code units: for
 * Chinese text that is a copy where UTF-8 is a transcoding (hashing the 30k archive's pages 0.47 → 0.35 s), and a
 * lone surrogate cannot collide with U+FFFD.
 */
function part(h: Hash, text: string): Hash {
  return h.update(`${text.length}:`).update(text, "utf16le");
}

/**
 * An article summary is one object per article, shared by every page that lists or links the article
 * (site-data.ts): its digest, hashed once, stands for it in the items hashed below (`#…`, which no JSON string
 * can be). At 37,682 articles the items' JSON was 184 M characters, 83 M of them summaries.
 */
function summaryDigests(data: SiteData): Map<object, string> {
  const known = new Map<object, string>();
  for (const issue of data.issues) for (const s of issue.toc) known.set(s, `#${createHash("sha1").update(json(s)).digest("base64")}`);
  return known;
}

/** The item as hashed: a shallow copy with each known object, alone or in an array, as its digest. */
function hashed(item: object, known: ReadonlyMap<object, string>): object {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (Array.isArray(v)) out[k] = v.length > 0 && known.has(v[0] as object) ? v.map((e) => known.get(e as object) ?? e) : v;
    else out[k] = (v !== null && typeof v === "object" && known.get(v)) || v;
  }
  return out;
}

export function pageFingerprints(data: SiteData, globals: RenderGlobals, options: FingerprintOptions = {}): Map<string, string> {
  const dir = options.templatesDir ?? TEMPLATES_DIR;
  const scope: Record<string, unknown> = { site: data, ...globals };

  const shared = createHash("sha1");
  part(shared, `eleventy ${packageVersion("@11ty/eleventy")} nunjucks ${packageVersion("nunjucks")} prefix ${options.pathPrefix ?? "/"}`);
  const includes = path.join(dir, "_includes");
  for (const f of readdirSync(includes).sort()) part(part(shared, f), readFileSync(path.join(includes, f), "utf8"));
  for (const f of RENDER_CODE) part(part(shared, f), readFileSync(path.join(PROJECT_ROOT, f), "utf8"));
  for (const r of CHROME_READS) part(part(shared, r), json(resolve(scope, r)));
  const sharedDigest = shared.digest("hex");

  const known = summaryDigests(data);
  const out = new Map<string, string>();
  for (const t of templateInfo(dir)) {
    if (t.file === "report.njk" && !globals.report) continue; // renderSite leaves it out too
    const reads = TEMPLATE_READS[t.file];
    if (!reads) throw new Error(`templates/${t.file}: page-fingerprints.ts does not know what this template reads (add it to TEMPLATE_READS)`);
    const th = part(createHash("sha1").update(sharedDigest), readFileSync(path.join(dir, t.file), "utf8"));
    for (const r of reads) part(part(th, r), json(resolve(scope, r)));
    const templateDigest = th.digest("hex");
    if (t.list) {
      for (const item of data[t.list] as readonly { url: string }[]) {
        out.set(item.url, part(part(createHash("sha1").update(templateDigest), item.url), json(hashed(item, known))).digest("hex"));
      }
    } else {
      out.set(t.url!, part(createHash("sha1").update(templateDigest), t.url!).digest("hex"));
    }
  }
  return out;
}

/** What an incremental build does with two fingerprint maps: render `changed` (new or different), delete `removed`. */
export function diffFingerprints(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): { changed: Set<string>; removed: Set<string> } {
  const changed = new Set<string>();
  for (const [url, h] of after) if (before.get(url) !== h) changed.add(url);
  const removed = new Set<string>();
  for (const url of before.keys()) if (!after.has(url)) removed.add(url);
  return { changed, removed };
}
