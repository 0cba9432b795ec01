/**
 * A renamed issue file leaves its article-number ledger behind (content/orphan-ledgers.ts): the build starts a new
 * ledger under the new name, so the old numbers would be lost without a word. `check` and the build name the
 * orphan and say how to keep the numbers; a ledger with its issue file beside it is no orphan.
 */
import { existsSync, renameSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { orphanLedgers } from "../../src/content/orphan-ledgers.ts";
import { baokan, JINLV_PAGE, project } from "./helpers.ts";

const p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n", "content/jinlv/2024-02-05.txt": JINLV_PAGE });
afterAll(() => p.cleanup());
const jinlv = path.join(p.content, "jinlv");

describe("a ledger whose issue file was renamed", () => {
  it("is named by check and by the build, with what to do", { timeout: 180_000 }, async () => {
    const first = baokan(p.dir, "build", "--out", "site", "--no-cache");
    expect(first.status, first.err).toBe(0);
    expect(existsSync(path.join(jinlv, "2024-02-05.ids.yaml"))).toBe(true);
    expect(await orphanLedgers(p.content)).toEqual([]);
    expect(baokan(p.dir, "check").stdout).not.toContain("编号账本");

    renameSync(path.join(jinlv, "2024-02-05.txt"), path.join(jinlv, "2024-02-05-1.txt"));
    expect(await orphanLedgers(p.content)).toEqual([path.join(jinlv, "2024-02-05.ids.yaml")]);
    const check = baokan(p.dir, "check");
    expect(check.stdout).toContain("编号账本 content/jinlv/2024-02-05.ids.yaml 没有同名的期文件");
    expect(check.stdout).toContain("把账本也改成新的名字");
    const json = JSON.parse(baokan(p.dir, "check", "--json").stdout) as { orphanLedgers: string[] };
    expect(json.orphanLedgers).toEqual(["content/jinlv/2024-02-05.ids.yaml"]);
    const build = baokan(p.dir, "build", "--out", "site", "--no-cache");
    expect(build.status, build.err).toBe(0);
    expect(build.stdout).toContain("[content] 编号账本 content/jinlv/2024-02-05.ids.yaml 没有同名的期文件");
  });
});
