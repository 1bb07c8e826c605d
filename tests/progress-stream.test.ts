import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { ndjsonResponse, wantsNdjson } from "@/lib/api/progress-stream";

const req = (accept?: string) =>
  new Request("http://127.0.0.1/x", { method: "POST", headers: accept ? { accept } : {} });

const lines = async (res: Response) =>
  (await res.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("ndjsonResponse", () => {
  it("writes progress lines, then the result, one JSON object per line", async () => {
    const res = ndjsonResponse(req(), async (report) => {
      report("encode", 1, 2);
      report("encode", 2, 2);
      return { answer: 42 };
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(await lines(res)).toEqual([
      { type: "progress", stage: "encode", done: 1, total: 2 },
      { type: "progress", stage: "encode", done: 2, total: 2 },
      { type: "result", data: { answer: 42 } },
    ]);
  });

  it("ends with the error and the status a plain answer would have had", async () => {
    const res = ndjsonResponse(req(), async () => {
      throw new ApiError("invalid_request", "bad pairs", "pairs");
    });
    expect((await lines(res)).at(-1)).toEqual({
      type: "error",
      status: 400,
      error: { message: "bad pairs", type: "invalid_request", field: "pairs" },
    });
  });

  it("hides the details of an unexpected error", async () => {
    const res = ndjsonResponse(req(), async () => {
      throw new Error("secret stack");
    });
    const last = (await lines(res)).at(-1);
    expect(last.status).toBe(500);
    expect(last.error.type).toBe("internal");
    expect(JSON.stringify(last)).not.toContain("secret");
  });
});

describe("wantsNdjson", () => {
  it("is true only when the client accepts application/x-ndjson", () => {
    expect(wantsNdjson(req("application/x-ndjson"))).toBe(true);
    expect(wantsNdjson(req("application/json, application/x-ndjson;q=0.9"))).toBe(true);
    expect(wantsNdjson(req("application/json"))).toBe(false);
    expect(wantsNdjson(req())).toBe(false);
  });
});
