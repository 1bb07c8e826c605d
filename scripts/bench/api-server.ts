/**
 * The production server as one contender among in-process ones (cases 1, 2 and 12): built when stale, started on a
 * free port with the cache off (so every request is encoded), its answers checked for 200.
 */
import { type Answer, send } from "../lib/load";
import { baseUrl, ensureBuild, freePort } from "../lib/server";
import { DIST_DIR, launch, shutdown } from "./http";
import type { BenchOptions } from "./options";
import { progress } from "./timing";

export interface ApiServer {
  /** Whether the build was already fresh or made for this case. */
  build: "fresh" | "built";
  /** POSTs `body` as JSON to `path`; throws unless the answer is 200. */
  post: (path: string, body: unknown) => Promise<Answer>;
}

/** Runs `fn` with a server started for it, stopped afterwards whatever happens. */
export async function withApiServer<T>(opts: BenchOptions, fn: (api: ApiServer) => Promise<T>): Promise<T> {
  const build = await ensureBuild(DIST_DIR, progress);
  // A free port, not case 3's fixed one: another checkout's bench may be serving there, and would answer our health check.
  const port = await freePort();
  const server = await launch(opts, { BGE_M3_CACHE_MB: "0" }, port);
  const base = baseUrl(port);
  const post = async (path: string, body: unknown) => {
    const a = await send(base, { path, body });
    if (a.status !== 200) throw new Error(`POST ${path}: ${a.status} ${a.text.slice(0, 300)}`);
    return a;
  };
  try {
    return await fn({ build, post });
  } finally {
    await shutdown(server);
  }
}
