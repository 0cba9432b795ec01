/** Programming-visible failures are small named Error subclasses; odd-but-usable input becomes a Warning. */

/** Input that cannot be turned into an issue at all: it names the file and, where it applies, the line. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line: number | null = null,
  ) {
    super(`${file}${line !== null ? `:${line}` : ""}: ${detail}`);
    this.name = "InputError";
  }
}
