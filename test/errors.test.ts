/**
 * Every error path, against every backend: the error class (ShapeError, DTypeError,
 * ArgumentError — all ConvgradError with their code) AND that the message names the offending
 * argument and the shapes/values involved. Not tested: calling the top-level functions before
 * init() (another test file may already have initialised the shared context).
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  ConvgradError,
  DTypeError,
  ShapeError,
  createContext,
  matrix,
  zeros,
  type Convgrad,
  type Matrix,
} from '../src/index.js';
import { backends } from './support/backends.js';
import { fillValues, makeMatrix, type DTypeName } from './support/random.js';

const all = await backends();

type ErrorClass = typeof ShapeError | typeof DTypeError | typeof ArgumentError;
const CODES = new Map<ErrorClass, string>([
  [ShapeError, 'ERR_SHAPE'],
  [DTypeError, 'ERR_DTYPE'],
  [ArgumentError, 'ERR_ARGUMENT'],
]);

/** fn must throw an instance of Cls whose message matches every pattern. */
function expectError(fn: () => unknown, Cls: ErrorClass, ...patterns: RegExp[]): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error(`expected ${Cls.name}, nothing was thrown`);
  if (!(thrown instanceof Cls)) {
    throw new Error(`expected ${Cls.name}, got ${(thrown as Error)?.constructor?.name}: ${(thrown as Error)?.message}`);
  }
  expect(thrown).toBeInstanceOf(ConvgradError);
  expect(thrown).toBeInstanceOf(Error);
  expect(thrown.name).toBe(Cls.name);
  expect(thrown.code).toBe(CODES.get(Cls));
  for (const p of patterns) {
    if (!p.test(thrown.message)) throw new Error(`${Cls.name} message ${JSON.stringify(thrown.message)} does not match ${p}`);
  }
}

/** "r×c" (also accepts "rxc" / "r x c"), not part of a longer number. */
const shape = (r: number, c: number) => new RegExp(`(?<![\\d.])${r}\\s*[×x]\\s*${c}(?![\\d.])`);
/**
 * A name like x, h.rows, options.out as a whole name: not part of a longer identifier or path
 * (named('options.out') does not match "options.out.gradKernel").
 */
const named = (name: string) => new RegExp(`(?<![\\w.])${name.replace(/\.(?=\w)/g, '\\.')}(?!\\w|\\.\\w)`);

const mat = (rows: number, cols: number, dtype: DTypeName = 'float64', seed = 1): Matrix =>
  makeMatrix(rows, cols, fillValues(rows * cols, { seed, kind: 'uniform' }), dtype);

/** Every public function with (x, h[, y]) — y built for mode 'full' with the given shapes. */
function everyCall(cg: Convgrad) {
  return [
    ['conv2d', (x: Matrix, h: Matrix, _y: Matrix, mode: string = 'full', o?: object) => cg.conv2d(x, h, mode as never, o)],
    ['correlate2d', (x: Matrix, h: Matrix, _y: Matrix, mode: string = 'full', o?: object) => cg.correlate2d(x, h, mode as never, o)],
    ['objective', (x: Matrix, h: Matrix, y: Matrix, mode: string = 'full', o?: object) => cg.objective(x, h, y, mode as never, o)],
    ['gradKernel', (x: Matrix, h: Matrix, y: Matrix, mode: string = 'full', o?: object) => cg.gradKernel(x, h, y, mode as never, o)],
    ['gradImage', (x: Matrix, h: Matrix, y: Matrix, mode: string = 'full', o?: object) => cg.gradImage(x, h, y, mode as never, o)],
    ['valueAndGrad', (x: Matrix, h: Matrix, y: Matrix, mode: string = 'full', o?: object) => cg.valueAndGrad(x, h, y, mode as never, o)],
  ] as const;
}
const LEAST_SQUARES = new Set(['objective', 'gradKernel', 'gradImage', 'valueAndGrad']);

