/**
 * Reads a corrections file (`<issue-stem>.fix.yaml`) into `Corrections`, keeping the YAML line of every entry
 * so an applied correction, a stale one and a wrong one can each point at the line that says it. The format
 * is documented in corrections.ts. Anything the format does not know — a misspelt field, a kind that is not
 * one, a merge of one article — is an InputError naming the file and line, never silently ignored.
 */
import type { Node, Pair } from "yaml";
import type { InputError } from "../errors.ts";
import type { ArticleKind } from "../types.ts";
import type { ArticleRef, Corrections, FieldEdit, Fields, MoveAs, TextRef } from "./corrections.ts";
import { isMap, isScalar, isSeq, mapPairs, readYaml, scalarText, stringList, type YamlFile } from "./yaml-lines.ts";

const TOP = ["articles", "merge", "split", "move", "drop"] as const;
const FIELD_KEYS = ["headline", "kicker", "subheadline", "column", "unit", "authors", "kind"] as const;
const KINDS: Record<string, ArticleKind> = {
  news: "news", photo: "photo", literary: "literary", notice: "notice",
  新闻: "news", 消息: "news", 图片: "photo", 文艺: "literary", 公告: "notice", 启事: "notice",
};
const MOVE_AS: MoveAs[] = ["body", "headline", "kicker", "subheadline", "caption"];
/** Every key the format knows: a full-width colon after one is the key's colon (yaml-fullwidth.ts). */
const FULL_WIDTH = {
  keys: [...TOP, ...FIELD_KEYS, "article", "at", "text", "line", "to", "as"],
  lists: ["merge", "authors"],
};

class Reader {
  constructor(readonly y: YamlFile) {}

  err(node: unknown, detail: string): InputError {
    return this.y.error(node, detail);
  }

  ref(node: unknown, what = "文章"): ArticleRef {
    const line = this.y.lineOf(node);
    if (isScalar(node) && typeof node.value === "number") {
      if (!Number.isInteger(node.value) || node.value < 1) throw this.err(node, `${what} ${node.value} 不是文章编号（1、2、……）`);
      return { n: node.value, line };
    }
    const s = scalarText(node);
    if (!s) throw this.err(node, `${what}：请写文章编号，或它标题、正文开头的几个字`);
    if (/^\d+$/.test(s)) return { n: Number(s), line };
    return { words: s, line };
  }

  textRef(node: unknown): TextRef {
    const line = this.y.lineOf(node);
    if (isScalar(node) && typeof node.value === "number") return { line, rawLine: node.value };
    const s = scalarText(node);
    if (!s) throw this.err(node, "请写未归入文章的那段文字开头的几个字（或它的行号）");
    return { line, words: s };
  }

  fields(pairs: Pair<Node, Node | null>[], allowed: readonly string[], where: string): Fields {
    const out: Fields = {};
    for (const p of pairs) {
      const k = scalarText(p.key) ?? "";
      if (!allowed.includes(k)) {
        throw this.err(p.key, `${where} 里没有“${k}”这个字段（可用：${allowed.join(", ")}）`);
      }
      if (!(FIELD_KEYS as readonly string[]).includes(k)) continue;
      const v = p.value;
      (out.at ??= {})[k as (typeof FIELD_KEYS)[number]] = this.y.lineOf(p.key);
      const empty = v === null || (isScalar(v) && (v.value === null || v.value === ""));
      if (k === "authors") {
        const list = empty ? [] : stringList(v);
        if (!list) throw this.err(v ?? p.key, "authors 应是一个名字或名字的列表，如 [张三, 李四]");
        out.authors = list.flatMap((s) => s.split(/[、，,;；\s]+/)).filter(Boolean);
      } else if (k === "kind") {
        const kind = KINDS[scalarText(v) ?? ""];
        if (!kind) throw this.err(v ?? p.key, `kind 应是 消息、图片、文艺、启事 之一（或 news、photo、literary、notice），不是“${scalarText(v) ?? ""}”`);
        out.kind = kind;
      } else {
        if (!empty && !isScalar(v)) throw this.err(v, `${k} 应是一段文字（写 null 表示清空）`);
        (out as Record<string, string | null>)[k] = empty ? null : scalarText(v);
      }
    }
    return out;
  }

