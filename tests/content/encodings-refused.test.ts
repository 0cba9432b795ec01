/**
 * The README's promise, one file per encoding: UTF-8 (with or without BOM), GB18030/GBK and UTF-16 (with or
 * without BOM) are read; anything else is refused with one line naming the file and the encoding found, never
 * stored as mojibake. The legacy bytes are made here from Node's own decoders (no encoder ships with Node), so the
 * test needs nothing installed. And GBK keeps decoding as before: pages of the demo archive, whole and in pieces
 * (the mojibake punctuation 渊…冤 袁 遥 included), read as GB18030 to the same text.
 */
import { isUtf8 } from "node:buffer";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { decode } from "../../src/parse/decode.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

const tables = new Map<string, Map<string, number[]>>();

/** The bytes of `text` in a double-byte legacy encoding, from the inverse of TextDecoder's table. */
function encode(label: string, text: string): Uint8Array {
  let table = tables.get(label);
  if (!table) {
    table = new Map();
    const dec = new TextDecoder(label);
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(Uint8Array.from([lead, trail]));
        if ([...ch].length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, [lead, trail]);
      }
    }
    tables.set(label, table);
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) { out.push(c); continue; }
    const bytes = table.get(ch);
    if (!bytes) throw new Error(`no ${label} code for ${ch}`);
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

const utf32 = (text: string, le: boolean) => {
  const cps = [...text].map((c) => c.codePointAt(0)!);
  const b = Buffer.alloc(cps.length * 4);
  cps.forEach((c, i) => (le ? b.writeUInt32LE(c, i * 4) : b.writeUInt32BE(c, i * 4)));
  return b;
};

/** HZ (RFC 1843): GB2312 pairs with the high bits cleared, between ~{ and ~}. */
const hz = (text: string) => text.split("\n").map((line) => line.replace(/[^\x00-\x7f]+/g, (run) =>
  `~{${String.fromCharCode(...[...encode("gbk", run)].map((b) => b & 0x7f))}~}`)).join("\n");

const ZH = "劲旅讯 近日，电解厂召开安全生产专题会议，部署冬季安全生产工作。\n（张俊峰）\n\n电解厂部署冬季安全生产\n";
const TW = "勁旅訊 近日，電解廠召開安全生產專題會議，部署冬季安全生產工作。\n（張俊峰）\n\n電解廠部署冬季安全生產\n";
const JA = "本日、東京の工場で安全会議が開かれました。参加者は冬の安全対策について話し合いました。\n";
const KO = "오늘 서울의 공장에서 안전 회의가 열렸습니다. 참가자들은 겨울철 안전 대책에 대해 논의했습니다.\n";

