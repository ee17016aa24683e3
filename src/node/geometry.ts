import type { Matrix } from '../types.js';

/*
 * A camera records a blurred image the size of the scene it saw; its border mixes in whatever lay
 * outside the frame. MATLAB's 'same' crop of the full convolution starts at ⌊k/2⌋ and 'valid' at
 * k−1, so output row i of conv2d(x, h, 'valid') is row i + (k−1−⌊k/2⌋) of a same-size blurred
 * image (columns alike). These helpers move between the two frames.
 */

/** Where the 'valid' output starts inside a same-size ('same') image, along an axis with kernel size k. */
export function validOffsetInSame(k: number): number {
  return k - 1 - Math.floor(k / 2);
}

/** The rows×cols block of m starting at (r0, c0), copied. */
export function crop(m: Matrix, r0: number, c0: number, rows: number, cols: number): Matrix {
  const Ctor = m.data.constructor as Float32ArrayConstructor | Float64ArrayConstructor;
  const data = new Ctor(rows * cols);
  for (let i = 0; i < rows; i++) data.set(m.data.subarray((r0 + i) * m.cols + c0, (r0 + i) * m.cols + c0 + cols), i * cols);
  return { data, rows, cols };
}

/** The interior of a same-size blurred image that conv2d(x, h, 'valid') predicts exactly. */
export function validInterior(sameSize: Matrix, kRows: number, kCols: number): Matrix {
  return crop(sameSize, validOffsetInSame(kRows), validOffsetInSame(kCols), sameSize.rows - kRows + 1, sameSize.cols - kCols + 1);
}

/** How `padForSame` extends an image past its frame: repeat the edge pixels, or zeros. */
export type Boundary = 'replicate' | 'zero';

/**
 * x padded so that conv2d(padded, h, 'valid') is x's size with MATLAB 'same' alignment:
 * k−1−⌊k/2⌋ rows above, ⌊k/2⌋ below (columns alike). 'replicate' repeats the edge pixels (no dark
 * frame, like a camera seeing more of the same); 'zero' gives exactly conv2d(x, h, 'same').
 */
export function padForSame(x: Matrix, kRows: number, kCols: number, boundary: Boundary): Matrix {
  const top = validOffsetInSame(kRows);
  const left = validOffsetInSame(kCols);
  const rows = x.rows + kRows - 1;
  const cols = x.cols + kCols - 1;
  const Ctor = x.data.constructor as Float32ArrayConstructor | Float64ArrayConstructor;
  const data = new Ctor(rows * cols);
  const clamp = (v: number, hi: number) => (v < 0 ? 0 : v > hi ? hi : v);
  for (let i = 0; i < rows; i++) {
    const si = i - top;
    if (boundary === 'zero' && (si < 0 || si >= x.rows)) continue;
    const src = clamp(si, x.rows - 1) * x.cols;
    for (let j = 0; j < cols; j++) {
      const sj = j - left;
      if (boundary === 'zero' && (sj < 0 || sj >= x.cols)) continue;
      data[i * cols + j] = x.data[src + clamp(sj, x.cols - 1)]!;
    }
  }
  return { data, rows, cols };
}
