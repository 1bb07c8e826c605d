/**
 * Case 7: the int8 graph against fp32 (and against any other graph given with --also, e.g. onnxruntime's own
 * quantize_dynamic output), bare session.run on 1×28 and 4×128 tokens, interleaved, plus each graph's dense
 * drift from fp32 on the same inputs. Then this project's engine with each variant on what users send: case 1's
 * short text and case 2's mixed list, dense vectors.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CPU_FLAGS, cpuFlags } from "../../lib/config/machine";
import { Engine } from "../../lib/engine/engine";
import { createSession, hiddenStateOutput, runEncoder } from "../../lib/engine/ort";
import type { Session } from "../../lib/engine/session";
import { type ModelVariant, variantFile } from "../../lib/engine/variant";
import { denseScore } from "../../lib/m3/dense";
import { dot } from "../../lib/m3/vector";
import { prng } from "../lib/load";
import { type BenchOptions, base } from "./options";
import { mixedTexts, textOfTokens } from "./texts";
import { interleave, percentiles, round } from "./timing";
import type { Case7, Case7Shape, Case7Workload } from "./types";

interface Graph {
  name: string;
  file: string;
  session: Session;
  output: string;
}

/** The shapes measured: one 28-token text (a query), and four texts of 128 tokens (a small batch of passages). */
const SHAPES = [
  { batch: 1, seq: 28 },
  { batch: 4, seq: 128 },
] as const;

function randomIds(batch: number, seq: number, vocab: number, seed: number): BigInt64Array {
  const rand = prng(seed);
  const ids = BigInt64Array.from({ length: batch * seq }, () => BigInt(5 + Math.floor(rand() * (vocab - 5))));
  for (let r = 0; r < batch; r++) {
    ids[r * seq] = 0n; // <s>
    ids[r * seq + seq - 1] = 2n; // </s>
  }
  return ids;
}

/** Cosine between the <s> hidden states (the dense vectors before normalising) of two outputs, per row. */
function clsCosines(a: Float32Array, b: Float32Array, batch: number, seq: number, hidden: number): number[] {
  return Array.from({ length: batch }, (_, r) => {
    const at = r * seq * hidden;
    return dot(a, b, at, at, hidden) / Math.sqrt(dot(a, a, at, at, hidden) * dot(b, b, at, at, hidden));
  });
}

async function openGraph(name: string, file: string, threads: number): Promise<Graph> {
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  const { session } = await createSession(file, { threads, thread: "caller" });
  return { name, file, session, output: hiddenStateOutput(session) };
}

/** Both variants through Engine.encodeDense, interleaved, on case 1's short text and on case 2's mixed list. */
async function engineWorkloads(opts: BenchOptions): Promise<Case7Workload[]> {
  const s = opts.sizes;
  const load = (variant: ModelVariant) => Engine.load({ modelDir: opts.modelDir, threads: opts.threads, variant });
  const engines = { fp32: await load("fp32"), int8: await load("int8") };
  const short = textOfTokens(engines.fp32, s.shortTokens, 16);
  const mixed = mixedTexts(engines.fp32, s.mixedCount, s.mixedMin, s.mixedMax);
  const workloads = [
    { name: "short", texts: [short.text], tokens: short.tokens, repeats: Math.max(10, s.repeats) },
    { name: "mixed", texts: mixed.texts, tokens: mixed.tokens.reduce((a, b) => a + b, 0), repeats: s.repeats },
  ] as const;
  const out: Case7Workload[] = [];
  for (const w of workloads) {
    const [fp32, int8] = [await engines.fp32.encodeDense(w.texts), await engines.int8.encodeDense(w.texts)];
    // The engine's dense vectors are unit length, so their dense score is the cosine (as in lib/model/drift.ts).
    const cosines = fp32.map((r, i) => denseScore(r.dense, int8[i]!.dense));
    // A dense-only batch runs its last layer on [CLS] alone, so int8's activation scales there differ from a full one.
    const int8Full = await engines.int8.encode(w.texts);
    const pathCosines = int8Full.map((r, i) => denseScore(r.dense, int8[i]!.dense));
    const t = await interleave(
      (["fp32", "int8"] as const).map((v) => ({ name: v, run: () => engines[v].encodeDense(w.texts) })),
      { warmup: 1, repeats: w.repeats },
      `case 7 engine, ${w.name}`,
    );
    const [p32, p8] = [percentiles(t.ms.fp32!), percentiles(t.ms.int8!)];
    out.push({
      name: w.name,
      texts: w.texts.length,
      tokens: w.tokens,
      fp32: p32,
      int8: p8,
      int8_speedup: round(p32.p50_ms / p8.p50_ms),
      dense_cosine_mean: round(cosines.reduce((a, b) => a + b, 0) / cosines.length, 5),
      dense_cosine_min: round(Math.min(...cosines), 5),
      int8_dense_path_cosine_min: round(Math.min(...pathCosines), 6),
    });
  }
  return out;
}

