/**
 * The HTTP API on the Node http server, before Next sees the request. The front door (lib/security/front-door.ts)
 * answers first: security headers, CORS, keys, rate limits, the login, and 405 with `Allow` in the route's error
 * shape for methods an API route does not serve. The API's routes are then answered here by their handlers
 * (handlers.ts), and only pages and their assets reach Next.
 * - Next cannot be the one to answer those 405s: its request object is a WHATWG `Request`, which refuses TRACE (a
 *   text/plain 500), it answers other methods it does not know with an empty 400 and unexported ones with an empty
 *   405 without `Allow`, and a `proxy.ts` would see none of TRACE and buffer every POST body (truncating those over
 *   10 MB).
 * - Next's request handling cost about 3 ms a request on this project's machines: `/api/health` took 5.6–6.1 ms
 *   through Next and 2.9–3.0 ms here, a 16-token text on the test model 10.9 ms and 7.9 ms.
 * `instrumentation.ts` installs it on the server `next start` and `next dev` run.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { log } from "@/lib/log";
import { frontDoor } from "@/lib/security/front-door";
import { errorResponse } from "./errors";
import { API_HANDLERS } from "./handlers";
import { sendResponse, toRequest } from "./node-http";
import { type ApiRoutePath, allowedMethods, isApiRoutePath } from "./routes";

/** OPTIONS without a CORS preflight: 204 with the route's methods. */
const options = (route: ApiRoutePath) =>
  new Response(null, { status: 204, headers: { allow: allowedMethods(route).join(", ") } });

/** The API's answer to a request the front door let through, or null for a path that is not the API's. */
function apiAnswer(req: IncomingMessage, res: ServerResponse): Promise<Response> | null {
  const path = (req.url ?? "/").split("?", 1)[0]!;
  if (!isApiRoutePath(path)) return null;
  if (req.method === "OPTIONS") return Promise.resolve(options(path));
  return toRequest(req, res).then(API_HANDLERS[path]);
}

/** Sends `response`; a failure to make or send it (handlers answer their own errors) is logged and answered 500. */
function answer(req: IncomingMessage, res: ServerResponse, response: Response | Promise<Response>): void {
  Promise.resolve(response)
    .then((a) => sendResponse(res, a, req.method))
    .catch((err: unknown) => {
      // A client that went away while its body was read is no failure.
      if (res.destroyed) return;
      if (res.headersSent) {
        log.error({ err, url: req.url }, "answer cut off");
        res.destroy();
      } else void sendResponse(res, errorResponse(err)).catch(() => res.destroy());
    });
}

type Emit = (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
const INSTALLED = Symbol.for("bge-m3.api-front");

/** Puts the front door and the API before `target`'s request handling (a server, or `http.Server.prototype`); once. */
export function serveApiBeforeNext(target: Pick<Server, "emit">): void {
  const marked = target as { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;
  const emit = target.emit as Emit;
  target.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      const response = frontDoor(req, res) ?? apiAnswer(req, res);
      if (response) {
        answer(req, res, response);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  } as Server["emit"];
}
