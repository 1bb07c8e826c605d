import { expect, type Page, test } from "@playwright/test";

// A 390 px phone (iPhone 12–15): no page scrolls sideways with its results on screen, and what matters stays in view.

const WIDTH = 390;

async function expectNoSidewaysScroll(page: Page, where: string) {
  const widest = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
  expect(widest, `${where} scrolls sideways`).toBeLessThanOrEqual(WIDTH);
}

test.use({ viewport: { width: WIDTH, height: 844 } });

test("Compare: the first text box is in the first screen, and the page with its heatmap fits the width", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  await expect(page.getByTestId("heatmap-cell").first()).toBeAttached();
  const box = (await page.getByTestId("text-a").boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(844);
  await expectNoSidewaysScroll(page, "/");
});

test("Matrix: the page fits, and row labels leave room for the cells", async ({ page }) => {
  await page.goto("/matrix");
  await expect(page.getByTestId("heatmap-cell").first()).toBeVisible();
  await expectNoSidewaysScroll(page, "/matrix");
  const label = (await page.getByRole("rowheader").first().boundingBox())!;
  expect(label.width).toBeLessThanOrEqual(100);
  // At least five columns of cells are visible next to the labels.
  const visible = await page.getByTestId("heatmap-cell").evaluateAll(
    (cells, width) =>
      cells.filter((c) => {
        const r = c.getBoundingClientRect();
        return c.getAttribute("data-row") === "0" && r.right <= width;
      }).length,
    WIDTH,
  );
  expect(visible).toBeGreaterThanOrEqual(5);
});

test("Retrieval check: the ranked passages fit the width", async ({ page }) => {
  await page.goto("/search");
  await expect(page.getByTestId("search-result").first()).toBeVisible();
  await expectNoSidewaysScroll(page, "/search");
});

test("Weight tuning: the results fit, and the Top-10 table shows every column", async ({ page }) => {
  await page.goto("/tune");
  await page.getByTestId("tune-sample-binary").click();
  await expect(page.getByTestId("tune-best")).toBeVisible({ timeout: 60_000 });
  await expectNoSidewaysScroll(page, "/tune");
  const table = page.getByTestId("top-points");
  const headers = table.locator("th:visible");
  await expect(headers).toHaveCount(6);
  // The table's box clips what does not fit: every column must end inside it.
  const frame = (await table.locator("..").boundingBox())!;
  for (const h of await headers.all()) {
    const box = (await h.boundingBox())!;
    expect(box.x + box.width, `column "${await h.textContent()}" is cut off`).toBeLessThanOrEqual(
      frame.x + frame.width + 0.5,
    );
  }
});

test("Coverage: the coverage map, the summary's sentences and the document's numbers fit the width", async ({
  page,
}) => {
  await page.goto("/coverage");
  await expect(page.getByTestId("coverage-map")).toBeVisible();
  await expectNoSidewaysScroll(page, "/coverage");
});

test("API docs: every route's fields and examples fit the width", async ({ page }) => {
  await page.goto("/docs/api");
  await expect(page.getByTestId("api-operation").first()).toBeVisible();
  await expectNoSidewaysScroll(page, "/docs/api");
});
