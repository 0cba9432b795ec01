/**
 * Every pattern and threshold the parser uses, in one place, each with a real example of what it matches.
 * Line-level anchored regexes only: they run at GB/s, per-character Unicode property scans do not.
 */
import { isPersonName } from "./names.ts";
import { lastNonSpaceCode } from "./text-measure.ts";

/** A CJK ideograph. */
export const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
export const CJK_G = /[\u3400-\u9fff\uf900-\ufaff]/g;

/** Sentence-final punctuation: a line ending in one of these may end a paragraph. "…综合性进步。" */
export const SENTENCE_END = /[。！？!?…；;]$|[。！？!?…][”’」』）)]$|——$/;

/** Punctuation that only occurs inside running text (clauses), never in a headline: "2023 年，电解厂坚持". */
export const CLAUSE_PUNCT = /[，。；！？,;!?]/;

/** Markdown-ish headings from OCR tools: "# 太原宝藏地 职工技能强", "## 技能提升“竞技场”". */
export const HEADING = /^(#{1,6})\s*(.*?)\s*#*\s*$/;

/**
 * Datelines that open a news piece: "劲旅讯 踏雪矿山行", "又讯 2023 年以来", "本报讯 (记者余嘉熙)",
 * "新华社北京1月3日电". A short name (the paper or agency) followed by 讯 or 电. Web and agency datelines run
 * straight into the text: "本网讯近日，…", "XX网讯：8月20日…", "XX网讯 通讯员 X 报道 …"; a place and date
 * may stand between the name and 讯/电: "中新网西安1月23日电", "本报北京3月8日电", "大众网威海1月3日讯".
 */
export const DATELINE = new RegExp(
  // The look-ahead settles most lines with one short scan: every dateline has 讯 or 电 in its first 24 characters.
  String.raw`^(?=[^\n]{0,24}[讯电])(?:(?:本报|本网|本刊|本台|又)讯` +
    String.raw`|[\u4e00-\u9fff]{1,6}讯(?=[\s\u3000（(：:])` +
    String.raw`|[\u4e00-\u9fff]{1,8}(?:网|报|社|台|刊)讯` +
    String.raw`|[\u4e00-\u9fff]{1,8}(?:网|报|社|台)[\u4e00-\u9fff]{0,4}\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[电讯]` +
    String.raw`|[\u4e00-\u9fff]{2,6}社[\u4e00-\u9fff]{0,4}\d{1,2}月\d{1,2}日电)`,
);

/** The mark that opens each item of a news-in-brief column: "▲2月3日上午，XX市总工会…". */
export const BRIEF_MARK = /^[▲△●]\s*(?=[\u4e00-\u9fff\d“])/;

/**
 * The same at the end of a line: "…等多项荣誉。 （卫 玲 周二红）" — a byline closing a piece; the writer's body
 * may stand before the name ("…。（XX县应急管理局：张三）").
 */
export const TRAILING_BYLINE = /\s*[（(]\s*((?:[\u4e00-\u9fff]{2,16}[：:]\s*)?(?:[\u4e00-\u9fff·]{1,4}\s*){1,6})[）)]\s*$/;

/**
 * A byline right after a dateline: "劲旅讯 （杨 红） 2023 年以来", "本报讯 (记者马学礼 李静楠)日前",
 * "XX网讯 （记者张三 通讯员李四 王五）", "XX网某地1月3日讯 （通讯员 张三 李四 记者 王五）" — and the
 * unbracketed agency form "XX网讯 通讯员 张三 报道 一场…".
 */
export const DATELINE_BYLINE = new RegExp(
  `^(${DATELINE.source.slice(1)})\\s*(?:[（(]([\\u4e00-\\u9fff·\\s]{2,40})[）)]` +
    `|((?:(?:本报|本网)?(?:特约|实习)?(?:记者|通讯员)\\s*(?:[\\u4e00-\\u9fff·]{2,4}\\s+){1,3}){1,3})报道)\\s*`,
);

/** The ◆ author mark of literary pieces: "◆ 卫敬强", "◆ 段芝云" (after the vertical name is joined). */
export const DIAMOND_SIGN = /^◆\s*([\u4e00-\u9fff·]{0,4})\s*$/;

/** Role words inside a byline: "本报记者 刘旭 本报通讯员 宋昕泽", "（记者马学礼 李静楠）", "摄影报道 郭美霞". */
export const ROLE_WORD = /(本报特约记者|本报记者|本报通讯员|特约记者|新华社记者|通讯员|记者|摄影报道|摄影)/g;

/**
 * A line that is only reporter credits: "本报记者 郭亚章", "本报记者 张三 通讯员 李四", and the forms other
 * papers print above the body: a mark before it ("■通讯员 张三 李四", "■通讯员王 五" with a justified
 * two-character name), the paper or agency before the role ("XX日报天眼新闻记者 张三", "本网特约记者：张三"),
 * "文/张三", "作者：张三".
 */
export const CREDIT_LINE = new RegExp(
  String.raw`^[■□●◆▲]?\s*(?:(?:[\u4e00-\u9fff]{0,10}?(?:特约|实习|见习)?(?:记者|通讯员)|文\s*[/／]|作者\s*[:：])\s*[:：]?\s*` +
    String.raw`(?:(?:[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff] [\u4e00-\u9fff])(?:\s+|$)){1,4}\s*)+$`,
);
/** CREDIT_LINE.test for lines short enough to be one (the pattern's lazy prefix is tried at each length). */
export function isCreditLine(t: string): boolean {
  return t.length <= 40 && (t.includes("记者") || t.includes("通讯员") || t.includes("作者") || /文\s*[/／]/.test(t)) && CREDIT_LINE.test(t);
}

/**
 * Photo credit at the end of a caption: "…比赛现场 米国伟 摄", "本报通讯员 赵平 潘媛媛 摄", and a two-character
 * name justified with a space as print does ("…会议现场。 张 明 摄" — the same as "崔 磊" in 摄影报道 credits).
 */
export const PHOTO_CREDIT = /(?:^|\s)((?:(?:本报|新华社)?(?:记者|通讯员)\s*)?(?:(?:[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff]\s[\u4e00-\u9fff])\s+){1,4})摄\s*$/;

/** Photo-story credit: "…使用正压式空气呼吸器。 摄影报道 崔丽娜", "鹤望新岁 摄影 卫志毅". */
export const PHOTO_REPORT = /(?:^|\s)(摄影报道|摄影)\s*((?:[\u4e00-\u9fff·]{1,4}\s*){1,6})$/;
/** The names before the label: "…的精彩表演。 本报记者 张三 摄影报道". */
export const PHOTO_REPORT_AFTER = /(?:^|\s)((?:(?:本报|本网)?(?:记者|通讯员)\s*)?(?:[\u4e00-\u9fff·]{2,4}\s+){1,3}摄影报道)\s*$/;

/** Heads that number or date a part of a piece: "三、报送要求", "（二）", "1.", "2018年", "第二部分". */
export const SECTION_HEAD = /^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、]|第[一二三四五六七八九十\d]{1,3}[部章节篇]|\d{4}\s*年$)/;

