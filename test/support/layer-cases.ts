/**
 * Random Conv2D layer configurations (fast-check) and the comparison against the float64
 * oracle, shared by the layer tests.
 *
 * Tolerances, per element, relative to Σ|terms| of that element's sum (the quantity any
 * summation order's round-off is bounded by: |fl(Σp) − Σp| ≤ γ_n Σ|p|):
 *   float64: 1e-13 — γ_n = n·2^-53 ≤ 1e-13 for the n ≤ 900 terms of the sums drawn here, and
 *            orders of magnitude above what the kernels reach in practice;
 *   float32: 4·√n·2^-24 — round-off of n float32 additions behaves like a random walk
 *            (Higham §3.4), plus the final rounding to float32, both < 4√n ulps of Σ|terms|.
 * Inputs are float32-representable (fillValues), so both dtypes and the oracle see the same
 * numbers; their magnitudes keep every sum far from overflow and underflow.
 */
import fc from 'fast-check';
import type { LayerConfig, LayerOptions, Tensor } from '../../src/index.js';
import { oracleGeometry, oracleLayer, type OracleOptions, type OracleResult } from './layer-oracle.js';
import { fillValues, type DTypeName, type ValueSpec, valueSpecArb } from './random.js';

export interface LayerCase {
  N: number;
  Cin: number;
  Cout: number;
  groups: number;
  H: number;
  W: number;
  kH: number;
  kW: number;
  stride: number | [number, number];
  dilation: number | [number, number];
  padding: NonNullable<LayerOptions['padding']>;
  bias: boolean;
  dtype: DTypeName;
  seeds: { x: ValueSpec; w: ValueSpec; b: ValueSpec; dy: ValueSpec };
}

export const options = (c: LayerCase): LayerConfig & OracleOptions => ({
  stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups,
});

export function tensor(shape: number[], values: ArrayLike<number>, dtype: DTypeName): Tensor {
  return { data: dtype === 'float32' ? new Float32Array(values) : new Float64Array(values), shape };
}

const prod = (s: readonly number[]) => s.reduce((p, d) => p * d, 1);

export function describeLayer(c: LayerCase): string {
  return `x [${c.N},${c.Cin},${c.H},${c.W}] w [${c.Cout},${c.Cin / c.groups},${c.kH},${c.kW}] groups ${c.groups} ` +
    `stride ${JSON.stringify(c.stride)} dilation ${JSON.stringify(c.dilation)} padding ${JSON.stringify(c.padding)} ` +
    `bias ${c.bias} ${c.dtype}`;
}

export interface Materialized {
  x: Tensor;
  w: Tensor;
  b: Tensor | null;
  dy: Tensor;
  ref: OracleResult;
}

export function materializeLayer(c: LayerCase): Materialized {
  const xShape = [c.N, c.Cin, c.H, c.W];
  const wShape = [c.Cout, c.Cin / c.groups, c.kH, c.kW];
  const g = oracleGeometry(xShape, wShape, options(c));
  const yShape = [c.N, c.Cout, g.Ho, g.Wo];
  const xs = fillValues(prod(xShape), c.seeds.x);
  const ws = fillValues(prod(wShape), c.seeds.w);
  const bs = c.bias ? fillValues(c.Cout, c.seeds.b) : null;
  const dys = fillValues(prod(yShape), c.seeds.dy);
  return {
    x: tensor(xShape, xs, c.dtype),
    w: tensor(wShape, ws, c.dtype),
    b: bs && tensor([c.Cout], bs, c.dtype),
    dy: tensor(yShape, dys, c.dtype),
    ref: oracleLayer(xs, xShape, ws, wShape, bs, dys, options(c)),
  };
}

/** The per-element relative tolerance (times Σ|terms|) for sums of `terms` products. */
export function tolerance(dtype: DTypeName, terms: number): number {
  return dtype === 'float64' ? 1e-13 : 4 * Math.sqrt(Math.max(terms, 1)) * 2 ** -24;
}

/**
 * The first element where `got` differs from `ref` by more than tol·mag, as a message, or
 * null when all agree. NaN in `got` always fails.
 */
