import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import type { RerankResponse } from "@/lib/api/rerank-contract";
import { csvField } from "@/lib/ui/csv";
import { DATA_FILE_ACCEPT } from "@/lib/ui/data-files";
import { expectNoSeriousViolations } from "./axe";

// The retrieval check for RAG developers: passages marked as answering the query give MRR and recall@k per mode,
// recomputed in the browser; the ranking exports as CSV; a passage opens in Compare; a file of passages can be dropped.

const QUERY = "What is BGE M3?";
const PASSAGES = [
  "BGE M3 is an embedding model supporting dense retrieval, lexical matching and multi-vector interaction.",
  "The M3 motorway in England runs from London to Southampton.",
  "BGE-M3 supports more than 100 languages and inputs of up to 8192 tokens.",
  "我喜欢看书，尤其是关于“模型”的书",
  "Paris is the capital of France.",
];
/** Marked as answering the query (0-based input lines). */
const RIGHT = [0, 2];
type Scores = RerankResponse["results"][number]["scores"];

async function rank(page: Page): Promise<RerankResponse> {
  await page.goto("/search");
  await expect(page.getByTestId("search-result").first()).toBeVisible();
  await page.getByTestId("search-query").fill(QUERY);
  await page.getByTestId("search-passages").fill(PASSAGES.join("\n"));
  const answered = page.waitForResponse((r) => r.url().endsWith("/api/rerank"));
  await page.getByTestId("search-run").click();
  const api = (await (await answered).json()) as RerankResponse;
  await expect(page.getByTestId("search-result")).toHaveCount(PASSAGES.length);
  return api;
}

async function markRight(page: Page) {
  for (const i of RIGHT) {
    await page.locator(`[data-testid="search-result"][data-index="${i}"]`).getByTestId("passage-relevant").check();
  }
}

/** MRR and recall@k of ranking the API's results by `score`, computed here independently of the page. */
function expected(api: RerankResponse, score: (s: Scores) => number, k: number) {
  const order = [...api.results].sort((x, y) => score(y.scores) - score(x.scores) || x.index - y.index);
  const first = order.findIndex((r) => RIGHT.includes(r.index)) + 1;
  const inTop = order.slice(0, k).filter((r) => RIGHT.includes(r.index)).length;
  return { mrr: 1 / first, recall: inTop / RIGHT.length };
}

async function shown(page: Page, mode: string) {
  const row = page.getByTestId(`quality-${mode}`);
  return {
    mrr: Number(await row.getByTestId("quality-mrr").getAttribute("data-value")),
    recall: Number(await row.getByTestId("quality-recall").getAttribute("data-value")),
  };
}

test("ticked passages give each mode's MRR and recall@k, recomputed as k and the weights change", async ({ page }) => {
  const api = await rank(page);
  await expect(page.getByTestId("ranking-quality")).toContainText("Tick");
  await markRight(page);
  const hybrid = (w: { d: number; s: number; c: number }) => (x: Scores) =>
    (w.d * x.dense + w.s * x.sparse + w.c * x.colbert) / (w.d + w.s + w.c);
  for (const k of [3, 1]) {
    await page.getByTestId("recall-k").selectOption(String(k));
    for (const mode of ["dense", "sparse", "colbert"] as const) {
      expect(await shown(page, mode), `${mode}@${k}`).toEqual(expected(api, (s) => s[mode], k));
    }
    const want = expected(api, hybrid({ d: 0.4, s: 0.2, c: 0.4 }), k);
    expect((await shown(page, "hybrid")).mrr).toBeCloseTo(want.mrr, 12);
    expect((await shown(page, "hybrid")).recall).toBeCloseTo(want.recall, 12);
  }

  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.getByTestId("weight-dense").fill("0");
  await page.getByTestId("weight-colbert").fill("0");
  await page.getByTestId("weight-sparse").fill("1");
  await expect
    .poll(async () => (await shown(page, "hybrid")).mrr)
    .toBeCloseTo(expected(api, (s) => s.sparse, 1).mrr, 12);
  expect(requests.filter((u) => u.includes("/api/"))).toEqual([]);
});

