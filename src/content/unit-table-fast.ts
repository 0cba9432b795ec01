/**
 * The unit table read without the YAML library when it is written the plain way every real table is: one
 * `name: [variant, …]`, `name: variant` or `name:` line per unit, block lists of `  - variant`, comments and blank
 * lines, names that YAML reads as the very same string. The library spends ~100 µs of CPU per entry (40,000 units:
 * 4 s; its lexer reads process.env for every token); this reads them in a few milliseconds. Anything else — quotes,
 * flow mappings, full-width marks, trailing comments, a name YAML would read as a number or null, a key written
 * twice — returns null, and the YAML reader (with its errors and line numbers) reads the file instead. The two agree
 * entry for entry (tests/content/units-scaling.test.ts checks it on random tables).
 */

/** One unit of the table: its name and line, and its variants (null: none given) with the line they start on. */
export interface UnitEntry {
  canon: string;
  line: number;
  variants: string[] | null;
  variantsLine: number;
}

/**
 * A name YAML's core schema reads as itself: no indicator first, none of `: # , [ ] { } " '` inside, no tab,
 * spaces only inside; and (plain) not a number, boolean or null.
 */
const NAME = "[^\\s\\-?:,[\\]{}#&*!|>'\"%@`][^:#,[\\]{}\"'\\t]*?";
const PLAIN_NAME = new RegExp(`^${NAME}$`);
const KEY_LINE = new RegExp(`^(${NAME}):(?:[ ]+(.*?))?[ ]*$`);
const ITEM_LINE = new RegExp(`^([ ]+)-[ ]+(${NAME})[ ]*$`);
const NOT_TEXT = /^(?:null|true|false)$/i;

/** All ASCII and starting as a number does (1e3, .5, +1, ~): YAML may read it as something else. */
const NUMBERISH = /^[-+.~\d][\x20-\x7e]*$/;

const plain = (s: string) => PLAIN_NAME.test(s) && !NOT_TEXT.test(s) && !NUMBERISH.test(s);

/** The entries of a plainly written unit table, or null when the YAML reader must read it. */
export function readPlainUnitTable(text: string): UnitEntry[] | null {
  if (/[\r\t：［］｛｝，、]/.test(text)) return null;
  const out: UnitEntry[] = [];
  const keys = new Set<string>();
  let open: UnitEntry | null = null; // a `name:` line whose block list may follow
  let itemIndent = -1;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim() || /^[ ]*#/.test(line)) continue;
    const item = ITEM_LINE.exec(line);
    if (item) {
      if (!open || (itemIndent >= 0 && item[1]!.length !== itemIndent) || !plain(item[2]!)) return null;
      itemIndent = item[1]!.length;
      if (open.variants === null) [open.variants, open.variantsLine] = [[], i + 1];
      open.variants.push(item[2]!);
      continue;
    }
    const m = KEY_LINE.exec(line);
    if (!m || !plain(m[1]!) || keys.has(m[1]!)) return null;
    keys.add(m[1]!);
    const entry: UnitEntry = { canon: m[1]!, line: i + 1, variants: null, variantsLine: i + 1 };
    out.push(entry);
    [open, itemIndent] = [null, -1];
    const value = m[2] ?? "";
    if (!value) open = entry;
    else if (value.startsWith("[") && value.endsWith("]")) {
      const inner = value.slice(1, -1).trim();
      const items = inner ? inner.split(",").map((s) => s.trim()) : [];
      if (!items.every(plain)) return null;
      entry.variants = items;
    } else if (plain(value)) entry.variants = [value];
    else return null;
  }
  return out;
}