function refusal(bytes: Uint8Array, file: string): string {
  try {
    decode(bytes, file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error(`${file} was read, not refused`);
}

describe("one file per encoding", () => {
  it.each([
    ["UTF-8", Buffer.from(ZH), "utf-8"],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ZH)]), "utf-8-bom"],
    ["GBK", encode("gbk", ZH), "gb18030"],
    ["GB18030 (four-byte characters)", Buffer.concat([encode("gbk", ZH), Uint8Array.from([0x95, 0x32, 0x82, 0x36])]), "gb18030"],
    ["UTF-16LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ZH, "utf16le")]), "utf-16le"],
    ["UTF-16BE with BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(ZH, "utf16le").swap16()]), "utf-16be"],
    ["UTF-16LE without BOM", Buffer.from(ZH, "utf16le"), "utf-16le"],
    ["UTF-16BE without BOM", Buffer.from(ZH, "utf16le").swap16(), "utf-16be"],
  ])("%s is read", (_, bytes, encoding) => {
    const d = decode(bytes, "x.txt");
    expect(d.encoding).toBe(encoding);
    expect(d.text.replace(/^\uFEFF/, "").startsWith(ZH)).toBe(true);
  });

  it.each([
    ["Big5", encode("big5", TW), /^tw\.txt: 这是 Big5 编码（繁体中文）的文件，只收 UTF-8、GB18030\/GBK 和 UTF-16；请先转成 UTF-8（如 iconv -f BIG5 -t UTF-8/],
    ["Big5, four characters", encode("big5", "中華民國"), /^tw\.txt: 这是 Big5 编码/],
    ["Shift_JIS", encode("shift_jis", JA), /^tw\.txt: 这是 Shift_JIS 编码（日文）的文件/],
    ["EUC-JP", encode("euc-jp", JA), /^tw\.txt: 这是 EUC-JP 编码（日文）的文件/],
    ["EUC-KR", encode("euc-kr", KO), /^tw\.txt: 这是 EUC-KR 编码（韩文）的文件/],
    ["UTF-32LE", utf32(ZH, true), /^tw\.txt: 这是 UTF-32LE 编码的文件/],
    ["UTF-32BE with BOM", utf32(`\ufeff${ZH}`, false), /^tw\.txt: 这是 UTF-32BE 编码的文件/],
    ["ISO-2022-JP", Buffer.from("\x1b$B$3$s$K$A$O\x1b(B, world\n", "latin1"), /^tw\.txt: 这是 ISO-2022 编码/],
    ["HZ-GB-2312", Buffer.from(hz(ZH), "latin1"), /^tw\.txt: 这是 HZ 编码（七位的简体中文编码）的文件/],
    ["UTF-8, then a GBK paragraph", Buffer.concat([Buffer.from(ZH), encode("gbk", ZH)]), new RegExp(`^tw\\.txt:5: 编码混杂：.*第 ${Buffer.byteLength(ZH)} 字节起不是有效的 UTF-8`)],
    ["GBK, then a UTF-8 paragraph", Buffer.concat([encode("gbk", ZH), Buffer.from(ZH)]), /^tw\.txt:1: 编码混杂：.*第 0 字节起不是有效的 UTF-8/],
    ["bytes in no Chinese encoding's common ranges", Uint8Array.from({ length: 400 }, (_, i) => 0x81 + ((i * 37) % 0x7e)), /^tw\.txt(:\d+)?: (无法识别的编码|第 \d+ 字节起无法解码)/],
  ])("%s is refused, naming the file and the encoding found", (_, bytes, message) => {
    const m = refusal(bytes, "tw.txt");
    expect(m).toMatch(message);
    expect(m.split("\n")).toHaveLength(1);
  });
});

describe("GBK keeps decoding as it did", () => {
  const pages = readdirSync(path.join(ROOT, "content"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".txt"))
    .map((f) => readFileSync(path.join(ROOT, "content", f), "utf8"));
  const gbkable = (s: string) => [...s].filter((c) => { try { encode("gbk", c); return true; } catch { return false; } }).join("");

  it("every demo page, whole, reads back as GB18030", () => {
    for (const page of pages) {
      const text = gbkable(page);
      expect(decode(encode("gbk", text), "g.txt")).toEqual({ text, encoding: "gb18030" });
    }
  });

  it("so do pieces of them, the mojibake punctuation (渊…冤 袁 遥 野…冶) of print PDFs included", () => {
    const moji = ["本报讯 渊记者 张三冤 近日袁公司召开会议遥", "效杜绝物料浪费遥 加强组装岗位浇铸工艺培训", "袁确立课题组织党员展开攻关袁促\n进了单耗指标逐步", "等瓶颈难题袁通过野党建冶"];
    for (const text of moji) expect(decode(encode("gbk", text), "g.txt")).toEqual({ text, encoding: "gb18030" });
    const lines = pages.flatMap((p) => p.split("\n")).map(gbkable).filter((l) => /[\u4e00-\u9fff].*[\u4e00-\u9fff]/.test(l));
    // Runs of whole lines, from one line up: what a short file from the print shop looks like. Each is read as
    // GB18030 to its text — or, as before, refused with the generic message (the detector guesses another code
    // page for a few short ones), or read as UTF-8 when its bytes happen to be valid UTF-8 (UTF-8 comes first) —
    // and never called Big5, Japanese, Korean or mixed.
    fc.assert(fc.property(fc.nat(lines.length - 1), fc.integer({ min: 1, max: 12 }), (at, n) => {
      const text = lines.slice(at, at + n).join("\n");
      const bytes = encode("gbk", text);
      let got: string;
      try {
        const d = decode(bytes, "g.txt");
        got = d.encoding === "gb18030" && d.text === text ? "ok" : d.encoding === "utf-8" && isUtf8(bytes) ? "utf-8 first" : `read as ${d.encoding}`;
      } catch (e) {
        got = (e as Error).message;
      }
      expect(got === "ok" || got === "utf-8 first" || /字节起无法解码/.test(got), `${JSON.stringify(text.slice(0, 60))}: ${got}`).toBe(true);
    }), { numRuns: 2000 });
  });
});
