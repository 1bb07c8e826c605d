/**
 * The staged encoder with real chunking: `scoreElements: 1` makes every attention step take one query row, so each
 * layer of a 600-token text takes 600 attention steps (and its weight stage chunks of DENSE_STEP_TOKENS tokens). It and
 * `attention: "full"` (the official graph in one run) must both give every golden pair within 1e-4, and the same
 * vectors as the default engine within 1e-5, padded batches included. The int8 graph is cut too, and chunking leaves
 * its drift from fp32 where full attention has it.
 */
import path from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "@/lib/engine/engine";
import { loadLinearHead } from "@/lib/engine/heads";
import { headsModel } from "@/lib/engine/heads-session";
import { DEFAULT_SCORE_ELEMENTS } from "@/lib/engine/memory";
import { encodeBatch, type StagedEncoder } from "@/lib/engine/stage-runner.mjs";
import { chunkRows, DENSE_STEP_TOKENS, flashRows } from "@/lib/engine/step-sizes.mjs";
import { colbertScore, maxSimMatrix } from "@/lib/m3/colbert";
import { denseScore } from "@/lib/m3/dense";
import { lexicalScore } from "@/lib/m3/lexical";
import type { Representation } from "@/lib/m3/types";
import { encoderStages } from "@/lib/model/encoder-stages";
import { quantizeModel } from "@/lib/model/quantize-int8";
import {
  GOLDEN_TOLERANCE,
  type GoldenPair,
  goldenPairs,
  label,
  lexicalDiff,
  maxAbsDiff,
  TEST_HEADS,
  TEST_MODEL_DIR,
} from "./helpers/goldens";
import { copyTestModel } from "./helpers/model-copy";

const SAME = 1e-5;

let base: Engine; // the default: chunked, DEFAULT_SCORE_ELEMENTS (only the 4,863-token golden text is cut in chunks)
let rowwise: Engine; // chunked, one query row per step, short batches through the stages too
let full: Engine; // the official graph in one run
const results = new Map<Engine, [Representation, Representation][]>();

beforeAll(async () => {
  [base, rowwise, full] = await Promise.all([
    Engine.load({ modelDir: TEST_MODEL_DIR, threads: 2 }),
    Engine.load({ modelDir: TEST_MODEL_DIR, threads: 2, scoreElements: 1, prefixMaxSeq: 0 }),
    Engine.load({ modelDir: TEST_MODEL_DIR, threads: 2, attention: "full" }),
  ]);
  for (const engine of [rowwise, full]) {
    const pairs: [Representation, Representation][] = [];
    for (const p of goldenPairs) pairs.push((await engine.encode([p.a, p.b])) as [Representation, Representation]);
    results.set(engine, pairs);
  }
});

function expectGolden(ra: Representation, rb: Representation, pair: GoldenPair): void {
  expect(ra.tokens.map((t) => t.id)).toEqual(pair.ids_a);
  expect(rb.tokens.map((t) => t.id)).toEqual(pair.ids_b);
  expect(maxAbsDiff(ra.dense, pair.dense_a)).toBeLessThan(GOLDEN_TOLERANCE);
  expect(Math.abs(denseScore(ra.dense, rb.dense) - pair.dense)).toBeLessThan(GOLDEN_TOLERANCE);
  expect(lexicalDiff(ra.lexical, pair.lexical_a)).toBeLessThan(GOLDEN_TOLERANCE);
  expect(lexicalDiff(rb.lexical, pair.lexical_b)).toBeLessThan(GOLDEN_TOLERANCE);
  expect(Math.abs(lexicalScore(ra.lexical, rb.lexical) - pair.sparse)).toBeLessThan(GOLDEN_TOLERANCE);
  const m = maxSimMatrix(ra.colbert, rb.colbert);
  expect([m.rows, m.cols]).toEqual([pair.maxsim.length, pair.maxsim[0]?.length ?? 0]);
  expect(maxAbsDiff(m.data, pair.maxsim.flat())).toBeLessThan(GOLDEN_TOLERANCE);
  expect(Math.abs(colbertScore(ra.colbert, rb.colbert) - pair.colbert)).toBeLessThan(GOLDEN_TOLERANCE);
}

