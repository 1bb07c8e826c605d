import { execFileSync } from "node:child_process";
import { expect, type Page, test } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe";

// Against the second server (playwright.config.ts): BGE_M3_AUTH=ada:correct horse and an API key set, so the pages'
// own API requests are served on the session cookie alone.

/** Content-Security-Policy violations the page reports on its console. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

async function signIn(page: Page, password: string) {
  await page.getByLabel(/User name|用户名/).fill("ada");
  await page.getByLabel(/Password|密码/).fill(password);
  await page.getByRole("button", { name: /Sign in|登录/ }).click();
}

test("the pages redirect to the login page until it succeeds, then work on an HttpOnly, SameSite=Strict cookie", async ({
  page,
  context,
}) => {
  const violations = cspViolations(page);
  await page.goto("/search");
  await expect(page).toHaveURL(/\/login\?next=%2Fsearch$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Sign in|登录/);

  await signIn(page, "not the password");
  await expect(page).toHaveURL(/\/login\?failed=1/);
  await expect(page.getByText(/Wrong user name or password|用户名或密码错误/)).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?next=%2F$/);

  const compared = page.waitForResponse((r) => r.url().endsWith("/api/similarity"));
  await signIn(page, "correct horse");
  await expect(page).toHaveURL(/\/$/);
  expect((await compared).status()).toBe(200);
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");

  const session = (await context.cookies()).find((c) => c.name === "bge-m3-session");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict" });
  await page.goto("/search");
  await expect(page).toHaveURL(/\/search$/);
  expect(violations).toEqual([]);
});

test("the login page speaks Chinese to a browser that prefers it", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "accept-language": "zh-CN,zh" } });
  const page = await context.newPage();
  await page.goto("/matrix");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登录");
  await expect(page.getByLabel("密码")).toBeVisible();
  await context.close();
});

test("the login page switches between light, dark and the system's theme, and the pages behind it keep the choice", async ({
  page,
}) => {
  const html = page.locator("html");
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/login");
  await expect(page.getByTestId("theme-system")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("theme-dark").click();
  await expect(html).toHaveAttribute("data-theme", "dark");
  await expect(page.getByTestId("theme-dark")).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(html).toHaveAttribute("data-theme", "dark");
  await expect(page.getByTestId("theme-dark")).toHaveAttribute("aria-pressed", "true");

  await signIn(page, "correct horse");
  await expect(page).toHaveURL(/\/$/);
  await expect(html).toHaveAttribute("data-theme", "dark");
  await expect(page.getByTestId("theme-dark")).toHaveAttribute("aria-pressed", "true");

  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByTestId("theme-system").click();
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(html).toHaveAttribute("data-theme", "dark");
  await page.emulateMedia({ colorScheme: "light" });
  await expect(html).toHaveAttribute("data-theme", "light");
});

test("the login page, with and without its error, has no serious or critical axe violation in either theme or language", async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(120_000);
  for (const theme of ["light", "dark"] as const) {
    for (const lang of ["en", "zh"]) {
      await context.addCookies([{ name: "bge-m3-lang", value: lang, url: baseURL! }]);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto("/login");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expectNoSeriousViolations(page, `/login ${theme} ${lang}`);
      await signIn(page, "not the password");
      await expect(page).toHaveURL(/\/login\?failed=1/);
      await expectNoSeriousViolations(page, `/login?failed=1 ${theme} ${lang}`);
    }
  }
});

test("an API client without the key gets 401, and with it 200", async ({ playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  expect((await api.post("/v1/embeddings", { data: { input: "x" } })).status()).toBe(401);
  const ok = await api.post("/v1/embeddings", {
    data: { input: "x" },
    headers: { authorization: "Bearer sk-e2e-key" },
  });
  expect(ok.status()).toBe(200);
  expect(ok.headers()["x-content-type-options"]).toBe("nosniff");
  await api.dispose();
});

test("the page's curl snippet sends the key from BGE_M3_API_KEY, and with it the server answers", async ({ page }) => {
  await page.goto("/");
  await signIn(page, "correct horse");
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  await page.getByTestId("copy-as-code").locator("summary").click();
  const code = (await page.getByTestId("code-snippet").textContent()) ?? "";
  expect(code).toContain('-H "Authorization: Bearer $BGE_M3_API_KEY"');
  expect(code).not.toContain("sk-e2e-key");
  const env = { ...process.env, BGE_M3_API_KEY: "sk-e2e-key" };
  const out = JSON.parse(execFileSync("sh", ["-c", code], { encoding: "utf8", env }));
  expect(out.scores.dense).toBe(Number(await page.getByTestId("score-dense").getAttribute("data-value")));
});
