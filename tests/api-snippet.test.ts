import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiCall, apiSnippet, type SnippetLang } from "@/lib/ui/api-snippet";
import { type LocalListener, listenLocally, readBody, sendJson } from "./helpers/fake-http";

const run = promisify(execFile);

/** Texts that break naive quoting: both quotes, `$`, backslashes, a heredoc-looking line, Chinese, an emoji. */
const BODY = {
  a: `It's "quoted" $HOME \\n back\\slash\nJSON\n'JSON'`,
  b: "气候变化是全球挑战 🌍",
  weights: { dense: 0.4, sparse: 0.2, colbert: 0.4 },
  flags: [true, false, null],
  empty: { list: [], map: {} },
};

const KEY = "sk-snippet-test";

interface Seen {
  path: string;
  body: unknown;
  authorization: string | undefined;
}

let server: LocalListener;
let seen: Seen[] = [];
let dir: string;

beforeAll(async () => {
  const s = http.createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)).toString("utf8"));
    seen.push({ path: req.url ?? "", body, authorization: req.headers.authorization });
    sendJson(res, 200, { echoed: true });
  });
  server = await listenLocally(s, async () => undefined);
  dir = await mkdtemp(join(tmpdir(), "snippet-"));
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs a snippet as a user would paste it: curl in sh, Python in python3, JavaScript as an ES module in node. */
async function runSnippet(lang: SnippetLang, code: string): Promise<string> {
  const env = { ...process.env, BGE_M3_API_KEY: KEY };
  if (lang === "curl") return (await run("sh", ["-c", code], { env })).stdout;
  const file = join(dir, lang === "python" ? "snippet.py" : "snippet.mjs");
  await writeFile(file, code);
  return (await run(lang === "python" ? "python3" : process.execPath, [file], { env })).stdout;
}

describe.each(["curl", "python", "javascript"] as const)("the %s snippet", (lang) => {
  const call = (apiKey: boolean): ApiCall => ({ origin: server.url, path: "/api/similarity", body: BODY, apiKey });

  it("sends exactly the page's JSON body to its route, and prints the answer", async () => {
    seen = [];
    const out = await runSnippet(lang, apiSnippet(lang, call(false)));
    expect(seen).toEqual([{ path: "/api/similarity", body: BODY, authorization: undefined }]);
    expect(out).toMatch(/echoed/);
  });

  it("with API keys on, sends the key from BGE_M3_API_KEY and holds no key itself", async () => {
    seen = [];
    const code = apiSnippet(lang, call(true));
    expect(code).not.toContain(KEY);
    await runSnippet(lang, code);
    expect(seen.map((s) => s.authorization)).toEqual([`Bearer ${KEY}`]);
  });
});
