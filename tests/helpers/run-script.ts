/**
 * Runs a project script with the project's tsx (what `npx tsx` resolves to, minus npx's start-up time) as a child
 * process, without blocking this process's event loop (tests serve HTTP from it).
 */
import { spawn } from "node:child_process";
import path from "node:path";

const TSX = path.resolve("node_modules/.bin/tsx");

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runTsxScript(script: string, args: string[], env: Record<string, string> = {}): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [script, ...args], { env: { ...process.env, ...env } });
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
