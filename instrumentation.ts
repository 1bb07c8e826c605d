/**
 * Next.js start-up hook: begin loading the model as soon as the server starts, not at the first request, and put the
 * method guard (lib/api/method-guard.ts) in front of the server's request handling.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const http = await import("node:http");
    const { guardMethods } = await import("./lib/api/method-guard");
    guardMethods(http.Server.prototype);
    const { loadEngine } = await import("./lib/engine");
    loadEngine().catch(() => undefined); // the failure is logged and reported by /api/health
  }
}
