/**
 * Every `BGE_M3_*` setting the server reads, with its rule, default and meaning: modules read a setting only through
 * `setting(name)`, so its range and default are written once, and `GET /api/info` lists them all (`settingsInForce`).
 * Each kind has one rule (env.ts): integers in a range, on/off switches, a choice of words, or free text.
 * `npm start`'s own variables (`BGE_M3_DOWNLOAD`, and `BGE_M3_FALLBACK_REASON`, which it sets for the server) are read
 * by scripts/start.mjs, plain JavaScript that runs before any of this.
 */
import os from "node:os";
import { type Env, readBoolEnv, readChoiceEnv, readIntEnv } from "./env";
import { availableMemoryMb } from "./machine";

interface IntRule {
  kind: "int";
  min: number;
  max: number;
  fallback: number | (() => number);
  meaning: string;
}
interface BoolRule {
  kind: "bool";
  fallback: boolean;
  meaning: string;
}
interface ChoiceRule {
  kind: "choice";
  choices: readonly string[];
  fallback: string;
  meaning: string;
}
interface TextRule {
  kind: "text";
  meaning: string;
  /** A credential: `/api/info` says only whether it is set. */
  secret?: true;
}
type Rule = IntRule | BoolRule | ChoiceRule | TextRule;

export const SETTINGS = {
  BGE_M3_MODEL_DIR: { kind: "text", meaning: "model directory in the official layout (default models/bge-m3)" },
  BGE_M3_TEST_MODEL_DIR: { kind: "text", meaning: "where the bundled test model lies (default models/bge-m3-tiny)" },
  BGE_M3_VERIFY: { kind: "bool", fallback: true, meaning: "check every model file's size and SHA-256 before loading" },
  BGE_M3_DEVICE: {
    kind: "choice",
    choices: ["auto", "cpu", "cuda"],
    fallback: "auto",
    meaning: "execution provider; auto uses CUDA when onnxruntime-node can",
  },
  BGE_M3_THREADS: {
    kind: "int",
    min: 1,
    max: 256,
    fallback: () => os.availableParallelism(),
    meaning: "onnxruntime intra-op threads (default: the cores this process may use)",
  },
  BGE_M3_VARIANT: {
    kind: "choice",
    choices: ["fp32", "int8"],
    fallback: "fp32",
    meaning: "fp32: the official graph; int8: onnx/model_int8.onnx",
  },
  BGE_M3_ATTENTION: {
    kind: "choice",
    choices: ["chunked", "full"],
    fallback: "chunked",
    meaning:
      "chunked: batches over 512 tokens run attention a chunk of query rows at a time, shorter ones all but the last layer in one run; " +
      "full: the official graph in one run for every batch",
  },
  BGE_M3_SHORT_WHOLE_GRAPH: {
    kind: "bool",
    fallback: true,
    meaning:
      "with chunked attention, short batches (≤ 512 tokens, ≤ 1,024 in all) run every layer but the last in one step; " +
      "off saves that session's packed weights (about 1.1 GB for fp32 bge-m3) and runs them through the stages",
  },
  BGE_M3_MEMORY_BUDGET_MB: {
    kind: "int",
    min: 16,
    max: 16 * 1024 * 1024,
    fallback: () => Math.max(512, Math.floor(availableMemoryMb() / 4)),
    meaning: "working memory inference batches may use at once (default: a quarter of the memory, at least 512)",
  },
  BGE_M3_BATCHING: { kind: "bool", fallback: true, meaning: "dynamic batching of concurrent requests" },
  BGE_M3_BATCH_WINDOW_MS: {
    kind: "int",
    min: 0,
    max: 1000,
    fallback: 2,
    meaning: "how long an idle lane waits for requests arriving with the first",
  },
  BGE_M3_MAX_BATCH_TOKENS: {
    kind: "int",
    min: 1,
    max: 10_000_000,
    fallback: 16_384,
    meaning: "most rows × padded length in one batch",
  },
  BGE_M3_MAX_BATCH_ROWS: { kind: "int", min: 1, max: 100_000, fallback: 64, meaning: "most texts in one batch" },
  BGE_M3_MAX_QUEUE_TOKENS: {
    kind: "int",
    min: 1,
    max: 1_000_000_000,
    fallback: 262_144,
    meaning: "tokens waiting for inference before requests get 503 queue_full",
  },
  BGE_M3_CACHE_MB: {
    kind: "int",
    min: 0,
    max: 1024 * 1024,
    fallback: 256,
    meaning: "memory of the LRU cache of representations (0 turns it off)",
  },
  BGE_M3_MAX_TEXTS: { kind: "int", min: 1, max: 100_000, fallback: 256, meaning: "texts per request" },
  BGE_M3_MAX_CHARS: { kind: "int", min: 1, max: 10_000_000, fallback: 50_000, meaning: "characters per text" },
  BGE_M3_MAX_BODY_BYTES: {
    kind: "int",
    min: 1024,
    max: 1024 * 1024 * 1024,
    fallback: 4 * 1024 * 1024,
    meaning: "bytes per request body",
  },
  BGE_M3_MAXSIM_MAX_CELLS: {
    kind: "int",
    min: 0,
    max: 2 ** 31 - 1,
    fallback: 4096 * 4096,
    meaning: "largest MaxSim matrix /api/similarity returns (a larger one is left out, maxsim_omitted)",
  },
  BGE_M3_ENCODER: {
    kind: "text",
    meaning:
      "where the encoder runs: local (default), kserve-v2+http://HOST:PORT/v2/models/NAME or tei+http://HOST:PORT",
  },
  BGE_M3_ENCODER_MAX_BATCH_ROWS: { kind: "int", min: 1, max: 4096, fallback: 32, meaning: "texts per remote request" },
  BGE_M3_ENCODER_MAX_BATCH_TOKENS: {
    kind: "int",
    min: 16,
    max: 1 << 24,
    fallback: 16_384,
    meaning: "rows × padded length per remote request",
  },
  BGE_M3_ENCODER_CONCURRENCY: { kind: "int", min: 1, max: 256, fallback: 4, meaning: "remote requests in flight" },
  BGE_M3_ENCODER_TIMEOUT_MS: {
    kind: "int",
    min: 50,
    max: 600_000,
    fallback: 30_000,
    meaning: "time limit of one remote request",
  },
  BGE_M3_ENCODER_RETRIES: {
    kind: "int",
    min: 0,
    max: 10,
    fallback: 2,
    meaning: "retries of a remote request on 429, 502–504 and connection errors",
  },
  BGE_M3_API_KEYS: {
    kind: "text",
    secret: true,
    meaning: "API keys, comma-separated, or the path of a file of keys (one a line): every API route then needs one",
  },
  BGE_M3_AUTH: {
    kind: "text",
    secret: true,
    meaning: "user:password pairs, comma-separated, or the path of a file of them: the pages then need a login",
  },
  BGE_M3_METRICS_OPEN: { kind: "bool", fallback: false, meaning: "/metrics answers without a key or login" },
  BGE_M3_RATE_LIMIT_RPM: {
    kind: "int",
    min: 0,
    max: 1_000_000,
    fallback: 0,
    meaning: "API requests per minute per key (or client address without keys); 0 = no limit",
  },
  BGE_M3_RATE_LIMIT_TPM: {
    kind: "int",
    min: 0,
    max: 1_000_000_000,
    fallback: 0,
    meaning: "tokens encoded per minute per key (or client address without keys); 0 = no limit",
  },
  BGE_M3_CORS_ORIGINS: {
    kind: "text",
    meaning: "origins (comma-separated, or *) whose pages may call the API from a browser; default none",
  },
  BGE_M3_FRAME_ANCESTORS: {
    kind: "text",
    meaning: "origins that may frame the pages (CSP frame-ancestors); default none",
  },
} as const satisfies Record<string, Rule>;

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;
type ValueOf<R> = R extends { kind: "int" }
  ? number
  : R extends { kind: "bool" }
    ? boolean
    : R extends { kind: "choice"; choices: readonly (infer C)[] }
      ? C
      : string | undefined;

