/**
 * Linux /proc readings for the bench: a process's memory (VmRSS, VmHWM), its descendants, its thread count.
 */
import { readdirSync, readFileSync } from "node:fs";

const MIB = 1024 * 1024;

/** A `/proc/<pid>/status` field in bytes (VmRSS, VmHWM, …), or NaN when the process or field is gone. */
export function statusBytes(pid: number | "self", field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status);
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

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