describe.each(all.map((b) => [b.name, b] as const))('%s errors', (_name, { cg }) => {
  const calls = everyCall(cg);
  // Good inputs: x 5×6, h 2×3, y = full size 6×8.
  const good = (dtype: DTypeName = 'float64') => ({ x: mat(5, 6, dtype), h: mat(2, 3, dtype, 2), y: mat(6, 8, dtype, 3) });

  it('data is not a Float32Array/Float64Array (plain array, Int32Array, Uint8Array, missing)', () => {
    const bads: Array<[unknown, RegExp]> = [
      [[1, 2, 3, 4, 5, 6], /Array/],
      [new Int32Array(6), /Int32Array/],
      [new Uint8Array(6), /Uint8Array/],
      [undefined, /undefined/],
      [null, /null/],
    ];
    for (const [fname, f] of calls) {
      const args: Array<'x' | 'h' | 'y'> = LEAST_SQUARES.has(fname) ? ['x', 'h', 'y'] : ['x', 'h'];
      for (const which of args) {
        for (const [data, got] of bads) {
          const g = good();
          const m = { ...g[which], data } as unknown as Matrix;
          const a = { ...g, [which]: m };
          expectError(() => f(a.x, a.h, a.y), DTypeError, named(`${which}.data`), /Float32Array/, /Float64Array/, got);
        }
      }
    }
  });

  it('data length differs from rows·cols', () => {
    for (const [fname, f] of calls) {
      const args: Array<'x' | 'h' | 'y'> = LEAST_SQUARES.has(fname) ? ['x', 'h', 'y'] : ['x', 'h'];
      for (const which of args) {
        const g = good();
        const src = g[which];
        for (const delta of [-1, 1]) {
          const m = { data: new Float64Array(src.rows * src.cols + delta), rows: src.rows, cols: src.cols };
          const a = { ...g, [which]: m };
          expectError(
            () => f(a.x, a.h, a.y),
            ShapeError,
            named(which),
            shape(src.rows, src.cols),
            new RegExp(`\\b${src.rows * src.cols + delta}\\b`),
          );
        }
      }
    }
  });

  it('rows/cols not a positive integer (1.5, 0, −2, NaN, Infinity, "5", undefined)', () => {
    const bads: Array<[unknown, RegExp]> = [
      [1.5, /1\.5/],
      [0, /\b0\b/],
      [-2, /-2/],
      [NaN, /NaN/],
      [Infinity, /Infinity/],
      ['5', /5/],
      [undefined, /undefined/],
    ];
    for (const [fname, f] of calls) {
      const args: Array<'x' | 'h' | 'y'> = LEAST_SQUARES.has(fname) ? ['x', 'h', 'y'] : ['x', 'h'];
      for (const which of args) {
        for (const key of ['rows', 'cols'] as const) {
          for (const [v, got] of bads) {
            const g = good();
            const m = { ...g[which], [key]: v } as unknown as Matrix;
            const a = { ...g, [which]: m };
            expectError(() => f(a.x, a.h, a.y), ShapeError, named(`${which}.${key}`), /positive integer/, got);
          }
        }
      }
    }
  });

  it('a matrix that is not an object', () => {
    for (const [, f] of calls) {
      const g = good();
      expectError(() => f(null as unknown as Matrix, g.h, g.y), ShapeError, named('x'), /null/);
      expectError(() => f(g.x, 7 as unknown as Matrix, g.y), ShapeError, named('h'), /number/);
    }
    const g = good();
    expectError(() => cg.objective(g.x, g.h, 'y' as unknown as Matrix, 'full'), ShapeError, named('y'), /string/);
  });

  it('mixed dtypes (x float32 with h float64; y of the other dtype)', () => {
    for (const [fname, f] of calls) {
      const x32 = mat(5, 6, 'float32');
      const h64 = mat(2, 3, 'float64');
      const y32 = mat(6, 8, 'float32');
      expectError(() => f(x32, h64, y32), DTypeError, named('x'), named('h'), /Float32Array/, /Float64Array/);
      const g64 = good('float64');
      expectError(() => f(g64.x, mat(2, 3, 'float32'), g64.y), DTypeError, named('x'), named('h'), /Float32Array/, /Float64Array/);
      if (LEAST_SQUARES.has(fname)) {
        const g32 = good('float32');
        expectError(() => f(g32.x, g32.h, mat(6, 8, 'float64')), DTypeError, named('y'), /Float32Array/, /Float64Array/);
        expectError(() => f(g64.x, g64.h, mat(6, 8, 'float32')), DTypeError, named('y'), /Float32Array/, /Float64Array/);
      }
    }
  });

  it('y of the wrong shape: the message gives the expected and the actual shape', () => {
    const x = mat(5, 6);
    const h = mat(2, 3);
    // Expected: full 6×8, valid 4×4, same 5×6.
    const cases: Array<[string, number, number, number, number]> = [
      ['full', 6, 8, 5, 6],
      ['valid', 4, 4, 6, 8],
      ['same', 5, 6, 4, 4],
      ['valid', 4, 4, 4, 5],
      ['same', 5, 6, 6, 5],
    ];
    for (const [fname, f] of calls) {
      if (!LEAST_SQUARES.has(fname)) continue;
      for (const [mode, er, ec, gr, gc] of cases) {
        for (const convention of ['matlab', 'scipy']) {
          expectError(() => f(x, h, mat(gr, gc), mode, { convention }), ShapeError, named('y'), shape(er, ec), shape(gr, gc));
        }
      }
    }
  });

  it("'valid' with the kernel larger than the image in either dimension names both shapes", () => {
    for (const [fname, f] of calls) {
      for (const [m, n, k, l] of [[5, 6, 6, 3], [5, 6, 2, 7], [5, 6, 9, 9], [1, 1, 1, 2], [1, 1, 2, 1]] as const) {
        const x = mat(m, n);
        const h = mat(k, l);
        const y = mat(1, 1);
        expectError(() => f(x, h, y, 'valid'), ShapeError, /valid/, named('h'), named('x'), shape(k, l), shape(m, n));
        void fname;
      }
    }
  });

  it('bad mode string (and non-strings)', () => {
    for (const [, f] of calls) {
      const g = good();
      for (const [mode, shown] of [['Full', /"Full"/], ['foo', /"foo"/], ['', /""/], [null, /null/], [1, /\b1\b/], ['VALID', /"VALID"/]] as const) {
        expectError(() => f(g.x, g.h, g.y, mode as string), ArgumentError, named('mode'), shown, /'valid'/, /'same'/, /'full'/);
      }
    }
  });

  it('bad convention', () => {
    for (const [, f] of calls) {
      const g = good();
      for (const [convention, shown] of [['MATLAB', /"MATLAB"/], ['numpy', /"numpy"/], [null, /null/], [0, /\b0\b/]] as const) {
        expectError(() => f(g.x, g.h, g.y, 'full', { convention }), ArgumentError, /convention/, shown, /'matlab'/, /'scipy'/);
      }
    }
  });

  it('bad wrt (valueAndGrad)', () => {
    const g = good();
    for (const [wrt, shown] of [['x', /"x"/], ['all', /"all"/], ['Kernel', /"Kernel"/], [null, /null/]] as const) {
      expectError(() => cg.valueAndGrad(g.x, g.h, g.y, 'full', { wrt: wrt as never }), ArgumentError, /wrt/, shown, /'kernel'/, /'image'/, /'both'/);
    }
  });

  it('options that are not an object (e.g. the convention passed as a string)', () => {
    for (const [, f] of calls) {
      const g = good();
      expectError(() => f(g.x, g.h, g.y, 'same', 'scipy' as unknown as object), ArgumentError, /options/, /string/);
      expectError(() => f(g.x, g.h, g.y, 'same', null as unknown as object), ArgumentError, /options/, /null/);
    }
  });

  it('options.out of the wrong shape or dtype, or not a matrix', () => {
    const g = good('float64');
    const g32 = good('float32');
    // Expected output shapes: conv2d/correlate2d full 6×8, gradKernel 2×3 (h), gradImage 5×6 (x).
    const targets = [
      ['conv2d', (out: Matrix, x = g.x, h = g.h) => cg.conv2d(x, h, 'full', { out }), 6, 8],
      ['correlate2d', (out: Matrix, x = g.x, h = g.h) => cg.correlate2d(x, h, 'full', { out }), 6, 8],
      ['gradKernel', (out: Matrix, x = g.x, h = g.h) => cg.gradKernel(x, h, x === g.x ? g.y : g32.y, 'full', { out }), 2, 3],
      ['gradImage', (out: Matrix, x = g.x, h = g.h) => cg.gradImage(x, h, x === g.x ? g.y : g32.y, 'full', { out }), 5, 6],
      ['valueAndGrad out.gradKernel', (out: Matrix, x = g.x, h = g.h) => cg.valueAndGrad(x, h, x === g.x ? g.y : g32.y, 'full', { out: { gradKernel: out } }), 2, 3],
      ['valueAndGrad out.gradImage', (out: Matrix, x = g.x, h = g.h) => cg.valueAndGrad(x, h, x === g.x ? g.y : g32.y, 'full', { out: { gradImage: out } }), 5, 6],
    ] as const;
    for (const [what, call, r, c] of targets) {
      // gradKernel/gradImage: the exact name is checked in the next test; here any options.out… name.
      const outName = what.startsWith('valueAndGrad')
        ? `options.${what.split(' ')[1]}`
        : what.startsWith('grad')
          ? `options.out(?:.grad${what.slice(4)})?`
          : 'options.out';
      // Wrong shape (transposed, one row short, one column extra): names out, expected and actual shapes.
      for (const [br, bc] of [[c, r], [r - 1 || r + 1, c], [r, c + 1]] as const) {
        if (br === r && bc === c) continue;
        const bad = mat(br, bc);
        const before = bad.data.slice();
        expectError(() => call(bad), ShapeError, named(outName), shape(r, c), shape(br, bc));
        expect(Array.from(bad.data)).toEqual(Array.from(before)); // untouched on error
      }
      // Wrong dtype: names out and both dtypes (f32 out with f64 inputs, and the reverse).
      expectError(() => call(mat(r, c, 'float32')), DTypeError, named(outName), /Float64Array/, /Float32Array/);
      expectError(() => call(mat(r, c, 'float64'), g32.x, g32.h), DTypeError, named(outName), /Float32Array/, /Float64Array/);
      // Not a matrix at all.
      expectError(() => call({ data: [0], rows: 1, cols: 1 } as unknown as Matrix), DTypeError, named(`${outName}.data`));
      expectError(() => call({ data: new Float64Array(r * c), rows: r, cols: 0 } as unknown as Matrix), ShapeError, named(`${outName}.cols`));
    }
  });

  it("gradKernel/gradImage: options.out errors name the caller's argument options.out", () => {
    // gradKernel(x, h, y, mode, { out }) — the caller passed options.out; a message about
    // "options.out.gradKernel" names an option gradKernel does not have.
    const g = good();
    expectError(() => cg.gradKernel(g.x, g.h, g.y, 'full', { out: mat(3, 2) }), ShapeError, named('options.out'), shape(2, 3), shape(3, 2));
    expectError(() => cg.gradImage(g.x, g.h, g.y, 'full', { out: mat(6, 5) }), ShapeError, named('options.out'), shape(5, 6), shape(6, 5));
    expectError(() => cg.gradKernel(g.x, g.h, g.y, 'full', { out: mat(2, 3, 'float32') }), DTypeError, named('options.out'));
    expectError(() => cg.gradImage(g.x, g.h, g.y, 'full', { out: mat(5, 6, 'float32') }), DTypeError, named('options.out'));
  });

  it('options.out sharing memory with an input is refused', () => {
    const x = mat(6, 6);
    const h = mat(1, 1);
    const y = mat(6, 6);
    // conv2d 'same' has x's shape: out = x itself, or a view onto x's buffer.
    expectError(() => cg.conv2d(x, h, 'same', { out: x }), ArgumentError, named('options.out'), /input/);
    const view = { data: x.data.subarray(0, 36), rows: 6, cols: 6 };
    expectError(() => cg.correlate2d(x, h, 'same', { out: view }), ArgumentError, named('options.out'), /input/);
    expectError(() => cg.gradImage(x, h, y, 'same', { out: y }), ArgumentError, /options\.out/, /input/);
    expectError(() => cg.gradKernel(x, h, y, 'same', { out: h }), ArgumentError, /options\.out/, /input/);
    expectError(() => cg.valueAndGrad(x, h, y, 'same', { out: { gradImage: x } }), ArgumentError, /options\.out\.gradImage/, /input/);
  });

  it('the backend still works after errors', () => {
    const g = good();
    try {
      cg.objective(g.x, g.h, mat(3, 3), 'full');
    } catch {
      /* expected */
    }
    const z = cg.conv2d(matrix([[1, 2], [3, 4]]), matrix([[1, 1], [1, 1]]), 'valid');
    expect(Array.from(z.data)).toEqual([10]);
  });
});

