/**
 * `baokan build` from the editor's side, on a copy of the demo archive: the corrections file and the unit
 * table reach the site, --site-url reaches the absolute URLs, and the second build reuses every parse.
 */
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, project, ROOT } from "./helpers.ts";

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
    expect(first.stdout).toMatch(new RegExp(`\\[cache\\] 0 reused, ${issues} parsed`));
    expect(second.stdout).toMatch(new RegExp(`\\[cache\\] ${issues} reused, 0 parsed`));
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
