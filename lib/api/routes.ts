/**
 * Every route of the HTTP API: the one method its handler answers (handlers.ts) and the shape of its error bodies.
 * `apiRoute` wraps each handler under its path, the OpenAPI document lists them, and any other method gets 405 from
 * the front door (`api-front.ts`).
 */
import type { ErrorShape } from "./errors";

export interface ApiRouteSpec {
  method: "GET" | "POST";
  errors: ErrorShape;
}

const post = { method: "POST", errors: "api" } as const;
const get = { method: "GET", errors: "api" } as const;

export const API_ROUTES = {
  "/api/embed": post,
  "/embed": post,
  "/v1/embeddings": { method: "POST", errors: "openai" },
  "/api/tokenize": post,
  "/api/rerank": post,
  "/api/similarity": post,
  "/api/matrix": post,
  "/api/coverage": post,
  "/api/tune": post,
  "/api/health": get,
  "/api/info": get,
  "/metrics": get,
  "/api/openapi.json": get,
} as const satisfies Record<string, ApiRouteSpec>;

export type ApiRoutePath = keyof typeof API_ROUTES;

export const isApiRoutePath = (path: string): path is ApiRoutePath => Object.hasOwn(API_ROUTES, path);

/**
 * The methods a route answers, sorted as `Allow` lists them: its own, plus HEAD beside GET and OPTIONS, which the API
 * front answers itself (api-front.ts: OPTIONS with a 204 and this same list).
 */
export const allowedMethods = (path: ApiRoutePath): readonly string[] =>
  API_ROUTES[path].method === "GET" ? ["GET", "HEAD", "OPTIONS"] : ["OPTIONS", "POST"];