export async function case7(opts: BenchOptions): Promise<Case7> {
  const int8File = path.join(opts.modelDir, variantFile("int8"));
  if (!existsSync(int8File))
    throw new Error(`no int8 graph; make it with \`npm run model:quantize -- --dir ${opts.modelArg}\``);
  const config = JSON.parse(readFileSync(path.join(opts.modelDir, "config.json"), "utf8")) as { vocab_size: number };
  // Token ids the test model's tokenizer can produce too (the replica shares its 8,002-piece vocabulary).
  const vocab = Math.min(config.vocab_size, 8000);
  const graphs: Graph[] = [];
  try {
    graphs.push(await openGraph("fp32", path.join(opts.modelDir, variantFile("fp32")), opts.threads));
    graphs.push(await openGraph("int8", int8File, opts.threads));
    for (const [i, file] of opts.also.entries()) graphs.push(await openGraph(`also${i + 1}`, file, opts.threads));
    const shapes: Case7Shape[] = [];
    for (const [k, { batch, seq }] of SHAPES.entries()) {
      const ids = randomIds(batch, seq, vocab, 70 + k);
      const mask = new BigInt64Array(batch * seq).fill(1n);
      const run = (g: Graph) => runEncoder(g.session, g.output, ids, mask, batch, seq);
      const outputs = await Promise.all(graphs.map(async (g) => (await run(g)).data.slice()));
      const t = await interleave(
        graphs.map((g) => ({ name: g.name, run: () => run(g) })),
        { warmup: 1, repeats: opts.quick ? 2 : Math.max(5, opts.sizes.repeats) },
        `case 7 ${batch}×${seq}`,
      );
      const fp32 = percentiles(t.ms.fp32!).p50_ms;
      const hidden = outputs[0]!.length / (batch * seq);
      shapes.push({
        batch,
        seq,
        graphs: graphs.map((g, i) => {
          const p = percentiles(t.ms[g.name]!);
          const cos = clsCosines(outputs[0]!, outputs[i]!, batch, seq, hidden);
          return {
            name: g.name,
            file: g.file,
            p50_ms: p.p50_ms,
            runs_ms: t.ms[g.name]!.map((x) => round(x, 1)),
            speedup_over_fp32: round(fp32 / p.p50_ms),
            dense_cosine_to_fp32: round(cos.reduce((s, c) => s + c, 0) / cos.length, 5),
          };
        }),
      });
    }
    for (const g of graphs.splice(0)) await g.session.release();
    const speedup = (shape: number, name: string) =>
      shapes[shape]!.graphs.find((g) => g.name === name)?.speedup_over_fp32 ?? Number.NaN;
    const engine = await engineWorkloads(opts);
    return {
      ...base(opts, 7),
      case: 7,
      shapes,
      int8_speedup_1x28: speedup(0, "int8"),
      int8_speedup_4x128: speedup(1, "int8"),
      engine,
      cpu_flags: cpuFlags([...CPU_FLAGS, "amx_int8"]),
      note:
        "bare session.run of each graph, interleaved, medians; token ids random within the first 8,000 pieces. " +
        "dense_cosine_to_fp32 compares the <s> hidden states on the same inputs. engine: Engine.encodeDense with " +
        "each variant (fp32, int8), interleaved, on case 1's short text and case 2's mixed list.",
    };
  } finally {
    for (const g of graphs) await g.session.release();
  }
}
