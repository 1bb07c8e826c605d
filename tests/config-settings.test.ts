/**
 * The one table of settings (lib/config/settings.ts): every BGE_M3_* variable the code (scripts too) names is in it and in
 * the README, each kind is read by its one rule, and the values in force say where they came from.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSettings, SETTINGS, setting, settingsInForce } from "@/lib/config/settings";

/** Read by scripts/start.mjs before the server exists (see settings.ts). */
const START_ONLY = ["BGE_M3_DOWNLOAD", "BGE_M3_FALLBACK_REASON"];
/** The caller's shell variable that the pages' API snippets read a key from (lib/ui/api-snippet.ts): not a setting. */
const CALLER_SIDE = ["BGE_M3_API_KEY"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(ts|tsx|mjs)$/.test(name) ? [file] : [];
  });
}

/** Variables as the code reads or names them: `env.X`, `env["X"]`, or quoted. */
const namedInCode = new Set(
  ["lib", "app", "components", "scripts", "instrumentation.ts"]
    .flatMap((p) => (p.endsWith(".ts") ? [p] : sourceFiles(p)))
    .flatMap((f) => [...readFileSync(f, "utf8").matchAll(/(?:env\.|env\[|["'`])(BGE_M3_[A-Z0-9_]*[A-Z0-9])\b/g)])
    .map((m) => m[1]!),
);

describe("the settings table", () => {
  it("holds every BGE_M3_* variable the server's code names, and the README's table lists each", () => {
    const known = new Set([...Object.keys(SETTINGS), ...START_ONLY, ...CALLER_SIDE]);
    expect([...namedInCode].filter((n) => !known.has(n))).toEqual([]);
    const readme = readFileSync("README.md", "utf8");
    expect(Object.keys(SETTINGS).filter((n) => !readme.includes(`\`${n}\``))).toEqual([]);
  });

  it("reads integers within their range, switches, choices and text by one rule each", () => {
    expect(setting("BGE_M3_CACHE_MB", {})).toBe(256);
    expect(setting("BGE_M3_CACHE_MB", { BGE_M3_CACHE_MB: " 64 " })).toBe(64);
    expect(() => setting("BGE_M3_CACHE_MB", { BGE_M3_CACHE_MB: "1.5" })).toThrow(
      'BGE_M3_CACHE_MB must be an integer from 0 to 1048576, got "1.5"',
    );
    expect(setting("BGE_M3_BATCHING", { BGE_M3_BATCHING: "off" })).toBe(false);
    expect(setting("BGE_M3_VERIFY", { BGE_M3_VERIFY: "YES" })).toBe(true);
    expect(() => setting("BGE_M3_VERIFY", { BGE_M3_VERIFY: "nope" })).toThrow(/BGE_M3_VERIFY must be 1 or 0/);
    expect(setting("BGE_M3_DEVICE", { BGE_M3_DEVICE: "CPU" })).toBe("cpu");
    expect(() => setting("BGE_M3_DEVICE", { BGE_M3_DEVICE: "tpu" })).toThrow(
      'BGE_M3_DEVICE must be auto, cpu or cuda, got "tpu"',
    );
    expect(setting("BGE_M3_MODEL_DIR", { BGE_M3_MODEL_DIR: " /m " })).toBe("/m");
    expect(setting("BGE_M3_MODEL_DIR", { BGE_M3_MODEL_DIR: "" })).toBeUndefined();
  });

  it("says which values the environment set, and shows a broken one as its error", () => {
    const env = { BGE_M3_MAX_TEXTS: "12", BGE_M3_THREADS: "many" };
    const byName = new Map(settingsInForce(env).map((s) => [s.name, s]));
    expect(byName.size).toBe(Object.keys(SETTINGS).length);
    expect(byName.get("BGE_M3_MAX_TEXTS")).toMatchObject({ value: 12, from: "env" });
    expect(byName.get("BGE_M3_MAX_CHARS")).toMatchObject({ value: 50_000, from: "default" });
    expect(byName.get("BGE_M3_THREADS")?.value).toMatch(/^invalid: BGE_M3_THREADS must be an integer from 1 to 256/);
    expect(() => checkSettings(env)).toThrow(/BGE_M3_THREADS/);
    expect(() => checkSettings({})).not.toThrow();
  });
});
