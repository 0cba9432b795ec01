/**
 * Permanent article addresses, end to end: an archive of our own issue built with the real `baokan build`, then
 * rebuilt after a correction that merges two articles, one that splits an article, a new article inserted in the
 * raw file, a headline and dateline removed so the parser runs two pieces together, and the raw blocks reordered.
 * After every build, every address any earlier build made still shows the same article's text, or a page that
 * says it was merged and links the article holding its text; no number is ever shown with another text; a rebuild
 * of unchanged content leaves the ledger file untouched.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baokan, project } from "./helpers.ts";

const ISSUE = "content/demo/2024-03-01.txt";
const LEDGER = "content/demo/2024-03-01.ids.yaml";
const FIX = "content/demo/2024-03-01.fix.yaml";

const block = (headline: string, byline: string, body: string) => `${headline}\n本报讯（${byline}）${body}`;
const A = block("电解厂召开安全生产动员会", "记者 张三", "3月1日，电解厂召开安全生产动员会，部署一季度隐患排查工作。会议要求各车间把责任落实到班组，把检查做到每一台槽。厂长在会上强调，冬春交替时节设备故障多发，必须盯紧关键部位。");
const B = block("氧化铝厂开展技能比武", "通讯员 李四", "近日，氧化铝厂举办第三届青工技能比武，六十余名选手同台竞技。比赛设置仪表维修、化验分析等五个项目，理论考试与实际操作各占一半。获奖选手将优先推荐参加集团竞赛。");
const C = block("热电分厂完成锅炉检修", "王五", "二月下旬，热电分厂提前四天完成二号锅炉年度检修。检修期间共更换水冷壁管二十八根，处理缺陷一百零七项。点火试运行一次成功，各项参数均达到设计要求。");
const D = block("炭素事业部推进节能降耗", "赵六", "今年以来，炭素事业部围绕焙烧炉燃耗下功夫，通过优化火道温度曲线，吨产品天然气单耗同比下降百分之六。事业部还组织技术骨干攻关余热回收项目，预计年内投用，届时每年可节约标准煤三千余吨。");
const E = block("物流中心开通铁路专用线", "孙七", "三月初，物流中心铁路专用线正式开通运营，首列满载氧化铝的货车驶出厂区。专用线全长四点二公里，年运输能力二百万吨，可大幅降低公路运输成本和道路扬尘。");
const E_BODY = E.split("\n")[1]!.replace(/^本报讯（孙七）/, "");
const issue = (...blocks: string[]) => `${blocks.join("\n\n")}\n`;

const p = project({ "content/demo/paper.yaml": "name: 示例报\n" });
afterAll(() => p.cleanup());

interface Shown { kind: "article" | "merged" | "removed" | "missing"; text: string; target: string | null }

const bigrams = (s: string) => {
  const t = s.replace(/\s+/g, "");
  return new Set(Array.from({ length: Math.max(0, t.length - 1) }, (_, i) => t.slice(i, i + 2)));
};
/** The share of the smaller text's bigrams the other holds: 1 when one text contains the other. */
function overlap(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let n = 0;
  for (const g of x) if (y.has(g)) n++;
  return n / Math.max(1, Math.min(x.size, y.size));
}
/** The share of `part`'s bigrams found in `whole`. */
function within(part: string, whole: string): number {
  const x = bigrams(part);
  const y = bigrams(whole);
  let n = 0;
  for (const g of x) if (y.has(g)) n++;
  return n / Math.max(1, x.size);
}

const html = (url: string) => {
  const f = path.join(p.dir, "site", url, "index.html");
  return existsSync(f) ? readFileSync(f, "utf8") : null;
};
/** The article texts of the built issue, by URL, from its open-data record (what the article pages show). */
function articles(): Map<string, string> {
  const rec = JSON.parse(readFileSync(path.join(p.dir, "site/data/issues/demo/2024-03-01.json"), "utf8")) as { articles: { index: number; headline: string | null; body: string[] }[] };
  return new Map(rec.articles.map((a) => [`/demo/2024-03-01/${String(a.index).padStart(2, "0")}/`, [a.headline, ...a.body].filter(Boolean).join("\n")]));
}
function shown(url: string, live: Map<string, string>): Shown {
  const page = html(url);
  if (!page) return { kind: "missing", text: "", target: null };
  if (page.includes("page-retired")) {
    const target = /<a class="retired-target" href="([^"]+)"/.exec(page)?.[1] ?? null;
    return { kind: target && live.has(target) ? "merged" : "removed", text: "", target };
  }
  const text = live.get(url);
  expect(text, `${url} is an article page but not in the issue's record`).toBeDefined();
  // The page shows the record's text (its first words at least).
  expect(page).toContain(text!.split("\n").at(-1)!.slice(0, 12));
  return { kind: "article", text: text!, target: null };
}

