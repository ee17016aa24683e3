import { DTypeError, ShapeError } from '../errors.js';
import type { FloatArray } from '../types.js';
import { fmtShape, kindOf } from './format.js';

/**
 * A dense row-major (C-order) tensor: element [i0, i1, …] is at
 * `data[((i0·shape[1] + i1)·shape[2] + …)]`. The layer uses NCHW activations and OIHW weights.
 */
export interface Tensor<T extends FloatArray = FloatArray> {
  data: T;
  shape: number[];
}

/**
 * Checks that `t` is a well-formed Tensor of the given rank; `name` is how the caller calls it
 * and `layout` names the axes (e.g. '[N, Cin, H, W]') for the message.
 */
export function checkTensor(name: string, t: unknown, rank: number, layout: string): asserts t is Tensor {
  if (t === null || typeof t !== 'object') {
    throw new ShapeError(`${name} must be a Tensor { data, shape } ${layout}, got ${kindOf(t)}`);
  }
  const { data, shape } = t as Partial<Tensor>;
  if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
    throw new DTypeError(`${name}.data must be a Float32Array or Float64Array, got ${kindOf(data)}`);
  }
  if (!Array.isArray(shape)) {
    throw new ShapeError(`${name}.shape must be an array ${layout}, got ${kindOf(shape)}`);
  }
  if (shape.length !== rank) {
    throw new ShapeError(`${name} must be rank ${rank} ${layout}, got shape ${fmtShape(shape)} (rank ${shape.length})`);
  }
  for (let i = 0; i < rank; i++) {
    const d = shape[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      throw new ShapeError(`${name}.shape ${layout} must hold positive integers, got ${fmtShape(shape)}`);
    }
  }
  const size = shape.reduce((p, d) => p * d, 1);
  if (data.length !== size) {
    throw new ShapeError(`${name}.data has ${data.length} elements but ${name}.shape is ${fmtShape(shape)} (= ${size})`);
  }
}

/** All named tensors must share one dtype. */
export function checkSameTensorDType(entries: ReadonlyArray<readonly [string, Tensor]>): void {
  const [firstName, first] = entries[0]!;
  for (const [name, t] of entries.slice(1)) {
    if (t.data.constructor !== first.data.constructor) {
      throw new DTypeError(
        `mixed dtypes: ${firstName} is ${first.data.constructor.name} but ${name} is ${t.data.constructor.name}; convert one of them`,
      );
    }
  }
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
