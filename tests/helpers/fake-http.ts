/** What the fake encoder servers share: JSON answers, request bodies, delays they can cancel, and a local listener. */
import type http from "node:http";
import type { AddressInfo } from "node:net";

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export const readBody = (req: http.IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

/** Waits a fault asked for; `clear` drops every pending one when the server stops. */
export class Delays {
  private readonly timers = new Set<NodeJS.Timeout>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
  }
}

export interface LocalListener {
  url: string;
  port: number;
  /** Stops the server and runs `cleanup` (a second call does nothing). */
  close(): Promise<void>;
}

/** Listens on a free port of 127.0.0.1. */
export async function listenLocally(server: http.Server, cleanup: () => Promise<void>): Promise<LocalListener> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cleanup();
    },
  };
}
