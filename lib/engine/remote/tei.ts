/**
 * A bge-m3 encoder served by text-embeddings-inference: `/embed_all` gives every token's hidden state. TEI takes the
 * Studio's token ids, but turns them back into text and tokenizes that again, so each batch also goes to `/tokenize`:
 * when TEI's tokens are not exactly the Studio's, its rows would belong to other tokens, and the batch is refused.
 */
import { z } from "zod";
import { type HiddenStatesBackend, rowIds, type TokenRows } from "./backend";
import type { RemoteClient } from "./client";

const InfoSchema = z.object({
  model_id: z.string(),
  max_client_batch_size: z.number().int().positive().optional(),
});

const TokenizeSchema = z.array(z.array(z.object({ id: z.number().int().nonnegative() })));

const finiteRow = z.custom<number[]>(
  (v) => Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isFinite(x)),
);
const EmbedAllSchema = z.array(z.array(finiteRow));

const SMALL_MAX_BYTES = 1 << 20;
/** Bytes of one JSON number in TEI's answers, at most (e.g. `-0.0123456789,`), and room around them. */
const JSON_BYTES_PER_FLOAT = 26;
const SLACK_BYTES = 64 * 1024;
/** `<s></s>`: the smallest input, for the check at start. */
const PROBE_IDS = [0, 2];

export class TeiBackend implements HiddenStatesBackend {
  private clientBatch: number | null = null;

  constructor(
    private readonly client: RemoteClient,
    private readonly hidden: number,
  ) {}

  get maxRows(): number {
    const own = this.client.target.settings.maxBatchRows;
    return this.clientBatch === null ? own : Math.min(own, this.clientBatch);
  }

  async check(signal?: AbortSignal): Promise<void> {
    const info = await this.json(InfoSchema, "info", "/info", undefined, SMALL_MAX_BYTES, signal);
    this.clientBatch = info.max_client_batch_size ?? null;
    const probe: TokenRows = {
      ids: BigInt64Array.from(PROBE_IDS.map(BigInt)),
      mask: new BigInt64Array(PROBE_IDS.length).fill(1n),
      rows: 1,
      seq: PROBE_IDS.length,
      lengths: [PROBE_IDS.length],
    };
    await this.hiddenStates(probe, signal);
  }

  async hiddenStates(batch: TokenRows, signal?: AbortSignal): Promise<Float32Array> {
    const inputs = Array.from({ length: batch.rows }, (_, r) => rowIds(batch, r));
    const tokens = batch.lengths.reduce((a, b) => a + b, 0);
    const [teiIds, rows] = await Promise.all([
      this.json(
        TokenizeSchema,
        "tokenize",
        "/tokenize",
        { inputs, add_special_tokens: false },
        SLACK_BYTES + tokens * 256,
        signal,
      ),
      this.json(
        EmbedAllSchema,
        "embed_all",
        "/embed_all",
        { inputs, truncate: false },
        SLACK_BYTES + tokens * this.hidden * JSON_BYTES_PER_FLOAT,
        signal,
      ),
    ]);
    this.checkAligned(
      inputs,
      teiIds.map((row) => row.map((t) => t.id)),
      rows,
    );
    const out = new Float32Array(batch.rows * batch.seq * this.hidden);
    rows.forEach((vectors, r) => {
      vectors.forEach((v, t) => {
        out.set(v, (r * batch.seq + t) * this.hidden);
      });
    });
    this.client.note("ok", null);
    return out;
  }

  /** Refuses an answer unless TEI embedded exactly the Studio's tokens, one hidden-size row each. */
  private checkAligned(inputs: number[][], teiIds: number[][], rows: number[][][]): void {
    if (teiIds.length !== inputs.length || rows.length !== inputs.length)
      throw this.client.error(`TEI at ${this.client.url} answered for ${rows.length} texts, not ${inputs.length}`);
    inputs.forEach((ids, r) => {
      const theirs = teiIds[r]!;
      const at = ids.findIndex((id, i) => theirs[i] !== id);
      if (at >= 0 || theirs.length !== ids.length) {
        const where = at >= 0 ? at : Math.min(ids.length, theirs.length);
        throw this.client.error(
          `TEI at ${this.client.url} tokenizes text ${r} into ${theirs.length} tokens where the Studio has ${ids.length} ` +
            `(first difference at position ${where}: TEI ${theirs[where] ?? "none"}, Studio ${ids[where] ?? "none"}); ` +
            "its rows would not line up with the Studio's tokens: serve BAAI/bge-m3 with its own tokenizer",
        );
      }
      if (rows[r]!.length !== ids.length)
        throw this.client.error(
          `TEI at ${this.client.url} gave ${rows[r]!.length} rows for text ${r}'s ${ids.length} tokens`,
        );
      const bad = rows[r]!.find((v) => v.length !== this.hidden);
      if (bad)
        throw this.client.error(
          `TEI at ${this.client.url} gives hidden states of size ${bad.length}, but config.json says hidden_size ${this.hidden}: the remote encoder is not this model`,
        );
    });
  }

  async probe(): Promise<void> {
    await this.client.request({
      endpoint: "health",
      method: "GET",
      path: "/health",
      maxBytes: SMALL_MAX_BYTES,
      timeoutMs: Math.min(2_000, this.client.target.settings.timeoutMs),
    });
  }

  /** A JSON request (a GET when `body` is undefined) whose answer must fit `schema`. */
  private async json<S extends z.ZodType>(
    schema: S,
    endpoint: string,
    path: string,
    body: unknown,
    maxBytes: number,
    signal?: AbortSignal,
  ): Promise<z.infer<S>> {
    const answer = await this.client.request({
      endpoint,
      method: body === undefined ? "GET" : "POST",
      path,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
      maxBytes,
      signal,
    });
    let raw: unknown;
    try {
      raw = JSON.parse(answer.body.toString("utf8"));
    } catch {
      throw this.client.error(`TEI at ${this.client.url} answered ${endpoint} with something that is not JSON`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      throw this.client.error(
        `TEI at ${this.client.url} answered ${endpoint} with an unexpected shape (${parsed.error.issues[0]?.message})`,
      );
    return parsed.data;
  }
}
