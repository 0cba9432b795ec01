/**
 * Every message an editor reads is Chinese: the real bin is run over the demo archive (check, parse --explain, add,
 * report, serve, every --help) and over bad input (an unknown option or command, a missing argument or file, a bad
 * --port or --date, a binary, empty or Big5 file), and its stdout and stderr are scanned for English sentences —
 * a run of three or more English words. What is not a sentence is taken out first: file paths, option names,
 * placeholders (<file>, [paths...]), URLs, YAML keys, code names (baokan, Pagefind) and encoding names. Text quoted
 * from the input files (a scraped page's "Copyright" line) is the paper's, not a message, and is allowed too.
 */
import { spawn } from "node:child_process";
import { cpSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BIN, ROOT, baokan, JINLV_PAGE, project, type Run } from "./helpers.ts";

/** Words that are names, not English prose: the program, tools, encodings, file formats. */
const NAMES = /\b(?:baokan|[Pp]agefind(?:_extended)?|Eleventy|Nunjucks|Chromium|UTF-(?:8|16(?:LE|BE)?|32(?:LE|BE)?)|GB18030|GBK|GB2312|Big5|BIG5|Shift_JIS|EUC-(?:JP|KR)|ISO-2022(?:-JP)?|HZ|YAML|JSON|CSV|PDF|OCR|BOM|NUL|MB|kB|Ctrl-C|iconv|npm|ENOENT|EACCES|EADDRINUSE)\b/g;

/** The runs of three or more English words in `text`, once paths, options, URLs, keys and names are taken out. */
export function englishRuns(text: string, allowed = ""): string[] {
  const cleaned = text
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "") // colours
    .replace(/\bhttps?:\/\/\S+/g, " ")
    .replace(/[^\s（）“”「」：，、；]*[/\\][^\s（）“”「」：，、；]*/g, " ") // anything with a slash: paths, content/, /report/
    .replace(/\S+\.(?:txt|ya?ml|json|csv|html|xml|js|mjs|ts)\b/g, " ")
    .replace(/(?<![\w-])--?[A-Za-z][\w-]*/g, " ") // option names: --paper, -h
    .replace(/<[^<>\n]*>|\[[^\][\n]*\]/g, " ") // placeholders and tags: <file>, [paths...], [parse]
    .replace(/\b[a-z][\w-]*:(?=\s|$)/g, " ") // YAML keys: name:, publisher:
    .replace(NAMES, " ");
  const runs = cleaned.match(/[A-Za-z][A-Za-z'’]*(?:[ \t]+[A-Za-z][A-Za-z'’]*){2,}/g) ?? [];
  return runs.filter((r) => !allowed.includes(r));
}

/** Every raw text of the demo archive: words quoted from it are the paper's. */
function demoText(): string {
  const dir = path.join(ROOT, "content");
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .map((f) => readFileSync(path.join(dir, f), "utf8")).join("\n");
}

const DEMO = demoText();

/** A run's output with where each English run was found, for a readable failure. */
function english(label: string, r: Pick<Run, "stdout" | "err">): string[] {
  return [...englishRuns(r.stdout, DEMO).map((x) => `${label} (stdout): ${x}`), ...englishRuns(r.err, DEMO).map((x) => `${label} (stderr): ${x}`)];
}

describe("the detector", () => {
  it("finds English sentences and lets paths, options, names and placeholders through", () => {
    expect(englishRuns("article 4 has no headline")).toEqual(["has no headline"]);
    expect(englishRuns("无署名  content/x.txt:3  article 7: no byline found")).toEqual(["no byline found"]);
    expect(englishRuns("baokan: x.txt: cannot tell which paper this is; pass --paper <slug>")).toEqual(["cannot tell which paper this is"]);
    expect(englishRuns("Usage: baokan add [options] <file>")).toEqual([]);
    expect(englishRuns("用法： baokan check [选项] [paths...]\n  --content <dir>  content 文件夹（默认：content）")).toEqual([]);
    expect(englishRuns("错误 content/p/a.txt:3: 文件头不是有效的 YAML")).toEqual([]);
    expect(englishRuns("这是 Big5 编码的文件；请先转成 UTF-8（如 iconv -f BIG5 -t UTF-8 原文件 > 新文件）")).toEqual([]);
    expect(englishRuns("本文来源:美狮会 Copyright all rights reserved", "Copyright all rights reserved")).toEqual([]);
  });
});

