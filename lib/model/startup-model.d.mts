/** Types for startup-model.mjs (plain JavaScript so `scripts/start.mjs` can import it without a build step). */

export interface ChooseModelOptions {
  env: Record<string, string | undefined>;
  /** Where the real model lives by default (`models/bge-m3`), absolute. */
  defaultDir: string;
  /** The bundled test model, absolute. */
  testDir: string;
  /** Whether a person can be asked (stdin is a terminal). */
  isTTY: boolean;
  /** Asks a yes/no question; resolves true for yes. */
  ask: (question: string) => Promise<boolean>;
  /** Downloads the model into `dest`; `detail` says why it failed. */
  download: (dest: string) => Promise<{ ok: boolean; detail?: string }>;
  /** How to name `defaultDir` in messages. Default: `defaultDir`. */
  displayDir?: string;
}

export interface ModelChoice {
  dir: string;
  source: "env" | "default" | "download" | "fallback";
  /** One sentence, set only when falling back to the test model; goes to `BGE_M3_FALLBACK_REASON`. */
  fallbackReason?: string;
}

export function modelDirState(dir: string): "missing" | "unfinished" | "present";
export function downloadWish(value: string | undefined): boolean | undefined;
export function chooseModelDir(opts: ChooseModelOptions): Promise<ModelChoice>;
export function fallbackBanner(reason: string, testDir: string): string;
