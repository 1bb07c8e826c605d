/**
 * An inference server written to the Open Inference Protocol v2 REST spec (kserve/open-inference-protocol
 * inference_rest.md) with Triton's binary tensor data extension (extension_binary_data.md), serving the test model's
 * ONNX graph from this process on 127.0.0.1. Faults can be switched on while it runs; every request is counted.
 */
import http from "node:http";
import { type EncoderModel, type FakeModelOptions, loadEncoderModel } from "./fake-encoder-model";
import { Delays, listenLocally, readBody, sendJson } from "./fake-http";

export interface V2Faults {
  /** Answers the next `times` inference requests with `status` (and Retry-After when given), then serves again. */
  refuse?: { status: number; times: number; retryAfter?: string };
  /** Waits this long before answering an inference request. */
  delayMs?: number;
  /** Claims and gives hidden states of this size: a different model. */
  hidden?: number;
  /** Claims the model's own size in its metadata, but answers with this one. */
  answerHidden?: number;
  /** Answers with JSON `data` whatever was asked (a server without the binary extension). */
  jsonOnly?: boolean;
}

export interface V2Stats {
  infer: number;
  /** Rows of each inference request. */
  rows: number[];
  /** Inference requests whose inputs came as binary data. */
  binaryRequests: number;
  inFlight: number;
  maxInFlight: number;
  /** Milliseconds from each inference request's arrival to its answer's last byte. */
  handlerMs: number[];
}

export interface FakeV2Server {
  url: string;
  /** BGE_M3_ENCODER for this server. */
  encoder: string;
  port: number;
  faults: V2Faults;
  stats: V2Stats;
  close(): Promise<void>;
}

interface RequestInput {
  name: string;
  shape: number[];
  datatype: string;
  parameters?: { binary_data_size?: number };
  data?: unknown[];
}

interface InferRequest {
  inputs: RequestInput[];
  outputs?: { name: string; parameters?: { binary_data?: boolean } }[];
  parameters?: { binary_data_output?: boolean };
}

class ProtocolError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const DATATYPES: Record<string, string> = { int64: "INT64", float32: "FP32" };
const INPUT_NAMES = ["input_ids", "attention_mask"];

/** An INT64 input's values, from its binary bytes (little-endian) or its JSON data. */
function int64Values(input: RequestInput, binary: Buffer, offset: number): BigInt64Array {
  const count = input.shape.reduce((a, b) => a * b, 1);
  const size = input.parameters?.binary_data_size;
  if (size !== undefined) {
    if (size !== count * 8 || offset + size > binary.length)
      throw new ProtocolError(400, `input ${input.name}: binary_data_size ${size} does not fit shape [${input.shape}]`);
    const out = new BigInt64Array(count);
    for (let i = 0; i < count; i++) out[i] = binary.readBigInt64LE(offset + i * 8);
    return out;
  }
  const flat = (input.data ?? []).flat(8) as number[];
  if (flat.length !== count)
    throw new ProtocolError(400, `input ${input.name}: ${flat.length} values for shape [${input.shape}]`);
  return BigInt64Array.from(flat.map((x) => BigInt(x)));
}

/** The JSON header and the binary part of a request body. */
function splitRequest(req: http.IncomingMessage, body: Buffer): { request: InferRequest; binary: Buffer } {
  const raw = req.headers["inference-header-content-length"];
  const n = raw === undefined ? body.length : Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > body.length)
    throw new ProtocolError(400, "Inference-Header-Content-Length does not fit the body");
  try {
    return { request: JSON.parse(body.subarray(0, n).toString("utf8")) as InferRequest, binary: body.subarray(n) };
  } catch {
    throw new ProtocolError(400, "the inference request header is not JSON");
  }
}

/** Each vector of [rows·seq, hidden] cut or zero-padded to `width`. */
function resize(data: Float32Array, hidden: number, width: number): Float32Array {
  if (width === hidden) return data;
  const tokens = data.length / hidden;
  const out = new Float32Array(tokens * width);
  for (let t = 0; t < tokens; t++) out.set(data.subarray(t * hidden, t * hidden + Math.min(hidden, width)), t * width);
  return out;
}

