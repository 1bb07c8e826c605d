import { beforeAll, describe, expect, it } from "vitest";
import { type EmbedResponse, EmbedResponseSchema } from "@/lib/api/embed-contract";
import { maxSimMatrix } from "@/lib/m3/colbert";
import { base64Float32 } from "@/lib/ui/float32-base64";
import { postTo, quietRequestLogs } from "./helpers/api-request";
import { GOLDEN_TOLERANCE, goldenPairs, label, maxAbsDiff } from "./helpers/goldens";

type Handler = (req: Request) => Promise<Response>;
let apiEmbed: Handler;
let plainEmbed: Handler;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  await quietRequestLogs();
  const { API_HANDLERS } = await import("@/lib/api/handlers");
  apiEmbed = API_HANDLERS["/api/embed"];
  plainEmbed = API_HANDLERS["/embed"];
});

/** An answer with encoding_format float: every vector is JSON numbers. */
type FloatEmbedResponse = Omit<EmbedResponse, "embeddings" | "colbert"> & {
  embeddings?: number[][];
  colbert?: number[][][];
};

async function embed(body: unknown, handler = apiEmbed): Promise<FloatEmbedResponse> {
  const r = await postTo(handler, "/api/embed", body);
  expect(r.status).toBe(200);
  return EmbedResponseSchema.parse(await r.json()) as FloatEmbedResponse;
}

const sharedPairs = goldenPairs.slice(0, 14);

describe.each(sharedPairs.map((p) => [label(p), p] as const))(
  "POST /api/embed mode all on golden pair %s",
  (_, pair) => {
    let res: FloatEmbedResponse;
    beforeAll(async () => {
      res = await embed({ texts: [pair.a, pair.b], mode: "all" });
    });

    it("returns text a's dense vector within 1e-4 of the reference", () => {
      expect(maxAbsDiff(res.embeddings![0]!, pair.dense_a)).toBeLessThan(GOLDEN_TOLERANCE);
    });

    it("returns text a's sparse weights: the reference ids, each within 1e-4, with token texts", () => {
      const sparse = res.sparse![0]!;
      const byNumber = (x: string, y: string) => Number(x) - Number(y);
      expect(sparse.indices.map(String).sort(byNumber)).toEqual(Object.keys(pair.lexical_a).sort(byNumber));
      sparse.indices.forEach((id, k) => {
        expect(Math.abs(sparse.values[k]! - pair.lexical_a[String(id)]!)).toBeLessThan(GOLDEN_TOLERANCE);
      });
      expect(sparse.tokens).toHaveLength(sparse.indices.length);
    });

    it("returns ColBERT vectors whose MaxSim matrix equals the reference within 1e-4", () => {
      const toMulti = (rows: number[][]) => ({
        rows: rows.length,
        dim: res.dimension,
        data: Float32Array.from(rows.flat()),
      });
      const [ca, cb] = res.colbert! as [number[][], number[][]];
      expect(ca.length).toBe(pair.ids_a.length - 1);
      const m = maxSimMatrix(toMulti(ca), toMulti(cb));
      expect(maxAbsDiff(m.data, pair.maxsim.flat())).toBeLessThan(GOLDEN_TOLERANCE);
    });

    it("counts every token of both texts in usage", () => {
      expect(res.usage.tokens).toBe(pair.ids_a.length + pair.ids_b.length);
    });
  },
);

