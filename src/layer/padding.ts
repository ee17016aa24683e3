import { ArgumentError } from '../errors.js';
import { show } from './format.js';

/** Padding as given: TensorFlow's 'same' (resolved once the shapes are known) or explicit sizes. */
export type PaddingSpec = 'same' | { pt: number; pb: number; pl: number; pr: number };

const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Parses options.padding: 'valid' | 'same' | p | [ph, pw] | [top, bottom, left, right]; default 0. */
export function parsePadding(p: unknown): PaddingSpec {
  if (p === undefined || p === 'valid') return { pt: 0, pb: 0, pl: 0, pr: 0 };
  if (p === 'same') return 'same';
  const sizes = typeof p === 'number' ? [p] : Array.isArray(p) && (p.length === 2 || p.length === 4) ? (p as unknown[]) : null;
  if (sizes === null) {
    throw new ArgumentError(
      `options.padding must be 'valid', 'same', a size, [vertical, horizontal] or [top, bottom, left, right], got ${show(p)}`,
    );
  }
  for (const s of sizes) {
    if (!isSize(s)) {
      throw new ArgumentError(`options.padding sizes must be non-negative integers, got ${show(p)}`);
    }
  }
  const [a, b, c, d] = sizes as number[];
  if (sizes.length === 1) return { pt: a!, pb: a!, pl: a!, pr: a! };
  if (sizes.length === 2) return { pt: a!, pb: a!, pl: b!, pr: b! };
  return { pt: a!, pb: b!, pl: c!, pr: d! };
}

/**
 * TensorFlow's 'same' along one axis: output ⌈size/stride⌉, total padding
 * max((out−1)·stride + (k−1)·dilation + 1 − size, 0), the odd pixel after (bottom/right).
 */
export function samePadding(size: number, k: number, stride: number, dilation: number): [before: number, after: number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + (k - 1) * dilation + 1 - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}
