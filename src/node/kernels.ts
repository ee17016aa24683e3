import { ArgumentError } from '../errors.js';
import type { Matrix } from '../types.js';

function normalised(m: Matrix): Matrix {
  let sum = 0;
  for (const v of m.data) sum += v;
  for (let i = 0; i < m.data.length; i++) m.data[i]! /= sum;
  return m;
}

/** A size×size Gaussian with standard deviation `sigma` pixels, centred, summing to 1. */
export function gaussianKernel(size: number, sigma: number): Matrix {
  if (!Number.isInteger(size) || size < 1) throw new ArgumentError(`gaussian size must be a positive integer, got ${size}`);
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new ArgumentError(`gaussian sigma must be a positive number, got ${sigma}`);
  const m: Matrix = { data: new Float64Array(size * size), rows: size, cols: size };
  const c = (size - 1) / 2;
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) m.data[a * size + b] = Math.exp(-((a - c) ** 2 + (b - c) ** 2) / (2 * sigma * sigma));
  }
  return normalised(m);
}

/**
 * Linear motion blur like MATLAB `fspecial('motion', length, angle)`: a line `length` pixels
 * long through the centre, `angle` degrees counter-clockwise from horizontal, anti-aliased
 * (weight 1 − distance to the line, for pixels within one pixel of it), summing to 1. The kernel
 * is square, of side `length` (rounded up to odd so the line has a centre pixel).
 */
export function motionKernel(length: number, angle: number): Matrix {
  if (!Number.isInteger(length) || length < 1) throw new ArgumentError(`motion length must be a positive integer, got ${length}`);
  if (!Number.isFinite(angle)) throw new ArgumentError(`motion angle must be a number of degrees, got ${angle}`);
  const size = length % 2 === 1 ? length : length + 1;
  const m: Matrix = { data: new Float64Array(size * size), rows: size, cols: size };
  const c = (size - 1) / 2;
  const half = (length - 1) / 2;
  const rad = (angle * Math.PI) / 180;
  const ux = Math.cos(rad);
  const uy = -Math.sin(rad); // rows grow downwards, so counter-clockwise means up
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      const px = b - c;
      const py = a - c;
      const t = Math.max(-half, Math.min(half, px * ux + py * uy)); // nearest point on the segment
      const d = Math.hypot(px - t * ux, py - t * uy);
      m.data[a * size + b] = Math.max(0, 1 - d);
    }
  }
  return normalised(m);
}

const SPEC_HELP = 'expected gaussian:SIZE,SIGMA or motion:LENGTH,ANGLE';

/** Parses a generated-kernel spec (`gaussian:15,2.0`, `motion:21,30`); null when `spec` is not one. */
export function kernelFromSpec(spec: string): Matrix | null {
  const match = /^(gaussian|motion):(.*)$/.exec(spec);
  if (match === null) return null;
  const [, kind, rest] = match as unknown as [string, 'gaussian' | 'motion', string];
  const parts = rest.split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || nums.some((v) => !Number.isFinite(v))) {
    throw new ArgumentError(`bad kernel spec ${JSON.stringify(spec)}: ${SPEC_HELP}`);
  }
  try {
    return kind === 'gaussian' ? gaussianKernel(nums[0]!, nums[1]!) : motionKernel(nums[0]!, nums[1]!);
  } catch (err) {
    throw new ArgumentError(`bad kernel spec ${JSON.stringify(spec)}: ${(err as Error).message}`);
  }
}
