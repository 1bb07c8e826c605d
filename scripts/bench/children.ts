/**
 * Child processes of the bench: each in-process case runs in a fresh `node <tsx loader> scripts/bench.ts --child N`,
 * so its memory peak (VmHWM) and sessions are its own. The child prints its result as one marked stdout line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Child processes and servers alive now, stopped on Ctrl-C. */
export const running = new Set<ChildProcess>();

const MARK = "BENCH_RESULT ";
const BENCH_SCRIPT = fileURLToPath(new URL("../bench.ts", import.meta.url));

/** In the child: hands the result to the parent. */
export function reportToParent(result: unknown): void {
  process.stdout.write(`${MARK}${JSON.stringify(result)}\n`);
}

/** Node's arguments for a child that runs TypeScript as this process does. */
export function tsxLoader(): string[] {
  // tsx's CLI runs us with its loader in execArgv; started some other way, fall back to `--import tsx`.
  return process.execArgv.length ? process.execArgv : ["--conditions=react-server", "--import", "tsx"];
}

/** Runs `--child n` with the same arguments and loader as this process; resolves with its result. */
export function runInChild(n: number, argv: readonly string[]): Promise<unknown> {
  const loader = tsxLoader();
  const child = spawn(process.execPath, [...loader, BENCH_SCRIPT, ...argv, "--child", String(n)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let out = "";
  let errTail = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    errTail = (errTail + chunk.toString("utf8")).slice(-2000);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      running.delete(child);
      const line = out.split("\n").find((l) => l.startsWith(MARK));
      if (code === 0 && line) resolve(JSON.parse(line.slice(MARK.length)));
      else {
        const why = signal
          ? `killed by ${signal}${signal === "SIGKILL" ? " (out of memory?)" : ""}`
          : `exit code ${code}`;
        reject(
          new Error(`case ${n}'s child process failed (${why})${out.trim() ? `: ${out.trim().slice(-500)}` : ""}`),
        );
      }
    });
  });
}
