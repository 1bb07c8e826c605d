/**
 * tokenizer.json in a form that loads without parsing it: the Unigram pieces and scores in one binary file beside it,
 * with the rest of tokenizer.json as a small JSON text. Parsing the 17 MB JSON takes most of a load; this table takes
 * a read and one UTF-8 decode. It records the SHA-256 of the tokenizer.json it came from and counts for nothing when
 * that differs.
 *
 * Layout, little-endian: magic (8 bytes), version (u32), the source's SHA-256 (32 bytes), piece count n (u32), piece
 * bytes p (u32), rest bytes r (u32), zeros to byte 64; n float64 scores; the pieces as UTF-8 joined by NUL (p
 * bytes); tokenizer.json without `model.vocab` as UTF-8 JSON (r bytes).
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeAtomically } from "@/lib/model/atomic-write";
import type { Json } from "./pipeline-spec";

/** The vocabulary part of tokenizer.json: what `UnigramModel.fromPieces` takes. */
export interface VocabTable {
  pieces: string[];
  scores: Float64Array;
  /** tokenizer.json without `model.vocab`. */
  rest: Json;
}

const MAGIC = "M3VOCAB\0";
/** Bumped whenever the layout changes. */
const VERSION = 1;
const HEADER_BYTES = 64;
const SEPARATOR = "\0";

/** The table's file for a tokenizer.json. */
export const vocabTablePath = (jsonFile: string) =>
  path.join(path.dirname(jsonFile), `${path.basename(jsonFile, ".json")}.vocab-table.bin`);

/** The table of `jsonFile` when it exists, is whole and was made from the bytes whose SHA-256 is `source`; else null. */
export function readVocabTable(jsonFile: string, source: Buffer): VocabTable | null {
  if (os.endianness() !== "LE") return null;
  let bytes: Buffer;
  try {
    bytes = readFileSync(vocabTablePath(jsonFile));
  } catch {
    return null;
  }
  if (bytes.length < HEADER_BYTES || bytes.toString("latin1", 0, 8) !== MAGIC) return null;
  if (bytes.readUInt32LE(8) !== VERSION || !bytes.subarray(12, 44).equals(source)) return null;
  const [n, pieceBytes, restBytes] = [bytes.readUInt32LE(44), bytes.readUInt32LE(48), bytes.readUInt32LE(52)];
  const piecesAt = HEADER_BYTES + 8 * n;
  if (bytes.length !== piecesAt + pieceBytes + restBytes) return null;
  const pieces = n === 0 ? [] : bytes.toString("utf8", piecesAt, piecesAt + pieceBytes).split(SEPARATOR);
  if (pieces.length !== n) return null;
  // A copy: a Float64Array over the file's bytes would need them 8-byte aligned.
  const scores = new Float64Array(bytes.buffer.slice(bytes.byteOffset + HEADER_BYTES, bytes.byteOffset + piecesAt));
  try {
    const rest = JSON.parse(bytes.toString("utf8", piecesAt + pieceBytes)) as unknown;
    if (rest === null || typeof rest !== "object" || Array.isArray(rest)) return null;
    return { pieces, scores, rest: rest as Json };
  } catch {
    return null;
  }
}

/**
 * Writes the table of `jsonFile` (whose bytes have the SHA-256 `source`), whole or not at all. Returns false without
 * writing when a piece holds the separator, the machine is big-endian or the directory is not writable: the
 * tokenizer then parses tokenizer.json at every load, as it would without tables.
 */
export function writeVocabTable(jsonFile: string, source: Buffer, table: VocabTable): boolean {
  if (os.endianness() !== "LE" || table.pieces.some((p) => p.includes(SEPARATOR))) return false;
  const pieces = Buffer.from(table.pieces.join(SEPARATOR), "utf8");
  const rest = Buffer.from(JSON.stringify(table.rest), "utf8");
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, "latin1");
  header.writeUInt32LE(VERSION, 8);
  source.copy(header, 12);
  header.writeUInt32LE(table.pieces.length, 44);
  header.writeUInt32LE(pieces.length, 48);
  header.writeUInt32LE(rest.length, 52);
  const scores = Buffer.from(table.scores.buffer, table.scores.byteOffset, table.scores.byteLength);
  try {
    writeAtomically(vocabTablePath(jsonFile), Buffer.concat([header, scores, pieces, rest]));
    return true;
  } catch {
    return false;
  }
}
