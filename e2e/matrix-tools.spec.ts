import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import type { MatrixResponse } from "@/lib/api/matrix-contract";

// The matrix page's histogram of pairwise similarities, linked to the near-duplicate threshold, its file drop and
// its copy-as-code panel.

const TEXTS = [
  "Climate change is a global challenge",
  "气候变化是全球挑战",
  "Climate change is a global challenge",
  "我喜欢看书",
  "我喜欢看书",
  "The train leaves at eight in the morning",
];

/** Opens the page, drops TEXTS as a .txt file onto the box, computes; returns the API's answer for the same texts. */
async function dropAndCompute(page: Page, request: APIRequestContext): Promise<MatrixResponse> {
  await page.goto("/matrix");
  await expect(page.getByTestId("heatmap")).toBeVisible();
  const dataTransfer = await page.evaluateHandle(
    (text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "texts.txt", { type: "text/plain" }));
      return dt;
    },
    `${TEXTS.join("\r\n")}\r\n\r\n`,
  );
  await page.getByTestId("matrix-drop").dispatchEvent("drop", { dataTransfer });
  await expect(page.getByTestId("matrix-input")).toHaveValue(TEXTS.join("\n"));
  await expect(page.getByTestId("matrix-drop-note")).toHaveText("Loaded 6 lines from texts.txt.");
  await page.getByTestId("matrix-run").click();
  await expect(page.locator(`[data-testid="heatmap"][data-rows="${TEXTS.length}"]`)).toBeVisible();
  const r = await request.post("/api/matrix", { data: { texts: TEXTS } });
  expect(r.status()).toBe(200);
  return (await r.json()) as MatrixResponse;
}

/** Pairs whose lower direction reaches `t` in the hybrid matrix the page shows (default weights 0.4/0.2/0.4). */
function pairsReaching(api: MatrixResponse, t: number): number {
  const { dense, sparse, colbert } = api.matrices;
  const h = (i: number, j: number) => 0.4 * dense[i]![j]! + 0.2 * sparse[i]![j]! + 0.4 * colbert[i]![j]!;
  let n = 0;
  for (let i = 0; i < api.n; i++) for (let j = i + 1; j < api.n; j++) if (Math.min(h(i, j), h(j, i)) >= t) n++;
  return n;
}

test("the histogram counts every pair, and its threshold line moves with the field, the keys and the mouse", async ({
  page,
  request,
}) => {
  const api = await dropAndCompute(page, request);
  const bins = await page.getByTestId("histogram-bin").evaluateAll((els) => els.map((e) => Number(e.dataset.count)));
  expect(bins.reduce((a, b) => a + b, 0)).toBe((TEXTS.length * (TEXTS.length - 1)) / 2);

  const line = page.getByTestId("histogram-threshold");
  const field = page.getByTestId("dedupe-threshold");
  await expect(line).toHaveAttribute("aria-valuenow", "0.85");
  await expect(page.getByTestId("histogram-caption")).toContainText(`15 pairs. ${pairsReaching(api, 0.85)} pair`);

  await field.fill("0.5");
  await expect(line).toHaveAttribute("aria-valuenow", "0.5");
  await expect(page.getByTestId("histogram-caption")).toContainText(`${pairsReaching(api, 0.5)} pair`);

  await line.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("PageUp");
  await expect(field).toHaveValue("0.61");

  const box = (await page.getByTestId("pair-histogram").locator("svg").boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.02, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const max = Number(await line.getAttribute("aria-valuemax"));
  await expect(field).toHaveValue(String(max));
  await expect(page.getByTestId("histogram-caption")).toContainText(`${pairsReaching(api, max)} pair`);
});

test("copy as code carries the texts the matrix was computed from", async ({ page, request }) => {
  await dropAndCompute(page, request);
  await page.getByTestId("copy-as-code").locator("summary").click();
  const code = (await page.getByTestId("code-snippet").textContent()) ?? "";
  expect(code).toContain(`'${new URL(page.url()).origin}/api/matrix'`);
  expect(JSON.parse(code.slice(code.indexOf("{"), code.lastIndexOf("}") + 1))).toEqual({ texts: TEXTS });
});

test("the histogram and the drop zone speak Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "accept-language": "zh-CN,zh" } });
  const page = await context.newPage();
  await page.goto("/matrix");
  await expect(page.getByRole("heading", { name: "文本对的相似度分布" })).toBeVisible();
  await expect(page.getByTestId("matrix-drop")).toContainText("打开文件");
  await context.close();
});
