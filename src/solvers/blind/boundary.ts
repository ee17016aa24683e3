// The periodic canvas the FFT solves assume: the data at the top-left corner, the rest a smooth
// bridge from each edge to the opposite one, so the wrap-around has no seam to ring on.

/**
 * Writes y (H×W) into canvas (rows×cols ≥ H×W) and fills the remainder by linear interpolation
 * between opposite edges: first along each data row (from y[i, W−1] to y[i, 0]), then along every
 * column (from canvas[H−1, j] to canvas[0, j]). The result is continuous under wrap-around.
 */
export function extendPeriodic(canvas: Float64Array, rows: number, cols: number, y: ArrayLike<number>, H: number, W: number): void {
  const gapCols = cols - W + 1;
  for (let i = 0; i < H; i++) {
    const r = i * cols;
    for (let j = 0; j < W; j++) canvas[r + j] = y[i * W + j]!;
    const last = y[i * W + W - 1]!;
    const first = y[i * W]!;
    for (let j = W; j < cols; j++) {
      const t = (j - W + 1) / gapCols;
      canvas[r + j] = (1 - t) * last + t * first;
    }
  }
  const gapRows = rows - H + 1;
  const lastRow = (H - 1) * cols;
  for (let i = H; i < rows; i++) {
    const t = (i - H + 1) / gapRows;
    const r = i * cols;
    for (let j = 0; j < cols; j++) canvas[r + j] = (1 - t) * canvas[lastRow + j]! + t * canvas[j]!;
  }
}
