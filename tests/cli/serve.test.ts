/**
 * `baokan serve` as a process on a temp copy of the demo archive: it builds and serves, a saved change to one raw
 * file re-parses that file only and the page changes, a new .fix.yaml re-parses nothing, a bad file keeps the old
 * site and prints its error (and every open page hears of it, to show it in a banner), an event-stream client hears
 * of every successful build, a missing address gets the site's 404 page with status 404, and rebuilds leave no
 * defunct Pagefind process behind. A port in use is reported before anything is built; a rebuild waits for a
 * `baokan build` of the same folder. The rebuild scheduler (debounce, one build at a time, one more queued) is
 * tested on its own with a fake build.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
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

  constructor(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}, command = "serve") {
    this.child = spawn(process.execPath, [BIN, command, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", ...env } });
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
  const line = await proc.waitFor(/^\[serve\] site 已在 http:\/\/127\.0\.0\.1:\d+\/ 提供/, { ms: 120_000 });
  base = / 已在 (\S+) 提供/.exec(line)![1]!;
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

/** The first `n` events a newly connected event-stream client gets, as text. */
async function firstEvents(n: number): Promise<string> {
  const ctl = new AbortController();
  const res = await fetch(new URL("__baokan/events", base), { signal: ctl.signal });
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  try {
    // The server writes what it has at once; a heartbeat comes only every 15 s, so read until n events are in.
    while ((text.match(/\n\n/g) ?? []).length < n) {
      const { done, value } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
    }
  } finally {
    ctl.abort();
  }
  return text;
}

/** The child processes of `pid` (state R, S, Z …, and the command name), from /proc. */
function children(pid: number): { pid: number; state: string; comm: string }[] {
  const out: { pid: number; state: string; comm: string }[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    const close = stat.lastIndexOf(")");
    const [state, ppid] = stat.slice(close + 2).split(" ");
    if (Number(ppid) === pid) out.push({ pid: Number(name), state: state!, comm: stat.slice(stat.indexOf("(") + 1, close) });
  }
  return out;
}

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
const rebuildAfter = (file: string) => proc.waitFor(new RegExp(`^\\[rebuild\\] .* · 改动：(.*, )?${escape(file)}(,|（|$)`), { after: proc.out.length });

