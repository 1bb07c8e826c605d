/** Types for supervisor.mjs (plain JavaScript: scripts/start.mjs runs it before anything is installed). */
import type { EventEmitter } from "node:events";

export interface SupervisorPolicy {
  /** Delay before the first restart; each further crash in a row doubles it. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A server that ran this long before dying starts the delays over. */
  healthyMs: number;
  /** This many deaths within `crashWindowMs` is a crash loop: no more restarts, exit status 1. */
  crashLimit: number;
  crashWindowMs: number;
  /** After the stop signal, how long the server may take before it gets SIGKILL. */
  stopTimeoutMs: number;
}

export const DEFAULT_POLICY: Readonly<SupervisorPolicy>;

/** What the supervisor needs of a child process (a ChildProcess fits). */
export interface ServerProcess extends EventEmitter {
  readonly pid?: number;
  kill(signal: NodeJS.Signals): boolean;
}

export interface DeathEvidence {
  /** The cgroup's oom_kill counter when the server started and when it died. */
  counter?: { before: number; after: number } | null;
  /** The kernel log's line about killing it for memory; null: none there; undefined: the log is unreadable. */
  record?: string | null;
}

export function describeDeath(
  exit: { code: number | null; signal: NodeJS.Signals | null },
  evidence?: DeathEvidence,
): string;

export interface SupervisorOptions {
  start: () => ServerProcess;
  log: (line: string) => void;
  policy?: Partial<SupervisorPolicy>;
  /** The kernel's count of out-of-memory kills in this cgroup, or null when unreadable. */
  oomKills?: () => number | null;
  /** The kernel log's line about an out-of-memory kill of `pid`; null: none; undefined: unreadable. */
  oomRecord?: (pid: number | undefined) => string | null | undefined;
}

export interface Supervisor {
  /** Stops the server with `signal` and does not restart it; a second call kills it. */
  stop(signal: "SIGINT" | "SIGTERM"): void;
  /** The exit status for `npm start`: the stopped server's, or 1 after a crash loop. */
  exited: Promise<number>;
}

export function supervise(options: SupervisorOptions): Supervisor;
