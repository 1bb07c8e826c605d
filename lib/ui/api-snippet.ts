/**
 * "Copy as code": one API request written as a curl command, a Python (`requests`) script or a JavaScript (`fetch`)
 * script that sends exactly the same JSON body. With API keys on, each reads the key from `BGE_M3_API_KEY`, so the
 * snippet never holds a secret. Pure, so the pages and the tests share it.
 */

export const SNIPPET_LANGS = ["curl", "python", "javascript"] as const;
export type SnippetLang = (typeof SNIPPET_LANGS)[number];

/** A POST to one of the API's JSON routes. */
export interface ApiCall {
  /** The server's origin, e.g. `http://127.0.0.1:7860`. */
  origin: string;
  path: string;
  body: unknown;
  /** Whether the server wants `Authorization: Bearer <key>` (`BGE_M3_API_KEYS`). */
  apiKey: boolean;
}

export const API_KEY_VARIABLE = "BGE_M3_API_KEY";

const json = (v: unknown) => JSON.stringify(v, null, 2);

// A quoted heredoc passes the body byte for byte, whatever quotes or `$` the texts hold; pretty-printed JSON never has
// a line that is only `JSON`, so the delimiter cannot end it early.
function curl({ origin, path, body, apiKey }: ApiCall): string {
  const auth = apiKey ? [`  -H "Authorization: Bearer $${API_KEY_VARIABLE}" \\`] : [];
  return [
    `curl -sS -X POST '${origin}${path}' \\`,
    "  -H 'Content-Type: application/json' \\",
    ...auth,
    "  --data-binary @- <<'JSON'",
    json(body),
    "JSON",
  ].join("\n");
}

/** `v` as a Python literal: JSON's strings and numbers are already Python's; only true, false and null differ. */
function pythonLiteral(v: unknown, indent = ""): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "string" || typeof v === "number") return JSON.stringify(v);
  const inner = `${indent}    `;
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[\n${v.map((x) => `${inner}${pythonLiteral(x, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pythonLiteral(x, inner)},`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

function python({ origin, path, body, apiKey }: ApiCall): string {
  const headers = apiKey ? `    headers={"Authorization": f"Bearer {os.environ['${API_KEY_VARIABLE}']}"},\n` : "";
  return [
    ...(apiKey ? ["import os", ""] : []),
    "import requests",
    "",
    `body = ${pythonLiteral(body)}`,
    "",
    `response = requests.post(\n    "${origin}${path}",\n${headers}    json=body,\n)`,
    "response.raise_for_status()",
    "print(response.json())",
  ].join("\n");
}

function javascript({ origin, path, body, apiKey }: ApiCall): string {
  const auth = apiKey ? `\n    Authorization: \`Bearer \${process.env.${API_KEY_VARIABLE}}\`,` : "";
  return [
    `const body = ${json(body)};`,
    "",
    `const response = await fetch("${origin}${path}", {`,
    '  method: "POST",',
    `  headers: {\n    "Content-Type": "application/json",${auth}\n  },`,
    "  body: JSON.stringify(body),",
    "});",
    "if (!response.ok) throw new Error(await response.text());",
    "console.log(await response.json());",
  ].join("\n");
}

const WRITERS: Record<SnippetLang, (call: ApiCall) => string> = { curl, python, javascript };

export const apiSnippet = (lang: SnippetLang, call: ApiCall): string => WRITERS[lang](call);
