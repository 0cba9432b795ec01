// Traditional characters in a query, folded to simplified before it is searched and marked: the archive's text is
// simplified, so 安全生產 must find 安全生产. The conversion is OpenCC's (Taiwan/Hong Kong variants, then its
// traditional → simplified phrases and characters), from tables generated out of opencc-js's dictionaries
// (src/site/fold-table.ts). The tables cost ~30 kB gzipped, so they are loaded only for a query holding a
// traditional character; fold-chars.js, loaded with the page (~2 kB gzipped), says which characters those are.
// A pure ES module: the search page, the article-page highlighter and the Node tests import this one file.
import { BEYOND, BITMAP, FROM, TO } from "./fold-chars.js";

let bits = null;
let chains = null;

function bitmap() {
  if (!bits) bits = Uint8Array.from(atob(BITMAP), (c) => c.charCodeAt(0));
  return bits;
}

/**
 * Is `text` written in traditional characters, as far as folding goes: does it hold a character the conversion
 * changes on its own (電 → 电)? Only then is it folded. A simplified query never is, so OpenCC's phrase entries,
 * written for traditional text, never touch simplified words (打坏 would become 打坯).
 */
export function mayFold(text) {
  for (const c of String(text ?? "")) {
    const cp = c.codePointAt(0);
    if (cp >= FROM && cp <= TO ? bitmap()[(cp - FROM) >> 3] & (1 << ((cp - FROM) & 7)) : BEYOND.includes(c)) return true;
  }
  return false;
}

/** "key value|key value" → { map, longest key in code points }. */
function chain(text) {
  const map = new Map();
  let longest = 1;
  for (const entry of text.split("|")) {
    const at = entry.indexOf(" ");
    const key = entry.slice(0, at);
    map.set(key, entry.slice(at + 1));
    longest = Math.max(longest, [...key].length);
  }
  return { map, longest };
}

/** One chain over the text, longest match first from each position (as OpenCC's trie does). */
function convert(text, { map, longest }) {
  const cps = [...text];
  let out = "";
  for (let i = 0; i < cps.length; ) {
    let len = Math.min(longest, cps.length - i);
    for (; len > 0; len--) {
      const value = map.get(cps.slice(i, i + len).join(""));
      if (value !== undefined) {
        out += value;
        break;
      }
    }
    if (len === 0) {
      out += cps[i];
      len = 1;
    }
    i += len;
  }
  return out;
}

/** `text` with traditional characters made simplified; the same string, and no download, when it holds none. */
export async function fold(text) {
  const s = String(text ?? "");
  if (!mayFold(s)) return s;
  chains ??= import("./fold-table.js").then((m) => m.CHAINS.map(chain));
  return (await chains).reduce(convert, s);
}
