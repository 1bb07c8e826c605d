import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { describeDeath, type ServerProcess, supervise } from "@/scripts/supervisor.mjs";

/** A stand-in server process: records the signals it gets; `die` makes it exit. */
class FakeServer extends EventEmitter implements ServerProcess {
  readonly signals: string[] = [];
  constructor(readonly pid: number) {
    super();
  }
  kill(signal: NodeJS.Signals): boolean {
    this.signals.push(signal);
    return true;
  }
  die(code: number | null, signal: NodeJS.Signals | null = null): void {
    this.emit("exit", code, signal);
  }
}

let servers: FakeServer[];
let lines: string[];
let oomCount: number | null;
let oomLine: string | null | undefined;

/** Starts a supervisor over fake servers (pids 100, 101, …) with the default policy unless told otherwise. */
function run(policy = {}) {
  return supervise({
    start: () => {
      const s = new FakeServer(100 + servers.length);
      servers.push(s);
      return s;
    },
    log: (line) => lines.push(line),
    policy,
    oomKills: () => oomCount,
    oomRecord: () => oomLine,
  });
}

const last = () => servers[servers.length - 1]!;

beforeEach(() => {
  vi.useFakeTimers();
  servers = [];
  lines = [];
  oomCount = null;
  oomLine = undefined;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("supervise (npm start's restart policy)", () => {
  it("restarts a server that exited, saying how it ended", async () => {
    run();
    expect(lines).toEqual(["server started (pid 100)"]);
    last().die(1);
    expect(lines[1]).toBe("the server (pid 100) exited with code 1; restarting it in 1 s.");
    expect(servers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(servers).toHaveLength(2);
    expect(lines[2]).toBe("server started (pid 101)");
  });

  it("does not restart a server that exited cleanly (status 0)", async () => {
    const { exited } = run();
    last().die(0);
    await expect(exited).resolves.toBe(0);
    expect(lines.at(-1)).toBe("the server (pid 100) exited cleanly; not restarting it.");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(servers).toHaveLength(1);
  });

  it("backs off 1 s, 2 s, 4 s … up to the cap, and starts over after a healthy period", async () => {
    run({ crashLimit: 100, maxDelayMs: 8000 });
    const delays: string[] = [];
    for (let i = 0; i < 5; i++) {
      last().die(1);
      delays.push(/restarting it in (.*)\.$/.exec(lines.at(-1)!)![1]!);
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(delays).toEqual(["1 s", "2 s", "4 s", "8 s", "8 s"]);
    await vi.advanceTimersByTimeAsync(60_000);
    last().die(1);
    expect(lines.at(-1)).toMatch(/restarting it in 1 s\.$/);
  });

  it("gives up on a crash loop (5 deaths within 2 minutes) with a clear message and exit status 1", async () => {
    const { exited } = run();
    for (let i = 0; i < 4; i++) {
      last().die(null, "SIGSEGV");
      await vi.advanceTimersByTimeAsync(20_000);
    }
    expect(servers).toHaveLength(5);
    last().die(null, "SIGSEGV");
    await expect(exited).resolves.toBe(1);
    expect(lines.at(-1)).toMatch(/^The server died 5 times within 120 s; not restarting it again\. Fix the cause/);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(servers).toHaveLength(5);
  });

  it("does not count deaths older than the window towards a crash loop", async () => {
    run();
    for (let i = 0; i < 8; i++) {
      last().die(1);
      await vi.advanceTimersByTimeAsync(40_000);
    }
    expect(servers).toHaveLength(9);
  });

  it("on SIGTERM stops the server, does not restart it, and exits with its status", async () => {
    const { stop, exited } = run();
    stop("SIGTERM");
    expect(last().signals).toEqual(["SIGTERM"]);
    expect(lines.at(-1)).toBe("SIGTERM received; stopping the server (pid 100).");
    last().die(143);
    await expect(exited).resolves.toBe(143);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(servers).toHaveLength(1);
  });

  it("on SIGINT during a restart delay exits at once without starting another server", async () => {
    const { stop, exited } = run();
    last().die(1);
    stop("SIGINT");
    await expect(exited).resolves.toBe(130);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(servers).toHaveLength(1);
  });

  it("kills a server that does not stop within the stop timeout, and at once on a second signal", async () => {
    const first = run({ stopTimeoutMs: 5000 });
    first.stop("SIGTERM");
    await vi.advanceTimersByTimeAsync(5000);
    expect(last().signals).toEqual(["SIGTERM", "SIGKILL"]);
    last().die(null, "SIGKILL");
    await expect(first.exited).resolves.toBe(137);

    const second = run();
    second.stop("SIGINT");
    second.stop("SIGINT");
    expect(last().signals).toEqual(["SIGINT", "SIGKILL"]);
  });

  it("names the out-of-memory killer when the cgroup's oom_kill count rose while the server ran", async () => {
    oomCount = 3;
    run();
    oomCount = 4;
    last().die(null, "SIGKILL");
    expect(lines.at(-1)).toBe(
      "the server (pid 100) was killed by the kernel's out-of-memory killer (SIGKILL; the cgroup's oom_kill count rose from 3 to 4); restarting it in 1 s.",
    );
  });
});

describe("describeDeath", () => {
  const kill = { code: null, signal: "SIGKILL" as const };

  it("quotes the kernel log's out-of-memory line for the server", () => {
    const record = "Out of memory: Killed process 100 (node) total-vm:9000000kB";
    expect(describeDeath(kill, { record })).toBe(
      `was killed by the kernel's out-of-memory killer (SIGKILL; kernel log: "${record}")`,
    );
  });

  it("says SIGKILL is often the out-of-memory killer when the kernel log is unreadable", () => {
    expect(describeDeath(kill, { counter: { before: 2, after: 2 } })).toBe(
      "was killed by SIGKILL — often the kernel's out-of-memory killer; no record of it was readable here (try `dmesg | grep -i oom`)",
    );
  });

  it("says it was not the out-of-memory killer when the kernel log shows none", () => {
    expect(describeDeath(kill, { counter: { before: 2, after: 2 }, record: null })).toMatch(
      /^was killed by SIGKILL, not by the out-of-memory killer/,
    );
  });

  it("explains SIGBUS as a model file changed under the server", () => {
    expect(describeDeath({ code: null, signal: "SIGBUS" })).toMatch(
      /^crashed with SIGBUS: a memory-mapped model file changed or was truncated under the server/,
    );
  });

  it("names other signals and exit codes", () => {
    expect(describeDeath({ code: null, signal: "SIGABRT" })).toMatch(/^aborted \(SIGABRT: a native error/);
    expect(describeDeath({ code: null, signal: "SIGHUP" })).toBe("was killed by SIGHUP");
    expect(describeDeath({ code: 3, signal: null })).toBe("exited with code 3");
  });
});
