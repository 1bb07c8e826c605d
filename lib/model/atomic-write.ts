/** Files written whole or not at all: a reader never sees a half-written one. */
import { renameSync, rmSync, writeFileSync } from "node:fs";

/** Writes `data` under a temporary name beside `file`, then renames it over `file`. */
export function writeAtomically(file: string, data: Uint8Array | string): void {
  const temporary = `${file}.${process.pid}.partial`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}
