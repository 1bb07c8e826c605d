/**
 * `npm start` end to end, on a copy of the test model: the inputs and faults that once ended the server. The server
 * is the production build (made here when missing or stale: `next build`, a minute or more), started in a process
 * group of its own and killed with it at the end.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { truncateSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuild, freePort } from "@/scripts/lib/server";
import { copyTestModel } from "./helpers/model-copy";

const model = copyTestModel("bge-m3-supervised-", "bge-m3-tiny");
let port: number;
let npmStart: ChildProcess;
let output = "";

const url = (route: string) => `http://127.0.0.1:${port}${route}`;
const post = (route: string, body: unknown, signal?: AbortSignal) =>
  fetch(url(route), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: signal ?? AbortSignal.timeout(120_000),
  });

/** Pids of the servers npm start started, in order (from its "server started" lines). */
const serverPids = () => [...output.matchAll(/npm start: server started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
const currentPid = () => serverPids().at(-1)!;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Polls `check` every 250 ms until it holds; fails after `ms`. */
async function within(ms: number, what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + ms; !(await check()); ) {
    if (Date.now() > deadline) throw new Error(`not ${what} within ${ms / 1000} s; npm start printed:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const healthy = async () => {
  try {
    return (await fetch(url("/api/health"), { signal: AbortSignal.timeout(5000) })).status === 200;
  } catch {
    return false;
  }
};

// Two different texts of more than 8,192 tokens each (the test tokenizer), as tests/helpers/embed-rss.ts makes them.
const LONG_A = "The quick brown fox jumps over the lazy dog near the riverbank. ".repeat(330);
const LONG_B = "Climate change is a global challenge that every country must face together. ".repeat(330);

beforeAll(async () => {
  await ensureBuild(".next", (line) => console.log(line));
  port = await freePort();
  npmStart = spawn(process.execPath, ["scripts/start.mjs"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: undefined,
      PORT: String(port),
      HOST: "127.0.0.1",
      BGE_M3_MODEL_DIR: model.dir,
      BGE_M3_MAX_CHARS: "10000000",
      BGE_M3_CACHE_MB: "0",
      LOG_LEVEL: "warn",
    },
  });
  for (const stream of [npmStart.stdout!, npmStart.stderr!]) {
    stream.on("data", (d: Buffer) => {
      output += d;
    });
  }
  await within(120_000, "healthy", healthy);
}, 400_000);

afterAll(() => {
  if (npmStart?.pid && npmStart.exitCode === null && npmStart.signalCode === null) {
    try {
      process.kill(-npmStart.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  model.remove();
});

describe("npm start, supervised", () => {
  it("answers a 4,000,000-character text to /api/similarity after two 8,192-token texts, without dying", async () => {
    const pid = currentPid();
    const pair = await post("/api/similarity", { a: LONG_A, b: LONG_B });
    expect(pair.status).toBe(200);
    await pair.arrayBuffer();

    // The same once more, with the long pair abandoned by its client in the middle of its work.
    const client = new AbortController();
    const abandoned = post("/api/similarity", { a: `${LONG_A} again`, b: `${LONG_B} again` }, client.signal);
    setTimeout(() => client.abort(), 500);
    await abandoned.catch(() => undefined);
    const huge = await post("/api/similarity", { a: "word ".repeat(800_000), b: "x" });
    expect(huge.status).toBe(200);
    expect((await huge.json()).token_counts.a.truncated).toBe(true);
    expect(serverPids().at(-1)).toBe(pid);
    expect(alive(pid)).toBe(true);
    expect(output).not.toContain("terminate called");
  }, 180_000);

  it("a server stopped with SIGTERM during inference exits cleanly (no native abort) and is started again", async () => {
    const pid = currentPid();
    const work = post("/api/embed", { texts: [`${LONG_A} stop`, `${LONG_B} stop`] }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    process.kill(pid, "SIGTERM");
    await within(60_000, "restarted", async () => currentPid() !== pid && (await healthy()));
    await work;
    expect(output).toContain(`the server (pid ${pid}) exited with code 143; restarting it`);
    expect(output).not.toContain("terminate called");
  }, 90_000);

  it("answers /api/health again within 30 s after the server is killed with kill -9", async () => {
    const pid = currentPid();
    process.kill(pid, "SIGKILL");
    await within(30_000, "healthy again", async () => currentPid() !== pid && (await healthy()));
    expect(output).toContain(`the server (pid ${pid}) was killed by SIGKILL`);
  }, 40_000);

  it("keeps answering when a model file is truncated under it: 503 naming the file, and /api/health says so", async () => {
    const pid = currentPid();
    const data = path.join(model.dir, "onnx", "model.onnx_data");
    truncateSync(data, 2_000_000);
    const refused = await post("/api/embed", { texts: ["a text the server has not seen"] });
    expect(refused.status).toBe(503);
    const { error } = await refused.json();
    expect(error).toMatchObject({ type: "model_changed", message: expect.stringContaining(data) });
    const health = await fetch(url("/api/health"));
    expect(health.status).toBe(503);
    expect((await health.json()).reason).toContain(data);
    expect((await post("/api/tokenize", { texts: ["still answering"] })).status).toBe(200);
    expect(currentPid()).toBe(pid);
    expect(alive(pid)).toBe(true);
  }, 60_000);

  it("stops for good on SIGTERM to npm start", async () => {
    const pid = currentPid();
    const exited = new Promise<number | null>((resolve) => npmStart.once("exit", (code) => resolve(code)));
    npmStart.kill("SIGTERM");
    expect(await exited).toBe(143);
    await within(10_000, "stopped", () => !alive(pid));
    expect(serverPids().at(-1)).toBe(pid);
    expect(output).toContain(`npm start: SIGTERM received; stopping the server (pid ${pid}).`);
  }, 60_000);
});
