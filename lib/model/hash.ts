/** Streaming SHA-256 of files: constant memory, so it works on the 2.3 GB `model.onnx_data`. */
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";

const CHUNK_BYTES = 1 << 20;

/** SHA-256 of bytes in memory. */
export const sha256Of = (bytes: Uint8Array): Buffer => createHash("sha256").update(bytes).digest();

/** Feeds every byte of `file` into `hash`, calling `onBytes` with each chunk's length. */
export async function hashFileInto(hash: Hash, file: string, onBytes?: (n: number) => void): Promise<void> {
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    hash.update(chunk as Buffer);
    onBytes?.((chunk as Buffer).length);
  }
}

/** Lower-case hex SHA-256 of a whole file. */
export async function sha256File(file: string, onBytes?: (n: number) => void): Promise<string> {
  const hash = createHash("sha256");
  await hashFileInto(hash, file, onBytes);
  return hash.digest("hex");
}
