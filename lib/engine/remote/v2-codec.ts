/**
 * The Open Inference Protocol v2 over REST with its binary tensor data extension: an inference request whose tensors
 * follow the JSON header as raw little-endian bytes (`binary_data_size`, `Inference-Header-Content-Length`), and the
 * answer read the same way (or from JSON `data`, for a server that ignores `binary_data`). Every answer is checked
 * with zod before a byte of it is used.
 */
import os from "node:os";
import { z } from "zod";

export const TensorMetadataSchema = z.object({
  name: z.string(),
  datatype: z.string(),
  shape: z.array(z.number().int()),
});

/** `GET v2/models/NAME[/versions/V]`. */
export const ModelMetadataSchema = z.object({
  name: z.string(),
  versions: z.array(z.string()).optional(),
  platform: z.string().optional(),
  inputs: z.array(TensorMetadataSchema),
  outputs: z.array(TensorMetadataSchema),
});
export type ModelMetadata = z.infer<typeof ModelMetadataSchema>;

const ResponseOutputSchema = z.object({
  name: z.string(),
  datatype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  parameters: z.object({ binary_data_size: z.number().int().nonnegative().optional() }).optional(),
  data: z.array(z.unknown()).optional(),
});

const InferResponseSchema = z.object({ outputs: z.array(ResponseOutputSchema) });

export const HEADER_LENGTH = "inference-header-content-length";

/** An INT64 tensor to send as binary data. */
export interface Int64Input {
  name: string;
  shape: readonly number[];
  data: BigInt64Array;
}

// Typed arrays use the machine's byte order; the extension's is little-endian, like every machine this runs on.
const littleEndian = os.endianness() === "LE";

const bytesOf = (a: BigInt64Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The request body (JSON header, then each input's bytes) and the header length to send with it. */
export function inferRequest(inputs: readonly Int64Input[], output: string): { body: Buffer; headerLength: number } {
  if (!littleEndian) throw new Error("the binary tensor data extension needs a little-endian machine");
  const header = Buffer.from(
    JSON.stringify({
      inputs: inputs.map((t) => ({
        name: t.name,
        shape: t.shape,
        datatype: "INT64",
        parameters: { binary_data_size: t.data.byteLength },
      })),
      outputs: [{ name: output, parameters: { binary_data: true } }],
    }),
  );
  return { body: Buffer.concat([header, ...inputs.map((t) => bytesOf(t.data))]), headerLength: header.length };
}

/** Why an answer cannot be used, in words for the error message. */
export class BadAnswer extends Error {}

function splitBody(body: Buffer, headerLength: string | string[] | undefined): { json: Buffer; binary: Buffer } {
  if (headerLength === undefined) return { json: body, binary: Buffer.alloc(0) };
  const n = Number(headerLength);
  if (!Number.isInteger(n) || n < 0 || n > body.length)
    throw new BadAnswer(`Inference-Header-Content-Length ${headerLength} does not fit a ${body.length}-byte body`);
  return { json: body.subarray(0, n), binary: body.subarray(n) };
}

function parseHeader(json: Buffer): z.infer<typeof InferResponseSchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(json.toString("utf8"));
  } catch {
    throw new BadAnswer("its JSON header does not parse");
  }
  const parsed = InferResponseSchema.safeParse(raw);
  if (!parsed.success)
    throw new BadAnswer(`its JSON header is not an inference response (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

const finiteNumbers = z.array(z.number());

/**
 * The FP32 output `name` of an inference answer, which must have exactly `dims`; a copy, aligned for Float32Array.
 * Binary outputs lie after the header in the order of `outputs`.
 */
export function readFloatOutput(
  body: Buffer,
  headerLength: string | string[] | undefined,
  name: string,
  dims: readonly number[],
): Float32Array {
  const { json, binary } = splitBody(body, headerLength);
  const { outputs } = parseHeader(json);
  let offset = 0;
  for (const out of outputs) {
    const size = out.parameters?.binary_data_size;
    if (out.name !== name) {
      offset += size ?? 0;
      continue;
    }
    if (out.datatype !== "FP32") throw new BadAnswer(`${name} is ${out.datatype}, not FP32`);
    if (out.shape.length !== dims.length || out.shape.some((d, i) => d !== dims[i]))
      throw new BadAnswer(`${name} has shape [${out.shape}], expected [${dims}]`);
    const count = dims.reduce((a, b) => a * b, 1);
    const result = new Float32Array(count);
    if (size !== undefined) {
      if (size !== count * 4 || offset + size > binary.length)
        throw new BadAnswer(`${name} has ${size} binary bytes where [${dims}] FP32 needs ${count * 4}`);
      new Uint8Array(result.buffer).set(binary.subarray(offset, offset + size));
      return result;
    }
    const data = finiteNumbers.safeParse(out.data?.flat(dims.length));
    if (!data.success || data.data.length !== count)
      throw new BadAnswer(`${name} carries neither binary data nor ${count} JSON numbers`);
    result.set(data.data);
    return result;
  }
  throw new BadAnswer(`it has no output ${name} (outputs: ${outputs.map((o) => o.name).join(", ") || "none"})`);
}
