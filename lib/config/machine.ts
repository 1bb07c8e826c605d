/** What the machine allows this process, for defaults that depend on it, and its CPU flags. */
import { readFileSync } from "node:fs";
import os from "node:os";

/** The memory this process may use, in MiB: the machine's, or a container's cgroup limit when lower. */
export function availableMemoryMb(): number {
  let limit = os.totalmem();
  for (const file of ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]) {
    try {
      const n = Number(readFileSync(file, "utf8").trim());
      if (Number.isFinite(n) && n > 0) limit = Math.min(limit, n);
    } catch {
      // No such cgroup file here.
    }
  }
  return limit / (1024 * 1024);
}

/** The CPU flags the int8 kernels depend on: `grep -o -w 'avx2\|avx512f\|avx512_vnni\|avx_vnni' /proc/cpuinfo`. */
export const CPU_FLAGS = ["avx2", "avx512f", "avx512_vnni", "avx_vnni"] as const;

/** Which of `flags` /proc/cpuinfo lists, sorted; none where it cannot be read (not Linux). */
export function cpuFlags(flags: readonly string[] = CPU_FLAGS): string[] {
  let info = "";
  try {
    info = readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    return [];
  }
  const present = new Set(info.split(/\s+/));
  return flags.filter((f) => present.has(f)).sort();
}
