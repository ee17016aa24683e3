/**
 * Bad solver options and inputs throw typed errors (ShapeError, DTypeError, ArgumentError — all
 * ConvgradError with their code) whose message names the offending option or argument and, for
 * shapes, both the shape given and the shape expected. Every backend.
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError, ConvgradError, DTypeError, ShapeError, type Matrix } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { mat, randomKernel, randomValues } from '../support/problems.js';

const all = await backends();

type ErrorClass = typeof ShapeError | typeof DTypeError | typeof ArgumentError;
const CODES = new Map<ErrorClass, string>([
  [ShapeError, 'ERR_SHAPE'],
  [DTypeError, 'ERR_DTYPE'],
  [ArgumentError, 'ERR_ARGUMENT'],
]);

/** fn must throw an instance of Cls (a ConvgradError with its code) whose message matches every pattern. */
function expectError(what: string, fn: () => unknown, Cls: ErrorClass, ...patterns: RegExp[]): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) expect.fail(`${what}: expected ${Cls.name}, nothing was thrown`);
  if (!(thrown instanceof Cls)) {
    expect.fail(`${what}: expected ${Cls.name}, got ${(thrown as Error)?.constructor?.name}: ${(thrown as Error)?.message}`);
  }
  expect(thrown, what).toBeInstanceOf(ConvgradError);
  expect(thrown.code, what).toBe(CODES.get(Cls));
  for (const p of patterns) {
    if (!p.test(thrown.message)) expect.fail(`${what}: ${Cls.name} message ${JSON.stringify(thrown.message)} does not match ${p}`);
  }
}

/** "r×c", not part of a longer number. */
const shape = (r: number, c: number) => new RegExp(`(?<![\\d.])${r}\\s*[×x]\\s*${c}(?![\\d.])`);
/** A name (like options.tikhonov) as a whole word. */
const named = (name: string) => new RegExp(`(?<![\\w.])${name.replace(/\./g, '\\.')}(?![\\w])`);

// Good inputs: kernel problem x 10×9, kernel 3×2 → y 8×8 ('valid'); deconvolution h 3×3, y 8×7.
const x = mat(10, 9, randomValues(90, 1, 0, 1));
const y = mat(8, 8, randomValues(64, 2, 0, 1));
const size = { rows: 3, cols: 2 };
const h = mat(3, 3, randomKernel(3, 3, 3));
const dy = mat(8, 7, randomValues(56, 4, 0, 1));

function withValue(m: Matrix, index: number, v: number): Matrix {
  const data = m.data.slice();
  data[index] = v;
  return { data, rows: m.rows, cols: m.cols };
}

