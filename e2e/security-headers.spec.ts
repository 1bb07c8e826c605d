import { expect, test } from "@playwright/test";

// With nothing set: every page and API answer carries the security headers, and the pages' CSP (a nonce for
// Next's own inline scripts) lets them run without a single violation.

test("pages carry a CSP with a nonce, nosniff, a referrer and a permissions policy, and run under it", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto("/");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toMatch(/camera=\(\)/);
  // The first comparison runs only once the page's scripts have run.
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  await page.getByTestId("lang-zh").click();
  await expect(page.getByTestId("lang-zh")).toHaveAttribute("aria-pressed", "true");
  expect(violations).toEqual([]);
});

test("API answers carry the headers too, and no key is needed", async ({ request }) => {
  const r = await request.post("/api/tokenize", { data: { texts: ["x"] } });
  expect(r.status()).toBe(200);
  expect(r.headers()["content-security-policy"]).toMatch(/script-src 'none'/);
  expect(r.headers()["x-content-type-options"]).toBe("nosniff");
});
