/** The tiny test model as a download source: its manifest, subsets of it, and checks of a download directory. */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { BGE_M3_TINY_MANIFEST, type ModelManifest } from "@/lib/model/manifest";

export const TINY_DIR = path.resolve("models/bge-m3-tiny");
export const MANIFEST = BGE_M3_TINY_MANIFEST;
export const DATA = "onnx/model.onnx_data"; // 4,541,440 bytes: big enough to cut in the middle

/** The tiny manifest restricted to some files, so request counts are easy to assert. */
export function subset(...paths: string[]): ModelManifest {
  return { ...MANIFEST, files: MANIFEST.files.filter((f) => paths.includes(f.path)) };
}

/** True when `dest` holds the tiny model's file byte for byte. */
export async function sameBytes(dest: string, filePath: string): Promise<boolean> {
  const [got, want] = await Promise.all([readFile(path.join(dest, filePath)), readFile(path.join(TINY_DIR, filePath))]);
  return got.equals(want);
}

/** Leaves the first `bytes` of a tiny-model file as `<path>.incomplete` in `dest`, like an interrupted run. */
export async function writePartial(dest: string, filePath: string, bytes: number, flipAt?: number) {
  const prefix = Buffer.from((await readFile(path.join(TINY_DIR, filePath))).subarray(0, bytes));
  if (flipAt !== undefined) prefix[flipAt] = (prefix[flipAt] ?? 0) ^ 0xff;
  await mkdir(path.dirname(path.join(dest, filePath)), { recursive: true });
  await writeFile(path.join(dest, `${filePath}.incomplete`), prefix);
}

/** Every file name under `dir`, recursively, relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}
