/**
 * `baokan serve` as a process on a temp copy of the demo archive: it builds and serves, a saved change to one raw
 * file re-parses that file only and the page changes, a new .fix.yaml re-parses nothing, a bad file keeps the old
 * site and prints its error, and an event-stream client hears of every successful build. The rebuild scheduler
 * (debounce, one build at a time, one more queued) is tested on its own with a fake build.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { rebuildScheduler } from "../../src/site/dev-server-schedule.ts";
import { buildSiteData } from "../../src/site/site-data.ts";
import { baokan, BIN, project, ROOT } from "./helpers.ts";

const MARK = "编者试改";
const HEADLINE = "编者改定的标题";

/** A running `baokan serve`, its output as lines, and a way to wait for a line. */
class ServeProcess {
  readonly out: string[] = [];
  readonly err: string[] = [];
  readonly child: ChildProcess;
  private listeners: (() => void)[] = [];

  constructor(cwd: string, args: string[]) {
    this.child = spawn(process.execPath, [BIN, "serve", ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    const collect = (into: string[]) => {
      let rest = "";
      return (chunk: Buffer) => {
        const lines = (rest + chunk.toString("utf8")).split("\n");
        rest = lines.pop()!;
        into.push(...lines);
        for (const l of this.listeners) l();
      };
    };
    this.child.stdout!.on("data", collect(this.out));
    this.child.stderr!.on("data", collect(this.err));
  }

  get all(): string[] {
    return [...this.out, ...this.err];
  }

  /** The first line of stdout or stderr, from line `after` of that stream on, that matches. */
  waitFor(pattern: RegExp, { stream = "out", after = 0, ms = 60_000 }: { stream?: "out" | "err"; after?: number; ms?: number } = {}): Promise<string> {
    const lines = stream === "out" ? this.out : this.err;
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = lines.slice(after).find((l) => pattern.test(l));
        if (hit === undefined) return false;
        this.listeners = this.listeners.filter((l) => l !== listener);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const listener = () => { check(); };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`no line matching ${pattern} within ${ms} ms; output:\n${this.all.join("\n")}`));
      }, ms);
      if (!check()) this.listeners.push(listener);
    });
  }

  stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((done) => {
      this.child.once("exit", (code) => done(code));
      this.child.kill("SIGTERM");
    });
  }
}

/** An article and a run of its text that occurs once in its raw file, on one line: where a marker can be put. */
function editableSpot(issues: Awaited<ReturnType<typeof loadArchive>>["issues"], projectDir: string) {
  for (const issue of issues) {
    // Records name files relative to the project they were loaded from: resolve against it, never the cwd.
    const file = path.resolve(projectDir, issue.file);
    if (!file.startsWith(`${projectDir}${path.sep}`)) throw new Error(`${file} is outside the temp project`);
    const raw = readFileSync(file, "utf8");
    for (const a of issue.articles) {
      for (const para of a.body) {
        const chars = Array.from(para);
        for (let i = 0; i + 8 <= chars.length; i += 4) {
          const run = chars.slice(i, i + 8).join("");
          if (!/^\p{Script=Han}+$/u.test(run)) continue;
          if (raw.split(run).length !== 2) continue;
          return { issue, article: a, file, run };
        }
      }
    }
  }
  throw new Error("no article with a unique run of Chinese text in the demo archive");
}

const p = project();
let proc: ServeProcess;
let base: string;
let data: ReturnType<typeof buildSiteData>;
let spot: ReturnType<typeof editableSpot>;
const events: string[] = [];
const sse = new AbortController();

beforeAll(async () => {
  cpSync(path.join(ROOT, "content"), p.content, { recursive: true });
  const archive = await loadArchive(p.content, p.dir);
  data = buildSiteData(archive);
  spot = editableSpot(archive.issues, p.dir);
  proc = new ServeProcess(p.dir, ["--port", "0", "--out", "site"]);
  const line = await proc.waitFor(/^serving .* at http:\/\/127\.0\.0\.1:\d+\/$/, { ms: 120_000 });
  base = line.replace(/^.* at /, "");
  // An event-stream client, as the reload script is: it records every chunk it gets.
  void fetch(new URL("__baokan/events", base), { signal: sse.signal }).then(async (res) => {
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      events.push(dec.decode(value, { stream: true }));
    }
  }).catch(() => {});
}, 180_000);

