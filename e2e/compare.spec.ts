import { expect, type Locator, type Page, test } from "@playwright/test";
import type { InfoResponse, SpeedFit } from "@/lib/api/info-contract";
import type { SimilarityResponse } from "@/lib/api/similarity-contract";
import type { TokenizeResponse } from "@/lib/api/tokenize-contract";
import { base64Float32 } from "@/lib/ui/float32-base64";

// These tests drive the compare page at `/` in a real Chromium against the real `/api/similarity`,
// served by the production build with the bundled random-weight test model.

const MODES = ["dense", "sparse", "colbert", "hybrid"] as const;
const WEIGHTS = ["dense", "sparse", "colbert"] as const;
const BAND_EN = { same: "nearly the same meaning", related: "related", weak: "weakly related", unrelated: "unrelated" };
const ZH = "气候变化是全球挑战";
const EN = "Climate change is a global challenge";

/** 32 tokens on the test model's tokenizer: 255 repeats make a text just under the 8,192-token limit, 300 one over it. */
const SENTENCE = "Climate change is a global challenge that needs every country to act together. ";
/** Pairs near 8,192 tokens take seconds on the test model, and far longer on a busy shared machine. */
const LONG_RUN_TIMEOUT_MS = 120_000;
/** A long text that no earlier run has put in the server's cache. */
const longText = (tag: string, repeats: number) => `${tag} ${Date.now()} ${SENTENCE.repeat(repeats)}`;
/** Counts as the page writes them in English. */
const count = (n: number) => n.toLocaleString("en-US");

/** The page's own number format: 4 decimals, "−" for negatives. */
const fmt = (v: number) => `${v < 0 ? "−" : ""}${Math.abs(v).toFixed(4)}`;

async function value(l: Locator): Promise<number> {
  const v = await l.getAttribute("data-value");
  expect(v, "data-value is set").toBeTruthy();
  return Number(v);
}

/** Opens the page and waits for the automatic first comparison; returns the API's answer. */
async function open(page: Page): Promise<SimilarityResponse> {
  const response = page.waitForResponse((r) => r.url().endsWith("/api/similarity"));
  await page.goto("/");
  const json = (await (await response).json()) as SimilarityResponse;
  await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  // Let Next finish prefetching the navigation's pages, so the request counts below only see what the test causes.
  await page.waitForLoadState("networkidle");
  return json;
}

/** Types a pair, presses Compare and returns the API's answer once the page shows it. */
async function compare(page: Page, a: string, b: string): Promise<SimilarityResponse> {
  await page.getByTestId("text-a").fill(a);
  await page.getByTestId("text-b").fill(b);
  const response = page.waitForResponse((r) => r.url().endsWith("/api/similarity"));
  await page.getByTestId("compare").click();
  const json = (await (await response).json()) as SimilarityResponse;
  await expect(page.getByTestId("score-dense")).toHaveAttribute("data-value", String(json.scores.dense));
  return json;
}

/** The answer's MaxSim matrix as rows, from `maxsim_base64` (what the page asks for) or from JSON `maxsim`. */
function maxSimRows(json: SimilarityResponse): number[][] {
  const packed = json.maxsim_base64;
  if (!packed) return json.maxsim;
  const cells = base64Float32(packed.data);
  return Array.from({ length: packed.rows }, (_, i) =>
    Array.from(cells.subarray(i * packed.cols, (i + 1) * packed.cols)),
  );
}

/** Records every request the page makes from now on. */
function recordRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (r) => seen.push(`${r.method()} ${r.url()}`));
  return seen;
}

async function sliderWeights(page: Page) {
  const [dense, sparse, colbert] = await Promise.all(
    WEIGHTS.map(async (k) => Number(await page.getByTestId(`weight-${k}`).inputValue())),
  );
  return { dense: dense!, sparse: sparse!, colbert: colbert! };
}

/** FlagEmbedding's hybrid, computed here from the page's three data-values and slider values. */
async function expectHybridMatchesFormula(page: Page) {
  await expect
    .poll(async () => {
      const [d, s, c, h] = await Promise.all(MODES.map((m) => value(page.getByTestId(`score-${m}`))));
      const w = await sliderWeights(page);
      const expected = (w.dense * d! + w.sparse * s! + w.colbert * c!) / (w.dense + w.sparse + w.colbert);
      return Math.abs(h! - expected);
    })
    .toBeLessThan(1e-9);
}

/** Sets a range input's value the way a script or assistive tech would, firing the input event React listens to. */
async function setRange(slider: Locator, v: string) {
  await slider.evaluate((el, next) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(input, next);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, v);
}

