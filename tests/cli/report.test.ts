/**
 * `baokan report` and `build --with-report` on a copy of the demo archive (plus one stale correction): /report/
 * lists every issue with the counts `check --json` gives, in the order of urgency, its links resolve, and it
 * stays out of search and the sitemap. A plain `build` has no /report/.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/content/findings.ts";
import type { IssueRecord } from "../../src/types.ts";
import { BIN, project, ROOT } from "./helpers.ts";

const p = project();
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: p.dir, encoding: "utf8", timeout: 180_000, env: { ...process.env, NO_COLOR: "1" } });
let check: { issues: IssueRecord[]; findings: Finding[] };
let html: string;
let staleIssue: string;
const STALE_WORDS = "这几个字<i>不在</i>任何文章开头";

beforeAll(() => {
  cpSync(path.join(ROOT, "content"), p.content, { recursive: true });
  // A correction whose first words match nothing any more: the most urgent kind of warning.
  const first = run("check", "--json");
  const before = JSON.parse(first.stdout) as { issues: IssueRecord[] };
  staleIssue = before.issues.find((i) => !existsSync(path.join(p.dir, i.file.replace(/\.txt$/, ".fix.yaml"))))!.file;
  writeFileSync(path.join(p.dir, staleIssue.replace(/\.txt$/, ".fix.yaml")), `articles:\n  "${STALE_WORDS}":\n    headline: 不会用到\n`);
  const r = run("report", "--out", "site");
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain("[report] site/report/index.html");
  const c = run("check", "--json");
  check = JSON.parse(c.stdout);
  html = readFileSync(path.join(p.dir, "site/report/index.html"), "utf8");
}, 300_000);
afterAll(() => p.cleanup());

/** The report's section for one issue file. */
function section(file: string): string {
  const start = html.indexOf(`data-file="${file}"`);
  expect(start, file).toBeGreaterThan(0);
  const end = html.indexOf("</section>", start);
  return html.slice(start, end);
}
const count = (sec: string, name: string) => Number(new RegExp(`data-count="${name}">(\\d+)<`).exec(sec)?.[1]);

describe("baokan report", () => {
  it("lists every issue of the archive, once", () => {
    const files = [...html.matchAll(/<section class="report-issue"[^>]* data-file="([^"]+)"/g)].map((m) => m[1]);
    expect(files.sort()).toEqual(check.issues.map((i) => i.file).sort());
  });

  it("gives each issue the counts of check --json", () => {
    for (const issue of check.issues) {
      const sec = section(issue.file);
      const mine = check.findings.filter((f) => f.issue === issue.file);
      const warnings = mine.filter((f) => f.severity === "warning");
      const withHeadline = issue.articles.filter((a) => a.headline).length;
      expect(count(sec, "articles"), issue.file).toBe(issue.articles.length);
      expect(count(sec, "with-headline")).toBe(withHeadline);
      expect(count(sec, "without-headline")).toBe(issue.articles.length - withHeadline);
      expect(count(sec, "unplaced")).toBe(issue.unplaced.length);
      expect(count(sec, "warnings")).toBe(warnings.length);
      expect(count(sec, "mojibake")).toBe(issue.mojibakeRepaired);
      expect(count(sec, "corrections")).toBe(mine.filter((f) => f.kind === "correction").length);
      const kinds = new Map<string, number>();
      for (const f of warnings) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
      const shown = new Map([...sec.matchAll(/<span data-kind="([^"]+)">(\d+)<\/span>/g)].map((m) => [m[1]!, Number(m[2])]));
      expect(shown).toEqual(kinds);
      // Every finding with its file:line, as check prints it.
      const lines = [...sec.matchAll(/<code>([^<]+:\d+)<\/code>/g)].map((m) => m[1]);
      expect(lines).toEqual(mine.map((f) => `${f.file}:${f.line}`));
    }
  });

  it("puts the issue with a stale correction first and the ones without warnings last", () => {
    const order = [...html.matchAll(/data-file="([^"]+)"/g)].map((m) => m[1]!);
    expect(order[0]).toBe(staleIssue);
    expect(section(staleIssue)).toContain(STALE_WORDS.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    const clean = check.issues.filter((i) => !check.findings.some((f) => f.issue === i.file && f.severity === "warning")).map((i) => i.file);
    expect(order.slice(order.length - clean.length).sort()).toEqual(clean.sort());
  });

  it("links every issue to its page, and findings to article pages that exist", () => {
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).filter((h) => !/^(https?:)?\/\//.test(h));
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const h of hrefs) {
      if (h.startsWith("#")) { expect(ids.has(h.slice(1)), h).toBe(true); continue; }
      const target = path.join(p.dir, "site", ...decodeURI(h.split("#")[0]!).split("/").filter(Boolean));
      expect(existsSync(h.endsWith("/") ? path.join(target, "index.html") : target), h).toBe(true);
    }
    for (const issue of check.issues) expect(section(issue.file)).toMatch(/<h2[^>]*><a href="\/[^"]+\/">/);
    expect(hrefs.filter((h) => /\/\d{2}\/$/.test(h)).length).toBeGreaterThan(0); // some findings point at an article
  });

  it("keeps the page out of search and the sitemap", () => {
    expect(html).not.toContain("data-pagefind-body");
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(readFileSync(path.join(p.dir, "site/sitemap.xml"), "utf8")).not.toContain("/report/");
    expect(readFileSync(path.join(p.dir, "site/sitemap.xml"), "utf8")).toContain("/data/");
  });

  it("escapes the text it shows", () => {
    // The stale correction's message quotes the editor's words, markup and all: it must arrive as text.
    expect(html).not.toContain("<i>不在</i>");
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
  });
});

describe("baokan build without --with-report", () => {
  it("has no /report/ at all, and build --with-report does", () => {
    const plain = run("build", "--out", "plain");
    expect(plain.status, plain.stderr).toBe(0);
    expect(existsSync(path.join(p.dir, "plain/index.html"))).toBe(true);
    expect(existsSync(path.join(p.dir, "plain/report"))).toBe(false);
    expect(readFileSync(path.join(p.dir, "plain/sitemap.xml"), "utf8")).not.toContain("/report/");
    const withReport = run("build", "--out", "with", "--with-report", "--path-prefix", "/archive/");
    expect(withReport.status, withReport.stderr).toBe(0);
    const page = readFileSync(path.join(p.dir, "with/report/index.html"), "utf8");
    // Under a prefix every link carries it.
    const links = [...page.matchAll(/href="(\/[^"]*)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(check.issues.length);
    for (const l of links) expect(l.startsWith("/archive/"), l).toBe(true);
  });
});
