#!/usr/bin/env node
// `npm start`: serve the production build on PORT (default 7860) and HOST (default 0.0.0.0).
// Installs packages and builds first when needed, and refuses clearly when the port is already taken.
// Chooses the model directory and hands it to the server as BGE_M3_MODEL_DIR: the one given, else models/bge-m3,
// else (after offering the download) the bundled test model, with BGE_M3_FALLBACK_REASON saying why.
// Supervises the server (scripts/supervisor.mjs): restarts it when it dies, and says why it died.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { fileURLToPath } from "node:url";
import { chooseModelDir, fallbackBanner } from "../lib/model/startup-model.mjs";
import { exposureWarning } from "./exposure.mjs";
import { oomKillCount, oomKillRecord } from "./oom-kills.mjs";
import { buildIsStale, ensureDependencies } from "./setup.mjs";
import { supervise } from "./supervisor.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 7860);
const host = process.env.HOST ?? "0.0.0.0";
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be an integer between 1 and 65535, got "${process.env.PORT}".`);
  process.exit(2);
}

/** Resolves when host:port can be bound, rejects with the listen error otherwise. */
function probePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port, host, exclusive: true }, () => server.close(resolve));
  });
}

try {
  await probePort();
} catch (err) {
  if (err && err.code === "EADDRINUSE") {
    console.error(
      `Port ${port} on ${host} is already in use. Stop the other server, or start this one elsewhere: PORT=7861 npm start`,
    );
  } else if (err && err.code === "EACCES") {
    console.error(`Not allowed to listen on ${host}:${port}. Choose a port above 1024: PORT=7860 npm start`);
  } else {
    console.error(`Cannot listen on ${host}:${port}: ${err?.message ?? err}`);
  }
  process.exit(1);
}

ensureDependencies(root);

/** Asks a yes/no question on the terminal; only an explicit yes counts. */
async function ask(question) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^\s*y(es)?\s*$/i.test(await rl.question(question));
  } finally {
    rl.close();
  }
}

/** Runs `model:download` into `dest`, its progress bar on this terminal; resolves with whether it succeeded. */
function download(dest) {
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  if (!existsSync(tsx)) return Promise.resolve({ ok: false, detail: "tsx is not installed" });
  const script = path.join(root, "scripts", "model-download.ts");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, script, "--dest", dest], { cwd: root, stdio: "inherit" });
    child.on("error", (err) => resolve({ ok: false, detail: err.message }));
    child.on("exit", (code, signal) => resolve({ ok: code === 0, detail: signal ?? `exit code ${code}` }));
  });
}

const testDir = path.resolve(root, process.env.BGE_M3_TEST_MODEL_DIR || path.join("models", "bge-m3-tiny"));
const model = await chooseModelDir({
  env: process.env,
  defaultDir: path.join(root, "models", "bge-m3"),
  testDir,
  isTTY: !!process.stdin.isTTY,
  ask,
  download,
  displayDir: "models/bge-m3",
});
process.env.BGE_M3_MODEL_DIR = path.resolve(root, model.dir);
if (model.fallbackReason) {
  process.env.BGE_M3_FALLBACK_REASON = model.fallbackReason;
  console.error(fallbackBanner(model.fallbackReason, path.relative(root, testDir) || testDir));
} else if (model.source !== "env") {
  delete process.env.BGE_M3_FALLBACK_REASON;
}
console.log(
  `Model directory: ${process.env.BGE_M3_MODEL_DIR} (${model.source}); the server verifies it before loading.`,
);

if (buildIsStale(root, process.env.NEXT_DIST_DIR || ".next")) {
  console.log("No up-to-date production build; running `next build` (about a minute)...");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const exposed = exposureWarning(host, port, process.env);
if (exposed) console.error(exposed);

const server = supervise({
  start: () =>
    spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", host], {
      cwd: root,
      stdio: "inherit",
      env: process.env,
    }),
  log: (line) => console.error(`npm start: ${line}`),
  oomKills: oomKillCount,
  oomRecord: oomKillRecord,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.stop(signal));
process.exit(await server.exited);