describe.each(all.map((b) => [b.name, b] as const))('%s solver errors', (_name, { cg }) => {
  const ek = (o: object, xx: Matrix = x, yy: Matrix = y, s: { rows: number; cols: number } = size) => () => cg.estimateKernel(xx, yy, s, o as never);
  const dc = (o: object, hh: Matrix = h, yy: Matrix = dy) => () => cg.deconvolve(hh, yy, o as never);

  it('the good inputs are good', () => {
    expect(() => ek({})()).not.toThrow();
    expect(() => dc({})()).not.toThrow();
  });

  it('tikhonov: negative, NaN, Infinity, not a number', () => {
    for (const bad of [-1, -1e-300, NaN, Infinity, '1']) {
      expectError(`estimateKernel tikhonov ${String(bad)}`, ek({ tikhonov: bad }), ArgumentError, named('options.tikhonov'), /≥ 0|>= 0/);
      expectError(`deconvolve tikhonov ${String(bad)}`, dc({ tikhonov: bad }), ArgumentError, named('options.tikhonov'));
    }
  });

  it('tv: NaN, negative; tv with a method other than fista', () => {
    for (const bad of [NaN, -0.5, Infinity]) expectError(`tv ${bad}`, dc({ tv: bad }), ArgumentError, named('options.tv'), new RegExp(String(bad)));
    expectError('tv with cg', dc({ tv: 0.1, method: 'cg' }), ArgumentError, /fista|tv/);
    expectError('tv with richardson-lucy', dc({ tv: 0.1, method: 'richardson-lucy' }), ArgumentError, named('options.tv'), /fista/);
  });

  it("kernel larger than x in 'valid' (both shapes in the message)", () => {
    expectError('rows', ek({}, x, y, { rows: 11, cols: 2 }), ShapeError, /valid/, shape(11, 2), shape(10, 9));
    expectError('cols', ek({}, x, y, { rows: 3, cols: 10 }), ShapeError, /valid/, shape(3, 10), shape(10, 9));
  });

  it('kernel size not a positive integer', () => {
    for (const bad of [0, -1, 1.5, NaN]) {
      expectError(`size.rows ${bad}`, ek({}, x, y, { rows: bad, cols: 2 }), ShapeError, /size\.rows/);
      expectError(`size.cols ${bad}`, ek({}, x, y, { rows: 3, cols: bad }), ShapeError, /size\.cols/);
    }
  });

  it('y of the wrong shape for the model (message has both shapes)', () => {
    expectError('valid', ek({}, x, mat(8, 7, new Float64Array(56))), ShapeError, named('y'), shape(8, 8), shape(8, 7));
    expectError('same', ek({ mode: 'same' }, x, y), ShapeError, named('y'), shape(10, 9), shape(8, 8));
    expectError('full', ek({ mode: 'full' }, x, y), ShapeError, named('y'), shape(12, 10), shape(8, 8));
    // Deconvolution: in 'full' mode y must be at least the kernel's size.
    expectError('deconvolve full', dc({ mode: 'full' }, h, mat(2, 5, new Float64Array(10))), ShapeError, named('y'), shape(2, 5), shape(3, 3));
  });

  it('sumToOne on deconvolve', () => {
    expectError('sumToOne', dc({ sumToOne: true }), ArgumentError, named('options.sumToOne'), /kernel/);
  });

  it("method 'exact' with constraints", () => {
    expectError('nonNegative', ek({ method: 'exact', nonNegative: true }), ArgumentError, /'exact'/, /fista/);
    expectError('sumToOne', ek({ method: 'exact', sumToOne: true }), ArgumentError, /'exact'/, /fista/);
  });

  it('unknown method (the message lists the valid ones)', () => {
    expectError('estimateKernel', ek({ method: 'newton' }), ArgumentError, named('options.method'), /newton/, /'exact'/, /'fista'/, /'gd'/);
    expectError('deconvolve', dc({ method: 'newton' }), ArgumentError, named('options.method'), /newton/, /'admm'/, /'cg'/, /'richardson-lucy'/);
    expectError('deconvolve cg for a kernel method', dc({ method: 'exact' }), ArgumentError, named('options.method'));
  });

  it("'cg' with nonNegative or box", () => {
    expectError('nonNegative', dc({ method: 'cg', nonNegative: true }), ArgumentError, /'cg'/, /fista/);
    expectError('box', dc({ method: 'cg', box: [0, 1] }), ArgumentError, /'cg'/, /fista/);
  });

  it('bad box', () => {
    for (const bad of [[1, 0], [0, 0], [NaN, 1], [0], 'x', [0, 1, 2]]) {
      expectError(`box ${JSON.stringify(bad)}`, dc({ box: bad }), ArgumentError, named('options.box'));
    }
  });

  it("'richardson-lucy' with a negative h (or with tikhonov); negative y is accepted (richardson-lucy.test.ts)", () => {
    expectError('negative h', dc({ method: 'richardson-lucy' }, withValue(h, 4, -0.1)), ArgumentError, /richardson-lucy/, /non-negative kernel h/);
    expectError('tikhonov', dc({ method: 'richardson-lucy', tikhonov: 0.1 }), ArgumentError, /richardson-lucy/, /tikhonov/);
  });

  it('non-finite x, y, h (the message names the argument and the position)', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      expectError(`x ${bad}`, ek({}, withValue(x, 9 * 4 + 5, bad)), ArgumentError, named('x'), /row 4, column 5/, new RegExp(String(bad)));
      expectError(`y ${bad}`, ek({}, x, withValue(y, 8 * 2 + 1, bad)), ArgumentError, named('y'), /row 2, column 1/);
      expectError(`h ${bad}`, dc({}, withValue(h, 3 * 1 + 2, bad)), ArgumentError, named('h'), /row 1, column 2/);
      expectError(`deconvolve y ${bad}`, dc({}, h, withValue(dy, 0, bad)), ArgumentError, named('y'), /row 0, column 0/);
    }
  });

  it('h0 / x0 of the wrong shape, dtype or with non-finite values', () => {
    expectError('h0 shape', ek({ h0: mat(2, 3, new Float64Array(6)) }), ShapeError, named('options.h0'), shape(3, 2), shape(2, 3));
    expectError('h0 dtype', ek({ h0: mat(3, 2, new Float64Array(6), 'float32') }), DTypeError, named('options.h0'), /Float32Array/, /Float64Array/);
    expectError('h0 NaN', ek({ method: 'gd', h0: mat(3, 2, [0, 0, NaN, 0, 0, 0]) }), ArgumentError, named('options.h0'));
    expectError('h0 not a matrix', ek({ h0: [[1, 2], [3, 4], [5, 6]] }), DTypeError, /options\.h0\.data/);
    // 'valid' deconvolution of y 8×7 with h 3×3: the image is 10×9.
    expectError('x0 shape', dc({ x0: mat(8, 7, new Float64Array(56)) }), ShapeError, named('options.x0'), shape(10, 9), shape(8, 7));
    expectError('x0 dtype', dc({ x0: mat(10, 9, new Float64Array(90), 'float32') }), DTypeError, named('options.x0'), /Float32Array/);
    expectError('x0 Infinity', dc({ x0: withValue(mat(10, 9, new Float64Array(90)), 3, Infinity) }), ArgumentError, named('options.x0'));
  });

  it('mixed dtypes between the data', () => {
    expectError('x/y', ek({}, x, mat(8, 8, y.data, 'float32')), DTypeError, /mixed dtypes/, named('x'), named('y'));
    expectError('h/y', dc({}, mat(3, 3, h.data, 'float32')), DTypeError, /mixed dtypes/, named('h'), named('y'));
  });

  it('maxIterations 0, negative, fractional', () => {
    for (const bad of [0, -3, 2.5, NaN]) {
      expectError(`estimateKernel ${bad}`, ek({ method: 'gd', maxIterations: bad }), ArgumentError, named('options.maxIterations'));
      expectError(`deconvolve ${bad}`, dc({ maxIterations: bad }), ArgumentError, named('options.maxIterations'));
    }
  });

  it('tolerance ≤ 0 or not finite', () => {
    for (const bad of [0, -1e-6, NaN, Infinity]) {
      expectError(`estimateKernel ${bad}`, ek({ method: 'fista', tolerance: bad }), ArgumentError, named('options.tolerance'), /> 0/);
      expectError(`deconvolve ${bad}`, dc({ tolerance: bad }), ArgumentError, named('options.tolerance'), /> 0/);
    }
  });

  it("step on a method other than 'gd'; bad step", () => {
    expectError('exact', ek({ step: 1e-3 }), ArgumentError, named('options.step'), /'gd'/);
    expectError('fista', ek({ method: 'fista', step: 1e-3 }), ArgumentError, named('options.step'), /'gd'/);
    for (const bad of [0, -1, NaN]) expectError(`step ${bad}`, ek({ method: 'gd', step: bad }), ArgumentError, named('options.step'));
  });

  it('bad mode, bad booleans, bad callbacks, options not an object', () => {
    expectError('mode', ek({ mode: 'circular' }), ArgumentError, /mode/, /circular/);
    expectError('deconvolve mode', dc({ mode: 'circular' }), ArgumentError, /mode/, /circular/);
    expectError('nonNegative', ek({ nonNegative: 'yes' }), ArgumentError, named('options.nonNegative'));
    expectError('sumToOne', ek({ sumToOne: 1 }), ArgumentError, named('options.sumToOne'));
    expectError('onIteration', ek({ onIteration: 'log' }), ArgumentError, named('options.onIteration'));
    expectError('signal', dc({ signal: {} }), ArgumentError, named('options.signal'));
    expectError('options null', () => cg.estimateKernel(x, y, size, null as never), ArgumentError, /options/);
    expectError('deconvolve options', () => cg.deconvolve(h, dy, 5 as never), ArgumentError, /options/);
  });
});
