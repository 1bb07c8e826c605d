/** What a remote encoder protocol does for the Studio: hidden states for token ids, checked against this model. */

/** A right-padded batch of token ids, as the model takes them. */
export interface TokenRows {
  /** [rows, seq], padding id 1. */
  ids: BigInt64Array;
  /** [rows, seq], 1 on real tokens. */
  mask: BigInt64Array;
  rows: number;
  seq: number;
  /** Real tokens of each row, `<s>` and `</s>` included. */
  lengths: readonly number[];
}

export interface HiddenStatesBackend {
  /** Rows one request may carry, as the remote engine says (or the settings' when it says nothing). */
  readonly maxRows: number;
  /**
   * Reads what the remote model takes and gives, and refuses (`encoder_error`) one whose hidden size or tensors do not
   * fit this model; `encoder_unavailable` when it cannot be asked.
   */
  check(signal?: AbortSignal): Promise<void>;
  /** [rows, seq, hidden] float32: the last hidden state of every position (padding rows' values are unused). */
  hiddenStates(batch: TokenRows, signal?: AbortSignal): Promise<Float32Array>;
  /** The cheapest request that tells whether the remote engine is ready. */
  probe(): Promise<void>;
}

/** The ids of row `r` without its padding. */
export function rowIds(batch: TokenRows, r: number): number[] {
  const out = new Array<number>(batch.lengths[r]!);
  for (let i = 0; i < out.length; i++) out[i] = Number(batch.ids[r * batch.seq + i]);
  return out;
}
