/**
 * Hostile and faulty input at the editor's desk, through the real bin: files in encodings baokan does not read,
 * blank files, NUL bytes past the first 8 kB, paths that would leave content/, terminal control codes in the text,
 * and paper.yaml files that are not settings. Each is one Chinese line on stderr naming the file, exit 1, and
 * nothing written — content/ unchanged, and nothing outside it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, baokan, encodeGbk, JINLV_PAGE, project, snapshot } from "./helpers.ts";

let cleanup = () => {};
afterEach(() => cleanup());

/** The bytes of `text` in a double-byte legacy encoding, from the inverse of TextDecoder's table. */
function encode(label: string, text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder(label);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const ch = trail === 0x7f ? "" : dec.decode(Uint8Array.from([lead, trail]));
      if ([...ch].length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  return Uint8Array.from([...text].flatMap((ch) => (ch.codePointAt(0)! < 0x80 ? [ch.codePointAt(0)!] : table.get(ch)!)));
}

/** Every file of the project but the parse cache: a refused add must leave all of it as it was. */
const everything = (dir: string) => Object.fromEntries(Object.entries(snapshot(dir)).filter(([f]) => !f.startsWith(".cache")));

/** One refused add: exit 1, one line naming the file at fault (the source unless said), and not a file changed anywhere in the project. */
function refused(p: ReturnType<typeof project>, src: string, args: string[], message: RegExp, named = src): string {
  const before = everything(p.dir);
  const r = baokan(p.dir, "add", src, ...args);
  expect(r.status, r.stdout).toBe(1);
  expect(r.stderr).toHaveLength(1);
  expect(r.stderr[0]!.startsWith(`baokan: ${named}`), r.stderr[0]).toBe(true);
  expect(r.stderr[0]).toMatch(message);
  expect(everything(p.dir)).toEqual(before);
  return r.stderr[0]!;
}

const TW = "勁旅訊 近日，電解廠召開安全生產專題會議，部署冬季安全生產工作。\n（張俊峰）\n\n電解廠部署冬季安全生產\n";
const JA = "本日、東京の工場で安全会議が開かれました。参加者は冬の安全対策について話し合いました。\n";
const KO = "오늘 서울의 공장에서 안전 회의가 열렸습니다. 참가자들은 겨울철 안전 대책에 대해 논의했습니다.\n";

describe("baokan add: encodings it does not read are refused, naming the encoding", () => {
  it.each([
    ["Big5 (was stored as GB18030 mojibake)", encode("big5", TW), /: 这是 Big5 编码（繁体中文）的文件，只收 UTF-8、GB18030\/GBK 和 UTF-16；请先转成 UTF-8/],
    ["Shift_JIS", encode("shift_jis", JA), /: 这是 Shift_JIS 编码（日文）的文件/],
    ["EUC-JP", encode("euc-jp", JA), /: 这是 EUC-JP 编码（日文）的文件/],
    ["EUC-KR", encode("euc-kr", KO), /: 这是 EUC-KR 编码（韩文）的文件/],
    ["UTF-8 with a GBK paragraph", Buffer.concat([Buffer.from(JINLV_PAGE), encodeGbk(JINLV_PAGE)]), new RegExp(`:${JINLV_PAGE.split("\n").length}: 编码混杂：文件里有 UTF-8 的中文，但第 ${Buffer.byteLength(JINLV_PAGE)} 字节起不是有效的 UTF-8`)],
    ["overlong UTF-8 (was \"byte offset -1\")", Buffer.from([...Buffer.from("Page 3\n"), 0xc0, 0xaf, 0x0a]), /:2: 第 7 字节起无法解码（/],
    ["a NUL past the first 8 kB", Buffer.concat([Buffer.from(JINLV_PAGE.repeat(40)), Buffer.from([0]), Buffer.from(JINLV_PAGE)]), new RegExp(`: 第 ${Buffer.byteLength(JINLV_PAGE.repeat(40))} 字节处有 NUL 空字节：这不是纯文本文件`)],
    ["only blank lines (was published as an empty issue)", Buffer.from("\n\n   \n\u3000\n\r\n"), /: 文件里只有空行或空白，没有文字；空的一期不加入$/],
    ["front matter and nothing under it", Buffer.from("---\ndate: 2024-02-05\n---\n\n"), /:3: 文件头下面没有正文；空的一期不加入$/],
  ])("%s", (_, bytes, message) => {
    const p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n" });
    cleanup = p.cleanup;
    refused(p, p.write("inbox/2024-02-05.txt", bytes), ["--paper", "jinlv"], message);
  });

  it("UTF-16 without a BOM (was refused as binary) is read and stored as UTF-8", () => {
    const p = project();
    cleanup = p.cleanup;
    const r = baokan(p.dir, "add", p.write("inbox/2024-02-05.txt", Buffer.from(JINLV_PAGE, "utf16le")), "--paper", "jinlv");
    expect(r.status, r.err).toBe(0);
    expect(r.stdout).toMatch(/读取\s+\S+（UTF-16LE → 存为 UTF-8）/);
    expect(readFileSync(path.join(p.content, "jinlv/2024-02-05.txt"), "utf8")).toBe(JINLV_PAGE);
  });
});

describe("baokan add: every path component is checked, whatever it came from", () => {
  it("front matter `paper: ../victim` with --replace no longer writes outside content/", () => {
    const p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n", "victim/2024-02-05.txt": "the victim's own file\n" });
    cleanup = p.cleanup;
    const src = p.write("inbox/a.txt", `---\npaper: ../victim\ndate: 2024-02-05\n---\n${JINLV_PAGE}`);
    refused(p, src, ["--replace"], /:2: 文件头的 paper: "\.\.\/victim" 不能用作报纸目录名：只能用小写英文字母、数字、- 和 _/);
    expect(readFileSync(path.join(p.dir, "victim/2024-02-05.txt"), "utf8")).toBe("the victim's own file\n");
  });

  const BAD = ["../victim", "..", "a/b", "a\\b", ".hidden", "a<b", "a>b", 'a"b', "a'b", "a&b", "a\u0007b", "a\u001b[2Jb", "Jinlv", "劲旅"];

  it.each(BAD)("the slug %j is refused from --paper and from front matter", (slug) => {
    const p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n", "victim/2024-02-05.txt": "x\n" });
    cleanup = p.cleanup;
    const line = refused(p, p.write("inbox/2024-02-05.txt", JINLV_PAGE), ["--paper", slug, "--replace"], /: --paper ".*" 不能用作报纸目录名/);
    expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/); // the value is shown escaped, not raw
    const fm = p.write("inbox/fm.txt", `---\ndate: 2024-02-05\npaper: ${JSON.stringify(slug)}\n---\n${JINLV_PAGE}`);
    refused(p, fm, ["--replace"], /:3: 文件头的 paper: ".*" 不能用作报纸目录名/);
  });

  it("a paper inferred from a folder whose name is not a slug is refused too", () => {
    const p = project({ "content/a&b/paper.yaml": "name: 劲旅\n" });
    cleanup = p.cleanup;
    refused(p, p.write("inbox/2024-02-05.txt", JINLV_PAGE), [], /: 推断出的报纸文件夹 "a&b" 不能用作报纸目录名/);
  });

  it("a date or page that is not digits and letters is refused", () => {
    const p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n" });
    cleanup = p.cleanup;
    refused(p, p.write("inbox/a.txt", `---\ndate: 2024-02-05/../../x\n---\n${JINLV_PAGE}`), ["--paper", "jinlv"], /文件头的 date: "2024-02-05\/\.\.\/\.\.\/x" 不是日期/);
    refused(p, p.write("inbox/b.txt", JINLV_PAGE), ["--paper", "jinlv", "--date", "2024-02-05", "--page", "../x"], /: --page "\.\.\/x" 只能用英文字母和数字/);
  });
});

