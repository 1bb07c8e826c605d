/**
 * Running on a network (issue 19), through real HTTP on 127.0.0.1 with the front door in front as `next start` has
 * it: API keys, the login's session, rate limits per key, CORS and security headers; and with nothing set, none.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log";
import { fingerprint } from "@/lib/security/credentials";
import { quietRequestLogs } from "./helpers/api-request";
import { type ApiServer, startApiServer } from "./helpers/api-server";

const KEY = "sk-alpha-7f3c9e";
const OTHER_KEY = "sk-beta-21d04a";
const SECURITY_VARS = [
  "BGE_M3_API_KEYS",
  "BGE_M3_AUTH",
  "BGE_M3_METRICS_OPEN",
  "BGE_M3_RATE_LIMIT_RPM",
  "BGE_M3_RATE_LIMIT_TPM",
  "BGE_M3_CORS_ORIGINS",
  "BGE_M3_FRAME_ANCESTORS",
];

let server: ApiServer;
beforeAll(async () => {
  process.env.BGE_M3_MODEL_DIR = "models/bge-m3-tiny";
  await quietRequestLogs();
  server = await startApiServer();
  const { loadEngine } = await import("@/lib/engine");
  await loadEngine();
});
afterAll(() => server.close());
afterEach(() => {
  for (const name of SECURITY_VARS) delete process.env[name];
  vi.restoreAllMocks();
});

const setEnv = (vars: Record<string, string>) => Object.assign(process.env, vars);

function call(route: string, init: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.body === undefined) return fetch(`${server.url}${route}`, { headers, redirect: "manual" });
  headers["content-type"] = "application/json";
  return fetch(`${server.url}${route}`, {
    method: "POST",
    headers,
    body: JSON.stringify(init.body),
    redirect: "manual",
  });
}

const embed = (key?: string) => call("/api/embed", { key, body: { texts: ["a network demo"] } });

/** Every log call's arguments, as JSON text. */
function captureLogs(): string[] {
  const lines: string[] = [];
  for (const level of ["info", "warn", "error"] as const) {
    vi.spyOn(log, level).mockImplementation(((...args: unknown[]) => lines.push(JSON.stringify(args))) as never);
  }
  return lines;
}

describe("API keys (BGE_M3_API_KEYS)", () => {
  it("answers 401 without a key, in the route's shape, and 200 with one", async () => {
    setEnv({ BGE_M3_API_KEYS: `${KEY},${OTHER_KEY}` });
    const refused = await embed();
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe("Bearer");
    expect((await refused.json()).error).toMatchObject({ type: "unauthorized" });
    expect((await embed(KEY)).status).toBe(200);
    expect((await embed(OTHER_KEY)).status).toBe(200);
  });

  it("serves the request OpenAI's Python SDK sends with api_key, and refuses it in OpenAI's shape without", async () => {
    setEnv({ BGE_M3_API_KEYS: KEY });
    // openai-python: `OpenAI(base_url=…, api_key=KEY).embeddings.create(input=[…], model=…)`, base64 by default.
    const sdk = {
      "user-agent": "OpenAI/Python 1.99.0",
      "x-stainless-lang": "python",
      "x-stainless-retry-count": "0",
      accept: "application/json",
    };
    const body = { input: ["hello"], model: "BAAI/bge-m3", encoding_format: "base64" };
    const ok = await call("/v1/embeddings", { key: KEY, body, headers: sdk });
    expect(ok.status).toBe(200);
    expect((await ok.json()).data[0].object).toBe("embedding");
    const refused = await call("/v1/embeddings", { body, headers: sdk });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error).toMatchObject({ type: "invalid_request_error", code: "unauthorized" });
  });

  it("refuses a wrong key with 401 and logs only its fingerprint, never its value", async () => {
    setEnv({ BGE_M3_API_KEYS: KEY });
    const lines = captureLogs();
    const wrong = "sk-wrong-5e8b1f0d";
    const r = await embed(wrong);
    expect(r.status).toBe(401);
    expect(await r.text()).not.toContain(wrong);
    expect(lines.join("\n")).toContain(fingerprint(wrong));
    expect(lines.join("\n")).not.toContain(wrong);
    expect(lines.join("\n")).not.toContain(KEY);
  });

  it("reads keys from a file, one a line", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "bge-m3-keys-")), "keys");
    writeFileSync(file, `# demo keys\n${OTHER_KEY}\n`);
    setEnv({ BGE_M3_API_KEYS: file });
    expect((await embed(OTHER_KEY)).status).toBe(200);
    expect((await embed(KEY)).status).toBe(401);
  });

  it("keeps /api/health open, without absolute paths, and /metrics closed unless BGE_M3_METRICS_OPEN", async () => {
    setEnv({ BGE_M3_API_KEYS: KEY });
    const health = await call("/api/health");
    expect(health.status).toBe(200);
    expect((await health.json()).model_dir).not.toContain("/");
    const claimed = { headers: { "x-bge-m3-authenticated": "1" } };
    expect((await call("/api/health", claimed).then((r) => r.json())).model_dir).not.toContain("/");
    expect((await call("/api/embed", { body: { texts: ["x"] }, ...claimed })).status).toBe(401);
    expect((await call("/api/health", { key: KEY }).then((r) => r.json())).model_dir).toContain("bge-m3-tiny");
    expect((await call("/metrics")).status).toBe(401);
    expect((await call("/metrics", { key: KEY })).status).toBe(200);
    setEnv({ BGE_M3_METRICS_OPEN: "1" });
    expect((await call("/metrics")).status).toBe(200);
  });

  it("shows in /api/info that keys are set, never the keys", async () => {
    setEnv({ BGE_M3_API_KEYS: KEY, BGE_M3_RATE_LIMIT_RPM: "600" });
    const text = await (await call("/api/info", { key: KEY })).text();
    expect(text).not.toContain(KEY);
    const info = JSON.parse(text);
    expect(info.settings.find((s: { name: string }) => s.name === "BGE_M3_API_KEYS").value).toBe("(set)");
    expect(info.limits.rate_limit).toEqual({ requests_per_minute: 600, tokens_per_minute: 0, per: "key" });
  });
});

