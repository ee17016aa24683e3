// Helpers of the float32 layer-path tests (winograd*.test.ts): a layer binary's kernels, uniform
// real-valued data, error measures, and the check that non-finite values land where the oracle's do.
import { expect } from 'vitest';
import type { LayerKernels } from '../../src/layer/kernels.js';
import { Arena } from '../../src/wasm/arena.js';
import type { layerSimdWasm } from '../../src/wasm/binaries.js';
import { createWasmLayerKernels, type LayerExports } from '../../src/wasm/layer.js';
import { prng } from './random.js';

/** createWasmLayerKernels on a fresh instance of a layer binary. */
export async function kernelsOf(bytes: ReturnType<typeof layerSimdWasm>): Promise<LayerKernels> {
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes), {});
  const ex = instance.exports as unknown as LayerExports & { heapBase(): number };
  return createWasmLayerKernels(ex, new Arena(ex.memory, ex.heapBase()));
}

/** n values uniform in [−1, 1), seeded. */
export function uniform(n: number, seed: number): Float32Array {
  const r = prng(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

export function maxErr(got: ArrayLike<number>, ref: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < ref.length; i++) e = Math.max(e, Math.abs(got[i]! - ref[i]!));
  return e;
}

const kind = (v: number) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : 'finite');

/** Every element of `got` is NaN, +Inf, −Inf or finite exactly where `ref`'s is; some, not most, are non-finite. */
export function expectSameNonFinite(what: string, got: ArrayLike<number>, ref: Float64Array): void {
  let nonFinite = 0;
  for (let j = 0; j < ref.length; j++) {
    expect(kind(got[j]!), `${what}[${j}]`).toBe(kind(ref[j]!));
    if (kind(ref[j]!) !== 'finite') nonFinite++;
  }
  expect(nonFinite).toBeGreaterThan(0);
  expect(nonFinite).toBeLessThan(ref.length / 2);
}

/**
 * Real-valued inputs of a 3×3 layer and copies holding a NaN or ±Inf: dy with +Inf and NaN, W with
 * −Inf (output channel 0, input channel 7, the centre tap), x with −Inf.
 */
export function nonFiniteInputs(g: { N: number; Cin: number; H: number; W: number; Cout: number; Ho: number; Wo: number }) {
  const x = uniform(g.N * g.Cin * g.H * g.W, 2);
  const w = uniform(g.Cout * g.Cin * 9, 3);
  const dy = uniform(g.N * g.Cout * g.Ho * g.Wo, 4);
  const dyBad = dy.slice();
  dyBad[5] = Infinity;
  dyBad[g.Ho * g.Wo * 3 + 40] = NaN;
  const wBad = w.slice();
  wBad[9 * 7 + 4] = -Infinity;
  const xBad = x.slice();
  xBad[g.H * g.W * 5 + 17] = -Infinity;
  return { x, w, dy, dyBad, wBad, xBad };
}
