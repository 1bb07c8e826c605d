/** What the machine allows this process, for defaults that depend on it. */
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
