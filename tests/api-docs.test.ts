/**
 * docs/api.md against the contracts: each route that takes a body has a section whose `Request:` line names exactly
 * the fields its zod schema accepts (as the OpenAPI document gives them), routes that stream say so, and the errors
 * table lists every error type with its status.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { API_ERROR_TYPES, statusOf } from "@/lib/api/errors";
import { OPERATIONS, openApiDocument } from "@/lib/api/openapi";
import { API_ROUTES } from "@/lib/api/routes";

const DOC = readFileSync("docs/api.md", "utf8");

/** The text under `## \`METHOD path\`` (any heading text after it), up to the next `## `; null without one. */
function section(path: string): string | null {
  const heading = `## \`${API_ROUTES[path as keyof typeof API_ROUTES].method} ${path}\``;
  const start = DOC.split("\n").findIndex((line) => line.startsWith(heading));
  if (start < 0) return null;
  const rest = DOC.split("\n").slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith("## "));
  return rest.slice(0, end < 0 ? undefined : end).join("\n");
}

/** Splits `s` at the commas outside brackets and quotes. */
function topLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if ("{[(".includes(c)) depth++;
    else if ("}])".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(s.slice(from, i));
      from = i + 1;
    }
  }
  return [...parts, s.slice(from)];
}

/** The top-level field names of the section's `Request: \`{…}\`` line. */
function documentedFields(text: string): string[] | null {
  const body = /Request: `\{([^`]*)\}`/.exec(text)?.[1];
  if (body === undefined) return null;
  return topLevel(body).map((entry) => /^\s*"([a-z_]+)"/.exec(entry)?.[1] ?? `unreadable: ${entry.trim()}`);
}

const schemas = (openApiDocument().components as { schemas: Record<string, { properties: object }> }).schemas;
const withBody = OPERATIONS.filter((op) => op.request);

describe("docs/api.md", () => {
  it("reads a Request line's top-level fields, optional ones and nested objects included", () => {
    const line = 'Request: `{"a": string, "mode"?: "x"|"all", "w"?: {"dense", "sparse"}, "n"?, "z"?: number}`.';
    expect(documentedFields(line)).toEqual(["a", "mode", "w", "n", "z"]);
  });

  it.each(withBody.map((op) => ({ path: op.path, name: op.request![0] })))(
    "documents $path's request fields as its contract ($name) has them",
    ({ path, name }) => {
      const text = [path, ...withBody.filter((o) => o.request![0] === name).map((o) => o.path)]
        .map(section)
        .find((s) => s !== null);
      expect(text, `a section "## \`POST ${path}\`"`).toBeDefined();
      const documented = documentedFields(text!);
      expect(documented, `a Request: line in ${path}'s section`).not.toBeNull();
      expect([...documented!].sort()).toEqual(Object.keys(schemas[name]!.properties).sort());
    },
  );

  it.each(OPERATIONS.filter((op) => op.description?.includes("application/x-ndjson")).map((op) => op.path))(
    "says that %s streams progress with Accept: application/x-ndjson",
    (path) => {
      expect(section(path) ?? "").toContain("application/x-ndjson");
    },
  );

  it("lists every error type with its status", () => {
    const rows = [...DOC.matchAll(/^\| (\d{3}) \| `([a-z_]+)` \|/gm)].map(([, status, type]) => [type, Number(status)]);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(API_ERROR_TYPES.map((t) => [t, statusOf(t)])));
  });
});
