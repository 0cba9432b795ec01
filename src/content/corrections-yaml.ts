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

class Reader {
  constructor(readonly y: YamlFile) {}

  err(node: unknown, detail: string): InputError {
    return this.y.error(node, detail);
  }

  ref(node: unknown, what = "article"): ArticleRef {
    const line = this.y.lineOf(node);
    if (isScalar(node) && typeof node.value === "number") {
      if (!Number.isInteger(node.value) || node.value < 1) throw this.err(node, `${what} number ${node.value} is not an article number (1, 2, …)`);
      return { n: node.value, line };
    }
    const s = scalarText(node);
    if (!s) throw this.err(node, `${what}: give an article number or the first words of its headline or text`);
    if (/^\d+$/.test(s)) return { n: Number(s), line };
    return { words: s, line };
  }

  textRef(node: unknown): TextRef {
    const line = this.y.lineOf(node);
    if (isScalar(node) && typeof node.value === "number") return { line, rawLine: node.value };
    const s = scalarText(node);
    if (!s) throw this.err(node, "give the first words of the unplaced text (or its line number)");
    return { line, words: s };
  }

  fields(pairs: Pair<Node, Node | null>[], allowed: readonly string[], where: string): Fields {
    const out: Fields = {};
    for (const p of pairs) {
      const k = scalarText(p.key) ?? "";
      if (!allowed.includes(k)) {
        throw this.err(p.key, `unknown field "${k}" in ${where} (known: ${allowed.join(", ")})`);
      }
      if (!(FIELD_KEYS as readonly string[]).includes(k)) continue;
      const v = p.value;
      (out.at ??= {})[k as (typeof FIELD_KEYS)[number]] = this.y.lineOf(p.key);
      const empty = v === null || (isScalar(v) && (v.value === null || v.value === ""));
      if (k === "authors") {
        const list = empty ? [] : stringList(v);
        if (!list) throw this.err(v ?? p.key, "authors must be a name or a list of names, e.g. [张三, 李四]");
        out.authors = list.flatMap((s) => s.split(/[、，,;；\s]+/)).filter(Boolean);
      } else if (k === "kind") {
        const kind = KINDS[scalarText(v) ?? ""];
        if (!kind) throw this.err(v ?? p.key, `kind must be one of news, photo, literary, notice (新闻, 图片, 文艺, 公告), not "${scalarText(v) ?? ""}"`);
        out.kind = kind;
      } else {
        if (!empty && !isScalar(v)) throw this.err(v, `${k} must be text (or null to clear it)`);
        (out as Record<string, string | null>)[k] = empty ? null : scalarText(v);
      }
    }
    return out;
  }

  list(node: unknown, what: string): unknown[] {
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) throw this.err(node, `${what} must be a list (lines starting with "- ")`);
    return node.items;
  }

  edits(node: unknown): FieldEdit[] {
    // Two spellings: a mapping keyed by article (`3: {headline: …}`) or a list of `- article: 3` entries.
    if (isSeq(node)) {
      return node.items.map((item) => {
        const pairs = mapPairs(this.y, item, "an entry under articles");
        const at = pairs.find((p) => scalarText(p.key) === "article");
        if (!at) throw this.err(item, 'an entry under articles needs "article: <number or first words>"');
        return { ref: this.ref(at.value), fields: this.fields(pairs, ["article", ...FIELD_KEYS], "articles"), line: this.y.lineOf(item) };
      });
    }
    return mapPairs(this.y, node, "articles").map((pair) => {
      const ref = this.ref(pair.key);
      return { ref, fields: this.fields(mapPairs(this.y, pair.value, `the fields of article ${scalarText(pair.key)}`), FIELD_KEYS, "articles"), line: ref.line };
    });
  }
}

export function parseCorrections(text: string, file: string): Corrections {
  const y = readYaml(text, file, "the corrections file");
  const r = new Reader(y);
  const out: Corrections = { file, edits: [], merges: [], splits: [], moves: [], drops: [] };
  for (const pair of mapPairs(y, y.doc.contents, "the corrections file")) {
    const k = scalarText(pair.key) ?? "";
    if (!(TOP as readonly string[]).includes(k)) throw r.err(pair.key, `unknown section "${k}" (known: ${TOP.join(", ")})`);
    const v = pair.value;
    if (k === "articles") out.edits = r.edits(v);
    if (k === "merge") {
      out.merges = r.list(v, "merge").map((item) => {
        const refs = isSeq(item) ? item.items.map((x) => r.ref(x)) : [];
        if (refs.length < 2) throw r.err(item, "each merge entry lists two or more articles, e.g. - [3, 4]");
        return { refs, line: y.lineOf(item) };
      });
    }
    if (k === "split") {
      out.splits = r.list(v, "split").map((item) => {
        const pairs = mapPairs(y, item, "a split entry");
        const get = (name: string) => pairs.find((p) => scalarText(p.key) === name);
        const art = get("article");
        const at = scalarText(get("at")?.value);
        if (!art || !at) throw r.err(item, 'a split entry needs "article:" and "at:" (the words the new article starts with)');
        return { ref: r.ref(art.value), at, fields: r.fields(pairs, ["article", "at", ...FIELD_KEYS], "split"), line: y.lineOf(item) };
      });
    }
    if (k === "move") {
      out.moves = r.list(v, "move").map((item) => {
        const pairs = mapPairs(y, item, "a move entry");
        const get = (name: string) => pairs.find((p) => scalarText(p.key) === name);
        for (const p of pairs) {
          const key = scalarText(p.key) ?? "";
          if (!["text", "line", "to", "as", "at"].includes(key)) throw r.err(p.key, `unknown field "${key}" in move (known: text, line, to, as, at)`);
        }
        const what = get("text") ?? get("line");
        const to = get("to");
        if (!what || !to) throw r.err(item, 'a move entry needs "text:" (first words of the unplaced text) or "line:", and "to:" (the article)');
        const as = (scalarText(get("as")?.value) ?? "body") as MoveAs;
        if (!MOVE_AS.includes(as)) throw r.err(get("as")!.value, `as must be one of ${MOVE_AS.join(", ")}`);
        const at = scalarText(get("at")?.value) ?? "end";
        if (at !== "start" && at !== "end") throw r.err(get("at")!.value, 'at must be "start" or "end"');
        return { text: r.textRef(what.value), to: r.ref(to.value, "to"), as, atStart: at === "start", line: y.lineOf(item) };
      });
    }
    if (k === "drop") {
      out.drops = r.list(v, "drop").map((item) => {
        if (isMap(item)) {
          const pairs = mapPairs(y, item, "a drop entry");
          const what = pairs.find((p) => ["text", "line"].includes(scalarText(p.key) ?? ""));
          if (!what) throw r.err(item, 'a drop entry is the first words of the unplaced text, or "line: <number>"');
          return { text: r.textRef(what.value), line: y.lineOf(item) };
        }
        return { text: r.textRef(item), line: y.lineOf(item) };
      });
    }
  }
  return out;
}
