/**
 * Every sentence an editor reads — parser warnings, `check`/`add` findings, corrections notes, errors, the build's
 * phase lines — in one table, in Chinese, with one word for each kind of thing (the site's words: 消息/图片/文艺/
 * 启事, 标题, 引题, 副题, 栏目, 单位, 作者, 类别, 未归入文章的文字, 更正). File names, file:line, option names and YAML
 * keys stay as they are typed. Code never reads these sentences back: a warning carries a stable `code` (and the
 * article number, the text it is about) for that — see `Warning` in types.ts.
 *
 * The command line's own help (`--help`, HELP below) too; cli/commander-zh.ts makes commander's built-in words
 * (Usage:, Options:, its errors) Chinese.
 */
import type { ArticleKind, AuthorRole } from "./types.ts";

/** Article kinds as the site names them (site-labels.ts shows these on pages). */
export const KIND_LABELS: Record<ArticleKind, string> = { news: "消息", photo: "图片", literary: "文艺", notice: "启事" };
/** Credit roles as a byline prints them: 本报记者 刘旭, 通讯员 宋昕泽, 张涛 摄. */
export const ROLE_LABELS: Record<AuthorRole, string> = { writer: "作者", reporter: "记者", correspondent: "通讯员", photographer: "摄影" };
/** The fields a corrections file may set, as the article page labels them. */
export const FIELD_LABELS: Record<string, string> = {
  headline: "标题", kicker: "引题", subheadline: "副题", column: "栏目", unit: "单位", authors: "作者", kind: "类别",
  body: "正文", caption: "图片说明",
};

/**
 * Why text was left out of every article, in Chinese. The record keeps the parser's reason key (a stable code:
 * the parser, corrections and the site compare it); whatever shows it to a person shows this label.
 */
export const UNPLACED_LABELS: Record<string, string> = {
  masthead: "报头",
  "masthead date line": "报头日期",
  "page label": "版面标记",
  "page staff credit": "版面编辑署名",
  "site chrome": "网页框架",
  "site navigation": "网站导航",
  "web page footer": "网页页脚",
  "web page meta line": "网页信息行",
  "title line that matched no article": "未对应文章的标题",
  "text outside any article": "文章之外的文字",
  furniture: "版面装饰（编辑标注）",
  "replaced by correction": "编者更正前的原文",
};
export const unplacedLabel = (reason: string): string => UNPLACED_LABELS[reason] ?? "其他文字";

const q = (s: string) => `“${s}”`;
const none = (v: string | null | undefined) => (v === null || v === undefined || v === "" ? "无" : q(v));
/** "第 3 篇", "第 3+4 篇" (an article made by a merge answers to each of its numbers). */
export const articleNo = (n: number | string) => `第 ${n} 篇`;

/** The parser's warnings (src/parse): the message of each code. */
export const PARSE = {
  noHeadline: (n: number) => `${articleNo(n)}没有标题`,
  noByline: (n: number) => `${articleNo(n)}没有署名`,
  unplaced: (text: string) => `未归入文章的文字：${q(text)}`,
  unmatchedTitle: (title: string, fit: string) => `标题行${q(title)}对不上任何文章（最佳匹配度 ${fit}）`,
  lowConfidence: (headline: string, fit: string, line: number | string) =>
    `标题${q(headline)}的归属把握不大（匹配度 ${fit}）：请核对它是否属于第 ${line} 行起的文章`,
  mojibake: (n: number) => `修复了 ${n} 个 GBK 字体标点乱码（渊…冤 → （…）、遥 → 。…），第一处在此行`,
  dateInferred: (date: string, evidence: string) => `出版日期 ${date} 系由正文推断（${evidence}）`,
  noDate: "文件名、文件头和正文里都没有日期",
};

/** `parse --explain`: the lines each pass writes about a piece (the reason phrases are at the call sites). */
export const EXPLAIN = {
  starts: (line: number, why: string) => `segment: 起于第 ${line} 行（${why}）`,
  ends: (line: number, why: string) => `segment: 止于第 ${line} 行（${why}）`,
  headlineByLayout: (line: number, why: string) => `segment: 第 ${line} 行的标题按版面位置归入（${why}）`,
};

/** Evidence for an inferred date (parse/infer-date.ts), joined with "；". */
export const DATE_EVIDENCE = {
  metaLine: (line: string) => `网页信息行${q(line)}`,
  onlyYear: (y: number) => `正文只提到年份（${y}）`,
  latest: (iso: string) => `正文提到的最晚日期为 ${iso}`,
  since: (phrase: string, month: number) => `${q(phrase)}说明在 ${month} 月之后`,
  yearEnd: (y: number) => `年终报道说到 ${y} 年，定为次年 1 月`,
};