test.describe("the compare page", () => {
  test("compares a typed pair and shows all four scores, full precision in data-value", async ({ page }) => {
    await open(page);
    const json = await compare(page, ZH, EN);

    for (const m of ["dense", "sparse", "colbert"] as const) {
      const tile = page.getByTestId(`score-${m}`);
      await expect(tile).toHaveAttribute("data-value", String(json.scores[m]));
      await expect(tile).toHaveText(fmt(json.scores[m]));
    }
    expect(Math.abs(json.scores.dense)).toBeLessThanOrEqual(1 + 1e-6);
    expect(json.scores.sparse).toBeGreaterThanOrEqual(0);
    // Default weights are FlagEmbedding's 0.4/0.2/0.4, so the browser's hybrid equals the server's.
    expect(Math.abs((await value(page.getByTestId("score-hybrid"))) - json.scores.hybrid)).toBeLessThan(1e-12);
    await expectHybridMatchesFormula(page);

    // The selected mode (hybrid by default) is the large one.
    await expect(page.getByTestId("mode-hybrid")).toHaveAttribute("aria-checked", "true");
    await expect(page.getByTestId("score-selected")).toHaveText(fmt(json.scores.hybrid));

    // Small details: token counts, latency and the model; the test model is labelled.
    await expect(page.getByTestId("token-count-a")).toContainText(String(json.token_counts.a.after));
    await expect(page.getByTestId("token-count-b")).toContainText(String(json.token_counts.b.after));
    await expect(page.getByTestId("latency")).toContainText("ms");
    await expect(page.getByTestId("model-name")).toContainText(json.model.name);
    expect(json.model.test_model).toBe(true);
    await expect(page.getByTestId("test-model-banner")).toContainText(
      "Test model with random weights: scores mean nothing about language",
    );
  });

  test("switching modes makes that score the large one, without a request", async ({ page }) => {
    const json = await open(page);
    const requests = recordRequests(page);

    for (const m of MODES) {
      await page.getByTestId(`mode-${m}`).click();
      await expect(page.getByTestId(`mode-${m}`)).toHaveAttribute("aria-checked", "true");
      const shown = await page.getByTestId(`score-${m}`).getAttribute("data-value");
      await expect(page.getByTestId("score-selected")).toHaveAttribute("data-value", shown!);
      if (m !== "hybrid") expect(Number(shown)).toBe(json.scores[m]);
    }
    // The arrow keys move between the mode tiles too.
    await page.getByTestId("mode-hybrid").focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("mode-dense")).toHaveAttribute("aria-checked", "true");
    await expect(page.getByTestId("mode-dense")).toBeFocused();

    expect(requests).toEqual([]);
  });

  test("moving the sliders with the keyboard recombines the hybrid in the browser, with no request", async ({
    page,
  }) => {
    await open(page);
    const requests = recordRequests(page);
    const dense = page.getByTestId("weight-dense");
    const before = await value(page.getByTestId("score-hybrid"));

    await dense.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    await expect(dense).toHaveValue("0.45");
    await expectHybridMatchesFormula(page);

    const colbert = page.getByTestId("weight-colbert");
    await colbert.focus();
    await page.keyboard.press("Home");
    await expect(colbert).toHaveValue("0");
    await expectHybridMatchesFormula(page);
    // Effective weights are normalised: 0.45 / (0.45 + 0.2 + 0) ≈ 69%.
    await expect(page.getByTestId("effective-dense")).toContainText("69%");
    expect(await value(page.getByTestId("score-hybrid"))).not.toBe(before);

    expect(requests).toEqual([]);
  });

  test("setting slider values directly recombines the hybrid to the formula, with no request", async ({ page }) => {
    await open(page);
    const requests = recordRequests(page);

    for (const [d, s, c] of [
      ["0.9", "0.05", "0.05"],
      ["0", "1", "0"],
      ["0.33", "0.33", "0.34"],
      ["0.1", "0.7", "0.25"],
    ] as const) {
      await setRange(page.getByTestId("weight-dense"), d);
      await setRange(page.getByTestId("weight-sparse"), s);
      await setRange(page.getByTestId("weight-colbert"), c);
      await expect(page.getByTestId("weight-colbert")).toHaveValue(c);
      await expectHybridMatchesFormula(page);
    }

    // All three at zero: no hybrid, and the page says why instead of showing a number.
    for (const k of WEIGHTS) await setRange(page.getByTestId(`weight-${k}`), "0");
    await expect(page.getByTestId("score-hybrid")).toHaveAttribute("data-value", "");
    await expect(page.getByRole("alert").filter({ hasText: "All three weights are 0" })).toBeVisible();

    expect(requests).toEqual([]);
  });

  test("weights handed over in the URL (the tuning page's Apply) set the sliders", async ({ page }) => {
    const response = page.waitForResponse((r) => r.url().endsWith("/api/similarity"));
    await page.goto("/?wd=0.7&ws=0.1&wc=0.2");
    await response;
    await expect(page.getByTestId("weight-dense")).toHaveValue("0.7");
    await expect(page.getByTestId("weight-sparse")).toHaveValue("0.1");
    await expect(page.getByTestId("weight-colbert")).toHaveValue("0.2");
    await expectHybridMatchesFormula(page);
  });

  test("the 0–1 sparse option divides sparse by both self-scores, in the browser; raw stays the default", async ({
    page,
  }) => {
    await open(page);
    const json = await compare(page, EN, `${EN}. ${EN}, and a global challenge it is.`);
    await expect(page.getByTestId("sparse-scale-raw")).toBeChecked();
    await expect(page.getByTestId("score-sparse")).toHaveAttribute("data-value", String(json.scores.sparse));
    const seen = recordRequests(page);
    await page.getByTestId("sparse-scale-unit").check();
    const self = (e: { weight: number }[]) => e.reduce((s, x) => s + x.weight * x.weight, 0);
    const unit = json.scores.sparse / Math.sqrt(self(json.lexical.a) * self(json.lexical.b));
    await expect.poll(async () => Math.abs((await value(page.getByTestId("score-sparse"))) - unit)).toBeLessThan(1e-12);
    expect(unit).toBeLessThanOrEqual(1);
    await expectHybridMatchesFormula(page);
    expect(await value(page.getByTestId("score-hybrid"))).toBeLessThanOrEqual(1);
    await expect(page.getByTestId("mode-sparse")).toContainText("0–1");
    // No scoring request (the texts just typed may still get their token count from /api/tokenize).
    expect(seen.filter((r) => r.includes("/api/similarity"))).toEqual([]);

    // A text against itself scores 1 on this scale.
    await compare(page, EN, EN);
    await expect.poll(async () => Math.abs((await value(page.getByTestId("score-sparse"))) - 1)).toBeLessThan(1e-9);
  });

  test("presets set α, β and γ and the hybrid follows, with no request", async ({ page }) => {
    await open(page);
    const requests = recordRequests(page);
    const presets = {
      general: ["0.5", "0.3", "0.2"],
      keywords: ["0.3", "0.6", "0.1"],
      precision: ["0.4", "0.3", "0.3"],
      long: ["0.3", "0.1", "0.6"],
      flagembedding: ["0.4", "0.2", "0.4"],
    } as const;
    for (const [id, [d, s, c]] of Object.entries(presets)) {
      await page.getByTestId(`preset-${id}`).click();
      await expect(page.getByTestId(`preset-${id}`)).toHaveAttribute("aria-pressed", "true");
      // Exactly one preset lights up, and it says what it is for.
      await expect(page.locator('[data-testid^="preset-"][aria-pressed="true"]')).toHaveCount(1);
      await expect(page.getByTestId("preset-what")).not.toHaveText(/Custom weights/);
      await expect(page.getByTestId("weight-dense")).toHaveValue(d);
      await expect(page.getByTestId("weight-sparse")).toHaveValue(s);
      await expect(page.getByTestId("weight-colbert")).toHaveValue(c);
      await expectHybridMatchesFormula(page);
    }
    await expect(page.getByTestId("preset-keywords")).toHaveAttribute("aria-pressed", "false");
    // A screen reader hears the name and the weights as words, and what the preset is for.
    await expect(page.getByTestId("preset-flagembedding")).toHaveAccessibleName(
      "FlagEmbedding (dense 0.4, sparse 0.2, ColBERT 0.4)",
    );
    await expect(page.getByTestId("preset-long")).toHaveAccessibleDescription(/token-by-token matching/);
    await setRange(page.getByTestId("weight-dense"), "0.9");
    await expect(page.getByTestId("preset-what")).toHaveText(/Custom weights/);
    expect(requests).toEqual([]);
  });

  test("the band reads the selected score in plain words and follows edited thresholds", async ({ page }) => {
    await open(page);
    await compare(page, ZH, EN);
    await page.getByTestId("mode-dense").click();
    const dense = await value(page.getByTestId("score-dense"));
    const expected = dense >= 0.85 ? "same" : dense >= 0.6 ? "related" : dense >= 0.3 ? "weak" : "unrelated";
    await expect(page.getByTestId("band")).toHaveText(BAND_EN[expected]);
    await expect(page.getByTestId("band")).toHaveAttribute("data-band", expected);

    // Lower "nearly the same" to just under this score: the band becomes "nearly the same meaning".
    await page.getByText("Edit the thresholds").click();
    await page.getByTestId("threshold-weak").fill("-0.9");
    await page.getByTestId("threshold-related").fill("-0.5");
    await page.getByTestId("threshold-same").fill((dense - 0.001).toFixed(3));
    await expect(page.getByTestId("band")).toHaveText(BAND_EN.same);

    // Out-of-order thresholds are refused with a message, and the last valid ones stay in use.
    await page.getByTestId("threshold-related").fill("5");
    await expect(page.getByTestId("threshold-error")).toContainText("Thresholds must rise");
    await expect(page.getByTestId("threshold-related")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("band")).toHaveText(BAND_EN.same);

    // The band is in Chinese too.
    await page.getByTestId("lang-zh").click();
    await expect(page.getByTestId("band")).toHaveText("几乎同义");
    await page.getByRole("button", { name: "恢复 0.85 / 0.60 / 0.30" }).click();
    const zh = { same: "几乎同义", related: "语义相关", weak: "弱相关", unrelated: "基本无关" };
    await expect(page.getByTestId("band")).toHaveText(zh[expected]);
  });

  test("hovering a heatmap cell shows both tokens and the value; each row's maximum is marked", async ({ page }) => {
    await open(page);
    const json = await compare(page, ZH, EN);
    const maxsim = maxSimRows(json);
    const rows = maxsim.length;
    const cols = maxsim[0]!.length;
    const heatmap = page.getByTestId("heatmap");
    await expect(heatmap).toHaveAttribute("data-render", "dom");
    await expect(heatmap.getByTestId("heatmap-cell")).toHaveCount(rows * cols);
    await expect(heatmap.locator('[data-testid="heatmap-cell"][data-mark="row-best"]')).toHaveCount(rows);
    // A screen reader hears "best match", not the name of the dot drawn for it.
    const best = heatmap.locator('[data-testid="heatmap-cell"][data-mark="row-best"]').first();
    await expect(best).toHaveAttribute("aria-label", /, best match in its row$/);

    // Row 2 is text a's third ColBERT token (tokens[3], since <s> has no ColBERT vector).
    const cell = heatmap.locator('[data-testid="heatmap-cell"][data-row="2"][data-col="1"]');
    await expect(cell).toHaveAttribute("data-value", String(maxsim[2]![1]));
    await cell.hover();
    const tooltip = page.getByTestId("heatmap-tooltip");
    await expect(tooltip).toBeVisible();
    const rowToken = json.tokens.a[3]!.text.replace(/^▁/, "");
    const colToken = json.tokens.b[2]!.text.replace(/^▁/, "");
    await expect(tooltip.locator('[data-side="a"]')).toHaveText(rowToken);
    await expect(tooltip.locator('[data-side="b"]')).toHaveText(colToken);
    await expect(tooltip).toContainText(fmt(maxsim[2]![1]!));

    // The keyboard reaches the cells too.
    await heatmap.focus();
    await page.keyboard.press("ArrowDown");
    await expect(tooltip).toContainText(fmt(maxsim[1]![0]!));
  });

  test("asks for the MaxSim matrix as base64 and shows the cells a JSON answer would", async ({ page }) => {
    await open(page);
    const asked = page.waitForRequest((r) => r.url().endsWith("/api/similarity"));
    const packed = await compare(page, ZH, EN);
    expect((await asked).postDataJSON()).toEqual({ a: ZH, b: EN, encoding_format: "base64" });
    expect(packed.maxsim).toEqual([]);
    const cells = maxSimRows(packed);
    expect([cells.length, cells[0]!.length]).toEqual([packed.maxsim_base64!.rows, packed.maxsim_base64!.cols]);
    const cell = page.getByTestId("heatmap").locator('[data-testid="heatmap-cell"][data-row="2"][data-col="1"]');
    await expect(cell).toHaveAttribute("data-value", String(cells[2]![1]));
    const label = (await cell.getAttribute("aria-label"))!;
    expect(label).toContain(fmt(cells[2]![1]!));

    // The request as copied from the page is the user's own: no encoding_format.
    await page.getByTestId("copy-as-code").locator("summary").click();
    await page.getByTestId("code-lang-javascript").click();
    await expect(page.getByTestId("code-snippet")).toContainText("/api/similarity");
    await expect(page.getByTestId("code-snippet")).not.toContainText("encoding_format");

    // A server that ignores encoding_format answers JSON rows; the page shows the same cells from them.
    await page.route("**/api/similarity", (route) => {
      const { encoding_format: _, ...plain } = route.request().postDataJSON();
      return route.fallback({ postData: JSON.stringify(plain) });
    });
    await open(page);
    const json = await compare(page, ZH, EN);
    expect(json.maxsim_base64).toBeUndefined();
    expect(json.maxsim[2]![1]).toBeCloseTo(cells[2]![1]!, 6);
    await expect(cell).toHaveAttribute("data-value", String(json.maxsim[2]![1]));
    await expect(cell).toHaveAttribute("aria-label", label);
  });

  test("on the top row the tooltip opens below the cell, clear of the column headers", async ({ page }) => {
    await open(page);
    await compare(page, ZH, EN);
    const heatmap = page.getByTestId("heatmap");
    // With the heatmap well below the window's top, a tip above the top row would sit on the headers.
    await heatmap.evaluate((el) => el.scrollIntoView({ block: "center" }));
    await heatmap.locator('[data-testid="heatmap-cell"][data-row="0"][data-col="1"]').hover();
    const tip = (await page.getByTestId("heatmap-tooltip").boundingBox())!;
    const header = (await heatmap.locator('[data-testid="heatmap-col-label"][data-col="1"]').boundingBox())!;
    expect(header.y).toBeGreaterThan(150);
    expect(tip.y).toBeGreaterThanOrEqual(header.y + header.height);
  });

  test("a bare word-start token reads ␣ upright in a rotated column header, not a sideways “c”", async ({ page }) => {
    await open(page);
    const json = await compare(page, EN, ZH);
    const col = json.tokens.b.slice(1).findIndex((t) => t.text === "▁");
    expect(col, "the Chinese text has a bare ▁ token").toBeGreaterThanOrEqual(0);
    const label = page.locator(`[data-testid="heatmap-col-label"][data-col="${col}"]`);
    await expect(label).toHaveText("␣");
    await expect(label.locator("span")).toHaveCSS("text-orientation", "upright");
  });

  test("the heatmap's token buttons are reached with Tab and select with Enter", async ({ page }) => {
    await open(page);
    const json = await compare(page, ZH, EN);
    const heatmap = page.getByTestId("heatmap");
    await heatmap.focus();
    await page.keyboard.press("Tab");
    const first = heatmap.locator('[data-testid="heatmap-col-label"][data-col="0"]');
    await expect(first).toBeFocused();
    await page.keyboard.press("Enter");
    const tok = json.tokens.b[1]!;
    await expect(page.getByTestId("tokens-b").getByTestId("token-highlight")).toHaveText(EN.slice(tok.start, tok.end));
    // Tab walks on through the column headers to the row headers.
    await page.keyboard.press("Tab");
    await expect(heatmap.locator('[data-testid="heatmap-col-label"][data-col="1"]')).toBeFocused();
  });

  test("clicking a token highlights it in the original text, by its UTF-16 offsets", async ({ page }) => {
    await open(page);
    const json = await compare(page, ZH, EN);
    // The first row token whose token has characters (offsets start < end).
    const row = json.tokens.a.slice(1).findIndex((t) => t.end > t.start && t.text !== "▁");
    const tok = json.tokens.a[row + 1]!;
    await page.locator(`[data-testid="heatmap-row-label"][data-row="${row}"]`).click();
    await expect(page.getByTestId("tokens-a").getByTestId("token-highlight")).toHaveText(ZH.slice(tok.start, tok.end));

    const col = json.tokens.b.slice(1).findIndex((t) => t.text === "▁global");
    const colTok = json.tokens.b[col + 1]!;
    await page.locator(`[data-testid="heatmap-col-label"][data-col="${col}"]`).click();
    const markB = page.getByTestId("tokens-b").getByTestId("token-highlight");
    await expect(markB).toHaveText(EN.slice(colTok.start, colTok.end));
    expect((await markB.textContent())?.trim()).toBe("global");

    // Clicking in the text itself selects that token.
    const is = json.tokens.b.findIndex((t) => t.text === "▁is");
    await page.getByTestId("tokens-b").locator(`[data-token="${is}"]`).click();
    await expect(markB).toHaveText(EN.slice(json.tokens.b[is]!.start, json.tokens.b[is]!.end));
    expect((await markB.textContent())?.trim()).toBe("is");
  });

  test("a long text is drawn on a canvas that still answers hover, and the page stays responsive", async ({ page }) => {
    await open(page);
    const response = page.waitForResponse((r) => r.url().endsWith("/api/similarity"));
    await page.getByTestId("example-long").click();
    const json = (await (await response).json()) as SimilarityResponse;
    const heatmap = page.getByTestId("heatmap");
    await expect(heatmap).toHaveAttribute("data-render", "canvas");
    await expect(heatmap).toHaveAttribute("data-cols", String(maxSimRows(json)[0]!.length));
    const canvas = heatmap.locator("canvas");
    await canvas.hover({ position: { x: 2, y: 2 } });
    await expect(page.getByTestId("heatmap-tooltip")).toBeVisible();
    // A slider still recombines at once after the big render.
    const t0 = Date.now();
    await setRange(page.getByTestId("weight-sparse"), "0.8");
    await expectHybridMatchesFormula(page);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  test("a pair too long to send every MaxSim cell shows an overview, a full-size window and each token's best match", async ({
    page,
  }) => {
    test.setTimeout(LONG_RUN_TIMEOUT_MS);
    await open(page);
    const json = await compare(page, longText("query", 40), longText("doc", 40));
    const omitted = json.maxsim_omitted!;
    expect(omitted.rows * omitted.cols).toBeGreaterThan(1_000_000);
    await expect(page.getByTestId("heatmap-overview")).toBeVisible();
    await expect(page.getByTestId("overview-caption")).toContainText(count(omitted.rows));
    // The window around the first query token's best match loads by itself: no panel is empty.
    const zoom = page.getByTestId("heatmap");
    await expect(zoom).toHaveAttribute("data-render", "dom");
    await expect(zoom.getByTestId("heatmap-cell").first()).toBeVisible();
    // The window's corner header shows its words whole, though its 64 columns are wider than the card.
    const head = zoom.getByRole("columnheader").first();
    const [cell, words] = [(await head.boundingBox())!, (await head.locator("span").boundingBox())!];
    expect(words.x).toBeGreaterThanOrEqual(cell.x);
    expect(words.x + words.width).toBeLessThanOrEqual(cell.x + cell.width);

    const best = page.getByTestId("best-match");
    await expect(best).toHaveCount(100);
    await expect(best.first().locator("[data-value]")).toHaveAttribute("data-value", String(omitted.row_best.value[0]));
    await page.getByRole("button", { name: /^Show 100 more/ }).click();
    await expect(best).toHaveCount(200);

    // A best match far down the text moves the window there and highlights both tokens.
    const asked = page.waitForRequest(
      (r) => r.url().endsWith("/api/similarity") && r.postData()!.includes("maxsim_window"),
    );
    await best.nth(150).getByRole("button").click();
    const window = JSON.parse((await asked).postData()!).maxsim_window;
    expect(window.row).toBeLessThanOrEqual(150);
    expect(window.row + window.rows).toBeGreaterThan(150);
    await expect(page.getByRole("heading", { name: new RegExp(`^Query tokens ${window.row + 1}–`) })).toBeVisible();
    await expect(page.getByTestId("token-highlight")).toHaveCount(2);

    // A click on the overview's last block moves the window to the matrix's far corner.
    const overview = page.getByTestId("heatmap-overview").locator("canvas");
    const box = (await overview.boundingBox())!;
    const corner = page.waitForRequest(
      (r) => r.url().endsWith("/api/similarity") && r.postData()!.includes("maxsim_window"),
    );
    await overview.click({ position: { x: box.width - 1, y: box.height - 1 } });
    const far = JSON.parse((await corner).postData()!).maxsim_window;
    expect(far.row + far.rows).toBe(omitted.rows);
    expect(far.col + far.cols).toBe(omitted.cols);
    await expect(page.getByTestId("zoom-loading")).toHaveCount(0);
    await expect(page.getByTestId("heatmap-cell").first()).toBeVisible();
  });

  test("at about 8,000 × 8,000 tokens the overview, the window and the best-match list all work", async ({ page }) => {
    test.setTimeout(LONG_RUN_TIMEOUT_MS);
    await open(page);
    await page.getByTestId("text-a").fill(longText("query", 250));
    await page.getByTestId("text-b").fill(longText("doc", 250));
    const response = page.waitForResponse((r) => r.url().endsWith("/api/similarity"));
    await page.getByTestId("compare").click();
    const json = (await (await response).json()) as SimilarityResponse;
    // The answer's scores, overview and both texts' tokens show within the usual wait, and the page still responds.
    await expect(page.getByTestId("score-dense")).toHaveAttribute("data-value", String(json.scores.dense));
    await expect(page.getByTestId("heatmap-overview").locator("canvas")).toBeVisible();
    await expect(page.getByTestId("tokens-b").locator("[data-token]").last()).toBeAttached();
    await page.getByTestId("mode-colbert").click();
    await expect(page.getByTestId("mode-colbert")).toHaveAttribute("aria-checked", "true");
    const token = page.getByTestId("tokens-a").locator("[data-token]").nth(4000);
    await token.click();
    await expect(page.getByTestId("token-highlight")).toHaveCount(1);
    await expect(page.getByTestId("token-selected-a")).toBeVisible();
    const omitted = json.maxsim_omitted!;
    expect(omitted.rows).toBeGreaterThan(7_900);
    expect(omitted.cols).toBeGreaterThan(7_900);
    await expect(page.getByTestId("overview-caption")).toContainText(count(omitted.rows));
    await expect(page.getByTestId("heatmap-overview").locator("canvas")).toBeVisible();
    await expect(page.getByTestId("heatmap").getByTestId("heatmap-cell").first()).toBeVisible();
    await expect(page.getByTestId("best-match")).toHaveCount(100);
    expect(omitted.row_best.value).toHaveLength(omitted.rows);

    // The last query token's best match moves the window to the end of the matrix.
    const overview = page.getByTestId("heatmap-overview").locator("canvas");
    const box = (await overview.boundingBox())!;
    const corner = page.waitForRequest(
      (r) => r.url().endsWith("/api/similarity") && r.postData()!.includes("maxsim_window"),
    );
    await overview.click({ position: { x: box.width - 1, y: box.height - 1 } });
    const far = JSON.parse((await corner).postData()!).maxsim_window;
    expect(far.row + far.rows).toBe(omitted.rows);
    await expect(page.getByTestId("zoom-loading")).toHaveCount(0);
    await expect(page.getByTestId("heatmap").getByTestId("heatmap-cell").first()).toBeVisible();
  });

  test("a 503 from the API shows the designed error state, and retry recovers", async ({ page }) => {
    let fail = true;
    await page.route("**/api/similarity", (route) =>
      fail
        ? route.fulfill({
            status: 503,
            contentType: "application/json",
            body: JSON.stringify({
              error: { message: "the model is still loading; retry shortly", type: "model_not_ready" },
            }),
          })
        : route.fallback(),
    );
    await page.goto("/");
    const error = page.getByTestId("error");
    await expect(error).toBeVisible();
    await expect(error).toHaveAttribute("data-status", "503");
    await expect(page.getByTestId("error-title")).toHaveText("The model is not ready yet");
    await expect(page.getByTestId("error-message")).toContainText("the model is still loading; retry shortly");
    await expect(page.getByTestId("score-hybrid")).toHaveCount(0);

    fail = false;
    await page.getByTestId("error-retry").click();
    await expect(error).toHaveCount(0);
    await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");
  });

  test("a 400 from the API names the field and marks that text box invalid", async ({ page }) => {
    await open(page);
    await page.route("**/api/similarity", (route) =>
      route.fulfill({
        status: 400,
        contentType: "application/json",
        body: JSON.stringify({ error: { message: "a: text a is too long", type: "invalid_request", field: "a" } }),
      }),
    );
    await page.getByTestId("compare").click();
    await expect(page.getByTestId("error-title")).toHaveText("The server could not use this input");
    await expect(page.getByTestId("error-message")).toContainText("a: text a is too long");
    await expect(page.getByTestId("text-a")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("text-b")).not.toHaveAttribute("aria-invalid", "true");
  });

  test("a text over the character limit is named in plain words in both languages, with no retry, and the last results stay", async ({
    page,
  }) => {
    await open(page);
    await page.getByTestId("text-a").fill("x ".repeat(25_001));
    await page.getByTestId("compare").click();
    const error = page.getByTestId("error");
    await expect(error).toHaveAttribute("data-status", "413");
    await expect(page.getByTestId("error-title")).toHaveText("The texts are too long for one request");
    await expect(page.getByTestId("error-field")).toHaveText("In the query (text a):");
    await expect(page.getByTestId("error-message")).toContainText(
      "it has 50,002 characters, and at most 50,000 fit in one text.",
    );
    await expect(page.getByTestId("error-retry")).toHaveCount(0);
    await expect(page.getByTestId("text-a")).toHaveAttribute("aria-invalid", "true");
    // The error sits above the last results instead of replacing them.
    await expect(error).toContainText("The results below are from the last run that worked.");
    await expect(page.getByTestId("score-hybrid")).not.toHaveAttribute("data-value", "");

    await page.getByTestId("lang-zh").click();
    await expect(page.getByTestId("error-field")).toHaveText("查询（文本 a）：");
    await expect(page.getByTestId("error-message")).toContainText("共有 50,002 个字符，而一段文本最多 50,000 个。");
    await page.getByTestId("lang-en").click();
  });

  test("a maxsim_base64 cut short is named in its own words in both languages, and retry recovers", async ({
    page,
  }) => {
    await open(page);
    let cut = true;
    await page.route("**/api/similarity", async (route) => {
      if (!cut) return route.fallback();
      const answer = (await (await route.fetch()).json()) as SimilarityResponse;
      const m = answer.maxsim_base64!;
      // Four cells' bytes fewer than rows × cols: still base64, no longer the whole matrix.
      const data = Buffer.from(m.data, "base64").subarray(16).toString("base64");
      return route.fulfill({ json: { ...answer, maxsim_base64: { ...m, data } } });
    });
    await page.getByTestId("compare").click();
    await expect(page.getByTestId("error-title")).toHaveText("The server answered with something unexpected");
    await expect(page.getByTestId("error-message")).toContainText(
      /^its MaxSim matrix \(maxsim_base64\) does not decode to \d+ × \d+ float32 cells, so the token heatmap cannot be drawn\.$/,
    );
    await expect(page.getByTestId("error-server")).toHaveText(
      /^What the page found: maxsim_base64 does not hold \d+ × \d+ float32 cells$/,
    );
    await page.getByTestId("lang-zh").click();
    await expect(page.getByTestId("error-message")).toContainText(
      /^它发来的 MaxSim 矩阵（maxsim_base64）解码后不是 \d+ × \d+ 个 float32 单元，无法画出词元热图。$/,
    );
    await page.getByTestId("lang-en").click();

    cut = false;
    await page.getByTestId("error-retry").click();
    await expect(page.getByTestId("error")).toHaveCount(0);
    await expect(page.getByTestId("heatmap").getByTestId("heatmap-cell").first()).toBeVisible();
  });

  test("a 500 shows the server's own message, JSON or plain text, and offers a retry", async ({ page }) => {
    await open(page);
    let body = JSON.stringify({ error: { message: "the encoder stopped: out of memory", type: "internal_error" } });
    let contentType = "application/json";
    await page.route("**/api/similarity", (route) => route.fulfill({ status: 500, contentType, body }));
    await page.getByTestId("compare").click();
    await expect(page.getByTestId("error-title")).toHaveText("Something went wrong on the server");
    await expect(page.getByTestId("error-message")).toHaveText("the encoder stopped: out of memory");
    await expect(page.getByTestId("error-retry")).toBeVisible();

    body = "upstream worker crashed";
    contentType = "text/plain";
    await page.getByTestId("error-retry").click();
    await expect(page.getByTestId("error-message")).toHaveText("upstream worker crashed");
  });

  test("the interface switches to Chinese and back without a request", async ({ page }) => {
    await open(page);
    const requests = recordRequests(page);
    await page.getByTestId("lang-zh").click();
    await expect(page.getByTestId("compare")).toHaveText("比较");
    await expect(page.getByTestId("test-model-banner")).toContainText("测试模型（随机权重）：分数与语言含义无关");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await page.getByTestId("lang-en").click();
    await expect(page.getByTestId("compare")).toHaveText("Compare");
    expect(requests).toEqual([]);
  });

  test("shows each text's token count as you type, and how much of a text over the limit is cut", async ({ page }) => {
    await open(page);
    const b = longText("counts", 300);
    const tokenized = page.waitForResponse(
      (r) => r.url().endsWith("/api/tokenize") && r.request().postDataJSON().texts?.[1] === b,
    );
    await page.getByTestId("text-a").fill(ZH);
    await page.getByTestId("text-b").fill(b);
    const [ca, cb] = ((await (await tokenized).json()) as TokenizeResponse).results.map((r) => r.count);
    expect(cb!.truncated).toBe(true);
    await expect(page.getByTestId("forecast-a")).toHaveText(`Query: ${count(ca!.after)} tokens`);
    await expect(page.getByTestId("forecast-b")).toHaveText(
      `Candidate: ${count(cb!.after)} tokens (cut from ${count(cb!.before)})`,
    );
    await page.getByTestId("lang-zh").click();
    await expect(page.getByTestId("forecast-b")).toHaveText(
      `候选：${count(cb!.after)} 个词元（由 ${count(cb!.before)} 个截断）`,
    );

    // Typing is debounced: eight keystrokes 30 ms apart send one request, for the text as finally typed.
    const sent: string[][] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/tokenize")) sent.push(r.postDataJSON().texts);
    });
    await page.getByTestId("text-a").pressSequentially("abcdefgh", { delay: 30 });
    await expect.poll(() => sent.length).toBe(1);
    await page.waitForTimeout(600);
    expect(sent).toEqual([[`${ZH}abcdefgh`, b]]);
  });

  test("a cut text is named right next to the big score, with what the score compared", async ({ page }) => {
    test.setTimeout(LONG_RUN_TIMEOUT_MS);
    await open(page);
    const only = await compare(page, ZH, longText("cut-b", 300));
    const warning = page.getByTestId("truncation-warning");
    await expect(warning).toContainText(
      `Candidate (text b) was cut to its first ${count(only.token_counts.b.after)} tokens (of ${count(only.token_counts.b.before)}): the score compares only that part.`,
    );
    // It sits in the score's card, just under the number, and screen readers get it as the score's description.
    const score = page.getByTestId("score-selected");
    const [s, w] = [(await score.boundingBox())!, (await warning.boundingBox())!];
    expect(w.y - (s.y + s.height)).toBeGreaterThanOrEqual(0);
    expect(w.y - (s.y + s.height)).toBeLessThan(120);
    const describedBy = await score.getAttribute("aria-describedby");
    expect(describedBy).toBeTruthy();
    await expect(page.locator(`[id="${describedBy}"]`)).toContainText("was cut to its first");
    await expect(page.getByRole("status").filter({ hasText: "Not all of the text was compared" })).toBeVisible();

    // Two texts that share their first 8,192 tokens score 1 in dense: the warning says both were cut and why.
    const shared = longText("cut-both", 300);
    const both = await compare(page, `${shared} The ocean rises.`, `${shared} Mountains and rivers.`);
    expect(both.scores.dense).toBeCloseTo(1, 5);
    await expect(warning).toContainText(
      `Both texts were cut, text a to its first ${count(both.token_counts.a.after)} tokens (of ${count(both.token_counts.a.before)}) and text b to its first ${count(both.token_counts.b.after)} tokens (of ${count(both.token_counts.b.before)})`,
    );
    await expect(warning).toContainText("The parts that were compared are the same, token for token.");
    await page.getByTestId("lang-zh").click();
    await expect(warning).toContainText("两段文本都被截断");
    await expect(warning).toContainText("参与比较的两部分逐个词元完全相同。");

    // A pair that fits has no warning.
    await page.getByTestId("lang-en").click();
    await compare(page, ZH, EN);
    await expect(warning).toHaveCount(0);
  });

  test("Cancel during a long run aborts the request and returns to the calm state", async ({ page }) => {
    test.setTimeout(LONG_RUN_TIMEOUT_MS);
    await open(page);
    const before = await page.getByTestId("score-selected").getAttribute("data-value");
    await page.getByTestId("text-a").fill(longText("cancel a", 255));
    await page.getByTestId("text-b").fill(longText("cancel b", 255));
    const aborted = page.waitForEvent("requestfailed", (r) => r.url().endsWith("/api/similarity"));
    await page.getByTestId("compare").click();
    const loading = page.getByTestId("loading");
    await expect(loading).toContainText(/\b00:0\d elapsed/);
    await page.getByRole("button", { name: "Cancel this comparison" }).click();

    expect((await aborted).failure()?.errorText).toMatch(/ABORTED/);
    await expect(loading).toHaveCount(0);
    await expect(page.getByTestId("cancelled")).toContainText(/Cancelled after 00:0\d\./);
    await expect(page.getByTestId("cancelled")).toContainText("still those of the previous comparison");
    await expect(page.getByTestId("error")).toHaveCount(0);
    await expect(page.getByTestId("score-selected")).toHaveAttribute("data-value", before!);
    await expect(page.getByTestId("compare")).toHaveText("Compare");

    // The page is calm, not stuck: the next comparison runs and replaces the note.
    await compare(page, ZH, EN);
    await expect(page.getByTestId("cancelled")).toHaveCount(0);
  });

  test("says roughly how long a long pair will take once the server has measured its speed", async ({ page }) => {
    test.setTimeout(LONG_RUN_TIMEOUT_MS);
    // The server measures speed from every batch it runs.
    await open(page);
    const measured = ((await (await page.request.get("/api/info")).json()) as InfoResponse).speed;
    expect(measured.samples).toBeGreaterThan(0);
    expect(measured.fit).not.toBe("none");

    // The test model is too fast for any pair to take 2 s, so the page is shown a slower machine's speed:
    // none until a pair has run, then 2 ms per token plus 0.0005 ms per token² (about 50 s for 8,192 tokens).
    const slow: SpeedFit = { samples: 12, fit: "quadratic", ms_per_token: 2, ms_per_token_squared: 0.0005 };
    let speed: SpeedFit = { samples: 0, fit: "none", ms_per_token: null, ms_per_token_squared: null };
    await page.route("**/api/info", async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), speed } });
    });
    await open(page);
    const a = longText("estimate a", 240);
    const b = longText("estimate b", 120);
    const tokenized = page.waitForResponse(
      (r) => r.url().endsWith("/api/tokenize") && r.request().postDataJSON().texts?.[1] === b,
    );
    await page.getByTestId("text-a").fill(a);
    await page.getByTestId("text-b").fill(b);
    const lengths = ((await (await tokenized).json()) as TokenizeResponse).results.map((r) => r.count.after);
    await expect(page.getByTestId("forecast-b")).toBeVisible();
    await expect(page.getByTestId("forecast-estimate")).toHaveCount(0);

    speed = slow;
    await compare(page, ZH, EN);
    await page.getByTestId("text-a").fill(a);
    await page.getByTestId("text-b").fill(b);
    const estimate = page.getByTestId("forecast-estimate");
    const rough = /^about (?:(\d+) min)? ?(?:(\d+) s)? on this machine$/;
    await expect(estimate).toHaveText(rough);
    const [, min, sec] = (await estimate.textContent())!.match(rough)!;
    const shown = Number(min ?? 0) * 60 + Number(sec ?? 0);
    expect(shown).toBeGreaterThan(0);
    const expected = lengths.reduce((ms, n) => ms + 2 * n + 0.0005 * n * n, 0) / 1000;
    expect(Math.abs(shown / expected - 1)).toBeLessThan(0.1);

    // While it runs, the clock counts towards the estimate; a short pair gets no estimate at all.
    await page.getByTestId("compare").click();
    await expect(page.getByTestId("loading")).toContainText(
      new RegExp(`00:0\\d of about ${(await estimate.textContent())!.replace(/^about | on this machine$/g, "")}`),
    );
    await page.getByRole("button", { name: "Cancel this comparison" }).click();
    await page.getByTestId("text-a").fill(ZH);
    await page.getByTestId("text-b").fill(EN);
    await expect(page.getByTestId("forecast-a")).toHaveText(/^Query: \d+ tokens$/);
    await expect(estimate).toHaveCount(0);
  });

  test("a share link restores the texts, mode, weights, thresholds and sparse scale", async ({ page }) => {
    await open(page);
    const a = "我喜欢看书 & a shared link?";
    const b = "Reading makes me happy\nsecond line";
    await compare(page, a, b);
    await page.getByTestId("mode-colbert").click();
    await page.getByTestId("preset-long").click();
    await page.getByTestId("sparse-scale-unit").check();
    const href = (await page.getByTestId("share-link").getAttribute("href"))!;
    expect(new URLSearchParams(href.slice(2)).get("ts")).toBe("0.85");

    const response = page.waitForResponse(
      (r) => r.url().endsWith("/api/similarity") && r.request().postDataJSON()?.a === a && r.status() === 200,
    );
    await page.goto(href);
    const json = (await (await response).json()) as SimilarityResponse;
    expect(json.tokens.a.length).toBeGreaterThan(2);
    await expect(page.getByTestId("text-a")).toHaveValue(a);
    await expect(page.getByTestId("text-b")).toHaveValue(b);
    await expect(page.getByTestId("mode-colbert")).toHaveAttribute("aria-checked", "true");
    await expect(page.getByTestId("weight-colbert")).toHaveValue("0.6");
    await expect(page.getByTestId("preset-long")).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("sparse-scale-unit")).toBeChecked();
    await expect(page.getByTestId("score-selected")).toHaveAttribute("data-value", String(json.scores.colbert));
  });

  test("an empty text disables Compare and says why, to the eye and to a screen reader", async ({ page }) => {
    await open(page);
    await page.getByTestId("text-b").fill("");
    await expect(page.getByTestId("compare")).toBeDisabled();
    const hint = (await page.getByTestId("input-empty").textContent())!;
    await expect(page.getByTestId("compare")).toHaveAccessibleDescription(hint);
  });

  test("at phone width the first text box is in the first screen, without scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page);
    const box = (await page.getByTestId("text-a").boundingBox())!;
    expect(box.y + box.height).toBeLessThan(844);
    await expect(page.getByTestId("text-a")).toBeInViewport();
  });

  test("at phone width the page body never scrolls sideways, for every example", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await open(page);
    for (const id of ["zh-paraphrase", "cross-lingual", "flagembedding", "keywords", "long"]) {
      const response = page.waitForResponse((r) => r.url().endsWith("/api/similarity"));
      await page.getByTestId(`example-${id}`).click();
      await response;
      await expect(page.getByTestId("loading")).toHaveCount(0);
      const { scroll, client } = await page.evaluate(() => ({
        scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
        client: document.documentElement.clientWidth,
      }));
      expect(scroll, `example ${id}`).toBeLessThanOrEqual(client);
    }
  });
});
