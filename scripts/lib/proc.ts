/**
 * Linux /proc readings for the bench: a process's memory (VmRSS, VmHWM), its descendants, its thread count, a
 * process tree's memory sampled over time (the CPU's flags are lib/config/machine.ts's `cpuFlags`).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

const MIB = 1024 * 1024;

/** `/proc/<pid>/status` memory fields in bytes (VmRSS, VmHWM, RssAnon, …); NaN for each when the process is gone. */
export function statusFields<F extends string>(pid: number | "self", fields: readonly F[]): Record<F, number> {
  let status = "";
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    // exited: every field NaN
  }
  const out = {} as Record<F, number>;
  for (const field of fields) {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status);
    out[field] = m ? Number(m[1]) * 1024 : Number.NaN;
  }
  return out;
}

/** A `/proc/<pid>/status` field in bytes (VmRSS, VmHWM, …), or NaN when the process or field is gone. */
export const statusBytes = (pid: number | "self", field: string): number => statusFields(pid, [field])[field]!;

export const toMiB = (bytes: number): number => Math.round((bytes / MIB) * 10) / 10;

/** Parent pid of every process, from /proc/<pid>/stat (the field after the parenthesised command name). */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(entry), Number(after[1]));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** `pid` and all its living descendants. */
export function processTree(pid: number): number[] {
  const ppid = parents();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of ppid) if (parent === tree[i]) tree.push(child);
  }
  return tree;
}

/** The process of `pid`'s tree with the largest resident set (the one holding the model), with its memory. */
export function largestInTree(pid: number): { pid: number; rss: number; hwm: number; command: string } | null {
  let best: { pid: number; rss: number; hwm: number; command: string } | null = null;
  for (const p of processTree(pid)) {
    const rss = statusBytes(p, "VmRSS");
    if (!(rss > (best?.rss ?? -1))) continue;
    let command = "";
    try {
      command = readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    } catch {
      // exited meanwhile
    }
    best = { pid: p, rss, hwm: statusBytes(p, "VmHWM"), command };
  }
  return best;
}

/** Threads of this process now. */
export function threadCount(): number {
  return readdirSync("/proc/self/task").length;
}

/** Resident memory of a set of processes, summed, in bytes: rss = anon + file + shmem (as in /proc/<pid>/status). */
export interface TreeMemory {
  rss: number;
  anon: number;
  file: number;
  shmem: number;
  /** Processes counted (those still alive). */
  processes: number;
}

const RSS_FIELDS = ["VmRSS", "RssAnon", "RssFile", "RssShmem"] as const;

export function treeMemory(pids: readonly number[]): TreeMemory {
  const sum: TreeMemory = { rss: 0, anon: 0, file: 0, shmem: 0, processes: 0 };
  for (const pid of pids) {
    const f = statusFields(pid, RSS_FIELDS);
    if (!Number.isFinite(f.VmRSS)) continue;
    sum.rss += f.VmRSS;
    sum.anon += f.RssAnon || 0;
    sum.file += f.RssFile || 0;
    sum.shmem += f.RssShmem || 0;
    sum.processes++;
  }
  return sum;
}

export interface MemorySamples {
  /** The sample with the largest summed RSS. */
  peak: TreeMemory;
  /** The last sample (taken by stop()). */
  last: TreeMemory;
  samples: number;
  /** Mean time between samples, ms. */
  meanIntervalMs: number;
  /** True when sampling stopped at `maxMs` before stop() was called. */
  cutShort: boolean;
}

/**
 * Samples the summed RSS of `pid` and its descendants every `everyMs` (the tree itself is re-read from /proc every
 * `treeEveryMs`, since a full /proc scan costs more than reading a few status files) until stop(), or at most `maxMs`.
 * A sample is taken at the start and by stop(), so even a short window has two.
 */
export function sampleTreeMemory(
  pid: number,
  opts: { everyMs: number; maxMs: number; treeEveryMs?: number },
): { stop(): MemorySamples } {
  const t0 = performance.now();
  let tree = processTree(pid);
  let treeAt = t0;
  let peak = treeMemory(tree);
  let last = peak;
  let samples = 1;
  let cutShort = false;
  const sample = () => {
    const now = performance.now();
    if (now - treeAt >= (opts.treeEveryMs ?? 1000)) {
      tree = processTree(pid);
      treeAt = now;
    }
    last = treeMemory(tree);
    samples++;
    if (last.rss > peak.rss) peak = last;
  };
  const timer = setInterval(() => {
    if (performance.now() - t0 > opts.maxMs) {
      cutShort = true;
      clearInterval(timer);
      return;
    }
    sample();
  }, opts.everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peak, last, samples, meanIntervalMs: (performance.now() - t0) / (samples - 1), cutShort };
    },
  };
}

/**
 * Asks the kernel to kill these processes first when memory runs out (oom_score_adj 1000, which any process may set
 * for its own children), so a benchmarked server that outgrows the machine is what dies, not someone else's work.
 * Returns the pids it could set.
 */
export function oomKillFirst(pids: readonly number[]): number[] {
  return pids.filter((p) => {
    try {
      writeFileSync(`/proc/${p}/oom_score_adj`, "1000");
      return true;
    } catch {
      return false;
    }
  });
}
