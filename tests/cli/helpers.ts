/** Running the real `baokan` bin as a process in a temp folder, and the files the editor tests feed it. */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const BIN = path.join(ROOT, "bin/baokan.js");
export const SEEDS = path.resolve(ROOT, "../shared/seeds");
export const GOLD = path.resolve(ROOT, "../shared/eval/gold");
export const seeds = existsSync(SEEDS) ? readdirSync(SEEDS).filter((f) => f.endsWith(".txt")).sort() : [];

export interface Run { status: number | null; stdout: string; stderr: string[]; err: string }

/** `baokan <args>` with `cwd` as the working folder (paths in its output are relative to it). */
export function baokan(cwd: string, ...args: string[]): Run {
  const p = spawnSync(process.execPath, [BIN, ...args], {
    cwd, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined } as NodeJS.ProcessEnv,
  });
  const stderr = p.stderr.split("\n").filter((l) => l.trim());
  return { status: p.status, stdout: p.stdout, stderr, err: p.stderr };
}

/** An empty project folder with a content/ folder; files are written relative to the project. */
export function project(files: Record<string, string | Uint8Array> = {}): { dir: string; content: string; write: (rel: string, body: string | Uint8Array) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "baokan-editor-"));
  const content = path.join(dir, "content");
  mkdirSync(content);
  const write = (rel: string, body: string | Uint8Array) => {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, body);
    return full;
  };
  for (const [rel, body] of Object.entries(files)) write(rel, body);
  return { dir, content, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under `dir` with a hash of its bytes: two snapshots are equal iff nothing was added, changed or removed. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const rel of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const full = path.join(dir, rel);
    out[rel] = statSync(full).isDirectory() ? "dir" : createHash("sha1").update(readFileSync(full)).digest("hex");
  }
  return out;
}

export function seedText(name: string): string {
  return readFileSync(path.join(SEEDS, name), "utf8");
}

export function gold(name: string): { articles: { headline: string | null; unit: string | null; body: string; lines: [number, number][] }[] } {
  return JSON.parse(readFileSync(path.join(GOLD, `${name}.json`), "utf8"));
}

let gbkTable: Map<string, number[]> | null = null;

/** GBK bytes of `text`, built from Node's own GBK decoder (no encoder ships with Node). */
export function encodeGbk(text: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder("gbk");
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(Uint8Array.from([lead, trail]));
        if (ch.length === 1 && ch !== "\ufffd" && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) { out.push(c); continue; }
    const bytes = gbkTable.get(ch);
    if (!bytes) throw new Error(`no GBK code for ${ch}`);
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

/** UTF-16 with a byte-order mark, little- or big-endian. */
export function encodeUtf16(text: string, order: "le" | "be"): Uint8Array {
  const le = Buffer.from(`\ufeff${text}`, "utf16le");
  if (order === "le") return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) { be[i] = le[i + 1]!; be[i + 1] = le[i]!; }
  return be;
}

/** A small 劲旅-style page: two pieces, each with a dateline, a byline and (printed after it) a unit and headline. */
export const JINLV_PAGE = [
  "劲旅讯 近日，电解厂召开安全生产专题会议，部署冬季安全生产工作，要求各车间落实岗位责任。",
  "（张俊峰）",
  "",
  "电解厂",
  "",
  "电解厂部署冬季安全生产",
  "",
  "劲旅讯 日前，热电分厂组织开展消防应急演练，提升职工应急处置能力。",
  "（李东）",
  "",
  "热电分厂",
  "",
  "热电分厂开展消防应急演练",
  "",
].join("\n");