/** The kinds of `check`'s findings, as its report and /report/ label them (content/findings.ts). */
export const FINDING_LABELS = {
  "no-headline": "无标题", "low-confidence-headline": "标题存疑", unplaced: "未归入文字", "unmatched-title": "标题未匹配",
  "no-byline": "无署名", "date-inferred": "日期推断", "no-date": "无日期", mojibake: "乱码修复", duplicate: "疑似重复",
  "stale-correction": "更正失效", "unit-variant": "单位异写", correction: "已更正", other: "提示",
} as const;

/** Findings that need the whole archive (content/findings.ts). */
export const FINDINGS = {
  duplicate: (n: number, others: { index: number; file: string }[]) =>
    `${articleNo(n)}与${others.map((o) => `${o.file} ${articleNo(o.index)}`).join("、")}正文相同——同一篇加了两次？`,
  unitVariant: (unit: string, n: number, similar: string[]) =>
    `单位${q(unit)}（${articleNo(n)}）在档案中只出现一次，与${similar.map(q).join("、")}相近；若是同一单位，请写进 content/units.yaml`,
};

/** What a correction did or could not do (content/corrections.ts). `what` names the entry: 合并, 拆分, 更正, 移入. */
export const CORRECTION = {
  stale: (words: string, what: string) => `已没有文章以${q(words)}开头；这条${what}没有执行（原文件改过吗？）`,
  displaced: (field: string, text: string) => `被替换的原${FIELD_LABELS[field] ?? field}${q(text)}保留为未归入文章的文字`,
  merged: (nums: (number | null)[]) => `已合并${articleNo(nums.join(" + "))}`,
  split: (n: number, at: string, line: number | null) => `已在${q(at)}处拆分${articleNo(n)}${line === null ? "" : `（第 ${line} 行）`}`,
  splitStale: (at: string, n: number) => `${q(at)}已不在${articleNo(n)}里（或正是它的开头）；拆分没有执行`,
  splitOff: "拆出的文章",
  fieldSame: (label: string, field: string, value: string | null) => `${label}：${FIELD_LABELS[field] ?? field}已是${none(value)}；这条更正不再改变什么`,
  fieldSet: (label: string, field: string, before: string | null, after: string | null) => `${label}：${FIELD_LABELS[field] ?? field} ${none(before)} → ${none(after)}`,
  listSame: (label: string, field: string, value: string) => `${label}：${FIELD_LABELS[field] ?? field}已是 ${value || "无"}；这条更正不再改变什么`,
  listSet: (label: string, field: string, before: string, after: string) => `${label}：${FIELD_LABELS[field] ?? field} ${before || "无"} → ${after || "无"}`,
  noUnplaced: (words: string | undefined, line: number | undefined, what: string) =>
    `已没有${words !== undefined ? `以${q(words)}开头` : `覆盖第 ${line} 行`}的未归入文章的文字；这条${what}没有执行`,
  moved: (text: string, line: number, to: string, as: string) => `未归入文章的文字${q(text)}（第 ${line} 行）已移入${to}，作为${FIELD_LABELS[as] ?? as}`,
  alreadyFurniture: (text: string) => `${q(text)}已标为版面装饰`,
  dropped: (text: string, was: string) => `未归入文章的文字${q(text)}已标为版面装饰（原为：${unplacedLabel(was)}），仍列在本期`,
  // Errors: the corrections file names something the issue does not have.
  noSuchArticle: (n: number, file: string, count: number) => `没有${articleNo(n)}：${file} 只有 ${count} 篇文章`,
  ambiguous: (words: string, nums: string[]) => `${q(words)}是${nums.map(articleNo).join("和")}的开头；请多写几个字，或写文章编号`,
  mergedTwice: (nums: (number | null)[]) => `merge 里${nums.map((n) => articleNo(n ?? "?")).join("、")}有同一篇文章：一篇文章只能合并一次`,
  noLongerFits: (detail: string) => `${detail}——更正文件已对不上新的文字；请改正或删去它，再加入`,
};
/** The entries of a corrections file, as `CORRECTION.stale` names them. */
export const ENTRY = { merge: "合并", split: "拆分", correction: "更正", move: "移入", drop: "标为装饰" };

