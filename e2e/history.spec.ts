import { expect, type Page, test } from "@playwright/test";

// The compare page's history of recent comparisons, kept in the browser's localStorage.

async function compare(page: Page, a: string, b: string) {
  await page.getByTestId("text-a").fill(a);
  await page.getByTestId("text-b").fill(b);
  const answered = page.waitForResponse((r) => r.url().endsWith("/api/similarity"));
  await page.getByTestId("compare").click();
  await answered;
  await expect(page.getByTestId("history-entry").first()).toContainText(a);
}

test("comparisons are listed newest first, survive a reload, restore on click and can be cleared", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  await compare(page, "first pair text a", "first pair text b");
  await page.getByTestId("mode-dense").click();
  await compare(page, "second pair text a", "second pair text b");

  await page.reload();
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  const entries = page.getByTestId("history-entry");
  await expect(entries.nth(0)).not.toContainText("first pair");
  await expect(page.getByTestId("history-entry").filter({ hasText: "second pair" })).toHaveCount(1);
  const first = entries.filter({ hasText: "first pair" });
  await expect(first).toHaveCount(1);

  const answered = page.waitForResponse(
    (r) => r.url().endsWith("/api/similarity") && r.request().postDataJSON()?.a === "first pair text a",
  );
  await first.click();
  await answered;
  await expect(page.getByTestId("text-a")).toHaveValue("first pair text a");
  await expect(page.getByTestId("text-b")).toHaveValue("first pair text b");
  await expect(page.getByTestId("history-entry").first()).toContainText("first pair");

  await page.getByTestId("history-clear").click();
  await expect(page.getByTestId("history-entry")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  // Only the page's own first comparison, made on arrival, is listed again.
  await expect(page.getByTestId("history-entry")).toHaveCount(1);
  await expect(page.getByTestId("history-entry")).not.toContainText("pair text");
});

test("a restored comparison brings back its mode", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  await compare(page, "mode pair a", "mode pair b");
  await page.getByTestId("mode-colbert").click();
  await expect(page.getByTestId("history-entry").first()).toContainText(/ColBERT/);
  await page.reload();
  await page.getByTestId("history-entry").filter({ hasText: "mode pair" }).click();
  await expect(page.getByTestId("mode-colbert")).toHaveAttribute("aria-checked", "true");
});

test("the history speaks Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "accept-language": "zh-CN,zh" } });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByTestId("history").getByRole("heading")).toHaveText("最近的比较");
  await context.close();
});
