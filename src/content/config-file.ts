/**
 * The small settings files of an archive (content/site.yaml, content/<paper>/paper.yaml): the first of a few
 * accepted names that exists, parsed. A broken file is an InputError naming the file and, for YAML, the line.
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
    try {
      return { file, data: (json ? JSON.parse(raw) : parseYaml(raw)) ?? {} };
    } catch (e) {
      const line = e instanceof YAMLParseError ? (e.linePos?.[0]?.line ?? null) : null;
      throw new InputError(file, `not valid ${json ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`, line);
    }
  }
  return null;
}
