/**
 * A parse cache on disk, so a rebuild of an unchanged archive skips parsing: one JSON file per parsed issue
 * under `.cache/baokan/<parser key>/`, named by a hash of what the parser reads (decoded text, meta, encoding).
 *
 * The parser key is a hash of the parser's own source files (src/parse/*.ts and src/types.ts), not a version
 * constant. A constant works only if everyone remembers to bump it with every change to a pass; one forgotten
 * bump and the archive silently shows yesterday's reading of every unchanged file — the one failure a cache
 * must never have. Hashing the sources costs about a millisecond per process and cannot be forgotten. The
 * cached step is the passes only (decode runs every time, it is needed to find the file's meta anyway), and
 * corrections and the unit table are applied after the cache, so editing a .fix.yaml or units.yaml never
 * needs a cache flush either. When the key changes, the other keys' folders are removed.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { IssueMeta, IssueRecord } from "../types.ts";

/** Bump when the cache's own file layout changes (the parser's changes are caught by the source hash). */
const CACHE_FORMAT = "1";
const SRC = fileURLToPath(new URL("../", import.meta.url));

let parserKeyMemo: string | null = null;

/** sha256 over every parser source file under `srcDir` (parse/*.ts and types.ts), name and content, in a fixed order. */
export function sourcesKey(srcDir: string): string {
  const h = createHash("sha256").update(`baokan-parse-cache ${CACHE_FORMAT}\n`);
  const files = readdirSync(path.join(srcDir, "parse")).filter((f) => f.endsWith(".ts")).sort().map((f) => path.join("parse", f));
  for (const rel of [...files, "types.ts"]) h.update(`${rel}\n`).update(readFileSync(path.join(srcDir, rel))).update("\n");
  return h.digest("hex").slice(0, 16);
}

/** The key of the parser this process runs. */
export function parserKey(): string {
  return (parserKeyMemo ??= sourcesKey(SRC));
}

export function cacheKey(text: string, meta: IssueMeta, encoding: string): string {
  return createHash("sha256").update(JSON.stringify(meta)).update("\0").update(encoding).update("\0").update(text).digest("hex");
}

export interface CacheStats { hits: number; misses: number }

export class ParseCache {
  readonly dir: string;
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  /** The files parsed because the cache had no entry for them, in order (what `serve` prints per rebuild). */
  readonly parsed: string[] = [];
  private pruned = false;

  constructor(readonly root: string) {
    this.dir = path.join(path.resolve(root), parserKey());
  }

  private fileFor(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<IssueRecord | null> {
    try {
      const rec = JSON.parse(await readFile(this.fileFor(key), "utf8")) as IssueRecord;
      this.stats.hits++;
      return rec;
    } catch {
      // Missing or half-written (a crash mid-write): either way, parse again.
      this.stats.misses++;
      return null;
    }
  }

  /** Records that `file` was parsed after a miss (its display path, as in records and errors). */
  noteParsed(file: string): void {
    this.parsed.push(file);
  }

  /** Best effort: a read-only disk or a full one costs speed, never a build. */
  async set(key: string, rec: IssueRecord): Promise<void> {
    const file = this.fileFor(key);
    const tmp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
    try {
      await this.prune();
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(tmp, JSON.stringify(rec));
      await rename(tmp, file);
    } catch {
      await rm(tmp, { force: true }).catch(() => {});
    }
  }

  /** Entries of other parser versions can never be read again. */
  private async prune(): Promise<void> {
    if (this.pruned) return;
    this.pruned = true;
    const mine = path.basename(this.dir);
    const names = await readdir(path.resolve(this.root)).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n !== mine && /^[0-9a-f]{16}$/.test(n)).map((n) => rm(path.join(this.root, n), { recursive: true, force: true }).catch(() => {})));
  }
}

/** The project-level default cache folder (git-ignored). */
export const DEFAULT_CACHE_DIR = ".cache/baokan";

let defaultCache: ParseCache | null = null;

/**
 * The cache loadArchive() uses when its caller passes none. Off by default, so library callers and tests get
 * fresh parses; the CLI turns it on (and `--no-cache` leaves it off) before building or checking.
 */
export function setDefaultParseCache(cache: ParseCache | null): void {
  defaultCache = cache;
}

export function defaultParseCache(): ParseCache | null {
  return defaultCache;
}