/** Errors about an input file: the file and line come first (InputError), this is the rest. */
export const INPUT = {
  cannotRead: (code: string) => `无法读取文件（${code}）`,
  empty: "空文件（0 字节）",
  tooLarge: (bytes: number, mb: number) => `文件有 ${bytes} 字节，超过 ${mb} MB 的上限`,
  binary: "二进制文件（含 NUL 或控制字节），不是文本",
  undecodable: (at: number, guess: string) => `第 ${at} 字节起无法解码（不是 UTF-8、UTF-16 或 GB18030${guess ? `；像是 ${guess}` : ""}）`,
  nameDateNotReal: (iso: string) => `文件名里的日期 ${JSON.stringify(iso)} 不是真实的日期；请用 --date YYYY-MM-DD 指定`,
  frontMatterOpen: "文件头以 --- 开始，却没有以 --- 结束",
  frontMatterYaml: (detail: string) => `文件头不是有效的 YAML：${detail}`,
  frontMatterMapping: "文件头必须是 YAML 映射（每行 键: 值）",
  sameDate: (other: string, paper: string | null, date: string | null) => `与 ${other} 是同一报纸同一日期（${paper} ${date}）；给其中一个文件名加上版次后缀，如 -2`,
  noContent: "这里没有 content 文件夹；请写出要检查的文件，或用 --content <目录> 指定",
  notAPort: (v: string) => `不是端口号：${v}（应为 0–65535，0 表示任选一个空闲端口）`,
  portInUse: "端口已被占用，请用 --port 指定其他端口（--port 0 自动选一个空闲端口）",
  siteUrl: (got: string) => `网站地址必须是完整的 http(s) 地址，如 https://example.org/（现为 ${got}）`,
};

/**
 * What the YAML library found wrong, in Chinese, by its error code (its own message is English): front matter,
 * corrections files, units.yaml. An unknown code is a plain 语法错误.
 */
export function yamlProblem(e: { code?: string; message?: string }): string {
  const m = e.message ?? "";
  if (/Flow sequence/.test(m)) return "方括号 [ 没有用 ] 关上，或它的续行缩进不够";
  if (/Flow map/.test(m)) return "花括号 { 没有用 } 关上，或它的续行缩进不够";
  const say: Record<string, string> = {
    BAD_INDENT: "缩进不对：同一层的键要对齐，下一层要多缩进",
    TAB_AS_INDENT: "不能用 Tab 缩进，请用空格",
    MISSING_CHAR: "缺少配对的符号（]、} 或引号）",
    UNEXPECTED_TOKEN: "这里有不该出现的内容：每行应是“键: 值”或“- 项”",
    BLOCK_AS_IMPLICIT_KEY: "“键: 值”要写在同一行",
    MULTILINE_IMPLICIT_KEY: "“键: 值”要写在同一行",
    BAD_SCALAR_START: "值不能以 @、`、% 等符号开头；请给它加上引号",
    BAD_DQ_ESCAPE: "双引号里的 \\ 转义写法不对；请改用单引号",
    DUPLICATE_KEY: "同一个键写了两次",
    MULTIPLE_DOCS: "只能有一份内容：中间不要再写 ---",
    BLOCK_IN_FLOW: "方括号或花括号里不能换行写“- 项”",
  };
  return say[e.code ?? ""] ?? "语法错误";
}

/** An article-number ledger whose issue file is gone (content/orphan-ledgers.ts). */
export const LEDGER = {
  orphan: (ledger: string) =>
    `编号账本 ${ledger} 没有同名的期文件：期文件若改了名，请把账本也改成新的名字（替换构建新写的那个），文章就保留原来的编号和网址；该期若已删去，可以删除账本`,
};

