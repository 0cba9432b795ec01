/**
 * Pass 1 — decode: raw bytes → text. UTF-8 (with or without BOM) first, then UTF-16 (BOM, the NUL pattern of
 * ASCII-heavy text, or BOM-less text whose every code unit is one Chinese text uses), then GB18030 (a superset of
 * GBK/GB2312, the encoding of most Chinese PDF/OCR tools). Anything else is an InputError, never a silent
 * replacement character nor text read in the wrong encoding:
 * - Big5, Shift_JIS, EUC-JP, EUC-KR, UTF-32, ISO-2022 and HZ are named ("这是 Big5 编码（繁体中文）的文件…"). Big5 is
 *   valid GB18030 byte for byte, so "decodes as GB18030" proves nothing: the bytes' double-byte pairs decide
 *   (pairStats). Converting Big5 is refused rather than done: a wrong guess would store garbage again, and the
 *   parser reads simplified text.
 * - a file that is partly UTF-8 and partly something else (a GBK paragraph pasted into a UTF-8 page) is refused
 *   with the offset where UTF-8 stops, instead of reading the UTF-8 part as GB18030 mojibake;
 * - the byte offset of an undecodable file is the first ill-formed UTF-8 sequence (overlong forms and surrogates
 *   included), and a NUL anywhere is refused (binary data spliced into text).
 * White space alone decodes (it is text); `add` refuses a file of only blank lines (add-issue.ts).
 */
import { Buffer, isUtf8 } from "node:buffer";
import chardet from "chardet";
import { InputError } from "../errors.ts";
import { INPUT } from "../messages.ts";

export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

export interface Decoded {
  text: string;
  encoding: "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "gb18030";
}

