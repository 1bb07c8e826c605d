#!/usr/bin/env node
// `npm test`: lint, type-check, production build, unit and integration tests (Vitest), browser tests (Playwright).
// Ends with one plain "N passed, N failed, N skipped" line summing both runners.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium, ensureDependencies } from "./setup.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
ensureDependencies(root);
ensureChromium();
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const reports = mkdtempSync(path.join(os.tmpdir(), "bge-m3-studio-tests-"));
const vitestJson = path.join(reports, "vitest.json");
const playwrightJson = path.join(reports, "playwright.json");

const steps = [
  { name: "lint", cmd: bin("biome"), args: ["check", "."] },
  { name: "typecheck", cmd: bin("tsc"), args: ["--noEmit"] },
  // Before Vitest: its tests of the supervised `npm start` serve this build instead of making their own.
  { name: "build", cmd: bin("next"), args: ["build"] },
  { name: "unit+integration", cmd: bin("vitest"), args: ["run"], env: { VITEST_JSON: vitestJson } },
  { name: "e2e", cmd: bin("playwright"), args: ["test"], env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson } },
];

let failedStep = null;
for (const step of steps) {
  console.log(`\n=== ${step.name}: ${path.basename(step.cmd)} ${step.args.join(" ")}`);
  const r = spawnSync(step.cmd, step.args, { cwd: root, stdio: "inherit", env: { ...process.env, ...step.env } });
  if (r.status !== 0) {
    failedStep = step.name;
    break;
  }
}

const counts = { passed: 0, failed: 0, skipped: 0 };
try {
  const v = JSON.parse(readFileSync(vitestJson, "utf8"));
  counts.passed += v.numPassedTests;
  counts.failed += v.numFailedTests;
  counts.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
} catch {}
try {
  const p = JSON.parse(readFileSync(playwrightJson, "utf8"));
  counts.passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
  counts.failed += p.stats.unexpected ?? 0;
  counts.skipped += p.stats.skipped ?? 0;
} catch {}

if (failedStep) console.error(`\nStep "${failedStep}" failed.`);
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedStep ? 1 : 0);
