/**
 * The identity (size, mtime, inode) of the model files the inference thread reads: the graphs and their external
 * data, which onnxruntime memory-maps. A mapped file truncated or rewritten under the server ends it with SIGBUS at
 * the next access, or silently feeds it other weights; so the identity taken at load is compared before every
 * inference step, and a change refuses the work. A stat per file: about a microsecond.
 * Plain JavaScript: the inference thread imports it unbundled.
 */
import { statSync } from "node:fs";

export class ModelFileChangedError extends Error {
  constructor(file, detail) {
    super(
      `the model file ${file} changed under the running server (${detail}); restart the server to load the model again`,
    );
    this.name = "ModelFileChangedError";
    this.file = file;
  }
}

const identityOf = (file) => {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino } : null;
};

/** Each file's identity now. */
export function modelFileIdentities(files) {
  return files.map((file) => ({ file, ...identityOf(file) }));
}

function difference(was, now) {
  if (!now) return "it is gone";
  if (now.size !== was.size) return `${was.size} bytes at load, ${now.size} now`;
  if (now.ino !== was.ino) return "it was replaced by another file";
  if (now.mtimeMs !== was.mtimeMs) return "it was rewritten";
  return null;
}

/** The first file whose identity differs from the one recorded, as an error; null when none changed. */
export function changedModelFile(identities) {
  for (const was of identities) {
    const detail = difference(was, identityOf(was.file));
    if (detail) return new ModelFileChangedError(was.file, detail);
  }
  return null;
}