/** Masthead furniture: "中铝山西新材料有限公司党委 主 管 党委工作部 主 办". */
export const MASTHEAD = /主\s*管.{0,30}主\s*办|主\s*办.{0,30}(?:出\s*版|编\s*辑)|(?:国内统一连续出版物号|CN\s*\d{2}-\d{4})/;

/** Web chrome and meta lines of scraped pages. */
export const WEB_META = /^(?:来源|发布时间|时间|点击|作者|编辑|责任编辑|浏览|阅读)[:：]|(?:来源[:：].{0,40}时间[:：])/;
export const WEB_FOOTER = /^(?:本文(?:摘要|关键词|来源|链接|标签)|关键词|上一篇|下一篇|相关(?:阅读|文章|新闻)|版权所有|Copyright)/i;
export const WEB_CHROME = /^(?:首页|主页|返回|导航|网站首页|当前位置|您的位置|联系我们|[\d\s+\-()]{6,}|\S+@\S+\.\S+|https?:\/\/\S+|www\.\S+|\d{6}|.{2,20}(?:省|市).{0,12}(?:区|县|路|街|号).{0,12}\d+号.{0,6})$/;

/**
 * Organisation suffixes a unit name ends with: "电解厂", "精细氧化铝事业部", "矿业公司采剥工区党支部",
 * "营口市总工会", "淄博市总", "航天科工203所". Ordered longest first so alternation picks the full suffix.
 */
export const ORG_SUFFIX =
  "(?:有限责任公司|股份有限公司|有限公司|分公司|公司|事业部|市总工会|省总工会|总工会|工会委员会|基金会|委员会|协会|工会|党支部|党总支|党委|分厂|" +
  "车间|工区|集团|项目部|项目|研究所|研究院|医院|中心|市总|省总|区总|" +
  // one-character suffixes only where the next character does not make them part of a longer word:
  // 矿 but not 矿山 / 矿石, 部 but not 部署, 所 but not 所有 ("为促进矿山安全", "周密部署").
  "矿(?![山石区产井业物藏脉工灯])|厂(?![长区房家])|所(?![有以属在谓长])|局(?![长面势部])|站(?![长台在])|库(?![存区])|" +
  "队(?![长伍员])|(?<![干全内外局])部(?![署门长分])|社(?![会区长])|城(?![市区镇乡])|院(?![长士校]))";

