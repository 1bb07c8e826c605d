/** Types for model-files.mjs (plain JavaScript, so the inference thread can import it unbundled). */
export interface ModelFileIdentity {
  file: string;
  size?: number;
  mtimeMs?: number;
  ino?: number;
}

export class ModelFileChangedError extends Error {
  constructor(file: string, detail: string);
  readonly file: string;
}

export function modelFileIdentities(files: readonly string[]): ModelFileIdentity[];
export function changedModelFile(identities: readonly ModelFileIdentity[]): ModelFileChangedError | null;
