import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * axe-core's WCAG 2.1 AA rules on the page as it is now (or on the part `include` selects): a soft failure lists every
 * serious or critical violation.
 */
export async function expectNoSeriousViolations(page: Page, where: string, include?: string) {
  const axe = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  const { violations } = await (include ? axe.include(include) : axe).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.nodes.length}): ${v.nodes
          .slice(0, 5)
          .map((n) => `${n.target.join(" ")} ${n.failureSummary?.split("\n")[1] ?? ""}`)
          .join(" | ")}`,
    );
  expect.soft(serious, `${where}: serious or critical axe violations`).toEqual([]);
}
