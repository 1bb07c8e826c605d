import { expect, test } from "@playwright/test";

// The tuning page's line charts of the chosen metric along each edge of the weight simplex.

const SENTENCES = ["气候变化是全球挑战", "Climate change is a global challenge", "我喜欢看书", "I like reading books"];
const PAIRS = Array.from({ length: 24 }, (_, k) => ({
  a: `${SENTENCES[k % 4]} (${k})`,
  b: `${SENTENCES[(k * 3 + 1) % 4]} [${k}]`,
  label: k % 3 === 0 ? 1 : 0,
}));
const CSV = ["text_a,text_b,label", ...PAIRS.map((p) => `"${p.a}","${p.b}",${p.label}`)].join("\n");

test("each edge's chart shows the metric of the grid points where the third weight is 0", async ({ page }) => {
  await page.goto("/tune");
  await page.getByTestId("tune-input").fill(CSV);
  await page.getByTestId("tune-metric").selectOption("auc");
  await page.getByTestId("tune-run").click();
  await expect(page.getByTestId("tune-best")).toBeVisible({ timeout: 60_000 });

  const cells = await page.getByTestId("ternary-cell").evaluateAll((els) =>
    els.map((e) => ({
      dense: Number(e.dataset.dense),
      sparse: Number(e.dataset.sparse),
      colbert: Number(e.dataset.colbert),
      value: e.dataset.value === "" ? Number.NaN : Number(e.dataset.value),
    })),
  );
  const edges = [
    ["dense", "sparse", "colbert"],
    ["sparse", "colbert", "dense"],
    ["colbert", "dense", "sparse"],
  ] as const;
  for (const [from, to, zero] of edges) {
    const want = cells
      .filter((c) => c[zero] === 0 && Number.isFinite(c.value))
      .map((c) => ({ t: c[to], value: c.value }))
      .sort((a, b) => a.t - b.t);
    const chart = page.getByTestId(`edge-${from}-${to}`);
    await expect(chart.getByRole("img")).toHaveAccessibleName(/ROC-AUC from .+ alone to .+ alone/);
    const shown = await chart
      .getByTestId("edge-point")
      .evaluateAll((els) => els.map((e) => ({ t: Number(e.dataset.t), value: Number(e.dataset.value) })));
    expect(shown, `${from} → ${to}`).toEqual(want);
    expect(shown.length).toBe(11);
  }

  // Pointing at an edge point shows it in the point card.
  await page.getByTestId("edge-dense-sparse").getByTestId("edge-point").nth(3).hover();
  await expect(page.getByTestId("tune-point-weights")).toContainText("0.7");
});
