/**
 * The unit a piece is filed under or is about. In order of evidence: a unit label printed with the piece
 * (劲旅: "电解厂"); the name before a colon in the headline ("长春一东：助推…", widened to the full name
 * when the body has one: "河南" → "河南省总工会"); an organisation at the start of the headline or kicker
 * ("重庆气矿铜锣峡储气库完成…", "营口工会联合监管部门…"); the body that signs a notice above its date; then
 * the first organisation named at the start of a clause in the opening paragraphs ("2023 年，精细氧化铝事业部多措并举").
 */
import { ORG_SUFFIX, ORG_STOP } from "./patterns.ts";
import { wholeWordTag } from "./names.ts";
import { isSpaceCode } from "./text-measure.ts";

const NAME = "[\\u4e00-\\u9fffA-Za-z0-9]";
/** Suffixes that only continue a chain ("重庆气矿铜锣峡储气库"), never start a unit ("爱心驿站"). */
const CHAIN_ONLY = /(?:站|库|队)$/;
const NUMBERED_TEAM = /[\u4e00-\u9fff]{2}[一二三四五六七八九十\d]{1,3}队$/;
export const FIRST = new RegExp(`^(${NAME}{2,9}?${ORG_SUFFIX})`);
const CHAIN = new RegExp(`^(${NAME}{0,5}?${ORG_SUFFIX})`);
const WHOLE_SUFFIX = new RegExp(`^(?:党委|党支部|党总支|工会|车间|工区|分厂|项目部)$`);
/** A bare generic word is no name: "工会驿站", "公司领导". */
const GENERIC_START = /^(?:各|请各|全省|全市|全区|全县|全矿|全厂|本单位|工会|公司|党委|党支部|集团|车间|中心|项目|分厂|工区|事业部)/;
/** "中铝山西新材料总经理" — an organisation right before a leader's title. */
export const LEADER = /^([\u4e00-\u9fff]{3,10}?)(?:总经理|董事长|党委书记|总工程师|厂长|矿长)/;
/** Verbs that open the clause after an organisation: "矿业公司组织开展…" ends the name before 组织. */
const CLAUSE_VERBS = "组织|开展|举办|召开|深入|围绕|发挥|坚持|推动|联合|启动|印发|下发|成立";
const VERB_START = new RegExp(`^(?:${CLAUSE_VERBS})`);
/** …and no name holds them, nor these: "充分发挥工会", "积极组织开展工会", "做好公司", "进一步提高公司". */
const VERB_INSIDE = new RegExp(`${CLAUSE_VERBS}|做好|提高|加强|落实|参加|参与|发动|获得|荣获|进一步`);
/** Verbs after an organisation that make it the source of the news: "从XX总工会获悉", "据XX公司介绍". */
const SOURCE_VERB = /^(?:获悉|了解到|得知|介绍|透露|发布消息)/;
/**
 * A news lead names who acted right after its date: "6月12日，运输区在主斜井…开展", "近日，机电科组织…". A
 * mine's districts, sections and teams carry suffixes too common elsewhere for ORG_SUFFIX (区, 科, 段, 班):
 * they count only here, as the lead sentence's subject, before the verb that opens its predicate.
 */
const LEAD_SUBJECT = new RegExp(
  "^(?:\\d{1,2}月\\d{1,2}日(?:[上下]午|晚)?|近日|日前|近期|连日来)，([\\u4e00-\\u9fff]{1,6}(?:区|科|段|班|室|站|所|队|矿|厂|部|处))" +
  `(?=在|${CLAUSE_VERBS}|积极|认真|扎实)`,
);
/** What makes an organisation's name the name of its meeting: "第十四次代表大会", "会员代表大会", "职代会". */
const MEETING = /^(?:第[一二三四五六七八九十百\d]+(?:届|次)|(?:会员|职工)?代表大会|职代会|全委会)/;
/** A generic organisation word that names a unit only after a proper name: "XX工会", not "发动工会". */
const GENERIC_TAIL = /(?:工会|公司|项目|集团|企业|单位|中心|部门|党委|车间)$/;
/** Tags of a whole word before a generic tail that make the two a verb phrase: v "发动", i "进一步提高". */
const PHRASE_TAGS = new Set(["v", "vd", "i", "l", "d", "ad"]);

