import { ArgumentError, DTypeError, ShapeError } from './errors.js';
import type { BackendName, Convention, FloatArray, Matrix, Method, Mode, Wrt } from './types.js';

const MODES: readonly Mode[] = ['valid', 'same', 'full'];
const CONVENTIONS: readonly Convention[] = ['matlab', 'scipy'];
const WRTS: readonly Wrt[] = ['kernel', 'image', 'both'];
const METHODS: readonly Method[] = ['auto', 'direct', 'fft'];

export function checkMethod(method: unknown, backend: BackendName): Method {
  if (method === undefined) return 'auto';
  if (!METHODS.includes(method as Method)) {
    throw new ArgumentError(`options.method must be 'auto', 'direct' or 'fft', got ${JSON.stringify(method)}`);
  }
  if (method === 'fft' && backend === 'js') {
    throw new ArgumentError("options.method 'fft' needs a WebAssembly backend; the JS baseline computes directly");
  }
  return method as Method;
}

export const shapeOf = (m: { rows: number; cols: number }): string => `${m.rows}×${m.cols}`;

/** Checks that `m` is a well-formed Matrix; `name` is how the caller calls it. */
export function checkMatrix(name: string, m: unknown): asserts m is Matrix {
  if (m === null || typeof m !== 'object') {
    throw new ShapeError(`${name} must be a Matrix { data, rows, cols }, got ${m === null ? 'null' : typeof m}`);
  }
  const { data, rows, cols } = m as Partial<Matrix>;
  if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
    const got = data === null || data === undefined ? String(data) : (data as object).constructor?.name ?? typeof data;
    throw new DTypeError(`${name}.data must be a Float32Array or Float64Array, got ${got}`);
  }
  for (const [key, v] of [['rows', rows], ['cols', cols]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new ShapeError(`${name}.${key} must be a positive integer, got ${String(v)}`);
    }
  }
  if (data.length !== rows! * cols!) {
    throw new ShapeError(`${name}.data has ${data.length} elements but ${name} is ${rows}×${cols} (= ${rows! * cols!})`);
  }
}

/** All named matrices must share one dtype. */
export function checkSameDType(entries: ReadonlyArray<readonly [string, Matrix]>): void {
  const [firstName, first] = entries[0]!;
  for (const [name, m] of entries.slice(1)) {
    if (m.data.constructor !== first.data.constructor) {
      throw new DTypeError(
        `mixed dtypes: ${firstName} is ${first.data.constructor.name} but ${name} is ${m.data.constructor.name}; convert one of them`,
      );
    }
  }
}

export function checkMode(mode: unknown): Mode {
  if (!MODES.includes(mode as Mode)) {
    throw new ArgumentError(`mode must be 'valid', 'same' or 'full', got ${JSON.stringify(mode)}`);
  }
  return mode as Mode;
}

export function checkConvention(convention: unknown): Convention {
  if (convention === undefined) return 'matlab';
  if (!CONVENTIONS.includes(convention as Convention)) {
    throw new ArgumentError(`options.convention must be 'matlab' or 'scipy', got ${JSON.stringify(convention)}`);
  }
  return convention as Convention;
}

export function checkWrt(wrt: unknown): Wrt {
  if (wrt === undefined) return 'both';
  if (!WRTS.includes(wrt as Wrt)) {
    throw new ArgumentError(`options.wrt must be 'kernel', 'image' or 'both', got ${JSON.stringify(wrt)}`);
  }
  return wrt as Wrt;
}

/** 'valid' needs the kernel to fit inside the image. */
export function checkValidFits(mode: Mode, x: Matrix, h: Matrix): void {
  if (mode === 'valid' && (h.rows > x.rows || h.cols > x.cols)) {
    throw new ShapeError(
      `mode 'valid' needs the kernel to fit inside the image: kernel h is ${shapeOf(h)}, image x is ${shapeOf(x)}`,
    );
  }
}

export function checkShape(name: string, m: Matrix, rows: number, cols: number, why: string): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new ShapeError(`${name} must be ${rows}×${cols} (${why}), got ${shapeOf(m)}`);
  }
}

/** An `out` matrix: well formed, of the right shape and dtype, and not sharing memory with an input. */
export function checkOut(
  name: string,
  out: unknown,
  rows: number,
  cols: number,
  like: FloatArray,
  why: string,
  inputs: ReadonlyArray<Matrix>,
): Matrix {
  checkMatrix(name, out);
  if (out.data.constructor !== like.constructor) {
    throw new DTypeError(`${name} must be a ${like.constructor.name} like the inputs, got ${out.data.constructor.name}`);
  }
  checkShape(name, out, rows, cols, why);
  for (const m of inputs) {
    if (m.data.buffer === out.data.buffer && overlaps(m.data, out.data)) {
      throw new ArgumentError(`${name} shares memory with an input; inputs are never overwritten`);
    }
  }
  return out;
}

function overlaps(a: FloatArray, b: FloatArray): boolean {
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}
