/**
 * Runs one measured build in its own process, so the parent can sample this process tree from /proc.
 * Prints `@@mark <stage> <epoch ms>` as each stage ends; the parent reads the marks and cuts its samples there.
 *
 *   tsx bench/stage-child.mts baokan <contentDir> <outDir>   the real build (parse → render → index)
 *   tsx bench/stage-child.mts floor  <contentDir> <outDir>   bare Eleventy + Pagefind on the same articles
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

const [mode, contentDir, outDir] = process.argv.slice(2);
if (!mode || !contentDir || !outDir) throw new Error("usage: stage-child.mts baokan|floor <contentDir> <outDir>");

const mark = (stage: string) => process.stdout.write(`@@mark ${stage} ${Date.now()}\n`);

async function real(): Promise<void> {
  const { buildSite } = await import("../src/site/build-site.ts");
  const { ParseCache } = await import("../src/content/parse-cache.ts");
  mark("start");
  // As `baokan build` runs: a parse cache and a state folder beside the output, so a second build (the bench's
  // add-one-issue run) reuses what did not change. The first build starts with both empty.
  const cache = new ParseCache(`${outDir}.cache`);
  // buildSite logs one line as each phase ends: "[parse] …", "[site] …", "[render] …", "[data] …", "[index] …".
  await buildSite({
    contentDir: contentDir!, outDir: outDir!, cache, stateDir: `${outDir}.state`,
    log: (line) => {
      const m = /^\[(parse|site|render|data|index)\] /.exec(line);
      if (m) mark(m[1]!);
      // The index runs beside rendering; its own wall time is in its line ("… 41.2 s, 3.0 s after the pages").
      const own = /^\[index\] .* ([\d.]+) 秒，页面完成后 [\d.]+ 秒/.exec(line);
      if (own) process.stdout.write(`@@note indexOwnS ${own[1]}\n`);
      process.stdout.write(`${line}\n`);
    },
  });
  mark("end");
}

/** The floor: one plain page per article (headline + paragraphs), lang zh-CN, rendered by Eleventy, indexed by Pagefind. */
async function floor(): Promise<void> {
  const { loadArchive } = await import("../src/content/load-archive.ts");
  const { issues } = await loadArchive(contentDir!);
  const pages = issues.flatMap((i) => i.articles.map((a) => ({ title: a.headline ?? a.body[0]?.slice(0, 20) ?? "", body: a.body })));
  issues.length = 0;
  const work = `${outDir}.floor-src`;
  await mkdir(work, { recursive: true });
  await writeFile(path.join(work, "page.njk"), [
    "---", "pagination:", "  data: pages", "  size: 1", "  alias: p", 'permalink: "/a/{{ pagination.pageNumber }}/"', "---",
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ p.title }}</title></head>',
    "<body><main><h1>{{ p.title }}</h1>{% for para in p.body %}<p>{{ para }}</p>{% endfor %}</main></body></html>", "",
  ].join("\n"));
  // Run from the work folder so Eleventy finds no project config: the floor is Eleventy with its defaults.
  process.chdir(work);
  mark("start");
  const { default: Eleventy } = await import("@11ty/eleventy");
  const elev = new Eleventy(".", path.resolve(outDir!), { quietMode: true, config: (cfg: any) => cfg.addGlobalData("pages", pages) });
  elev.disableLogger();
  await elev.write();
  mark("render");
  const pagefind = await import("pagefind");
  const { index } = await pagefind.createIndex({});
  if (!index) throw new Error("pagefind: no index");
  await index.addDirectory({ path: path.resolve(outDir!) });
  await index.writeFiles({ outputPath: path.join(path.resolve(outDir!), "pagefind") });
  await pagefind.close();
  mark("index");
  mark("end");
}

await (mode === "floor" ? floor() : real());
