/**
 * Page furniture: the lines a page prints around its articles that belong to none of them. Every paper has
 * them in one of a few shapes, and extraction drops them anywhere — at the top, between two columns, in the
 * middle of a sentence that continues after them:
 * - the masthead block: the paper's name ("XX能源报"), its publisher ("XX集团党委主管 宣传部主办",
 *   "XX社出版"), the issue's date line ("2022年6月10日 星期五 第23期（总第901期）"), the page label
 *   ("第2版 矿区新闻", "第06版:文艺", "07 职工·风采");
 * - the page's staff credit: "本版编辑：张三 校对：李四", "责任编辑：王五 美编：赵六";
 * - e-paper and portal chrome: "XX日报电子版 | 首页", "出版日期:…", "本版导读", "上篇:…"/"下篇:…", "分享到",
 *   "© XX日报", "放大 缩小 默认", a breadcrumb "当前位置:首页 > 栏目".
 * Each test is anchored and looks at one trimmed line; position rules (a paper-name line counts only in the
 * masthead zone) are applied by classifyLines.
 */

const DATE = String.raw`\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日`;
const WEEKDAY = String.raw`(?:星期|周)[一二三四五六日天]`;
const PAGE_NO = String.raw`第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*版`;
const ISSUE_NO = String.raw`(?:总?第\s*\d+\s*期|[（(]\s*总第\s*\d+\s*期\s*[）)])`;

/** "第2版 矿区新闻", "第06版:文艺", "第5版图片新闻". */
const PAGE_LABEL = new RegExp(String.raw`^${PAGE_NO}\s*[:：]?\s*[\u4e00-\u9fff·]{0,10}$`);
/** "02 矿区新闻", "07 职工·风采": a page number before the page's section name (only in the masthead zone). */
const NUMBERED_SECTION = /^0\d\s+[\u4e00-\u9fff·]{2,8}$/;
/**
 * The issue's date line, alone or with what prints beside it: "2022年6月10日 星期五 第23期",
 * "青山矿业报 2022年6月10日 星期五 第4版 文艺", "2022年6月10日 第23期". A bare date ("2022年6月9日")
 * is left to classifyLines: it is also how a notice is signed.
 */
const DATE_LINE = new RegExp(
  String.raw`^(?:[\u4e00-\u9fff]{2,12}\s*)?${DATE}\s*(?:${WEEKDAY}|${ISSUE_NO}|${PAGE_NO})(?:\s*(?:${WEEKDAY}|${ISSUE_NO}|${PAGE_NO}|[\u4e00-\u9fff·]{2,12}))*\s*$`,
);
export const BARE_DATE = new RegExp(String.raw`^${DATE}$`);
/** "XX省总工会主管主办", "XX矿业集团党委主办", "XX周报社出版", "XX集团党委主管 宣传部主办". */
const PUBLISHER = /^[\u4e00-\u9fffA-Za-z（）()·\s]{2,36}(?:主\s*办|出\s*版|主\s*管|编\s*印|协\s*办)$/;
/** "本版编辑：吴六 校对：郑七", "责任编辑：王五 版式：赵六", "本版责编：钱八 美编：孙九", "编辑：李四". */
const STAFF_CREDIT = /^(?:本版)?(?:责任编辑|责编|编辑|美编|校对|版式|组版|审校|审核|终审|值班编辑|图片编辑|摄影编辑|排版)\s*[:：]\s*[\u4e00-\u9fff·]{2,4}(?:\s+(?:责任编辑|责编|编辑|美编|校对|版式|组版|审校|审核|终审|排版)?\s*[:：]?\s*[\u4e00-\u9fff·]{2,4})*$/;
/** The paper's own name on a line of its own: "XX能源报", "XX工人日报", "XX周刊". */
export const PAPER_NAME = /^[\u4e00-\u9fff]{2,12}(?:日报|晚报|周报|报|周刊|月刊|画报)(?:\s*电子版)?$/;
/** E-paper and portal chrome. */
const EPAPER_CHROME = /^(?:.{0,20}电子版\s*[|｜]|出版日期\s*[:：]|本版导读$|上一?篇\s*[:：]|下一?篇\s*[:：]|分享到|©|放大\s*缩小|上一版|下一版|返回(?:目录|版面|首页)|版面导航|往期回顾)/;
/** A breadcrumb: "当前位置:首页 > 职工服务", "您的位置：首页>>新闻中心". */
const BREADCRUMB = /^(?:当前位置|您的位置|您现在的位置|所在位置|位置)\s*[:：]/;

/** Why a line is page furniture wherever it stands, or null. */
export function pageFurniture(t: string): string | null {
  if (t.length > 60) return null; // furniture is a short line; running text is not worth the patterns below
  if (BREADCRUMB.test(t)) return "site chrome";
  if (EPAPER_CHROME.test(t)) return "site chrome";
  if (STAFF_CREDIT.test(t)) return "page staff credit";
  if (PAGE_LABEL.test(t)) return "page label";
  if (/\d{4}\s*年/.test(t) && DATE_LINE.test(t)) return "masthead date line";
  if (PUBLISHER.test(t) && !/[，。；！？]/.test(t)) return "masthead";
  return null;
}

/** Furniture that counts only in the masthead zone (before the first article text, or next to other masthead lines). */
export function mastheadZoneFurniture(t: string): string | null {
  if (PAPER_NAME.test(t)) return "masthead";
  if (NUMBERED_SECTION.test(t)) return "page label";
  return null;
}
