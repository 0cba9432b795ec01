/**
 * Full-width punctuation where YAML wants its ASCII syntax, in the editor's own YAML files. Editors type Chinese
 * with a Chinese input method, so `headline：某某`, `1：{ headline: … }`, `merge: ［3，4］` come naturally; YAML
 * reads each as one string ("the fields of article 1：{ headline must be a mapping"). Here every such mark that can
 * only be syntax becomes syntax, line by line (line numbers stay), outside quotes and comments:
 *
 * - `：` after a word the format knows as a key (`headline`, `merge`, `article`, …) or after an article number;
 * - `：` before a mapping or list (`日前，从山西省：{ unit: … }`, `电解厂：［…］`) or ending a line that holds no
 *   other key (`日前，从山西省：` with the fields on the lines below);
 * - `［ ］ ｛ ｝` opening and closing a whole value, and `，` `、` between the items of such a list or between the
 *   fields of such a mapping; a list of article numbers (`［3，4］`, `[3，4]`) anywhere.
 *
 * A `：` inside text (`headline: 记者：张三`) is left as it is. One that stays and breaks the file is pointed at by
 * fullWidthHint.
 */

/** How the file's format reads a full-width mark. */
export interface FullWidthKeys {
  /** Words that are keys of the format: a `：` after one is a key's colon. */
  keys: readonly string[];
  /** Keys whose value is a list (`merge`, `authors`): a `［…］` value after one is a list. */
  lists: readonly string[];
  /** Every value of the file's top level is a list (the unit table's variants). */
  allLists?: boolean;
}

/** The line's text outside quotes and comments, as [start, end) ranges: only those are rewritten. */
function codeRanges(line: string): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    const prev = i === 0 ? " " : line[i - 1]!;
    if (ch === "#" && /\s/.test(prev)) break;
    // A quote opens a scalar only where one may start: after a space, an indicator or another scalar's end.
    if ((ch === '"' || ch === "'") && /[\s:{}[\],，：｛［-]/.test(prev)) {
      out.push([start, i]);
      let j = i + 1;
      while (j < line.length) {
        if (ch === '"' && line[j] === "\\") j += 2;
        else if (line[j] === ch && ch === "'" && line[j + 1] === "'") j += 2;
        else if (line[j] === ch) break;
        else j++;
      }
      i = start = Math.min(j + 1, line.length);
      continue;
    }
    i++;
  }
  out.push([start, i]);
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether `before` (the code before a mark) is inside a flow mapping: `{ headline: …` with no `}` since. */
const inFlowMap = (before: string) => /[{｛][^}｝]*$/.test(before);
/** Whether a key's colon comes before: the mark is then in a value, which is text. */
const inValue = (before: string) => /:(\s|$)/.test(before) && !inFlowMap(before);

/**
 * One stretch of code (outside quotes and comments), `lead` the line's code before it. A mark in a block value
 * (`headline: 活动分三步，1：动员`, `headline: 通知：［紧急］停电`) is text and stays as typed.
 */