function strictDecode(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Strict UTF-8, as `new TextDecoder("utf-8", { fatal: true })` decodes it (one leading BOM dropped), in about
 * half its time: Node's isUtf8 validates and Buffer#toString decodes, both vectorised. Every issue file goes
 * through here, so on a 10 MB archive the difference is a visible share of the parse.
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  if (!isUtf8(bytes)) return null;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Offset of the first byte of the first ill-formed UTF-8 sequence (Unicode table 3-7: overlong forms, surrogates
 * and code points past U+10FFFF are ill-formed too), or -1 when the bytes are well-formed.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    // The allowed range of the second byte by lead byte; every later byte is 80–BF.
    let n: number, lo = 0x80, hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 2;
    else if (b >= 0xe0 && b <= 0xef) { n = 3; if (b === 0xe0) lo = 0xa0; if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { n = 4; if (b === 0xf0) lo = 0x90; if (b === 0xf4) hi = 0x8f; }
    else return i;
    if (i + n > bytes.length) return i;
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return -1;
}

/**
 * Text files have no NUL bytes and few C0 controls; binaries (PDF, images, zip) have many. Looks at the first
 * 8 kB as a Latin-1 string (one character per byte), so both checks run natively rather than byte by byte.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, n).toString("latin1");
  if (head.includes("\0")) return true;
  const ctrl = head.match(/[\x01-\x08\x0e-\x1f]/g)?.length ?? 0;
  return ctrl > n * 0.05;
}

export function utf16Pattern(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  // No NUL at all (every UTF-8 and GBK file): neither count below could pass.
  if (bytes.subarray(0, n).indexOf(0) < 0) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return "utf-16le";
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return "utf-16be";
  return null;
}

/** A UTF-16 code unit Chinese text is made of: ASCII text, Latin-1, punctuation, symbols, CJK, full-width forms. */
function chineseTextUnit(u: number): boolean {
  if (u < 0x80) return u === 9 || u === 10 || u === 12 || u === 13 || u >= 0x20 && u < 0x7f;
  return u >= 0xa0 && u <= 0xff || u >= 0x2000 && u <= 0x27bf || u >= 0x3000 && u <= 0x33ff ||
    u >= 0x3400 && u <= 0x9fff || u >= 0xd800 && u <= 0xdfff || u >= 0xf900 && u <= 0xfaff || u >= 0xff00 && u <= 0xffef;
}

/**
 * UTF-16 without a BOM whose text is Chinese: no NUL pattern (hanzi have no zero byte), but in one byte order
 * every code unit (of the first 4 kB) is one chineseTextUnit accepts, and in the other order many are not; eight
 * code units at least, a quarter of them CJK, and of the hanzi a fifth at least below U+8000 (的 U+7684, 一
 * U+4E00: Chinese text has most of its hanzi there; Shift_JIS read as UTF-16BE has all of them in 8100–9FFF).
 * Random bytes pass one unit in two; GBK and Big5 text, read as UTF-16, almost none.
 */
export function utf16Chinese(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (bytes.length % 2 !== 0 || bytes.length < 16) return null;
  const n = Math.min(bytes.length, 4096);
  const units = n / 2;
  const read = (le: boolean) => {
    let ok = 0, cjk = 0, hanzi = 0, low = 0;
    for (let i = 0; i < n; i += 2) {
      const u = le ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!;
      if (!chineseTextUnit(u)) continue;
      ok++;
      if (u >= 0x3000 && u <= 0x9fff || u >= 0xff00 && u <= 0xffef) cjk++;
      if (u >= 0x4e00 && u <= 0x9fff) { hanzi++; if (u < 0x8000) low++; }
    }
    return { ok, chinese: ok === units && cjk >= units / 4 && low >= hanzi / 5 };
  };
  const le = read(true), be = read(false);
  // The other order must fail often: ASCII pairs ("ab") are CJK code units either way round.
  if (le.chinese && be.ok < units * 0.8) return "utf-16le";
  if (be.chinese && le.ok < units * 0.8) return "utf-16be";
  return null;
}

/** UTF-32 (with or without BOM): every fourth code unit's top two bytes are zero. */
function utf32Order(bytes: Uint8Array): "UTF-32LE" | "UTF-32BE" | null {
  if (bytes.length % 4 !== 0 || bytes.length < 4) return null;
  const n = Math.min(bytes.length, 4096);
  let le = 0, be = 0;
  for (let i = 0; i < n; i += 4) {
    if (bytes[i + 2] === 0 && bytes[i + 3] === 0 && (bytes[i] || bytes[i + 1])) le++;
    if (bytes[i] === 0 && bytes[i + 1] === 0 && (bytes[i + 2] || bytes[i + 3])) be++;
  }
  if (le === n / 4) return "UTF-32LE";
  if (be === n / 4) return "UTF-32BE";
  return null;
}

/** Where each encoding named in a refusal comes from, in the words an editor knows. */
const NAMED: Record<string, string> = {
  big5: "Big5 编码（繁体中文）", shift_jis: "Shift_JIS 编码（日文）", "euc-jp": "EUC-JP 编码（日文）", "euc-kr": "EUC-KR 编码（韩文）",
  "iso-2022": "ISO-2022 编码（七位编码，如日文的 ISO-2022-JP）", hz: "HZ 编码（七位的简体中文编码）", "UTF-32LE": "UTF-32LE 编码", "UTF-32BE": "UTF-32BE 编码",
};
const ICONV: Record<string, string> = {
  big5: "BIG5", shift_jis: "SHIFT_JIS", "euc-jp": "EUC-JP", "euc-kr": "EUC-KR", "iso-2022": "ISO-2022-JP", hz: "HZ", "UTF-32LE": "UTF-32LE", "UTF-32BE": "UTF-32BE",
};

function refuseNamed(file: string, found: string): InputError {
  return new InputError(file, `这是 ${NAMED[found]}的文件，只收 UTF-8、GB18030/GBK 和 UTF-16；请先转成 UTF-8（如 iconv -f ${ICONV[found]} -t UTF-8 原文件 > 新文件）再加入`);
}

export function decode(bytes: Uint8Array, file: string): Decoded {
  if (bytes.length === 0) throw new InputError(file, INPUT.empty);
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new InputError(file, INPUT.tooLarge(bytes.length, MAX_INPUT_BYTES / 1024 / 1024));
  }
  const u32 = (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) ? "UTF-32LE"
    : (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) ? "UTF-32BE" : utf32Order(bytes);
  if (u32) throw refuseNamed(file, u32);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return finish(file, bytes, strictDecode("utf-16le", bytes), "utf-16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return finish(file, bytes, strictDecode("utf-16be", bytes), "utf-16be");
  const u16 = utf16Pattern(bytes);
  if (u16) return finish(file, bytes, strictDecode(u16, bytes), u16);
  const utf8 = decodeUtf8(bytes);
  if (utf8 === null) {
    const bare = utf16Chinese(bytes);
    const text = bare ? strictDecode(bare, bytes) : null;
    if (bare && text !== null) return finish(file, bytes, text, bare);
  }
  // Seven-bit ISO-2022 and HZ text is valid ASCII; ISO-2022's escape sequences (ESC $ B, ESC $ ) C) and HZ's
  // ~{…~} runs of GB2312 pairs (twice at least) give them away.
  if (utf8 !== null && utf8.includes("\x1b$") && /\x1b\$[@AB()*+]/.test(utf8)) throw refuseNamed(file, "iso-2022");
  if (utf8 !== null && utf8.includes("~{") && (utf8.match(/~\{(?:[\x21-\x77][\x21-\x7e])+~\}/g)?.length ?? 0) >= 2) throw refuseNamed(file, "hz");
  if (looksBinary(bytes)) throw new InputError(file, INPUT.binary);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (utf8 !== null) return finish(file, bytes, utf8, bom ? "utf-8-bom" : "utf-8");
  // Not UTF-8. chardet names the most likely legacy encoding; we accept only the Chinese ones and then
  // insist that the bytes really are valid in that encoding.
  const guess = (chardet.detect(bytes) ?? "").toLowerCase();
  const stats = pairStats(bytes);
  // On a few lines chardet often names Shift_JIS, EUC-KR or a Windows code page for GBK text ("中文\n中文。" reads
  // as shift_jis, "效杜绝物料浪费遥 加强组装岗位浇铸工艺培训" as euc-kr); text whose double-byte characters are
  // nearly all GB2312 pairs is Chinese whatever the guess, unless it reads as Korean (hangul words and spaces).
  const chinese = /gb|big5|hz|euc-cn/.test(guess) || guess === "" || guess.startsWith("iso-8859") ||
    (gb2312PairShare(bytes) >= 0.8 && !(/euc-kr|ks_c/.test(guess) && korean(strictDecode("euc-kr", sampleOf(bytes)), 4)));
  const gb = chinese ? strictDecode("gb18030", bytes) : null;
  const at = firstInvalidUtf8(bytes);
  const line = lineOfOffset(bytes, at);
  // Valid GB18030 is not yet GB18030: Big5, EUC-JP and EUC-KR bytes, and UTF-8 with a few bad bytes, decode too.
  const utf8Chinese = utf8Runs(bytes) >= 6;
  if (gb !== null && cjkShare(gb) > 0.2) {
    if (utf8Chinese) throw refuseMixed(file, at, line);
    const other = notGb(sampleOf(bytes), stats);
    if (!other) return finish(file, bytes, gb, "gb18030");
    if (other === "unknown") throw new InputError(file, `无法识别的编码：按 GB18030/GBK 读出来几乎全是生僻字或空码位，不是中文文本${guess ? `（检测器猜是 ${guess}）` : ""}；请确认原文件的编码，转成 UTF-8 再加入`);
    throw refuseNamed(file, other);
  }
  if (utf8Chinese && gbPairAt(bytes, at)) throw refuseMixed(file, at, line);
  const named = utf8Chinese ? null : identify(sampleOf(bytes), stats);
  if (named) throw refuseNamed(file, named);
  throw new InputError(
    file,
    INPUT.undecodable(at, guess),
    line,
  );
}

function refuseMixed(file: string, at: number, line: number): InputError {
  return new InputError(file, `编码混杂：文件里有 UTF-8 的中文，但第 ${at} 字节起不是有效的 UTF-8（混进了 GBK 等别的编码的文字，或有坏字节）；请把整个文件存成同一种编码（最好是 UTF-8）再加入`, line);
}

/**
 * The decoded text, refused when it holds a NUL character anywhere: the first 8 kB were checked as bytes; past
 * them a NUL is binary data spliced into the text, and would go into every JSON the site writes.
 */
function finish(file: string, bytes: Uint8Array, text: string | null, encoding: Decoded["encoding"]): Decoded {
  if (text === null) throw new InputError(file, `invalid ${encoding.toUpperCase()} text`);
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    const wide = encoding.startsWith("utf-16");
    const offset = wide ? nulUnitOffset(bytes) : bytes.indexOf(0);
    const line = text.slice(0, nul).split("\n").length;
    throw new InputError(file, `第 ${offset} 字节处有 NUL 空字节：这不是纯文本文件（可能混进了二进制数据），不收；请用导出文本的工具重新导出`, line);
  }
  return { text, encoding };
}

