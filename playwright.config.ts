import { defineConfig, devices } from "@playwright/test";

// Browser tests run against the production build on their own port, with the bundled test model,
// in Debian's Chromium: Playwright's browser download is impossible on these machines. The login's tests
// (e2e/auth.spec.ts) run against a second server with a user and an API key set.
const port = Number(process.env.E2E_PORT ?? 7870);
const authPort = Number(process.env.E2E_AUTH_PORT ?? 7871);
const AUTH_SPEC = /auth\.spec\.ts$/;

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  },
};

/** `npm start` on `p` with the test model and `env`; Playwright stops it after the run. */
const server = (p: number, env: Record<string, string> = {}) => ({
  command: "node scripts/start.mjs",
  url: `http://127.0.0.1:${p}/api/health`,
  reuseExistingServer: false,
  timeout: 180_000,
  env: {
    ...(process.env as Record<string, string>),
    PORT: String(p),
    HOST: "127.0.0.1",
    BGE_M3_MODEL_DIR: "models/bge-m3-tiny",
    LOG_LEVEL: "warn",
    ...env,
  },
});

export default defineConfig({
  testDir: "./e2e",
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: { baseURL: `http://127.0.0.1:${port}`, trace: "retain-on-failure" },
  projects: [
    { name: "chromium", testIgnore: AUTH_SPEC, use: chromium },
    { name: "auth", testMatch: AUTH_SPEC, use: { ...chromium, baseURL: `http://127.0.0.1:${authPort}` } },
  ],
  webServer: [
    // A pair of about 1,300 tokens each already gets the long-text overview instead of its matrix.
    server(port, { BGE_M3_MAXSIM_MAX_CELLS: "1000000" }),
    server(authPort, { BGE_M3_AUTH: "ada:correct horse", BGE_M3_API_KEYS: "sk-e2e-key" }),
  ],
});
