/**
 * Model files are verified before they are loaded: sizes and SHA-256 against the directory's manifest (the recorded
 * download manifest, the bundled test model's, or BAAI/bge-m3's pinned one). `BGE_M3_VERIFY=0` skips the check.
 */
import type { Env } from "@/lib/config/env";
import { setting } from "@/lib/config/settings";
import { BGE_M3_TINY_MANIFEST } from "@/lib/model/manifest";
import {
  assertModelVerified,
  describeVerification,
  ModelVerificationError,
  type VerifyResult,
} from "@/lib/model/verify";

import { type ModelChoice, UNCHECKED } from "./model-dir";

/**
 * Whether the loaded model's files were checked against their manifest before loading (trusting the `.verified.json`
 * stamp while sizes and mtimes are unchanged). Reported by `GET /api/info`.
 */
export interface ModelVerification {
  status: "not_checked" | "verified" | "failed";
  /** What was checked or what failed, in words. */
  detail: string | null;
  /** ISO time of the check. */
  checkedAt: string | null;
}

/** False only when `BGE_M3_VERIFY` is 0/false/no/off. */
export function verificationWanted(env: Env = process.env): boolean {
  return setting("BGE_M3_VERIFY", env);
}

/** Checks `dir`; never throws for bad files: the outcome says what failed, naming every bad file and the repair. */
export async function checkModelFiles(
  dir: string,
  env: Env = process.env,
): Promise<{ result: VerifyResult | null; verification: ModelVerification }> {
  if (!verificationWanted(env)) {
    return {
      result: null,
      verification: {
        status: "not_checked",
        detail: "BGE_M3_VERIFY=0: the model files were not checked",
        checkedAt: null,
      },
    };
  }
  const checkedAt = new Date().toISOString();
  try {
    const result = await assertModelVerified(dir);
    return { result, verification: { status: "verified", detail: describeVerification(result), checkedAt } };
  } catch (e) {
    if (!(e instanceof ModelVerificationError)) throw e;
    return { result: e.result, verification: { status: "failed", detail: e.message, checkedAt } };
  }
}

/** What the files of a passed check are, by the manifest they matched; unknown when they were not checked. */
export function identityOf(result: VerifyResult | null): Pick<ModelChoice, "testModel" | "verifiedAs"> {
  if (!result) return UNCHECKED;
  return { testModel: result.manifest.repo === BGE_M3_TINY_MANIFEST.repo, verifiedAs: result.manifest.repo };
}