/** Byte offset of the first U+0000 code unit of UTF-16 bytes. */
function nulUnitOffset(bytes: Uint8Array): number {
  for (let i = 0; i + 1 < bytes.length; i += 2) if (bytes[i] === 0 && bytes[i + 1] === 0) return i;
  return -1;
}

/**
 * How the double-byte pairs of the first 64 kB fall into each encoding's common ranges (shares of all pairs):
 * - gb2312: GB2312 proper (rows A1–A9 symbols, B0–F7 hanzi; trail A1–FE) — the pairs of simplified text;
 * - gbCommon: GB2312's level-1 hanzi (B0–D7) and punctuation rows (A1–A3);
 * - big5Common: Big5's punctuation (A1–A3) and common hanzi (A440–C67E), whose trail bytes are 40–7E or A1–FE:
 *   Big5 text scores ~0.96 here and ~0.16 on gbCommon; GBK text 1.0 on gbCommon and ~0.55 here;
 * - hangul: EUC-KR's syllables (B0–C8, trail A1–FE); highLead: leads C9–F7, where no hangul lies.
 */
export interface PairStats { pairs: number; gb2312: number; gbCommon: number; big5Common: number; hangul: number; highLead: number }

export function pairStats(bytes: Uint8Array): PairStats {
  let pairs = 0, gb2312 = 0, gbCommon = 0, big5 = 0, hangul = 0, highLead = 0;
  const end = Math.min(bytes.length, 65536);
  for (let i = 0; i < end; ) {
    const l = bytes[i]!;
    if (l < 0x80) { i++; continue; }
    const t = bytes[i + 1] ?? 0;
    pairs++;
    if (t >= 0x30 && t <= 0x39) { i += 4; continue; } // a GB18030 four-byte character
    const high = t >= 0xa1 && t <= 0xfe;
    const low = t >= 0x40 && t <= 0x7e;
    const punct = l >= 0xa1 && l <= 0xa3;
    if (high && (l >= 0xa1 && l <= 0xa9 || l >= 0xb0 && l <= 0xf7)) gb2312++;
    if (high && (punct || l >= 0xb0 && l <= 0xd7)) gbCommon++;
    if ((high || low) && (punct || l >= 0xa4 && l <= 0xc5) || low && l === 0xc6) big5++;
    if (high && l >= 0xb0 && l <= 0xc8) hangul++;
    if (l >= 0xc9 && l <= 0xf7) highLead++;
    i += 2;
  }
  const share = (x: number) => (pairs ? x / pairs : 0);
  return { pairs, gb2312: share(gb2312), gbCommon: share(gbCommon), big5Common: share(big5), hangul: share(hangul), highLead: share(highLead) };
}

