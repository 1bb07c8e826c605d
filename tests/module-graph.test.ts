/**
 * The shape of the code, checked on its import graph (madge): no import cycles, and the engine and model code never
 * reach the HTTP layer.
 */
import madge from "madge";
import { beforeAll, describe, expect, it } from "vitest";

type Graph = Awaited<ReturnType<typeof madge>>;

let graph: Graph;
beforeAll(async () => {
  graph = await madge(["lib", "app", "components", "scripts"], {
    fileExtensions: ["ts", "tsx", "mjs"],
    tsConfig: "tsconfig.json",
    excludeRegExp: [/node_modules/, /\.next/],
  });
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
});
