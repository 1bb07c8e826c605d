/**
 * Runs a project script with the project's tsx (what `npx tsx` resolves to, minus npx's start-up time) as a child
 * process, without blocking this process's event loop (tests serve HTTP from it). Server code is marked
 * `server-only`, so scripts run under the `react-server` condition, as package.json's scripts do.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const TSX = path.resolve("node_modules/.bin/tsx");
/** Node's flags for a child that runs server code through tsx. */
export const SERVER_TSX = ["--conditions=react-server", "--import", "tsx"];

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Sends SIGTERM (which tsx passes on to the script) after this long. Default: no limit. */
  timeoutMs?: number;
  /** Called with the child as soon as it is spawned (to signal it, or to kill it whatever happens). */
  onSpawn?: (child: ChildProcess) => void;
}

export function runTsxScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  opts: RunOptions = {},
): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ["--conditions=react-server", script, ...args], {
      env: { ...process.env, ...env },
      timeout: opts.timeoutMs,
      killSignal: "SIGTERM",
    });
    opts.onSpawn?.(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