function expectSame(x: Representation, y: Representation, tolerance = SAME): void {
  expect(x.tokens).toEqual(y.tokens);
  expect(maxAbsDiff(x.dense, y.dense)).toBeLessThan(tolerance);
  expect([x.colbert.rows, x.colbert.dim]).toEqual([y.colbert.rows, y.colbert.dim]);
  expect(maxAbsDiff(x.colbert.data, y.colbert.data)).toBeLessThan(tolerance);
  expect(lexicalDiff(x.lexical, Object.fromEntries(y.lexical))).toBeLessThan(tolerance);
}

describe("the engines under test", () => {
  it("run chunked (one row per step) and full as asked", () => {
    expect(base.execution).toMatchObject({ attention: "chunked", attentionFallback: null });
    expect(rowwise.execution).toMatchObject({ attention: "chunked", attentionFallback: null });
    expect(full.execution).toMatchObject({ attention: "full", attentionFallback: null });
    // scoreElements 1: one query row per step whatever the batch; the default takes a 600-token text whole.
    expect(chunkRows(4, TEST_HEADS, 600, 1)).toBe(1);
    expect(chunkRows(1, TEST_HEADS, 600, DEFAULT_SCORE_ELEMENTS)).toBe(600);
  });
});

describe.each(goldenPairs.map((p, k) => [label(p), k] as const))("golden pair %s", (_, k) => {
  const pair = goldenPairs[k]!;
  it("through the chunked graph, one query row per step: the references within 1e-4", () => {
    const [ra, rb] = results.get(rowwise)![k]!;
    expectGolden(ra, rb, pair);
  });
  it("through the official graph in one run (attention: full): the references within 1e-4", () => {
    const [ra, rb] = results.get(full)![k]!;
    expectGolden(ra, rb, pair);
  });
});

describe("one query row per step against the default engine", () => {
  const sentence = "The quick brown fox jumps over the lazy dog near the riverbank. ";
  const long = sentence.repeat(40); // about 1,080 tokens, cut to 600

  it("gives a 600-token text the same vectors within 1e-5", async () => {
    const [x] = await rowwise.encode([long], 600);
    const [y] = await base.encode([long], 600);
    const [z] = await full.encode([long], 600);
    expect(x!.tokens).toHaveLength(600);
    expect(x!.truncated).toBe(true);
    expectSame(x!, y!);
    expectSame(x!, z!);
  });

  it("gives every row of a padded batch of mixed lengths the same vectors as that text alone, within 1e-5", async () => {
    const texts = [long, goldenPairs.find((p) => p.ids_a.length > 500)!.b, goldenPairs[0]!.a, "x"];
    const tokenized = texts.map((t) => base.tokenize(t, 600));
    const lengths = tokenized.map((t) => t.ids.length);
    expect(lengths[0]).toBe(600);
    expect(Math.min(...lengths)).toBeLessThan(10); // real padding: the shortest row is almost all padding
    const padded = (await rowwise.runBatch(tokenized)) as Representation[];
    const paddedBase = (await base.runBatch(tokenized)) as Representation[];
    for (let i = 0; i < texts.length; i++) {
      const [alone] = await base.encode([texts[i]!], 600);
      expectSame(padded[i]!, alone!);
      expectSame(padded[i]!, paddedBase[i]!);
    }
  });
});

