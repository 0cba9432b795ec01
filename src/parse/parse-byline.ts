/**
 * Bylines → credited people with roles. Handles what these papers print: "（卫 玲 周二红）",
 * "（记者马学礼 李静楠）", "本报记者 刘旭 本报通讯员 宋昕泽", "记者 李俊华 通讯员 杜晨媛", "◆ 卫敬强",
 * "摄影报道 郭美霞 荆晓刚", "本报通讯员 赵平 潘媛媛 摄", "新华社记者 张涛 摄", "摄影 卫志毅".
 */
import { isCommonWord, isPersonName } from "./names.ts";
import { ORG_SUFFIX, ROLE_WORD } from "./patterns.ts";

const UNIT_NAME = new RegExp(`${ORG_SUFFIX}$`);
import type { AuthorRole, Credit } from "../types.ts";

const ROLE_OF: [RegExp, AuthorRole][] = [
  [/^(?:摄影报道|摄影|摄)$/, "photographer"],
  [/通讯员$/, "correspondent"],
  [/记者$/, "reporter"],
];

/** Spaced two-character names are one person: "卫 玲" → 卫玲, "崔 磊" → 崔磊 (print justifies short names). */
export function joinSpacedNames(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.length === 1 && tokens[i + 1]?.length === 1) { out.push(t + tokens[i + 1]); i++; }
    else out.push(t);
  }
  // A byline vouches for its names (pen names too: "（山风）"); the segmenter still vetoes common words that
  // credits print beside names ("图片", "文字", a place or a paper: "东川", "本网").
  return out.flatMap(splitRunOnNames).filter((n) => n.length >= 2 && n.length <= 5 && !isCommonWord(n) && !isUnitName(n));
}

/** "（东坡煤矿）": a unit's name where a writer's would stand — four characters or more ending in 矿, 厂, 队…. */
function isUnitName(n: string): boolean {
  return n.length >= 4 && UNIT_NAME.test(n) && !isPersonName(n);
}

/**
 * Two names run together where the page had no space ("通讯员张三李四五 报道" in PDF text): a 5–6 character
 * token that is no name splits into two that both read as names.
 */
function splitRunOnNames(t: string): string[] {
  if (t.length < 5 || t.length > 6 || t.includes("·")) return [t];
  for (const cut of t.length === 5 ? [2, 3] : [3]) {
    const a = t.slice(0, cut);
    const b = t.slice(cut);
    if (isPersonName(a) && isPersonName(b)) return [a, b];
  }
  return [t];
}

export function parseByline(raw: string): Credit[] {
  const photo = /摄\s*[）)]?\s*$|^摄影/.test(raw.trim());
  // Marks and labels around the names: "■通讯员 X", "文/X", "作者：X", "…X 报道", "（X供稿）", "（单位：X）".
  const text = raw
    .replace(/[（(）)◆■□●▲/／:：,，、]/g, " ")
    .replace(/^\s*(?:文|作者)(?=\s)/, " ")
    .replace(/\s*(?:摄|报道|供稿)\s*$/, " ")
    .replace(ROLE_WORD, " $1 ");
  const credits: Credit[] = [];
  let role: AuthorRole = photo ? "photographer" : "writer";
  let names: string[] = [];
  // "·张三·": a poem's credit set between dots; a dot inside a name ("阿卜杜·热合曼") stays.
  for (const tok of text.split(/\s+/).map((t) => t.replace(/^[·•]+|[·•]+$/g, "")).filter(Boolean)) {
    const r = ROLE_OF.find(([re]) => re.test(tok));
    if (r && /^(?:本报|新华社|特约)?(?:特约)?(?:记者|通讯员)$|^摄影(?:报道)?$/.test(tok)) {
      addNames(credits, names, role);
      names = [];
      role = photo && r[1] !== "photographer" ? "photographer" : r[1];
      continue;
    }
    if (/^[\u4e00-\u9fff·]+$/.test(tok)) names.push(tok);
  }
  // "东川 张三": a bare place before a writer's name (no role word, no bracket) is where the writer is from.
  if (!credits.length && names.length === 2 && !/[（(]/.test(raw) && !isPersonName(names[0]!) && isPersonName(names[1]!)) names.shift();
  addNames(credits, names, role);
  return credits;
}

/** Credits the names gathered under one role word (a module function, not a closure made per byline). */
function addNames(credits: Credit[], names: string[], role: AuthorRole): void {
  for (const name of joinSpacedNames(names)) if (!credits.some((c) => c.name === name)) credits.push({ name, role });
}