export function mismatch(what: string, got: ArrayLike<number>, ref: Float64Array, mag: Float64Array, tol: number): string | null {
  if (got.length !== ref.length) return `${what}: ${got.length} elements, expected ${ref.length}`;
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(got[i]! - ref[i]!);
    // The smallest float64 normal as an absolute floor: exact zeros (Σ|terms| = 0) must be exact.
    if (!(err <= tol * mag[i]! + Number.MIN_VALUE)) {
      return `${what}[${i}]: got ${got[i]}, expected ${ref[i]} (|err| ${err.toExponential(2)} > ${tol.toExponential(2)} × Σ|terms| ${mag[i]!.toExponential(2)})`;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries.

const small = (max: number) => fc.integer({ min: 1, max });
const pairOrOne = (max: number): fc.Arbitrary<number | [number, number]> =>
  fc.oneof(small(max), fc.tuple(small(max), small(max)));

const paddingArb: fc.Arbitrary<NonNullable<LayerOptions['padding']>> = fc.oneof(
  fc.constant('valid' as const),
  fc.constant('same' as const),
  fc.constant('same' as const),
  fc.integer({ min: 0, max: 3 }),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })),
);

/** Channel layout: groups G with Cin = G·CinG, Cout = G·CoutG, all ≤ 8; depthwise (CinG = 1, Cout = Cin·multiplier) often. */
const channelsArb = fc.oneof(
  fc.record({ groups: fc.constant(1), Cin: small(8), Cout: small(8) }),
  fc.tuple(small(8), fc.integer({ min: 1, max: 2 })).map(([C, mult]) => ({ groups: C, Cin: C, Cout: Math.min(8, C * mult) - (Math.min(8, C * mult) % C) })),
  fc.tuple(fc.integer({ min: 2, max: 4 }), small(2), small(2)).map(([G, ci, co]) => ({ groups: G, Cin: G * ci, Cout: G * co })),
);

function axisPads(p: LayerCase['padding']): [number, number, number, number] | null {
  if (p === 'same') return null;
  if (p === 'valid') return [0, 0, 0, 0];
  if (typeof p === 'number') return [p, p, p, p];
  if (p.length === 2) return [p[0], p[0], p[1], p[1]];
  return [p[0], p[1], p[2], p[3]];
}

/**
 * A random layer problem: N 1–3, channels ≤ 8 with groups (depthwise included), kernels 1–7
 * each way (even and non-square), stride and dilation 1–3 (often unequal), every padding form,
 * images 1–13 — often exactly the size where the dilated kernel covers the padded image.
 */
export function layerCaseArb(opts: { dtypes?: readonly DTypeName[]; maxImage?: number } = {}): fc.Arbitrary<LayerCase> {
  const maxImage = opts.maxImage ?? 13;
  return fc
    .record({
      N: small(3),
      ch: channelsArb,
      kH: small(7),
      kW: small(7),
      stride: pairOrOne(3),
      dilation: fc.oneof(fc.constant(1), pairOrOne(3)),
      padding: paddingArb,
      bias: fc.boolean(),
      dtype: fc.constantFrom(...(opts.dtypes ?? (['float32', 'float64'] as const))),
      fit: fc.constantFrom('random', 'random', 'exact'),
      h: small(maxImage),
      w: small(maxImage),
      seeds: fc.record({ x: valueSpecArb, w: valueSpecArb, b: valueSpecArb, dy: valueSpecArb }),
    })
    .map((r) => {
      const [dh, dw] = typeof r.dilation === 'number' ? [r.dilation, r.dilation] : r.dilation;
      const pads = axisPads(r.padding);
      // The smallest image the (padded) dilated kernel fits in; 'exact' uses it.
      const minH = pads ? Math.max(1, dh * (r.kH - 1) + 1 - pads[0] - pads[1]) : 1;
      const minW = pads ? Math.max(1, dw * (r.kW - 1) + 1 - pads[2] - pads[3]) : 1;
      const H = r.fit === 'exact' ? minH : Math.max(minH, r.h);
      const W = r.fit === 'exact' ? minW : Math.max(minW, r.w);
      return {
        N: r.N, Cin: r.ch.Cin, Cout: r.ch.Cout, groups: r.ch.groups, H, W, kH: r.kH, kW: r.kW,
        stride: r.stride, dilation: r.dilation, padding: r.padding, bias: r.bias, dtype: r.dtype, seeds: r.seeds,
      };
    });
}