/**
 * A candidate that reads as running text, not a name: a clause verb inside it, or a verb or idiom followed by
 * nothing but a generic suffix ("发动/工会", "做好/公司"). The segmenter is asked only in the second case, and
 * only about the part before the suffix: its tags are unreliable on unit names themselves ("掘进/v 三队",
 * "电控/vn 分公司" are real units).
 */
export function readsAsVerbPhrase(unit: string): boolean {
  if (VERB_INSIDE.test(unit)) return true;
  const tail = GENERIC_TAIL.exec(unit);
  if (!tail || tail.index < 2) return false;
  const tag = wholeWordTag(unit.slice(0, tail.index));
  return tag !== null && PHRASE_TAGS.has(tag);
}

/**
 * Characters a FIRST suffix or a LEADER title can start with. FIRST puts its suffix at offset 2–9 and LEADER its
 * title at 3–10, so a clause with none of these characters at offsets 2–10 holds no organisation. Most clauses
 * do not ("为促进", "安全生产工作"): one table read per character spares them both regexes — orgAt runs on
 * every clause of an article when its opening names no unit (~14 clauses per 100 characters).
 */
const ORG_HEAD = new Uint8Array(0x10000);
// Read off ORG_SUFFIX itself ("(?:有限责任公司|…|矿(?![山石…])|…)": each alternative's first character) and LEADER.
for (const alt of ORG_SUFFIX.slice(3, -1).replace(/\(\?<?![^)]*\)/g, "").split("|")) ORG_HEAD[alt.charCodeAt(0)] = 1;
for (const ch of "总董党厂矿") ORG_HEAD[ch.charCodeAt(0)] = 1;

/** Whether s[from, to) has an ORG_HEAD character at offset 2–10. */
export function mayHoldOrg(s: string, from = 0, to = s.length): boolean {
  for (let i = from + 2; i <= from + 10 && i < to; i++) if (ORG_HEAD[s.charCodeAt(i)]) return true;
  return false;
}

/** An organisation name at the start of `s`, extended over a chain of suffixes ("矿业公司采剥工区党支部"). */
export function orgAt(s: string): string | null {
  if (!mayHoldOrg(s)) return null;
  const m = FIRST.exec(s);
  let org = m?.[1] ?? LEADER.exec(s)?.[1] ?? null;
  // "掘进三队", "综采一队": a numbered team is a unit of its own; "爱心驿站" is not.
  if (!org || GENERIC_START.test(org) || (CHAIN_ONLY.test(org) && m && !NUMBERED_TEAM.test(org)) || readsAsVerbPhrase(org)) return null;
  for (;;) {
    const rest = s.slice(org.length);
    if (VERB_START.test(rest)) break;
    const c = CHAIN.exec(rest);
    // "一站", "某部": one character before a one-character suffix is a word, not a sub-unit; a two-character
    // suffix on its own ("热电分厂党委", "矿业公司工会") is the body that runs the unit, and belongs to it.
    if (!c || (c[1]!.length <= 2 && !WHOLE_SUFFIX.test(c[1]!))) break;
    // "某县供电公司夺得工会业务知识竞赛桂冠": a verb and a generic word are the clause going on, no sub-unit.
    if (readsAsVerbPhrase(c[1]!)) break;
    org += c[1];
  }
  // "记者从XX市总工会获悉": the organisation the news came from, not the one it is about; "XX省工会第十四次
  // 代表大会": a meeting's name, whose news is about who attended it.
  const rest = s.slice(org.length);
  return SOURCE_VERB.test(rest) || MEETING.test(rest) ? null : org;
}

/**
 * The characters that end a clause: ORG_STOP, whose one escape is `\s`. A table instead of splitting on
 * `[ORG_STOP]+`: a body splits into a clause every seven characters or so, and only the few clauses
 * mayHoldOrg lets through need to become strings.
 */
