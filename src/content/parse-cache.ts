/**
 * A parse cache on disk, so a rebuild of an unchanged archive skips parsing: one JSON file per parsed issue
 * under `.cache/baokan/<parser key>/`, named by a hash of what the parser reads (decoded text, meta, encoding).
 *
 * The parser key is a hash of the parser's own source files (src/parse/*.ts, src/types.ts and src/messages.ts, the
 * words of its warnings), not a version
 * constant. A constant works only if everyone remembers to bump it with every change to a pass; one forgotten
 * bump and the archive silently shows yesterday's reading of every unchanged file — the one failure a cache
 * must never have. Hashing the sources costs about a millisecond per process and cannot be forgotten. The
 * cached step is the passes only (decode runs every time, it is needed to find the file's meta anyway), and
 * corrections and the unit table are applied after the cache, so editing a .fix.yaml or units.yaml never
 * needs a cache flush either. When the key changes, the other keys' folders are removed.
 *
 * Beside the entries: files.json (each file's stamp → its key, so an unchanged file is not read) and numbers.json
 * (each issue's article numbering by parse, ledger and corrections, so an unchanged issue is not numbered again:
 * issue-numbers.ts).
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { IssueMeta, IssueRecord } from "../types.ts";
import type { NumberingEntry, NumberingStore } from "./issue-numbers.ts";

/** Bump when the cache's own file layout changes (the parser's changes are caught by the source hash). */
const CACHE_FORMAT = "1";
const SRC = fileURLToPath(new URL("../", import.meta.url));

let parserKeyMemo: string | null = null;

/** sha256 over every parser source file under `srcDir` (parse/*.ts, types.ts, messages.ts), name and content, in a fixed order. */
export function sourcesKey(srcDir: string): string {
  const h = createHash("sha256").update(`baokan-parse-cache ${CACHE_FORMAT}\n`);
  const files = readdirSync(path.join(srcDir, "parse")).filter((f) => f.endsWith(".ts")).sort().map((f) => path.join("parse", f));
  for (const rel of [...files, "types.ts", "messages.ts"]) h.update(`${rel}\n`).update(readFileSync(path.join(srcDir, rel))).update("\n");
  return h.digest("hex").slice(0, 16);
}

/**
 * sha256 over the loader's own sources (content/*.ts, errors.ts): what the numbering outcomes kept beside the
 * parses (ParseCache.numbering) depend on besides the parser, whose sources are already the folder's key.
 */
export function contentSourcesKey(srcDir: string): string {
  const h = createHash("sha256").update(`baokan-numbering ${CACHE_FORMAT}\n`);
  const files = readdirSync(path.join(srcDir, "content")).filter((f) => f.endsWith(".ts")).sort().map((f) => path.join("content", f));
  for (const rel of [...files, "errors.ts"]) h.update(`${rel}\n`).update(readFileSync(path.join(srcDir, rel))).update("\n");
  return h.digest("hex").slice(0, 16);
}

let contentKeyMemo: string | null = null;

/** The key of the parser this process runs. */
export function parserKey(): string {
  return (parserKeyMemo ??= sourcesKey(SRC));
}

export function cacheKey(text: string, meta: IssueMeta, encoding: string): string {
  return createHash("sha256").update(JSON.stringify(meta)).update("\0").update(encoding).update("\0").update(text).digest("hex");
}

export interface CacheStats { hits: number; misses: number }

export class ParseCache implements NumberingStore {
  readonly dir: string;
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  /** The files parsed because the cache had no entry for them, in order (what `serve` prints per rebuild). */
  readonly parsed: string[] = [];
  private pruned = false;
  /** files.json: display path → the file's stat and meta inputs (fileStamp) and its cache key when last read. */
  private stamps: Map<string, { stamp: string; key: string }> | null = null;
  private seen = new Map<string, { stamp: string; key: string }>();
  private missed = new Set<string>();
  /** numbers.json: numbering key → outcome (issue-numbers.ts), as read, and as noted since the last save. */
  private numbers: Map<string, NumberingEntry> | null = null;
  private numbersSeen = new Map<string, NumberingEntry>();
  /** The loader's code (contentSourcesKey), part of every numbering key. */
  readonly codeKey: string;

