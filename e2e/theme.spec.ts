import { expect, test } from "@playwright/test";

const theme = (page: import("@playwright/test").Page) => page.locator("html");

test("the theme follows the system setting until a choice is made, and the choice is remembered", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/matrix");
  await expect(theme(page)).toHaveAttribute("data-theme", "dark");
  await expect(page.getByTestId("theme-system")).toHaveAttribute("aria-pressed", "true");
  // The body really is dark, not only the attribute.
  const bodyBg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const darkBg = await bodyBg();
  await page.emulateMedia({ colorScheme: "light" });
  await expect(theme(page)).toHaveAttribute("data-theme", "light");
  expect(await bodyBg()).not.toBe(darkBg);

  await page.getByTestId("theme-dark").click();
  await expect(theme(page)).toHaveAttribute("data-theme", "dark");
  await expect(page.getByTestId("theme-dark")).toHaveAttribute("aria-pressed", "true");
  expect(await bodyBg()).toBe(darkBg);
  // Another page, with the system still light: dark from the first paint, before any of the page's own scripts.
  await page.goto("/search", { waitUntil: "commit" });
  await page.waitForSelector("body");
  await expect(theme(page)).toHaveAttribute("data-theme", "dark");
  await expect(page.getByTestId("theme-dark")).toHaveAttribute("aria-pressed", "true");

  await page.getByTestId("theme-light").click();
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(theme(page)).toHaveAttribute("data-theme", "light");

  await page.getByTestId("theme-system").click();
  await expect(theme(page)).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(theme(page)).toHaveAttribute("data-theme", "dark");
  await expect(page.getByTestId("theme-system")).toHaveAttribute("aria-pressed", "true");
});

test("the theme is applied before the first paint: the server's HTML carries the script, allowed by the CSP", async ({
  request,
}) => {
  const r = await request.get("/");
  const csp = r.headers()["content-security-policy"]!;
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  const html = await r.text();
  const head = html.slice(0, html.indexOf("</head>"));
  expect(head).toContain(`<script nonce="${nonce}">`);
  expect(head).toContain("bge-m3-theme");
});
