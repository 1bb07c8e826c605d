import path from "node:path";
import { expect, type Page, test } from "@playwright/test";

// Refreshes the README's screenshots: SCREENSHOT=1 npx playwright test e2e/screenshot.spec.ts
// (after `npx next build`). Skipped in ordinary runs so the committed images only change on purpose.
test.skip(!process.env.SCREENSHOT, "set SCREENSHOT=1 to refresh the screenshots in docs/");

const shot = (name: string) => path.join("docs", `screenshot-${name}.png`);

/** The Chinese ↔ English example compared, with 变 selected so a token and its row are highlighted. */
async function crossLingual(page: Page) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  const response = page.waitForResponse((r) => r.url().endsWith("/api/similarity"));
  await page.getByTestId("example-cross-lingual").click();
  await response;
  await expect(page.getByTestId("text-a")).toHaveValue("气候变化是全球挑战");
  await expect(page.getByTestId("loading")).toHaveCount(0);
  await expect(page.getByTestId("heatmap-cell").first()).toBeVisible();
  await page.locator('[data-testid="heatmap-row-label"][data-row="3"]').click();
  await expect(page.getByTestId("token-highlight")).toBeVisible();
  await page.mouse.move(0, 0);
}

for (const theme of ["light", "dark"] as const) {
  test(`saves the compare page, ${theme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await crossLingual(page);
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    await page.screenshot({ path: shot(theme === "light" ? "compare" : "compare-dark"), fullPage: true });
  });
}

test("saves the long-text heatmap: the overview and its full-size window", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  // About 1,300 tokens a side: past the test server's cell limit (playwright.config.ts), so the overview shows.
  const sentence = "Climate change is a global challenge that needs every country to act together. ";
  await page.getByTestId("text-a").fill(sentence.repeat(40));
  await page.getByTestId("text-b").fill(`Every country must act: ${sentence.repeat(40)}`);
  await page.getByTestId("compare").click();
  const overview = page.getByTestId("overview-caption").locator("xpath=ancestor::*[@data-slot='card'][1]");
  await expect(overview).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("zoom-loading")).toHaveCount(0);
  await expect(overview.getByTestId("heatmap-cell").first()).toBeVisible();
  await page.mouse.move(0, 0);
  await overview.screenshot({ path: shot("long-text") });
});

test("saves the retrieval check, with two passages ticked as answers so MRR and recall@k show", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/search");
  await expect(page.getByTestId("search-result").first()).toBeVisible();
  for (const i of [0, 1]) {
    await page.locator(`[data-testid="search-result"][data-index="${i}"]`).getByTestId("passage-relevant").check();
  }
  await expect(page.getByTestId("quality-hybrid").getByTestId("quality-mrr")).not.toHaveAttribute("data-value", "");
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shot("search"), fullPage: true });
});
