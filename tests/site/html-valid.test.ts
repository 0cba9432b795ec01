/**
 * Every page of the demo archive build is valid HTML by html-validate's recommended rules (content models,
 * duplicate ids, unique landmarks, labelled controls, aria, deprecated markup…), minus two that are only about
 * how the source looks, not what the browser or a screen reader gets:
 *   doctype-style           wants <!DOCTYPE html> upper case; HTML treats the doctype case-insensitively.
 *   no-trailing-whitespace  Nunjucks block tags leave spaces at line ends; invisible and harmless.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HtmlValidate, type ConfigData, type Message } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/site/build-site.ts";

const HTML_RULES: ConfigData = {
  extends: ["html-validate:recommended"],
  rules: { "doctype-style": "off", "no-trailing-whitespace": "off" },
};

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-html-"));
const out = path.join(tmp, "_site");
const validator = new HtmlValidate(HTML_RULES);

beforeAll(async () => {
  await buildSite({ contentDir: "content", outDir: out, log: () => {} });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function format(file: string, m: Message): string {
  return `${path.relative(out, file)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`;
}

describe("built pages are valid HTML", () => {
  it("passes html-validate on every page of the demo archive", async () => {
    const files = readdirSync(out, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".html") && !f.startsWith("pagefind"))
      .map((f) => path.join(out, f));
    // home, search, units, data, 5 papers, 5 issues, 50 articles at least
    expect(files.length).toBeGreaterThan(60);
    const problems: string[] = [];
    for (const f of files) {
      const report = await validator.validateFile(f);
      for (const r of report.results) for (const m of r.messages) problems.push(format(f, m));
    }
    expect(problems).toEqual([]);
  });

  it("would catch the kind of mistake it is there for", async () => {
    // A second element with the same id and an <li> outside a list: the rule set is not a no-op.
    const bad = '<!doctype html><html lang="zh-CN"><head><title>x</title></head><body><main id="a"><p id="a">甲</p><li>乙</li></main></body></html>';
    const report = await validator.validateString(bad);
    const rules = report.results.flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(rules).toEqual(expect.arrayContaining(["no-dup-id", "element-permitted-parent"]));
  });
});
