/**
 * A JSON response written a slice at a time, so a large body (one 8,192-token text's ColBERT vectors are 8 million
 * numbers) never holds the event loop for long. The text is exactly `JSON.stringify`'s, with Float32Arrays written as
 * arrays of numbers and `Base64Float32`s as base64 strings.
 */
import { yieldToEventLoop } from "@/lib/event-loop";
import { Base64Float32, float32Base64 } from "./vector-encoding";

/** Longest stretch of serialising before the event loop gets a turn (ms). */
const SLICE_MS = 8;
/** Bytes gathered before a chunk is handed to the stream. */
const CHUNK_CHARS = 1 << 16;

/** Numbers of a flat array written by one `JSON.stringify`: one number a piece would cost more than the numbers. */
const FLAT_PIECE = 4096;

type Json = unknown;

const isNumber = (x: unknown) => typeof x === "number";
const isNumberOrString = (x: unknown) => isNumber(x) || typeof x === "string";

/** A flat array of numbers, FLAT_PIECE values a piece. */
function* flatPieces(values: ArrayLike<unknown> & { slice(s: number, e: number): ArrayLike<unknown> }) {
  if (values.length === 0) yield "[]";
  for (let i = 0; i < values.length; i += FLAT_PIECE) {
    const part = values.slice(i, i + FLAT_PIECE);
    const text = JSON.stringify(part instanceof Float32Array ? Array.from(part) : part);
    yield `${i === 0 ? "[" : ","}${text.slice(1, -1)}${i + FLAT_PIECE >= values.length ? "]" : ""}`;
  }
}

/** Values of a base64 piece: a multiple of 3 (12 bytes), so the pieces' base64 joins with no padding in between. */
const BASE64_PIECE = 3 * 4096;

/** A `Base64Float32` as a JSON string, BASE64_PIECE values a piece. */
function* base64Pieces(values: Float32Array) {
  if (values.length === 0) yield '""';
  for (let i = 0; i < values.length; i += BASE64_PIECE) {
    const end = i + BASE64_PIECE >= values.length;
    yield `${i === 0 ? '"' : ""}${float32Base64(values.subarray(i, i + BASE64_PIECE))}${end ? '"' : ""}`;
  }
}

/** A flat array with strings among its values, one value a piece: one string can be kilobytes. */
function* valuePieces(values: readonly unknown[]) {
  yield "[";
  for (let i = 0; i < values.length; i++) yield `${i === 0 ? "" : ","}${JSON.stringify(values[i])}`;
  yield "]";
}

/**
 * The JSON text of `value` in pieces; Float32Arrays become arrays, `Base64Float32`s strings, `undefined` object fields
 * are left out.
 */
function* pieces(value: Json): Generator<string> {
  if (value instanceof Float32Array || (Array.isArray(value) && value.every(isNumber))) {
    yield* flatPieces(value);
  } else if (value instanceof Base64Float32) {
    yield* base64Pieces(value.values);
  } else if (Array.isArray(value) && value.every(isNumberOrString)) {
    yield* valuePieces(value);
  } else if (Array.isArray(value)) {
    yield "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ",";
      const item = value[i];
      if (item === undefined || typeof item === "function") yield "null";
      else yield* pieces(item);
    }
    yield "]";
  } else if (value !== null && typeof value === "object" && !("toJSON" in value)) {
    yield "{";
    let first = true;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === "function") continue;
      yield `${first ? "" : ","}${JSON.stringify(key)}:`;
      first = false;
      yield* pieces(item);
    }
    yield "}";
  } else {
    yield JSON.stringify(value) ?? "null";
  }
}

/** A 200 JSON response whose body is serialised in slices of about SLICE_MS. */
export function slicedJsonResponse(value: Json, init: ResponseInit = {}): Response {
  const encoder = new TextEncoder();
  const parts = pieces(value);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const started = performance.now();
      let chunk = "";
      for (let next = parts.next(); ; next = parts.next()) {
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
        if (chunk.length >= CHUNK_CHARS) {
          controller.enqueue(encoder.encode(chunk));
          chunk = "";
          if (performance.now() - started > SLICE_MS) break;
        }
      }
      await yieldToEventLoop();
    },
  });
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  return new Response(body, { ...init, headers });
}
