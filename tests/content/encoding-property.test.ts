/**
 * What `baokan add` stores: for any text, the bytes of it in UTF-8, UTF-8 with BOM and UTF-16 (either order,
 * with BOM) decode back to the same text, so the UTF-8 file written is the text the print shop sent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { issueFromText } from "../../src/content/load-archive.ts";
import { decode } from "../../src/parse/decode.ts";
import { encodeUtf16 } from "../cli/helpers.ts";

const TOKENS = ["中", "铝", "劲旅讯 ", "（张三）", "“", "”", "，", "。", "\n", "\r\n", " ", "　", "2024年", "A", "𠮷", "——", "《劲旅》", "１２３"];
// A text opening with "---" is front matter, which has rules of its own (tests/content/front-matter.test.ts).
const text = fc.oneof(
  fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 80 }).map((xs) => xs.join("")),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 80 }).filter((s) => !/[\u0000-\u0008\u000e-\u001f\ufeff]/.test(s)),
).filter((s) => !s.startsWith("---"));

describe("decode round trip", () => {
  it("UTF-8, UTF-8 with BOM, UTF-16LE and UTF-16BE bytes of a text all decode to that text", () => {
    fc.assert(
      fc.property(text, (s) => {
        const forms: [string, Uint8Array][] = [
          ["utf-8", Buffer.from(s)],
          ["utf-8-bom", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s)])],
          ["utf-16le", encodeUtf16(s, "le")],
          ["utf-16be", encodeUtf16(s, "be")],
        ];
        for (const [enc, bytes] of forms) {
          const d = decode(bytes, "x.txt");
          expect(d.encoding).toBe(enc);
          // What the loader reads (and what add writes) is the text without its byte-order mark.
          expect(issueFromText(d.text, d.encoding, "x.txt", null, "x.txt").rawText).toBe(s);
        }
      }),
      { numRuns: 300 },
    );
  });
});