/** The setting's value from `env`, or its default; a value that breaks its rule throws a RangeError naming it. */
export function setting<N extends SettingName>(name: N, env: Env = process.env): ValueOf<Settings[N]> {
  const rule: Rule = SETTINGS[name];
  switch (rule.kind) {
    case "int": {
      const fallback = typeof rule.fallback === "function" ? rule.fallback() : rule.fallback;
      return readIntEnv(env, name, fallback, rule.min, rule.max) as ValueOf<Settings[N]>;
    }
    case "bool":
      return readBoolEnv(env, name, rule.fallback) as ValueOf<Settings[N]>;
    case "choice":
      return readChoiceEnv(env, name, rule.choices, rule.fallback) as ValueOf<Settings[N]>;
    case "text":
      return (env[name]?.trim() || undefined) as ValueOf<Settings[N]>;
  }
}

/** One setting as `/api/info` shows it: its value in force, and whether the environment set it. */
export interface SettingInForce {
  name: SettingName;
  value: number | boolean | string | null;
  from: "env" | "default";
  meaning: string;
}

/** Every setting's value in force; a value that breaks its rule is shown as its error. */
export function settingsInForce(env: Env = process.env): SettingInForce[] {
  return (Object.keys(SETTINGS) as SettingName[]).map((name) => {
    const from = env[name]?.trim() ? "env" : "default";
    let value: SettingInForce["value"];
    try {
      value = setting(name, env) ?? null;
      if (value !== null && "secret" in SETTINGS[name]) value = "(set)";
    } catch (err) {
      value = `invalid: ${(err as Error).message}`;
    }
    return { name, value, from, meaning: SETTINGS[name].meaning };
  });
}

/** Throws the first setting's error, so a misconfigured server says which variable is wrong before it loads. */
export function checkSettings(env: Env = process.env): void {
  for (const name of Object.keys(SETTINGS) as SettingName[]) setting(name, env);
}
