/**
 * A `baokan build` killed at any point leaves the previous site or the new one, whole (output-commit.ts).
 *
 * On a temp copy of the demo archive: a cached build makes the old site, an issue is added, and the incremental
 * build that follows is killed with SIGKILL at each of its phases — held there by BAOKAN_TEST_PAUSE=<phase>, which
 * makes the build print `[pause] <phase>` and wait — including halfway through moving its files into the site.
 * Before the commit the site must be the old one, byte for byte; during the merge every link of the home and issue
 * pages must still resolve; and what the next build does first (recoverOutput) must leave the old site or exactly the
 * site an uninterrupted build makes, with no `site.tmp-*`/`site.old-*` folder left. A full build killed between its
 * two renames gets the old site back. Ctrl-C during the merge finishes the merge first.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recoverOutput } from "../../src/site/output-commit.ts";
import { BIN, project, ROOT } from "./helpers.ts";

const p = project();
const site = path.join(p.dir, "site");
const base = path.join(p.dir, "base");
const ADDED = path.join(p.content, "hangye", "2099-01-01.txt");
const env = { ...process.env, NO_COLOR: "1" };

const build = (...args: string[]) => spawnSync(process.execPath, [BIN, "build", "--out", "site", ...args], { cwd: p.dir, encoding: "utf8", timeout: 300_000, env });

/** Every file under `dir`, path → hash of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const full = path.join(dir, rel);
    if (statSync(full).isFile()) out[rel] = createHash("sha1").update(readFileSync(full)).digest("hex");
  }
  return out;
}

/** A copy of `from` at `to` made of hard links: the same files (inode, time), so the build state still matches it. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory()) linkTree(path.join(from, e.name), path.join(to, e.name));
    else linkSync(path.join(from, e.name), path.join(to, e.name));
  }
}

/** The old site and its build state, as the baseline build left them. */
function restore(): void {
  for (const f of readdirSync(p.dir)) if (f === "site" || f.startsWith("site.")) rmSync(path.join(p.dir, f), { recursive: true, force: true });
  linkTree(path.join(base, "site"), site);
  rmSync(path.join(p.dir, ".cache"), { recursive: true, force: true });
  cpSync(path.join(base, "cache"), path.join(p.dir, ".cache"), { recursive: true });
}

