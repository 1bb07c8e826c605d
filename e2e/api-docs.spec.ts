import { expect, test } from "@playwright/test";

// The API docs page, read from the server's own OpenAPI document.

interface Doc {
  paths: Record<string, Record<string, unknown>>;
}

test("the navigation leads to a page listing every route of /api/openapi.json, with fields and examples", async ({
  page,
  request,
}) => {
  const doc = (await (await request.get("/api/openapi.json")).json()) as Doc;
  await page.goto("/search");
  await page.getByTestId("nav-api-docs").click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("HTTP API");

  const shown = await page.getByTestId("api-operation").evaluateAll((els) => els.map((e) => e.dataset.path));
  expect(shown.sort()).toEqual(Object.keys(doc.paths).sort());

  const similarity = page.locator('[data-testid="api-operation"][data-path="/api/similarity"]');
  await expect(similarity.getByRole("heading", { level: 2 })).toContainText("POST/api/similarity");
  const field = (name: string) => similarity.locator(`[data-testid="api-field"][data-name="${name}"]`).first();
  await expect(field("a")).toContainText("string");
  await expect(field("max_length")).toContainText("Tokens per text");
  await expect(field("max_length")).toContainText("3 to 8192");
  await expect(field("weights.dense")).toContainText("number");
  await expect(similarity).toContainText("413");
});

test("each example request on the page is accepted by its route", async ({ page, request }) => {
  await page.goto("/docs/api");
  for (const path of ["/api/similarity", "/api/rerank", "/api/tokenize", "/v1/embeddings", "/api/matrix"]) {
    const example = page.locator(`[data-testid="api-operation"][data-path="${path}"]`).getByTestId("api-example");
    const body = JSON.parse((await example.textContent()) ?? "");
    const r = await request.post(path, { data: body });
    expect(r.status(), `${path} ${JSON.stringify(body)}`).toBe(200);
  }
});

test("the page's own words are in Chinese for a Chinese browser", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "accept-language": "zh-CN,zh" } });
  const page = await context.newPage();
  await page.goto("/docs/api");
  await expect(page.getByTestId("nav-api-docs")).toHaveText("API 文档");
  await expect(page.getByRole("heading", { name: "请求体" }).first()).toBeVisible();
  await context.close();
});
