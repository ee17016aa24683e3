import { ArgumentError, ShapeError } from '../errors.js';
import type { FloatArray, Matrix } from '../types.js';
import { checkOptions } from '../validate.js';
import type { FromImageDataOptions, ImageDataLike } from './types.js';

// MATLAB rgb2gray / ITU-R BT.601 luma weights, the same arithmetic as convgrad/node's readImage.
const LUMA = [0.299, 0.587, 0.114] as const;
const OPTIONS = ['channels', 'dtype'] as const;

/** Checks that `value` is ImageData-shaped; `name` is how the caller calls it. */
export function checkImageData(name: string, value: unknown): asserts value is ImageDataLike {
  if (value === null || typeof value !== 'object') {
    throw new ArgumentError(`${name} must be an ImageData ({ data: Uint8ClampedArray, width, height }), got ${value === null ? 'null' : typeof value}`);
  }
  const { width, height } = value as Partial<ImageDataLike>;
  const data = (value as { data?: unknown }).data;
  if (!(data instanceof Uint8ClampedArray) && !(data instanceof Uint8Array)) {
    const got = data === undefined || data === null ? String(data) : (data as object).constructor?.name ?? typeof data;
    throw new ArgumentError(`${name}.data must be a Uint8ClampedArray of RGBA pixels, got ${got}`);
  }
  for (const [key, v] of [['width', width], ['height', height]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ShapeError(`${name}.${key} must be a positive integer, got ${String(v)}`);
  }
  if (data.length !== 4 * width! * height!) {
    throw new ShapeError(`${name}.data has ${data.length} bytes but ${name} is ${width}×${height} RGBA (= ${4 * width! * height!})`);
  }
}

/**
 * Pixels to matrices in [0, 1] (value / 255): the bridge from a canvas, a decoded image or a
 * video frame to convgrad. Rows are the image's rows (height), columns its width.
 *
 * @param imageData - an `ImageData` from `ctx.getImageData(…)`, or any `{ data: Uint8ClampedArray, width, height }` of RGBA pixels.
 * @param options - `channels`: `'luminance'` (default, one Matrix), `'rgb'` or `'rgba'` (one Matrix per channel); `dtype` (default `'float64'`).
 * @returns one Matrix for `'luminance'`, else an array of 3 (`'rgb'`) or 4 (`'rgba'`) matrices.
 * @throws {ArgumentError} `imageData` is not RGBA pixel data, or an option is unknown or invalid.
 * @throws {ShapeError} width/height are not positive integers or do not match `data.length`.
 * @example
 * ```js fragment
 * const gray = fromImageData(ctx.getImageData(0, 0, canvas.width, canvas.height));
 * const [r, g, b] = fromImageData(imageData, { channels: 'rgb', dtype: 'float32' });
 * ```
 */
export function fromImageData(imageData: ImageDataLike, options?: FromImageDataOptions & { channels?: 'luminance' }): Matrix;
export function fromImageData(imageData: ImageDataLike, options: FromImageDataOptions & { channels: 'rgb' | 'rgba' }): Matrix[];
export function fromImageData(imageData: ImageDataLike, options?: FromImageDataOptions): Matrix | Matrix[];
export function fromImageData(imageData: ImageDataLike, options?: FromImageDataOptions): Matrix | Matrix[] {
  const opts = checkOptions('options', options, OPTIONS, 'fromImageData');
  checkImageData('imageData', imageData);
  const channels = opts.channels ?? 'luminance';
  if (channels !== 'luminance' && channels !== 'rgb' && channels !== 'rgba') {
    throw new ArgumentError(`options.channels must be 'luminance', 'rgb' or 'rgba', got ${JSON.stringify(channels)}`);
  }
  const dtype = opts.dtype ?? 'float64';
  if (dtype !== 'float32' && dtype !== 'float64') throw new ArgumentError(`options.dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
  const { data: px, width, height } = imageData;
  const n = width * height;
  const scale = 1 / 255;
  const plane = (fill: (out: FloatArray) => void): Matrix => {
    const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    fill(data);
    return { data, rows: height, cols: width };
  };
  const channel = (c: number) => plane((out) => {
    for (let i = 0; i < n; i++) out[i] = px[4 * i + c]! * scale;
  });
  if (channels === 'rgb') return [channel(0), channel(1), channel(2)];
  if (channels === 'rgba') return [channel(0), channel(1), channel(2), channel(3)];
  let gray = true;
  for (let i = 0; i < n && gray; i++) gray = px[4 * i] === px[4 * i + 1] && px[4 * i] === px[4 * i + 2];
  if (gray) return channel(0);
  return plane((out) => {
    for (let i = 0; i < n; i++) {
      const p = 4 * i;
      out[i] = (LUMA[0] * px[p]! + LUMA[1] * px[p + 1]! + LUMA[2] * px[p + 2]!) * scale;
    }
  });
}
