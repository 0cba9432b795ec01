/**
 * The one-line errors of a build that cannot write (src/site/output-errors.ts): each way the file system says no —
 * from fs calls, wrapped by Eleventy, or as Pagefind's text — becomes one Chinese line naming the path the editor
 * knows; any other failure is left alone. (A real full disk and a real read-only folder are in tests/cli/build.test.ts.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OutputWriteError, writeFailure } from "../../src/site/output-errors.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "baokan-output-errors-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const outDir = path.join(tmp, "site");
const stateDir = path.join(tmp, ".cache", "baokan", "site-0123456789ab");

function fsError(code: string, syscall: string, p?: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: ${syscall}${p ? ` '${p}'` : ""}`) as NodeJS.ErrnoException;
  e.code = code;
  e.syscall = syscall;
  if (p) e.path = p;
  return e;
}

/** As Eleventy wraps a failed write: two errors deep, under `originalError`. */
function eleventyWrapped(inner: Error): Error {
  const mid = Object.assign(new Error("Error copying passthrough files"), { originalError: inner });
  return Object.assign(new Error("Having trouble copying '../templates/assets'"), { name: "TemplatePassthroughManagerCopyError", originalError: mid });
}

const line = (e: unknown) => {
  const r = writeFailure(e, { outDir, stateDir, cwd: tmp });
  expect(r).toBeInstanceOf(OutputWriteError);
  expect(r!.message).not.toContain("\n");
  return r!.message;
};

describe("writeFailure", () => {
  it("a full disk, from a file write in the temp folder, names the file as it will be in the output folder", () => {
    const e = fsError("ENOSPC", "open", path.join(tmp, "site.tmp-123-abcdef", "jinlv", "2024-01", "index.html"));
    expect(line(e)).toBe(`磁盘空间不足：无法写入 ${path.join("site", "jinlv", "2024-01", "index.html")}；请腾出空间后重新构建`);
  });

  it("a full disk deep inside Eleventy's errors, with no path, names the output folder", () => {
    expect(line(eleventyWrapped(fsError("ENOSPC", "write")))).toBe("磁盘空间不足：无法写入 site；请腾出空间后重新构建");
  });

  it("a full disk or a refused write as Pagefind reports it (text, no code)", () => {
    expect(line(new Error("search index, shard s0123: pagefind: Failed to write files: No space left on device (os error 28)"))).toMatch(/^磁盘空间不足：无法写入 site；/);
    expect(line(new Error("search index, shard s0123: pagefind: Permission denied (os error 13)"))).toBe("无法写入 site：是否有写权限？");
  });

  it("a disk quota counts as a full disk", () => {
    expect(line(fsError("EDQUOT", "write", path.join(outDir, "data", "articles.json")))).toMatch(/^磁盘空间不足：无法写入 site\/data\/articles\.json；/);
  });

  it("a read-only output folder, a read-only file system, an immutable folder", () => {
    expect(line(fsError("EACCES", "rename", path.join(outDir, "index.html")))).toBe(`无法写入 ${path.join("site", "index.html")}：是否有写权限？`);
    expect(line(fsError("EROFS", "mkdir", path.join(outDir, "jinlv")))).toBe(`无法写入 ${path.join("site", "jinlv")}：所在的文件系统是只读的，是否有写权限？`);
    expect(line(fsError("EPERM", "rename", outDir))).toBe("无法写入 site：是否有写权限？");
  });

  it("a folder that holds the output folder and is not writable: the lock or the temp folder cannot be made", () => {
    expect(line(fsError("EACCES", "open", path.join(tmp, "site.lock.123-abcd")))).toBe("无法在 . 中为输出文件夹 site 建临时文件夹：是否有写权限？");
    expect(line(fsError("EACCES", "mkdir", path.join(tmp, "site.tmp-123-abcdef")))).toBe("无法在 . 中为输出文件夹 site 建临时文件夹：是否有写权限？");
  });

  it("the state folder", () => {
    expect(line(fsError("ENOSPC", "write", path.join(stateDir, "render.json.tmp-1")))).toBe(`磁盘空间不足：无法写入 ${path.join(".cache", "baokan", "site-0123456789ab", "render.json.tmp-1")}；请腾出空间后重新构建`);
  });

  it("a file where a folder of the output path should be", () => {
    const file = path.join(tmp, "afile");
    writeFileSync(file, "x");
    const r = writeFailure(fsError("EEXIST", "mkdir", file), { outDir: path.join(file, "site"), cwd: tmp });
    expect(r?.message).toBe(`无法写入 ${path.join("afile", "site")}：afile 是文件，不是文件夹`);
    const r2 = writeFailure(fsError("ENOTDIR", "open", path.join(file, "site.lock.1-ab")), { outDir: path.join(file, "site"), cwd: tmp });
    expect(r2?.message).toBe(`无法写入 ${path.join("afile", "site")}：afile 是文件，不是文件夹`);
  });

  it("leaves other failures alone: a content file it cannot read, a template error, an EEXIST of a real folder", () => {
    expect(writeFailure(fsError("EACCES", "open", path.join(tmp, "content", "jinlv", "2024-01-05.txt")), { outDir, cwd: tmp })).toBeNull();
    expect(writeFailure(new Error("Template render error: (unknown path) expected variable end"), { outDir, cwd: tmp })).toBeNull();
    mkdirSync(path.join(tmp, "real"), { recursive: true });
    expect(writeFailure(fsError("EEXIST", "mkdir", path.join(tmp, "real")), { outDir: path.join(tmp, "real", "site"), cwd: tmp })).toBeNull();
  });
});
