/**
 * Calls every route that computes numbers with the golden texts and writes their JSON answers to the file named by
 * the first argument. Run as a child process (runTsxScript), so each run has its own process-wide engine: the
 * environment chooses the encoder (BGE_M3_ENCODER) and the model (BGE_M3_MODEL_DIR).
 */
import { writeFileSync } from "node:fs";
import { goldenPairs } from "./goldens";

type Post = (req: Request) => Promise<Response>;

async function answer(post: Post, route: string, body: unknown): Promise<unknown> {
  const res = await post(
    new Request(`http://127.0.0.1${route}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  if (res.status !== 200) throw new Error(`${route} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error("usage: route-answers.ts OUT.json");
  const { log } = await import("@/lib/log");
  log.level = "error";
  const texts = goldenPairs.flatMap((p) => [p.a, p.b]);
  const { API_HANDLERS } = await import("@/lib/api/handlers");
  const routes = {
    embed: API_HANDLERS["/api/embed"],
    similarity: API_HANDLERS["/api/similarity"],
    rerank: API_HANDLERS["/api/rerank"],
    matrix: API_HANDLERS["/api/matrix"],
    coverage: API_HANDLERS["/api/coverage"],
    tune: API_HANDLERS["/api/tune"],
    tokenize: API_HANDLERS["/api/tokenize"],
    openai: API_HANDLERS["/v1/embeddings"],
  };
  const answers: Record<string, unknown> = {
    embed: await answer(routes.embed, "/api/embed", { texts, mode: "all" }),
    similarity: await Promise.all(
      goldenPairs.map((p) => answer(routes.similarity, "/api/similarity", { a: p.a, b: p.b })),
    ),
    rerank: await answer(routes.rerank, "/api/rerank", { query: texts[0], documents: texts.slice(1) }),
    matrix: await answer(routes.matrix, "/api/matrix", { texts: texts.slice(0, 12) }),
    coverage: await answer(routes.coverage, "/api/coverage", {
      document: texts.join("\n"),
      summary: `${texts[0]} ${texts[3]}`,
      chunk_tokens: 48,
      overlap_tokens: 12,
    }),
    tune: await answer(routes.tune, "/api/tune", {
      pairs: goldenPairs.map((p, i) => ({ a: p.a, b: p.b, label: i % 2 })),
    }),
    tokenize: await answer(routes.tokenize, "/api/tokenize", { texts }),
    openai: await answer(routes.openai, "/v1/embeddings", { input: texts.slice(0, 6) }),
  };
  writeFileSync(out, JSON.stringify(answers));
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
