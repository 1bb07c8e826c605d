/**
 * Every attempt at a remote-encoder request, reported to whoever listens (lib/api/metrics.ts); lib/engine stays free
 * of the API layer. Listeners are kept on globalThis, so every route bundle's metrics hear the same calls.
 */
import type { RemoteProtocol } from "./target";

export interface RemoteCallEvent {
  backend: RemoteProtocol;
  /** The remote route, e.g. infer, metadata, embed_all, tokenize, ready. */
  endpoint: string;
  /** The HTTP status, or connection / timeout / too_large / aborted when there was no answer. */
  outcome: string;
  seconds: number;
  bytesSent: number;
  bytesReceived: number;
  /** Whether another attempt follows this one. */
  retried: boolean;
}

type Listener = (e: RemoteCallEvent) => void;

const g = globalThis as typeof globalThis & { __bgeM3RemoteListeners?: Set<Listener> };
g.__bgeM3RemoteListeners ??= new Set();
const listeners = g.__bgeM3RemoteListeners;

/** Calls `listener` on every attempt; returns the function that stops it. */
export function onRemoteCall(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportRemoteCall(e: RemoteCallEvent): void {
  for (const l of listeners) l(e);
}
