/** Programming-visible failures are small named Error subclasses; odd-but-usable input becomes a Warning. */

/**
 * Terminal control in text: ESC sequences (CSI "ESC [ … m", OSC "ESC ] … BEL" — window titles, the clipboard —,
 * DCS and the rest), their 8-bit C1 forms (U+009B …), and every other C0/C1 control but tab and line feed. An
 * OSC string runs to its terminator or the end of the line, no further.
 */
const TERMINAL_CONTROL =
  /\x1b\[[0-?]*[ -/]*[@-~]?|\x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -/]*[0-~]?|\x9b[0-?]*[ -/]*[@-~]?|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Text from a file made safe to print on a terminal: raw issue files, paper.yaml and file names can hold escape
 * sequences that move the cursor, clear the screen, retitle the window or write the clipboard. They are dropped;
 * tab and line feed stay.
 */
export function printable(text: string): string {
  return text.replace(TERMINAL_CONTROL, "");
}

/**
 * Input that cannot be turned into an issue at all: it names the file and, where it applies, the line. The
 * message is printable (the file name or a quoted value may come from the file); `file` and `detail` are exact.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line: number | null = null,
  ) {
    super(printable(`${file}${line !== null ? `:${line}` : ""}: ${detail}`));
    this.name = "InputError";
  }
}
