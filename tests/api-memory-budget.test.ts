/**
 * BGE_M3_MEMORY_BUDGET_MB at its minimum (16) through the API: a text whose working memory alone is over the budget
 * gets 413 payload_too_large naming the variable and the field, texts within it are served (in as many batches as the
 * budget needs), and GET /api/info shows the budget in force.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { withinLimits } from "@/lib/engine/batches";
import type { Engine } from "@/lib/engine/engine";
import { getFrom, postTo, quietRequestLogs } from "./helpers/api-request";

const BUDGET_MB = 16;
const BUDGET = BUDGET_MB * 1024 * 1024;

let POST: (req: Request) => Promise<Response>;
let INFO: (req: Request) => Promise<Response>;
let engine: Engine;
let batches: () => Promise<number>;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  process.env.BGE_M3_MEMORY_BUDGET_MB = String(BUDGET_MB);
  process.env.BGE_M3_CACHE_MB = "0";
  await quietRequestLogs();
  const { API_HANDLERS } = await import("@/lib/api/handlers");
  POST = API_HANDLERS["/api/embed"];
  INFO = API_HANDLERS["/api/info"];
  const { loadEngine } = await import("@/lib/engine");
  const { metrics } = await import("@/lib/api/metrics");
  engine = await loadEngine();
  batches = async () => (await metrics().batchRows.get()).values.find((v) => v.metricName?.endsWith("_count"))!.value;
});

const bytesOf = (rows: number, seq: number) => engine.batchLimits.memory!.bytesOf(rows, seq);
/** The longest text (in tokens) whose working memory alone fits the budget. */
const longestAllowed = () => {
  let n = 3;
  while (n < engine.maxLength && bytesOf(1, n + 1) <= BUDGET) n++;
  return n;
};
const sentence = "Working memory grows with the square of a text's length when attention is computed. ";
const long = sentence.repeat(300); // thousands of tokens: cut by max_length to any length asked

describe(`BGE_M3_MEMORY_BUDGET_MB=${BUDGET_MB}`, () => {
  it("is what the engine and GET /api/info use", async () => {
    expect(engine.batchLimits.memory?.budgetBytes).toBe(BUDGET);
    expect(engine.execution.attention).toBe("chunked");
    const info = await (await getFrom(INFO, "/api/info")).json();
    expect(info.limits.memory_budget_mb).toBe(BUDGET_MB);
  });

  it("answers 413 payload_too_large for a long text, naming the variable and the field", async () => {
    const res = await postTo(POST, "/api/embed", { texts: ["a short text", long] });
    expect(res.status).toBe(413);
    const { error } = await res.json();
    expect(error.type).toBe("payload_too_large");
    expect(error.field).toBe("texts.1");
    expect(error.message).toMatch(/^texts\.1 has 8192 tokens, which need about [\d,]+ MiB of working memory/);
    expect(error.message).toMatch(
      /the server allows 16 MiB \(BGE_M3_MEMORY_BUDGET_MB\): shorten it or lower max_length/,
    );
  });

  it("draws the line where the engine's estimate crosses the budget: one token more is refused", async () => {
    const n = longestAllowed();
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThan(engine.maxLength);
    const ok = await postTo(POST, "/api/embed", { texts: ["short", long], max_length: n });
    expect(ok.status).toBe(200);
    expect((await ok.json()).usage.tokens).toBe(engine.tokenize("short").ids.length + n);
    const over = await postTo(POST, "/api/embed", { texts: ["short", long], max_length: n + 1 });
    expect(over.status).toBe(413);
    const { error } = await over.json();
    expect(error).toMatchObject({ type: "payload_too_large", field: "texts.1" });
    expect(error.message).toContain(`has ${n + 1} tokens`);
  });

  it("serves texts within the budget, in as many batches as it needs", async () => {
    // Long enough that the budget holds fewer rows than the short lane's one-step token cap (WHOLE_GRAPH_MAX_TOKENS).
    const seq = 200;
    const texts = Array.from({ length: 20 }, (_, i) => `${i} ${sentence.repeat(12)}`); // about 360 tokens each
    let rows = 1;
    while (bytesOf(rows + 1, seq) <= BUDGET) rows++;
    expect(rows).toBeLessThan(texts.length);
    // The budget, not the batch limits, splits them.
    expect(withinLimits(rows + 1, seq, { ...engine.batchLimits, memory: undefined })).toBe(true);
    const before = await batches();
    const res = await postTo(POST, "/api/embed", { texts, max_length: seq });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.embeddings).toHaveLength(texts.length);
    expect(body.usage.tokens).toBe(texts.length * seq);
    expect((await batches()) - before).toBe(Math.ceil(texts.length / rows));
    const short = await postTo(POST, "/api/embed", { texts: ["What is BGE M3?", "气候变化是全球挑战"] });
    expect(short.status).toBe(200);
  });
});
