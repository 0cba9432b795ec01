/**
 * content/site.yaml: the archive's public address and name, for everything that needs absolute URLs — Atom
 * feeds, the sitemap, robots.txt, canonical links, the `url` of the open-data JSON and CSV.
 *
 *   url: https://baokan.example.org/          # where the site's root is served
 *   title: 报刊档案
 *   description: 企业报、工会报版面原文的整理与检索
 *   publisher: 某某集团党委宣传部               # who runs the archive: the footer's 主办 line, the 关于 page
 *   rights: 本站文字版权归各报社所有……         # the rights statement: footer and 关于 page
 *   contact: jiucuo@example.org              # e-mail or http(s) address: the footer's 纠错与联系 link
 *   about: |                                 # the 关于 page's own words, paragraphs split on blank lines
 *     ……
 *
 * Every key is optional. An unset publisher, rights or contact leaves its line out of the footer and the 关于
 * page (nothing stands in for it: a placeholder would read as the archive's real terms); the 关于 page always
 * states what the archive holds, from the archive itself. The README's example gives each key a prompt in
 * full-width brackets, "（办站单位，如：…）"; a value that is still such a prompt counts as unset.
 *
 * Which address wins: `BuildOptions.siteUrl` (`baokan build --site-url …`) > `url:` in site.yaml >
 * DEFAULT_SITE_URL. The default is `baokan serve`'s own address, http://localhost:8080/, so an unconfigured
 * build (the demo archive) still has feeds and a sitemap whose links work when previewed locally; the build
 * logs a line saying the default was used. A site served under a pathPrefix (`/archive/`) gets it appended:
 * `url: https://example.org/` + `/archive/` → https://example.org/archive/. A url that already ends with the
 * prefix (`https://example.org/archive/`) is taken as it is, so either way of writing it gives the same root.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { isScalar, isSeq, mapPairs, readYaml, scalarText } from "../content/yaml-lines.ts";
import { InputError } from "../errors.ts";
import { INPUT } from "../messages.ts";

export const DEFAULT_SITE_URL = "http://localhost:8080/";
export const DEFAULT_TITLE = "报刊档案";

export interface SiteConfig {
  /** The public address as written in site.yaml, or null. */
  url: string | null;
  title: string;
  description: string | null;
  /*
   * The reader-facing keys below are optional in the type (code that makes a config by hand for feeds or tests
   * need not name them); readSiteConfig always sets them.
   */
  /** Who runs the archive (主办), or null. */
  publisher?: string | null;
  /** The rights statement, or null. */
  rights?: string | null;
  /** Where readers report errors, as written (an e-mail or http(s) address), or null… */
  contact?: string | null;
  /** …and as a link: mailto:… for an e-mail address. */
  contactHref?: string | null;
  /** The 关于 page's own text in paragraphs (split on blank lines); empty when unset. */
  about?: string[];
}

const EMPTY: Required<Omit<SiteConfig, "title">> = { url: null, description: null, publisher: null, rights: null, contact: null, contactHref: null, about: [] };
const KEYS = "url, title, description, publisher, rights, contact, about";
/** A whole value in full-width brackets: the README's "fill this in" prompt, left as it was. */
const PROMPT = /^（[^（）]*）$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** A paragraph written over several lines: Chinese lines join directly, others with a space. */
function joinLines(paragraph: string): string {
  const lines = paragraph.split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.reduce((out, l) => (out && /[\x21-\x7e]$/.test(out) && /^[\x21-\x7e]/.test(l) ? `${out} ${l}` : out + l), "");
}

/** An e-mail address → mailto:, an http(s) address as it is; anything else null. */
function contactLink(text: string): string | null {
  if (EMAIL.test(text)) return `mailto:${text}`;
  return httpUrl(text)?.href ?? null;
}

/** Where the site's absolute URLs come from, resolved against options and the prefix. */
export interface SiteAddress {
  /** Absolute root with the prefix, ending in "/": https://example.org/archive/ */
  root: string;
  source: "option" | "site.yaml" | "default";
}

/** "archive", "/archive", "/archive/" → "/archive/"; "", "/" and undefined → "/". */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").trim().replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}/` : "/";
}

/** An absolute http(s) URL, or null. */
function httpUrl(text: string): URL | null {
  try {
    const u = new URL(text.trim());
    return u.protocol === "http:" || u.protocol === "https:" ? u : null;
  } catch {
    return null;
  }
}

/** The names site.yaml may have, in the order they are looked for. */
const SITE_FILES = ["site.yaml", "site.yml"];
const KEY_NAMES = KEYS.split(", ");
const SHAPES: Record<string, string> = { map: "一组“键: 值”", seq: "一个列表" };

/**
 * content/site.yaml (or .yml) read and checked: the config, and every error in it, each in one Chinese line with
 * the file and the key's line — a value that is not text, a url or contact that is no address, a key the file
 * does not know (a misspelt `contcat:` would otherwise be silently unset). `build` stops on the first error,
 * `check` lists them all; both call this, so neither passes a file the other refuses. A missing file is an empty
 * config.
 */