describe("the login (BGE_M3_AUTH)", () => {
  const form = (fields: Record<string, string>) =>
    fetch(`${server.url}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    });

  it("sends pages to the login page, and a right password gets an HttpOnly, SameSite=Strict session", async () => {
    setEnv({ BGE_M3_AUTH: "ada:correct horse" });
    const page = await call("/search?q=1");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/login?next=%2Fsearch%3Fq%3D1");
    const ok = await form({ user: "ada", password: "correct horse", next: "/search" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/search");
    const cookie = ok.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(";", 1)[0]!;
    expect((await call("/api/embed", { body: { texts: ["x"] }, headers: { cookie: session } })).status).toBe(200);
    expect((await embed()).status).toBe(401);
  });

  it("slows down and logs a wrong password, and sends it back to the login page", async () => {
    setEnv({ BGE_M3_AUTH: "ada:correct horse" });
    const lines = captureLogs();
    const t0 = performance.now();
    const r = await form({ user: "ada", password: "wrong", next: "//evil.example" });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(450);
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/login?failed=1&next=%2F");
    expect(r.headers.get("set-cookie")).toBeNull();
    expect(lines.some((l) => l.includes('"ok":false') && l.includes('"user":"ada"'))).toBe(true);
    expect(lines.join("\n")).not.toContain("wrong");
  });
});

describe("rate limits (BGE_M3_RATE_LIMIT_RPM, BGE_M3_RATE_LIMIT_TPM)", () => {
  it("answers a burst over the limit with 429 and Retry-After, while another key is still served", async () => {
    setEnv({ BGE_M3_API_KEYS: `${KEY},${OTHER_KEY}`, BGE_M3_RATE_LIMIT_RPM: "3" });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await embed(KEY)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const over = await embed(KEY);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(over.headers.get("x-ratelimit-limit-requests")).toBe("3");
    expect(over.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect((await over.json()).error.type).toBe("rate_limited");
    const other = await embed(OTHER_KEY);
    expect(other.status).toBe(200);
    expect(other.headers.get("x-ratelimit-remaining-requests")).toBe("2");
  });

  it("counts tokens per minute: a client that spent its tokens waits, per client address without keys", async () => {
    setEnv({ BGE_M3_RATE_LIMIT_TPM: "20" });
    const long = "many words in one text ".repeat(8);
    const first = await call("/api/embed", { body: { texts: [long] } });
    expect(first.status).toBe(200);
    const second = await call("/api/embed", { body: { texts: ["short"] } });
    expect(second.status).toBe(429);
    expect(second.headers.get("x-ratelimit-limit-tokens")).toBe("20");
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("charges the client the front door admitted, whatever client a request names itself", async () => {
    setEnv({ BGE_M3_API_KEYS: `${KEY},${OTHER_KEY}`, BGE_M3_RATE_LIMIT_TPM: "20" });
    const long = "many words in one text ".repeat(8);
    const forged = { "x-bge-m3-rate-client": `key:${fingerprint(KEY)}` };
    expect((await call("/api/embed", { key: OTHER_KEY, body: { texts: [long] }, headers: forged })).status).toBe(200);
    expect((await embed(KEY)).status).toBe(200);
    expect((await embed(OTHER_KEY)).status).toBe(429);
  });

  const LONG = "many words in one text ".repeat(8);
  const encodingRoutes: [route: string, body: unknown, streams: boolean][] = [
    ["/api/embed", { texts: [LONG] }, false],
    ["/embed", { texts: [LONG] }, false],
    ["/v1/embeddings", { input: LONG }, false],
    ["/api/tokenize", { texts: [LONG] }, false],
    ["/api/rerank", { query: LONG, documents: ["a short document"] }, false],
    ["/api/similarity", { a: LONG, b: "short" }, false],
    ["/api/matrix", { texts: [LONG, "short"] }, true],
    ["/api/coverage", { document: `${LONG}. ${LONG}.`, summary: "Many words." }, true],
    [
      "/api/tune",
      {
        pairs: [
          { a: LONG, b: "short", label: 1 },
          { a: "one", b: "two", label: 0 },
        ],
      },
      true,
    ],
  ];
  const cases = encodingRoutes
    .flatMap(([route, body, streams]) => [
      { route, body, style: "json" },
      ...(streams ? [{ route, body, style: "ndjson" }] : []),
    ])
    .map((c, i) => ({ ...c, key: `sk-tpm-${i}` }));

  it.each(cases)(
    "charges $route's $style answer the tokens it encoded: the next request waits",
    async ({ route, body, style, key }) => {
      setEnv({ BGE_M3_API_KEYS: cases.map((c) => c.key).join(","), BGE_M3_RATE_LIMIT_TPM: "20" });
      const headers: Record<string, string> = style === "ndjson" ? { accept: "application/x-ndjson" } : {};
      const first = await call(route, { key, body, headers });
      expect(first.status).toBe(200);
      const text = await first.text();
      if (style === "ndjson") expect(JSON.parse(text.trim().split("\n").at(-1)!).type).toBe("result");
      const next = await call(route, { key, body, headers });
      expect(next.status).toBe(429);
      expect(Number(next.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(next.headers.get("x-ratelimit-remaining-tokens")).toBe("0");
    },
  );
});

describe("CORS (BGE_M3_CORS_ORIGINS)", () => {
  it("gives an allowed origin its headers, preflight included, and another origin none", async () => {
    setEnv({ BGE_M3_CORS_ORIGINS: "https://app.example", BGE_M3_API_KEYS: KEY });
    const allowed = await call("/api/embed", {
      key: KEY,
      body: { texts: ["x"] },
      headers: { origin: "https://app.example" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
    const other = await call("/api/embed", {
      key: KEY,
      body: { texts: ["x"] },
      headers: { origin: "https://evil.example" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const ask = (origin: string) =>
      fetch(`${server.url}/v1/embeddings`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization" },
      });
    const preflight = await ask("https://app.example");
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    expect(preflight.headers.get("access-control-allow-methods")).toBe("OPTIONS, POST");
    expect((await ask("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("security headers", () => {
  it("sends a CSP without scripts, nosniff, a referrer policy and a permissions policy on API answers", async () => {
    for (const r of [await embed(), await call("/api/health"), await call("/api/embed", { body: "nope" })]) {
      expect(r.headers.get("content-security-policy")).toMatch(/script-src 'none'.*frame-ancestors 'none'/);
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(r.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
    }
  });

  it("lets BGE_M3_FRAME_ANCESTORS name who may frame the pages", async () => {
    setEnv({ BGE_M3_FRAME_ANCESTORS: "https://huggingface.co" });
    const r = await call("/api/health");
    expect(r.headers.get("content-security-policy")).toMatch(/frame-ancestors https:\/\/huggingface\.co/);
  });
});

describe("with nothing set", () => {
  it("needs no key, sets no rate-limit or CORS headers, and shows health's model directory", async () => {
    const r = await call("/api/embed", { body: { texts: ["x"] }, headers: { origin: "https://app.example" } });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-ratelimit-limit-requests")).toBeNull();
    expect(r.headers.get("access-control-allow-origin")).toBeNull();
    expect((await call("/metrics")).status).toBe(200);
    const health = await (await call("/api/health")).json();
    expect(path.isAbsolute(health.model_dir) || health.model_dir.includes("/")).toBe(true);
  });
});
