import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import type { TuneResponse } from "@/lib/api/tune-contract";
import { DATA_FILE_ACCEPT } from "@/lib/ui/data-files";

const SENTENCES = [
  "气候变化是全球挑战",
  "Climate change is a global challenge",
  "環境変動は世界的な課題です",
  "我喜欢看书",
  "阅读使我快乐",
  "I like reading books",
  "The train leaves at eight",
  "El tren sale a las ocho",
  "How do I reset my password?",
  "Click 'Forgot password' to reset it",
  "Our office is closed on Sundays",
  "Water boils at 100 degrees",
];

/** 120 pairs with 0/1 labels over distinct texts (each pair's texts are numbered, so there are 240 to encode). */
const PAIRS = Array.from({ length: 120 }, (_, k) => ({
  a: `${SENTENCES[k % SENTENCES.length]} (${k})`,
  b: `${SENTENCES[(k * 5 + 1) % SENTENCES.length]} [${k}]`,
  label: k % 3 === 0 ? 1 : 0,
}));

const csvOf = (pairs: typeof PAIRS) =>
  ["text_a,text_b,label", ...pairs.map((p) => `"${p.a}","${p.b}",${p.label}`)].join("\n");

async function tune(page: Page, pairs = PAIRS) {
  await page.goto("/tune");
  await page.getByTestId("tune-input").fill(csvOf(pairs));
  await expect(page.getByTestId("tune-parsed")).toContainText("120 pairs · 240 distinct texts · 0/1 labels · CSV");
  await page.getByTestId("tune-metric").selectOption("auc");
  // Record every progress value the bar shows, to check it really advances.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progress: string[] }).__progress = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"]');
      if (bar)
        seen.push(
          `${bar.getAttribute("data-stage")}:${bar.getAttribute("data-done")}/${bar.getAttribute("data-total")}`,
        );
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByTestId("tune-run").click();
  await expect(page.getByTestId("tune-best")).toBeVisible({ timeout: 60_000 });
}

