/**
 * The permanent-number matcher (content/article-match.ts, article-ledger.ts) and the ledger file (ledger-file.ts):
 * pure functions on small texts. The end-to-end rebuilds are in tests/cli/article-ledger.test.ts.
 */
import { describe, expect, it } from "vitest";
import { containment, holderOf, matchArticles, SIGNATURE, storedPrint, textPrint, type StoredPrint } from "../../src/content/article-match.ts";
import { numberArticles, retiredNumbers, splitNumbering, updateLedger } from "../../src/content/article-ledger.ts";
import { formatLedger, parseLedger, type Ledger } from "../../src/content/ledger-file.ts";
import { applyNumberedCorrections } from "../../src/content/corrections.ts";
import { parseCorrections } from "../../src/content/corrections-yaml.ts";
import { InputError } from "../../src/errors.ts";
import type { ArticleRecord, IssueRecord } from "../../src/types.ts";
import { FIX, PAGE, parsed } from "./corrections-fixture.ts";

const T1 = "三月一日，电解厂召开安全生产动员会，部署一季度隐患排查工作。会议要求各车间把责任落实到班组，把检查做到每一台槽。";
const T2 = "近日，氧化铝厂举办第三届青工技能比武，六十余名选手同台竞技。比赛设置仪表维修、化验分析等五个项目，理论考试与实际操作各占一半。";
const T3 = "二月下旬，热电分厂提前四天完成二号锅炉年度检修。检修期间共更换水冷壁管二十八根，处理缺陷一百零七项，点火试运行一次成功。";
const T4 = "今年以来，炭素事业部围绕焙烧炉燃耗下功夫，通过优化火道温度曲线，吨产品天然气单耗同比下降百分之六，余热回收项目预计年内投用。";

const stored = (text: string, line = 1): StoredPrint => storedPrint(textPrint(text, line));
const ledgerOf = (...texts: string[]) => new Map(texts.map((t, i) => [i + 1, stored(t, i * 10 + 1)]));
const fresh = (...texts: string[]) => texts.map((t, i) => textPrint(t, i * 10 + 1));

describe("text prints", () => {
  it("ignore white space and keep at most SIGNATURE hashes, ascending", () => {
    const a = textPrint(T1 + T2 + T3, 1);
    const b = textPrint((T1 + T2 + T3).replace(/，/g, "， \n"), 1);
    expect(storedPrint(a)).toEqual({ ...storedPrint(b), line: 1 });
    const sig = storedPrint(a).sig;
    expect(sig.length).toBe(SIGNATURE);
    expect([...sig].sort((x, y) => x - y)).toEqual(sig);
  });

  it("estimate how much of an old text a new one holds", () => {
    expect(containment(stored(T1), textPrint(T1 + T2, 1))).toBe(1);
    expect(containment(stored(T1), textPrint(T2, 1))).toBeLessThan(0.2);
    const half = containment(stored(T1 + T2), textPrint(T1, 1));
    expect(half).toBeGreaterThan(0.25);
    expect(half).toBeLessThan(0.75);
  });
});

describe("matchArticles", () => {
  it("finds each number again however the articles are reordered", () => {
    expect(matchArticles(ledgerOf(T1, T2, T3, T4), fresh(T3, T1, T4, T2))).toEqual([3, 1, 4, 2]);
  });

  it("a new article in the middle matches nothing; the others keep their numbers", () => {
    const other = "物流中心铁路专用线正式开通运营，首列满载氧化铝的货车驶出厂区，专用线全长四点二公里，年运输能力二百万吨。";
    expect(matchArticles(ledgerOf(T1, T2, T3), fresh(T1, other, T2, T3))).toEqual([1, null, 2, 3]);
  });

  it("two pieces run together keep the larger one's number; a piece cut in two keeps its number on the larger part", () => {
    expect(matchArticles(ledgerOf(T1, T2.slice(0, 20), T3), fresh(T1, T2.slice(0, 20) + T3))).toEqual([1, 3]);
    expect(matchArticles(ledgerOf(T1, T2 + T3 + T4), fresh(T1, T2, T3 + T4))).toEqual([1, null, 2]);
  });

  it("a headline found or lost, a dateline re-read, light OCR changes: still the same number", () => {
    const edited = `热电分厂完成锅炉检修\n本报讯 ${T3.replace("二十八", "廿八").replace("一百零七", "107")}`;
    expect(matchArticles(ledgerOf(T1, T3), fresh(edited, T1))).toEqual([2, 1]);
  });

  it("two identical texts go by their raw line", () => {
    const caption = "图为职工在检修现场。";
    const old = new Map([[1, stored(caption, 5)], [2, stored(caption, 40)]]);
    expect(matchArticles(old, [textPrint(caption, 41), textPrint(caption, 6)])).toEqual([2, 1]);
  });

  it("is the same in any order of the old numbers", () => {
    const old = ledgerOf(T1, T2, T3, T4);
    const reversed = new Map([...old].reverse());
    const now = fresh(T2 + T1, T4, T3.slice(0, 30));
    expect(matchArticles(reversed, now)).toEqual(matchArticles(old, now));
  });

  it("holderOf finds the article holding most of a lost text, or none", () => {
    expect(holderOf(stored(T2), fresh(T1, T3 + T2))).toBe(1);
    expect(holderOf(stored(T2), fresh(T1, T3))).toBe(-1);
  });
});

