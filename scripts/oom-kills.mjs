// What the kernel says about out-of-memory kills, for the supervisor's account of a server killed by SIGKILL.
// Only Node built-ins here: scripts/start.mjs imports it before anything is installed.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const readText = (file) => readFileSync(file, "utf8");

/** The files that may hold this process's cgroup `oom_kill` counter: cgroup v2 memory.events, v1 memory.oom_control. */
function counterFiles(read) {
  const files = [];
  let lines = [];
  try {
    lines = read("/proc/self/cgroup").split("\n");
  } catch {
    // Not Linux, or /proc is not mounted.
  }
  for (const line of lines) {
    const [, controllers, dir] = line.split(":");
    if (dir === undefined) continue;
    if (controllers === "") files.push(`/sys/fs/cgroup${dir}/memory.events`);
    else if (controllers.split(",").includes("memory")) files.push(`/sys/fs/cgroup/memory${dir}/memory.oom_control`);
  }
  files.push("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control");
  return files;
}

/** The kernel's count of out-of-memory kills in this process's memory cgroup, or null when none is readable. */
export function oomKillCount(read = readText) {
  for (const file of counterFiles(read)) {
    try {
      const m = /^oom_kill (\d+)$/m.exec(read(file));
      if (m) return Number(m[1]);
    } catch {
      // Try the next place.
    }
  }
  return null;
}

/** The kernel log's line about an out-of-memory kill of `pid`: null when there is none, undefined when unreadable. */
export function oomKillRecord(pid) {
  if (pid === undefined) return undefined;
  const r = spawnSync("dmesg", { encoding: "utf8", timeout: 2000, stdio: ["ignore", "pipe", "ignore"] });
  if (r.status !== 0 || !r.stdout) return undefined;
  const line = r.stdout.split("\n").findLast((l) => new RegExp(`Killed process ${pid}\\b`).test(l));
  return line ? line.trim() : null;
}