test("the ranking exports as CSV with its marks, in UTF-8 with a BOM for Excel", async ({ page }) => {
  const api = await rank(page);
  await markRight(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("search-csv").click()]);
  expect(download.suggestedFilename()).toBe("bge-m3-search.csv");
  const raw = await readFile((await download.path())!, "utf8");
  expect(raw.startsWith("\uFEFF")).toBe(true);
  const lines = raw.slice(1).trimEnd().split("\r\n");
  expect(lines[0]).toBe("rank,passage,answers_query,hybrid,dense,sparse,colbert,query,text");
  expect(lines).toHaveLength(PASSAGES.length + 1);
  for (const [k, r] of api.results.entries()) {
    const line = lines[k + 1]!;
    expect(line.startsWith(`${k + 1},${r.index + 1},${RIGHT.includes(r.index) ? 1 : 0},`)).toBe(true);
    expect(line.endsWith(`,${QUERY},${csvField(PASSAGES[r.index]!)}`)).toBe(true);
    expect(line).toContain(String(r.scores.dense));
  }
});

test("a passage opens with the query in Compare", async ({ page }) => {
  await rank(page);
  const row = page.locator('[data-testid="search-result"][data-index="2"]');
  const compared = page.waitForResponse(
    (r) => r.url().endsWith("/api/similarity") && r.request().postDataJSON()?.b === PASSAGES[2],
  );
  await row.getByTestId("passage-compare").click();
  await compared;
  await expect(page.getByTestId("text-a")).toHaveValue(QUERY);
  await expect(page.getByTestId("text-b")).toHaveValue(PASSAGES[2]!);
});

test("a dropped JSON file, or a CSV or TSV one opened from the file field, fills the passages", async ({ page }) => {
  await page.goto("/search");
  await expect(page.getByTestId("search-result").first()).toBeVisible();
  const dataTransfer = await page.evaluateHandle((texts) => {
    const dt = new DataTransfer();
    const json = JSON.stringify(texts.map((text) => ({ text })));
    dt.items.add(new File([json], "passages.json", { type: "application/json" }));
    return dt;
  }, PASSAGES);
  await expect(page.getByTestId("search-drop-file")).toHaveAttribute("accept", DATA_FILE_ACCEPT);
  await page.getByTestId("search-drop").dispatchEvent("dragover", { dataTransfer });
  await expect(page.getByTestId("search-drop")).toHaveAttribute("data-over", "true");
  await page.getByTestId("search-drop").dispatchEvent("drop", { dataTransfer });
  await expect(page.getByTestId("search-passages")).toHaveValue(PASSAGES.join("\n"));
  await expect(page.getByTestId("search-drop-note")).toHaveText("Loaded 5 lines from passages.json.");

  await page.getByTestId("search-drop-file").setInputFiles({
    name: "passages.csv",
    mimeType: "text/csv",
    buffer: Buffer.from('id,text\n1,"first, with a comma"\n2,second\n'),
  });
  await expect(page.getByTestId("search-passages")).toHaveValue("first, with a comma\nsecond");

  await page.getByTestId("search-drop-file").setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from("[1, 2"),
  });
  await expect(page.getByTestId("search-drop-note")).toHaveText("broken.json is not valid JSON.");
  await expect(page.getByTestId("search-passages")).toHaveValue("first, with a comma\nsecond");

  for (const [name, content, problem] of [
    [
      "open-quote.csv",
      'text\n"never closed\nsecond\n',
      "Line 2: a quoted field opens here and is never closed, so the rest of the file was read as that one field",
    ],
    [
      "stray-quote.csv",
      'text\nfirst\n"quoted" then more\n"second"\n',
      "Line 3: a quoted field has text after its closing quote (a closing quote must be followed by a comma or a line end)",
    ],
  ] as const) {
    await page
      .getByTestId("search-drop-file")
      .setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
    await expect(page.getByTestId("search-drop-note").locator("p")).toHaveText(`${name} is not valid CSV:`);
    await expect(page.getByTestId("search-drop-problems").locator("li")).toHaveText([problem]);
  }
  await expect(page.getByTestId("search-passages")).toHaveValue("first, with a comma\nsecond");

  await page.getByTestId("search-drop-file").setInputFiles({
    name: "passages.tsv",
    mimeType: "text/tab-separated-values",
    buffer: Buffer.from('id\ttext\n1\t"a\tb\r\nc"\n2\tsecond\n'),
  });
  await expect(page.getByTestId("search-passages")).toHaveValue("a b c\nsecond");
});