/** `baokan add`'s refusals (content/add-issue.ts). */
export const ADD = {
  unknownPaper: (candidates: string[], known: string[], dateline: string | null) =>
    `认不出这是哪份报纸${candidates.length > 1 ? `（可能是 ${candidates.join(" 或 ")}）` : ""}；请用 --paper <slug> 指定（${known.length ? `已有的报纸：${known.join(", ")}` : "还没有任何报纸"}；新的 slug 即新建一份报纸）${dateline ? `；它的电头是${q(`${dateline}讯`)}：用 --paper 新建的报纸将取名 ${dateline}` : ""}`,
  paperDisagrees: (paper: string, fm: string) => `--paper ${paper} 与文件头的 paper: ${fm} 不一致`,
  dateDisagrees: (date: string, fm: string) => `--date ${date} 与文件头的 date: ${fm} 不一致`,
  pageNeedsDay: "--page 只用于按日命名的文件；请同时用 --date YYYY-MM-DD 指定日期",
  alreadyHere: "这个文件已在档案中，就是这个名字；没有要加入的",
  exists: (byDay: boolean) => `已存在；要覆盖请加 --replace${byDay ? "，同一天的第二个文件请加 --page 2" : ""}`,
  sameDate: (other: string, paper: string, date: string | null) => `与 ${other} 是同一报纸同一日期（${paper} ${date}）；要替换那个文件请加 --replace，要区分两者请用 --date 或 --page`,
  notWritten: (code: string) => `无法写入（${code}）；content/ 没有改动`,
  paperYaml: (name: string, count: number) => `# 由 baokan add 新建：报名取自版面上印的电头“${name}讯”（${count} 处）。\n# 知道的话，请补上 publisher:（主办单位）和 description:（简介）。\nname: ${name}\n`,
};

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} 秒`;
/** The build's phase lines: `[tag]` stays (tools and the serve log match it), the rest is Chinese. */
export const BUILD = {
  parse: (files: number, ms: number, cache: { parsed: number } | null) =>
    `[parse] ${files} 个文件 ${secs(ms)}${cache ? `（解析 ${cache.parsed} 个，${files - cache.parsed} 个取自缓存）` : ""}`,
  site: (articles: number, ms: number) => `[site] ${articles} 篇文章的页面数据 ${secs(ms)}`,
  noAddress: (siteYaml: string, root: string) => `[config] 没有设置网站地址（${siteYaml} 的 url: 或 --site-url）：订阅、网站地图和开放数据暂用默认地址 ${root}`,
  render: (pages: number, of: number | null, removed: number, ms: number) =>
    `[render] ${of === null ? `${pages} 个页面` : `${of} 个页面中的 ${pages} 个（其余未变${removed ? `，删去 ${removed} 个` : ""}）`} ${secs(ms)}`,
  data: (files: number, feeds: number, mb: number, written: number | null, ms: number) =>
    `[data] ${files} 个文件（JSON、CSV、${feeds} 个订阅源、网站地图、robots.txt）${mb.toFixed(1)} MB${written === null ? "" : `，写入 ${written} 个`} ${secs(ms)}`,
  index: (pages: number, shards: number, reused: number, indexed: number, ownMs: number, afterMs: number) =>
    `[index] ${pages} 个页面，${shards} 个分片${reused ? `（沿用 ${reused} 个，新索引 ${indexed} 篇文章）` : ""} ${secs(ownMs)}，页面完成后 ${secs(afterMs)}`,
  cache: (hits: number, misses: number, dir: string) => `[cache] 沿用 ${hits} 个，解析 ${misses} 个（${dir}）`,
  report: (file: string, url: string) => `[report] ${file} — 解析质量页，在网站的 ${url}`,
  indexerStopped: "索引程序意外退出",
  indexFailed: (shard: string, error: string) => `搜索索引（分片 ${shard}）出错：${error}`,
  unreadable: (n: number) => `${n} 个输入文件有错，无法构建：`,
};

/** Why a build renders every page (site/incremental.ts). */
export const FULL_BUILD = {
  noState: "没有构建状态文件夹",
  noEarlier: "没有上一次构建",
  unreadable: "构建状态无法读取",
  other: "构建状态属于另一次构建",
  siteChanged: "网站文件夹已不是上次构建的那个",
  manyChanged: (changed: number, of: number) => `${of} 个页面中有 ${changed} 个改动`,
};

/** Words of the command line around the messages above. */
export const CLI = {
  errorTag: "错误",
  untitled: "（无标题）",
  lines: "行",
  unknownPaper: "（未知报纸）",
};

/** `--help` of every command and option (cli/main.ts). Option names, placeholders and example commands stay. */
export const HELP = {
  program: "报刊 —— 把报纸各期的原始文字变成可检索的静态档案网站",
  examples: "例子：",
  help: "显示帮助",
  helpCommand: "显示某个命令的帮助",
  content: "content 文件夹",
  parse: {
    about: "解析一个原始文件并打印它的记录（连同它的更正文件；在 content/ 里的文件还用单位异写表）",
    file: "原始文件（UTF-8、GB18030 或 UTF-16）",
    json: "以 JSON 打印这一期的记录（默认）",
    explain: "逐篇打印由哪一步、凭什么定下文章的起止、标题和单位（解析器自己的读法）",
    noFix: "不用这个文件的 .fix.yaml 更正",
    content: "content 文件夹（在它里面的文件以所在文件夹为报纸）",
  },
  add: {
    about: "把一个原始文件加入 content/：解码（UTF-8、GBK/GB18030、UTF-16 → 存为 UTF-8），认出报纸和日期，按约定命名，并打印解析报告",
    file: "印厂、PDF 提取或 OCR 得到的原始文件",
    paper: "报纸在 content/ 下的文件夹名（新的 slug 即新建一份报纸）",
    date: "这一期的日期（不给时依次取文件头、原文件名、正文）",
    page: "同一天的第二个文件或某一版：2024-01-05-<label>.txt",
    replace: "覆盖同名的一期，或同一报纸同一日期的那一期",
    noCache: "不用磁盘上的解析缓存",
    ex1: "# 报纸取自电头“劲旅讯”，日期取自文件名",
    ex2: "# 版面上没有报名的报纸",
  },
  check: {
    about: "content/ 中每一期（或指定的文件和文件夹）的解析报告：文章、单位、作者、类别、字数，然后以 文件:行 列出提示",
    paths: "要检查的原始文件或报纸文件夹（默认：--content 下的每一期）",
    json: "以 JSON 打印各期、提示和错误",
    strict: "提示也按错误计（退出码 1）",
    noFix: "显示不带 .fix.yaml 更正的解析结果（更正文件用的正是这里的文章编号）",
    noCache: "不用磁盘上的解析缓存",
    ex1: "# 整个档案",
    ex2: "# 一份报纸",
  },
  build: {
    about: "解析 content/，生成网站并用 Pagefind 建索引，写入 _site/（构建失败时旧网站保持原样）",
    out: "输出文件夹",
    pathPrefix: "网站放在子路径下，如 /archive/",
    siteUrl: "网站的公开地址，用于订阅源和网站地图（优先于 content/site.yaml）",
    noCache: "每个文件都重新解析，不沿用未改动文件的解析结果",
    withReport: "同时生成解析质量页 /report/（给编辑看：不进搜索，不进网站地图）",
  },
  report: {
    about: "构建网站并生成解析质量页 /report/：每一期的统计（文章、标题、未归入文章的文字、各类提示、乱码修复、更正）、以 文件:行 列出并链接到期和文章页面的提示、最需要编辑先看的几期（同 build --with-report）",
    ex1: "# 然后打开 http://127.0.0.1:8080/report/",
  },
  serve: {
    about: "构建网站，在本机提供，并在 content/ 里的文件或模板改动时重新构建（只重新解析改过的原始文件）；打开的页面自动刷新",
    port: "端口（0：任选一个空闲端口）",
    pathPrefix: "在子路径下构建和提供，如 /archive/",
    noWatch: "只构建和提供：不重新构建，不加刷新脚本",
    withReport: "包括解析质量页 /report/，随网站一起重建",
    noCache: "每次构建都重新解析每个文件",
    ex1: "# http://127.0.0.1:8080/，保存即重建",
    ex3: "# 以及解析质量页 /report/",
  },
};

/** Commander's built-in words, as its help and errors print them (cli/commander-zh.ts). */
export const COMMANDER = {
  titles: { "Usage:": "用法：", "Arguments:": "参数：", "Options:": "选项：", "Commands:": "命令：", "Global Options:": "全局选项：" } as Record<string, string>,
  usage: { "[options]": "[选项]", "[command]": "[命令]" } as Record<string, string>,
  default: (v: string) => `（默认：${v}）`,
  seeHelp: "（加 --help 查看用法和例子）",
  errors: [
    [/^error: unknown option '(.*?)'/, (m: string[]) => `错误：没有选项 ${m[1]}`],
    [/^error: unknown command '(.*?)'/, (m: string[]) => `错误：没有命令 ${m[1]}`],
    [/^error: missing required argument '(.*?)'/, (m: string[]) => `错误：缺少参数 <${m[1]}>`],
    [/^error: option '(.*?)' argument missing/, (m: string[]) => `错误：选项 ${m[1]} 后面要跟一个值`],
    [/^error: too many arguments(?: for '(.*?)')?\. Expected (\d+) arguments? but got (\d+)\./, (m: string[]) => `错误：${m[1] ? `${m[1]} ` : ""}参数太多：应有 ${m[2]} 个，给了 ${m[3]} 个`],
    [/^error: (.*)$/, (m: string[]) => `错误：${m[1]}`],
    [/^\(Did you mean one of (.*)\?\)$/, (m: string[]) => `（是不是其中之一：${m[1]}？）`],
    [/^\(Did you mean (.*)\?\)$/, (m: string[]) => `（是不是 ${m[1]}？）`],
  ] as [RegExp, (m: string[]) => string][],
};
