// Moving between a camera's same-size blurred image and the 'valid' model the solvers fit (the
// same rules as the convgrad CLI): output row i of conv2d(x, h, 'valid') is row i + (k−1−⌊k/2⌋)
// of a same-size blurred image (MATLAB 'same' alignment), columns alike.
import type { Matrix } from 'convgrad';

export function validOffsetInSame(k: number): number {
  return k - 1 - Math.floor(k / 2);
}

/** The rows×cols block of m starting at (r0, c0), copied (float64). */
export function crop(m: Matrix, r0: number, c0: number, rows: number, cols: number): Matrix<Float64Array> {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) data.set(m.data.subarray((r0 + i) * m.cols + c0, (r0 + i) * m.cols + c0 + cols), i * cols);
  return { data, rows, cols };
}

/** The interior of a same-size blurred image that conv2d(x, h, 'valid') predicts exactly (h of kRows×kCols). */
export function validInterior(y: Matrix, kRows: number, kCols: number): Matrix<Float64Array> {
  return crop(y, validOffsetInSame(kRows), validOffsetInSame(kCols), y.rows - kRows + 1, y.cols - kCols + 1);
}

/** x padded by repeating its edge pixels so that conv2d(padded, h, 'valid') is x's size, MATLAB 'same' aligned. */
export function padReplicate(x: Matrix, kRows: number, kCols: number): Matrix<Float64Array> {
  const top = validOffsetInSame(kRows);
  const left = validOffsetInSame(kCols);
  const rows = x.rows + kRows - 1;
  const cols = x.cols + kCols - 1;
  const data = new Float64Array(rows * cols);
  const clamp = (v: number, hi: number) => (v < 0 ? 0 : v > hi ? hi : v);
  for (let i = 0; i < rows; i++) {
    const src = clamp(i - top, x.rows - 1) * x.cols;
    for (let j = 0; j < cols; j++) data[i * cols + j] = x.data[src + clamp(j - left, x.cols - 1)]!;
  }
  return { data, rows, cols };
}

/** mulberry32 uniforms in [0, 1), seeded: the same noise every run (as convgrad/node's withGaussianNoise). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Adds Gaussian noise of standard deviation sigma (Box–Muller) in place. */
export function addGaussianNoise(data: Float64Array, sigma: number, seed: number): void {
  if (sigma === 0) return;
  const next = uniform(seed);
  for (let i = 0; i < data.length; i += 2) {
    const r = sigma * Math.sqrt(-2 * Math.log(1 - next()));
    const phi = 2 * Math.PI * next();
    data[i]! += r * Math.cos(phi);
    if (i + 1 < data.length) data[i + 1]! += r * Math.sin(phi);
  }
}
