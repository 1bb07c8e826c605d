/**
 * The SentencePiece Unigram model as Rust's `tokenizers` runs it (`encode_optimized`): for each word, the path of
 * pieces with the highest total score, the first candidate winning ties, runs of unknown pieces fused into one.
 * Pieces are matched by code points, growing a prefix while some piece may start with it (PrefixFilter).
 */
import { PAUSE, type Pause } from "./aligned-normalizer";
import { unsupported } from "./pipeline-spec";

/** A piece of one word: code points [start, end) of the word. */
export interface Piece {
  id: number;
  text: string;
  start: number;
  end: number;
}

/** Below the lowest piece score, as Rust's `K_UNK_PENALTY`. */
const UNK_PENALTY = 10;
/** Viterbi positions between pause points: a few milliseconds of work. */
const POSITIONS_PER_PAUSE = 2048;

export class UnigramModel {
  private constructor(
    /** Piece to id; the last duplicate wins. */
    private readonly ids: Map<string, number>,
    private readonly prefixes: PrefixFilter,
    private readonly pieces: string[],
    private readonly scores: Float64Array,
    readonly unkId: number,
    private readonly unkScore: number,
  ) {}

  /** Checks tokenizer.json's `model.vocab`, a list of `[piece, score]`, and splits it into pieces and scores. */
  static splitVocab(file: string, vocab: readonly unknown[]): { pieces: string[]; scores: Float64Array } {
    const pieces: string[] = new Array(vocab.length);
    const scores = new Float64Array(vocab.length);
    for (let id = 0; id < vocab.length; id++) {
      const entry = vocab[id];
      if (!Array.isArray(entry) || typeof entry[0] !== "string" || typeof entry[1] !== "number")
        unsupported(file, `vocab entry ${id} is not [piece, score]`);
      pieces[id] = entry[0];
      scores[id] = entry[1];
    }
    return { pieces, scores };
  }

  /** Builds the tables from the pieces and their scores, by id. */
  static fromPieces(pieces: string[], scores: Float64Array, unkId: number): UnigramModel {
    const ids = new Map<string, number>();
    const prefixes = new PrefixFilter();
    let minScore = Number.POSITIVE_INFINITY;
    for (let id = 0; id < pieces.length; id++) {
      const piece = pieces[id]!;
      minScore = Math.min(minScore, scores[id]!);
      ids.set(piece, id);
      prefixes.addPrefixesOf(piece);
    }
    return new UnigramModel(ids, prefixes, pieces, scores, unkId, minScore - UNK_PENALTY);
  }

  get size(): number {
    return this.pieces.length;
  }

  piece(id: number): string {
    return this.pieces[id]!;
  }

  /** The pieces of one word (its code points), pausing every POSITIONS_PER_PAUSE positions: a run of CJK is one word. */
  *segment(chars: readonly string[]): Generator<Pause, Piece[]> {
    const n = chars.length;
    const best = new Float64Array(n + 1);
    const from = new Int32Array(n + 1).fill(-1);
    const ids = new Int32Array(n + 1);
    const relax = (start: number, end: number, id: number, score: number) => {
      if (from[end]! < 0 || score > best[end]!) {
        best[end] = score;
        from[end] = start;
        ids[end] = id;
      }
    };
    for (let start = 0; start < n; start++) {
      if (start > 0 && start % POSITIONS_PER_PAUSE === 0) yield PAUSE;
      const base = best[start]!;
      let hasSingleChar = false;
      let prefix = "";
      let hash = PrefixFilter.EMPTY;
      for (let end = start + 1; end <= n; end++) {
        const char = chars[end - 1]!;
        hash = PrefixFilter.extend(hash, char);
        if (!this.prefixes.mayStart(hash)) break;
        prefix += char;
        const id = this.ids.get(prefix);
        if (id === undefined) continue;
        relax(start, end, id, base + this.scores[id]!);
        if (end - start === 1) hasSingleChar = true;
      }
      if (!hasSingleChar) relax(start, start + 1, this.unkId, base + this.unkScore);
    }
    return this.backtrack(chars, from, ids);
  }

  /** Walks the best path back from the word's end; runs of unknown pieces become one piece. */
  private backtrack(chars: readonly string[], from: Int32Array, ids: Int32Array): Piece[] {
    const pieces: Piece[] = [];
    const emit = (start: number, end: number) => {
      const text = chars.slice(start, end).join("");
      pieces.push({ id: this.ids.get(text) ?? this.unkId, text, start, end });
    };
    let unknownEnd = -1;
    let end = chars.length;
    while (end > 0) {
      const start = from[end]!;
      if (ids[end] === this.unkId) {
        if (unknownEnd < 0) unknownEnd = end;
      } else {
        if (unknownEnd >= 0) emit(end, unknownEnd);
        unknownEnd = -1;
        emit(start, end);
      }
      end = start;
    }
    if (unknownEnd >= 0) emit(0, unknownEnd);
    return pieces.reverse();
  }
}

/**
 * A one-sided test for "some piece starts with this prefix": a bit per FNV-1a hash of every prefix of every piece
 * (by UTF-16 units). A clear bit proves no piece starts so; a set bit is checked against the pieces themselves.
 * 2^23 bits hold XLM-R's 505,198 distinct prefixes with about 6 % false positives, in 1 MiB.
 */
class PrefixFilter {
  static readonly EMPTY = 0x811c9dc5;
  private static readonly MASK = (1 << 23) - 1;
  private readonly bits = new Uint32Array(1 << 18);

  /** FNV-1a, one UTF-16 unit at a time. */
  private static step(hash: number, unit: number): number {
    return Math.imul(hash ^ unit, 0x01000193);
  }

  private static bitOf(hash: number): number {
    return (hash ^ (hash >>> 23)) & PrefixFilter.MASK;
  }

  static extend(hash: number, text: string): number {
    let h = hash;
    for (let i = 0; i < text.length; i++) h = PrefixFilter.step(h, text.charCodeAt(i));
    return h;
  }

  addPrefixesOf(piece: string): void {
    let h = PrefixFilter.EMPTY;
    for (let i = 0; i < piece.length; i++) {
      h = PrefixFilter.step(h, piece.charCodeAt(i));
      const bit = PrefixFilter.bitOf(h);
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  mayStart(hash: number): boolean {
    const bit = PrefixFilter.bitOf(hash);
    return (this.bits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }
}
