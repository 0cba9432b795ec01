import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { decode, MAX_INPUT_BYTES } from "../../src/parse/decode.ts";
import { parseBytes } from "../../src/parse/pipeline.ts";
import { META } from "./helpers.ts";

/** Hand-written GBK: 中 D6D0, 文 CEC4, ， A3AC, 。 A1A3, 本 B1BE, 报 B1A8, 讯 D1B6. */
const GBK = { 中: [0xd6, 0xd0], 文: [0xce, 0xc4], "，": [0xa3, 0xac], "。": [0xa1, 0xa3], 本: [0xb1, 0xbe], 报: [0xb1, 0xa8], 讯: [0xd1, 0xb6] } as const;
const gbk = (s: string) => Uint8Array.from([...s].flatMap((c) => (c === "\n" ? [10] : c === " " ? [32] : [...GBK[c as keyof typeof GBK]])));

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error("expected an InputError, nothing was thrown");
}

describe("decode", () => {
  it("reads plain UTF-8", () => {
    const d = decode(Buffer.from("本报讯 中文，测试。\n"), "a.txt");
    expect(d).toEqual({ text: "本报讯 中文，测试。\n", encoding: "utf-8" });
  });

  it("reads UTF-8 with a BOM and reports it; parseBytes drops the BOM from the text", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("本报讯 近日，公司召开会议。")]);
    expect(decode(bytes, "a.txt").encoding).toBe("utf-8-bom");
    const rec = parseBytes(bytes, META);
    expect(rec.encoding).toBe("utf-8-bom");
    expect(rec.articles[0]!.body[0]).toBe("本报讯 近日，公司召开会议。");
  });

  it("reads GB18030/GBK bytes", () => {
    const d = decode(gbk("本报讯 中文，中文。\n中文，中文。"), "g.txt");
    expect(d).toEqual({ text: "本报讯 中文，中文。\n中文，中文。", encoding: "gb18030" });
  });

  it("reads a two-line GBK file even when the detector guesses a Japanese code page", () => {
    // chardet names shift_jis for these 12 bytes; every double-byte pair is a GB2312 pair, so it is Chinese.
    expect(decode(gbk("中文\n中文。"), "g.txt")).toEqual({ text: "中文\n中文。", encoding: "gb18030" });
  });

  it("still refuses real Shift_JIS text (hiragana), naming the file and the encoding", () => {
    // こんにちは、にほんご。in Shift_JIS: leads 0x82/0x81 are never GB2312 pairs (nor, read as UTF-16BE, Chinese).
    const sjis = Uint8Array.from([0x82, 0xb1, 0x82, 0xf1, 0x82, 0xc9, 0x82, 0xbf, 0x82, 0xcd, 0x81, 0x41, 0x82, 0xc9, 0x82, 0xd9, 0x82, 0xf1, 0x82, 0xb2, 0x81, 0x42]);
    const e = inputError(() => decode(sjis, "j.txt"));
    expect(e.message).toMatch(/^j\.txt: 这是 Shift_JIS 编码（日文）的文件/);
  });

  it("reads UTF-16LE with a BOM", () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("本报讯 中文。\n第二行", "utf16le")]);
    const d = decode(bytes, "u.txt");
    expect(d.encoding).toBe("utf-16le");
    expect(d.text.replace(/^\uFEFF/, "")).toBe("本报讯 中文。\n第二行");
  });

  it("recognises BOM-less UTF-16LE of ASCII-heavy text by its NUL pattern (and does not call it binary)", () => {
    const d = decode(Buffer.from("Page 3 of the paper\n", "utf16le"), "u.txt");
    expect(d).toEqual({ text: "Page 3 of the paper\n", encoding: "utf-16le" });
  });

  it("recognises BOM-less UTF-16 of Chinese text, which has few NULs, in either byte order (it was refused as binary)", () => {
    const text = "劲旅讯 近日，电解厂召开安全生产专题会议，部署冬季安全生产工作。\n（张俊峰）\n电解厂部署冬季安全生产\n";
    const le = Buffer.from(text, "utf16le");
    const be = Buffer.from(le).swap16();
    expect(decode(le, "u.txt")).toEqual({ text, encoding: "utf-16le" });
    expect(decode(be, "u.txt")).toEqual({ text, encoding: "utf-16be" });
    // No NUL at all: one line of hanzi.
    expect(decode(Buffer.from("劲旅讯近日电解厂召开安全生产专题会议", "utf16le"), "u.txt").encoding).toBe("utf-16le");
  });

  it("reports ill-formed UTF-8 (overlong forms, surrogates) at its real byte offset, not -1", () => {
    const good = Buffer.from("本报讯 中文，测试。\nab");
    for (const bad of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      const e = inputError(() => decode(Buffer.concat([good, Uint8Array.from(bad), Buffer.from("xyz")]), "o.txt"));
      // UTF-8 Chinese before the bad bytes: refused as mixed, at the same offset.
      expect(e.detail).toMatch(new RegExp(`(byte offset |第 )${good.length}\\b`));
      expect(e.line).toBe(2);
    }
  });

  it("refuses a NUL byte past the first 8 kB too (binary data spliced in), naming its offset and line", () => {
    const line = "劲旅讯 近日，公司召开会议。\n";
    const head = Buffer.from(line.repeat(400));
    const e = inputError(() => decode(Buffer.concat([head, Buffer.from([0x00]), Buffer.from(line)]), "n.txt"));
    expect(head.length).toBeGreaterThan(8192);
    expect(e.message).toBe(`n.txt:401: 第 ${head.length} 字节处有 NUL 空字节：这不是纯文本文件（可能混进了二进制数据），不收；请用导出文本的工具重新导出`);
    // In UTF-16 the NUL is a code unit of two zero bytes.
    const wide = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${line.repeat(400)}\u0000`, "utf16le")]);
    expect(inputError(() => decode(wide, "w.txt")).message).toMatch(new RegExp(`^w\\.txt:401: 第 ${wide.length - 2} 字节处有 NUL`));
  });

  it("refuses an empty file, naming it", () => {
    const e = inputError(() => decode(new Uint8Array(0), "empty.txt"));
    expect(e.file).toBe("empty.txt");
    expect(e.message).toMatch(/空文件/);
  });

  it("refuses a binary file (NUL bytes)", () => {
    const pdfish = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0x01, 0x02, 0xff, 0x00]);
    const e = inputError(() => decode(pdfish, "scan.pdf"));
    expect(e.message).toMatch(/^scan\.pdf: .*二进制文件/);
  });

  it("refuses undecodable bytes with an InputError naming the file, byte offset and line", () => {
    const bytes = Buffer.concat([Buffer.from("hello\nab"), Uint8Array.from([0xff, 0xfe, 0x80, 0x81]), Buffer.from("xyz")]);
    const e = inputError(() => decode(bytes, "bad.txt"));
    expect(e.file).toBe("bad.txt");
    expect(e.detail).toMatch(/第 8 字节/);
    expect(e.line).toBe(2);
    expect(e.message.startsWith("bad.txt:2:")).toBe(true);
  });

  it("never turns undecodable bytes into replacement characters", () => {
    const bytes = Buffer.concat([Buffer.from("中文，测试。"), Uint8Array.from([0xc3, 0x28]), Buffer.from("好")]);
    expect(() => decode(bytes, "x.txt")).toThrow(InputError);
  });

  it(`refuses files over ${MAX_INPUT_BYTES / 1024 / 1024} MB before decoding them`, () => {
    const e = inputError(() => decode(new Uint8Array(MAX_INPUT_BYTES + 1), "huge.txt"));
    expect(e.message).toMatch(/^huge\.txt: .*超过 20 MB 的上限/);
  });

  it("accepts a file of exactly the limit (the limit is inclusive)", () => {
    const bytes = new Uint8Array(MAX_INPUT_BYTES).fill(0x41);
    expect(decode(bytes, "big.txt").encoding).toBe("utf-8");
  });
});
