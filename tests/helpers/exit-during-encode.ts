/**
 * A child process for tests/exit-during-inference.test.ts: loads the engine on the test model, starts encoding two
 * 8,192-token texts, and calls `process.exit(0)` while the inference thread is in the middle of them, as Next's
 * SIGTERM handler does when a server is stopped under load.
 *
 *   node --import tsx tests/helpers/exit-during-encode.ts        # from the project root
 */
import { setTimeout as sleep } from "node:timers/promises";

process.env.BGE_M3_MODEL_DIR ??= "models/bge-m3-tiny";
process.env.LOG_LEVEL ??= "error";

const { loadEngine } = await import("@/lib/engine");
const engine = await loadEngine();
const a = "The quick brown fox jumps over the lazy dog near the riverbank. ".repeat(330);
const b = "Climate change is a global challenge that every country must face together. ".repeat(330);
engine.encode([a, b]).then(
  () => console.log("ENCODED (too early: the exit should have come first)"),
  (e: Error) => console.log(`ENCODE FAILED ${e.message}`),
);
await sleep(Number(process.env.EXIT_AFTER_MS ?? 700));
console.log("EXITING");
process.exit(0);
