/**
 * A remote encoder for the engine: the protocol's backend behind one client, and both heads in a session of the
 * inference thread. The remote model is checked at once when it answers; when it does not (yet), the first batch
 * checks it, so the Studio can start before its encoder does.
 */
import { EngineError } from "../errors";
import { createSession } from "../ort";
import type { HiddenStatesBackend } from "./backend";
import { RemoteClient } from "./client";
import { KServeV2Backend } from "./kserve-v2";
import { RemoteEncoder } from "./remote-encoder";
import type { RemoteTarget } from "./target";
import { TeiBackend } from "./tei";

export { RemoteEncoder, remoteWorkingBytes } from "./remote-encoder";
export { type EncoderTarget, encoderTargetFromEnv, type RemoteTarget, targetUrl } from "./target";

export interface RemoteModel {
  hidden: number;
  /** The heads' ONNX graph (heads-session.ts). */
  heads: Uint8Array;
  threads: number;
}

function backendFor(client: RemoteClient, hidden: number): HiddenStatesBackend {
  return client.target.protocol === "tei" ? new TeiBackend(client, hidden) : new KServeV2Backend(client, hidden);
}

/** Rejects when the remote model answers and does not fit `model`; an unreachable one is checked later. */
export async function createRemoteEncoder(target: RemoteTarget, model: RemoteModel): Promise<RemoteEncoder> {
  const client = new RemoteClient(target);
  const { session } = await createSession(model.heads, { threads: model.threads, device: "cpu" });
  const encoder = new RemoteEncoder(client, backendFor(client, model.hidden), session, model.hidden);
  try {
    await encoder.ensureChecked();
  } catch (e) {
    if (!(e instanceof EngineError && e.kind === "encoder_unavailable")) {
      await encoder.release();
      throw e;
    }
  }
  return encoder;
}