describe("the stage runner's steps (lib/engine/stage-runner.mjs, run on this thread)", () => {
  const graph = path.join(TEST_MODEL_DIR, "onnx", "model.onnx");
  const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 2, graphOptimizationLevel: "all" };
  let staged: Omit<StagedEncoder, "scoreElements">;
  let whole: Omit<StagedEncoder, "scoreElements">;
  let unmaskedAttention: NonNullable<StagedEncoder["unmaskedAttention"]>;
  let prefix: NonNullable<StagedEncoder["prefix"]>;
  /** `stage` with its runs counted. */
  const countedRuns = (stage: typeof unmaskedAttention) => {
    let runs = 0;
    const session = {
      run: (...args: Parameters<ort.InferenceSession["run"]>) => {
        runs += 1;
        return stage.session.run(...args);
      },
    } as ort.InferenceSession;
    return { stage: { ...stage, session }, runs: () => runs };
  };
  const [batch, seq] = [2, 600];
  const ids = BigInt64Array.from({ length: batch * seq }, (_, i) => BigInt(5 + ((i * 37) % 7000)));
  // Row 1 has 120 real tokens and 480 padding.
  const mask = BigInt64Array.from({ length: batch * seq }, (_, i) => (i < seq || i % seq < 120 ? 1n : 0n));

  beforeAll(async () => {
    const cut = encoderStages(graph, TEST_HEADS);
    const [sparse, colbert] = await Promise.all([
      loadLinearHead(path.join(TEST_MODEL_DIR, "sparse_linear.pt"), 64),
      loadLinearHead(path.join(TEST_MODEL_DIR, "colbert_linear.pt"), 64),
    ]);
    const heads = await ort.InferenceSession.create(headsModel(sparse, colbert), options);
    const stages = [];
    for (const s of cut.stages) {
      const session = await ort.InferenceSession.create(path.join(TEST_MODEL_DIR, "onnx", s.file), options);
      stages.push({ session, inputs: s.inputs, outputs: s.outputs });
    }
    staged = { stages, hiddenOutput: cut.hiddenOutput, heads };
    const u = cut.unmaskedAttention;
    const unmaskedSession = await ort.InferenceSession.create(path.join(TEST_MODEL_DIR, "onnx", u.file), options);
    unmaskedAttention = { session: unmaskedSession, inputs: u.inputs, outputs: u.outputs, heads: u.heads };
    const session = await ort.InferenceSession.create(graph, options);
    whole = { stages: [{ session, inputs: [], outputs: [cut.hiddenOutput] }], hiddenOutput: cut.hiddenOutput, heads };
    const p = cut.prefix;
    expect(p.multiHeadAttention).toBe(true);
    const prefixSession = await ort.InferenceSession.create(path.join(TEST_MODEL_DIR, "onnx", p.file), options);
    prefix = { session: prefixSession, inputs: p.inputs, outputs: p.outputs, maxSeq: seq, maxTokens: batch * seq };
  });
  afterAll(async () => {
    const all = [...staged.stages, ...whole.stages, unmaskedAttention, prefix];
    for (const s of all.map((x) => x.session)) await s.release();
    await staged.heads.release();
  });

  /** Runs the batch, counting steps; `out` has the [CLS] rows and both heads' outputs. */
  async function run(encoder: Omit<StagedEncoder, "scoreElements">, scoreElements: number) {
    let steps = 0;
    const r = await encodeBatch({ ...encoder, scoreElements }, ids, mask, batch, seq, (fn) => {
      steps += 1;
      return fn();
    });
    return { out: { cls: r.cls, ...r.heads! }, steps };
  }

  it("takes embeddings + layers × (attention + weight chunks) + heads steps; the chunks give the whole graph's outputs", async () => {
    const reference = await run(whole, DEFAULT_SCORE_ELEMENTS);
    expect(reference.steps).toBe(2); // the graph, then the heads
    expect(staged.stages).toHaveLength(2 + 2); // embeddings, attention (shared by the layers), one per layer
    // Each layer's weight stage takes 1,024 tokens a step: 512 rows of this batch, so 2 steps.
    const weightSteps = Math.ceil(seq / Math.floor(DENSE_STEP_TOKENS / batch));
    expect(weightSteps).toBe(2);
    // Attention's query rows per step: all 600, 64 (10 chunks, the last one short) and 1 (600 chunks).
    for (const [scoreElements, chunks] of [
      [DEFAULT_SCORE_ELEMENTS, 1],
      [batch * TEST_HEADS * seq * 64, 10],
      [1, seq],
    ] as const) {
      const { out, steps } = await run(staged, scoreElements);
      expect(steps).toBe(1 + 2 * (chunks + weightSteps) + 1);
      // Raw outputs (ColBERT's reach ~10 before normalising): within 1e-5 of their scale.
      for (const k of ["cls", "colbert", "sparse"] as const) {
        const scale = Math.max(1, ...reference.out[k].map(Math.abs));
        expect(maxAbsDiff(out[k], reference.out[k]) / scale).toBeLessThan(SAME);
      }
    }
  });

  it("gives one long row, whose chunks are contiguous, the whole graph's outputs, with and without flash attention", async () => {
    const long = 3_000;
    const oneIds = BigInt64Array.from({ length: long }, (_, i) => BigInt(5 + ((i * 53) % 7000)));
    const oneMask = new BigInt64Array(long).fill(1n);
    const runOne = async (encoder: Omit<StagedEncoder, "scoreElements">, scoreElements: number) => {
      let steps = 0;
      const r = await encodeBatch({ ...encoder, scoreElements }, oneIds, oneMask, 1, long, (fn) => {
        steps += 1;
        return fn();
      });
      return { out: { cls: r.cls, ...r.heads! }, steps };
    };
    const expectWhole = (out: Awaited<ReturnType<typeof runOne>>["out"]) => {
      for (const k of ["cls", "colbert", "sparse"] as const) {
        const scale = reference.out[k].reduce((m, x) => Math.max(m, Math.abs(x)), 1);
        expect(maxAbsDiff(out[k], reference.out[k]) / scale).toBeLessThan(SAME);
      }
    };
    const reference = await runOne(whole, DEFAULT_SCORE_ELEMENTS);
    // Each layer: 1,000 positions per weight step (3 steps), and 100 query rows per step of masked attention (30 steps).
    const masked = await runOne(staged, TEST_HEADS * long * 100);
    expect(masked.steps).toBe(1 + 2 * (30 + 3) + 1);
    expectWhole(masked.out);
    // Flash attention in its place, by time-bounded steps: 2 of 1,500 query rows.
    expect(unmaskedAttention.heads).toBe(TEST_HEADS);
    expect(Math.ceil(long / flashRows(1, long))).toBe(2);
    const flash = countedRuns(unmaskedAttention);
    const withFlash = await runOne({ ...staged, unmaskedAttention: flash.stage }, TEST_HEADS * long * 100);
    expect(withFlash.steps).toBe(1 + 2 * (2 + 3) + 1);
    expect(flash.runs()).toBe(2 * 2);
    expectWhole(withFlash.out);
    // Queries of another head count than the flash stage's run masked attention instead.
    const other = countedRuns({ ...unmaskedAttention, heads: TEST_HEADS * 2 });
    const refused = await runOne({ ...staged, unmaskedAttention: other.stage }, TEST_HEADS * long * 100);
    expect(other.runs()).toBe(0);
    expect(refused.steps).toBe(masked.steps);
    expectWhole(refused.out);
  });

  it("runs a padded batch's attention with its mask, even when an unmasked attention is at hand", async () => {
    const reference = await run(whole, DEFAULT_SCORE_ELEMENTS);
    const counted = countedRuns(unmaskedAttention);
    const { out } = await run({ ...staged, unmaskedAttention: counted.stage }, DEFAULT_SCORE_ELEMENTS);
    expect(counted.runs()).toBe(0);
    const scale = Math.max(1, ...reference.out.colbert.map(Math.abs));
    expect(maxAbsDiff(out.colbert, reference.out.colbert) / scale).toBeLessThan(SAME);
  });

  it("runs a batch within the prefix's maxSeq and maxTokens through it and the last layer, a larger one through the stages", async () => {
    const reference = await run(whole, DEFAULT_SCORE_ELEMENTS);
    const weightSteps = Math.ceil(seq / Math.floor(DENSE_STEP_TOKENS / batch));
    // The prefix, the last layer's attention and weight steps, the heads; its attention is MultiHeadAttention.
    const fits = await run({ ...staged, prefix }, DEFAULT_SCORE_ELEMENTS);
    expect(fits.steps).toBe(1 + 1 + weightSteps + 1);
    for (const k of ["cls", "colbert", "sparse"] as const) {
      const scale = Math.max(1, ...reference.out[k].map(Math.abs));
      expect(maxAbsDiff(fits.out[k], reference.out[k]) / scale).toBeLessThan(SAME);
    }
    const stagedSteps = 1 + 2 * (1 + weightSteps) + 1;
    for (const limits of [
      { maxSeq: seq - 1, maxTokens: batch * seq },
      { maxSeq: seq, maxTokens: batch * seq - 1 },
    ]) {
      const over = await run({ ...staged, prefix: { ...prefix, ...limits } }, DEFAULT_SCORE_ELEMENTS);
      expect(over.steps).toBe(stagedSteps);
    }
  });

  it("runs the last layer on the [CLS] position alone and no heads when only the dense vectors are needed", async () => {
    const reference = await run(whole, DEFAULT_SCORE_ELEMENTS);
    const last = countedRuns({ ...staged.stages.at(-1)!, heads: null });
    const counted = { ...staged, stages: [...staged.stages.slice(0, -1), last.stage] };
    for (const encoder of [counted, { ...counted, prefix }]) {
      let steps = 0;
      const r = await encodeBatch(
        { ...encoder, scoreElements: DEFAULT_SCORE_ELEMENTS },
        ids,
        mask,
        batch,
        seq,
        (fn) => {
          steps += 1;
          return fn();
        },
        "dense",
      );
      expect(r.heads).toBeNull();
      // The last layer: one attention step and one weight step, for one position; no heads step.
      const earlier = (staged.stages.length - 3) * (1 + Math.ceil(seq / Math.floor(DENSE_STEP_TOKENS / batch)));
      const before = encoder.prefix ? 1 : 1 + earlier;
      expect(steps).toBe(before + 2);
      const scale = Math.max(1, ...reference.out.cls.map(Math.abs));
      expect(maxAbsDiff(r.cls, reference.out.cls) / scale).toBeLessThan(SAME);
    }
    expect(last.runs()).toBe(2);
  });
});

