import { describe, expect, it } from "vitest";
import { OPERATIONS, openApiDocument } from "@/lib/api/openapi";
import { API_ROUTES } from "@/lib/api/routes";
import { type OpenApiDoc, operationsOf } from "@/lib/ui/openapi-view";

const doc = openApiDocument() as OpenApiDoc;
const ops = operationsOf(doc);
const op = (path: string) => ops.find((o) => o.path === path)!;

describe("the API docs page's reading of the OpenAPI document", () => {
  it("lists every route with its method", () => {
    expect(ops.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      Object.entries(API_ROUTES)
        .map(([path, spec]) => `${spec.method} ${path}`)
        .sort(),
    );
  });

  it("flattens a request schema to fields, nested ones after their parent, with types, limits and descriptions", () => {
    const fields = op("/api/similarity").request!.fields;
    const byName = new Map(fields.map((f) => [f.name, f]));
    expect(fields.map((f) => f.name).slice(0, 4)).toEqual(["a", "b", "max_length", "weights"]);
    expect(byName.get("a")).toMatchObject({ type: "string", required: true });
    expect(byName.get("max_length")).toMatchObject({ type: "integer", required: false, limits: "3 to 8192" });
    expect(byName.get("max_length")!.description).toMatch(/Tokens per text/);
    expect(byName.get("weights.dense")).toMatchObject({ type: "number", required: true, limits: "at least 0" });
    expect(byName.get("maxsim_window")!.description).toMatch(/region of the MaxSim matrix/);
  });

  it("lists array items' fields and nullable types", () => {
    const fields = op("/api/rerank").responses.find((r) => r.status === "200")!.fields;
    expect(fields.map((f) => f.name)).toContain("results[].scores.hybrid");
    expect(fields.find((f) => f.name === "model.revision")!.type).toBe("string | null");
    expect(fields.find((f) => f.name === "model.variant")!.type).toBe('"fp32" | "int8"');
  });

  it("gives each request an example the route's own schema accepts", () => {
    for (const { path, request } of OPERATIONS) {
      if (request) expect(request[1].safeParse(op(path).request!.example).success, path).toBe(true);
    }
    expect(op("/api/rerank").request!.example).toEqual({
      query: "What is BGE M3?",
      documents: ["BGE M3 is an embedding model.", "Paris"],
    });
  });

  it("keeps each error status with its description", () => {
    const r413 = op("/api/similarity").responses.find((r) => r.status === "413")!;
    expect(r413.description).toMatch(/BGE_M3_MAX_CHARS/);
    expect(r413.schemaName).toBe("ErrorBody");
  });
});
