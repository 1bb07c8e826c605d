#!/usr/bin/env node
// `npm start`: serve the production build on PORT (default 7860) and HOST (default 0.0.0.0).
// Builds first when no build exists, and refuses clearly when the port is already taken.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

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

if (!existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
  console.log("No production build found; running `next build` once (about a minute)...");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", host], {
  cwd: root,
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
