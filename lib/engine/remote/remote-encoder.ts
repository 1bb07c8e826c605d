/**
 * An `Encoder` whose hidden states come from a remote engine and whose heads run here: each batch is cut into requests
 * the remote engine takes (rows and tokens per request, shortest padding), sent side by side within the client's
 * bound, put back in place, checked, and then both heads run on the whole batch in the inference thread.
 */
import { planBatches } from "../batches";
import { cancelledError } from "../errors";
import { runFloat } from "../ort";
import type { EncodeCall, EncodedBatch, Encoder, Session } from "../session";
import type { HiddenStatesBackend, TokenRows } from "./backend";
import type { EncoderHealth, RemoteClient } from "./client";

/** A probe runs when the health asked for is older than this. */
const HEALTH_MAX_AGE_MS = 5_000;

/** Real tokens of each row of a right-padded mask. */
function rowLengths(mask: BigInt64Array, rows: number, seq: number): number[] {
  return Array.from({ length: rows }, (_, r) => {
    let n = 0;
    for (let i = 0; i < seq; i++) n += Number(mask[r * seq + i]);
    return n;
  });
}

/** Rows `pick` of a batch padded to `seq`, cut to `width` columns. */
function gatherRows(
  ids: BigInt64Array,
  mask: BigInt64Array,
  seq: number,
  pick: number[],
  lengths: number[],
  width: number,
): TokenRows {
  const out: TokenRows = {
    ids: new BigInt64Array(pick.length * width),
    mask: new BigInt64Array(pick.length * width),
    rows: pick.length,
    seq: width,
    lengths: pick.map((r) => lengths[r]!),
  };
  pick.forEach((r, k) => {
    out.ids.set(ids.subarray(r * seq, r * seq + width), k * width);
    out.mask.set(mask.subarray(r * seq, r * seq + width), k * width);
  });
  return out;
}

function allFinite(data: Float32Array): boolean {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return false;
  return true;
}

export class RemoteEncoder implements Encoder {
  private checked: Promise<void> | null = null;
  private checkedOk = false;
  private probing = false;

  constructor(
    readonly client: RemoteClient,
    private readonly backend: HiddenStatesBackend,
    private readonly heads: Session,
    readonly hidden: number,
  ) {}

  /** Checks the remote model once (for every caller, so no caller's signal); a failed check is tried again next time. */
  ensureChecked(): Promise<void> {
    this.checked ??= this.backend.check().then(
      () => {
        this.checkedOk = true;
      },
      (e) => {
        this.checked = null;
        throw e;
      },
    );
    return this.checked;
  }

  async encode(
    ids: BigInt64Array,
    mask: BigInt64Array,
    batch: number,
    seq: number,
    call: EncodeCall = {},
  ): Promise<EncodedBatch> {
    if (call.signal?.aborted) throw cancelledError();
    await this.ensureChecked();
    const hidden = await this.hiddenStates(ids, mask, batch, seq, call.signal);
    const cls = new Float32Array(batch * this.hidden);
    for (let b = 0; b < batch; b++)
      cls.set(hidden.subarray(b * seq * this.hidden, b * seq * this.hidden + this.hidden), b * this.hidden);
    if (call.needs === "dense") return { cls, hidden: this.hidden, heads: null };
    const heads = await runFloat(
      this.heads,
      { hidden: { data: hidden, dims: [batch, seq, this.hidden] } },
      { lane: call.lane },
    );
    const colbert = heads.colbert!;
    return {
      cls,
      hidden: this.hidden,
      heads: { colbert: colbert.data, colbertDim: colbert.dims[2]!, sparse: heads.sparse!.data },
    };
  }

  /** [batch, seq, hidden] from as many remote requests as the limits need; the first failure stops the others. */
  private async hiddenStates(
    ids: BigInt64Array,
    mask: BigInt64Array,
    batch: number,
    seq: number,
    signal?: AbortSignal,
  ): Promise<Float32Array> {
    const H = this.hidden;
    const lengths = rowLengths(mask, batch, seq);
    const { maxBatchTokens } = this.client.target.settings;
    const plans = planBatches(lengths, { maxRows: this.backend.maxRows, maxTokens: maxBatchTokens });
    const out = new Float32Array(batch * seq * H);
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await Promise.all(
        plans.map(async (plan) => {
          const part = gatherRows(ids, mask, seq, plan.indices, lengths, plan.seq);
          const states = await this.backend.hiddenStates(part, stop.signal);
          if (!allFinite(states))
            throw this.client.error(`the remote encoder at ${this.client.url} sent non-finite hidden states`);
          plan.indices.forEach((r, k) => {
            out.set(states.subarray(k * plan.seq * H, (k + 1) * plan.seq * H), r * seq * H);
          });
        }),
      ).catch((e) => {
        stop.abort();
        throw signal?.aborted ? cancelledError() : e;
      });
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
    return out;
  }

  /** The last known health; a probe runs in the background when it is stale. */
  health(): EncoderHealth {
    const h = this.client.health();
    const age = h.checkedAt ? Date.now() - Date.parse(h.checkedAt) : Number.POSITIVE_INFINITY;
    if (age > HEALTH_MAX_AGE_MS && !this.probing) {
      this.probing = true;
      const probe = this.checkedOk ? this.backend.probe() : this.ensureChecked();
      probe
        .catch(() => undefined)
        .finally(() => {
          this.probing = false;
        });
    }
    return h;
  }

  release(): Promise<void> {
    return this.heads.release();
  }
}

/** Working bytes of a batch here: the answer's bytes (JSON at worst), the hidden states, both heads' outputs. */
export function remoteWorkingBytes(rows: number, seq: number, hidden: number, colbertDim: number): number {
  return rows * seq * (36 * hidden + 12 * colbertDim + 8);
}
