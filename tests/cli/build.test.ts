/**
 * `baokan build` from the editor's side, on a copy of the demo archive: the corrections file and the unit
 * table reach the site, --site-url reaches the absolute URLs, and the second build reuses every parse. A
 * `--no-cache` build in between leaves no build state that would make the next cached build keep stale pages. A
 * build that cannot write — a path through a file, a read-only folder, a full disk — ends with one Chinese line and
 * leaves the old site as it was.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, project, ROOT, snapshot } from "./helpers.ts";

const p = project();
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: p.dir, encoding: "utf8", timeout: 180_000 });
let first: ReturnType<typeof run>;
let second: ReturnType<typeof run>;

beforeAll(() => {
  cpSync(path.join(ROOT, "content"), p.content, { recursive: true });
  first = run("build", "--out", "site", "--site-url", "https://example.org/archive/");
  second = run("build", "--out", "site", "--site-url", "https://example.org/archive/");
}, 400_000);
afterAll(() => p.cleanup());

const files = () => readFileSync(path.join(p.dir, "site/sitemap.xml"), "utf8");

describe("baokan build", () => {
  it("builds, and the second build of the unchanged archive parses nothing", () => {
    expect(first.status, first.stderr).toBe(0);
    expect(second.status, second.stderr).toBe(0);
    const issues = readdirSync(p.content, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".txt")).length;
    expect(issues).toBeGreaterThan(0);
    expect(first.stdout).toMatch(new RegExp(`\\[cache\\] 沿用 0 个，解析 ${issues} 个`));
    expect(second.stdout).toMatch(new RegExp(`\\[cache\\] 沿用 ${issues} 个，解析 0 个`));
    const noCache = run("build", "--out", "site2", "--no-cache");
    expect(noCache.status, noCache.stderr).toBe(0);
    expect(noCache.stdout).not.toContain("[cache]");
  });

  it("the demo's corrections reach the article pages", () => {
    const fix = parseYaml(readFileSync(path.join(ROOT, "content/jinlv/000_5f169d79d2658df9.fix.yaml"), "utf8")) as { articles: Record<string, { headline?: string; unit?: string }> };
    const headline = fix.articles["1"]!.headline!;
    const page = readFileSync(path.join(p.dir, "site/jinlv/2024-01/01/index.html"), "utf8");
    expect(page).toContain(`<h1`);
    expect(page).toContain(headline);
    const unit = Object.values(fix.articles).find((x) => x.unit)!.unit!;
    const second = readFileSync(path.join(p.dir, "site/jinlv/2024-01/02/index.html"), "utf8");
    expect(second).toContain(`data-unit="${unit}"`);
  });

  it("--site-url is where absolute URLs point", () => {
    expect(files()).toContain("https://example.org/archive/jinlv/2024-01/01/");
  });
});

describe("the build state after a --no-cache build", () => {
  it("cached build, edit, --no-cache build, edit again, cached build: the pages show the latest text", () => {
    const yaml = path.join(p.content, "hangye", "paper.yaml");
    const original = readFileSync(yaml, "utf8");
    const describe = (text: string) => writeFileSync(yaml, original.replace(/^description: .*$/m, `description: ${text}`));
    const site = ["--out", "site", "--site-url", "https://example.org/archive/"];
    const paperPage = () => readFileSync(path.join(p.dir, "site/hangye/index.html"), "utf8");
    try {
      describe("第一种说法");
      expect(run("build", ...site).status).toBe(0);
      expect(paperPage()).toContain("第一种说法");
      describe("第二种说法");
      const noCache = run("build", ...site, "--no-cache");
      expect(noCache.status, noCache.stderr).toBe(0);
      expect(paperPage()).toContain("第二种说法");
      // Back to the text the state was made from: the state no longer describes the site, so this is a full build.
      describe("第一种说法");
      const again = run("build", ...site);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).not.toMatch(/^\[render\] 0 of /m);
      expect(paperPage()).toContain("第一种说法");
      expect(paperPage()).not.toContain("第二种说法");
    } finally {
      writeFileSync(yaml, original);
    }
  });
});

describe("a build that cannot write", () => {
  it("through a file where a folder should be: one Chinese line, nothing written", () => {
    writeFileSync(path.join(p.dir, "afile"), "x");
    const r = run("build", "--out", "afile/site");
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual(["baokan: 无法写入 afile/site：afile 是文件，不是文件夹"]);
  });

  /**
   * A folder the build may not write to. Tests run as root in CI, and chmod does not stop root: then the folder is
   * made immutable (chattr +i), which does; where neither works the case is skipped, saying why.
   */
  function readOnly(dir: string): (() => void) | string {
    if (process.getuid?.() !== 0) {
      spawnSync("chmod", ["a-w", dir]);
      return () => spawnSync("chmod", ["u+w", dir]);
    }
    const r = spawnSync("chattr", ["+i", dir], { encoding: "utf8" });
    if (r.status !== 0) return `running as root, and chattr +i does not work here (${(r.stderr || r.error?.message || "").trim()}): no way to make a folder read-only for root`;
    return () => spawnSync("chattr", ["-i", dir]);
  }

  it("in a read-only folder: one Chinese line asking about write permission", (ctx) => {
    const dir = path.join(p.dir, "ro");
    mkdirSync(dir, { recursive: true });
    const undo = readOnly(dir);
    if (typeof undo === "string") return ctx.skip(undo);
    try {
      const r = run("build", "--out", "ro/site");
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split("\n")).toEqual(["baokan: 无法在 ro 中为输出文件夹 ro/site 建临时文件夹：是否有写权限？"]);
    } finally {
      undo();
    }
  });

  it("into a read-only output folder: one Chinese line, and the old site as it was", (ctx) => {
    const out = ["--out", "rosite", "--site-url", "https://example.org/archive/"];
    expect(run("build", ...out).status).toBe(0);
    const dir = path.join(p.dir, "rosite");
    const before = snapshot(dir);
    // A new issue: an incremental build, which moves its pages into the existing folder.
    const added = path.join(p.content, "hangye", "2099-01-01.txt");
    writeFileSync(added, readFileSync(path.join(ROOT, "content", "hangye", readdirSync(path.join(ROOT, "content", "hangye")).find((f) => f.endsWith(".txt"))!)));
    const undo = readOnly(dir);
    try {
      if (typeof undo === "string") return ctx.skip(undo);
      try {
        const r = run("build", ...out);
        expect(r.status).toBe(1);
        expect(r.stderr.trim().split("\n")).toEqual(["baokan: 无法写入 rosite：是否有写权限？"]);
        expect(snapshot(dir)).toEqual(before);
        expect(readdirSync(p.dir).filter((f) => f.startsWith("rosite."))).toEqual([]);
      } finally {
        undo();
      }
    } finally {
      rmSync(added);
    }
  });

  it("on a full disk: one Chinese line, nothing left behind", (ctx) => {
    // A 300 kB tmpfs: the demo site is ~2 MB. Mounting needs root and the right to mount (CI's container may lack it).
    const mnt = path.join(p.dir, "small");
    mkdirSync(mnt);
    const m = process.getuid?.() === 0 ? spawnSync("mount", ["-t", "tmpfs", "-o", "size=300k", "tmpfs", mnt], { encoding: "utf8" }) : null;
    if (!m || m.status !== 0) return ctx.skip(`no small file system to fill: ${m ? `mount failed (${(m.stderr || m.error?.message || "").trim()})` : "not root"}; writeFailure's mapping of ENOSPC is tested in tests/site/output-errors.test.ts`);
    try {
      const r = run("build", "--out", "small/site");
      expect(r.status).toBe(1);
      // Which write hits the full disk first varies (an asset, a page, a data file): the line names it or the folder.
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(/^baokan: 磁盘空间不足：无法写入 small\/site(\/\S+)?；请腾出空间后重新构建$/);
      expect(readdirSync(mnt)).toEqual([]);
      expect(existsSync(path.join(mnt, "site"))).toBe(false);
    } finally {
      spawnSync("umount", [mnt]);
    }
  });
});