const CLAUSE_STOP = new Uint8Array(0x10000);
for (const ch of ORG_STOP.replace("\\s", "")) CLAUSE_STOP[ch.charCodeAt(0)] = 1;
for (let c = 0; c < 0x10000; c++) if (isSpaceCode(c)) CLAUSE_STOP[c] = 1;

/** Organisations at clause starts, in reading order. */
export function clauseOrgs(text: string): string[] {
  const out: string[] = [];
  for (let from = 0; from < text.length; ) {
    let to = from;
    while (to < text.length && !CLAUSE_STOP[text.charCodeAt(to)]) to++;
    // A name in quotes ("“某市工会”微信公众号") names a channel or a campaign, not who acted.
    const quoted = text[from - 1] === "“" && text[to] === "”";
    if (to - from > 2 && !quoted && mayHoldOrg(text, from, to)) {
      const o = orgAt(text.slice(from, to));
      if (o) out.push(o);
    }
    from = to + 1;
  }
  return out;
}

const SIGNED = new RegExp(`([\\u4e00-\\u9fff]{2,14}${ORG_SUFFIX})\\d{4}年\\d{1,2}月\\d{1,2}日$`);

/**
 * A notice is signed at its foot: the issuing body, then the date ("…敬请谅解。" / "XX电力公司" /
 * "2023年12月20日"); extraction may run the issuer onto the line above ("服务热线：95598XX电力公司") and the
 * date onto the issuer.
 */
function signedBy(body: string[]): string | null {
  const m = SIGNED.exec(body.slice(-2).join("").replace(/\s+/g, ""));
  // The signer is named as the paper's readers know it, generic or not: "集团工会" signs the group's notices.
  return m && !readsAsVerbPhrase(m[1]!) && !/^(?:各|请)/.test(m[1]!) ? m[1]! : null;
}

export interface UnitEvidence { unit: string | null; why: string }

/** The whole body without white space — needed only by the first and last rules below; most pieces stop before. */
function squashedBody(body: string[]): string {
  return body.join("").replace(/\s+/g, "");
}

export function extractUnit(p: { label: string | null; headline: string | null; kicker: string | null; body: string[] }): UnitEvidence {
  if (p.label) return { unit: p.label, why: "随稿印出的单位标签" };
  const h = (p.headline ?? "").replace(/\s+/g, "");
  const colon = /^([\u4e00-\u9fffA-Za-z0-9]{2,12})[：:]/.exec(h);
  if (colon) {
    const name = colon[1]!;
    const wide = new RegExp(`${name}${NAME}{0,6}?${ORG_SUFFIX}`).exec(squashedBody(p.body));
    return wide
      ? { unit: wide[0], why: `标题冒号前写的是“${name}”，正文给出全称` }
      : { unit: name, why: "标题冒号前的名称" };
  }
  for (const [src, text] of [["headline", h], ["kicker", (p.kicker ?? "").replace(/\s+/g, "")]] as const) {
    const o = orgAt(text);
    if (o) return { unit: o, why: `${src === "headline" ? "标题" : "引题"}开头的单位` };
  }
  for (const [src, text] of [["headline", h], ["kicker", p.kicker ?? ""]] as const) {
    const o = clauseOrgs(text)[0];
    if (o) return { unit: o, why: `${src === "headline" ? "标题" : "引题"}里提到的单位` };
  }
  const signer = signedBy(p.body);
  if (signer) return { unit: signer, why: "日期上方落款的单位" };
  const subject = LEAD_SUBJECT.exec(p.body[0]?.replace(/\s+/g, "") ?? "")?.[1];
  if (subject && !/^(?:该|本|我|全|各|每|这|那|其)/.test(subject) && !readsAsVerbPhrase(subject)) {
    return { unit: subject, why: "导语紧跟日期之后的主语" };
  }
  const lead = clauseOrgs(p.body.slice(0, 3).join("").replace(/\s+/g, ""))[0];
  if (lead) return { unit: lead, why: "开头几段中位于分句开头的第一个单位" };
  const counts = new Map<string, number>();
  for (const o of clauseOrgs(squashedBody(p.body))) counts.set(o, (counts.get(o) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best ? { unit: best[0], why: `提到次数最多的单位（${best[1]} 次）` } : { unit: null, why: "没有找到单位" };
}