describe("baokan serve", () => {
  it("builds first, parsing every file, and serves the site with the reload script added to pages only as they are sent", async () => {
    const first = proc.out.find((l) => l.startsWith("[build] "))!;
    expect(first).toMatch(new RegExp(`解析 ${data.issues.length} 个文件中的 ${data.issues.length} 个：`));
    expect(first).toMatch(/解析 \d+\.\d 秒，页面数据 \d+\.\d 秒，渲染 \d+\.\d 秒，数据 \d+\.\d 秒，索引 \d+\.\d 秒 · 共 \d+\.\d 秒$/);
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
    expect(line).toMatch(new RegExp(`^\\[rebuild\\] 重新解析 ${data.issues.length} 个文件中的 1 个：${spot.issue.file} · `));
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
    expect(await waiting).toMatch(new RegExp(`^\\[rebuild\\] 没有重新解析文件（共 ${data.issues.length} 个，都取自解析缓存） · `));
    expect((await page(url)).html).toContain(`<h1`);
    expect((await page(url)).html).toContain(HEADLINE);
  });

  it("a bad file prints its one-line error and the previous site stays served; fixing it rebuilds", async () => {
    const url = urlOf(spot.issue.file, spot.article.index);
    const bad = path.join(path.dirname(spot.file), "2024-02-30.txt");
    const ids = buildIds().length;
    const failed = proc.waitFor(/^\[rebuild\] 失败（\d+\.\d 秒）；仍在提供上一版网站：$/, { stream: "err", after: proc.err.length });
    writeFileSync(bad, "");
    await failed;
    const rel = path.relative(p.dir, bad);
    const msg = await proc.waitFor(new RegExp(`^baokan: ${escape(rel)}: `), { stream: "err" });
    expect(msg).not.toContain("\n");
    expect(msg).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    const still = await page(url);
    expect(still.status).toBe(200);
    expect(still.html).toContain(`${spot.run}${MARK}`);
    // The open pages hear of it (the reload script shows it in a banner: tests/browser/serve.test.ts), and so does
    // a page opened while the failure stands, as soon as it connects.
    await expect.poll(() => events.join(""), { timeout: 5000 }).toMatch(new RegExp(`event: failed\ndata: ${escape(msg.replace(/^baokan: /, ""))}\n`));
    const late = await firstEvents(2);
    expect(late).toMatch(/^retry: \d+\nevent: build\ndata: \S+\n\nevent: failed\ndata: .*2024-02-30\.txt/);
    const script = await (await fetch(new URL("__baokan/reload.js", base))).text();
    expect(script).toContain("重建失败");
    expect(script).toContain('"failed"');

    const waiting = rebuildAfter(rel);
    rmSync(bad);
    expect(await waiting).toMatch(/^\[rebuild\] 没有重新解析文件/);
    await expect.poll(() => buildIds().length, { timeout: 5000 }).toBeGreaterThan(ids);
    // Fixed: a page that connects now hears of no failure.
    expect(await firstEvents(1)).not.toContain("failed");
  });

  it("answers a missing address with the site's 404 page and status 404, or a plain Chinese line without one", async () => {
    const file = path.join(p.dir, "site", "404.html");
    // The site's own page when the build made one (templates/404.njk); a stand-in otherwise, written into the site
    // as a build would (the server reads it per request).
    const own = existsSync(file);
    if (!own) writeFileSync(file, `<!doctype html><html lang="zh-CN"><head><title>找不到</title></head><body><h1>找不到这个页面（测试）</h1></body></html>`);
    const page404 = readFileSync(file, "utf8");
    const title = /<h1[^>]*>([^<]+)<\/h1>/.exec(page404)![1]!;
    const missing = await page("/jinlv/no-such-issue/");
    expect(missing.status).toBe(404);
    expect(missing.html).toContain(title);
    expect(missing.html).toContain("__baokan/reload.js"); // a page like the others: it reloads after a rebuild
    const head = await fetch(new URL("no/such/file.css", base), { method: "HEAD" });
    expect(head.status).toBe(404);
    expect(await head.text()).toBe("");
    // Without a 404.html: still status 404, in Chinese.
    renameSync(file, `${file}.away`);
    try {
      const plain = await page("/no-such-page/");
      expect(plain.status).toBe(404);
      expect(plain.html).toContain("未找到该页面");
    } finally {
      renameSync(`${file}.away`, file);
      if (!own) rmSync(file);
    }
  });

  it("leaves no defunct Pagefind process behind, however many rebuilds", async () => {
    // Each of these changes an article's text, so each rebuild indexes a new shard in a new Pagefind process.
    for (const mark of ["甲", "乙", "丙", "丁"]) {
      const waiting = rebuildAfter(spot.issue.file);
      const raw = readFileSync(spot.file, "utf8");
      writeFileSync(spot.file, raw.replace(new RegExp(`${spot.run}(${MARK})?[甲乙丙丁]?`), `${spot.run}$1${mark}`));
      expect(await waiting).toMatch(/^\[rebuild\] 重新解析 \d+ 个文件中的 1 个：/);
    }
    // Rebuilds 1–2 above ran Pagefind too; every one of those processes has been waited for.
    const kids = children(proc.child.pid!);
    expect(kids.filter((k) => k.state === "Z"), JSON.stringify(kids)).toEqual([]);
    expect(kids.filter((k) => /pagefind/.test(k.comm)), JSON.stringify(kids)).toEqual([]);
  });

  it("stops on SIGTERM with exit status 0", async () => {
    expect(await proc.stop()).toBe(0);
  });
});

