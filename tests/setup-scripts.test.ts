import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types (it runs before node_modules exists)
import { buildIsStale } from "@/scripts/setup.mjs";

function project() {
  const root = mkdtempSync(path.join(os.tmpdir(), "bge-m3-setup-"));
  mkdirSync(path.join(root, "app"));
  mkdirSync(path.join(root, ".next"));
  writeFileSync(path.join(root, "app", "page.tsx"), "export default 1;");
  return root;
}
const setTime = (p: string, seconds: number) => utimesSync(p, seconds, seconds);

describe("npm start's build check", () => {
  it("asks for a build when there is none", () => {
    expect(buildIsStale(project(), ".next")).toBe(true);
  });

  it("keeps a build that is newer than every source file", () => {
    const root = project();
    writeFileSync(path.join(root, ".next", "BUILD_ID"), "x");
    setTime(path.join(root, "app", "page.tsx"), 1_000);
    setTime(path.join(root, ".next", "BUILD_ID"), 2_000);
    expect(buildIsStale(root, ".next")).toBe(false);
  });

  it("rebuilds after a source file changed", () => {
    const root = project();
    writeFileSync(path.join(root, ".next", "BUILD_ID"), "x");
    setTime(path.join(root, ".next", "BUILD_ID"), 2_000);
    setTime(path.join(root, "app", "page.tsx"), 3_000);
    expect(buildIsStale(root, ".next")).toBe(true);
  });
});
