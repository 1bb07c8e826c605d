import { defineConfig, devices } from "@playwright/test";

// Browser tests run against the production build on their own port, with the bundled test model,
// in Debian's Chromium: Playwright's browser download is impossible on these machines.
const port = Number(process.env.E2E_PORT ?? 7870);

export default defineConfig({
  testDir: "./e2e",
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: { baseURL: `http://127.0.0.1:${port}`, trace: "retain-on-failure" },
  projects: [
    {
      name: "chromium",
      use: {
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
      },
    },
  ],
  webServer: {
    command: "node scripts/start.mjs",
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: {
      ...(process.env as Record<string, string>),
      PORT: String(port),
      HOST: "127.0.0.1",
      BGE_M3_MODEL_DIR: "models/bge-m3-tiny",
      LOG_LEVEL: "warn",
      // A pair of about 1,300 tokens each already gets the long-text overview instead of its matrix.
      BGE_M3_MAXSIM_MAX_CELLS: "1000000",
    },
  },
});