/** Every address any build made → the text it showed first. */
const first = new Map<string, string>();
const steps: string[] = [];

function build(step: string): Map<string, string> {
  const r = baokan(p.dir, "build", "--out", "site");
  expect(r.status, `${step}: ${r.err}`).toBe(0);
  const live = articles();
  steps.push(step);
  for (const [url, old] of first) {
    const now = shown(url, live);
    if (now.kind === "article") {
      // The same article (one text holds most of the other: a merge added to it, a split took its tail away).
      expect(overlap(old, now.text), `${step}: ${url} shows another article`).toBeGreaterThan(0.6);
    } else if (now.kind === "merged") {
      expect(within(old, live.get(now.target!)!), `${step}: ${url} links ${now.target}, which does not hold its text`).toBeGreaterThan(0.6);
    } else {
      expect.fail(`${step}: ${url} is ${now.kind} (was: ${old.slice(0, 20)}…)`);
    }
  }
  for (const [url, text] of live) if (!first.has(url)) first.set(url, text);
  return live;
}

const numbers = (live: Map<string, string>) => [...live.keys()].map((u) => Number(/\/(\d+)\/$/.exec(u)![1])).sort((a, b) => a - b);
const urlOf = (live: Map<string, string>, words: string) => [...live].find(([, t]) => t.includes(words))?.[0];