export async function loadSiteConfig(contentDir: string): Promise<{ config: SiteConfig; errors: InputError[] }> {
  const unset: SiteConfig = { ...EMPTY, title: DEFAULT_TITLE };
  let file = "";
  let text: string | null = null;
  for (const name of SITE_FILES) {
    file = path.join(contentDir, name);
    text = await readFile(file, "utf8").catch(() => null);
    if (text !== null) break;
  }
  if (text === null) return { config: unset, errors: [] };
  const errors: InputError[] = [];
  const values = new Map<string, { text: string; line: number }>();
  try {
    const y = readYaml(text.replace(/^\uFEFF/, ""), file, "站点设置");
    for (const pair of mapPairs(y, y.doc.contents, "站点设置")) {
      const k = scalarText(pair.key) ?? "";
      const line = y.lineOf(pair.key);
      const v = pair.value;
      if (!KEY_NAMES.includes(k)) errors.push(new InputError(file, `没有“${k}”这个设置（可用：${KEYS}）`, line));
      else if (v !== null && !isScalar(v)) errors.push(new InputError(file, `${k}: 应是一段文字，这里却是${SHAPES[isSeq(v) ? "seq" : "map"]}`, line));
      else {
        // A value still in the README's brackets — "（办站单位，如：…）" — is the example's prompt, not the archive's words.
        const value = scalarText(v);
        if (value && !PROMPT.test(value)) values.set(k, { text: value, line });
      }
    }
  } catch (e) {
    if (e instanceof InputError) return { config: unset, errors: [e] };
    throw e;
  }
  const str = (k: string) => values.get(k)?.text ?? null;
  const url = str("url");
  if (url && !httpUrl(url)) errors.push(new InputError(file, `url: 应是完整的 http(s) 地址，如 https://example.org/（现为 ${JSON.stringify(url)}）`, values.get("url")!.line));
  const contact = str("contact");
  const contactHref = contact ? contactLink(contact) : null;
  if (contact && !contactHref) {
    errors.push(new InputError(file, `contact: 应是电子邮箱或完整的 http(s) 地址，如 jiucuo@example.org 或 https://example.org/jiucuo/（现为 ${JSON.stringify(contact)}）`, values.get("contact")!.line));
  }
  const about = (str("about") ?? "").split(/\n\s*\n/).map(joinLines).filter(Boolean);
  const config = {
    url, title: str("title") ?? DEFAULT_TITLE, description: str("description"),
    publisher: str("publisher"), rights: str("rights"), contact, contactHref, about,
  };
  return { config, errors };
}

/** content/site.yaml as loadSiteConfig reads it; its first error, if any, is thrown (an InputError with its line). */
export async function readSiteConfig(contentDir: string): Promise<SiteConfig> {
  const { config, errors } = await loadSiteConfig(contentDir);
  if (errors[0]) throw errors[0];
  return config;
}

/** The absolute root for a public address and a pathPrefix; see the header for the prefix rule. */
export function siteRoot(siteUrl: string, pathPrefix?: string): string {
  const u = httpUrl(siteUrl);
  if (!u) throw new Error(INPUT.siteUrl(JSON.stringify(siteUrl)));
  u.search = "";
  u.hash = "";
  if (!u.pathname.endsWith("/")) u.pathname += "/";
  const prefix = normalizePrefix(pathPrefix);
  if (prefix !== "/" && !u.pathname.endsWith(prefix)) u.pathname += prefix.slice(1);
  return u.href;
}

export function resolveSiteAddress(optionUrl: string | undefined, config: SiteConfig, pathPrefix?: string): SiteAddress {
  if (optionUrl) return { root: siteRoot(optionUrl, pathPrefix), source: "option" };
  if (config.url) return { root: siteRoot(config.url, pathPrefix), source: "site.yaml" };
  return { root: siteRoot(DEFAULT_SITE_URL, pathPrefix), source: "default" };
}

/**
 * A plain site path: ASCII letters, digits, "-", "_" and "~" in segments that may contain dots but are not "." or
 * "..". Every URL site-data.ts makes is one (names are hashed, not transliterated).
 */
const PLAIN_PATH = /^(?:(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+\/)*(?:(?!\.\.?$)[A-Za-z0-9._~-]+)?$/;

/**
 * A site path ("/jinlv/2024-01/01/", as in SiteData) → its absolute URL under `root` (which siteRoot made, so it
 * ends in "/"). A plain path is appended as it is — what the URL parser would give it, at 85,000 calls a build
 * 0.2 s cheaper; anything else goes through the URL parser.
 */
export function absoluteUrl(root: string, sitePath: string): string {
  const rel = sitePath.replace(/^\/+/, "");
  return PLAIN_PATH.test(rel) && root.endsWith("/") ? root + rel : new URL(rel, root).href;
}
