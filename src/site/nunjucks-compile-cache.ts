/**
 * Compile each Nunjucks template once per build instead of once per page.
 *
 * Eleventy 3.1's Nunjucks engine declares itself not cacheable, so for a paginated template it makes a new
 * `nunjucks.Template` — and lexes, parses and compiles the whole template body — for every page it renders, and
 * the same again for the `permalink: "{{ article.url }}"` string. On the 3,000-issue synthetic archive (6,500
 * pages) that was over a third of render CPU: nunjucks' transformer, lexer and compiler at the top of the profile.
 * `extends`/`import`ed files were never the problem: Nunjucks' own loader caches those.
 *
 * The cure is Eleventy's documented way to override a built-in template language (`addExtension("njk", …)`): the
 * same Nunjucks environment (with every filter and option .eleventy.ts set) and the same `Template` constructor
 * call as Eleventy's engine makes, kept in a Map keyed on the input path and the source text, so the output is
 * byte for byte what the stock engine writes. The Map belongs to one Eleventy instance (one config run), or to one
 * renderSite call (withSharedCompiles), so a long-running `baokan serve` reads changed templates afresh on the
 * next build.
 */
import type { EleventyUserConfig } from "@11ty/eleventy";

/** The part of Eleventy's config API used here; eleventy.d.ts covers what .eleventy.ts itself calls. */
interface ExtensionConfig {
  on(event: "eleventy.engine.njk", listener: (e: { nunjucks: NunjucksLib; environment: unknown }) => void): void;
  addExtension(extension: string, options: Record<string, unknown>): void;
}

interface NunjucksTemplate {
  render(data: unknown, callback: (err: Error | null, out: string) => void): void;
}

interface NunjucksLib {
  Template: new (src: string, env: unknown, path: string | null, eagerCompile: boolean) => NunjucksTemplate;
}

type Render = (data: unknown) => Promise<string>;

/** What Eleventy's Nunjucks engine treats as template syntax (Nunjucks.needsCompilation): anything else is a literal. */
function hasTags(str: string): boolean {
  return str.includes("{%") || str.includes("{{") || str.includes("{#");
}

let shared: Map<string, NunjucksTemplate> | null = null;

/**
 * While `work` runs, every Eleventy run shares one Map, so a render in several runs (render-site.ts RENDER_BATCH)
 * compiles each template once, and — what matters more — runs the same compiled functions, which V8 has already
 * optimised: with a fresh Map per run each run started the template code cold again, 10k articles in 5 runs took
 * 20.0 user CPU-s against 15.9 shared (14.6 in one run). A shared Template keeps the Nunjucks environment of the run
 * that compiled it (its filters and loader); within one renderSite call every run is configured alike, and the
 * output is byte for byte the one-run output (tests/site/render-select.test.ts).
 */
export async function withSharedCompiles<T>(work: () => Promise<T>): Promise<T> {
  shared = new Map();
  try {
    return await work();
  } finally {
    shared = null;
  }
}

export function cacheNunjucksCompiles(eleventyConfig: EleventyUserConfig): void {
  const config = eleventyConfig as unknown as ExtensionConfig;
  // Eleventy makes its Nunjucks environment when it first needs the engine and announces it with this event,
  // before any template is compiled.
  let lib: NunjucksLib | null = null;
  let env: unknown = null;
  config.on("eleventy.engine.njk", (e) => {
    lib = e.nunjucks;
    env = e.environment;
  });

  const compiled = shared ?? new Map<string, NunjucksTemplate>();
  function compile(str: string, inputPath: string | undefined): Render {
    if (!lib) throw new Error("nunjucks-compile-cache: Eleventy compiled a template before it made its Nunjucks environment");
    const key = `${inputPath ?? ""}\u0000${str}`;
    let tmpl = compiled.get(key);
    if (!tmpl) {
      // Exactly Eleventy's Nunjucks.compile(): no path for strings that are not files (permalinks get the template's path).
      const path = !inputPath || inputPath === "njk" || inputPath === "md" ? null : inputPath;
      tmpl = new lib.Template(str, env, path, false);
      compiled.set(key, tmpl);
    }
    const t = tmpl;
    return (data) => new Promise((resolve, reject) => t.render(data, (err, out) => (err ? reject(err) : resolve(out))));
  }

  config.addExtension("njk", {
    compileOptions: {
      // Eleventy's own compile cache is process-wide; the Map above is enough and dies with the build.
      cache: false,
      // The stock engine renders a permalink string as a template when it has template syntax, else uses it as is.
      permalink: (str: unknown, inputPath: string) => (typeof str === "string" && hasTags(str) ? compile(str, inputPath) : () => str),
    },
    compile: (str: string, inputPath: string) => compile(str, inputPath),
  });
}
