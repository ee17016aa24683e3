import { ArgumentError } from '../errors.js';
import type { Matrix } from '../types.js';
import { fromImageData } from './from-image-data.js';
import { toImageData } from './to-image-data.js';
import { isCanvasLike } from './hints.js';
import type { CanvasLike, Channels, FromImageDataOptions, ToImageDataOptions } from './types.js';

interface Context2d {
  getImageData(x: number, y: number, w: number, h: number): ImageData;
  putImageData(image: ImageData, x: number, y: number): void;
}

function context(canvas: unknown, name: string): Context2d {
  if (!isCanvasLike(canvas)) throw new ArgumentError(`${name} must be an HTMLCanvasElement or OffscreenCanvas`);
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as Context2d | null;
  if (!ctx) throw new ArgumentError(`${name} has no 2d context (it already has another kind, e.g. webgl)`);
  return ctx;
}

/**
 * The pixels of a canvas as matrices in [0, 1]: `fromImageData(ctx.getImageData(…))` over the
 * whole canvas.
 *
 * @param canvas - an `HTMLCanvasElement` or `OffscreenCanvas` with (or able to get) a 2d context.
 * @param options - as `fromImageData`: `channels` (`'luminance'` default, `'rgb'`, `'rgba'`), `dtype`.
 * @returns one Matrix (luminance) or one per channel.
 * @throws {ArgumentError} not a canvas, or it has a non-2d context; a bad option.
 * @example
 * ```js fragment
 * const x = fromCanvas(document.querySelector('canvas'));
 * ```
 */
export function fromCanvas(canvas: CanvasLike, options?: FromImageDataOptions & { channels?: 'luminance' }): Matrix;
export function fromCanvas(canvas: CanvasLike, options: FromImageDataOptions & { channels: 'rgb' | 'rgba' }): Matrix[];
export function fromCanvas(canvas: CanvasLike, options?: FromImageDataOptions): Matrix | Matrix[];
export function fromCanvas(canvas: CanvasLike, options?: FromImageDataOptions): Matrix | Matrix[] {
  const ctx = context(canvas, 'canvas');
  return fromImageData(ctx.getImageData(0, 0, canvas.width, canvas.height), options);
}

/**
 * Draws matrices on a canvas (resized to the image): `toImageData` then `putImageData`. Without
 * `canvas`, makes an `OffscreenCanvas` (or a `<canvas>` element where only the DOM has one).
 *
 * @param source - a Matrix (gray) or `[r, g, b]` / `[r, g, b, a]`.
 * @param options - as `toImageData` (`range`, `clamp`), plus `canvas`: the canvas to draw on.
 * @returns the canvas drawn on.
 * @throws {ArgumentError} no canvas given and none can be made here (Node), or a bad option.
 * @throws {ShapeError} as `toImageData`.
 * @example
 * ```js fragment
 * document.body.append(toCanvas(deblurred, { canvas: document.createElement('canvas') }));
 * ```
 */
export function toCanvas<C extends CanvasLike = CanvasLike>(source: Channels, options: ToImageDataOptions & { canvas?: C } = {}): C {
  const { canvas: given, ...rest } = options;
  const image = toImageData(source, rest);
  let canvas: CanvasLike | undefined = given;
  if (canvas === undefined) {
    if (typeof OffscreenCanvas === 'function') canvas = new OffscreenCanvas(image.width, image.height) as unknown as CanvasLike;
    else if (typeof document !== 'undefined') canvas = document.createElement('canvas');
    else throw new ArgumentError('toCanvas: this environment has no canvas (Node?); use toImageData, or pass options.canvas');
  }
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = context(canvas, 'options.canvas');
  if (typeof ImageData !== 'function') throw new ArgumentError('toCanvas: this environment has no ImageData; use toImageData');
  ctx.putImageData(image as ImageData, 0, 0);
  return canvas as C;
}
