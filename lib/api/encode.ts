/**
 * The process-wide batcher and cache in front of the ready engine, configured from the environment and wired to
 * metrics; `encodeTexts` (and `encodeDenseTexts`, for routes that answer with dense vectors alone) is how every route
 * encodes, recording its work on the request's meter.
 */
import type { Engine } from "@/lib/engine";
import {
  type Batcher,
  type BatcherConfig,
  batcherConfigFromEnv,
  createBatcher,
  type Encoded,
  type EncodeOptions,
} from "@/lib/engine/batcher";
import { cacheBytesFromEnv, createRepresentationCache, type RepresentationCache } from "@/lib/engine/cache";
import type { DenseRepresentation, Representation } from "@/lib/m3/types";
import { countTokens, type RequestMeter } from "./api-route";
import { metrics, observeBatch } from "./metrics";

export interface SharedEncoder {
  engine: Engine;
  batcher: Batcher;
  cache: RepresentationCache | null;
  config: BatcherConfig;
  cacheMaxBytes: number;
}

const g = globalThis as typeof globalThis & { __bgeM3Encoder?: SharedEncoder };

/** The batcher for `engine`, created on first use (and again if the engine object changes). */
export function sharedEncoder(engine: Engine): SharedEncoder {
  if (g.__bgeM3Encoder?.engine !== engine) {
    const config = batcherConfigFromEnv();
    const cacheMaxBytes = cacheBytesFromEnv();
    const cache = createRepresentationCache(cacheMaxBytes);
    const m = metrics();
    m.cacheSource.stats = cache ? () => cache.stats() : null;
    const batcher = createBatcher(engine, config, cache, {
      onQueueSize: (texts, tokens) => {
        m.queue.set(texts);
        m.queueTokens.set(tokens);
      },
      onBatch: observeBatch,
    });
    g.__bgeM3Encoder = { engine, batcher, cache, config, cacheMaxBytes };
  }
  return g.__bgeM3Encoder;
}

/** Encodes texts through the shared batcher and cache; adds the work to `meter`. */
export async function encodeTexts(
  engine: Engine,
  texts: readonly string[],
  maxLength: number,
  meter: RequestMeter,
  opts: EncodeOptions = {},
): Promise<Representation[]> {
  const r = await sharedEncoder(engine).batcher.encode(texts, maxLength, { signal: meter.signal, ...opts });
  return metered(meter, texts.length, r);
}

/** `encodeTexts` for the dense vectors alone. */
export async function encodeDenseTexts(
  engine: Engine,
  texts: readonly string[],
  maxLength: number,
  meter: RequestMeter,
  opts: EncodeOptions = {},
): Promise<DenseRepresentation[]> {
  const r = await sharedEncoder(engine).batcher.encodeDense(texts, maxLength, { signal: meter.signal, ...opts });
  return metered(meter, texts.length, r);
}

function metered<R extends DenseRepresentation>(meter: RequestMeter, texts: number, r: Encoded<R>): R[] {
  countTokens(meter, texts, r.tokens);
  meter.cacheHits += r.cacheHits;
  meter.tokenizeMs += r.tokenizeMs;
  meter.queueMs += r.queueMs;
  meter.inferenceMs += r.inferenceMs;
  return r.representations;
}
