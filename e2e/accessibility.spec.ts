import { expect, type Page, test } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe";

// axe-core on every page with its results on screen, in light and dark, in English and 中文.

const THEMES = ["light", "dark"] as const;
const LANGS = ["en", "zh"] as const;

/** Each page as a visitor first sees it once its results are in. */
const PAGES: { path: string; ready: (page: Page) => Promise<void> }[] = [
  {
    path: "/",
    ready: async (page) => {
      await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
      await expect(page.getByTestId("heatmap-cell").first()).toBeVisible();
    },
  },
  { path: "/matrix", ready: (page) => expect(page.getByTestId("heatmap-cell").first()).toBeVisible() },
  { path: "/search", ready: (page) => expect(page.getByTestId("search-result").first()).toBeVisible() },
  { path: "/coverage", ready: (page) => expect(page.getByTestId("coverage-map")).toBeVisible() },
  { path: "/docs/api", ready: (page) => expect(page.getByTestId("api-operation").first()).toBeVisible() },
  {
    path: "/tune",
    ready: async (page) => {
      await page.getByTestId("tune-sample-binary").click();
      await expect(page.getByTestId("tune-best")).toBeVisible({ timeout: 60_000 });
    },
  },
];

for (const theme of THEMES) {
  for (const lang of LANGS) {
    test(`every page has no serious or critical axe violation, ${theme}, ${lang}`, async ({
      page,
      context,
      baseURL,
    }) => {
      test.setTimeout(180_000);
      await context.addCookies([{ name: "bge-m3-lang", value: lang, url: baseURL! }]);
      await page.emulateMedia({ colorScheme: theme });
      for (const { path, ready } of PAGES) {
        await page.goto(path);
        await ready(page);
        await expectNoSeriousViolations(page, `${path} ${theme} ${lang}`);
      }
    });
  }
}

test("the long-text overview, its window and the best-match list have no serious or critical axe violation", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const sentence = "Climate change is a global challenge that needs every country to act together. ";
  await page.goto("/");
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  // About 1,300 tokens a side: past the test server's cell limit (playwright.config.ts), so the overview shows.
  await page.getByTestId("text-a").fill(`axe ${Date.now()} ${sentence.repeat(40)}`);
  await page.getByTestId("text-b").fill(`axe ${Date.now()} ${sentence.repeat(40)}`);
  await page.getByTestId("compare").click();
  await expect(page.getByTestId("heatmap-overview")).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("heatmap").getByTestId("heatmap-cell").first()).toBeVisible();
  await expect(page.getByTestId("best-match").first()).toBeVisible();
  for (const theme of THEMES) {
    await page.getByTestId(`theme-${theme}`).click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    // Only the MaxSim card: the rest of the page is checked above, and axe on all of it takes minutes here.
    await expectNoSeriousViolations(
      page,
      `/ long-text overview, ${theme}`,
      '[data-slot="card"]:has([data-testid="heatmap-overview"])',
    );
  }
});
