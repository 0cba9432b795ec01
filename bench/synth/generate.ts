/**
 * A synthetic archive of about N articles under the content convention: five papers, one per seed layout,
 * weekly issues of ~30 pieces (the web-repost paper has one piece per file, as its seed does). Deterministic:
 * the same N and seed always write the same bytes.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { between, rng, type Corpus, type Rand } from "./corpus.ts";
import { gonghuiIssue, hangyeIssue, jinlvIssue, makePiece, staffPool, taiyuanIssue, webIssue, type Piece } from "./layouts.ts";

interface Layout {
  slug: string;
  name: string;
  emit: (pieces: Piece[], rand: Rand, date: string) => string;
  /** Pieces per issue file. */
  size: (rand: Rand) => number;
  /** Share of the archive's articles. */
  share: number;
  /** Reposts come daily, printed papers weekly. */
  daily?: boolean;
}

const LAYOUTS: Layout[] = [
  { slug: "s-jinlv", name: "合成·劲旅式", emit: (p, r) => jinlvIssue(p, r), size: (r) => between(r, 24, 36), share: 0.3 },
  { slug: "s-hangye", name: "合成·行业报式", emit: (p, r) => hangyeIssue(p, r), size: (r) => between(r, 6, 12), share: 0.15 },
  { slug: "s-web", name: "合成·网络转载", emit: (p, _r, d) => webIssue(p[0]!, d), size: () => 1, share: 0.05, daily: true },
  { slug: "s-gonghui", name: "合成·工会报式", emit: (p, r) => gonghuiIssue(p, r), size: (r) => between(r, 20, 34), share: 0.3 },
  { slug: "s-taiyuan", name: "合成·城市报式", emit: (p, r) => taiyuanIssue(p, r), size: (r) => between(r, 8, 16), share: 0.2 },
];

/** The k-th issue of a paper: weekly (or daily) from 2004-01-02. */
function issueDate(k: number, daily: boolean): string {
  const d = new Date(Date.UTC(2004, 0, 2) + k * (daily ? 1 : 7) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

export interface Generated {
  files: number;
  pieces: number;
  bytes: number;
}

async function writeIssue(dir: string, layout: Layout, k: number, corpus: Corpus, rand: Rand, staff: readonly string[]): Promise<{ pieces: number; bytes: number }> {
  const pieces = Array.from({ length: layout.size(rand) }, () => makePiece(corpus, rand, staff));
  const date = issueDate(k, layout.daily ?? false);
  const text = layout.emit(pieces, rand, date);
  await writeFile(path.join(dir, layout.slug, `${date}.txt`), text);
  return { pieces: pieces.length, bytes: Buffer.byteLength(text) };
}

export async function generateArchive(contentDir: string, articles: number, corpus: Corpus, seed = 1): Promise<Generated> {
  const rand = rng(seed);
  let files = 0;
  let pieces = 0;
  let bytes = 0;
  for (const layout of LAYOUTS) {
    await mkdir(path.join(contentDir, layout.slug), { recursive: true });
    await writeFile(path.join(contentDir, layout.slug, "paper.yaml"), `name: ${layout.name}\ndescription: 基准测试用的合成报纸（${layout.slug}）\n`);
    const target = Math.round(articles * layout.share);
    const staff = staffPool(corpus, rand);
    for (let k = 0, n = 0; n < target; k++) {
      const w = await writeIssue(contentDir, layout, k, corpus, rand, staff);
      n += w.pieces;
      pieces += w.pieces;
      bytes += w.bytes;
      files++;
    }
  }
  return { files, pieces, bytes };
}

/** One more issue (~30 pieces) of the first paper, dated after every existing one: the editor's "add an issue". */
export async function addOneIssue(contentDir: string, corpus: Corpus, seed = 99): Promise<{ file: string; pieces: number; bytes: number }> {
  const layout = LAYOUTS[0]!;
  const rand = rng(seed);
  const staff = staffPool(corpus, rand);
  const pieces = Array.from({ length: 30 }, () => makePiece(corpus, rand, staff));
  const file = path.join(contentDir, layout.slug, "2099-01-01.txt");
  const text = layout.emit(pieces, rand, "2099-01-01");
  await writeFile(file, text);
  return { file, pieces: pieces.length, bytes: Buffer.byteLength(text) };
}
