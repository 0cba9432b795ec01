/**
 * Terminal output for editors: colours only on a TTY (and never with NO_COLOR), column padding that counts a
 * Chinese character as two columns (so "标题" lines up with "title"), and a progress bar on stderr for long runs.
 *
 * Text from files (headlines, units, paper names, file names, quoted lines in warnings) never reaches the
 * terminal with its control codes: a stream a command takes colours for prints through `printable` (errors.ts),
 * which drops ESC sequences and C0/C1 controls but tab and line feed. The command's own colours get through
 * because they are written as markers no file can forge (a random tag per process) and turned into escape
 * codes only on the way out.
 */
import { randomBytes } from "node:crypto";
import cliProgress from "cli-progress";
import pc from "picocolors";
import { printable } from "../errors.ts";

export { printable };

export type Colors = ReturnType<typeof pc.createColors>;

/** A colour code ("31", "39") as the Colors below write it: U+FDD0 (a noncharacter), the tag, the code, U+FDD1. */
const TAG = `\uFDD0${randomBytes(4).toString("hex")}:`;
const MARKER = new RegExp(`${TAG}([0-9;]+)\uFDD1`, "g");
const SGR = /\x1b\[([0-9;]+)m/g;

const guarded = new WeakSet<NodeJS.WriteStream>();

/** Every string written to `stream` from now on is printable, and its colour markers become escape codes. */
function guard(stream: NodeJS.WriteStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(typeof chunk === "string" ? printable(chunk).replace(MARKER, "\x1b[$1m") : chunk, ...rest)) as typeof stream.write;
}

/**
 * The colours for `stream` (none off a terminal), and from now on the stream prints only printable text. Each
 * colour function makes its argument printable too, so a file's text inside a colour cannot end it early.
 */
export function colorsFor(stream: NodeJS.WriteStream): Colors {
  const on = !!stream.isTTY && !("NO_COLOR" in process.env) && process.env.TERM !== "dumb";
  guard(stream);
  const base = pc.createColors(on || "FORCE_COLOR" in process.env);
  const out: Record<string, unknown> = { ...base };
  for (const [name, f] of Object.entries(base)) {
    if (typeof f === "function") out[name] = (s: unknown) => (f as (t: string) => string)(printable(String(s))).replace(SGR, `${TAG}$1\uFDD1`);
  }
  return out as unknown as Colors;
}

/** Terminal columns of a string: East Asian wide and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(SGR, "").replace(MARKER, "")) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

export function padEnd(s: string, cols: number): string {
  return s + " ".repeat(Math.max(0, cols - displayWidth(s)));
}

/** Cuts to at most `cols` columns, with … when cut; the text is made printable first. */
export function clip(text: string, cols: number): string {
  const s = printable(text);
  if (displayWidth(s) <= cols) return s;
  let out = "";
  for (const ch of s) {
    if (displayWidth(out + ch) > cols - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export interface Progress {
  tick(done: number, total: number, file: string): void;
  stop(): void;
}

/** Files from which a bar is worth drawing; fewer finish before anyone could read it. */
export const PROGRESS_MIN_FILES = 20;

/** A bar on stderr when stderr is a terminal; a no-op otherwise (pipes, CI logs, tests). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { tick: () => {}, stop: () => {} };
  let bar: cliProgress.SingleBar | null = null;
  return {
    tick(done, total, file) {
      if (total < PROGRESS_MIN_FILES) return;
      if (!bar) {
        bar = new cliProgress.SingleBar({
          stream, format: "解析 {bar} {value}/{total} {file}", barCompleteChar: "█", barIncompleteChar: "░", hideCursor: true, clearOnComplete: true,
        });
        bar.start(total, 0, { file: "" });
      }
      bar.update(done, { file: clip(file, 40) });
    },
    stop() {
      bar?.stop();
    },
  };
}
