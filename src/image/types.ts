import type { DType, Matrix } from '../types.js';

/**
 * What `ImageData` is, structurally: 8-bit RGBA pixels, row-major, 4 bytes per pixel. A real
 * `ImageData` (from `ctx.getImageData`) is one; so is a plain object of that shape (Node, workers).
 */
export interface ImageDataLike {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** How `fromImageData` reads the pixels. */
export interface FromImageDataOptions {
  /**
   * `'luminance'` (default): one Matrix of BT.601 luma, 0.299 R + 0.587 G + 0.114 B (on the stored,
   * gamma-encoded values, as MATLAB `rgb2gray` and the convgrad CLI; an image whose channels are
   * equal everywhere is read as that channel, exactly). `'rgb'`: three matrices [R, G, B];
   * `'rgba'`: four, with alpha. Alpha is otherwise ignored.
   */
  channels?: 'luminance' | 'rgb' | 'rgba';
  /** Element type of the matrices. Default `'float64'`. */
  dtype?: DType;
}

/** How `toImageData` maps values to 8-bit pixels. */
export interface ToImageDataOptions {
  /**
   * The values that become 0 and 255: `[lo, hi]` (default `[0, 1]`, what `fromImageData` gives),
   * or `'auto'`: the data's own minimum and maximum (across all channels), e.g. for a gradient or a kernel.
   */
  range?: readonly [number, number] | 'auto';
  /**
   * `true` (default): values outside the range become 0 or 255. `false`: a value outside the range
   * is an ArgumentError naming the pixel. NaN is an error either way.
   */
  clamp?: boolean;
}

/** A gray image (one Matrix), or its channels: [R, G, B] or [R, G, B, A]. */
export type Channels = Matrix | readonly Matrix[];

/** An `HTMLCanvasElement` or an `OffscreenCanvas` (structurally: what the functions below use). */
export interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d', options?: { willReadFrequently?: boolean }): unknown;
}
