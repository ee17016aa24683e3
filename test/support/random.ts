/**
 * fast-check arbitraries for convgrad tests.
 *
 * A test case is shapes + mode + convention + dtype + value specs. Values are filled from a
 * small seeded PRNG (fast to generate for 40×40 images; fast-check still shrinks the shapes
 * and the seeds). Every value is exactly representable in float32, so the float32 and float64
 * versions of a case hold the same numbers and the float64 oracle sees exactly what the
 * library sees.
 *
 * Every nonzero value has magnitude in [2^-20, 2^12]: products and sums of them can neither
 * overflow nor underflow in float32 (normal range 2^-126 … 2^128), so the usual relative
 * round-off bound |fl(Σ p) − Σ p| ≤ γ_n Σ|p| holds without an absolute underflow term.
 */
import fc from 'fast-check';
import type { Convention, Matrix, Mode } from '../../src/index.js';
import { cropOf, omat, type OMat } from './oracle.js';

export type DTypeName = 'float32' | 'float64';
export type ValueKind = 'uniform' | 'integers' | 'sparse' | 'wide';

export const MODES: readonly Mode[] = ['full', 'same', 'valid'];
export const CONVENTIONS: readonly Convention[] = ['matlab', 'scipy'];
export const DTYPES: readonly DTypeName[] = ['float32', 'float64'];

export interface ValueSpec {
  seed: number;
  kind: ValueKind;
}

/** mulberry32: a tiny deterministic PRNG, uniform in [0, 1). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TINY = 2 ** -20;

function clampTiny(v: number): number {
  return Math.abs(v) < TINY ? 0 : v;
}

/** `len` float32-representable values of the given kind. */
export function fillValues(len: number, spec: ValueSpec): number[] {
  const rnd = prng(spec.seed);
  const out: number[] = new Array(len);
  for (let i = 0; i < len; i++) {
    const u = rnd();
    let v: number;
    switch (spec.kind) {
      case 'uniform':
        v = clampTiny(Math.fround(2 * u - 1));
        break;
      case 'integers':
        v = Math.floor(u * 9) - 4; // −4 … 4, exact sums: cancellation to exact zeros
        break;
      case 'sparse':
        v = u < 0.8 ? 0 : clampTiny(Math.fround(2 * rnd() - 1));
        break;
      case 'wide': {
        const e = Math.floor(rnd() * 25) - 12; // 2^-12 … 2^12
        v = clampTiny(Math.fround((2 * u - 1) * 2 ** e));
        break;
      }
    }
    out[i] = v;
  }
  return out;
}

export function makeMatrix(rows: number, cols: number, values: ArrayLike<number>, dtype: DTypeName): Matrix {
  const data = dtype === 'float32' ? new Float32Array(values) : new Float64Array(values);
  if (data.length !== rows * cols) throw new Error('makeMatrix: wrong length');
  return { data, rows, cols };
}

export function randomMatrix(rows: number, cols: number, spec: ValueSpec, dtype: DTypeName): Matrix {
  return makeMatrix(rows, cols, fillValues(rows * cols, spec), dtype);
}

export function zerosLike(m: Matrix): Matrix {
  const Ctor = m.data instanceof Float32Array ? Float32Array : Float64Array;
  return { data: new Ctor(m.rows * m.cols), rows: m.rows, cols: m.cols };
}

export function dtypeOfMatrix(m: Matrix): DTypeName {
  return m.data instanceof Float32Array ? 'float32' : 'float64';
}

// ---------------------------------------------------------------------------------------------
// Arbitraries.

export const modeArb = fc.constantFrom<Mode>(...MODES);
export const conventionArb = fc.constantFrom<Convention>(...CONVENTIONS);
export const dtypeArb = fc.constantFrom<DTypeName>(...DTYPES);
export const valueKindArb = fc.constantFrom<ValueKind>('uniform', 'uniform', 'integers', 'sparse', 'wide');
export const valueSpecArb: fc.Arbitrary<ValueSpec> = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  kind: valueKindArb,
});

/** An image dimension 1..max, often small (so kernels larger than the image come up often). */
export function imageDimArb(max = 40): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ min: 1, max: Math.min(8, max) }), fc.integer({ min: 1, max }));
}

export interface Shapes {
  m: number;
  n: number;
  k: number;
  l: number;
}

export interface ShapeOptions {
  maxImage?: number;
  maxKernel?: number;
}

/** Image 1..40 × 1..40 and kernel 1..9 × 1..9; for 'valid' the kernel always fits. */
export function shapesArb(mode: Mode, opts: ShapeOptions = {}): fc.Arbitrary<Shapes> {
  const maxImage = opts.maxImage ?? 40;
  const maxKernel = opts.maxKernel ?? 9;
  return fc.tuple(imageDimArb(maxImage), imageDimArb(maxImage)).chain(([m, n]) =>
    fc
      .tuple(
        fc.integer({ min: 1, max: mode === 'valid' ? Math.min(maxKernel, m) : maxKernel }),
        fc.integer({ min: 1, max: mode === 'valid' ? Math.min(maxKernel, n) : maxKernel }),
      )
      .map(([k, l]) => ({ m, n, k, l })),
  );
}

export interface Case extends Shapes {
  mode: Mode;
  convention: Convention;
  dtype: DTypeName;
  xSpec: ValueSpec;
  hSpec: ValueSpec;
  ySpec: ValueSpec;
}

export interface CaseOptions extends ShapeOptions {
  modes?: readonly Mode[];
  conventions?: readonly Convention[];
  dtypes?: readonly DTypeName[];
}

export function caseArb(opts: CaseOptions = {}): fc.Arbitrary<Case> {
  const modes = opts.modes ?? MODES;
  const conventions = opts.conventions ?? CONVENTIONS;
  const dtypes = opts.dtypes ?? DTYPES;
  return fc.constantFrom(...modes).chain((mode) =>
    fc
      .record({
        shapes: shapesArb(mode, opts),
        convention: fc.constantFrom(...conventions),
        dtype: fc.constantFrom(...dtypes),
        xSpec: valueSpecArb,
        hSpec: valueSpecArb,
        ySpec: valueSpecArb,
      })
      .map(({ shapes, ...rest }) => ({ mode, ...shapes, ...rest })),
  );
}

/** The concrete inputs of a case: library matrices and their float64 oracle copies. */
export interface Inputs {
  x: Matrix;
  h: Matrix;
  /** Shaped like conv2d(x, h, mode, convention). */
  y: Matrix;
  xo: OMat;
  ho: OMat;
  yo: OMat;
}

export function materialize(c: Case): Inputs {
  const xs = fillValues(c.m * c.n, c.xSpec);
  const hs = fillValues(c.k * c.l, c.hSpec);
  const crop = cropOf('conv', c.mode, c.convention, c.m, c.n, c.k, c.l);
  const ys = fillValues(crop.rows * crop.cols, c.ySpec);
  return {
    x: makeMatrix(c.m, c.n, xs, c.dtype),
    h: makeMatrix(c.k, c.l, hs, c.dtype),
    y: makeMatrix(crop.rows, crop.cols, ys, c.dtype),
    xo: omat(c.m, c.n, xs),
    ho: omat(c.k, c.l, hs),
    yo: omat(crop.rows, crop.cols, ys),
  };
}

export function describeCase(c: Case): string {
  return `x ${c.m}×${c.n}, h ${c.k}×${c.l}, '${c.mode}', ${c.convention}, ${c.dtype}`;
}
