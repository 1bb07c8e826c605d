// Shared by `npm start` and `npm test`: make a fresh clone runnable with just those two commands.
// Only Node built-ins here: this runs before node_modules exists.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

/** Runs `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensureDependencies(root) {
  const installed = path.join(root, "node_modules", ".package-lock.json");
  if (existsSync(installed) && mtime(installed) >= mtime(path.join(root, "package-lock.json"))) return;
  console.log("Installing Node packages with `npm ci` (first run, or package-lock.json changed)...");
  // onnxruntime-node's install script would fetch CUDA binaries; the CPU build ships inside the package.
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: process.env.ONNXRUNTIME_NODE_INSTALL ?? "skip" };
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit", env });
  if (r.status !== 0) {
    console.error("`npm ci` failed; see the messages above.");
    process.exit(r.status ?? 1);
  }
}

/** Newest modification time of the files a production build depends on. */
function newestSource(root) {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) walk(path.join(p, e));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of [
    "app",
    "components",
    "lib",
    "public",
    "next.config.mjs",
    "postcss.config.mjs",
    "package-lock.json",
  ]) {
    walk(path.join(root, p));
  }
  return newest;
}

/** True when there is no production build in `distDir`, or a source file changed after it was made. */
export function buildIsStale(root, distDir) {
  const buildId = path.join(root, distDir, "BUILD_ID");
  return !existsSync(buildId) || newestSource(root) > mtime(buildId);
}

/** The Chromium the browser tests use: `CHROMIUM_PATH`, else Debian's; installed with apt when missing and possible. */
export function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (existsSync(chromium)) return;
  const canApt = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get") && !process.env.CHROMIUM_PATH;
  if (canApt) {
    console.log("Installing Debian's chromium for the browser tests (apt-get)...");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
    if (existsSync(chromium)) return;
  }
  console.error(`No Chromium at ${chromium}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}
