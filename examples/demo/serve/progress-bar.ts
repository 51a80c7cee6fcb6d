/**
 * A terminal progress bar for the demo's history fill. On a TTY it redraws one line in place
 * (`\r`); anywhere else (CI logs, pipes) it prints a plain line per step, so logs stay readable.
 */

/** Where progress goes: a stream with an optional TTY flag and width, like `process.stdout`. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** A bar counting `total` steps. */
export interface ProgressBar {
  /** Moves to `done` steps with a note on what was just done (e.g. the month filled). */
  update(done: number, note: string): void;
  /** Ends the bar with a closing message on its own line. */
  finish(message: string): void;
}

/** The bar's text for `done` of `total`: `[#####.....]  5/10 label: note`. */
export function progressLine(label: string, done: number, total: number, note: string, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  return `[${bar}] ${String(done).padStart(String(total).length)}/${total} ${label}${note ? `: ${note}` : ''}`;
}

/** A bar of `total` steps named `label` on `stream`. */
export function createProgressBar(stream: ProgressStream, label: string, total: number): ProgressBar {
  const tty = stream.isTTY === true;
  let drawn = false;
  return {
    update(done, note) {
      const line = progressLine(label, done, total, note);
      if (tty) {
        const width = stream.columns ?? 100;
        stream.write(`\r${line.slice(0, width - 1).padEnd(width - 1)}`);
        drawn = true;
      } else stream.write(`${line}\n`);
    },
    finish(message) {
      stream.write(`${tty && drawn ? '\n' : ''}${message}\n`);
    },
  };
}
