import { ArgumentError, ShapeError } from '../errors.js';
import type { Matrix } from '../types.js';
import { checkMatrix, checkOptions } from '../validate.js';
import type { Channels, ImageDataLike, ToImageDataOptions } from './types.js';

const OPTIONS = ['range', 'clamp'] as const;

function channelList(source: unknown): Matrix[] {
  if (!Array.isArray(source)) {
    checkMatrix('source', source);
    return [source];
  }
  if (source.length !== 3 && source.length !== 4) {
    throw new ShapeError(`source must be one Matrix or the channels [r, g, b] or [r, g, b, a], got an array of ${source.length}`);
  }
  source.forEach((m, i) => checkMatrix(`source[${i}]`, m));
  const [first] = source as Matrix[];
  for (const [i, m] of (source as Matrix[]).entries()) {
    if (m.rows !== first!.rows || m.cols !== first!.cols) {
      throw new ShapeError(`source[${i}] is ${m.rows}×${m.cols} but source[0] is ${first!.rows}×${first!.cols}: channels must share one shape`);
    }
  }
  return source as Matrix[];
}

function resolveRange(range: unknown, channels: Matrix[]): [number, number] {
  if (range === undefined) return [0, 1];
  if (range === 'auto') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const m of channels) for (const v of m.data) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    if (lo === Infinity) return [0, 1];
    return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
  }
  if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number' && Number.isFinite(v)) || !(range[0] < range[1])) {
    throw new ArgumentError(`options.range must be 'auto' or [lo, hi] with finite lo < hi, got ${JSON.stringify(range)}`);
  }
  return [range[0], range[1]];
}

/**
 * Matrices back to 8-bit RGBA pixels: one Matrix draws gray, `[r, g, b]` colour (opaque),
 * `[r, g, b, a]` with alpha. Values map linearly from `range` (default [0, 1]) to 0…255, rounded.
 * Returns a real `ImageData` where the environment has one (browsers, workers: ready for
 * `ctx.putImageData`), else a plain `{ data, width, height }` of the same shape (Node).
 *
 * @param source - a Matrix (gray) or its channels `[r, g, b]` / `[r, g, b, a]`, all one shape.
 * @param options - `range`: `[lo, hi]` or `'auto'` (the data's min and max); `clamp` (default true).
 * @returns `{ data: Uint8ClampedArray, width: cols, height: rows }` (an `ImageData` when available).
 * @throws {ShapeError} channels of different shapes, or not 1, 3 or 4 of them.
 * @throws {DTypeError} a channel is not a Float32Array/Float64Array Matrix.
 * @throws {ArgumentError} a bad option; NaN data; with `clamp: false`, a value outside the range.
 * @example
 * ```js fragment
 * ctx.putImageData(toImageData(deblurred), 0, 0);
 * const heat = toImageData(gradKernel, { range: 'auto' });
 * ```
 */
export function toImageData(source: Channels, options?: ToImageDataOptions): ImageDataLike {
  const opts = checkOptions('options', options, OPTIONS, 'toImageData');
  const channels = channelList(source);
  if (opts.clamp !== undefined && typeof opts.clamp !== 'boolean') throw new ArgumentError(`options.clamp must be a boolean, got ${JSON.stringify(opts.clamp)}`);
  const clamp = opts.clamp ?? true;
  const [lo, hi] = resolveRange(opts.range, channels);
  const { rows, cols } = channels[0]!;
  const n = rows * cols;
  const px = new Uint8ClampedArray(4 * n);
  const scale = 255 / (hi - lo);
  const names = channels.length === 1 ? ['source'] : channels.map((_, i) => `source[${i}]`);
  const lanes = channels.length === 1 ? [[0, 1, 2]] : channels.map((_, i) => [i]);
  for (let c = 0; c < channels.length; c++) {
    const data = channels[c]!.data;
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      if (Number.isNaN(v) || (!clamp && (v < lo || v > hi))) {
        throw new ArgumentError(
          `${names[c]} at row ${Math.floor(i / cols)}, column ${i % cols} is ${v}, ` +
            (Number.isNaN(v) ? 'which has no pixel value' : `outside options.range [${lo}, ${hi}] (pass clamp: true to clip)`),
        );
      }
      const byte = Math.round((v - lo) * scale);
      const clipped = byte < 0 ? 0 : byte > 255 ? 255 : byte;
      for (const lane of lanes[c]!) px[4 * i + lane] = clipped;
    }
  }
  if (channels.length !== 4) for (let i = 3; i < px.length; i += 4) px[i] = 255;
  if (typeof ImageData === 'function') return new ImageData(px, cols, rows);
  return { data: px, width: cols, height: rows };
}
