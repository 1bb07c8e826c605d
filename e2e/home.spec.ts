import { expect, test } from "@playwright/test";

test("the home page loads in Chromium and its title names the product", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/bge-m3 Studio/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("bge-m3 Studio");
});

test("every page starts with a skip link that moves focus to the main content", async ({ page }) => {
  for (const path of ["/", "/matrix", "/search", "/tune"]) {
    await page.goto(path);
    await page.keyboard.press("Tab");
    const skip = page.getByTestId("skip-link");
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();
  }
});
