// Blur kernels the page offers (the same definitions as the convgrad CLI's gaussian:/motion:).
import type { Matrix } from 'convgrad';

/** An input the user got wrong; its message is shown on the page as it is. */
export class InputError extends Error {
  override name = 'InputError';
}

function normalised(data: Float64Array, rows: number, cols: number): Matrix<Float64Array> {
  let sum = 0;
  for (const v of data) sum += v;
  for (let i = 0; i < data.length; i++) data[i]! /= sum;
  return { data, rows, cols };
}

/** A size×size Gaussian of standard deviation sigma pixels, centred, summing to 1. */
export function gaussianKernel(size: number, sigma: number): Matrix<Float64Array> {
  const data = new Float64Array(size * size);
  const c = (size - 1) / 2;
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) data[a * size + b] = Math.exp(-((a - c) ** 2 + (b - c) ** 2) / (2 * sigma * sigma));
  }
  return normalised(data, size, size);
}

/**
 * Linear motion like MATLAB fspecial('motion', length, angle): an anti-aliased line through the
 * centre, angle degrees counter-clockwise from horizontal, in a square of side length (made odd).
 */
export function motionKernel(length: number, angle: number): Matrix<Float64Array> {
  const size = length % 2 === 1 ? length : length + 1;
  const data = new Float64Array(size * size);
  const c = (size - 1) / 2;
  const half = (length - 1) / 2;
  const rad = (angle * Math.PI) / 180;
  const ux = Math.cos(rad);
  const uy = -Math.sin(rad);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      const px = b - c;
      const py = a - c;
      const t = Math.max(-half, Math.min(half, px * ux + py * uy));
      data[a * size + b] = Math.max(0, 1 - Math.hypot(px - t * ux, py - t * uy));
    }
  }
  return normalised(data, size, size);
}

/**
 * A kernel typed by the user: one row per line, numbers separated by spaces or commas (a JSON
 * array of rows works too). Normalised to sum 1 when its sum is positive.
 */
export function parseCustomKernel(text: string): Matrix<Float64Array> {
  const lines = text
    .replace(/[[\]]/g, '\n')
    .split(/\n/)
    .map((l) => l.trim().replace(/,$/, ''))
    .filter((l) => l !== '' && l !== ',');
  if (lines.length === 0) throw new InputError('Custom kernel: type at least one number (one row per line).');
  const rows = lines.map((line, i) =>
    line.split(/[\s,;]+/).filter((t) => t !== '').map((token, j) => {
      const v = Number(token);
      if (!Number.isFinite(v)) {
        throw new InputError(`Custom kernel: row ${i + 1}, column ${j + 1} is “${token}”, not a finite number.`);
      }
      return v;
    }),
  );
  const cols = rows[0]!.length;
  const bad = rows.findIndex((r) => r.length !== cols);
  if (bad >= 0) throw new InputError(`Custom kernel: row ${bad + 1} has ${rows[bad]!.length} numbers but row 1 has ${cols}; every row needs the same count.`);
  const data = Float64Array.from(rows.flat());
  let sum = 0;
  for (const v of data) sum += v;
  if (sum === 0) throw new InputError('Custom kernel: all entries sum to 0; a blur kernel needs a positive sum.');
  return sum > 0 ? normalised(data, rows.length, cols) : { data, rows: rows.length, cols };
}

/** Reads a number field, or throws an InputError naming it. */
export function numberField(label: string, raw: string, check: { integer?: boolean; min?: number; exclusiveMin?: number; max?: number; optional?: boolean } = {}): number | undefined {
  const text = raw.trim();
  if (text === '' && check.optional) return undefined;
  const v = Number(text);
  const what = check.integer ? 'a whole number' : 'a number';
  if (text === '' || !Number.isFinite(v)) throw new InputError(`${label} must be ${what}, got “${raw}”.`);
  if (check.integer && !Number.isInteger(v)) throw new InputError(`${label} must be ${what}, got ${v}.`);
  if (check.min !== undefined && v < check.min) throw new InputError(`${label} must be at least ${check.min}, got ${v}.`);
  if (check.exclusiveMin !== undefined && v <= check.exclusiveMin) throw new InputError(`${label} must be greater than ${check.exclusiveMin}, got ${v}.`);
  if (check.max !== undefined && v > check.max) throw new InputError(`${label} must be at most ${check.max}, got ${v}.`);
  return v;
}
