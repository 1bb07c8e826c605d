import { spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chooseModelDir, downloadWish, fallbackBanner, modelDirState } from "@/lib/model/startup-model.mjs";
import { closedPort } from "./helpers/fake-hub";

let root: string;
let defaultDir: string;
let testDir: string;
let asked: string[];
let downloads: string[];

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "bge-m3-start-"));
  defaultDir = path.join(root, "bge-m3");
  testDir = path.join(root, "bge-m3-tiny");
  asked = [];
  downloads = [];
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs the choice with a recording `ask` that answers `answer` and a `download` that ends with `downloadOk`. */
function choose(env: Record<string, string>, isTTY: boolean, answer = false, downloadOk = true) {
  return chooseModelDir({
    env,
    defaultDir,
    testDir,
    isTTY,
    displayDir: "models/bge-m3",
    ask: async (question) => {
      asked.push(question);
      return answer;
    },
    download: async (dest) => {
      downloads.push(dest);
      return downloadOk ? { ok: true } : { ok: false, detail: "exit code 1" };
    },
  });
}

describe("chooseModelDir (npm start without a model)", () => {
  it("uses BGE_M3_MODEL_DIR as given, without asking or downloading", async () => {
    expect(await choose({ BGE_M3_MODEL_DIR: "/srv/model" }, true, true)).toEqual({ dir: "/srv/model", source: "env" });
    expect([asked, downloads]).toEqual([[], []]);
  });

  it("uses models/bge-m3 when it holds a model", async () => {
    await mkdir(defaultDir);
    expect(await choose({}, true, true)).toEqual({ dir: defaultDir, source: "default" });
    expect(asked).toEqual([]);
  });

  it("without a terminal, falls back to the test model and says how to download", async () => {
    const choice = await choose({}, false, true);
    expect(choice.dir).toBe(testDir);
    expect(choice.source).toBe("fallback");
    expect(choice.fallbackReason).toMatch(/^The bundled random-weight test model is in use: models\/bge-m3 is missing/);
    expect(choice.fallbackReason).toContain("BGE_M3_DOWNLOAD=1");
    expect([asked, downloads]).toEqual([[], []]);
  });

  it("on a terminal, asks; yes downloads into models/bge-m3 and uses it", async () => {
    expect(await choose({}, true, true)).toEqual({ dir: defaultDir, source: "download" });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/Download BAAI\/bge-m3 .*\[y\/N\]/);
    expect(downloads).toEqual([defaultDir]);
  });

  it("on a terminal, no falls back and says the download was declined", async () => {
    const choice = await choose({}, true, false);
    expect(choice).toMatchObject({ dir: testDir, source: "fallback" });
    expect(choice.fallbackReason).toContain("the download was declined");
    expect(downloads).toEqual([]);
  });

  it("with BGE_M3_DOWNLOAD=1 downloads without asking, and falls back when the download fails", async () => {
    const choice = await choose({ BGE_M3_DOWNLOAD: "1" }, true, false, false);
    expect(asked).toEqual([]);
    expect(downloads).toEqual([defaultDir]);
    expect(choice).toMatchObject({ dir: testDir, source: "fallback" });
    expect(choice.fallbackReason).toContain("the download failed (exit code 1)");
  });

  it("treats an unfinished download (manifest recorded, no stamp) as no model, and resumes it on request", async () => {
    await mkdir(defaultDir);
    await writeFile(path.join(defaultDir, ".manifest.json"), "{}");
    expect(modelDirState(defaultDir)).toBe("unfinished");
    expect(await choose({ BGE_M3_DOWNLOAD: "yes" }, false)).toEqual({ dir: defaultDir, source: "download" });
    await writeFile(path.join(defaultDir, ".verified.json"), "{}");
    expect(modelDirState(defaultDir)).toBe("present");
  });

  it("never asks when BGE_M3_DOWNLOAD is off", async () => {
    const choice = await choose({ BGE_M3_DOWNLOAD: "0" }, true, true);
    expect(asked).toEqual([]);
    expect(choice.fallbackReason).toContain("BGE_M3_DOWNLOAD is off");
  });

  it("reads BGE_M3_DOWNLOAD values", () => {
    expect([
      downloadWish(undefined),
      downloadWish(""),
      downloadWish("1"),
      downloadWish("TRUE"),
      downloadWish("no"),
    ]).toEqual([undefined, undefined, true, true, false]);
  });

  it("prints a banner that names the test model and the reason", () => {
    const banner = fallbackBanner("The bundled random-weight test model is in use: because.", "models/bge-m3-tiny");
    expect(banner).toContain("USING THE BUNDLED TEST MODEL (models/bge-m3-tiny)");
    expect(banner).toContain("because.");
    expect(banner).toContain("HF_ENDPOINT=https://hf-mirror.com");
  });
});

