/** Calls a route handler directly with a JSON POST (a string body is sent as it is, for malformed-JSON cases). */
export function postJson(
  handler: (req: Request) => Promise<Response>,
  url: string,
  body: unknown,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<Response> {
  return handler(
    new Request(url, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }),
  );
}
