/**
 * A server shaped like text-embeddings-inference's HTTP API (router/src/http/types.rs and server.rs): `/embed_all`
 * (every token's hidden state), `/tokenize`, `/health` and `/info`, serving the test model's ONNX graph from this
 * process on 127.0.0.1. Inputs are texts or token ids; TEI turns ids back into text and tokenizes it again without
 * special tokens, which for this model's own ids gives the same ids: `faults.retokenize` plays a tokenizer that does
 * not. Faults can be switched on while it runs.
 */
import http from "node:http";
import { loadTokenizer, type TextTokenizer } from "@/lib/engine/tokenizer";
import {
  type EncoderModel,
  FAKE_MODEL_DIR,
  type FakeModelOptions,
  loadEncoderModel,
  padRows,
} from "./fake-encoder-model";
import { Delays, listenLocally, readBody, sendJson } from "./fake-http";

export interface TeiFaults {
  /** TEI's own tokenization of the ids it was sent (default: the same ids). */
  retokenize?: (ids: number[]) => number[];
  /** Answers the next `times` embed_all requests with `status`, then serves again. */
  refuse?: { status: number; times: number; retryAfter?: string };
  delayMs?: number;
}

export interface TeiStats {
  embedAll: number;
  tokenize: number;
  /** Texts of each embed_all request. */
  rows: number[];
  /** Milliseconds from each embed_all request's arrival to its answer's last byte. */
  handlerMs: number[];
}

export interface FakeTeiServer {
  url: string;
  encoder: string;
  faults: TeiFaults;
  stats: TeiStats;
  close(): Promise<void>;
}

type InputType = string | number[];

const MAX_INPUT_LENGTH = 8192;

class TeiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/** `Input`: a string, ids, or a batch of either. */
function batchOf(inputs: unknown): InputType[] {
  const isIds = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => Number.isInteger(v) && v >= 0);
  if (typeof inputs === "string" || isIds(inputs)) return [inputs];
  if (Array.isArray(inputs) && inputs.length > 0 && inputs.every((x) => typeof x === "string" || isIds(x)))
    return inputs as InputType[];
  throw new TeiError(422, "Validation", "inputs must be a string, ids, or a batch of them");
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req);
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new TeiError(422, "Validation", "the body is not JSON");
  }
}

export async function startFakeTeiServer(
  opts: FakeModelOptions & { maxClientBatchSize?: number } = {},
): Promise<FakeTeiServer> {
  const model: EncoderModel = await loadEncoderModel(opts);
  const tokenizer: TextTokenizer = await loadTokenizer(opts.modelDir ?? FAKE_MODEL_DIR);
  const maxClientBatch = opts.maxClientBatchSize ?? 32;
  const faults: TeiFaults = {};
  const stats: TeiStats = { embedAll: 0, tokenize: 0, rows: [], handlerMs: [] };
  const delays = new Delays();

  /** TEI's ids for one input: a text tokenized with special tokens, or ids decoded and tokenized again without. */
  const idsOf = (input: InputType, addSpecial: boolean): number[] => {
    if (typeof input !== "string") return faults.retokenize?.(input) ?? input;
    const ids = tokenizer.encode(input, MAX_INPUT_LENGTH).ids;
    return addSpecial ? ids : ids.slice(1, -1);
  };

  function checkBatch(batch: InputType[]): void {
    if (batch.length > maxClientBatch)
      throw new TeiError(
        413,
        "Validation",
        `batch size ${batch.length} > maximum allowed batch size ${maxClientBatch}`,
      );
  }

  async function embedAll(body: Record<string, unknown>, res: http.ServerResponse): Promise<void> {
    stats.embedAll++;
    if (faults.refuse && faults.refuse.times > 0) {
      faults.refuse.times--;
      const headers: Record<string, string> = faults.refuse.retryAfter
        ? { "retry-after": faults.refuse.retryAfter }
        : {};
      return sendJson(res, faults.refuse.status, { error: "Model is overloaded", error_type: "overloaded" }, headers);
    }
    const batch = batchOf(body.inputs);
    checkBatch(batch);
    stats.rows.push(batch.length);
    const rows = batch.map((x) => idsOf(x, true));
    if (faults.delayMs) await delays.wait(faults.delayMs);
    const { ids, mask, seq } = padRows(rows);
    const hidden = await model.run(ids, mask, rows.length, seq);
    const H = model.hidden;
    const out = rows.map((r, k) =>
      r.map((_, t) => Array.from(hidden.subarray((k * seq + t) * H, (k * seq + t + 1) * H))),
    );
    sendJson(res, 200, out);
  }

  function tokenize(body: Record<string, unknown>, res: http.ServerResponse): void {
    stats.tokenize++;
    const batch = batchOf(body.inputs);
    checkBatch(batch);
    const addSpecial = body.add_special_tokens !== false;
    const out = batch.map((x) =>
      idsOf(x, addSpecial).map((id) => ({
        id,
        text: tokenizer.decodeToken(id),
        special: id <= 3,
        start: null,
        stop: null,
      })),
    );
    sendJson(res, 200, out);
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0]!;
    if (req.method === "GET" && path === "/health") {
      res.writeHead(200, { "content-length": "0" });
      return void res.end();
    }
    if (req.method === "GET" && path === "/info")
      return sendJson(res, 200, {
        model_id: "BAAI/bge-m3",
        model_sha: null,
        model_dtype: "float32",
        model_type: { embedding: { pooling: "cls" } },
        max_concurrent_requests: 512,
        max_input_length: MAX_INPUT_LENGTH,
        max_batch_tokens: 16384,
        max_batch_requests: null,
        max_client_batch_size: maxClientBatch,
        auto_truncate: false,
        tokenization_workers: 1,
        version: "fake",
      });
    if (req.method === "POST" && path === "/embed_all") {
      const t0 = performance.now();
      res.on("finish", () => stats.handlerMs.push(performance.now() - t0));
      return embedAll(await readJson(req), res);
    }
    if (req.method === "POST" && path === "/tokenize") return tokenize(await readJson(req), res);
    throw new TeiError(404, "NotFound", `no route ${req.method} ${path}`);
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      const status = e instanceof TeiError ? e.status : 500;
      const errorType = e instanceof TeiError ? e.errorType : "backend";
      if (!res.headersSent)
        sendJson(res, status, { error: e instanceof Error ? e.message : String(e), error_type: errorType });
    });
  });
  const listener = await listenLocally(server, async () => {
    delays.clear();
    await model.release();
  });
  return { ...listener, encoder: `tei+${listener.url}`, faults, stats };
}
