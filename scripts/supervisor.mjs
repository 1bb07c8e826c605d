// The restart policy of `npm start`: keeps one server process running, restarts it when it dies (backing off,
// giving up on a crash loop), says why it died, and stops it for good on SIGINT/SIGTERM. A server that exits with
// status 0 finished on its own and is not restarted.
// Only Node built-ins here: scripts/start.mjs imports it before anything is installed.
import { constants } from "node:os";

/** Restart delays double from `firstDelayMs` up to `maxDelayMs`, and start over after a server ran `healthyMs`. */
export const DEFAULT_POLICY = Object.freeze({
  firstDelayMs: 1000,
  maxDelayMs: 30_000,
  healthyMs: 60_000,
  crashLimit: 5,
  crashWindowMs: 120_000,
  stopTimeoutMs: 30_000,
});

const seconds = (ms) => `${Math.round(ms / 100) / 10} s`;

/** The exit status a process killed by `signal` reports to a shell: 128 + the signal's number. */
const signalStatus = (signal) => 128 + (constants.signals[signal] ?? 0);

/** What an out-of-memory record adds to "killed by SIGKILL", from the cgroup counter and the kernel log. */
function sigkillCause(evidence) {
  const { counter, record } = evidence;
  if (record) return `was killed by the kernel's out-of-memory killer (SIGKILL; kernel log: "${record}")`;
  if (counter && counter.after > counter.before) {
    return `was killed by the kernel's out-of-memory killer (SIGKILL; the cgroup's oom_kill count rose from ${counter.before} to ${counter.after})`;
  }
  if (record === null) {
    return "was killed by SIGKILL, not by the out-of-memory killer as far as the kernel log tells (someone sent it)";
  }
  return "was killed by SIGKILL — often the kernel's out-of-memory killer; no record of it was readable here (try `dmesg | grep -i oom`)";
}

/**
 * Why a server process died, in words: its exit code, or its signal with the usual cause (an out-of-memory kill, a
 * model file changed under the server, a native abort).
 */
export function describeDeath({ code, signal }, evidence = {}) {
  if (signal === "SIGKILL") return sigkillCause(evidence);
  if (signal === "SIGBUS") {
    return "crashed with SIGBUS: a memory-mapped model file changed or was truncated under the server (replace model files while it is stopped, or rename a complete copy over them)";
  }
  if (signal === "SIGSEGV") return "crashed with SIGSEGV (a segmentation fault in native code)";
  if (signal === "SIGABRT") return "aborted (SIGABRT: a native error; its message, if any, is printed above)";
  if (signal) return `was killed by ${signal}`;
  return `exited with code ${code}`;
}

/** Starts the server with `start()` and keeps it running; `exited` resolves with the exit status for `npm start`. */
export function supervise({ start, log, policy: overrides = {}, oomKills = () => null, oomRecord = () => undefined }) {
  const policy = { ...DEFAULT_POLICY, ...overrides };
  let child = null;
  let stopping = null;
  let restartTimer = null;
  let streak = 0;
  const crashes = [];
  let finish;
  const exited = new Promise((resolve) => {
    finish = resolve;
  });

  function launch() {
    restartTimer = null;
    const startedAt = Date.now();
    const oomBefore = oomKills();
    const current = start();
    child = current;
    log(`server started (pid ${current.pid})`);
    let ended = false;
    const onEnd = (code, signal) => {
      if (ended) return;
      ended = true;
      child = null;
      if (stopping) {
        finish(code ?? signalStatus(signal));
      } else if (code === 0) {
        log(`the server (pid ${current.pid}) exited cleanly; not restarting it.`);
        finish(0);
      } else {
        died(current.pid, { code, signal }, Date.now() - startedAt, oomBefore);
      }
    };
    current.once("exit", onEnd);
    current.once("error", (err) => {
      log(`could not run the server: ${err.message}`);
      onEnd(1, null);
    });
  }

  function died(pid, exit, ranMs, oomBefore) {
    const after = exit.signal === "SIGKILL" ? oomKills() : null;
    const evidence = {
      counter: oomBefore !== null && after !== null ? { before: oomBefore, after } : null,
      record: exit.signal === "SIGKILL" ? oomRecord(pid) : undefined,
    };
    const why = `the server (pid ${pid}) ${describeDeath(exit, evidence)}`;
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && now - crashes[0] > policy.crashWindowMs) crashes.shift();
    if (crashes.length >= policy.crashLimit) {
      log(`${why}.`);
      log(
        `The server died ${crashes.length} times within ${seconds(policy.crashWindowMs)}; not restarting it again. ` +
          "Fix the cause (see the messages above), then run npm start again.",
      );
      finish(1);
      return;
    }
    if (ranMs >= policy.healthyMs) streak = 0;
    const delay = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** streak);
    streak++;
    log(`${why}; restarting it in ${seconds(delay)}.`);
    restartTimer = setTimeout(launch, delay);
  }

  function stop(signal) {
    if (stopping) {
      child?.kill("SIGKILL");
      return;
    }
    stopping = signal;
    if (restartTimer) {
      clearTimeout(restartTimer);
      restartTimer = null;
    }
    const current = child;
    if (!current) {
      finish(signalStatus(signal));
      return;
    }
    log(`${signal} received; stopping the server (pid ${current.pid}).`);
    current.kill(signal);
    const hardStop = setTimeout(() => {
      log(`the server did not stop within ${seconds(policy.stopTimeoutMs)}; killing it (SIGKILL).`);
      current.kill("SIGKILL");
    }, policy.stopTimeoutMs);
    exited.then(() => clearTimeout(hardStop));
  }

  launch();
  return { stop, exited };
}
