/**
 * The parse cache (src/content/parse-cache.ts): unchanged files are not parsed again, changed ones are, and a
 * record made by another version of the parser is never served.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadArchive } from "../../src/content/load-archive.ts";
import { ParseCache, parserKey, sourcesKey } from "../../src/content/parse-cache.ts";
import { ISSUE, tempTree } from "./helpers.ts";

const SRC = path.resolve(import.meta.dirname, "../../src");
let cleanup = () => {};
afterEach(() => cleanup());

function archive() {
  const t = tempTree({ "content/a/2024-01-05.txt": ISSUE, "content/a/2024-01-06.txt": ISSUE.replace("消防", "防汛"), "content/b/2024-01-07.txt": ISSUE });
  const cacheDir = path.join(t.dir, ".cache/baokan");
  cleanup = t.cleanup;
  return { ...t, content: path.join(t.dir, "content"), cacheDir };
}

/** The cached records (files.json, the files' stamps, and numbers.json, the numbering outcomes, are not). */
const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json") && f !== "files.json" && f !== "numbers.json") : []);

describe("the parse cache", () => {
  it("a second load of an unchanged archive parses nothing and gives the same records", async () => {
    const t = archive();
    const first = new ParseCache(t.cacheDir);
    const a = await loadArchive(t.content, t.dir, { cache: first });
    expect(first.stats).toEqual({ hits: 0, misses: 3 });
    expect(entries(first.dir)).toHaveLength(3);
    const second = new ParseCache(t.cacheDir);
    const b = await loadArchive(t.content, t.dir, { cache: second });
    expect(second.stats).toEqual({ hits: 3, misses: 0 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(b.issues)).toBe(JSON.stringify((await loadArchive(t.content, t.dir, { cache: null })).issues));
  });

  it("each record's input digest changes with its file, its corrections and the unit table, and with nothing else", async () => {
    const t = archive();
    const digests = async () => {
      const a = await loadArchive(t.content, t.dir, { cache: new ParseCache(t.cacheDir) });
      return new Map(a.issues.map((i) => [i.file, a.inputs!.get(i)!]));
    };
    const file = (name: string) => path.relative(t.dir, path.join(t.content, name));
    const before = await digests();
    expect([...before.values()].every((d) => /^[0-9a-f]{40}$/.test(d))).toBe(true);
    expect(new Set(before.values()).size).toBe(3); // a/2024-01-05 and b/2024-01-07 hold the same text: their meta differs
    expect(await digests()).toEqual(before);
    expect((await loadArchive(t.content, t.dir, { cache: null })).inputs).toBeUndefined();

    const changedOnly = (after: Map<string, string>) => [...after].filter(([f, d]) => before.get(f) !== d).map(([f]) => f);
    writeFileSync(path.join(t.content, "a/2024-01-06.txt"), ISSUE.replace("消防演练", "技能比武"));
    const edited = await digests();
    expect(changedOnly(edited)).toEqual([file("a/2024-01-06.txt")]);
    writeFileSync(path.join(t.content, "a/2024-01-05.fix.yaml"), "articles:\n  1:\n    headline: 电解厂部署冬季安全生产\n");
    const fixed = await digests();
    expect([...fixed].filter(([f, d]) => edited.get(f) !== d).map(([f]) => f)).toEqual([file("a/2024-01-05.txt")]);
    writeFileSync(path.join(t.content, "units.yaml"), "电解厂: [电解分厂]\n");
    const tabled = await digests();
    expect([...tabled].filter(([f, d]) => fixed.get(f) !== d).map(([f]) => f).sort()).toEqual([...before.keys()].sort());
  });

  it("an unchanged file is not even read again (its stamp is known); a touched, moved or re-papered one is", async () => {
    const t = archive();
    await loadArchive(t.content, t.dir, { cache: new ParseCache(t.cacheDir) });
    // A doctored cache entry shows through only when the file itself is not read: the stamp was trusted.
    const c = new ParseCache(t.cacheDir);
    const first = (await loadArchive(t.content, t.dir, { cache: c })).issues;
    const docTored = (file: string) => {
      const stamps = JSON.parse(readFileSync(path.join(c.dir, "files.json"), "utf8")) as Record<string, { key: string }>;
      const entry = path.join(c.dir, stamps[file]!.key.slice(0, 2), `${stamps[file]!.key}.json`);
      const rec = JSON.parse(readFileSync(entry, "utf8"));
      rec.articles[0].headline = "来自缓存";
      writeFileSync(entry, JSON.stringify(rec));
    };
    const rel = (name: string) => path.relative(t.dir, path.join(t.content, name));
    docTored(rel("a/2024-01-05.txt"));
    const headlines = async () => new Map((await loadArchive(t.content, t.dir, { cache: new ParseCache(t.cacheDir) })).issues.map((i) => [i.file, i.articles[0]!.headline]));
    expect((await headlines()).get(rel("a/2024-01-05.txt"))).toBe("来自缓存");
    // Touched (same bytes, new mtime): read again, and its key is the same, so the same doctored entry is served.
    const f = path.join(t.content, "a/2024-01-05.txt");
    writeFileSync(f, readFileSync(f));
    expect((await headlines()).get(rel("a/2024-01-05.txt"))).toBe("来自缓存");
    // Changed by a byte of the same length: a new stamp, a new key, the parser's own reading.
    writeFileSync(f, readFileSync(f, "utf8").replace("召开", "举行"));
    expect((await headlines()).get(rel("a/2024-01-05.txt"))).toBe(first[0]!.articles[0]!.headline);
    // The paper renamed in paper.yaml: the file's meta changes, so its stamp does.
    docTored(rel("b/2024-01-07.txt"));
    expect((await headlines()).get(rel("b/2024-01-07.txt"))).toBe("来自缓存");
    writeFileSync(path.join(t.content, "b/paper.yaml"), "name: 乙报\n");
    const renamed = await loadArchive(t.content, t.dir, { cache: new ParseCache(t.cacheDir) });
    const b = renamed.issues.find((i) => i.file === rel("b/2024-01-07.txt"))!;
    expect(b.paperName).toBe("乙报");
    expect(b.articles[0]!.headline).not.toBe("来自缓存");
  });

  it("a changed file is parsed again; the others are not", async () => {
    const t = archive();
    await loadArchive(t.content, t.dir, { cache: new ParseCache(t.cacheDir) });
    writeFileSync(path.join(t.content, "a/2024-01-06.txt"), ISSUE.replace("消防演练", "技能比武"));
    const c = new ParseCache(t.cacheDir);
    const a = await loadArchive(t.content, t.dir, { cache: c });
    expect(c.stats).toEqual({ hits: 2, misses: 1 });
    expect(a.issues[1]!.articles[1]!.body.join("")).toContain("技能比武");
  });

  it("is really read (a doctored entry shows through) — and a record of another parser version never is", async () => {
    const t = archive();
    const c = new ParseCache(t.cacheDir);
    await loadArchive(t.content, t.dir, { cache: c });
    const [entry] = entries(c.dir).map((f) => path.join(c.dir, f));
    const rec = JSON.parse(readFileSync(entry!, "utf8"));
    rec.articles[0].headline = "来自缓存";
    writeFileSync(entry!, JSON.stringify(rec));
    const served = await loadArchive(t.content, t.dir, { cache: new ParseCache(t.cacheDir) });
    expect(served.issues.some((i) => i.articles[0]!.headline === "来自缓存")).toBe(true);
    expect((await loadArchive(t.content, t.dir, { cache: null })).issues.some((i) => i.articles[0]!.headline === "来自缓存")).toBe(false);

    // The same entry filed under another parser key: not served, and that folder is removed on the next write.
    const other = path.join(t.cacheDir, "0000000000000000");
    mkdirSync(other, { recursive: true });
    renameSync(c.dir, path.join(other, "x"));
    writeFileSync(path.join(t.content, "b/2024-01-08.txt"), ISSUE.replace("张三", "赵六"));
    const fresh = new ParseCache(t.cacheDir);
    const a = await loadArchive(t.content, t.dir, { cache: fresh });
    expect(a.issues.some((i) => i.articles[0]!.headline === "来自缓存")).toBe(false);
    expect(fresh.stats.hits).toBe(0);
    expect(existsSync(other)).toBe(false);
  });

  it("a half-written entry is a miss, not an error", async () => {
    const t = archive();
    const c = new ParseCache(t.cacheDir);
    await loadArchive(t.content, t.dir, { cache: c });
    for (const f of entries(c.dir)) writeFileSync(path.join(c.dir, f), "{\"articles\": [");
    const again = new ParseCache(t.cacheDir);
    const a = await loadArchive(t.content, t.dir, { cache: again });
    expect(again.stats).toEqual({ hits: 0, misses: 3 });
    expect(a.issues).toHaveLength(3);
  });

  it("the parser key is a hash of the parser's sources: editing any pass changes it", () => {
    expect(sourcesKey(SRC)).toBe(parserKey());
    const copy = mkdtempSync(path.join(tmpdir(), "baokan-src-"));
    try {
      cpSync(path.join(SRC, "parse"), path.join(copy, "parse"), { recursive: true });
      cpSync(path.join(SRC, "types.ts"), path.join(copy, "types.ts"));
      cpSync(path.join(SRC, "messages.ts"), path.join(copy, "messages.ts"));
      expect(sourcesKey(copy)).toBe(parserKey());
      writeFileSync(path.join(copy, "parse/segment.ts"), `${readFileSync(path.join(copy, "parse/segment.ts"), "utf8")}\n// a change\n`);
      expect(sourcesKey(copy)).not.toBe(parserKey());
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