/** Hanzi (and full-width forms) in runs of three or more well-formed UTF-8 sequences: UTF-8 Chinese text. */
function utf8Runs(bytes: Uint8Array): number {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  let n = 0;
  for (const m of s.matchAll(/(?:(?:[\xe3-\xe9][\x80-\xbf]|\xef[\xbc-\xbf])[\x80-\xbf]){3,}/g)) n += m[0].length / 3;
  return n;
}

/** The bytes at `at` are a GB2312 hanzi or punctuation pair: what follows the UTF-8 part is GBK text. */
function gbPairAt(bytes: Uint8Array, at: number): boolean {
  const l = bytes[at] ?? 0, t = bytes[at + 1] ?? 0;
  return t >= 0xa1 && t <= 0xfe && (l >= 0xa1 && l <= 0xa3 || l >= 0xb0 && l <= 0xf7);
}

/** Japanese text: at least three kana, and `share` of its wide characters. */
function japanese(text: string | null, share: number): boolean {
  if (text === null) return false;
  const wide = text.replace(/[\x00-\x7f\s]/g, "").length;
  const kana = text.match(/[\u3041-\u30ff]/g)?.length ?? 0;
  return kana >= 3 && kana >= wide * share;
}

/**
 * The first 64 kB up to their last line break, for reading in other encodings: no multi-byte encoding has a
 * line feed inside a character, so a strict decoder does not fail at the cut.
 */