  constructor(readonly root: string) {
    this.dir = path.join(path.resolve(root), parserKey());
    this.codeKey = contentKeyMemo ??= contentSourcesKey(SRC);
  }

  private get stampsFile(): string {
    return path.join(this.dir, "files.json");
  }

  private get numbersFile(): string {
    return path.join(this.dir, "numbers.json");
  }

  /**
   * The numbering outcome stored under `key` (issue-numbers.ts), if the last load noted one. One file for the whole
   * archive, read once: an entry is a few numbers per issue, and one small file per issue would be a read each.
   */
  numbering(key: string): NumberingEntry | undefined {
    if (!this.numbers) {
      try {
        this.numbers = new Map(Object.entries(JSON.parse(readFileSync(this.numbersFile, "utf8")) as Record<string, NumberingEntry>));
      } catch {
        this.numbers = new Map(); // none yet, or unreadable: every issue is numbered
      }
    }
    return this.numbers.get(key);
  }

  /** Keeps a numbering outcome for the next load (saved by saveStamps). */
  noteNumbering(key: string, entry: NumberingEntry): void {
    this.numbersSeen.set(key, entry);
  }

  /**
   * The cache key of the file at `file` when its stamp (fileStamp) is the one it had when last read, so the file
   * need not be read, decoded and hashed again — what git's index does with a file's stat. At 37,682 articles
   * that is 53 MB of text and 0.8 s a build. Undefined when the file is new or its stamp has changed.
   */
  keyFor(file: string, stamp: string): string | undefined {
    if (!this.stamps) {
      try {
        this.stamps = new Map(Object.entries(JSON.parse(readFileSync(this.stampsFile, "utf8")) as Record<string, { stamp: string; key: string }>));
      } catch {
        this.stamps = new Map(); // none yet, or unreadable: every file is read
      }
    }
    const known = this.stamps.get(file);
    return known?.stamp === stamp ? known.key : undefined;
  }

  /** Records that the file at `file`, stamped `stamp`, has the cache key `key` (saved by saveStamps). */
  noteStamp(file: string, stamp: string, key: string): void {
    this.seen.set(file, { stamp, key });
  }

  /**
   * Writes files.json with the files noted since the last save (a load of the whole archive notes every file, so
   * the stamps of files since removed go), and numbers.json with the numbering outcomes noted, likewise. Best
   * effort, like set().
   */
  async saveStamps(): Promise<void> {
    // A long-lived cache (`baokan serve`'s) starts its next load from what was just written.
    this.stamps = this.seen;
    this.seen = new Map();
    this.numbers = this.numbersSeen;
    this.numbersSeen = new Map();
    await this.writeBestEffort(this.stampsFile, JSON.stringify(Object.fromEntries(this.stamps)));
    await this.writeBestEffort(this.numbersFile, JSON.stringify(Object.fromEntries(this.numbers)));
  }

  private fileFor(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /**
   * Synchronous on purpose: fs/promises' readFile is an open, fstat, read and close, each a round trip through
   * the thread pool. Reading the 3,131 entries of a 37,682-article archive took 1.8 s that way (eight at a
   * time) and 0.6 s with readFileSync, most of it JSON.parse.
   */
  async get(key: string): Promise<IssueRecord | null> {
    if (this.missed.has(key)) return null; // asked already (by a known stamp, then by the file's text): one miss
    try {
      const rec = JSON.parse(readFileSync(this.fileFor(key), "utf8")) as IssueRecord;
      this.stats.hits++;
      return rec;
    } catch {
      // Missing or half-written (a crash mid-write): either way, parse again.
      this.stats.misses++;
      this.missed.add(key);
      return null;
    }
  }

  /** Records that `file` was parsed after a miss (its display path, as in records and errors). */
  noteParsed(file: string): void {
    this.parsed.push(file);
  }

  /** Best effort: a read-only disk or a full one costs speed, never a build. */
  async set(key: string, rec: IssueRecord): Promise<void> {
    this.missed.delete(key);
    await this.prune().catch(() => {});
    await this.writeBestEffort(this.fileFor(key), JSON.stringify(rec));
  }

  /** Writes `text` to `file` through a temp file and a rename (never half-written); failures are swallowed. */
  private async writeBestEffort(file: string, text: string): Promise<void> {
    const tmp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(tmp, text);
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
