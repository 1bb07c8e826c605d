/**
 * The API's route modules behind a real HTTP server on 127.0.0.1, with the method guard in front as `next start` has
 * it (instrumentation.ts): for requests a fetch `Request` cannot carry (TRACE) or raw body bytes. `close()` stops it.
 */
import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { guardMethods, sendResponse } from "@/lib/api/method-guard";
import { API_ROUTES, type ApiRoutePath } from "@/lib/api/routes";
import type { Handler } from "./api-request";

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/** Each route's handler for its method, imported from `app/` by path. */
async function routeHandlers(): Promise<Map<string, Handler>> {
  const paths = Object.keys(API_ROUTES) as ApiRoutePath[];
  const modules = await Promise.all(paths.map((p) => import(`@/app${p}/route`) as Promise<Record<string, Handler>>));
  return new Map(paths.map((p, i) => [`${API_ROUTES[p].method} ${p}`, modules[i]![API_ROUTES[p].method]!]));
}

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : [value ?? ""]) headers.append(name, v);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://127.0.0.1${req.url}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

export async function startApiServer(): Promise<ApiServer> {
  const handlers = await routeHandlers();
  const server = http.createServer(async (req, res) => {
    const method = req.method === "HEAD" ? "GET" : req.method;
    const handler = handlers.get(`${method} ${(req.url ?? "/").split("?", 1)[0]}`);
    if (!handler) return void res.writeHead(404).end();
    await sendResponse(res, await handler(toRequest(req)));
  });
  guardMethods(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
