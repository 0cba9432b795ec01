/**
 * Pass 1 — decode: raw bytes → text. UTF-8 (with or without BOM) first, then UTF-16 (BOM or the NUL pattern
 * of ASCII-heavy text), then GB18030 (a superset of GBK/GB2312, the encoding of most Chinese PDF/OCR tools).
 * Anything else is an InputError naming the byte offset, never a silent replacement character.
 */
import { Buffer, isUtf8 } from "node:buffer";
import chardet from "chardet";
import { InputError } from "../errors.ts";

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

/** Offset of the first byte that is not valid UTF-8, for the error message. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) return i;
    for (let k = 1; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
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

export function decode(bytes: Uint8Array, file: string): Decoded {
  if (bytes.length === 0) throw new InputError(file, "empty file (0 bytes)");
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new InputError(file, `file is ${bytes.length} bytes, over the ${MAX_INPUT_BYTES / 1024 / 1024} MB limit`);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return finish(file, strictDecode("utf-16le", bytes), "utf-16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return finish(file, strictDecode("utf-16be", bytes), "utf-16be");
  const u16 = utf16Pattern(bytes);
  if (u16) return finish(file, strictDecode(u16, bytes), u16);
  if (looksBinary(bytes)) throw new InputError(file, "binary file (control bytes or NUL found), not text");
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf8 = decodeUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: bom ? "utf-8-bom" : "utf-8" };
  // Not UTF-8. chardet names the most likely legacy encoding; we accept only the Chinese ones and then
  // insist that the bytes really are valid in that encoding.
  const guess = (chardet.detect(bytes) ?? "").toLowerCase();
  // On a few lines chardet often names Shift_JIS or a Windows code page for GBK text ("中文\n中文。" reads as
  // shift_jis); text whose double-byte characters are nearly all GB2312 pairs is Chinese whatever the guess.
  const chinese = /gb|big5|hz|euc-cn/.test(guess) || guess === "" || guess.startsWith("iso-8859") ||
    (!/euc-kr|ks_c/.test(guess) && gb2312PairShare(bytes) >= 0.8);
  const gb = chinese ? strictDecode("gb18030", bytes) : null;
  if (gb !== null && cjkShare(gb) > 0.2) return { text: gb, encoding: "gb18030" };
  const at = firstInvalidUtf8(bytes);
  throw new InputError(
    file,
    `undecodable bytes at byte offset ${at} (not UTF-8, UTF-16 or GB18030${guess ? `; looks like ${guess}` : ""})`,
    lineOfOffset(bytes, at),
  );
}

function finish(file: string, text: string | null, encoding: Decoded["encoding"]): Decoded {
  if (text === null) throw new InputError(file, `invalid ${encoding.toUpperCase()} text`);
  return { text, encoding };
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
