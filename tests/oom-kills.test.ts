import { describe, expect, it } from "vitest";
import { oomKillCount } from "@/scripts/oom-kills.mjs";

/** A `read` over a fixed set of files; any other file is missing. */
const files =
  (content: Record<string, string>) =>
  (file: string): string => {
    const text = content[file];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
    return text;
  };

describe("oomKillCount", () => {
  it("reads oom_kill from this process's cgroup v2 memory.events", () => {
    const read = files({
      "/proc/self/cgroup": "0::/system.slice/app.service\n",
      "/sys/fs/cgroup/system.slice/app.service/memory.events": "low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\n",
    });
    expect(oomKillCount(read)).toBe(2);
  });

  it("reads cgroup v1 memory.oom_control, falling back to the hierarchy's root", () => {
    const read = files({
      "/proc/self/cgroup": "4:memory:/docker/abc\n0::/\n",
      "/sys/fs/cgroup/memory/memory.oom_control": "oom_kill_disable 0\nunder_oom 0\noom_kill 7\n",
    });
    expect(oomKillCount(read)).toBe(7);
  });

  it("is null when no counter is readable", () => {
    expect(oomKillCount(files({}))).toBeNull();
  });
});
