/** Structured JSON logs (pino), one logger per process. `LOG_LEVEL` sets the level (default info). */
import pino from "pino";

const g = globalThis as typeof globalThis & { __bgeM3Logger?: pino.Logger };

g.__bgeM3Logger ??= pino({
  name: "bge-m3-studio",
  level: process.env.LOG_LEVEL ?? "info",
  base: { pid: process.pid },
});

export const log: pino.Logger = g.__bgeM3Logger;