describe("baokan speaks Chinese at the editor's desk", () => {
  let p: ReturnType<typeof project>;
  const found: string[] = [];
  const run = (label: string, ...args: string[]) => {
    const r = baokan(p.dir, ...args);
    found.push(...english(label, r));
    return r;
  };

  beforeAll(() => {
    p = project();
    cpSync(path.join(ROOT, "content"), p.content, { recursive: true });
  });
  afterAll(() => p.cleanup());
  beforeEach(() => { found.length = 0; });

  it("every --help", () => {
    const heads: string[] = [];
    for (const args of [["--help"], ["help"], ["help", "add"], ...["parse", "add", "check", "build", "report", "serve"].map((c) => [c, "--help"])]) {
      const r = run(`baokan ${args.join(" ")}`, ...args);
      expect(r.status, args.join(" ")).toBe(0);
      heads.push(r.stdout.split("\n")[0]!);
    }
    expect(found).toEqual([]);
    for (const head of heads) expect(head).toMatch(/^用法： baokan/);
  });

  it("check and parse --explain on the demo archive", { timeout: 120_000 }, () => {
    const check = run("check", "check");
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/共 \d+ 个文件、\d+ 篇文章；警告 \d+ 条/);
    expect(check.stdout).toMatch(/无标题 +content\/jinlv\/\S+:\d+ +第 \d+ 篇没有标题/);
    // The demo's corrections file makes two corrections, and says so once each.
    expect(check.stdout).toMatch(/更正 2 处/);
    // The JSON is data (reason keys, pass names); its findings' messages are what an editor reads.
    const json = JSON.parse(baokan(p.dir, "check", "--json").stdout) as { findings: { message: string }[] };
    for (const f of json.findings) found.push(...englishRuns(f.message, DEMO).map((x) => `check --json finding: ${x}`));
    for (const file of readdirSync(p.content, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".txt"))) {
      const r = run(`parse --explain ${file}`, "parse", "--explain", path.join("content", file));
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^\d+\. .+ {2}\[(?:消息|图片|文艺|启事)\] {2}行 /m);
    }
    expect(found).toEqual([]);
  });

  it("a byline listed for a piece is never reported missing", { timeout: 60_000 }, () => {
    const out = JSON.parse(baokan(p.dir, "check", "--json").stdout) as { issues: { file: string; articles: { index: number; authors: string[] }[] }[]; findings: { issue: string; kind: string; message: string }[] };
    for (const f of out.findings.filter((x) => x.kind === "no-byline")) {
      const n = Number(/\d+/.exec(f.message)![0]); // the article's number, the first in the message
      const article = out.issues.find((i) => i.file === f.issue)!.articles.find((a) => a.index === n)!;
      expect(article.authors, `${f.issue} ${f.message}`).toEqual([]);
    }
  });

  it("add, report and serve on a copy of the demo", { timeout: 240_000 }, async () => {
    const src = p.write("inbox/劲旅2024-02-05.txt", JINLV_PAGE);
    const add = run("add", "add", src);
    expect(add.status, add.err).toBe(0);
    expect(add.stdout).toMatch(/已加入。/);
    const report = run("report", "report", "--out", "site");
    expect(report.status, report.err).toBe(0);
    expect(report.stdout).toMatch(/^\[parse\] \d+ 个文件 /m);
    expect(report.stdout).toMatch(/^\[index\] \d+ 个页面，/m);
    // The report page itself: the editors' page, its words as they read them.
    const html = readFileSync(path.join(p.dir, "site/report/index.html"), "utf8").replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, " ").replace(/<[^>]+>/g, " ");
    found.push(...englishRuns(html.replace(/&[a-z]+;|&#\d+;/g, " "), DEMO + JINLV_PAGE).map((x) => `/report/: ${x}`));
    // serve: the log of a first build, then Ctrl-C.
    const log = await serveLog(p.dir);
    found.push(...englishRuns(log, DEMO).map((x) => `serve: ${x}`));
    expect(log).toMatch(/\[serve\] .* 已在 http:\/\/\S+ 提供/);
    expect(found).toEqual([]);
  });
});

/** `baokan serve --port 0 --no-watch` until it serves, then SIGINT; its stdout and stderr together. */
function serveLog(cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--no-watch", "--out", "site"], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    const timer = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`serve did not start:\n${out}`)); }, 180_000);
    const take = (b: Buffer) => {
      out += b.toString("utf8");
      if (/\[serve\] .* 提供/.test(out)) child.kill("SIGINT");
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("exit", () => { clearTimeout(timer); resolve(out); });
  });
}

