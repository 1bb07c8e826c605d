/**
 * Types for lib/engine/step-scheduler.mjs (plain JavaScript, so the inference thread can import it unbundled), as the
 * tests use it. An ambient declaration: lib/engine has no .d.mts for it (chunk-rows.mjs has one).
 */
declare module "@/lib/engine/step-scheduler.mjs" {
  export interface StepJob {
    lane: "short" | "long";
    cancelled: boolean;
  }

  export class CancelledError extends Error {
    constructor(message?: string);
  }

  export class StepScheduler {
    constructor(options?: { share?: number; creditMs?: number; now?: () => number });
    readonly share: number;
    readonly creditMs: number;
    credit: number;
    /** Milliseconds spent per lane. */
    readonly spent: { short: number; long: number };
    step<T>(job: StepJob, fn: () => T | Promise<T>): Promise<T>;
    dropCancelled(): void;
  }
}
