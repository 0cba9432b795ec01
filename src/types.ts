/**
 * The record schema of baokan — every type the parser produces and the site consumes lives here.
 *
 * `IssueRecord` is exactly what `baokan parse --json <file>` prints; `/data/articles.json` (later) reuses
 * `ArticleRecord`. Line numbers are 1-based and refer to the raw input file (front matter included), so
 * "source: file, lines 43–99" can be checked against the file an editor holds.
 */

/** An inclusive 1-based line range in the raw file. */
export type LineRange = [from: number, to: number];

export type ArticleKind = "news" | "photo" | "literary" | "notice";

export type AuthorRole = "writer" | "reporter" | "correspondent" | "photographer";

export interface Credit {
  name: string;
  role: AuthorRole;
}

export interface ArticleRecord {
  /** The article's permanent number in its issue (src/content/article-ledger.ts): its URL /<paper>/<issue>/<nn>/, the number check and corrections use; parse order until a ledger exists. */
  index: number;
  headline: string | null;
  /** 引题: the line printed above the headline. */
  kicker: string | null;
  /** 副题: the line printed below the headline. */
  subheadline: string | null;
  /** 栏目: a column or series label the piece runs under. */
  column: string | null;
  /** Every credited person, names only (writers, reporters, correspondents, photographers). */
  authors: string[];
  /** The same people with their roles. */
  credits: Credit[];
  /** The byline as printed (mojibake repaired), e.g. "（卫 玲 周二红）" or "本报记者 刘旭 本报通讯员 宋昕泽". */
  byline: string | null;
  /** The enterprise unit or organisation the piece is filed under or is about. */
  unit: string | null;
  /** The unit as the parser read it, when content/units.yaml mapped it to a different canonical `unit`. */
  unitAsPrinted?: string | null;
  kind: ArticleKind;
  /** ISO date (YYYY-MM-DD or YYYY-MM) — the issue's date unless the piece says otherwise. */
  date: string | null;
  /** The dateline as printed at the start of the body (劲旅讯, 本报讯, 又讯), if any; it stays in body[0]. */
  dateline: string | null;
  /** Body paragraphs in reading order. In-body subheads are paragraphs listed again in `subheads`. */
  body: string[];
  /** Indexes into `body` of paragraphs that are in-body subheads (## lines in OCR text). */
  subheads: number[];
  captions: string[];
  source: { file: string; lines: LineRange[] };
}

export interface UnplacedText {
  text: string;
  lines: LineRange;
  /** Why it was left out of every article: a stable key (masthead, site chrome, …); UNPLACED_LABELS in messages.ts says it in Chinese. */
  reason: string;
}

/**
 * What a warning is about, for code: findings sort by it and corrections renumber by it. The message is Chinese
 * prose for the editor (src/messages.ts) and is never parsed.
 */
export type WarningCode =
  | "no-headline" | "no-byline" | "unplaced" | "unmatched-title" | "low-confidence-headline" | "mojibake"
  | "date-inferred" | "no-date" | "correction" | "stale-correction";

export interface Warning {
  line: number;
  pass: string;
  message: string;
  code?: WarningCode;
  /** The article it is about, by its number in this record (no-headline, no-byline). */
  article?: number;
  /** The text it is about: the doubted headline, the unmatched title line, the evidence for an inferred date. */
  subject?: string;
  /** A field a correction set: the article page marks it 编者加 (before null) or 编者改. */
  edit?: { field: string; before: string | null; after: string | null };
}

export type IssueDateSource = "filename" | "frontmatter" | "inferred" | "unknown";

export interface IssueRecord {
  /** Path of the raw file as given (relative to the project when it lies inside it). */
  file: string;
  /** Paper slug (content/<slug>/) or null when parsing a loose file. */
  paper: string | null;
  /** Paper display name, from paper.yaml or front matter. */
  paperName: string | null;
  /** ISO date: YYYY-MM-DD, or YYYY-MM when only the month could be inferred. */
  issueDate: string | null;
  issueDateSource: IssueDateSource;
  /** Page or section label from front matter or the file name suffix. */
  page: string | null;
  encoding: string;
  articles: ArticleRecord[];
  unplaced: UnplacedText[];
  warnings: Warning[];
  /** How many GBK-font punctuation mojibake characters were repaired. */
  mojibakeRepaired: number;
}

/** What the content loader knows about a raw file before it is parsed: the record's own header fields. */
export interface IssueMeta extends Pick<IssueRecord, "file" | "paper" | "paperName" | "issueDate" | "issueDateSource" | "page"> {
  /** Lines taken by front matter; parse line numbers are offset by this. */
  lineOffset: number;
}

export interface PaperInfo {
  slug: string;
  name: string;
  publisher: string | null;
  description: string | null;
}

/** The whole archive as the site sees it. */
export interface Archive {
  papers: PaperInfo[];
  issues: IssueRecord[];
}

/* ───────────────────────── The parser's working document (internal to src/parse) ───────────────────────── */

/** One raw line after repair. A line split in two (a byline glued to a masthead) keeps its number twice. */
export interface SourceLine {
  no: number;
  text: string;
  /** Began with whitespace: in PDF extraction a new text frame starts this way (" 劲旅讯 …"). */
  indented: boolean;
}

/**
 * What a line or paragraph is, decided by form and position before any piece exists:
 * `title` — a short line with no clause punctuation where a headline, unit label or column label can stand;
 * `heading` — a markdown `#`/`##` line from OCR; `byline` — only a bracketed name group ("（张俊峰）");
 * `sign` — the ◆ author mark of a literary piece; `credit` — a photo/reporter credit line; `author` — a bare
 * name (or place and name) printed between a headline and its text ("井口的灯" / "张三" / the essay);
 * `furniture` — masthead, site chrome and web meta lines.
 */
export type ParaRole = "text" | "title" | "heading" | "byline" | "sign" | "credit" | "author" | "furniture";

export interface Paragraph {
  text: string;
  lines: LineRange;
  role: ParaRole;
  /** Markdown heading level (1 for #, 2 for ##), 0 otherwise. */
  level: number;
  /** Blank lines right before the paragraph. */
  gapBefore: number;
  indented: boolean;
  /** Why it is furniture, for the unplaced section. */
  reason?: string;
  /** Opens with a poem's lines (a run of short unpunctuated lines: classify-lines' markVerse). */
  verse?: boolean;
}

/** A piece of the page under construction: body paragraphs plus the furniture the passes attach to it. */
export interface Piece {
  body: Paragraph[];
  headline: Paragraph | null;
  kicker: Paragraph | null;
  subheadline: Paragraph | null;
  column: string | null;
  /** A unit label printed with the headline (劲旅: "电解厂" on its own line after the piece). */
  unitLabel: string | null;
  /** Byline text as printed, and where it came from. */
  bylines: string[];
  captions: Paragraph[];
  kind: ArticleKind | null;
  /** Index into the paragraph list of the first body paragraph: page order. */
  order: number;
  /** Closed by a byline, sign or credit: the next text starts a new piece. */
  closed: boolean;
  /** Evidence for `parse --explain`: which pass decided what, and why. */
  evidence: string[];
}

export interface ParseState {
  meta: IssueMeta;
  encoding: string;
  lines: SourceLine[];
  paragraphs: Paragraph[];
  pieces: Piece[];
  /** Paragraphs no piece took (yet); whatever is left at the end becomes `unplaced`. */
  loose: Paragraph[];
  warnings: Warning[];
  mojibakeRepaired: number;
  explain: string[];
  /** Set by the last pass. */
  record?: IssueRecord;
}
