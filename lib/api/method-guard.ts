/**
 * Methods an API route does not serve get 405 with `Allow`, in the route's error shape, from the Node server before
 * Next sees the request. Next cannot be the one to answer: its request object is a WHATWG `Request`, which refuses
 * TRACE (a text/plain 500), it answers other methods it does not know with an empty 400 and unexported ones with an
 * empty 405 without `Allow`, and a `proxy.ts` would see none of TRACE and buffer every POST body (truncating those
 * over 10 MB). `instrumentation.ts` installs the guard on the server `next start` and `next dev` run.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { methodNotAllowed } from "./api-route";
import { allowedMethods, isApiRoutePath } from "./routes";

/** The 405 for `method` on `url`'s path, or null when it is not an API route or the route answers the method. */
export function unservedMethod(method: string, url: string): Response | null {
  const pathname = url.split("?", 1)[0]!;
  if (!isApiRoutePath(pathname) || allowedMethods(pathname).includes(method)) return null;
  return methodNotAllowed(pathname, method);
}

/** Writes a fetch `Response` to a Node response, whole. */
export async function sendResponse(res: ServerResponse, answer: Response): Promise<void> {
  const body = Buffer.from(await answer.arrayBuffer());
  res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(body);
}

type Emit = (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
const GUARDED = Symbol.for("bge-m3.method-guard");

/** Makes `target` (a server, or `http.Server.prototype` for every server) answer unserved methods itself; once. */
export function guardMethods(target: Pick<Server, "emit">): void {
  const marked = target as { [GUARDED]?: true };
  if (marked[GUARDED]) return;
  marked[GUARDED] = true;
  const emit = target.emit as Emit;
  target.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      const answer = unservedMethod(req.method ?? "GET", req.url ?? "/");
      if (answer) {
        void sendResponse(res, answer);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  } as Server["emit"];
}