describe("scripts/start.mjs model wiring (run in a scratch copy with a stand-in `next`)", () => {
  /** A scratch project: the real start.mjs and the modules it runs, a fake build, a `next` that prints its env. */
  async function scratchProject(fakeTsxExit?: number) {
    const project = path.join(root, "project");
    await mkdir(path.join(project, "scripts"), { recursive: true });
    await mkdir(path.join(project, "lib", "model"), { recursive: true });
    await mkdir(path.join(project, "models", "bge-m3-tiny"), { recursive: true });
    await mkdir(path.join(project, ".next"), { recursive: true });
    await mkdir(path.join(project, "node_modules", "next", "dist", "bin"), { recursive: true });
    await copyFile("scripts/start.mjs", path.join(project, "scripts", "start.mjs"));
    for (const script of ["setup.mjs", "supervisor.mjs", "oom-kills.mjs", "exposure.mjs"]) {
      await copyFile(path.join("scripts", script), path.join(project, "scripts", script));
    }
    await copyFile("lib/model/startup-model.mjs", path.join(project, "lib", "model", "startup-model.mjs"));
    await writeFile(path.join(project, "node_modules", ".package-lock.json"), "{}"); // packages count as installed
    await writeFile(path.join(project, ".next", "BUILD_ID"), "test");
    await writeFile(
      path.join(project, "node_modules", "next", "dist", "bin", "next"),
      `const { BGE_M3_MODEL_DIR, BGE_M3_FALLBACK_REASON } = process.env;
       console.log("NEXT_ENV " + JSON.stringify({ BGE_M3_MODEL_DIR, BGE_M3_FALLBACK_REASON, args: process.argv.slice(2) }));`,
    );
    if (fakeTsxExit !== undefined) {
      await mkdir(path.join(project, "node_modules", "tsx", "dist"), { recursive: true });
      await writeFile(path.join(project, "node_modules", "tsx", "dist", "cli.mjs"), `process.exit(${fakeTsxExit});`);
    }
    return project;
  }

  /** Runs `node scripts/start.mjs` there with stdin not a terminal; returns output and what `next` saw. */
  async function runStart(project: string, env: Record<string, string>) {
    const port = await closedPort();
    // Undefined values are left out of the child's environment: no model settings leak in from this shell.
    const cleared = { BGE_M3_MODEL_DIR: undefined, BGE_M3_DOWNLOAD: undefined, BGE_M3_FALLBACK_REASON: undefined };
    const base = { ...process.env, ...cleared, NEXT_DIST_DIR: undefined, PORT: String(port), HOST: "127.0.0.1" };
    const run = spawnSync(process.execPath, ["scripts/start.mjs"], {
      cwd: project,
      env: { ...base, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      timeout: 20_000,
    });
    const line = run.stdout.split("\n").find((l) => l.startsWith("NEXT_ENV "));
    return { run, next: line ? JSON.parse(line.slice("NEXT_ENV ".length)) : undefined };
  }

  it("falls back to the bundled model loudly and hands its directory and the reason to the server", async () => {
    const project = await scratchProject();
    const { run, next } = await runStart(project, {});
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("USING THE BUNDLED TEST MODEL (models/bge-m3-tiny)");
    expect(next.BGE_M3_MODEL_DIR).toBe(path.join(project, "models", "bge-m3-tiny"));
    expect(next.BGE_M3_FALLBACK_REASON).toMatch(/^The bundled random-weight test model is in use: .*no terminal/);
    expect(next.args).toEqual(["start", "-p", expect.any(String), "-H", "127.0.0.1"]);
  });

  it("with BGE_M3_DOWNLOAD=1 runs the download, and falls back saying it failed when it exits non-zero", async () => {
    const project = await scratchProject(3);
    const { next } = await runStart(project, { BGE_M3_DOWNLOAD: "1" });
    expect(next.BGE_M3_FALLBACK_REASON).toContain("the download failed (exit code 3)");
  });

  it("uses models/bge-m3 when the download succeeds, with no fallback reason", async () => {
    const project = await scratchProject(0);
    const { next } = await runStart(project, { BGE_M3_DOWNLOAD: "1", BGE_M3_FALLBACK_REASON: "stale" });
    expect(next.BGE_M3_MODEL_DIR).toBe(path.join(project, "models", "bge-m3"));
    expect(next.BGE_M3_FALLBACK_REASON).toBeUndefined();
  });
});
