import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HealthResponseSchema, InfoResponseSchema } from "@/lib/api/info-contract";
import { getFrom, postTo, quietRequestLogs } from "./helpers/api-request";
import { type FakeV2Server, startFakeV2Server } from "./helpers/fake-v2-server";

type Handler = (req: Request) => Response | Promise<Response>;

let server: FakeV2Server;
let embed: Handler;
let health: Handler;
let info: Handler;
let metricsRoute: Handler;
beforeAll(async () => {
  server = await startFakeV2Server();
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  process.env.BGE_M3_ENCODER = server.encoder;
  process.env.BGE_M3_ENCODER_TIMEOUT_MS = "2000";
  await quietRequestLogs();
  const { API_HANDLERS } = await import("@/lib/api/handlers");
  embed = API_HANDLERS["/api/embed"];
  health = API_HANDLERS["/api/health"] as Handler;
  info = API_HANDLERS["/api/info"] as Handler;
  metricsRoute = API_HANDLERS["/metrics"];
  const { loadEngine } = await import("@/lib/engine");
  await loadEngine();
});
afterAll(async () => {
  await server.close();
});

/** The value of one sample line of the Prometheus text, 0 when absent. */
async function sample(name: string, labels: string): Promise<number> {
  const text = await (await getFrom(metricsRoute, "/metrics")).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("the API on a KServe v2 encoder", () => {
  it("shows the encoder in /api/health and /api/info", async () => {
    await postTo(embed, "/api/embed", { texts: ["warm up"] });
    const h = await getFrom(health, "/api/health");
    expect(h.status).toBe(200);
    expect(HealthResponseSchema.parse(await h.json())).toMatchObject({
      status: "ok",
      encoder: { backend: "kserve-v2", url: `${server.url}/v2/models/bge-m3`, status: "ok" },
    });
    const i = InfoResponseSchema.parse(await (await getFrom(info, "/api/info")).json());
    expect(i.encoder).toMatchObject({
      backend: "kserve-v2",
      status: "ok",
      limits: { max_batch_rows: 32, max_batch_tokens: 16384, concurrency: 4, timeout_ms: 2000, retries: 2 },
    });
  });

  it("counts each remote request's latency and bytes per backend in /metrics", async () => {
    const labels = 'backend="kserve-v2",endpoint="infer",outcome="200"';
    const count = "bge_m3_encoder_request_duration_seconds_count";
    const [before, sentBefore] = [
      await sample(count, labels),
      await sample("bge_m3_encoder_bytes_total", 'backend="kserve-v2",direction="sent"'),
    ];
    const res = await postTo(embed, "/api/embed", { texts: ["counted once", "and twice"] });
    expect(res.status).toBe(200);
    expect(await sample(count, labels)).toBe(before + 1);
    expect(await sample("bge_m3_encoder_bytes_total", 'backend="kserve-v2",direction="sent"')).toBeGreaterThan(
      sentBefore,
    );
    expect(await sample("bge_m3_encoder_bytes_total", 'backend="kserve-v2",direction="received"')).toBeGreaterThan(0);
  });

  it("answers 503 encoder_unavailable with Retry-After within 1.5 s when the encoder goes down, and says so in /api/health", async () => {
    await server.close();
    const t0 = performance.now();
    const res = await postTo(embed, "/api/embed", { texts: ["the encoder is gone"] });
    expect(performance.now() - t0).toBeLessThan(1_500);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect((await res.json()).error).toMatchObject({ type: "encoder_unavailable" });
    const h = await getFrom(health, "/api/health");
    expect(h.status).toBe(200);
    expect((await h.json()).encoder).toMatchObject({
      status: "unavailable",
      detail: expect.stringMatching(/ECONNREFUSED/),
    });
    expect(
      await sample("bge_m3_encoder_errors_total", 'backend="kserve-v2",endpoint="infer",outcome="connection"'),
    ).toBe(3);
    expect(await sample("bge_m3_encoder_retries_total", 'backend="kserve-v2",endpoint="infer"')).toBe(2);
  });
});
