import { execFileSync } from "node:child_process";
import { expect, type Page, test } from "@playwright/test";
import type { SimilarityResponse } from "@/lib/api/similarity-contract";
import { base64Float32 } from "@/lib/ui/float32-base64";

// "Copy as code" on the compare page: the curl snippet the page shows is run in a shell, against the same server,
// and must answer what the page shows.

const A = `It's "a test" of $quoting, 气候变化`;
const B = "Climate change is a global challenge";
const SHARED = `/?${new URLSearchParams({ a: A, b: B, wd: "0.5", ws: "0.3", wc: "0.2", m: "hybrid" })}`;

/** Opens a shared comparison; returns the page's request body and the answer it shows. */
async function openShared(page: Page) {
  const answered = page.waitForResponse(
    (r) => r.url().endsWith("/api/similarity") && r.request().postDataJSON()?.a === A,
  );
  await page.goto(SHARED);
  const response = await answered;
  const answer = (await response.json()) as SimilarityResponse;
  await expect(page.getByTestId("score-dense")).toHaveAttribute("data-value", String(answer.scores.dense));
  return { request: response.request().postDataJSON() as Record<string, unknown>, answer };
}

async function snippet(page: Page, lang: "curl" | "python" | "javascript"): Promise<string> {
  // Closed, the panel keeps no copy of the texts in the page (a long pair's would slow every result's display).
  await expect(page.getByTestId("code-snippet")).toHaveCount(0);
  await page.getByTestId("copy-as-code").locator("summary").click();
  await page.getByTestId(`code-lang-${lang}`).click();
  const code = page.getByTestId("code-snippet");
  await expect(code).toHaveAttribute("data-lang", lang);
  return (await code.textContent()) ?? "";
}

/** Everything in an answer except what changes from one run to the next. */
const stable = ({ timing_ms: _, ...rest }: SimilarityResponse) => rest;

test("the curl snippet, run in a shell, gets the page's answer with the page's hybrid score", async ({ page }) => {
  const { request, answer } = await openShared(page);
  const code = await snippet(page, "curl");
  expect(code).toContain(new URL(page.url()).origin);
  expect(code).not.toContain("Authorization");

  const out = JSON.parse(execFileSync("sh", ["-c", code], { encoding: "utf8" })) as SimilarityResponse;
  const shownHybrid = Number(await page.getByTestId("score-hybrid").getAttribute("data-value"));
  // Same texts, so the same tokens, lexical weights, matrix and mode scores; the snippet adds the page's weights,
  // so the server's hybrid is the one the page shows. The page asks for the matrix as base64, the snippet as JSON.
  expect(request).toEqual({ a: A, b: B, encoding_format: "base64" });
  const { scores, weights, maxsim, ...rest } = stable(out);
  const { scores: pageScores, weights: _, maxsim: __, maxsim_base64: packed, ...pageRest } = stable(answer);
  expect(rest).toEqual(pageRest);
  expect([packed!.rows, packed!.cols]).toEqual([maxsim.length, maxsim[0]!.length]);
  const cells = base64Float32(packed!.data);
  expect(maxsim.flat().every((v, k) => Math.abs(v - cells[k]!) < 1e-7)).toBe(true);
  expect([scores.dense, scores.sparse, scores.colbert]).toEqual([
    pageScores.dense,
    pageScores.sparse,
    pageScores.colbert,
  ]);
  expect(weights).toEqual({ dense: 0.5, sparse: 0.3, colbert: 0.2 });
  expect(scores.hybrid).toBeCloseTo(shownHybrid, 6);
});

test("the Python and JavaScript snippets, run, get the same scores", async ({ page }) => {
  const { answer } = await openShared(page);
  const curl = await snippet(page, "curl");
  const body = JSON.parse(curl.slice(curl.indexOf("{"), curl.lastIndexOf("}") + 1));
  expect(body).toEqual({ a: A, b: B, weights: { dense: 0.5, sparse: 0.3, colbert: 0.2 } });

  await page.getByTestId("code-lang-python").click();
  const python = (await page.getByTestId("code-snippet").textContent()) ?? "";
  expect(python).toContain("import requests");
  expect(execFileSync("python3", ["-c", python], { encoding: "utf8" })).toContain(`'dense': ${answer.scores.dense}`);

  await page.getByTestId("code-lang-javascript").click();
  const js = (await page.getByTestId("code-snippet").textContent()) ?? "";
  const { FORCE_COLOR: _, ...plain } = process.env;
  const printed = execFileSync(process.execPath, ["--input-type=module", "-e", js], { encoding: "utf8", env: plain });
  expect(printed).toContain(`dense: ${answer.scores.dense}`);
});

test("in Chinese the panel speaks Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "accept-language": "zh-CN,zh" } });
  const page = await context.newPage();
  await openShared(page);
  await expect(page.getByTestId("copy-as-code").locator("summary")).toHaveText("复制为代码");
  await context.close();
});
