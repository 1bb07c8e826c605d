/**
 * The production server for scripts/load-test.ts and scripts/bench.ts: `node scripts/start.mjs` with its own
 * NEXT_DIST_DIR and port, started, waited for (GET /api/health → 200) and stopped; plus the build it needs.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface Server {
  child: ChildProcess | null;
  /** Lines of the server's request log so far (not kept in `output`). */
  requestLines: () => number;
  /** Everything else the server printed, for error messages. */
  output: string[];
}

export interface ServerOptions {
  distDir: string;
  port: number;
  /** Added to (and overriding) this process's environment; NEXT_DIST_DIR, PORT, HOST and NODE_ENV are set here. */
  env: Readonly<Record<string, string | undefined>>;
  /** How long the model may take to load (default 120 s). */
  healthTimeoutMs?: number;
}

export const baseUrl = (port: number): string => `http://127.0.0.1:${port}`;

/** A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's pick), for a server started next. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen({ port: 0, host: "127.0.0.1", exclusive: true }, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Throws when node_modules is missing or older than package-lock.json. scripts/start.mjs would then run `npm ci`
 * (scripts/setup.mjs, ensureDependencies), and with the NODE_ENV=production set here that install drops the dev
 * packages (tsx, vitest, …) in the middle of a run. A fresh checkout or `git worktree` can have a package-lock.json
 * newer than a node_modules that matches it.
 */
function checkDependencies(): void {
  const mtime = (f: string) => (existsSync(f) ? statSync(f).mtimeMs : 0);
  const installed = path.join(ROOT, "node_modules", ".package-lock.json");
  if (existsSync(installed) && mtime(installed) >= mtime(path.join(ROOT, "package-lock.json"))) return;
  throw new Error(
    "node_modules is missing or older than package-lock.json, so scripts/start.mjs would run `npm ci` with " +
      "NODE_ENV=production (dropping the dev packages). Run `npm ci` first; if node_modules already matches the lock " +
      "file (a fresh git worktree), `touch -r node_modules/.package-lock.json package-lock.json`.",
  );
}

/** Starts `node scripts/start.mjs` on 127.0.0.1 and resolves once /api/health answers 200 (the model is loaded). */
export async function startServer(opts: ServerOptions): Promise<Server> {
  checkDependencies();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    NEXT_DIST_DIR: opts.distDir,
    PORT: String(opts.port),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
  };
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/start.mjs")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  let lines = 0;
  let partial = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    const parts = (partial + chunk.toString("utf8")).split("\n");
    partial = parts.pop()!;
    for (const line of parts) {
      if (line.includes('"msg":"request"')) lines++;
      else output.push(line);
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
  const server: Server = { child, requestLines: () => lines, output };
  const timeout = opts.healthTimeoutMs ?? 120_000;
  const deadline = Date.now() + timeout;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output.join("\n")}`);
    try {
      const r = await fetch(`${baseUrl(opts.port)}/api/health`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopServer(server);
      throw new Error(`server not healthy after ${timeout / 1000} s:\n${output.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return server;
}

/** SIGTERM, then SIGKILL after 10 s. */
export async function stopServer(s: Server): Promise<void> {
  const child = s.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** An already running server: nothing to start or stop, and its log lines are not visible here. */
export const externalServer = (): Server => ({ child: null, requestLines: () => Number.NaN, output: [] });

/** True when `distDir` holds no production build or a source file is newer than it (the rule `npm start` uses). */
export async function buildIsStale(distDir: string): Promise<boolean> {
  const setup = pathToFileURL(path.join(ROOT, "scripts/setup.mjs")).href;
  const { buildIsStale: stale } = (await import(setup)) as { buildIsStale: (root: string, dir: string) => boolean };
  return stale(ROOT, distDir);
}

/**
 * Runs `next build` into `distDir` when it is missing or stale. A build with a custom dist dir rewrites
 * tsconfig.json's include list (and may touch next-env.d.ts); both are put back byte for byte afterwards.
 */
export async function ensureBuild(distDir: string, log: (line: string) => void): Promise<"fresh" | "built"> {
  if (!(await buildIsStale(distDir))) return "fresh";
  log(`building the production server into ${distDir} (NEXT_DIST_DIR=${distDir} next build; a minute or more)...`);
  const kept = ["tsconfig.json", "next-env.d.ts"]
    .map((f) => path.join(ROOT, f))
    .filter((f) => existsSync(f))
    .map((f) => ({ file: f, text: readFileSync(f) }));
  const next = path.join(ROOT, "node_modules/next/dist/bin/next");
  const r = spawnSync(process.execPath, [next, "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: distDir },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const { file, text } of kept) {
    if (!existsSync(file) || !readFileSync(file).equals(text)) writeFileSync(file, text);
  }
  if (r.status !== 0) {
    throw new Error(`next build into ${distDir} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  return "built";
}
