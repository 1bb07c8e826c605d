/**
 * The front door (lib/security/front-door.ts) on the Node http server, before Next sees the request: security
 * headers, CORS, keys, rate limits, the login, and 405 with `Allow` in the route's error shape for methods an API
 * route does not serve. Next cannot be the one to answer those 405s: its request object is a WHATWG `Request`, which
 * refuses TRACE (a text/plain 500), it answers other methods it does not know with an empty 400 and unexported ones
 * with an empty 405 without `Allow`, and a `proxy.ts` would see none of TRACE and buffer every POST body (truncating
 * those over 10 MB). `instrumentation.ts` installs the guard on the server `next start` and `next dev` run.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { frontDoor } from "@/lib/security/front-door";

/** Writes a fetch `Response` to a Node response, whole. */
export async function sendResponse(res: ServerResponse, answer: Response): Promise<void> {
  const body = Buffer.from(await answer.arrayBuffer());
  res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(body);
}

type Emit = (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
const GUARDED = Symbol.for("bge-m3.method-guard");

/** Puts the front door before `target`'s request handling (a server, or `http.Server.prototype` for all); once. */
export function guardMethods(target: Pick<Server, "emit">): void {
  const marked = target as { [GUARDED]?: true };
  if (marked[GUARDED]) return;
  marked[GUARDED] = true;
  const emit = target.emit as Emit;
  target.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      const answer = frontDoor(req, res);
      if (answer) {
        void Promise.resolve(answer).then((a) => sendResponse(res, a));
        return true;
      }
    }
    return emit.call(this, event, ...args);
  } as Server["emit"];
}
