import { spawnSync } from "node:child_process";
import net from "node:net";
import { describe, expect, it } from "vitest";

describe("npm start", () => {
  it("says clearly that the port is taken, and exits non-zero, instead of crashing later", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const r = spawnSync(process.execPath, ["scripts/start.mjs"], {
        env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" },
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it("refuses a PORT that is not a port number", () => {
    const r = spawnSync(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, PORT: "80x" },
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/PORT must be an integer between 1 and 65535/);
  });
});