/** Characters that never start an organisation name — they end the word before it: "听取了矿业公司". */
export const ORG_STOP = "了的在对向将和与及或把被由从到为是有以于给让使之其该这那每此等并、，。：；“”‘’《》（）()·—,.;:!?\\s";

/*
 * Fast paths for the patterns that are tried on every line. A pattern without a leading ^ is tried by V8 at
 * every start position of the line, and TRAILING_BYLINE alone was tested ~300,000 times per 10 MB of text; but
 * each can only match a line that ends in (or contains) a certain character, and that one look settles nearly
 * every line. Each function answers exactly what its pattern answers.
 */

/** TRAILING_BYLINE.exec, for lines ending in a bracket: "…等多项荣誉。 （卫 玲 周二红）". */
export function execTrailingByline(s: string): RegExpExecArray | null {
  const last = lastNonSpaceCode(s);
  return last === 0xff09 /* ） */ || last === 0x29 /* ) */ ? TRAILING_BYLINE.exec(s) : null;
}

/** PHOTO_CREDIT.exec, for lines ending in 摄: "…比赛现场 米国伟 摄". */
export function execPhotoCredit(s: string): RegExpExecArray | null {
  if (lastNonSpaceCode(s) !== 0x6444 /* 摄 */) return null;
  const m = PHOTO_CREDIT.exec(s);
  if (m) return m;
  // Content-order PDF text drops the spaces: "…观看直播时的情景。张三丰摄" — a person's name run on after the
  // caption's last sentence.
  const tight = PHOTO_CREDIT_TIGHT.exec(s);
  return tight && isPersonName(tight[1]!) ? tight : null;
}

/** "…的情景。张三丰摄": the photographer's name straight after a sentence end. */
export const PHOTO_CREDIT_TIGHT = /(?<=[。！？”])([\u4e00-\u9fff]{2,3})摄\s*$/;

/** PHOTO_REPORT.exec, for lines that say 摄影: "…空气呼吸器。 摄影报道 崔丽娜". */
export function execPhotoReport(s: string): RegExpExecArray | null {
  return s.includes("摄影") ? PHOTO_REPORT_AFTER.exec(s) ?? PHOTO_REPORT.exec(s) : null;
}

/** MASTHEAD.test: every alternative needs 主, the serial-number phrase or CN. */
export function isMasthead(s: string): boolean {
  return (s.includes("主") || s.includes("国内统一连续出版物号") || s.includes("CN")) && MASTHEAD.test(s);
}

/** WEB_META.test: every alternative needs a colon. */
export function isWebMeta(s: string): boolean {
  return (s.includes("：") || s.includes(":")) && WEB_META.test(s);
}

/** SENTENCE_END.test: the line's last character must be one of the marks the pattern ends in. */
const SENTENCE_LAST = new Set([..."。！？!?…；;”’」』）)—"].map((c) => c.charCodeAt(0)));
export function endsSentence(s: string): boolean {
  return SENTENCE_LAST.has(s.charCodeAt(s.length - 1)) && SENTENCE_END.test(s);
}

/** "…的良好氛围。 记者 李俊华 通讯员 杜晨媛" — credits run on at the end of the last paragraph. */
const TRAILING_CREDIT = /\s+((?:(?:本报|新华社)?(?:记者|通讯员)\s*[\u4e00-\u9fff·]{2,4}\s*)+)$/;
/**
 * The same run straight on after the last sentence, the paper before the role and names run together as PDF
 * text leaves them: "…的水平。 本网特约记者：张三 通讯员 李四", "…的水平。通讯员张三李四五报道".
 */
const TRAILING_CREDIT_RUN = /(?<=[。！？”])\s*((?:(?:本报|本网|本刊)?(?:特约|实习)?(?:记者|通讯员)[：:]?\s*(?:[\u4e00-\u9fff·]{2,6}\s*){1,3})+(?:报道)?)$/;

/** A writer's credit run on after a poem's last line: "…人间滚烫作者：某矿分公司 张三". */
const TRAILING_WRITER = /(?<=[\u4e00-\u9fff。！？”])\s*(作者[：:]\s*(?:[\u4e00-\u9fff]{2,20}\s+)?[\u4e00-\u9fff·]{2,4})$/;

/** TRAILING_CREDIT.exec, only for text that names a 记者, 通讯员 or 作者 (see the fast paths in patterns.ts). */
export function execTrailingCredit(t: string): RegExpExecArray | null {
  if (t.includes("记者") || t.includes("通讯员")) return TRAILING_CREDIT_RUN.exec(t) ?? TRAILING_CREDIT.exec(t);
  return t.includes("作者") ? TRAILING_WRITER.exec(t) : null;
}
