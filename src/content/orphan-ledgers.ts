/**
 * Article-number ledgers (`<stem>.ids.yaml`, ledger-file.ts) whose issue file is gone. The usual cause is a renamed
 * issue file: the build starts a fresh ledger under the new name, numbering the articles in reading order, so an
 * address cited before the rename may now show another article. Nothing can tell for sure which file a ledger
 * belonged to, so `check` and the build name the orphan and say how to keep the numbers (rename it along), rather
 * than guessing.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { ISSUE_EXT } from "./load-archive.ts";

const LEDGER = /\.ids\.yaml$/i;

/** Every `<stem>.ids.yaml` under the paper folders of `contentDir` with no `<stem>.txt|.md|.text` beside it, sorted. */
export async function orphanLedgers(contentDir: string): Promise<string[]> {
  const out: string[] = [];
  const papers = await readdir(contentDir, { withFileTypes: true }).catch(() => []);
  for (const p of papers) {
    // The folders loadArchive reads as papers.
    if (!p.isDirectory() || p.name.startsWith(".") || p.name.startsWith("_")) continue;
    const dir = path.join(contentDir, p.name);
    const names = await readdir(dir).catch(() => [] as string[]);
    const stems = new Set(names.filter((n) => ISSUE_EXT.test(n) && !n.startsWith(".")).map((n) => n.replace(ISSUE_EXT, "")));
    for (const n of names) if (LEDGER.test(n) && !stems.has(n.replace(LEDGER, ""))) out.push(path.join(dir, n));
  }
  return out.sort();
}
