/**
 * A bge-m3 encoder served over the Open Inference Protocol v2 (Triton, KServe, MLServer): the model's metadata says
 * which token-level output it has; each batch goes out as INT64 `input_ids` and `attention_mask` [B, S] and comes back
 * as FP32 [B, S, H], both as binary tensor data.
 */
import { HIDDEN_STATE_OUTPUTS } from "@/lib/model/encoder-stages";
import type { HiddenStatesBackend, TokenRows } from "./backend";
import type { RemoteClient } from "./client";
import {
  BadAnswer,
  HEADER_LENGTH,
  inferRequest,
  type ModelMetadata,
  ModelMetadataSchema,
  readFloatOutput,
} from "./v2-codec";

const INPUTS = ["input_ids", "attention_mask"] as const;
const METADATA_MAX_BYTES = 1 << 20;
/** Room for the answer's JSON header beside the tensor bytes. */
const HEADER_SLACK_BYTES = 64 * 1024;
/** A server that ignores `binary_data` answers with JSON numbers: at most this many bytes each. */
const JSON_BYTES_PER_FLOAT = 26;

export class KServeV2Backend implements HiddenStatesBackend {
  private output: string | null = null;

  constructor(
    private readonly client: RemoteClient,
    private readonly hidden: number,
  ) {}

  get maxRows(): number {
    return this.client.target.settings.maxBatchRows;
  }

  async check(signal?: AbortSignal): Promise<void> {
    const answer = await this.client.request({
      endpoint: "metadata",
      method: "GET",
      path: this.client.target.modelPath,
      maxBytes: METADATA_MAX_BYTES,
      signal,
    });
    let raw: unknown;
    try {
      raw = JSON.parse(answer.body.toString("utf8"));
    } catch {
      throw this.client.error(`the model metadata from ${this.client.url} is not JSON`);
    }
    const parsed = ModelMetadataSchema.safeParse(raw);
    if (!parsed.success) throw this.client.error(`the model metadata from ${this.client.url} is not v2 model metadata`);
    this.output = this.tokenOutput(parsed.data);
    this.client.note("ok", null);
  }

  /** The token-level output's name, once the inputs and the output fit this model. */
  private tokenOutput(meta: ModelMetadata): string {
    const where = `the model ${meta.name} at ${this.client.url}`;
    for (const name of INPUTS) {
      const input = meta.inputs.find((t) => t.name === name);
      if (!input)
        throw this.client.error(`${where} has no input ${name} (inputs: ${meta.inputs.map((t) => t.name).join(", ")})`);
      if (input.datatype !== "INT64") throw this.client.error(`${where} takes ${name} as ${input.datatype}, not INT64`);
    }
    const extra = meta.inputs.filter((t) => !(INPUTS as readonly string[]).includes(t.name));
    if (extra.length > 0)
      throw this.client.error(
        `${where} also needs ${extra.map((t) => t.name).join(", ")}; bge-m3 takes only ${INPUTS.join(" and ")}`,
      );
    const out = meta.outputs.find((t) => (HIDDEN_STATE_OUTPUTS as readonly string[]).includes(t.name));
    if (!out)
      throw this.client.error(
        `${where} has no token-level output (expected one of ${HIDDEN_STATE_OUTPUTS.join(", ")}); its outputs are: ${meta.outputs.map((t) => t.name).join(", ")}`,
      );
    if (out.datatype !== "FP32") throw this.client.error(`${where} gives ${out.name} as ${out.datatype}, not FP32`);
    const h = out.shape.at(-1);
    if (out.shape.length !== 3 || (h !== -1 && h !== this.hidden))
      throw this.client.error(
        `${where} gives ${out.name} of shape [${out.shape}], but config.json says hidden_size ${this.hidden}: the remote encoder is not this model`,
      );
    return out.name;
  }

  async hiddenStates(batch: TokenRows, signal?: AbortSignal): Promise<Float32Array> {
    const output = this.output;
    if (!output) throw new Error("the v2 model's metadata has not been checked yet");
    const shape = [batch.rows, batch.seq];
    const { body, headerLength } = inferRequest(
      [
        { name: "input_ids", shape, data: batch.ids },
        { name: "attention_mask", shape, data: batch.mask },
      ],
      output,
    );
    const floats = batch.rows * batch.seq * this.hidden;
    const answer = await this.client.request({
      endpoint: "infer",
      method: "POST",
      path: `${this.client.target.modelPath}/infer`,
      headers: { "content-type": "application/octet-stream", "inference-header-content-length": String(headerLength) },
      body,
      maxBytes: HEADER_SLACK_BYTES + floats * JSON_BYTES_PER_FLOAT,
      signal,
    });
    try {
      return readFloatOutput(answer.body, answer.headers[HEADER_LENGTH], output, [batch.rows, batch.seq, this.hidden]);
    } catch (e) {
      if (!(e instanceof BadAnswer)) throw e;
      throw this.client.error(`the inference answer from ${this.client.url} cannot be used: ${e.message}`);
    }
  }

  async probe(): Promise<void> {
    await this.client.request({
      endpoint: "ready",
      method: "GET",
      path: `${this.client.target.modelPath}/ready`,
      maxBytes: METADATA_MAX_BYTES,
      timeoutMs: Math.min(2_000, this.client.target.settings.timeoutMs),
    });
  }
}
