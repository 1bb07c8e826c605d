/**
 * The fp32 MatMul peak of this machine with ONNX Runtime: one-node MatMul models (weights as an initializer, as
 * in the encoder) on sessions made by lib/engine/ort.ts' createSession, so with exactly the engine's options.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Tensor } from "onnxruntime-node";
import { createSession } from "../../lib/engine/ort";
import type { Session } from "../../lib/engine/session";
import { prng } from "../lib/load";
import { matmulModel } from "./onnx";
import { interleave, percentiles, round } from "./timing";
import type { MatmulShape } from "./types";

interface Shape {
  m: number;
  k: number;
  n: number;
}

export async function matmulBench(shapes: readonly Shape[], threads: number, repeats: number): Promise<MatmulShape[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bge-m3-bench-matmul-"));
  const sessions: Session[] = [];
  try {
    const contenders = [];
    for (const { m, k, n } of shapes) {
      // A file, not bytes: createSession takes a path, and this keeps the engine's session options in one place.
      const file = path.join(dir, `matmul_${m}x${k}x${n}.onnx`);
      writeFileSync(file, matmulModel(m, k, n));
      const { session } = await createSession(file, { threads, thread: "caller" });
      sessions.push(session);
      const rand = prng(m + k + n);
      const a = new Tensor(
        "float32",
        Float32Array.from({ length: m * k }, () => rand() - 0.5),
        [m, k],
      );
      contenders.push({ name: `${m}x${k}x${n}`, run: () => session.run({ A: a }) });
    }
    const t = await interleave(contenders, { warmup: 2, repeats }, "case 5 MatMul peak");
    return shapes.map(({ m, k, n }) => {
      const ms = percentiles(t.ms[`${m}x${k}x${n}`]!).p50_ms;
      return { m, k, n, median_ms: ms, gflop_per_s: round((2 * m * k * n) / (ms / 1000) / 1e9, 1) };
    });
  } finally {
    for (const s of sessions) await s.release();
    rmSync(dir, { recursive: true, force: true });
  }
}
