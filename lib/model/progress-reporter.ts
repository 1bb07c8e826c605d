/**
 * Shows {@link TransferProgress} on a terminal stream: a redrawn one-line bar on a TTY, plain periodic lines
 * otherwise (logs, CI, `docker logs`). Messages printed through it never collide with the bar.
 */
import { describeProgress, type TransferProgress } from "./progress";

export interface ProgressReporter {
  /** Records the latest progress; it is drawn at most every few hundred ms (TTY) or seconds (plain). */
  update(progress: TransferProgress): void;
  /** Prints a message on its own line. */
  line(message: string): void;
  /** Draws the last progress once more and ends the bar's line. */
  done(): void;
}

export interface ReporterOptions {
  /** Default: `stream.isTTY`. */
  tty?: boolean;
  /** Minimum time between two drawn updates. Default 100 ms on a TTY, 5 s otherwise. */
  intervalMs?: number;
}

/** Where the reporter writes: `process.stderr`, or anything with `write` (tests). */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function createProgressReporter(stream: TextSink, opts: ReporterOptions = {}): ProgressReporter {
  const tty = opts.tty ?? !!stream.isTTY;
  const intervalMs = opts.intervalMs ?? (tty ? 100 : 5_000);
  let latest: TransferProgress | undefined;
  let drawnAt = 0;
  let barShown = false;

  const clearBar = () => {
    if (tty && barShown) stream.write("\r\x1b[2K");
    barShown = false;
  };
  const draw = () => {
    if (!latest) return;
    drawnAt = Date.now();
    if (tty) {
      const width = Math.max(40, (stream.columns || 100) - 1);
      stream.write(`\r\x1b[2K${describeProgress(latest).slice(0, width)}`);
      barShown = true;
    } else {
      stream.write(`${describeProgress(latest, 20)}\n`);
    }
  };

  return {
    update(progress) {
      latest = progress;
      if (Date.now() - drawnAt >= intervalMs) draw();
    },
    line(message) {
      clearBar();
      stream.write(`${message}\n`);
      if (tty && latest) draw();
    },
    done() {
      if (latest) draw();
      if (tty && barShown) stream.write("\n");
      barShown = false;
      latest = undefined;
    },
  };
}
