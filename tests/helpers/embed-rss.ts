/**
 * A child process for the memory test: loads the engine behind the /api/embed route handler (environment as given:
 * BGE_M3_ATTENTION, BGE_M3_MEMORY_BUDGET_MB, …), warms it up with one short request, then sends one request with two
 * different texts of at least 8,192 tokens and prints one line, `RESULT {json}`: the status, tokens, and the process's
 * RSS before the request, after it, and its peak meanwhile (VmHWM, reset before the request when the kernel allows,
 * and VmRSS sampled every 10 ms), in bytes.
 *
 *   node --import tsx tests/helpers/embed-rss.ts        # from the project root
 */
import { readFileSync, writeFileSync } from "node:fs";

process.env.BGE_M3_MODEL_DIR ??= "models/bge-m3-tiny";
process.env.BGE_M3_CACHE_MB = "0";
process.env.LOG_LEVEL ??= "error";

function memory(): { rss: number; hwm: number } {
  const status = readFileSync("/proc/self/status", "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0); false where that is not allowed. */
function resetPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

const POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/embed"];
const { loadEngine } = await import("@/lib/engine");
const engine = await loadEngine();

const post = (body: unknown) =>
  POST(
    new Request("http://127.0.0.1/api/embed", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );

const warm = await post({ texts: ["warm up the sessions", "and the heads"] });
if (warm.status !== 200) throw new Error(`warm-up answered ${warm.status}: ${await warm.text()}`);
await warm.json();

// Two different texts (identical ones would be encoded once), each well over 8,192 tokens of the test tokenizer.
const a = "The quick brown fox jumps over the lazy dog near the riverbank. ".repeat(330);
const b = "Climate change is a global challenge that every country must face together. ".repeat(330);

await new Promise((resolve) => setTimeout(resolve, 100));
const hwmReset = resetPeak();
const before = memory();
let sampled = before.rss;
const sampler = setInterval(() => {
  sampled = Math.max(sampled, memory().rss);
}, 10);
const t0 = performance.now();
const res = await post({ texts: [a, b] });
const body = (await res.json()) as { usage?: { tokens: number }; embeddings?: number[][]; error?: unknown };
const ms = performance.now() - t0;
clearInterval(sampler);
const after = memory();
const peak = Math.max(sampled, after.rss, hwmReset ? after.hwm : 0);

console.log(
  `RESULT ${JSON.stringify({
    status: res.status,
    tokens: body.usage?.tokens ?? null,
    vectors: body.embeddings?.length ?? null,
    error: body.error ?? null,
    attention: engine.execution.attention,
    budgetMb: Math.round((engine.batchLimits.memory?.budgetBytes ?? 0) / 1024 / 1024),
    before: before.rss,
    after: after.rss,
    peak,
    hwmReset,
    ms: Math.round(ms),
  })}`,
);
process.exit(0);