describe("permanent article addresses", () => {
  let start: Map<string, string>;
  beforeAll(() => {
    p.write(ISSUE, issue(A, B, C, D));
    start = build("first build");
  }, 120_000);

  it("the first build numbers the articles in parse order and writes the ledger", () => {
    expect([...start.keys()]).toEqual(["01", "02", "03", "04"].map((n) => `/demo/2024-03-01/${n}/`));
    const ledger = readFileSync(path.join(p.dir, LEDGER), "utf8");
    expect(ledger).toMatch(/^# 文章永久编号台账/);
    expect(ledger).toContain('1: { state: live, title: "电解厂召开安全生产动员会"');
  });

  it("an unchanged rebuild leaves the ledger file as it was", () => {
    const file = path.join(p.dir, LEDGER);
    const [bytes, mtime] = [readFileSync(file, "utf8"), statSync(file).mtimeMs];
    build("unchanged rebuild");
    expect(readFileSync(file, "utf8")).toBe(bytes);
    expect(statSync(file).mtimeMs).toBe(mtime);
  }, 120_000);

  it("(a) a correction merging two articles: the first keeps its number, the other's address leads to it", () => {
    p.write(FIX, "merge: [[2, 3]]\n");
    const live = build("merge correction");
    expect(numbers(live)).toEqual([1, 2, 4]);
    const page = html("/demo/2024-03-01/03/")!;
    expect(page).toContain('<link rel="canonical"');
    expect(page).toMatch(/<meta http-equiv="refresh" content="0; url=\/demo\/2024-03-01\/02\/">/);
    expect(page).toContain("已并入");
    // Valid HTML by the rules every built page passes (tests/site/html-valid.test.ts).
    const report = new HtmlValidate({ extends: ["html-validate:recommended"], rules: { "doctype-style": "off", "no-trailing-whitespace": "off" } }).validateStringSync(page);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.message}`))).toEqual([]);
    expect(page).not.toContain("data-pagefind-body");
    expect(page).toContain('<meta name="robots" content="noindex">');
    expect(readFileSync(path.join(p.dir, "site/sitemap.xml"), "utf8")).not.toContain("/demo/2024-03-01/03/");
    expect(readFileSync(path.join(p.dir, "site/feed.xml"), "utf8")).not.toContain("/demo/2024-03-01/03/");
    expect(readFileSync(path.join(p.dir, LEDGER), "utf8")).toMatch(/\n {2}3: \{ state: merged, into: 2,/);
  }, 120_000);

  it("(b) a correction splitting an article: the split-off part gets a new number, the same one on every rebuild", () => {
    p.write(FIX, "merge: [[2, 3]]\nsplit:\n  - article: 4\n    at: 事业部还组织\n");
    const live = build("split correction");
    expect(numbers(live)).toEqual([1, 2, 4, 5]);
    expect(live.get("/demo/2024-03-01/05/")).toMatch(/^事业部还组织/);
    const ledger = readFileSync(path.join(p.dir, LEDGER), "utf8");
    build("rebuild after the split");
    expect(readFileSync(path.join(p.dir, LEDGER), "utf8")).toBe(ledger);
  }, 240_000);

  it("check prints the numbers the site shows", () => {
    const r = baokan(p.dir, "check");
    expect(r.status, r.err).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => /^ {2}\d+ /.test(l)).map((l) => Number(l.trim().split(/\s+/)[0]));
    expect(rows).toEqual([1, 2, 4, 5]);
  });

  it("(c) a new article inserted in the middle of the raw file takes a new number; the others keep theirs", () => {
    p.write(ISSUE, issue(A, E, B, C, D));
    const live = build("article inserted");
    expect(urlOf(live, E_BODY.slice(0, 15))).toBe("/demo/2024-03-01/06/");
    expect(numbers(live)).toEqual([1, 2, 4, 5, 6]);
    // The table of contents stays in reading order: the new article second.
    const toc = html("/demo/2024-03-01/")!;
    expect(toc.indexOf("/demo/2024-03-01/06/")).toBeLessThan(toc.indexOf("/demo/2024-03-01/02/"));
    expect(toc.indexOf("/demo/2024-03-01/06/")).toBeGreaterThan(toc.indexOf("/demo/2024-03-01/01/"));
    // parse --explain, the parser's own reading (no corrections), names each piece by the number the site shows.
    const explain = baokan(p.dir, "parse", "--explain", ISSUE);
    expect(explain.status, explain.err).toBe(0);
    expect(explain.stdout.split("\n").filter((l) => /^\d+\. /.test(l)).map((l) => Number(l.split(".")[0]))).toEqual([1, 6, 2, 3, 4]);
  }, 120_000);

  it("(c) a headline and dateline removed so the parser runs two pieces together: the smaller one's address leads to the whole", () => {
    // E loses its headline, dateline and the blank line above it: its text continues article 1.
    p.write(ISSUE, issue(`${A}\n${E_BODY}`, B, C, D));
    const live = build("pieces run together");
    expect(numbers(live)).toEqual([1, 2, 4, 5]);
    expect(live.get("/demo/2024-03-01/01/")).toContain(E_BODY.slice(0, 15));
    expect(html("/demo/2024-03-01/06/")).toContain('url=/demo/2024-03-01/01/"');
  }, 120_000);

  it("(d) the raw blocks reordered: every article keeps its number", () => {
    p.write(ISSUE, issue(D, C, `${A}\n${E_BODY}`, B));
    const live = build("blocks reordered");
    expect(numbers(live)).toEqual([1, 2, 4, 5]);
    expect(urlOf(live, "炭素事业部推进节能降耗")).toBe("/demo/2024-03-01/04/");
  }, 120_000);

  it("the pieces apart again: the number merged by the parse is live again, with its own text", () => {
    p.write(ISSUE, issue(D, C, A, E, B));
    const live = build("pieces apart again");
    expect(numbers(live)).toEqual([1, 2, 4, 5, 6]);
    expect(live.get("/demo/2024-03-01/06/")).toContain(E_BODY.slice(0, 15));
    const ledger = readFileSync(path.join(p.dir, LEDGER), "utf8");
    build("unchanged rebuild at the end");
    expect(readFileSync(path.join(p.dir, LEDGER), "utf8")).toBe(ledger);
    // Every address made along the way was checked after every build.
    expect(first.size).toBe(6);
    expect(steps.length).toBe(10);
  }, 240_000);
});