export async function startFakeV2Server(opts: FakeModelOptions = {}): Promise<FakeV2Server> {
  const modelName = "bge-m3";
  const model: EncoderModel = await loadEncoderModel(opts);
  const faults: V2Faults = {};
  const stats: V2Stats = { infer: 0, rows: [], binaryRequests: 0, inFlight: 0, maxInFlight: 0, handlerMs: [] };
  const delays = new Delays();
  const base = `/v2/models/${modelName}`;

  const metadata = () => {
    const hidden = faults.hidden ?? model.hidden;
    return {
      name: modelName,
      versions: ["1"],
      platform: "onnxruntime_onnx",
      inputs: model.session.inputMetadata.map((m) => ({
        name: m.name,
        datatype: m.isTensor ? DATATYPES[m.type] : "BYTES",
        shape: [-1, -1],
      })),
      outputs: model.session.outputMetadata.map((m) => ({
        name: m.name,
        datatype: "FP32",
        shape: m.name === model.output ? [-1, -1, hidden] : [-1, hidden],
      })),
    };
  };

  async function infer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    stats.infer++;
    const t0 = performance.now();
    res.on("finish", () => stats.handlerMs.push(performance.now() - t0));
    if (faults.refuse && faults.refuse.times > 0) {
      faults.refuse.times--;
      const headers: Record<string, string> = faults.refuse.retryAfter
        ? { "retry-after": faults.refuse.retryAfter }
        : {};
      return sendJson(res, faults.refuse.status, { error: "the model is overloaded" }, headers);
    }
    const { request, binary } = splitRequest(req, await readBody(req));
    if (!Array.isArray(request.inputs)) throw new ProtocolError(400, "inputs must be an array");
    let offset = 0;
    const tensors = new Map<string, { values: BigInt64Array; shape: number[] }>();
    for (const input of request.inputs) {
      if (!INPUT_NAMES.includes(input.name)) throw new ProtocolError(400, `unexpected input ${input.name}`);
      if (input.datatype !== "INT64") throw new ProtocolError(400, `input ${input.name} must be INT64`);
      if (input.shape.length !== 2) throw new ProtocolError(400, `input ${input.name} must be [batch, seq]`);
      tensors.set(input.name, { values: int64Values(input, binary, offset), shape: input.shape });
      offset += input.parameters?.binary_data_size ?? 0;
    }
    const ids = tensors.get("input_ids");
    const mask = tensors.get("attention_mask");
    if (!ids || !mask) throw new ProtocolError(400, "input_ids and attention_mask are required");
    if (request.inputs.some((i) => i.parameters?.binary_data_size !== undefined)) stats.binaryRequests++;
    const [rows, seq] = ids.shape as [number, number];
    stats.rows.push(rows);
    const wanted = request.outputs ?? [{ name: model.output }];
    const unknown = wanted.find((o) => o.name !== model.output);
    if (unknown) throw new ProtocolError(400, `unexpected output ${unknown.name}`);
    if (faults.delayMs) await delays.wait(faults.delayMs);
    const width = faults.answerHidden ?? faults.hidden ?? model.hidden;
    const hidden = resize(await model.run(ids.values, mask.values, rows, seq), model.hidden, width);
    const output = { name: model.output, datatype: "FP32", shape: [rows, seq, width] };
    const asBinary =
      !faults.jsonOnly && (wanted[0]?.parameters?.binary_data ?? request.parameters?.binary_data_output ?? false);
    if (!asBinary) return sendJson(res, 200, { model_name: modelName, outputs: [{ ...output, data: [...hidden] }] });
    const bytes = Buffer.from(hidden.buffer, hidden.byteOffset, hidden.byteLength);
    const header = Buffer.from(
      JSON.stringify({
        model_name: modelName,
        outputs: [{ ...output, parameters: { binary_data_size: bytes.length } }],
      }),
    );
    res.writeHead(200, {
      "content-type": "application/octet-stream",
      "inference-header-content-length": String(header.length),
      "content-length": String(header.length + bytes.length),
    });
    res.end(Buffer.concat([header, bytes]));
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0]!;
    if (req.method === "GET" && path === "/v2")
      return sendJson(res, 200, { name: "fake-v2", version: "0", extensions: ["binary_tensor_data"] });
    if (req.method === "GET" && path === "/v2/health/live") return sendJson(res, 200, { live: true });
    if (req.method === "GET" && path === "/v2/health/ready") return sendJson(res, 200, { ready: true });
    if (req.method === "GET" && path === base) return sendJson(res, 200, metadata());
    if (req.method === "GET" && path === `${base}/ready`) return sendJson(res, 200, { name: modelName, ready: true });
    if (req.method === "POST" && path === `${base}/infer`) return infer(req, res);
    throw new ProtocolError(404, `no route ${req.method} ${path}`);
  }

  const server = http.createServer((req, res) => {
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.on("close", () => {
      stats.inFlight--;
    });
    route(req, res).catch((e: unknown) => {
      const status = e instanceof ProtocolError ? e.status : 500;
      if (!res.headersSent) sendJson(res, status, { error: e instanceof Error ? e.message : String(e) });
    });
  });
  const listener = await listenLocally(server, async () => {
    delays.clear();
    await model.release();
  });
  return { ...listener, encoder: `kserve-v2+${listener.url}${base}`, faults, stats };
}