describe("POST /api/embed contract", () => {
  const pair = goldenPairs[0]!;

  it("defaults to dense only, with the model and its dimension", async () => {
    const res = await embed({ texts: [pair.a] });
    expect(res.embeddings).toHaveLength(1);
    expect(res.sparse).toBeUndefined();
    expect(res.colbert).toBeUndefined();
    expect(res.dimension).toBe(64);
    expect(res.embeddings![0]).toHaveLength(64);
    expect(res.model).toMatchObject({ name: "bge-m3-tiny", test_model: true, dimension: 64 });
  });

  it("gives mode dense the golden vectors, and mode all every representation of the same texts afterwards", async () => {
    // Mode dense runs without the heads and with the last layer on [CLS] alone (a 530-token text through the stages);
    // the cache keeps those entries apart.
    const pairs = [...goldenPairs.slice(20, 25), goldenPairs[13]!];
    const texts = pairs.map((p) => p.a);
    const dense = await embed({ texts, mode: "dense" });
    pairs.forEach((p, i) => {
      expect(maxAbsDiff(dense.embeddings![i]!, p.dense_a)).toBeLessThan(GOLDEN_TOLERANCE);
    });
    const all = await embed({ texts, mode: "all" });
    pairs.forEach((p, i) => {
      expect(maxAbsDiff(all.embeddings![i]!, p.dense_a)).toBeLessThan(GOLDEN_TOLERANCE);
      expect(all.colbert![i]).toHaveLength(p.ids_a.length - 1);
      expect(all.sparse![i]!.indices).toHaveLength(Object.keys(p.lexical_a).length);
    });
    // Now the full entries answer mode dense too.
    expect((await embed({ texts, mode: "dense" })).embeddings).toEqual(all.embeddings);
  });

  it("returns only the sparse field for mode sparse, and only colbert for mode colbert", async () => {
    const sparse = await embed({ texts: [pair.a], mode: "sparse" });
    expect(Object.keys(sparse).sort()).toEqual(["dimension", "model", "sparse", "usage"]);
    const colbert = await embed({ texts: [pair.a], mode: "colbert" });
    expect(Object.keys(colbert).sort()).toEqual(["colbert", "dimension", "model", "usage"]);
  });

  it("keeps the input order and gives unit-length dense vectors", async () => {
    const texts = ["short", pair.b, "a text of middling length about embeddings", pair.a];
    const res = await embed({ texts });
    const single = await Promise.all(texts.map((t) => embed({ texts: [t] })));
    res.embeddings!.forEach((v, i) => {
      expect(maxAbsDiff(v, single[i]!.embeddings![0]!)).toBeLessThan(1e-5);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    });
  });

  it("answers the same at /embed as at /api/embed", async () => {
    const a = await embed({ texts: [pair.a], mode: "all" });
    const b = await embed({ texts: [pair.a], mode: "all" }, plainEmbed);
    expect(b).toEqual(a);
  });

  it("truncates to max_length by default and counts the truncated tokens", async () => {
    const long = goldenPairs.find((p) => p.ids_a.length > 500)!;
    const res = await embed({ texts: [long.a], mode: "colbert", max_length: 16 });
    expect(res.colbert![0]).toHaveLength(15);
    expect(res.usage.tokens).toBe(16);
  });

  it("refuses a text over max_length with 413 naming it when truncate is false", async () => {
    const long = goldenPairs.find((p) => p.ids_a.length > 500)!;
    const r = await postTo(apiEmbed, "/api/embed", { texts: ["ok", long.a], max_length: 16, truncate: false });
    expect(r.status).toBe(413);
    const body = await r.json();
    expect(body.error).toMatchObject({ type: "payload_too_large", field: "texts.1" });
    expect(body.error.message).toContain(`${long.ids_a.length} tokens`);
  });

  it("accepts truncate false when every text fits", async () => {
    const res = await embed({ texts: [pair.a], truncate: false, max_length: pair.ids_a.length });
    expect(res.usage.tokens).toBe(pair.ids_a.length);
  });

  it("reports the queue and inference time and token count in TEI-style headers", async () => {
    const r = await postTo(apiEmbed, "/api/embed", { texts: ["headers, please"] });
    expect(Number(r.headers.get("x-total-tokens"))).toBeGreaterThan(2);
    for (const h of ["x-tokenization-time", "x-queue-time", "x-inference-time", "x-total-time"]) {
      expect(Number.isFinite(Number(r.headers.get(h)))).toBe(true);
    }
  });
});

describe("POST /api/embed with encoding_format base64", () => {
  it("gives every dense and ColBERT vector as base64 of the same little-endian float32 values, sparse as JSON", async () => {
    const texts = [goldenPairs[0]!.a, goldenPairs[0]!.b];
    const float = await embed({ texts, mode: "all" });
    const r = await postTo(apiEmbed, "/api/embed", { texts, mode: "all", encoding_format: "base64" });
    expect(r.status).toBe(200);
    const b64 = EmbedResponseSchema.parse(await r.json());
    const decode = (v: number[] | string) => {
      expect(typeof v).toBe("string");
      return Array.from(base64Float32(v as string));
    };
    const asFloat32 = (v: number[]) => Array.from(Float32Array.from(v));
    expect(b64.embeddings!.map(decode)).toEqual(float.embeddings!.map(asFloat32));
    expect(b64.colbert!.map((rows) => rows.map(decode))).toEqual(float.colbert!.map((rows) => rows.map(asFloat32)));
    expect(b64.colbert![0]!.length).toBe(float.colbert![0]!.length);
    expect(b64.sparse).toEqual(float.sparse);
  });

  it("refuses another encoding_format with a 400 naming the field", async () => {
    const r = await postTo(apiEmbed, "/api/embed", { texts: ["x"], encoding_format: "float16" });
    expect(r.status).toBe(400);
    expect((await r.json()).error.field).toBe("encoding_format");
  });
});
