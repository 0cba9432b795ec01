/**
 * `baokan add` as an editor runs it: the real bin, a temp project, the five seed files and small fixtures.
 * Expected dates, names and counts are computed from the input files or the reference reading, never copied
 * from the program's output.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { baokan, encodeGbk, encodeUtf16, gold, JINLV_PAGE, project, SEEDS, seeds, seedText, snapshot } from "./helpers.ts";

let cleanup = () => {};
afterEach(() => cleanup());

const PAPERS: Record<string, string> = { "000": "jinlv", "001": "hangye", "002": "wangzhai", "003": "gonghui", "004": "taiyuan" };
const articleRows = (stdout: string) => stdout.split("\n").filter((l) => /^ {2}\d+ +\S/.test(l));

describe.skipIf(seeds.length !== 5)("baokan add: the five seeds one by one into an empty content folder", () => {
  it("writes each under its paper, says where paper and date came from, and prints its parse report", { timeout: 120_000 }, () => {
    const p = project();
    cleanup = p.cleanup;
    for (const seed of seeds) {
      const slug = PAPERS[seed.slice(0, 3)]!;
      const r = baokan(p.dir, "add", path.join(SEEDS, seed), "--paper", slug);
      expect(r.status, r.err).toBe(0);
      expect(r.stderr).toEqual([]);
      const text = seedText(seed);
      // A web page's meta line dates it to the day, so it is named by that day; print pages give only a month
      // and keep their own name (the date is then inferred on every parse).
      const day = /时间\s*[:：]\s*(\d{4}-\d{2}-\d{2})/.exec(text)?.[1];
      const name = day ? `${day}.txt` : seed;
      const stored = path.join(p.content, slug, name);
      expect(existsSync(stored), `${seed} → ${slug}/${name}`).toBe(true);
      expect(readFileSync(stored, "utf8")).toBe(text); // UTF-8 in, the same bytes out
      expect(r.stdout).toContain(`content/${slug}/${name}`);
      expect(r.stdout).toMatch(/报纸\s+\S+.*由 --paper 指定/);
      expect(r.stdout).toMatch(/日期\s+\d{4}-\d{2}(-\d{2})?（推断） — 推断自正文第 \d+ 行/);
      if (day) expect(r.stdout).toContain(day);
      // The report: one row per article, as many as the reference reading finds in the file.
      expect(articleRows(r.stdout)).toHaveLength(gold(seed).articles.length);
    }
    // The 劲旅 page names itself in its datelines, so the new paper gets that name.
    const datelines = seedText(seeds[0]!).split("\n").filter((l) => /^\s*劲旅讯/.test(l)).length;
    expect(datelines).toBeGreaterThan(1);
    expect(readFileSync(path.join(p.content, "jinlv/paper.yaml"), "utf8")).toMatch(/^name: 劲旅$/m);
    expect(existsSync(path.join(p.content, "hangye/paper.yaml"))).toBe(false);

    // check now sees all five, and the archive builds from them without errors.
    const c = baokan(p.dir, "check", "--json");
    expect(c.status).toBe(0);
    const out = JSON.parse(c.stdout) as { issues: { paper: string }[]; errors: unknown[] };
    expect(out.issues.map((i) => i.paper).sort()).toEqual(Object.values(PAPERS).sort());
    expect(out.errors).toEqual([]);

    // Adding 000 again: the paper is recognised from its datelines, and the existing issue is not overwritten.
    const before = snapshot(p.content);
    const again = baokan(p.dir, "add", path.join(SEEDS, seeds[0]!));
    expect(again.status).toBe(1);
    expect(again.stderr).toHaveLength(1);
    expect(again.stderr[0]).toMatch(/^baokan: content\/jinlv\/000_5f169d79d2658df9\.txt: 已存在；要覆盖请加 --replace/);
    expect(snapshot(p.content)).toEqual(before);
  });
});

describe("baokan add: paper and date", () => {
  it("recognises a known paper by its datelines and names the file by the date in the source's name", () => {
    const p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n", "content/other/paper.yaml": "name: 工会报\n" });
    cleanup = p.cleanup;
    const src = p.write("inbox/劲旅2024年2月5日.txt", JINLV_PAGE);
    const r = baokan(p.dir, "add", src);
    expect(r.status, r.err).toBe(0);
    const n = JINLV_PAGE.split("\n").filter((l) => l.startsWith("劲旅讯")).length;
    expect(r.stdout).toContain(`推断自正文：电头“劲旅讯” ${n} 处`);
    expect(r.stdout).toMatch(/日期\s+2024-02-05 — 取自原文件名 劲旅2024年2月5日\.txt/);
    expect(readFileSync(path.join(p.content, "jinlv/2024-02-05.txt"), "utf8")).toBe(JINLV_PAGE);
  });

  it("recognises a web page's paper by the site furniture its earlier issues left unplaced", { timeout: 60_000 }, () => {
    const seed = seeds.find((s) => s.startsWith("002"));
    if (!seed) return;
    const p = project({ "content/wangzhai/paper.yaml": "name: 网络转载\n", "content/jinlv/paper.yaml": "name: 劲旅\n" });
    cleanup = p.cleanup;
    expect(baokan(p.dir, "add", path.join(SEEDS, seed), "--paper", "wangzhai").status).toBe(0);
    // The next repost from the same site: same chrome, another story, another day.
    const text = seedText(seed);
    const lines = text.split("\n");
    const story = lines.findIndex((l) => l.length > 200);
    lines[story] = "近日，中铝集团工会组织开展职工技能比武活动，来自各企业的一百余名选手同台竞技，比出了水平，赛出了风采。";
    const next = lines.join("\n").replace(/时间\s*[:：]\s*\d{4}-\d{2}-\d{2}/, "时间:2024-05-10");
    const src = p.write("inbox/repost.txt", next);
    const r = baokan(p.dir, "add", src);
    expect(r.status, r.err).toBe(0);
    expect(r.stdout).toMatch(/报纸\s+wangzhai（网络转载） — 推断自正文：与该报已有各期相同的版面文字 \d+ 段/);
    expect(existsSync(path.join(p.content, "wangzhai/2024-05-10.txt"))).toBe(true);
  });

  it("a paper it cannot tell: exit 1, one line saying how to pass --paper and listing the known slugs", () => {
    const p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n", "content/gonghui/x.txt": "本报讯 会议。" });
    cleanup = p.cleanup;
    const src = p.write("inbox/2024-03-01.txt", "本报讯 近日，公司召开职工代表大会，审议通过了年度工作报告。（张三）\n");
    const before = snapshot(p.content);
    const r = baokan(p.dir, "add", src);
    expect(r.status).toBe(1);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/认不出这是哪份报纸；请用 --paper <slug> 指定（已有的报纸：gonghui, jinlv；/);
    expect(snapshot(p.content)).toEqual(before);
  });

  it("a date in the source's name that is not a real date, or a bad --date, is refused", () => {
    const p = project();
    cleanup = p.cleanup;
    const src = p.write("inbox/2024-02-30.txt", JINLV_PAGE);
    const r = baokan(p.dir, "add", src, "--paper", "jinlv");
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual([`baokan: ${src}: 文件名里的日期 "2024-02-30" 不是真实的日期；请用 --date YYYY-MM-DD 指定`]);
    const ok = p.write("inbox/page.txt", JINLV_PAGE);
    const bad = baokan(p.dir, "add", ok, "--paper", "jinlv", "--date", "2023-02-29");
    expect(bad.status).toBe(1);
    expect(bad.stderr[0]).toMatch(/--date "2023-02-29" 不是真实的日期：2023年没有2月29日$/);
    expect(snapshot(p.content)).toEqual({});
  });

  it("--replace overwrites, keeping a copy of what it replaced; another file of the same paper and date is refused, then replaced with --replace", () => {
    const p = project();
    cleanup = p.cleanup;
    const a = p.write("inbox/a.txt", JINLV_PAGE);
    expect(baokan(p.dir, "add", a, "--paper", "jinlv", "--date", "2024-02-05").status).toBe(0);
    const changed = JINLV_PAGE.replace("消防应急演练", "防汛应急演练");
    const b = p.write("inbox/b.txt", changed);
    const target = path.join(p.content, "jinlv/2024-02-05.txt");
    const refused = baokan(p.dir, "add", b, "--paper", "jinlv", "--date", "2024-02-05");
    expect(refused.status).toBe(1);
    expect(refused.stderr[0]).toMatch(/已存在；要覆盖请加 --replace，同一天的第二个文件请加 --page 2/);
    expect(readFileSync(target, "utf8")).toBe(JINLV_PAGE);
    const replaced = baokan(p.dir, "add", b, "--paper", "jinlv", "--date", "2024-02-05", "--replace");
    expect(replaced.status, replaced.err).toBe(0);
    expect(replaced.stdout).toMatch(/替换\s+content\/jinlv\/2024-02-05\.txt/);
    expect(readFileSync(target, "utf8")).toBe(changed);
    // The replaced file is kept in the cache folder, and add says where.
    const kept = /替换\s+content\/jinlv\/2024-02-05\.txt（原文件已存到 (\.cache\/baokan\/replaced\/jinlv\/2024-02-05\.\d{4}-\d\d-\d\dT[\d-]+Z\.txt)）/.exec(replaced.stdout);
    expect(kept, replaced.stdout).not.toBeNull();
    expect(readFileSync(path.join(p.dir, kept![1]!), "utf8")).toBe(JINLV_PAGE);
    const page2 = baokan(p.dir, "add", b, "--paper", "jinlv", "--date", "2024-02-05", "--page", "2");
    expect(page2.status, page2.err).toBe(0);
    expect(existsSync(path.join(p.content, "jinlv/2024-02-05-2.txt"))).toBe(true);

    // Two undated files whose text dates them to the same month are one issue twice.
    const month = (s: string) => `劲旅讯 2024 年 3 月 8 日，${s}召开安全生产专题会议，部署春季安全生产工作。\n（张三）\n`;
    expect(baokan(p.dir, "add", p.write("inbox/march-a.txt", month("电解厂")), "--paper", "jinlv").status).toBe(0);
    const clash = baokan(p.dir, "add", p.write("inbox/march-b.txt", month("热电分厂")), "--paper", "jinlv");
    expect(clash.status).toBe(1);
    expect(clash.stderr[0]).toMatch(/march-b\.txt: 与 content\/jinlv\/march-a\.txt 是同一报纸同一日期（jinlv 2024-03）；要替换那个文件请加 --replace/);
    const swap = baokan(p.dir, "add", path.join(p.dir, "inbox/march-b.txt"), "--paper", "jinlv", "--replace");
    expect(swap.status, swap.err).toBe(0);
    expect(existsSync(path.join(p.content, "jinlv/march-a.txt"))).toBe(false);
    const keptA = /替换\s+content\/jinlv\/march-a\.txt（原文件已存到 (\S+march-a\.[\dT-]+Z\.txt)）/.exec(swap.stdout);
    expect(keptA, swap.stdout).not.toBeNull();
    expect(readFileSync(path.join(p.dir, keptA![1]!), "utf8")).toBe(month("电解厂"));
    expect(existsSync(path.join(p.content, "jinlv/march-b.txt"))).toBe(true);
  });
});

describe("baokan add: encodings", () => {
  // Curly quotes, dashes, book-title marks and full-width digits: the characters a wrong decoding breaks first.
  const text = JINLV_PAGE.replace("提升职工应急处置能力。", "提升职工“应急处置”能力——《劲旅》、职工：１２３；安 康 杯。");

  it.each([
    ["GBK", encodeGbk(text), /GB18030\/GBK → 存为 UTF-8/],
    ["UTF-16LE with BOM", encodeUtf16(text, "le"), /UTF-16LE → 存为 UTF-8/],
    ["UTF-16BE with BOM", encodeUtf16(text, "be"), /UTF-16BE → 存为 UTF-8/],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), /UTF-8（带 BOM，已去掉） → 存为 UTF-8/],
  ])("%s input is stored as plain UTF-8 with the same text", (_, bytes, said) => {
    const p = project();
    cleanup = p.cleanup;
    const src = p.write("inbox/2024-02-05.txt", bytes);
    const r = baokan(p.dir, "add", src, "--paper", "jinlv");
    expect(r.status, r.err).toBe(0);
    expect(r.stdout).toMatch(said);
    const stored = readFileSync(path.join(p.content, "jinlv/2024-02-05.txt"));
    expect(stored.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(new TextDecoder("utf-8", { fatal: true }).decode(stored)).toBe(text);
    expect(articleRows(r.stdout)).toHaveLength(2);
  });
});

describe("baokan add: a failed add leaves content/ untouched", () => {
  it.each([
    ["an empty file", Buffer.alloc(0), /: 空文件（0 字节）$/],
    ["a binary file", Buffer.from("%PDF-1.7\n\u0000\u0001\u0002\u0003binary"), /: 二进制文件（含 NUL 或控制字节），不是文本$/],
    ["undecodable bytes", Buffer.concat([Buffer.from("劲旅讯 正文。\n".repeat(3)), Buffer.from([0xff, 0xfe, 0xfd, 0x80, 0x81, 0x41, 0xc0])]), /: 第 \d+ 字节起无法解码（/],
    ["front matter that is not YAML", Buffer.from(`---\ndate: [2024\n---\n${JINLV_PAGE}`), /:\d+: 文件头不是有效的 YAML/],
  ])("%s: exit 1 and one line naming the file", (_, bytes, message) => {
    const p = project({ "content/jinlv/paper.yaml": "name: 劲旅\n" });
    cleanup = p.cleanup;
    const src = p.write("inbox/2024-02-05.txt", bytes);
    const before = snapshot(p.content);
    const r = baokan(p.dir, "add", src, "--paper", "jinlv");
    expect(r.status).toBe(1);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]!.startsWith(`baokan: ${src}`)).toBe(true);
    expect(r.stderr[0]).toMatch(message);
    expect(snapshot(p.content)).toEqual(before);
  });

  it("undecodable bytes: the offset named is the first bad byte", () => {
    const p = project();
    cleanup = p.cleanup;
    const good = Buffer.from("劲旅讯 近日，电解厂召开会议。\n");
    const src = p.write("inbox/x.txt", Buffer.concat([good, Buffer.from([0xff, 0xfe, 0xfd, 0x80, 0x81, 0x41, 0xc0])]));
    const r = baokan(p.dir, "add", src, "--paper", "jinlv");
    expect(r.stderr[0]).toContain(`第 ${good.length} 字节起无法解码（`);
  });

  it("a file over 20 MB is refused with the limit named", () => {
    const p = project();
    cleanup = p.cleanup;
    const src = p.write("inbox/big.txt", Buffer.alloc(20 * 1024 * 1024 + 1, 0x41));
    const r = baokan(p.dir, "add", src, "--paper", "jinlv");
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual([`baokan: ${src}: 文件有 ${20 * 1024 * 1024 + 1} 字节，超过 20 MB 的上限`]);
    expect(snapshot(p.content)).toEqual({});
  });

  it("a write that fails half-way (the target is a folder) leaves no temp file, no new paper folder", () => {
    const p = project();
    cleanup = p.cleanup;
    mkdirSync(path.join(p.content, "jinlv/2024-02-05.txt"), { recursive: true });
    const before = snapshot(p.content);
    const r = baokan(p.dir, "add", p.write("inbox/a.txt", JINLV_PAGE), "--paper", "jinlv", "--date", "2024-02-05", "--replace");
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual([expect.stringMatching(/^baokan: content\/jinlv\/2024-02-05\.txt: 无法写入（\w+）；content\/ 没有改动$/)]);
    expect(snapshot(p.content)).toEqual(before);

    // A new paper whose folder cannot be made (a file stands there): nothing is left behind.
    p.write("content/np", "not a folder");
    const mid = snapshot(p.content);
    const blocked = baokan(p.dir, "add", p.write("inbox/b.txt", JINLV_PAGE), "--paper", "np", "--date", "2024-02-05");
    expect(blocked.status).toBe(1);
    expect(blocked.stderr[0]).toMatch(/content\/np\/2024-02-05\.txt: 无法写入/);
    expect(snapshot(p.content)).toEqual(mid);
  });

  it("a content folder that does not exist yet is created, with the new paper's folder", () => {
    const p = project();
    cleanup = p.cleanup;
    const r = baokan(p.dir, "add", p.write("inbox/a.txt", JINLV_PAGE), "--paper", "jinlv", "--date", "2024-02-05", "--content", "archive/content");
    expect(r.status, r.err).toBe(0);
    expect(readFileSync(path.join(p.dir, "archive/content/jinlv/2024-02-05.txt"), "utf8")).toBe(JINLV_PAGE);
    expect(readFileSync(path.join(p.dir, "archive/content/jinlv/paper.yaml"), "utf8")).toMatch(/^name: 劲旅$/m);
  });
});
