/** Progress of a byte-moving job (download or hashing): the numbers, a speed estimate, and their text forms. */

/** A snapshot of a job over several files. */
export interface TransferProgress {
  /** What is happening: bytes arriving from the network, or bytes being hashed from disk. */
  phase: "download" | "verify" | "quantize";
  /** The file being worked on (manifest path). */
  path: string;
  /** 1-based position of that file among the files this job works on, and their count. */
  fileIndex: number;
  fileCount: number;
  /** Bytes of this file done so far (including a resumed prefix) and its size. */
  fileBytes: number;
  fileSize: number;
  /** Bytes done over the whole job and the job's total. */
  doneBytes: number;
  totalBytes: number;
  /** Recent throughput, averaged over the last few seconds; 0 until measurable. */
  bytesPerSecond: number;
  /** Seconds left at that throughput; `undefined` while the speed is unknown. */
  etaSeconds: number | undefined;
}

/** Measures throughput over a sliding time window, so a stall shows up quickly and one fast burst does not dominate. */
export class SpeedMeter {
  private samples: Array<{ at: number; bytes: number }> = [];

  constructor(
    private readonly windowMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records that `bytes` have been counted so far (a running total) and returns bytes per second. */
  sample(bytes: number): number {
    const at = this.now();
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0]!.at > this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    return seconds > 0 ? Math.max(0, (bytes - first.bytes) / seconds) : 0;
  }
}

/** Seconds left for `remaining` bytes at `bytesPerSecond`, or undefined when the speed is unknown. */
export function etaSeconds(remaining: number, bytesPerSecond: number): number | undefined {
  return bytesPerSecond > 0 ? remaining / bytesPerSecond : undefined;
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** Binary units with 3 significant digits: `512 B`, `17.1 MiB`, `2.11 GiB`. */
export function formatBytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** `42s`, `3m05s`, `1h02m`; `--` when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "--";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** `[#########.........]` filled in proportion to done/total. */
export function renderBar(done: number, total: number, width = 24): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
}

/** One line: bar, percent, bytes, speed, ETA and the current file, e.g. for a TTY status line or a log line. */
export function describeProgress(p: TransferProgress, barWidth = 24): string {
  const percent = p.totalBytes > 0 ? Math.floor((100 * p.doneBytes) / p.totalBytes) : 100;
  const speed = p.bytesPerSecond > 0 ? `${formatBytes(p.bytesPerSecond)}/s` : "-- /s";
  return [
    renderBar(p.doneBytes, p.totalBytes, barWidth),
    `${String(percent).padStart(3)}%`,
    `${formatBytes(p.doneBytes)} / ${formatBytes(p.totalBytes)}`,
    speed,
    `ETA ${formatDuration(p.etaSeconds)}`,
    `(${p.fileIndex}/${p.fileCount} ${p.path})`,
  ].join("  ");
}