function sampleOf(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= 65536) return bytes;
  const cut = bytes.subarray(0, 65536).lastIndexOf(10);
  return bytes.subarray(0, cut > 0 ? cut + 1 : 65536);
}

/**
 * Text that decodes as GB18030 with hanzi in it but is another encoding, on strong evidence only, so that no GBK
 * file is refused on a hunch: EUC-JP (kana in three wide characters of ten when read so; its kana rows are
 * GB2312's, so GB18030 reads it without error), Big5 (four pairs at least, in Big5's common ranges and not in
 * GB2312's), Shift_JIS (kana when read so), EUC-KR (hangul syllables and spaces only, 20 syllables at least), or
 * "unknown" (over 32 pairs and under 40 % of them GB2312's common hanzi and punctuation: Chinese text in GBK has
 * over 90 %). `bytes` is the sample (sampleOf).
 */
function notGb(bytes: Uint8Array, s: PairStats): string | null {
  if (japanese(strictDecode("euc-jp", bytes), 0.3)) return "euc-jp";
  if (s.pairs >= 4 && s.big5Common >= 0.8 && s.big5Common - s.gbCommon >= 0.4 && strictDecode("big5", bytes) !== null) return "big5";
  if (s.gbCommon < 0.5 && japanese(strictDecode("shift_jis", bytes), 0.2)) return "shift_jis";
  if (s.pairs >= 20 && s.hangul >= 0.9 && s.highLead <= 0.02 && korean(strictDecode("euc-kr", bytes), 20)) return "euc-kr";
  if (s.pairs >= 32 && s.gbCommon < 0.4) return "unknown";
  return null;
}

/** For a refusal: the legacy encoding the bytes are valid in and read plausibly as, if any. */
function identify(bytes: Uint8Array, s: PairStats): string | null {
  if (japanese(strictDecode("euc-jp", bytes), 0.3)) return "euc-jp";
  if (japanese(strictDecode("shift_jis", bytes), 0.2)) return "shift_jis";
  if (s.pairs >= 3 && s.big5Common >= 0.7 && s.big5Common - s.gbCommon >= 0.2 && strictDecode("big5", bytes) !== null) return "big5";
  if (korean(strictDecode("euc-kr", bytes), 4)) return "euc-kr";
  return null;
}

/**
 * Korean text: at least `min` hangul syllables, nine in ten of its wide characters, and from twelve syllables on
 * spaces between words (one at least per twelve syllables). GBK text read as EUC-KR has syllables too (GB2312's
 * rows B0–C8 are EUC-KR's hangul), but also hanzi and full-width punctuation, and no spaces.
 */
function korean(text: string | null, min: number): boolean {
  if (text === null) return false;
  const wide = text.replace(/[\x00-\x7f\s]/g, "").length;
  const syllables = text.match(/[\uac00-\ud7a3]/g)?.length ?? 0;
  const spaced = text.match(/[\uac00-\ud7a3] (?=[\uac00-\ud7a3])/g)?.length ?? 0;
  return syllables >= min && syllables >= wide * 0.9 && (syllables < 12 || spaced * 12 >= syllables);
}

/**
 * Share of the multi-byte characters that are GB2312 pairs (lead A1–F7, trail A1–FE). Common hanzi and
 * full-width punctuation in GBK are such pairs; Shift_JIS kana and most kanji (leads 81–9F) are not.
 */
function gb2312PairShare(bytes: Uint8Array): number {
  let pairs = 0;
  let gb = 0;
  for (let i = 0; i < bytes.length && i < 65536; ) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    const t = bytes[i + 1] ?? 0;
    pairs++;
    if (b >= 0xa1 && b <= 0xf7 && t >= 0xa1 && t <= 0xfe) gb++;
    i += 2;
  }
  return pairs ? gb / pairs : 0;
}

function cjkShare(text: string): number {
  const sample = text.slice(0, 20000).replace(/\s/g, "");
  if (!sample) return 0;
  const cjk = sample.match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/g)?.length ?? 0;
  return cjk / sample.length;
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 10) line++;
  return line;
}
