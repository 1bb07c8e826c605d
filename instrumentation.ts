/**
 * Next.js start-up hook: begin loading the model as soon as the server starts, not at the first request, and put the
 * front door and the HTTP API (lib/api/api-front.ts) in front of the server's request handling.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const http = await import("node:http");
    const { serveApiBeforeNext } = await import("./lib/api/api-front");
    serveApiBeforeNext(http.Server.prototype);
    const { loadEngine } = await import("./lib/engine");
    loadEngine().catch(() => undefined); // the failure is logged and reported by /api/health
  }
}