test.describe("tuning page", () => {
  let api: TuneResponse;
  test.beforeAll(async ({ request }) => {
    const r = await request.post("/api/tune", { data: { pairs: PAIRS, metric: "auc" } });
    expect(r.status()).toBe(200);
    api = await r.json();
  });

  test("marks the results out of date when the input changes, and the metric menu follows the new input", async ({
    page,
  }) => {
    await tune(page);
    const stale = page.getByTestId("tune-stale");
    await expect(stale).toHaveCount(0);
    // Graded labels: the results stay, marked out of date, and ROC-AUC leaves the menu at once.
    const graded = PAIRS.map((p, k) => ({ ...p, label: k % 5 }));
    await page.getByTestId("tune-input").fill(csvOf(graded));
    await expect(stale).toContainText("Out of date");
    await expect(page.getByTestId("tune-best")).toBeVisible();
    await expect(page.getByTestId("tune-metric").locator('option[value="auc"]')).toBeDisabled();
    // An input that no longer parses keeps the mark.
    await page.getByTestId("tune-input").fill('text_a,text_b,label\n"unclosed');
    await expect(stale).toBeVisible();
    // Back to the input the results describe: the mark goes.
    await page.getByTestId("tune-input").fill(csvOf(PAIRS));
    await expect(stale).toHaveCount(0);
  });

  test("encodes with a real progress bar that advances through the texts", async ({ page }) => {
    // Texts no earlier test encoded: cached texts would finish in one step and show no intermediate progress.
    const salt = `run ${Date.now()}`;
    await tune(
      page,
      PAIRS.map((p) => ({ ...p, a: `${p.a} ${salt}`, b: `${p.b} ${salt}` })),
    );
    const seen = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
    const encode = seen.filter((s) => s.startsWith("encode:")).map((s) => Number(s.split(/[:/]/)[1]));
    expect(encode.some((d) => d > 0 && d < 240)).toBe(true);
    expect(encode).toEqual([...encode].sort((a, b) => a - b));
  });

  test("shows the best weights and threshold the API finds", async ({ page }) => {
    await tune(page);
    const best = page.getByTestId("tune-best");
    await expect(best).toHaveAttribute("data-dense", String(api.best.weights.dense));
    await expect(best).toHaveAttribute("data-sparse", String(api.best.weights.sparse));
    await expect(best).toHaveAttribute("data-colbert", String(api.best.weights.colbert));
    expect(Number(await page.getByTestId("best-value").getAttribute("data-value"))).toBeCloseTo(api.best.value, 12);
    expect(Number(await page.getByTestId("best-threshold").getAttribute("data-value"))).toBeCloseTo(
      api.best.threshold!,
      12,
    );
    expect(Number(await page.getByTestId("best-f1").getAttribute("data-value"))).toBeCloseTo(api.best.f1!, 12);
    // One warning about the test model, not two: the page's banner replaces the note once the model is known.
    await expect(page.getByTestId("test-model-banner")).toBeVisible();
    await expect(page.getByTestId("tune-test-model-note")).toHaveCount(0);
  });

  test("draws the metric as a ternary heatmap, 66 points at step 0.1 and 231 at 0.05, without a new request", async ({
    page,
  }) => {
    await tune(page);
    const cells = page.getByTestId("ternary-cell");
    await expect(cells).toHaveCount(66);
    const best = page.locator('[data-testid="ternary-cell"][data-best]');
    await expect(best).toHaveAttribute("data-dense", String(api.best.weights.dense));
    expect(Number(await best.getAttribute("data-value"))).toBeCloseTo(api.best.value, 12);
    for (const [i, p] of [0, 17, 65].map((i) => [i, api.grid[i]!] as const)) {
      const v = await cells.nth(i).getAttribute("data-value");
      if (p.value === null) expect(v).toBe("");
      else expect(Number(v)).toBeCloseTo(p.value, 12);
    }
    let requests = 0;
    page.on("request", (r) => {
      if (new URL(r.url()).pathname.startsWith("/api/")) requests++;
    });
    await page.getByTestId("tune-step").selectOption("0.05");
    await expect(cells).toHaveCount(231);
    await page.getByTestId("tune-metric").selectOption("spearman");
    await expect(page.getByTestId("best-value")).toBeVisible();
    expect(requests).toBe(0);
  });

  test("Apply opens the compare page with the best weights on its sliders", async ({ page }) => {
    await tune(page);
    const { dense, sparse, colbert } = api.best.weights;
    await page.getByTestId("tune-apply").click();
    await expect(page).toHaveURL(`/?wd=${dense}&ws=${sparse}&wc=${colbert}`);
    await expect(page.getByTestId("weight-dense")).toHaveValue(String(dense));
    await expect(page.getByTestId("weight-sparse")).toHaveValue(String(sparse));
    await expect(page.getByTestId("weight-colbert")).toHaveValue(String(colbert));
  });

  test("exports the result as JSON", async ({ page }) => {
    await tune(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("tune-export").click()]);
    expect(download.suggestedFilename()).toBe("bge-m3-tune.json");
    const json = JSON.parse(await readFile((await download.path())!, "utf8"));
    expect(json.best.weights).toEqual(api.best.weights);
    expect(json.metric).toBe("auc");
    expect(json.grid).toHaveLength(66);
    expect(json.pairs).toHaveLength(120);
    expect(json.pairs[7].scores).toEqual(api.scores[7]);
  });

  test("reads an uploaded JSONL file and a graded sample, where ROC-AUC is not offered", async ({ page }) => {
    await page.goto("/tune");
    const jsonl = PAIRS.slice(0, 10)
      .map((p, k) => JSON.stringify({ text_a: p.a, text_b: p.b, label: k / 2 }))
      .join("\n");
    await expect(page.getByTestId("tune-file")).toHaveAttribute("accept", DATA_FILE_ACCEPT);
    await page.getByTestId("tune-file").setInputFiles({
      name: "pairs.jsonl",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(jsonl),
    });
    await expect(page.getByTestId("tune-parsed")).toContainText(
      "10 pairs · 20 distinct texts · numeric labels · JSONL",
    );
    await expect(page.locator('[data-testid="tune-metric"] option[value="auc"]')).toBeDisabled();

    await page.getByTestId("tune-sample-graded").click();
    await expect(page.getByTestId("tune-parsed")).toContainText("30 pairs");
    await expect(page.getByTestId("tune-best")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("best-threshold")).toHaveCount(0);
  });

  test("a .tab file dropped on the box is read as TSV, as the file chooser reads it", async ({ page }) => {
    await page.goto("/tune");
    const tab = "text_a\ttext_b\tlabel\nx\ty\t1\nu\tv\t0\n";
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "pairs.tab", { type: "" }));
      return dt;
    }, tab);
    await page.getByTestId("tune-input").dispatchEvent("drop", { dataTransfer });
    await expect(page.getByTestId("tune-input")).toHaveValue(tab);
    await expect(page.getByTestId("tune-parsed")).toContainText("2 pairs · 4 distinct texts · 0/1 labels · TSV");
  });

  test("says which lines of a file are wrong, every one of them", async ({ page }) => {
    await page.goto("/tune");
    await expect(page.getByTestId("tune-test-model-note")).toContainText("mean nothing");
    await page.getByTestId("tune-input").fill("text_a,text_b,label\nx,y,1\nx,y,maybe\nx,,1\nx,y,0\n");
    await expect(page.getByTestId("tune-parse-problems").locator("li")).toHaveText([
      'Line 3: label "maybe" is not a number',
      "Line 4: text_b is empty",
    ]);
    await expect(page.getByTestId("tune-run")).toBeDisabled();
  });

  test("reads a TSV file whose quoted field holds a tab and a line break, counting its lines", async ({ page }) => {
    await page.goto("/tune");
    const tsv = 'text_a\ttext_b\tlabel\n"a\tb\r\nc"\tx\t1\ny\tz\tmaybe\n';
    await page
      .getByTestId("tune-file")
      .setInputFiles({ name: "pairs.tsv", mimeType: "text/tab-separated-values", buffer: Buffer.from(tsv) });
    await expect(page.getByTestId("tune-parse-problems").locator("li")).toHaveText([
      'Line 4: label "maybe" is not a number',
    ]);
    await page.getByTestId("tune-input").fill(tsv.replace("maybe", "0"));
    await expect(page.getByTestId("tune-parsed")).toContainText("2 pairs · 4 distinct texts · 0/1 labels · TSV");
  });

  test("checks the rows that did read beside a quote problem, and lists them all", async ({ page }) => {
    await page.goto("/tune");
    await page.getByTestId("tune-input").fill('text_a,text_b,label\n"x" y",b,1\nc,d,maybe\n,h,1\ni,j,0\n');
    await expect(page.getByTestId("tune-parse-problems").locator("li")).toHaveText([
      "Line 2: a quoted field has text after its closing quote (a closing quote must be followed by a comma or a line end)",
      'Line 3: label "maybe" is not a number',
      "Line 4: text_a is empty",
    ]);
    await expect(page.getByTestId("tune-run")).toBeDisabled();
  });

  test("words a quote problem in TSV as the drop box does, naming the tab", async ({ page }) => {
    await page.goto("/tune");
    await page.getByTestId("tune-input").fill('text_a\ttext_b\tlabel\n"x" y"\tb\t1\nc\td\t0\n');
    await expect(page.getByTestId("tune-parse-problems").locator("li")).toHaveText([
      "Line 2: a quoted field has text after its closing quote (a closing quote must be followed by a tab or a line end)",
    ]);
  });

  test("says a file the browser cannot read could not be read, opened or dropped, as /coverage does", async ({
    page,
  }) => {
    // The browser refuses to read files named locked.*, as it does a file removed or changed after it was chosen.
    await page.addInitScript(() => {
      const text = Blob.prototype.text;
      Blob.prototype.text = function (this: Blob) {
        if (this instanceof File && this.name.startsWith("locked."))
          return Promise.reject(new DOMException("The requested file could not be read.", "NotReadableError"));
        return text.call(this);
      };
    });
    await page.goto("/tune");
    const good = "text_a,text_b,label\nx,y,1\n";
    await page.getByTestId("tune-input").fill(good);
    await page.getByTestId("tune-file").setInputFiles({
      name: "locked.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("text_a,text_b,label\nu,v,0\n"),
    });
    await expect(page.getByTestId("tune-file-problem")).toHaveText("locked.csv could not be read.");
    await expect(page.getByTestId("tune-input")).toHaveValue(good);

    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["text_a\ttext_b\tlabel\n"], "locked.tsv", { type: "" }));
      return dt;
    });
    await page.getByTestId("tune-input").dispatchEvent("drop", { dataTransfer });
    await expect(page.getByTestId("tune-file-problem")).toHaveText("locked.tsv could not be read.");
    await expect(page.getByTestId("tune-input")).toHaveValue(good);
    await page.getByTestId("tune-input").fill(`${good}u,v,0\n`);
    await expect(page.getByTestId("tune-file-problem")).toHaveCount(0);
    await page.getByTestId("tune-input").dispatchEvent("drop", { dataTransfer });
    await expect(page.getByTestId("tune-file-problem")).toHaveText("locked.tsv could not be read.");
    await page.getByTestId("tune-sample-binary").click();
    await expect(page.getByTestId("tune-file-problem")).toHaveCount(0);

    await page.getByTestId("tune-file").setInputFiles({
      name: "pairs.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("text_a,text_b,label\nu,v,0\n"),
    });
    await expect(page.getByTestId("tune-file-problem")).toHaveCount(0);
    await expect(page.getByTestId("tune-parsed")).toContainText("1 pair · 2 distinct texts");
  });

  test("says which lines are wrong in 中文 too", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "bge-m3-lang", value: "zh", url: baseURL! }]);
    await page.goto("/tune");
    await page.getByTestId("tune-input").fill("text_a,text_b,label\nx,y,maybe\n");
    await expect(page.getByTestId("tune-parse-problems").locator("li")).toHaveText(['第 2 行：标签 "maybe" 不是数字']);
    await page.getByTestId("tune-input").fill("a,b\nx,y\n");
    await expect(page.getByTestId("tune-parse-problems").locator("li")).toHaveText([
      '第 1 行：表头没有 "label" 这一列',
    ]);
    await page
      .getByTestId("tune-input")
      .fill(`text_a,text_b,label\n${Array.from({ length: 12 }, (_, k) => `x${k},y,maybe`).join("\n")}\n`);
    await expect(page.getByTestId("tune-parse-problems").locator("li")).toHaveCount(10);
    await expect(page.getByTestId("tune-parse-problems-more")).toHaveText("……另有 2 行有问题");
  });
});
