import { ArgumentError, DTypeError, ShapeError } from './errors.js';
import { matrixMisuseHint } from './image/hints.js';
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
  const hint = matrixMisuseHint(name, m);
  if (hint !== null) throw new DTypeError(hint);
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
      throw new ShapeError(`${name}.${key} must be a positive integer, got ${describeValue(v)}`);
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

/** Two outputs written by one call must not share memory: one would overwrite the other. */
export function checkDisjoint(nameA: string, a: Matrix, nameB: string, b: Matrix): void {
  if (a.data.buffer === b.data.buffer && overlaps(a.data, b.data)) {
    throw new ArgumentError(
      `${nameA} and ${nameB} share memory (bytes ${a.data.byteOffset}…${a.data.byteOffset + a.data.byteLength} and ` +
        `${b.data.byteOffset}…${b.data.byteOffset + b.data.byteLength} of one buffer); each output needs its own`,
    );
  }
}

function overlaps(a: FloatArray, b: FloatArray): boolean {
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** Levenshtein distance, for suggesting the option a misspelt name meant. */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * Checks an options argument: `undefined` gives `{}`; anything but a plain object, or an object
 * with an option name outside `known`, is an ArgumentError naming the unknown option, suggesting
 * the nearest valid name and listing them all — so a misspelling (`convension`, `tikonov`) is
 * never silently ignored. Names whose value is `undefined` are skipped, so spreading a partial
 * options object stays harmless.
 *
 * @param name How the caller calls the argument in messages ('options', 'options.out').
 * @param options The value the caller passed.
 * @param known Every option name the function accepts.
 * @param fn The function's name, for the message ('conv2d').
 * @returns `options`, or a fresh `{}` when it was undefined.
 * @throws ArgumentError when options is not an object or holds an unknown name.
 * @example
 * const opts = checkOptions('options', options, ['convention', 'method', 'out'], 'conv2d');
 */
export function checkOptions<T extends object>(name: string, options: T | undefined, known: readonly string[], fn: string): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    const got = options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options;
    throw new ArgumentError(`${name} must be an object, got ${got}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key) || (options as Record<string, unknown>)[key] === undefined) continue;
    let best = '';
    let bestDistance = Infinity;
    for (const k of known) {
      const d = editDistance(key, k);
      if (d < bestDistance) [best, bestDistance] = [k, d];
    }
    const hint = bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean '${best}'?)` : '';
    throw new ArgumentError(
      `${name}.${key} is not an option of ${fn}${hint}; its options are ${known.map((k) => `'${k}'`).join(', ')}`,
    );
  }
  return options;
}

/** How a value that should be a number is described in an error: its type when it is not one. */
export function describeValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'bigint') return `the bigint ${v}n`;
  return `a value of type ${Array.isArray(v) ? 'array' : typeof v}`;
}

/** Scans each input in order and hands the first non-finite one (name, index) to `reject`. */
export function scanInputs<N extends string>(
  reject: (name: N, index: number) => never, scan: (data: FloatArray) => number, inputs: ReadonlyArray<readonly [N, FloatArray]>,
): void {
  for (const [name, data] of inputs) {
    const i = scan(data);
    if (i >= 0) reject(name, i);
  }
}

/**
 * Index of the first NaN or ±Infinity in `data`, or −1. v − v is 0 for a finite v and NaN
 * otherwise, so blocks are cleared with subtractions and adds and searched only when dirty.
 */
export function firstNonFiniteJs(data: ArrayLike<number>): number {
  const n = data.length;
  for (let start = 0; start < n; start += 4096) {
    const end = Math.min(n, start + 4096);
    let acc = 0;
    for (let i = start; i < end; i++) {
      const v = data[i]!;
      acc += v - v;
    }
    if (acc !== 0) {
      for (let i = start; i < end; i++) if (!Number.isFinite(data[i]!)) return i;
    }
  }
  return -1;
}

/**
 * The error for a non-finite element of a matrix argument: the solvers' and the core functions'
 * NaN policy (README, "NaN and Infinity"). An ArgumentError, code ERR_ARGUMENT.
 */
export function nonFiniteError(name: string, m: Matrix, index: number, hint: string): ArgumentError {
  const v = m.data[index]!;
  return new ArgumentError(
    `${name} has a non-finite value (${v}) at row ${Math.floor(index / m.cols)}, column ${index % m.cols} ` +
      `(index ${index} of ${name} ${shapeOf(m)}); ${hint}`,
  );
}

/** `options.checkFinite`: true (the default) or false. */
export function checkFiniteOption(v: unknown): boolean {
  if (v === undefined) return true;
  if (typeof v !== 'boolean') throw new ArgumentError(`options.checkFinite must be true or false, got ${describeValue(v)}`);
  return v;
}