function article(index: number, text: string, line: number): ArticleRecord {
  return {
    index, headline: null, kicker: null, subheadline: null, column: null, authors: [], credits: [], byline: null, unit: null,
    kind: "news", date: null, dateline: null, body: [text], subheads: [], captions: [], source: { file: "x.txt", lines: [[line, line + 2]] },
  };
}
function record(...texts: string[]): IssueRecord {
  return {
    file: "x.txt", paper: "demo", paperName: "示例报", issueDate: "2024-03-01", issueDateSource: "filename", page: null, encoding: "utf-8",
    articles: texts.map((t, i) => article(i + 1, t, i * 10 + 1)), unplaced: [], warnings: [], mojibakeRepaired: 0,
  };
}
const none = { merged: new Map<number, number>(), splitFrom: new Map<number, number>() };
/** One build without corrections: the ledger it leaves. */
const build = (rec: IssueRecord, ledger: Ledger | null) => {
  const n = numberArticles(rec, ledger);
  return { n, ledger: updateLedger(n, n.record, none) };
};

describe("numberArticles and updateLedger", () => {
  it("with no ledger: parse order; the same parse again: the same ledger", () => {
    const first = build(record(T1, T2, T3), null);
    expect(first.n.record.articles.map((a) => a.index)).toEqual([1, 2, 3]);
    const again = build(record(T1, T2, T3), first.ledger);
    expect(formatLedger(again.ledger, "x.txt")).toBe(formatLedger(first.ledger, "x.txt"));
  });

  it("new articles take the highest number ever given plus one, never a retired one", () => {
    const l1 = build(record(T1, T2, T3), null).ledger;
    const l2 = build(record(T1, T3), l1).ledger; // T2 is gone
    expect(l2.get(2)!.state).toBe("removed");
    const next = build(record(T1, T4, T3), l2);
    expect(next.n.record.articles.map((a) => a.index)).toEqual([1, 4, 3]);
    expect(retiredNumbers(next.ledger, new Set([1, 3, 4]))).toEqual([{ n: 2, state: "removed", into: null, title: l1.get(2)!.title }]);
  });

  it("a number whose text the parser ran into another article is merged into it, and live again when the text is cut out again", () => {
    const short = T3.slice(0, 40);
    const l1 = build(record(T1, T2, short), null).ledger;
    const l2 = build(record(T1, `${T2}${short}`), l1).ledger;
    expect(l2.get(3)).toMatchObject({ state: "merged", into: 2 });
    expect(retiredNumbers(l2, new Set([1, 2]))).toEqual([{ n: 3, state: "merged", into: 2, title: l1.get(3)!.title }]);
    const l3 = build(record(T1, T2, short), l2);
    expect(l3.n.record.articles.map((a) => a.index)).toEqual([1, 2, 3]);
    expect(l3.ledger.get(3)!.state).toBe("live");
  });

  it("a split-off part gets the number the ledger gave it before, from the same article", () => {
    const n = numberArticles(record(T1, T2 + T3), null);
    const numberFor = splitNumbering(n);
    expect(numberFor(article(0, T3, 15), 2)).toBe(3);
    const ledger = updateLedger(n, { ...n.record, articles: [n.record.articles[0]!, { ...n.record.articles[1]!, body: [T2] }, article(3, T3, 15)] }, { merged: new Map(), splitFrom: new Map([[3, 2]]) });
    expect(ledger.get(3)).toMatchObject({ state: "live", from: 2 });
    // The next build: the parse still has T2+T3 under number 2; the split gives its part number 3 again.
    const again = numberArticles(record(T1, T2 + T3), ledger);
    expect(again.record.articles.map((a) => a.index)).toEqual([1, 2]);
    expect(splitNumbering(again)(article(0, T3, 15), 2)).toBe(3);
    expect(splitNumbering(again)(article(0, T4, 15), 2)).toBe(4);
  });

  it("renumbers the parser's own per-article warnings", () => {
    const l1 = build(record(T1, T2), null).ledger;
    const rec = { ...record(T2, T1), warnings: [{ line: 1, pass: "attachHeadlines", code: "no-headline" as const, article: 1, message: "第 1 篇没有标题" }] };
    const n = numberArticles(rec, l1);
    expect(n.record.warnings[0]).toMatchObject({ article: 2, message: "第 2 篇没有标题" });
  });
});

