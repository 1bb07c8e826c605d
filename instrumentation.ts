/** Next.js start-up hook: begin loading the model as soon as the server starts, not at the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { loadEngine } = await import("./lib/engine");
    loadEngine().catch(() => undefined); // the failure is logged and reported by /api/health
  }
}
