/**
 * The shape of the code, checked on its import graph (madge): no import cycles, the engine and model code never
 * reach the HTTP layer, and nothing a browser bundle holds reaches the engine, the model files or a route.
 */
import { readFileSync } from "node:fs";
import madge from "madge";
import { beforeAll, describe, expect, it } from "vitest";

type Graph = Awaited<ReturnType<typeof madge>>;

/** Every module `from` imports, directly or not. */
function reachable(deps: Record<string, string[]>, from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    for (const d of deps[stack.pop()!] ?? []) if (!seen.has(d) && seen.add(d)) stack.push(d);
  }
  return seen;
}

/** What browser code may import from lib/api: the zod contracts, the pieces they share, and the answers' rounding. */
const CLIENT_SAFE_API = /^lib\/api\/([a-z-]+-contract|schemas|speed|round)\.ts$/;

const scan = (skipTypeImports: boolean) =>
  madge(["lib", "app", "components", "scripts"], {
    fileExtensions: ["ts", "tsx", "mjs"],
    tsConfig: "tsconfig.json",
    excludeRegExp: [/node_modules/, /\.next/],
    detectiveOptions: { ts: { skipTypeImports }, tsx: { skipTypeImports } },
  });

let graph: Graph;
/** Imports that reach a bundle: `import type` is erased. */
let valueGraph: Graph;
beforeAll(async () => {
  [graph, valueGraph] = await Promise.all([scan(false), scan(true)]);
}, 60_000);

describe("the module graph", () => {
  it("covers the source tree", () => {
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(150);
  });

  it("has no import cycles", () => {
    expect(graph.circular()).toEqual([]);
  });

  it("keeps lib/engine and lib/model free of lib/api", () => {
    const leaks = Object.entries(graph.obj()).flatMap(([file, deps]) =>
      /^lib\/(engine|model)\//.test(file)
        ? deps.filter((d) => d.startsWith("lib/api/")).map((d) => `${file} → ${d}`)
        : [],
    );
    expect(leaks).toEqual([]);
  });

  it("keeps client components away from the engine, the model files, the logger and the routes", () => {
    const deps = valueGraph.obj();
    const clients = Object.keys(deps).filter((f) => /^\s*["']use client["']/.test(readFileSync(f, "utf8")));
    expect(clients.length).toBeGreaterThan(10);
    const leaks = clients.flatMap((client) =>
      [...reachable(deps, client)]
        .filter(
          (f) =>
            /^lib\/(engine|model|config)\/|^lib\/log\.ts$/.test(f) ||
            (f.startsWith("lib/api/") && !CLIENT_SAFE_API.test(f)),
        )
        .map((f) => `${client} → ${f}`),
    );
    expect(leaks).toEqual([]);
  });
});
