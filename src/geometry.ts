import type { Convention, Mode } from './types.js';

/**
 * Every mode is a crop of the full result (size (m+k-1)×(n+l-1)): the output keeps
 * rows r0 … r0+rows-1 and columns c0 … c0+cols-1 of it.
 */
export interface Crop {
  rows: number;
  cols: number;
  r0: number;
  c0: number;
}

function axis(mode: Mode, n: number, k: number, sameStart: number): [size: number, start: number] {
  switch (mode) {
    case 'full':
      return [n + k - 1, 0];
    case 'valid':
      return [n - k + 1, k - 1];
    case 'same':
      return [n, sameStart];
  }
}

/** Crop of the full convolution x ∗ h (x is m×n, h is k×l). */
export function convCrop(m: number, n: number, k: number, l: number, mode: Mode, convention: Convention): Crop {
  const start = (kk: number) => (convention === 'scipy' ? (kk - 1) >> 1 : kk >> 1);
  const [rows, r0] = axis(mode, m, k, start(k));
  const [cols, c0] = axis(mode, n, l, start(l));
  return { rows, cols, r0, c0 };
}

/** Crop of the full correlation x ⋆ h; 'same' starts at floor(k/2) in both conventions. */
export function corrCrop(m: number, n: number, k: number, l: number, mode: Mode): Crop {
  const [rows, r0] = axis(mode, m, k, k >> 1);
  const [cols, c0] = axis(mode, n, l, l >> 1);
  return { rows, cols, r0, c0 };
}