  list(node: unknown, what: string): unknown[] {
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) throw this.err(node, `${what} 应是一个列表（以“- ”开头的几行，或 [3, 4] 这样的一行）`);
    return node.items;
  }

  edits(node: unknown): FieldEdit[] {
    // Two spellings: a mapping keyed by article (`3: {headline: …}`) or a list of `- article: 3` entries.
    if (isSeq(node)) {
      return node.items.map((item) => {
        const pairs = mapPairs(this.y, item, "articles 下的一项");
        const at = pairs.find((p) => scalarText(p.key) === "article");
        if (!at) throw this.err(item, "articles 下的一项要写“article: <文章编号或开头几个字>”");
        return { ref: this.ref(at.value), fields: this.fields(pairs, ["article", ...FIELD_KEYS], "articles"), line: this.y.lineOf(item) };
      });
    }
    return mapPairs(this.y, node, "articles").map((pair) => {
      const ref = this.ref(pair.key);
      return { ref, fields: this.fields(mapPairs(this.y, pair.value, `文章“${scalarText(pair.key)}”的字段`), FIELD_KEYS, "articles"), line: ref.line };
    });
  }
}

export function parseCorrections(text: string, file: string): Corrections {
  const y = readYaml(text, file, "更正文件", { fullWidth: FULL_WIDTH });
  const r = new Reader(y);
  const out: Corrections = { file, edits: [], merges: [], splits: [], moves: [], drops: [] };
  for (const pair of mapPairs(y, y.doc.contents, "更正文件")) {
    const k = scalarText(pair.key) ?? "";
    if (!(TOP as readonly string[]).includes(k)) throw r.err(pair.key, `更正文件里没有“${k}”这一节（可用：${TOP.join(", ")}）`);
    const v = pair.value;
    if (k === "articles") out.edits = r.edits(v);
    if (k === "merge") {
      // `merge: [3, 4]` — one merge written without the outer list — is what the editor meant.
      const items = r.list(v, "merge");
      const flat = items.length > 1 && items.every((x) => isScalar(x));
      out.merges = (flat ? [v] : items).map((item) => {
        const refs = isSeq(item) ? item.items.map((x) => r.ref(x)) : [];
        if (refs.length < 2) throw r.err(item, "merge 的每一项要列出两篇或更多文章，如 - [3, 4]");
        return { refs, line: y.lineOf(item) };
      });
    }
    if (k === "split") {
      out.splits = r.list(v, "split").map((item) => {
        const pairs = mapPairs(y, item, "split 的一项");
        const get = (name: string) => pairs.find((p) => scalarText(p.key) === name);
        const art = get("article");
        const at = scalarText(get("at")?.value);
        if (!art || !at) throw r.err(item, "split 的一项要写“article:”和“at:”（新文章开头的几个字）");
        return { ref: r.ref(art.value), at, fields: r.fields(pairs, ["article", "at", ...FIELD_KEYS], "split"), line: y.lineOf(item) };
      });
    }
    if (k === "move") {
      out.moves = r.list(v, "move").map((item) => {
        const pairs = mapPairs(y, item, "move 的一项");
        const get = (name: string) => pairs.find((p) => scalarText(p.key) === name);
        for (const p of pairs) {
          const key = scalarText(p.key) ?? "";
          if (!["text", "line", "to", "as", "at"].includes(key)) throw r.err(p.key, `move 里没有“${key}”这个字段（可用：text, line, to, as, at）`);
        }
        const what = get("text") ?? get("line");
        const to = get("to");
        if (!what || !to) throw r.err(item, "move 的一项要写“text:”（未归入文字开头的几个字）或“line:”，以及“to:”（移到哪篇文章）");
        const as = (scalarText(get("as")?.value) ?? "body") as MoveAs;
        if (!MOVE_AS.includes(as)) throw r.err(get("as")!.value, `as 应是 ${MOVE_AS.join("、")} 之一`);
        const at = scalarText(get("at")?.value) ?? "end";
        if (at !== "start" && at !== "end") throw r.err(get("at")!.value, "at 应是 start（开头）或 end（末尾）");
        return { text: r.textRef(what.value), to: r.ref(to.value, "to"), as, atStart: at === "start", line: y.lineOf(item) };
      });
    }
    if (k === "drop") {
      out.drops = r.list(v, "drop").map((item) => {
        if (isMap(item)) {
          const pairs = mapPairs(y, item, "drop 的一项");
          const what = pairs.find((p) => ["text", "line"].includes(scalarText(p.key) ?? ""));
          if (!what) throw r.err(item, "drop 的一项是未归入文字开头的几个字，或“line: <行号>”");
          return { text: r.textRef(what.value), line: y.lineOf(item) };
        }
        return { text: r.textRef(item), line: y.lineOf(item) };
      });
    }
  }
  return out;
}
