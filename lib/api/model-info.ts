/** What the API and pages say about the loaded model: by the manifest its files matched, never by its path. */
import path from "node:path";
import type { Engine } from "@/lib/engine/engine";
import type { ModelChoice } from "@/lib/engine/model-dir";
import type { ModelInfo } from "./schemas";

/** The manifest's repository (the test model's short name), or the directory's name marked unverified. */
function nameOf(choice: ModelChoice): string {
  if (choice.verifiedAs === null) return `${path.basename(choice.dir)} (unverified)`;
  return choice.testModel ? path.posix.basename(choice.verifiedAs) : choice.verifiedAs;
}

export function modelInfo(engine: Engine, choice: ModelChoice): ModelInfo {
  return {
    name: nameOf(choice),
    revision: engine.revision,
    test_model: choice.testModel,
    dimension: engine.config.hiddenSize,
    variant: engine.execution.variant,
    int8_scales: engine.execution.int8Scales,
  };
}