describe("check and add print no terminal control codes from the file", () => {
  const ESC = ["\x1b[31m", "\x1b]0;窗口标题\x07", "\x1b]52;c;SGVsbG8=\x07", "\x9b2J", "\x1b[2J", "\x07", "\x08", "\r"];
  const page = JINLV_PAGE
    .replace("电解厂召开", `电解厂${ESC[0]}召开`).replace("（张俊峰）", `（张俊${ESC[3]}峰）`)
    .replace("电解厂部署冬季", `电解厂部署${ESC[1]}冬季`).replace("热电分厂\n", `热电分厂${ESC[2]}\n`)
    .concat(`某些${ESC[5]}杂${ESC[6]}项文字${ESC[4]}${ESC[7]}\n`);
  /** C0 but tab and line feed, DEL, C1: what must not reach the terminal (our own colours are SGR only). */
  const CONTROL = /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]|\x1b(?!\[\d+m)/;

  it("with colours off (a pipe) none at all; with colours on only baokan's own colour codes", () => {
    const p = project({ "content/jinlv/paper.yaml": `name: 劲旅${ESC[1]}\n`, "content/jinlv/2024-02-05.txt": page });
    cleanup = p.cleanup;
    const add = baokan(p.dir, "add", p.write("inbox/x.txt", page), "--paper", "jinlv", "--date", "2024-02-06");
    expect(add.status, add.err).toBe(0);
    const check = baokan(p.dir, "check");
    for (const r of [add, check]) {
      expect(r.stdout).toContain("劲旅");
      expect(`${r.stdout}${r.err}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
    // The text around the codes is there: only the codes went ("\x9b2J" was inside the byline).
    expect(check.stdout).toContain("（张俊峰）");
    const env = { ...process.env, FORCE_COLOR: "1", NO_COLOR: undefined } as NodeJS.ProcessEnv;
    const colour = spawnSync(process.execPath, [BIN, "check"], { cwd: p.dir, encoding: "utf8", env, timeout: 60_000 });
    expect(colour.stdout).toMatch(/\x1b\[1m/); // bold file names: colours are on
    expect(`${colour.stdout}${colour.stderr}`).not.toMatch(CONTROL);
    expect(colour.stdout).not.toContain("窗口标题");
  });

  it("nor does an error line quoting the file's text", () => {
    const p = project();
    cleanup = p.cleanup;
    const r = baokan(p.dir, "add", p.write("inbox/x.txt", JINLV_PAGE), "--paper", "x\x1b]0;标题\x07y");
    expect(r.status).toBe(1);
    expect(r.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe("paper.yaml that is not settings", () => {
  it.each([
    ["a list", "- name: 劲旅\n- publisher: 中铝\n", "一个列表"],
    ["a string", "劲旅\n", "一个字符串"],
  ])("%s: check names the file; add to that paper is refused", (_, yaml, what) => {
    const p = project({ "content/jinlv/paper.yaml": yaml, "content/jinlv/2024-02-05.txt": JINLV_PAGE });
    cleanup = p.cleanup;
    const c = baokan(p.dir, "check");
    expect(c.status).toBe(1);
    expect(c.stderr).toContain(`错误 content/jinlv/paper.yaml:1: 报纸设置应是“键: 值”的几行（name: 劲旅、publisher: …、description: …），这里却是${what}`);
    refused(p, p.write("inbox/2024-02-06.txt", JINLV_PAGE), ["--paper", "jinlv"], new RegExp(`:1: 报纸设置应是.*这里却是${what}$`), "content/jinlv/paper.yaml");
  });
});