describe("the int8 variant, chunked", () => {
  let copy: ReturnType<typeof copyTestModel>;
  const texts = goldenPairs.flatMap((p) => [p.a, p.b]);
  let chunked: Engine;
  let int8Full: Engine;
  let reference: Representation[];
  let cosChunked: number[];
  let cosFull: number[];

  beforeAll(async () => {
    copy = copyTestModel("bge-m3-int8-chunked-");
    quantizeModel(copy.graph, path.join(copy.dir, "onnx/model_int8.onnx"));
    [chunked, int8Full] = await Promise.all([
      Engine.load({ modelDir: copy.dir, threads: 2, variant: "int8", prefixMaxSeq: 0 }),
      Engine.load({ modelDir: copy.dir, threads: 2, variant: "int8", attention: "full" }),
    ]);
    // fp32 vectors do not depend on the batch (within 1e-5): the full engine's golden pairs serve as the reference.
    reference = results.get(full)!.flat();
    // One text at a time: int8 activation scales are per run, so a batch's company would move its vectors too.
    const cosines = async (e: Engine) => {
      const out: number[] = [];
      for (const [i, t] of texts.entries()) out.push(denseScore((await e.encode([t]))[0]!.dense, reference[i]!.dense));
      return out;
    };
    cosChunked = await cosines(chunked);
    cosFull = await cosines(int8Full);
  });
  afterAll(() => copy.remove());

  it("loads with attention chunked: the quantised graph (fused Q/K/V, DynamicQuantizeMatMul) is cut too", () => {
    expect(chunked.execution).toMatchObject({ variant: "int8", attention: "chunked", attentionFallback: null });
    expect(int8Full.execution).toMatchObject({ variant: "int8", attention: "full" });
  });

  it("keeps the mean and least dense cosine to fp32 on the golden texts within 1e-5 of full attention's", () => {
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean(cosChunked) - mean(cosFull))).toBeLessThan(SAME);
    expect(Math.abs(Math.min(...cosChunked) - Math.min(...cosFull))).toBeLessThan(SAME);
    expect(mean(cosChunked)).toBeGreaterThan(0.99);
  });

  it("keeps each text's dense cosine within 1e-4 of full attention's when each of its stages runs in one step", () => {
    const oneStep = texts
      .map((t, i) => ({ i, len: base.tokenize(t).ids.length }))
      .filter(({ len }) => flashRows(1, len) >= len && len <= DENSE_STEP_TOKENS);
    expect(oneStep.length).toBe(texts.length - 1); // all but the 4,863-token text
    // A text alone runs flash attention, which rounds otherwise than MatMul, Softmax and MatMul; int8's per-run
    // activation scales carry the difference on (fp32 stays within 1e-5, above).
    const moved = oneStep.map(({ i }) => Math.abs(cosChunked[i]! - cosFull[i]!));
    expect(Math.max(...moved)).toBeLessThan(1e-4);
  });

  it("moves a text taken in several chunks by less than 5e-4 (activation scales are per chunk in int8)", () => {
    // DynamicQuantizeMatMul quantises its input with one scale per run, so the projections and feed-forward of a
    // chunk of rows see other scales than the whole sequence would: int8 weight stages are not exactly row-wise.
    // Measured: 1.3e-4 for the 4,863-token text in 1,024-token weight chunks (3e-5 when stages took whole layers), a
    // tenth of int8's own drift from fp32 here (1 − cosine ≈ 1.5e-3).
    const i = texts.findIndex((t) => base.tokenize(t).ids.length > 4000);
    const moved = Math.abs(cosChunked[i]! - cosFull[i]!);
    console.log(`int8, 4,863-token text: dense cosine to fp32 chunked − full = ${moved.toExponential(2)}`);
    expect(moved).toBeLessThan(5e-4);
  });
});