/** A CSV of texts whose lines 2 to 13 each close a quoted field with text after the quote, and a good line 14. */
const TWELVE_PROBLEMS = `text\n${Array.from({ length: 12 }, (_, k) => `"q${k}" then more"`).join("\n")}\nfine\n`;

test("the drop box names every file type it reads, and lists every problem of a CSV file by its line", async ({
  page,
}) => {
  await page.goto("/search");
  await expect(page.getByTestId("search-drop")).toContainText(
    "Drop a file here (.txt one per line, .csv, .tsv, .tab, .json, .jsonl, .ndjson), or",
  );
  const before = await page.getByTestId("search-passages").inputValue();
  await page.getByTestId("search-drop-file").setInputFiles({
    name: "many.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(TWELVE_PROBLEMS),
  });
  await expect(page.getByTestId("search-drop-note").locator("p").first()).toHaveText("many.csv is not valid CSV:");
  const problems = page.getByTestId("search-drop-problems").locator("li");
  await expect(problems).toHaveCount(10);
  await expect(problems.first()).toHaveText(
    "Line 2: a quoted field has text after its closing quote (a closing quote must be followed by a comma or a line end)",
  );
  await expect(problems.last()).toContainText("Line 11:");
  await expect(page.getByTestId("search-drop-problems-more")).toHaveText("… and 2 more problems");
  await expect(page.getByTestId("search-passages")).toHaveValue(before);
  await expectNoSeriousViolations(page, "the drop box's list of problems", '[data-testid="search-drop"]');

  await page.getByTestId("search-drop-file").setInputFiles({
    name: "one.tsv",
    mimeType: "text/tab-separated-values",
    buffer: Buffer.from('text\n"open\nmore\n'),
  });
  await expect(page.getByTestId("search-drop-problems").locator("li")).toHaveText([
    "Line 2: a quoted field opens here and is never closed, so the rest of the file was read as that one field",
  ]);
  await expect(page.getByTestId("search-drop-problems-more")).toHaveCount(0);
});

test("the new parts speak Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "accept-language": "zh-CN,zh" } });
  const page = await context.newPage();
  await page.goto("/search");
  await expect(page.getByTestId("search-result").first()).toBeVisible();
  await expect(page.getByTestId("search-result").first().getByTestId("passage-compare")).toHaveText("在比较页打开");
  await expect(page.getByText("回答了查询").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "排序质量" })).toBeVisible();
  await expect(page.getByTestId("search-csv")).toContainText("导出 CSV");
  await expect(page.getByTestId("search-drop")).toContainText(
    "把文件拖到这里（.txt 每行一条、.csv、.tsv、.tab、.json、.jsonl、.ndjson），或",
  );
  await page.getByTestId("search-drop-file").setInputFiles({
    name: "many.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(TWELVE_PROBLEMS),
  });
  await expect(page.getByTestId("search-drop-note").locator("p").first()).toHaveText("many.csv 不是有效的 CSV：");
  await expect(page.getByTestId("search-drop-problems").locator("li").first()).toHaveText(
    "第 2 行：引号字段在结束引号后还有文字（结束引号后须紧跟逗号或换行）",
  );
  await expect(page.getByTestId("search-drop-problems-more")).toHaveText("……另有 2 处问题");
  await context.close();
});
