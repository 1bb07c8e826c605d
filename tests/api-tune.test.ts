import { beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorBody } from "@/lib/api/schemas";
import { type TuneResponse, TuneResponseSchema } from "@/lib/api/tune-contract";
import { postJson } from "./helpers/post-json";

let POST: (req: Request) => Promise<Response>;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  POST = (await import("@/lib/api/handlers")).API_HANDLERS["/api/tune"];
});

const post = (body: unknown, headers?: Record<string, string>) =>
  postJson(POST, "http://127.0.0.1/api/tune", body, headers);

const SENTENCES = [
  "气候变化是全球挑战",
  "Climate change is a global challenge",
  "環境変動は世界的な課題です",
  "我喜欢看书",
  "阅读使我快乐",
  "I enjoy reading books",
  "The cat sleeps on the sofa",
  "Le chat dort sur le canapé",
  "Die Katze schläft auf dem Sofa",
  "How do I reset my password?",
  "Click 'Forgot password' on the sign-in page to reset it.",
  "Our office is closed on public holidays.",
  "El tren sale a las ocho de la mañana",
  "The train leaves at eight in the morning",
  "Rust guarantees memory safety without a garbage collector",
  "ECONNREFUSED 127.0.0.1:5432 when connecting to Postgres",
  "Use the service name as the database host in Docker Compose",
  "今天天气很好，我们去公园吧",
  "The weather is nice today, let's go to the park",
  "Photosynthesis turns light into chemical energy",
  "Пойдём гулять в парк",
  "Water boils at 100 degrees Celsius at sea level",
  "물은 해수면에서 섭씨 100도에서 끓는다",
  "BGE M3 supports dense, sparse and multi-vector retrieval",
];

/** 200 pairs, deterministic: graded labels 0–4 and, for the binary set, 0/1. */
const PAIRS = Array.from({ length: 200 }, (_, k) => ({
  a: SENTENCES[k % SENTENCES.length]!,
  b: SENTENCES[(k * 7 + 3) % SENTENCES.length]!,
  label: (k * 13) % 5,
}));
const BINARY = PAIRS.map((p, k) => ({ ...p, label: k % 3 === 0 ? 1 : 0 }));

// ---- The independent computation: plain loops, no lib/m3 code. ----

/** Average rank of each value, by counting (O(n²)): 1 + values below + (values equal − 1) / 2. */
function plainRanks(xs: number[]): number[] {
  return xs.map((x) => {
    let below = 0;
    let equal = 0;
    for (const y of xs) {
      if (y < x) below++;
      else if (y === x) equal++;
    }
    return 1 + below + (equal - 1) / 2;
  });
}

