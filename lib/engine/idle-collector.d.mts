/** Types for idle-collector.mjs (plain JavaScript, so the inference thread can import it unbundled). */
export function garbageCollector(): (() => void) | null;
export const COLLECT_AFTER_TOKENS: number;
export const IDLE_COLLECT_MS: number;
export interface CollectorTimers {
  set(fn: () => void, ms: number): unknown;
  clear(timer: unknown): void;
}
export class IdleCollector {
  constructor(options: {
    collect: (() => void) | null;
    busy: () => boolean;
    afterTokens?: number;
    idleMs?: number;
    timers?: CollectorTimers;
  });
  readonly collections: number;
  done(tokens: number): void;
}