function rewriteCode(code: string, lead: string, known: RegExp): string {
  let s = code;
  // A list of numbers where a value starts, whatever its brackets and commas: only article numbers are written so.
  s = s.replace(/(?<=(?:^|[:：,，[［]|-\s)\s*)[［[][\d\s,，、［］[\]]*[］\]]/g, (m) => (/\d/.test(m) ? m.replace(/［/g, "[").replace(/］/g, "]").replace(/\s*[，、,]\s*/g, ", ") : m));
  // A known key (or an article number) and a full-width colon; in a flow mapping a full-width comma before it
  // parts two fields.
  s = s.replace(known, (m, before: string, key: string, at: number, all: string) => {
    const prior = lead + all.slice(0, at);
    if (inValue(prior) || (/，/.test(before) && !inFlowMap(prior))) return m;
    return `${before.replace(/\s*，\s*$/, ", ")}${key}: `;
  });
  // A full-width colon before a mapping or a list: whatever the key, it is the key's colon.
  s = s.replace(/\s*：\s*(?=[{[｛［])/g, (m, at: number, all: string) => (inValue(lead + all.slice(0, at)) ? m : ": "));
  return s;
}

/** A whole `［…］` value → a flow list: brackets ASCII, `，` and `、` between items. */
const asciiList = (v: string) => `[${v.slice(1, -1).replace(/\s*[，、]\s*/g, ", ")}]`;

/** The whole-value collections of a line: `key: ［a，b］` (a list key), `key: ｛headline: …｝`. */
function rewriteValue(line: string, keys: FullWidthKeys): string {
  const m = /^(\s*(?:-\s+)?)(?:([^:#]*?)(:\s+))?(\S.*?)((?:\s+#.*)?)$/.exec(line);
  if (!m) return line;
  const [, lead, key = "", colon = "", value, rest] = m as unknown as [string, string, string | undefined, string | undefined, string, string];
  let v = value;
  if (/^［[^［］]*］$/.test(v) && (keys.allLists || keys.lists.includes(key.trim()))) v = asciiList(v);
  if (/^｛[^｛｝]*｝$/.test(v)) v = `{${v.slice(1, -1)}}`;
  // A list of mappings (`split: ［{ article: 5, at: 又讯 }］`): the brackets only; the fields' text keeps its commas.
  if (/^［\s*\{.*\}\s*］$/.test(v)) v = `[${v.slice(1, -1)}]`;
  return v === value ? line : `${lead}${key}${colon}${v}${rest}`;
}

/** The text with full-width syntax made ASCII (see the header); the same number of lines. */
export function halfWidthSyntax(text: string, keys: FullWidthKeys): string {
  if (!/[：［］｛｝，、]/.test(text)) return text;
  const words = [...keys.keys].sort((a, b) => b.length - a.length).map(escape).join("|");
  const known = new RegExp(`(^\\s*(?:-\\s+)?|[{,｛]\\s*|\\s*，\\s*)(${words ? `${words}|` : ""}\\d+)\\s*：\\s*`, "g");
  const lines = text.split("\n");
  const indent = (l: string) => /^\s*/.exec(l)![0].length;
  return lines.map((line, n) => {
    if (!/[：［］｛｝，、]/.test(line)) return line;
    let out = "";
    let last = 0;
    for (const [a, b] of codeRanges(line)) {
      out += line.slice(last, a);
      out += rewriteCode(line.slice(a, b), out, known);
      last = b;
    }
    out += line.slice(last);
    if (!/:(\s|$)/.test(out)) {
      // A line that is only `key：`, its value indented on the lines below; in a file of lists (the unit
      // table), any top-level `name：value` line.
      const bare = /^(\s*(?:-\s+)?(?:"[^"]*"|'[^']*'|[^:#"'\s][^#]*?))\s*：\s*((?:\s#.*)?)$/.exec(out);
      let next: string | undefined;
      for (let j = n + 1; bare && next === undefined && j < lines.length; j++) if (lines[j]!.trim() && !/^\s*#/.test(lines[j]!)) next = lines[j];
      if (bare && next !== undefined && (indent(next) > indent(line) || /^\s*-\s/.test(next))) out = `${bare[1]}:${bare[2] ? ` ${bare[2].trim()}` : ""}`;
      else if (keys.allLists && !/^\s/.test(out)) out = out.replace(/\s*：\s*/, ": ");
    }
    return rewriteValue(out, keys);
  }).join("\n");
}

/**
 * A hint for an error on a line that still holds a full-width colon: where it is, and what to write instead.
 * Null when the line has none.
 */
export function fullWidthHint(lineText: string): string | null {
  const at = lineText.indexOf("：");
  if (at < 0) return null;
  // From the key's start (or 12 characters before the colon on a long line) to a few characters after it.
  const snippet = lineText.slice(Math.max(0, at - 12), at + 6).trim().replace(/^-\s+/, "");
  return `“${snippet}”里的“：”是全角冒号：键和值之间要写半角冒号加空格“: ”（如 headline: 某某）；若“：”是文字的一部分，请给这段文字加引号`;
}