function plainPearson(x: number[], y: number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

function plainAuc(h: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < h.length; i++) {
    for (let j = 0; j < h.length; j++) {
      if (labels[i] !== 1 || labels[j] !== 0) continue;
      pairs++;
      wins += h[i]! > h[j]! ? 1 : h[i] === h[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

/** Grid of step 1/n in the order dense descending, then sparse descending; best = first strict maximum. */
function plainBest(res: TuneResponse, labels: number[], metric: "spearman" | "pearson" | "auc", n: number) {
  let best: { weights: { dense: number; sparse: number; colbert: number }; value: number } | null = null;
  for (let i = n; i >= 0; i--) {
    for (let j = n - i; j >= 0; j--) {
      const w = { dense: i / n, sparse: j / n, colbert: (n - i - j) / n };
      const sum = w.dense + w.sparse + w.colbert;
      const h = res.scores.map(
        (s) => (w.dense / sum) * s.dense + (w.sparse / sum) * s.sparse + (w.colbert / sum) * s.colbert,
      );
      const value =
        metric === "spearman"
          ? plainPearson(plainRanks(h), plainRanks(labels))
          : metric === "pearson"
            ? plainPearson(h, labels)
            : plainAuc(h, labels);
      if (!Number.isNaN(value) && (best === null || value > best.value)) best = { weights: w, value };
    }
  }
  return best!;
}

describe("POST /api/tune on 200 labelled pairs", () => {
  let spearmanRes: TuneResponse;
  beforeAll(async () => {
    const r = await post({ pairs: PAIRS });
    expect(r.status).toBe(200);
    spearmanRes = TuneResponseSchema.strict().parse(await r.json());
  });

  it("returns one score triple per pair, in input order, encoding each distinct text once", () => {
    expect(spearmanRes.scores).toHaveLength(200);
    expect(spearmanRes.distinct_texts).toBe(SENTENCES.length);
    for (const s of spearmanRes.scores) {
      expect(Number.isFinite(s.dense) && Number.isFinite(s.sparse) && Number.isFinite(s.colbert)).toBe(true);
    }
    // Pairs 0 and 24 are the same texts, so they must score the same.
    expect(spearmanRes.scores[24]).toEqual(spearmanRes.scores[0]);
  });

  it("defaults to Spearman over the 66-point grid of step 0.1", () => {
    expect(spearmanRes.metric).toBe("spearman");
    expect(spearmanRes.step).toBe(0.1);
    expect(spearmanRes.grid).toHaveLength(66);
    expect(spearmanRes.grid[0]!.weights).toEqual({ dense: 1, sparse: 0, colbert: 0 });
    expect(spearmanRes.grid[65]!.weights).toEqual({ dense: 0, sparse: 0, colbert: 1 });
    expect(spearmanRes.labels).toBe("numeric");
    expect(spearmanRes.best.threshold).toBeUndefined();
  });

  it("picks the same best weights as an independent computation from its own scores (Spearman)", () => {
    const labels = PAIRS.map((p) => p.label);
    const expected = plainBest(spearmanRes, labels, "spearman", 10);
    expect(spearmanRes.best.weights).toEqual(expected.weights);
    expect(spearmanRes.best.value).toBeCloseTo(expected.value, 10);
  });

  it("picks the same best weights as an independent computation for Pearson at step 0.05", async () => {
    const res = (await (await post({ pairs: PAIRS, metric: "pearson", step: 0.05 })).json()) as TuneResponse;
    expect(res.grid).toHaveLength(231);
    const expected = plainBest(
      res,
      PAIRS.map((p) => p.label),
      "pearson",
      20,
    );
    expect(res.best.weights).toEqual(expected.weights);
    expect(res.best.value).toBeCloseTo(expected.value, 10);
  });

  it("for 0/1 labels maximises ROC-AUC like the independent computation and reports a threshold with its F1", async () => {
    const res = (await (await post({ pairs: BINARY, metric: "auc" })).json()) as TuneResponse;
    const labels = BINARY.map((p) => p.label);
    const expected = plainBest(res, labels, "auc", 10);
    expect(res.labels).toBe("binary");
    expect(res.best.weights).toEqual(expected.weights);
    expect(res.best.value).toBeCloseTo(expected.value, 12);
    // The threshold's F1, recomputed plainly: predict positive when hybrid ≥ threshold.
    const w = res.best.weights;
    const h = res.scores.map((s) => w.dense * s.dense + w.sparse * s.sparse + w.colbert * s.colbert);
    const t = res.best.threshold!;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    h.forEach((v, i) => {
      if (v >= t - 1e-12 && labels[i] === 1) tp++;
      else if (v >= t - 1e-12) fp++;
      else if (labels[i] === 1) fn++;
    });
    expect(res.best.f1).toBeCloseTo((2 * tp) / (2 * tp + fp + fn), 12);
  });

  it("gives every grid value, null only where the metric is undefined", () => {
    for (const p of spearmanRes.grid) {
      expect(p.value === null || (p.value >= -1 && p.value <= 1)).toBe(true);
      expect(Math.abs(p.weights.dense + p.weights.sparse + p.weights.colbert - 1)).toBeLessThan(1e-12);
    }
  });

  it("streams encoding progress as NDJSON when asked, ending with the same result", async () => {
    const r = await post(
      { pairs: PAIRS },
      {
        "content-type": "application/json",
        accept: "application/x-ndjson",
      },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const lines = (await r.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const encode = lines.filter((l) => l.type === "progress" && l.stage === "encode");
    expect(encode.length).toBeGreaterThan(1);
    expect(encode.map((l) => l.done)).toEqual([...encode.map((l) => l.done)].sort((a, b) => a - b));
    expect(encode.at(-1)).toMatchObject({ done: SENTENCES.length, total: SENTENCES.length });
    const last = lines.at(-1);
    expect(last.type).toBe("result");
    expect(last.data.best).toEqual(spearmanRes.best);
    expect(last.data.scores).toEqual(spearmanRes.scores);
  });
});

describe("POST /api/tune validation", () => {
  const errorOf = async (body: unknown, headers?: Record<string, string>) => {
    const r = await post(body, headers);
    return { status: r.status, body: (await r.json()) as ApiErrorBody };
  };

  it("refuses a body that is not JSON (415) or not parseable (400)", async () => {
    expect((await errorOf({ pairs: PAIRS }, { "content-type": "text/plain" })).status).toBe(415);
    const bad = await errorOf("{pairs: [", { "content-type": "application/json" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.type).toBe("invalid_json");
  });

  it("names the field: missing pairs, a single pair, an empty text, a missing label", async () => {
    expect((await errorOf({})).body.error.field).toBe("pairs");
    expect((await errorOf({ pairs: PAIRS.slice(0, 1) })).body.error.field).toBe("pairs");
    const empty = await errorOf({ pairs: [{ a: "", b: "x", label: 1 }, PAIRS[1]] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe("pairs.0.a");
    expect((await errorOf({ pairs: [{ a: "x", b: "y" }, PAIRS[1]] })).body.error.field).toBe("pairs.0.label");
  });

  it("refuses a step that does not divide 1 and an unknown metric", async () => {
    const step = await errorOf({ pairs: PAIRS, step: 0.3 });
    expect(step.status).toBe(400);
    expect(step.body.error.field).toBe("step");
    expect((await errorOf({ pairs: PAIRS, metric: "ndcg" })).body.error.field).toBe("metric");
  });

  it("refuses auc for graded labels, and labels that are all equal, before encoding anything", async () => {
    const auc = await errorOf({ pairs: PAIRS, metric: "auc" });
    expect(auc.status).toBe(400);
    expect(auc.body.error.field).toBe("metric");
    expect(auc.body.error.message).toMatch(/0 or 1/);
    const same = await errorOf({ pairs: PAIRS.map((p) => ({ ...p, label: 3 })) });
    expect(same.status).toBe(400);
    expect(same.body.error.field).toBe("pairs");
    expect(same.body.error.message).toMatch(/all labels are equal/);
  });

  it("refuses unknown fields", async () => {
    const r = await errorOf({ pairs: PAIRS, weights: { dense: 1, sparse: 0, colbert: 0 } });
    expect(r.status).toBe(400);
    expect(r.body.error.type).toBe("invalid_request");
  });
});
