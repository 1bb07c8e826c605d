// The one warning `npm start` prints when the server listens beyond this machine with no key or login set.

/** Whether `host` is reachable only from this machine. */
export const isLoopback = (host) => host === "localhost" || host === "::1" || /^127\./.test(host);

/** The warning for listening on host:port with `env`, or null when it is loopback or authentication is set. */
export function exposureWarning(host, port, env) {
  if (isLoopback(host) || env.BGE_M3_API_KEYS?.trim() || env.BGE_M3_AUTH?.trim()) return null;
  return (
    `WARNING: listening on ${host}:${port} with no authentication: anyone who can reach it can use every page and ` +
    "route. Set BGE_M3_API_KEYS and BGE_M3_AUTH (README: Running it on a network), or HOST=127.0.0.1."
  );
}
