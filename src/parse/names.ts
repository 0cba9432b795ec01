/**
 * Is this a person's name? Credits on these pages mix people with things that are not people: "图片",
 * "文字", "工会", a place ("东川 张三"), a paper's name ("XX日报记者 李四"). Two pieces of evidence:
 * 1. a surname table — the common Chinese surnames, single and double;
 * 2. the segmenter — jieba (`@node-rs/jieba`, the same segmenter Pagefind uses for Chinese): when its
 *    dictionary reads the whole string as one word, the tag says what the word is ("文字" n, "东川" ns,
 *    "发动" vn); a name is tagged nr, or is no dictionary word at all.
 * A name a byline vouches for ("记者 X", "（X）") only has to pass the segmenter's veto of labels, places and
 * verbs (isCommonWord: pen names are often words); a bare name with nothing to vouch for it needs both
 * (isPersonName). The dictionary is loaded once, on first use (~0.4 s), and readings are memoised.
 */
import { createRequire } from "node:module";

type Tagged = { word: string; tag: string };
interface Tagger { tag(s: string, hmm?: boolean): Tagged[] }

const require = createRequire(import.meta.url);
let tagger: Tagger | null = null;

/** The jieba tagger with its default dictionary (loaded on first use). */
export function jieba(): Tagger {
  if (!tagger) {
    const { Jieba } = require("@node-rs/jieba") as { Jieba: { withDict(d: Uint8Array): Tagger } };
    const { dict } = require("@node-rs/jieba/dict.js") as { dict: Uint8Array };
    tagger = Jieba.withDict(dict);
  }
  return tagger;
}

/** The common single-character surnames (the most frequent ~300, which cover nearly every byline). */
const SINGLE = new Set(
  [..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"],
);
const DOUBLE = new Set(["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "端木", "独孤", "南宫", "西门", "轩辕", "呼延", "申屠", "澹台", "公冶", "太史", "闻人", "万俟", "赫连", "拓跋", "钟离", "百里"]);

/** Tags jieba gives a person's name: nr (person), nrfg/nrt (other person tags), x (a word it does not know). */
const NAME_TAGS = new Set(["nr", "nrfg", "nrt", "x"]);

/** Words credits print beside names that are labels or bodies, not people. */
const CREDIT_WORDS = /^(?:图片|图文|文字|文图|摄影|视频|工会|本网|本报|本刊|供稿|通讯|编辑|记者|通讯员|作者|来源|报道)$/;
/** Dictionary readings that are no person: places, organisations, verbs, adjectives, times, numbers. */
const NOT_PERSON_TAGS = new Set(["ns", "nt", "v", "vn", "vd", "a", "ad", "an", "d", "t", "m", "q", "p", "c", "u", "f", "s"]);

/**
 * The segmenter's dictionary reading of a string, kept as what the rules ask of it: the tag when it reads as one
 * word, and its first word. Credits and units recur across an archive's issues (~50k entries at most).
 */
interface Reading { whole: string | null; first: Tagged }
const READINGS = new Map<string, Reading>();

/** One tagger call per string, memoised: a tagger call costs far more than the rules around it. */
function reading(s: string): Reading {
  let r = READINGS.get(s);
  if (!r) {
    const tags = jieba().tag(s, false);
    r = { whole: tags.length === 1 ? tags[0]!.tag : null, first: tags[0] ?? { word: s, tag: "x" } };
    if (READINGS.size >= 50_000) READINGS.clear();
    READINGS.set(s, r);
  }
  return r;
}

/**
 * The tag jieba gives `s` when its dictionary reads the whole string as one word ("文字" → n, "东川" → ns,
 * "发动" → v), or null when it splits it (an unknown name: "周二/红"). Only this whole-word reading is trusted:
 * the HMM splits rare given names unpredictably.
 */
export function wholeWordTag(s: string): string | null {
  return reading(s).whole;
}

/**
 * The segmenter's veto on a credited name: a credit label ("图片", "文字", "工会") or one dictionary word that
 * reads as a place, an organisation or a verb ("东川", "开展"). Ordinary nouns are not vetoed: pen names are
 * often words ("（山风）").
 */
export function isCommonWord(s: string): boolean {
  const n = s.replace(/[\s·•]/g, "");
  if (CREDIT_WORDS.test(n)) return true;
  const tag = wholeWordTag(n);
  return tag !== null && NOT_PERSON_TAGS.has(tag);
}

/**
 * Whether `s` (spaces and "·" allowed: "卫 玲") reads as a person's name with no role word to vouch for it
 * (a bare name under a headline): a known surname, and not a common word.
 */
export function isPersonName(s: string): boolean {
  const n = s.replace(/[\s·•]/g, "");
  if (!/^[\u4e00-\u9fff]{2,4}$/.test(n)) return false;
  const surname = DOUBLE.has(n.slice(0, 2)) && n.length >= 3 ? 2 : SINGLE.has(n[0]!) ? 1 : 0;
  // Stricter than a credited name: any one-word reading but a name vetoes a bare one ("花园").
  if (!surname || CREDIT_WORDS.test(n)) return false;
  const tag = wholeWordTag(n);
  if (tag !== null) return NAME_TAGS.has(tag);
  // Split into words: the first must not run past the surname as a word that is no name — "时常有" reads
  // 时常/有 (an adverb, then a verb), a poem's line, while "李俊华" reads 李俊/华 and "高长春" 高/长春.
  const first = firstWord(n);
  return first.word.length <= surname || !NOT_PERSON_TAGS.has(first.tag);
}

/** The first word of the segmenter's dictionary reading of `s`. */
function firstWord(s: string): Tagged {
  return reading(s).first;
}
