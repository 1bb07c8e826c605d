/**
 * A full garbage collection of the inference thread's heap once it is idle after large work. A long text leaves
 * hundreds of MB of typed arrays behind (hidden states, queries, keys and values of every step; at 8,192 tokens on the
 * full-size model about 280 MiB of RSS), which are garbage once its batch is answered; but with no more work coming V8
 * has no reason to collect them, so the process kept that memory until the next request.
 * Plain JavaScript: the inference thread imports it unbundled.
 */
import v8 from "node:v8";
import vm from "node:vm";

/** This thread's full collection (V8's `gc`, exposed for a new context), or null where the runtime refuses it. */
export function garbageCollector() {
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc");
    return typeof gc === "function" ? gc : null;
  } catch {
    return null;
  }
}

/** Tokens (rows × padded length) encoded since the last collection that make the next idle moment collect. */
export const COLLECT_AFTER_TOKENS = 4096;
/** How long the thread must have had nothing to do. */
export const IDLE_COLLECT_MS = 1000;

export class IdleCollector {
  /**
   * @param {{ collect: (() => void) | null, busy: () => boolean, afterTokens?: number, idleMs?: number,
   *   timers?: { set: (fn: () => void, ms: number) => unknown, clear: (t: unknown) => void } }} options
   */
  constructor({ collect, busy, afterTokens = COLLECT_AFTER_TOKENS, idleMs = IDLE_COLLECT_MS, timers }) {
    this.collect = collect;
    this.busy = busy;
    this.afterTokens = afterTokens;
    this.idleMs = idleMs;
    this.timers = timers ?? {
      set: (fn, ms) => setTimeout(fn, ms).unref(),
      clear: (t) => clearTimeout(t),
    };
    this.tokens = 0;
    this.timer = null;
    /** Collections so far. */
    this.collections = 0;
  }

  /** A batch of `tokens` was answered: collect once the thread has been idle for `idleMs`, if enough has run. */
  done(tokens) {
    this.tokens += tokens;
    if (!this.collect || this.tokens < this.afterTokens) return;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => this.fire(), this.idleMs);
  }

  fire() {
    this.timer = null;
    if (this.busy()) {
      this.timer = this.timers.set(() => this.fire(), this.idleMs);
      return;
    }
    this.tokens = 0;
    this.collections += 1;
    this.collect();
  }
}