/** Links of the home page and every issue page that lead nowhere in `dir`. */
function brokenLinks(dir: string): string[] {
  const pages = ["index.html"];
  for (const paper of readdirSync(p.content, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const folder = path.join(dir, paper.name);
    if (!existsSync(folder)) continue;
    for (const issue of readdirSync(folder, { withFileTypes: true })) {
      if (issue.isDirectory() && existsSync(path.join(folder, issue.name, "index.html"))) pages.push(path.join(paper.name, issue.name, "index.html"));
    }
  }
  const broken: string[] = [];
  for (const page of pages) {
    const html = readFileSync(path.join(dir, page), "utf8");
    const url = `/${path.dirname(page) === "." ? "" : `${path.dirname(page).split(path.sep).join("/")}/`}`;
    for (const m of html.matchAll(/\b(?:href|src)="([^"#?]*)[^"]*"/g)) {
      const link = m[1]!;
      if (!link || /^[a-z]+:|^\/\//i.test(link)) continue;
      const target = new URL(link, `http://x${url}`).pathname;
      const file = path.join(dir, ...decodeURIComponent(target).split("/").filter(Boolean), ...(target.endsWith("/") ? ["index.html"] : []));
      if (!existsSync(file)) broken.push(`${url} → ${link}`);
    }
  }
  return broken;
}

const leftovers = () => readdirSync(p.dir).filter((f) => /^site\.(tmp|old|trash)-/.test(f));

/** Runs `baokan build` held at `phase`; resolves with the process once it has printed `[pause] <phase>`. */
function buildPausedAt(phase: string, ...args: string[]) {
  const child = spawn(process.execPath, [BIN, "build", "--out", "site", ...args], { cwd: p.dir, env: { ...env, BAOKAN_TEST_PAUSE: phase } });
  let out = "";
  let err = "";
  child.stderr.on("data", (c: Buffer) => { err += c.toString("utf8"); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.once("exit", (code, signal) => ok({ code, signal })));
  const paused = new Promise<void>((ok, fail) => {
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      if (out.split("\n").includes(`[pause] ${phase}`)) ok();
    });
    void exited.then(({ code, signal }) => fail(new Error(`the build ended (${code ?? signal}) before [pause] ${phase}:\n${out}\n${err}`)));
  });
  return { child, paused, exited, output: () => out + err };
}

let OLD: Record<string, string>;
let NEW: Record<string, string>;

beforeAll(() => {
  cpSync(path.join(ROOT, "content"), p.content, { recursive: true });
  const first = build();
  expect(first.status, first.stderr).toBe(0);
  OLD = snapshot(site);
  mkdirSync(base);
  linkTree(site, path.join(base, "site"));
  cpSync(path.join(p.dir, ".cache"), path.join(base, "cache"), { recursive: true });
  // The new issue; the site an uninterrupted (incremental) build makes of it is the "new site".
  writeFileSync(ADDED, readFileSync(path.join(p.content, "hangye", readdirSync(path.join(p.content, "hangye")).find((f) => f.endsWith(".txt"))!)));
  const next = build();
  expect(next.status, next.stderr).toBe(0);
  expect(next.stdout).toMatch(/^\[render\] \d+ 个页面中的 \d+ 个/m);
  NEW = snapshot(site);
  expect(Object.keys(NEW)).toContain(path.join("hangye", "2099-01-01", "index.html"));
  expect(brokenLinks(site)).toEqual([]);
}, 600_000);
afterAll(() => p.cleanup());

describe("an incremental build killed with SIGKILL", () => {
  for (const phase of ["parse", "site", "render", "data", "index"]) {
    it(`at [${phase}] leaves the old site as it was; the next build removes what it left`, async () => {
      restore();
      const b = buildPausedAt(phase);
      await b.paused;
      b.child.kill("SIGKILL");
      await b.exited;
      expect(snapshot(site)).toEqual(OLD);
      expect(brokenLinks(site)).toEqual([]);
      // What the next build of the folder does before anything else.
      const lines: string[] = [];
      await recoverOutput(site, (l) => lines.push(l), p.dir);
      expect(leftovers()).toEqual([]);
      expect(snapshot(site)).toEqual(OLD);
      if (phase !== "parse" && phase !== "site") expect(lines.some((l) => /^\[clean\] 已删除被中断的构建（进程 \d+）留下的 site\.tmp-/.test(l)), lines.join("\n")).toBe(true);
    }, 300_000);
  }

  it("halfway through moving its files in: every link still resolves, and the next build finishes the move", async () => {
    restore();
    const b = buildPausedAt("merge");
    await b.paused;
    b.child.kill("SIGKILL");
    await b.exited;
    // Mid-merge: a mix of old and new pages, but new pages went in before anything linked to them.
    expect(brokenLinks(site)).toEqual([]);
    // Its temp folder, and the trash of files it has replaced so far (the search routing index's buckets are).
    expect(leftovers().filter((f) => f.startsWith("site.tmp-")).length, leftovers().join(" ")).toBe(1);
    expect(leftovers().every((f) => /^site\.(tmp|trash)-/.test(f)), leftovers().join(" ")).toBe(true);
    // The next `baokan build` replays the journal first, then finds the site it describes: nothing to render.
    const next = build();
    expect(next.status, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/^\[recover\] 进程 \d+ 的增量更新在移入文件时中断，已完成它：site 现为那次构建的结果$/m);
    expect(next.stdout).toMatch(/^\[render\] \d+ 个页面中的 0 个/m);
    expect(leftovers()).toEqual([]);
    expect(snapshot(site)).toEqual(NEW);
  }, 300_000);

  it("halfway through moving its files in, recovered on its own, is exactly the new site", async () => {
    restore();
    const b = buildPausedAt("merge");
    await b.paused;
    b.child.kill("SIGKILL");
    await b.exited;
    const lines: string[] = [];
    await recoverOutput(site, (l) => lines.push(l), p.dir);
    // The journal replayed; then, at most, that build's trash removed.
    expect(lines[0]).toMatch(/^\[recover\] /);
    expect(lines.slice(1).every((l) => /^\[clean\] .*site\.trash-/.test(l)), lines.join("\n")).toBe(true);
    expect(snapshot(site)).toEqual(NEW);
    expect(leftovers()).toEqual([]);
  }, 300_000);
});

describe("Ctrl-C", () => {
  it("during the merge finishes the merge, then ends the build", async () => {
    restore();
    const b = buildPausedAt("merge");
    await b.paused;
    b.child.kill("SIGINT");
    b.child.kill("SIGUSR2"); // resume
    const end = await b.exited;
    expect(end.signal, b.output()).toBe("SIGINT");
    expect(snapshot(site)).toEqual(NEW);
    expect(leftovers()).toEqual([]);
  }, 300_000);
});

describe("a full build killed between its two renames", () => {
  it("leaves no site for a moment; the next build puts the old one back", async () => {
    restore();
    const yaml = path.join(p.content, "site.yaml");
    const before = readFileSync(yaml, "utf8");
    // A new title changes every page: a full render, which is swapped in whole.
    writeFileSync(yaml, before.replace(/^title: .*$/m, "title: 另一个档案"));
    try {
      const b = buildPausedAt("swap");
      await b.paused;
      b.child.kill("SIGKILL");
      await b.exited;
      expect(existsSync(site)).toBe(false);
      const lines: string[] = [];
      await recoverOutput(site, (l) => lines.push(l), p.dir);
      expect(lines.join("\n")).toMatch(/^\[recover\] 进程 \d+ 换入新网站时中断，已恢复上一版网站 site$/m);
      expect(snapshot(site)).toEqual(OLD);
      expect(leftovers()).toEqual([]);
    } finally {
      writeFileSync(yaml, before);
    }
  }, 300_000);
});

describe("leftovers of interrupted builds", () => {
  it("are removed at the start of the next build only when their process is gone", async () => {
    restore();
    const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid!; // a pid whose process has ended
    const gone = [`site.tmp-${dead}-aaaaaa`, `site.old-${dead}-bbbbbb`];
    const alive = `site.tmp-${process.ppid}-cccccc`; // the test runner: running
    for (const f of [...gone, alive]) {
      mkdirSync(path.join(p.dir, f, "jinlv"), { recursive: true });
      writeFileSync(path.join(p.dir, f, "jinlv", "index.html"), "x".repeat(100_000));
    }
    const r = build();
    expect(r.status, r.stderr).toBe(0);
    for (const f of gone) expect(r.stdout).toContain(`[clean] 已删除被中断的构建（进程 ${dead}）留下的 ${f}`);
    expect(leftovers()).toEqual([alive]);
    rmSync(path.join(p.dir, alive), { recursive: true, force: true });
  }, 300_000);
});