describe("baokan serve on a port in use", () => {
  it("says so in one Chinese line at once, before building anything", async () => {
    const holder = net.createServer();
    await new Promise<void>((ok) => holder.listen(0, "127.0.0.1", ok));
    const port = (holder.address() as net.AddressInfo).port;
    const q = project();
    try {
      cpSync(path.join(ROOT, "content"), q.content, { recursive: true });
      const r = baokan(q.dir, "serve", "--port", String(port), "--out", "site");
      expect(r.status).toBe(1);
      expect(r.stderr).toEqual([`baokan: 端口 ${port} 已被占用，请用 --port 指定其他端口（--port 0 自动选一个空闲端口）`]);
      expect(r.stdout).not.toMatch(/\[build\]|\[parse\]/);
      expect(existsSync(path.join(q.dir, "site"))).toBe(false);
      expect(readdirSync(q.dir).filter((f) => f.startsWith("site."))).toEqual([]);
    } finally {
      holder.close();
      q.cleanup();
    }
  });
});

describe("baokan serve and baokan build on one output folder", () => {
  const q = project();
  let dev: ServeProcess;
  let held: ServeProcess;
  afterAll(async () => {
    await held?.stop();
    await dev?.stop();
    q.cleanup();
  });

  it("a build while another runs says so in Chinese; serve's rebuild waits for it, then builds", async () => {
    cpSync(path.join(ROOT, "content"), q.content, { recursive: true });
    dev = new ServeProcess(q.dir, ["--port", "0", "--out", "site"]);
    await dev.waitFor(/^\[serve\] site 已在 /, { ms: 120_000 });
    // A `baokan build` of the same folder, held just after it took the lock and parsed (BAOKAN_TEST_PAUSE: output-commit.ts).
    held = new ServeProcess(q.dir, ["--out", "site"], { BAOKAN_TEST_PAUSE: "parse" }, "build");
    await held.waitFor(/^\[pause\] parse$/, { ms: 120_000 });
    const pid = held.child.pid!;

    // A second build: refused at once, in one line.
    const second = baokan(q.dir, "build", "--out", "site");
    expect(second.status).toBe(1);
    expect(second.stderr).toEqual([`baokan: 另一个构建正在进行（进程 ${pid}），它正在写 site；请等它结束后再试`]);

    // serve's rebuild waits for it …
    const after = dev.out.length;
    const file = path.join(q.content, "site.yaml");
    writeFileSync(file, `${readFileSync(file, "utf8")}\n`);
    await dev.waitFor(new RegExp(`^\\[rebuild\\] 另一个构建正在进行（进程 ${pid}），等它结束后再构建`), { after, ms: 60_000 });
    expect(dev.out.slice(after).some((l) => /^\[rebuild\] (重新解析|没有重新解析)/.test(l))).toBe(false);
    // … and builds once it is done.
    const done = new Promise<number | null>((ok) => held.child.once("exit", (code) => ok(code)));
    held.child.kill("SIGUSR2");
    expect(await done).toBe(0);
    // (Whether it re-parses anything depends on the parse cache, which a change to the parser's source invalidates.)
    await dev.waitFor(/^\[rebuild\] (重新解析|没有重新解析)/, { after, ms: 120_000 });
    expect(dev.err.filter((l) => /失败|Error|ENOTEMPTY|ENOENT/.test(l))).toEqual([]);
  }, 400_000);
});

describe("baokan serve --no-watch", () => {
  it("exits 1 with the file's error when the first build fails and there is no earlier site", () => {
    const q = project({ "content/demo/paper.yaml": "name: 演示报\n", "content/demo/2024-01-05.txt": "" });
    try {
      const r = baokan(q.dir, "serve", "--no-watch", "--port", "0", "--out", "site");
      expect(r.status).toBe(1);
      expect(r.err).toMatch(/content\/demo\/2024-01-05\.txt: 空文件/);
      expect(r.err).toContain("没有上一版网站");
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