afterAll(async () => {
  sse.abort();
  await proc?.stop();
  p.cleanup();
});

const page = async (url: string) => {
  const res = await fetch(new URL(url.replace(/^\//, ""), base));
  return { status: res.status, html: await res.text() };
};
const buildIds = () => [...events.join("").matchAll(/event: build\ndata: (\S+)/g)].map((m) => m[1]!);
const urlOf = (file: string, index: number) => data.articles.find((a) => a.sourceFile === file && a.index === index)!.url;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/**
 * The `[rebuild]` line, printed from now on, of the rebuild that saw `file` change. (Other helpers may edit the
 * project's templates meanwhile, which `serve` watches too: their rebuilds are not the one this waits for.)
 */
const rebuildAfter = (file: string) => proc.waitFor(new RegExp(`^\\[rebuild\\] .* after (.*, )?${escape(file)}(,| \\(|$)`), { after: proc.out.length });

describe("baokan serve", () => {
  it("builds first, parsing every file, and serves the site with the reload script added to pages only as they are sent", async () => {
    const first = proc.out.find((l) => l.startsWith("[build] "))!;
    expect(first).toMatch(new RegExp(`parsed ${data.issues.length} of ${data.issues.length}`));
    expect(first).toMatch(/parse \d+\.\d s, page data \d+\.\d s, render \d+\.\d s, data \d+\.\d s, index \d+\.\d s/);
    const home = await page("/");
    expect(home.status).toBe(200);
    expect(home.html).toMatch(/<script src="\/__baokan\/reload\.js" data-build="[^"]+" defer><\/script><\/head>/i);
    // The file on disk has no trace of it: the build output is the same as `baokan build`'s.
    expect(readFileSync(path.join(p.dir, "site/index.html"), "utf8")).not.toContain("__baokan");
    const script = await fetch(new URL("__baokan/reload.js", base));
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(await script.text()).toContain("EventSource");
    expect((await fetch(new URL("__baokan/nothing", base))).status).toBe(404);
    expect(buildIds().at(-1)).toBe(/data-build="([^"]+)"/.exec(home.html)![1]);
  });

  it("re-parses only the raw file that changed, and the page shows the change", async () => {
    const url = urlOf(spot.issue.file, spot.article.index);
    const before = await page(url);
    expect(before.status).toBe(200);
    expect(before.html).toContain(spot.run);
    expect(before.html).not.toContain(MARK);
    const waiting = rebuildAfter(spot.issue.file);
    const raw = readFileSync(spot.file, "utf8");
    writeFileSync(spot.file, raw.replace(spot.run, `${spot.run}${MARK}`));
    const line = await waiting;
    expect(line).toMatch(new RegExp(`^\\[rebuild\\] re-parsed 1 of ${data.issues.length}: ${spot.issue.file} · `));
    const after = await page(url);
    expect(after.html).toContain(`${spot.run}${MARK}`);
    // The page carries the new build's id, and the event stream announced it.
    const id = /data-build="([^"]+)"/.exec(after.html)![1]!;
    await expect.poll(buildIds, { timeout: 5000 }).toContain(id);
    expect(new Set(buildIds()).size).toBe(buildIds().length);
  });

  it("a new corrections file changes the page and re-parses nothing", async () => {
    const other = data.issues.find((i) => i.file !== spot.issue.file && !data.articles.some((a) => a.sourceFile === i.file && a.headline === HEADLINE))!;
    const url = urlOf(other.file, 1);
    expect((await page(url)).html).not.toContain(HEADLINE);
    const fix = other.file.replace(/\.txt$/, ".fix.yaml");
    const waiting = rebuildAfter(fix);
    writeFileSync(path.resolve(p.dir, fix), `articles:\n  1:\n    headline: ${HEADLINE}\n`);
    expect(await waiting).toMatch(new RegExp(`^\\[rebuild\\] re-parsed none of ${data.issues.length} · `));
    expect((await page(url)).html).toContain(`<h1`);
    expect((await page(url)).html).toContain(HEADLINE);
  });

  it("a bad file prints its one-line error and the previous site stays served; fixing it rebuilds", async () => {
    const url = urlOf(spot.issue.file, spot.article.index);
    const bad = path.join(path.dirname(spot.file), "2024-02-30.txt");
    const ids = buildIds().length;
    const failed = proc.waitFor(/^\[rebuild\] failed after \d+\.\d s; still serving the previous site:$/, { stream: "err", after: proc.err.length });
    writeFileSync(bad, "");
    await failed;
    const rel = path.relative(p.dir, bad);
    const msg = await proc.waitFor(new RegExp(`^baokan: ${escape(rel)}: `), { stream: "err" });
    expect(msg).not.toContain("\n");
    expect(msg).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    const still = await page(url);
    expect(still.status).toBe(200);
    expect(still.html).toContain(`${spot.run}${MARK}`);
    await expect.poll(() => events.join(""), { timeout: 5000 }).toMatch(/event: failed\ndata: .*2024-02-30\.txt/);

    const waiting = rebuildAfter(rel);
    rmSync(bad);
    expect(await waiting).toMatch(/^\[rebuild\] re-parsed none of /);
    await expect.poll(() => buildIds().length, { timeout: 5000 }).toBeGreaterThan(ids);
  });

  it("stops on SIGTERM with exit status 0", async () => {
    expect(await proc.stop()).toBe(0);
  });
});

