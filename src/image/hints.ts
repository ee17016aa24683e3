import type { CanvasLike } from './types.js';

/** True for an object that looks like a canvas (has getContext, width, height). */
export function isCanvasLike(value: unknown): value is CanvasLike {
  return value !== null && typeof value === 'object' && typeof (value as CanvasLike).getContext === 'function'
    && typeof (value as CanvasLike).width === 'number' && typeof (value as CanvasLike).height === 'number';
}

/**
 * What to call instead, when a Matrix argument is one of the usual mistakes: pixels (ImageData),
 * a canvas, or plain nested arrays. Null when it is none of them.
 */
export function matrixMisuseHint(name: string, value: unknown): string | null {
  if (Array.isArray(value)) {
    return `${name}.data must be a Float32Array or Float64Array, but ${name} is an array, not a Matrix { data, rows, cols }: ` +
      `wrap it with matrix(${name}) (nested rows, or a flat 1×N signal)`;
  }
  if (value === null || typeof value !== 'object') return null;
  if (isCanvasLike(value)) {
    return `${name}.data must be a Float32Array or Float64Array, but ${name} is a canvas: read its pixels as a Matrix in [0, 1] with fromCanvas(${name}) ` +
      `(or fromImageData(ctx.getImageData(…)); { channels: 'rgb' } for one Matrix per channel)`;
  }
  const { data, width, height } = value as { data?: unknown; width?: unknown; height?: unknown };
  if ((data instanceof Uint8ClampedArray || data instanceof Uint8Array) && typeof width === 'number' && typeof height === 'number') {
    return `${name}.data must be a Float32Array or Float64Array, but ${name} is ImageData (8-bit RGBA pixels): convert it with fromImageData(${name}) ` +
      `(a luminance Matrix in [0, 1]; { channels: 'rgb' } for one Matrix per channel), and back with toImageData`;
  }
  return null;
}
