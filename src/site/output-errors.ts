/**
 * A build that cannot write — a read-only output folder, a full disk — used to end in an Eleventy stack trace
 * ("Having trouble writing to …" with EACCES three causes down) or Pagefind's "(os error 28)". buildSite passes
 * every failure through writeFailure: one that comes down to a write refused by the file system becomes one
 * Chinese line naming the path, as the editor knows it (the output folder, not the temp folder beside it).
 */
import { statSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.ts";

export type WriteProblem = "space" | "permission" | "read-only" | "not-a-folder";

const CODES: Record<string, WriteProblem> = {
  ENOSPC: "space", EDQUOT: "space", EACCES: "permission", EPERM: "permission", EROFS: "read-only", ENOTDIR: "not-a-folder",
};

/** Pagefind's indexer reports its I/O errors as text (Rust's io::Error), without a code. */
const TEXT: [RegExp, WriteProblem][] = [
  [/No space left on device|Disk quota exceeded|os error (28|122)\b/i, "space"],
  [/Read-only file system|os error 30\b/i, "read-only"],
  [/Permission denied|Operation not permitted|os error (13|1)\b/i, "permission"],
  [/Not a directory|os error 20\b/i, "not-a-folder"],
];

/** The build could not write; `message` is the one line for the editor. */
export class OutputWriteError extends InputError {
  constructor(readonly problem: WriteProblem, readonly where: string, detail: string, readonly original: unknown) {
    super(where, detail);
    this.name = "OutputWriteError";
    this.message = detail;
  }
}

/** The error and what it wraps: `cause`, Eleventy's `originalError`, an AggregateError's errors. */
function chain(e: unknown): unknown[] {
  const out: unknown[] = [];
  const queue = [e];
  while (queue.length && out.length < 20) {
    const c = queue.shift();
    if (c === null || c === undefined || out.includes(c)) continue;
    out.push(c);
    if (typeof c === "object") {
      const o = c as { cause?: unknown; originalError?: unknown; errors?: unknown };
      queue.push(o.cause, o.originalError);
      if (Array.isArray(o.errors)) queue.push(...o.errors);
    }
  }
  return out;
}

/** A path as the editor would type it from `cwd`: relative inside it, absolute outside it. */
function shown(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  if (rel === "") return ".";
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

/** The nearest ancestor of `p` (itself included) that exists and is not a folder. */
function fileInTheWay(p: string): string | null {
  for (let cur = p; ; cur = path.dirname(cur)) {
    try {
      if (!statSync(cur).isDirectory()) return cur;
    } catch { /* missing, or its own parent is a file: go up */ }
    if (path.dirname(cur) === cur) return null;
  }
}

export interface WriteTargets {
  outDir: string;
  stateDir?: string;
  cwd?: string;
}

/**
 * The one-line error for a failure that is a refused write under the output folder (or the temp folders and lock
 * beside it) or the state folder; null for any other failure, which the caller rethrows as it is.
 */
export function writeFailure(e: unknown, targets: WriteTargets): OutputWriteError | null {
  if (e instanceof OutputWriteError) return e;
  const cwd = targets.cwd ?? process.cwd();
  const outDir = path.resolve(targets.outDir);
  const stateDir = targets.stateDir ? path.resolve(targets.stateDir) : null;
  for (const c of chain(e)) {
    const err = c as { code?: unknown; path?: unknown; syscall?: unknown; message?: unknown };
    let problem = typeof err.code === "string" ? CODES[err.code] : undefined;
    // mkdir -p through a file: EEXIST from the file's own name.
    if (err.code === "EEXIST" && err.syscall === "mkdir" && typeof err.path === "string" && fileInTheWay(path.resolve(err.path)) === path.resolve(err.path)) problem = "not-a-folder";
    if (!problem && typeof err.message === "string" && !(typeof err.code === "string")) problem = TEXT.find(([re]) => re.test(err.message as string))?.[1];
    if (!problem) continue;
    const at = typeof err.path === "string" ? path.resolve(err.path) : null;
    const parentDir = path.dirname(outDir);
    const inside = (dir: string) => at === dir || at!.startsWith(dir + path.sep);
    // Beside the output folder, in its parent: its lock and its temp and old copies (`_site.tmp-123-abc`).
    const rel = at === null ? null : path.relative(parentDir, at).split(path.sep);
    const helper = rel !== null && rel[0]!.startsWith(`${path.basename(outDir)}.`)
      && /^\.((tmp|old|trash)-\d+-[0-9a-f]+|lock(\..*)?)$/.test(rel[0]!.slice(path.basename(outDir).length));
    // The file a temp folder's path stands for in the output folder: _site.tmp-123-abc/jinlv/index.html → _site/jinlv/index.html.
    let target: string | null;
    if (at === null) target = outDir;
    else if (inside(outDir) || (stateDir && inside(stateDir))) target = at;
    else if (helper) target = rel!.length > 1 ? path.join(outDir, ...rel!.slice(1)) : null;
    else if (outDir.startsWith(at + path.sep)) target = null; // a folder above the output folder
    else continue; // not a write of this build's (a content file, say)
    const out = shown(outDir, cwd);
    const parent = shown(path.dirname(outDir), cwd);
    const name = target === null ? null : shown(target, cwd);
    let detail: string;
    switch (problem) {
      case "space":
        detail = `磁盘空间不足：无法写入 ${name ?? out}；请腾出空间后重新构建`;
        break;
      case "read-only":
        detail = name ? `无法写入 ${name}：所在的文件系统是只读的，是否有写权限？` : `无法在 ${parent} 中为输出文件夹 ${out} 建临时文件夹：文件系统是只读的，是否有写权限？`;
        break;
      case "permission":
        detail = name ? `无法写入 ${name}：是否有写权限？` : `无法在 ${parent} 中为输出文件夹 ${out} 建临时文件夹：是否有写权限？`;
        break;
      case "not-a-folder": {
        const file = fileInTheWay(at ?? outDir);
        detail = `无法写入 ${out}：${file ? `${shown(file, cwd)} 是文件，不是文件夹` : "路径中有一段不是文件夹"}`;
        break;
      }
    }
    return new OutputWriteError(problem, name ?? out, detail, e);
  }
  return null;
}