describe("the ledger file", () => {
  it("reads back what it writes, byte for byte, with a Chinese header", () => {
    const l = build(record(T1, `"引号"与\\反斜杠 ${T2}`, T3), null).ledger;
    l.set(4, { ...l.get(3)!, n: 4, state: "merged", into: 1 });
    l.set(5, { ...l.get(3)!, n: 5, from: 2 });
    const text = formatLedger(l, "content/demo/x.txt");
    expect(text.split("\n")[0]).toMatch(/^# 文章永久编号台账：x\.txt/);
    const back = parseLedger(text, "x.ids.yaml");
    expect(formatLedger(back, "content/demo/x.txt")).toBe(text);
    expect(back.get(4)).toMatchObject({ state: "merged", into: 1 });
    expect(back.get(5)).toMatchObject({ state: "live", from: 2 });
    expect(back.get(2)!.title).toContain('"引号"与\\反斜杠');
  });

  it("a hand-edited line is an error with its line number", () => {
    const text = formatLedger(build(record(T1, T2), null).ledger, "x.txt").replace("2: { state: live", "2: { state: alive");
    let err: unknown;
    try { parseLedger(text, "x.ids.yaml"); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).line).toBe(text.split("\n").findIndex((l) => l.includes("alive")) + 1);
  });
});

describe("corrections on permanent numbers", () => {
  /** One build: the ledger's numbers, then the corrections on them, then the ledger they leave. */
  function correctedBuild(yaml: string, ledger: Ledger | null) {
    const n = numberArticles(parsed(), ledger);
    const live = new Set(n.record.articles.map((a) => a.index));
    const retired = new Set([...(ledger?.keys() ?? [])].filter((k) => !live.has(k)));
    const out = applyNumberedCorrections(n.record, parseCorrections(yaml, FIX), PAGE.split("\n"), { numberFor: splitNumbering(n), retired });
    return { ...out, ledger: updateLedger(n, out.record, out) };
  }

  it("a merge keeps its first number and leaves the others merged into it; a split-off part keeps its own number, which a correction can name", () => {
    const yaml = "merge:\n  - [1, 2]\nsplit:\n  - article: 3\n    at: 演练中\narticles:\n  4:\n    headline: 有序疏散\n";
    const first = correctedBuild(yaml, null);
    expect(first.record.articles.map((a) => [a.index, a.headline])).toEqual([[1, null], [3, null], [4, "有序疏散"]]);
    expect(first.merged).toEqual(new Map([[2, 1]]));
    expect(first.ledger.get(2)).toMatchObject({ state: "merged", into: 1 });
    expect(first.ledger.get(4)).toMatchObject({ state: "live", from: 3 });
    // Rebuilt on its own ledger: the same numbers, the same ledger.
    const again = correctedBuild(yaml, first.ledger);
    expect(again.record.articles.map((a) => [a.index, a.headline])).toEqual([[1, null], [3, null], [4, "有序疏散"]]);
    expect(formatLedger(again.ledger, "x.txt")).toBe(formatLedger(first.ledger, "x.txt"));
  });
});
