import path from "node:path";
import { expect, test } from "@playwright/test";

// Refreshes the README's screenshot: SCREENSHOT=1 npx playwright test e2e/screenshot.spec.ts
// (after `npx next build`). Skipped in ordinary runs so the committed image only changes on purpose.
test.skip(!process.env.SCREENSHOT, "set SCREENSHOT=1 to refresh docs/screenshot-compare.png");

test("saves docs/screenshot-compare.png: the Chinese ↔ English example compared", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  const response = page.waitForResponse((r) => r.url().endsWith("/api/similarity"));
  await page.getByTestId("example-cross-lingual").click();
  await response;
  await expect(page.getByTestId("text-a")).toHaveValue("气候变化是全球挑战");
  await expect(page.getByTestId("loading")).toHaveCount(0);
  await expect(page.getByTestId("heatmap-cell").first()).toBeVisible();
  // Select 变 so the screenshot shows a highlighted token and its row.
  await page.locator('[data-testid="heatmap-row-label"][data-row="3"]').click();
  await expect(page.getByTestId("token-highlight")).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join("docs", "screenshot-compare.png"), fullPage: true });
});
