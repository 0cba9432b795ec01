/**
 * Terminal output for editors: colours only on a TTY (and never with NO_COLOR), column padding that counts a
 * Chinese character as two columns (so "标题" lines up with "title"), and a progress bar on stderr for long runs.
 */
import cliProgress from "cli-progress";
import pc from "picocolors";

export type Colors = ReturnType<typeof pc.createColors>;

export function colorsFor(stream: NodeJS.WriteStream): Colors {
  const on = !!stream.isTTY && !("NO_COLOR" in process.env) && process.env.TERM !== "dumb";
  return pc.createColors(on || "FORCE_COLOR" in process.env);
}

/** Terminal columns of a string: East Asian wide and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(/\x1b\[[0-9;]*m/g, "")) {
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

/** Cuts to at most `cols` columns, with … when cut. */
export function clip(s: string, cols: number): string {
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