describe('errors of the helpers and of createContext', () => {
  it('zeros(rows, cols, dtype)', () => {
    expectError(() => zeros(0, 3), ShapeError, /rows/, /\b0\b/);
    expectError(() => zeros(2, 1.5), ShapeError, /cols/, /1\.5/);
    expectError(() => zeros(2, NaN), ShapeError, /cols/, /NaN/);
    expectError(() => zeros(2, 2, 'int8' as never), ArgumentError, /dtype/, /"int8"/);
  });

  it('matrix(values, dtype)', () => {
    expectError(() => matrix([]), ShapeError, /empty/);
    expectError(() => matrix([[]]), ShapeError, /row 0/);
    expectError(() => matrix([[1, 2], [3]]), ShapeError, /row 1/, /\b1\b/, /\b2\b/);
    expectError(() => matrix([1, 2], 'float16' as never), ArgumentError, /dtype/, /"float16"/);
  });

  it('createContext with a bad backend', async () => {
    await expect(createContext({ backend: 'gpu' as never })).rejects.toBeInstanceOf(ArgumentError);
    await expect(createContext({ backend: 'gpu' as never })).rejects.toThrow(/backend/);
    await expect(createContext({ backend: 'js', wasm: new Uint8Array(8) })).rejects.toBeInstanceOf(ArgumentError);
  });
});