describe("bad input gets one Chinese line", () => {
  let p: ReturnType<typeof project>;
  beforeAll(() => {
    p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n", "content/jinlv/2024-01-05.txt": JINLV_PAGE });
  });
  afterAll(() => p.cleanup());

  /** Big5 bytes of `text`, from the inverse of TextDecoder's table. */
  function big5(text: string): Uint8Array {
    const table = new Map<string, number[]>();
    const dec = new TextDecoder("big5");
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        const ch = trail === 0x7f ? "" : dec.decode(Uint8Array.from([lead, trail]));
        if ([...ch].length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, [lead, trail]);
      }
    }
    return Uint8Array.from([...text].flatMap((ch) => (ch.codePointAt(0)! < 0x80 ? [ch.codePointAt(0)!] : table.get(ch)!)));
  }

  it.each([
    ["an unknown option", () => ["check", "--bogus"], /^错误：没有选项 --bogus/],
    ["an unknown command", () => ["chek"], /^错误：没有命令 chek/],
    ["a missing argument", () => ["parse"], /^错误：缺少参数 <file>/],
    ["a missing option value", () => ["add", "x.txt", "--date"], /^错误：选项 --date <YYYY-MM-DD> 后面要跟一个值/],
    ["too many arguments", () => ["parse", "a.txt", "b.txt"], /^错误：parse 参数太多/],
    ["a missing file (parse)", () => ["parse", "no/such.txt"], /^baokan: no\/such\.txt: 无法读取文件（ENOENT）$/],
    ["a missing file (add)", () => ["add", "no/such.txt"], /^baokan: no\/such\.txt: 无法读取文件（ENOENT）$/],
    ["a bad --port", () => ["serve", "--port", "abc"], /^baokan: --port: 不是端口号：abc/],
    ["a bad --date", () => ["add", p.write("inbox/a.txt", JINLV_PAGE), "--date", "下周一"], /--date "下周一" 不是/],
    ["a binary file", () => ["add", p.write("inbox/b.txt", Buffer.from("%PDF-1.7\n\u0000\u0001binary")), "--paper", "jinlv"], /: 二进制文件（含 NUL 或控制字节），不是文本$/],
    ["an empty file", () => ["add", p.write("inbox/c.txt", ""), "--paper", "jinlv"], /: 空文件（0 字节）$/],
    ["a Big5 file", () => ["add", p.write("inbox/d.txt", big5("勁旅訊 近日，電解廠召開安全生產專題會議，部署冬季安全生產工作。\n（張俊峰）\n")), "--paper", "jinlv"], /这是 Big5 编码（繁体中文）的文件/],
    ["a paper it cannot tell", () => ["add", p.write("inbox/e.txt", "本报讯 近日，公司召开职工代表大会。（张三）\n"), "--date", "2024-03-01"], /认不出这是哪份报纸/],
    ["an issue that is there already", () => ["add", p.write("inbox/2024-01-05.txt", JINLV_PAGE), "--paper", "jinlv"], /已存在；要覆盖请加 --replace/],
    ["a bad --site-url (was a stack trace)", () => ["build", "--site-url", "example.org", "--out", "site"], /^baokan: --site-url: 网站地址必须是完整的 http\(s\) 地址/],
    ["check with no content folder", () => ["check", "--content", "nowhere"], /^baokan: nowhere: 这里没有 content 文件夹/],
  ])("%s", (_, args, message) => {
    const r = baokan(p.dir, ...args());
    expect(r.status).toBe(1);
    expect(r.stderr[0], r.err).toMatch(message);
    expect(english(args().join(" "), r)).toEqual([]);
  });

  it("check over the bad files: each error line Chinese", () => {
    p.write("content/jinlv/2024-01-06.txt", "");
    p.write("content/jinlv/2024-01-07.txt", Buffer.from("x\u0000y"));
    p.write("content/jinlv/2024-01-08.txt", "---\ndate: 2024-01-08\n");
    p.write("content/jinlv/2024-01-05.fix.yaml", "articles:\n  9:\n    headline: x\n");
    const r = baokan(p.dir, "check");
    expect(r.status).toBe(1);
    expect(r.stderr).toHaveLength(4);
    for (const line of r.stderr) expect(line).toMatch(/^错误 content\/jinlv\/\S+: /);
    expect(english("check", r)).toEqual([]);
  });
});
