/**
 * The small settings files of an archive (content/site.yaml, content/<paper>/paper.yaml): the first of a few
 * accepted names that exists, parsed. A broken file is an InputError naming the file and, for YAML, the line.
 * A paper's settings are keys (name:, publisher:, description:): a paper.yaml that is a list or a bare string
 * is refused, not read as no settings at all. (site.yaml's shape is checked by site-config.ts.)
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { InputError } from "../errors.ts";

export interface ConfigFile {
  file: string;
  /** The parsed value; an empty file is `{}`. */
  data: unknown;
}

/** The names a paper's settings file may have, in the order they are looked for. */
export const PAPER_FILES: readonly string[] = ["paper.yaml", "paper.yml", "paper.json"];

export async function readConfigFile(dir: string, names: readonly string[]): Promise<ConfigFile | null> {
  for (const name of names) {
    const file = path.join(dir, name);
    let raw: string;
    try {
      raw = await readFile(file, "utf8");
    } catch {
      continue;
    }
    const json = name.endsWith(".json");
    let data: unknown;
    try {
      data = (json ? JSON.parse(raw) : parseYaml(raw)) ?? {};
    } catch (e) {
      const line = e instanceof YAMLParseError ? (e.linePos?.[0]?.line ?? null) : null;
      throw new InputError(file, `不是有效的 ${json ? "JSON" : "YAML"}：${(e as Error).message.split("\n")[0]}`, line);
    }
    if (PAPER_FILES.includes(name) && (typeof data !== "object" || Array.isArray(data))) {
      const shape = Array.isArray(data) ? "一个列表" : `一个${typeof data === "string" ? "字符串" : "值"}`;
      throw new InputError(file, `报纸设置应是“键: 值”的几行（name: 劲旅、publisher: …、description: …），这里却是${shape}`, 1);
    }
    return { file, data };
  }
  return null;
}
