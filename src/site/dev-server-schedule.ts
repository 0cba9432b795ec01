/**
 * When `baokan serve` rebuilds: a burst of file events (an editor saving a file writes it, renames it, touches
 * its backup; `git checkout` changes twenty files) becomes one rebuild after the events stop for `debounceMs`,
 * and a rebuild never starts while another runs — changes that arrive during a build queue exactly one more,
 * which then covers all of them.
 */

export interface RebuildScheduler {
  /** A file changed (its path, for the log). */
  changed(file: string): void;
  /** Resolves when no rebuild is running or waiting. */
  idle(): Promise<void>;
  /** Stops the timer; a running rebuild finishes, nothing new starts. */
  stop(): void;
}

/**
 * `run` gets the files that changed since the last rebuild started (sorted, without repeats). It must not
 * throw: the dev server reports a failed build itself; a throw here is logged through `onError`.
 */
export function rebuildScheduler(
  run: (changed: string[]) => Promise<void>,
  options: { debounceMs?: number; onError?: (e: unknown) => void } = {},
): RebuildScheduler {
  const debounceMs = options.debounceMs ?? 150;
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let waiters: (() => void)[] = [];

  const settle = () => {
    if (running || timer || pending.size) return;
    const w = waiters;
    waiters = [];
    for (const done of w) done();
  };

  const start = () => {
    timer = null;
    if (stopped || running || !pending.size) return settle();
    const files = [...pending].sort();
    pending = new Set();
    running = run(files)
      .catch((e) => options.onError?.(e))
      .finally(() => {
        running = null;
        // Changes that came in during the build: one more build for all of them (after the quiet period).
        if (pending.size && !stopped) schedule();
        else settle();
      });
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(start, debounceMs);
  };

  return {
    changed(file) {
      if (stopped) return;
      pending.add(file);
      // While a build runs, wait for it; its finally() schedules the next one.
      if (!running) schedule();
    },
    idle() {
      return new Promise((done) => {
        waiters.push(done);
        settle();
      });
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
      settle();
    },
  };
}
