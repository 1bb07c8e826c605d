/** What the API and pages say about the loaded model. */
import path from "node:path";
import type { Engine } from "@/lib/engine/engine";
import type { ModelChoice } from "@/lib/engine/model-dir";
import type { ModelInfo } from "./schemas";

export function modelInfo(engine: Engine, choice: ModelChoice): ModelInfo {
  const name = choice.testModel ? path.basename(choice.dir) : (engine.config.nameOrPath ?? "BAAI/bge-m3");
  return {
    name,
    revision: engine.revision,
    test_model: choice.testModel,
    dimension: engine.config.hiddenSize,
    variant: engine.execution.variant,
  };
}