describe("baokan serve --no-watch", () => {
  it("exits 1 with the file's error when the first build fails and there is no earlier site", () => {
    const q = project({ "content/demo/paper.yaml": "name: 演示报\n", "content/demo/2024-01-05.txt": "" });
    try {
      const r = baokan(q.dir, "serve", "--no-watch", "--port", "0", "--out", "site");
      expect(r.status).toBe(1);
      expect(r.err).toMatch(/content\/demo\/2024-01-05\.txt: .*empty/);
      expect(r.err).toContain("no earlier site");
    } finally {
      q.cleanup();
    }
  });
});

describe("rebuildScheduler", () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("turns a burst of changes into one build with every file", async () => {
    const runs: string[][] = [];
    const s = rebuildScheduler(async (files) => { runs.push(files); }, { debounceMs: 40 });
    for (const f of ["b.txt", "a.txt", "b.txt", "c.fix.yaml"]) { s.changed(f); await sleep(5); }
    await sleep(10);
    expect(runs).toEqual([]);
    await sleep(80);
    await s.idle();
    expect(runs).toEqual([["a.txt", "b.txt", "c.fix.yaml"]]);
    s.stop();
  });

  it("never runs two builds at once, and queues exactly one more for changes during a build", async () => {
    let active = 0;
    let most = 0;
    const runs: string[][] = [];
    const s = rebuildScheduler(async (files) => {
      active++;
      most = Math.max(most, active);
      runs.push(files);
      await sleep(100);
      active--;
    }, { debounceMs: 10 });
    s.changed("a.txt");
    await sleep(40); // the first build is running now
    s.changed("b.txt");
    await sleep(10);
    s.changed("c.txt");
    s.changed("b.txt");
    await s.idle();
    expect(most).toBe(1);
    expect(runs).toEqual([["a.txt"], ["b.txt", "c.txt"]]);
    s.stop();
  });

  it("keeps going after a build that throws", async () => {
    const errors: unknown[] = [];
    let n = 0;
    const s = rebuildScheduler(async () => { if (++n === 1) throw new Error("boom"); }, { debounceMs: 5, onError: (e) => errors.push(e) });
    s.changed("x");
    await sleep(30);
    await s.idle();
    s.changed("y");
    await sleep(30);
    await s.idle();
    expect(n).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(["boom"]);
    s.stop();
  });
});
