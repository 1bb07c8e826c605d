import { expect, test } from "@playwright/test";

test("the home page loads in Chromium and its title names the product", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/bge-m3 Studio/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("bge-m3 Studio");
});
