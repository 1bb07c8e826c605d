/** A row-major matrix reduced to blocks by maximum, and where each block's largest cell lies. */
export interface BlockMaxima {
  rowsPerBlock: number;
  colsPerBlock: number;
  rows: number;
  cols: number;
  /** Row-major block maxima; NaN for a block with no number in it. */
  data: Float64Array;
  /** Source row and column of each block's largest cell (-1 for a block of gaps). */
  argRow: Int32Array;
  argCol: Int32Array;
}

/**
 * Reduces a rows × cols matrix to at most `maxBlocks` blocks per side, each keeping its largest cell. MaxSim takes the
 * maximum too, so each row's best match survives the reduction. NaN cells are gaps; an empty matrix gives no blocks.
 * O(rows × cols).
 */
export function blockMaxima(rows: number, cols: number, values: ArrayLike<number>, maxBlocks: number): BlockMaxima {
  const rowsPerBlock = Math.max(1, Math.ceil(rows / maxBlocks));
  const colsPerBlock = Math.max(1, Math.ceil(cols / maxBlocks));
  const out = {
    rowsPerBlock,
    colsPerBlock,
    rows: Math.ceil(rows / rowsPerBlock),
    cols: Math.ceil(cols / colsPerBlock),
  };
  const n = out.rows * out.cols;
  const data = new Float64Array(n).fill(Number.NaN);
  const argRow = new Int32Array(n).fill(-1);
  const argCol = new Int32Array(n).fill(-1);
  for (let i = 0; i < rows; i++) {
    const bi = Math.floor(i / rowsPerBlock) * out.cols;
    for (let j = 0; j < cols; j++) {
      const v = values[i * cols + j]!;
      const k = bi + Math.floor(j / colsPerBlock);
      if (v > data[k]! || (Number.isNaN(data[k]!) && !Number.isNaN(v))) {
        data[k] = v;
        argRow[k] = i;
        argCol[k] = j;
      }
    }
  }
  return { ...out, data, argRow, argCol };
}
