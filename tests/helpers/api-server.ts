/**
 * The HTTP API on a real HTTP server on 127.0.0.1, served as `next start` serves it (instrumentation.ts): the front
 * door and the API's handlers before anything else, and 404 for the rest (Next's pages). For requests a fetch
 * `Request` cannot carry (TRACE), raw body bytes, and what a client's connection does. `close()` stops it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { serveApiBeforeNext } from "@/lib/api/api-front";

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export async function startApiServer(): Promise<ApiServer> {
  const server = http.createServer((_req, res) => void res.writeHead(404).end());
  serveApiBeforeNext(server);
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
