/**
 * The simplex projection on its own: v ↦ argmin ‖p − v‖ over {p ≥ 0, Σp = total}, the step
 * estimateKernel's sumToOne uses. It is internal (Session.projectSimplex), so the test drives each
 * backend's solver session directly: the SIMD and scalar WebAssembly binaries and the JS baseline.
 *
 * Reference: the projection is p_i = max(v_i − τ, 0) with τ the root of φ(τ) = Σ max(v_i − τ, 0) −
 * total, a continuous strictly decreasing function where positive; the test finds τ by bisection
 * (no sorting, unlike the library). Tolerance: the library's threshold is (Σ of the ρ largest − total)/ρ,
 * a sum of ≤ n + 1 terms, so its error is ≤ γ_{n+1}·(Σ|v| + total)/ρ; the bisection's τ is off by at
 * most the rounding of φ divided by its slope (≥ 1): γ_n·(Σ|v − τ|). Per entry we allow
 * 4·(n + 1)·u·(Σ|v| + total + n|τ|), u = 2⁻⁵³.
 * Exact properties checked too: p ≥ 0 exactly, equal inputs give bit-identical outputs, order is
 * kept, entries well below τ are exactly 0, Σp = total to the sum's round-off.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend.js';
import { jsBackend } from '../../src/js/backend.js';
import { createWasmBackend } from '../../src/wasm/backend.js';
// What every solver imports: it provides the WebAssembly backend's session (wasm/solver-slot.ts).
import '../../src/solvers/checks.js';
import { scalarWasm, simdWasm } from '../../src/wasm/binaries.js';
import { seeded } from '../support/digests.js';

const U = 2 ** -53;

const BACKENDS: ReadonlyArray<[string, Backend]> = [
  ['wasm-simd', await createWasmBackend(simdWasm())],
  ['wasm-scalar', await createWasmBackend(scalarWasm())],
  ['js', jsBackend],
];

function project(backend: Backend, v: readonly number[], total: number): Float64Array {
  const s = backend.session();
  try {
    const n = v.length;
    const vec = s.vec(n);
    const scratch = s.vec(n);
    s.write(vec, v);
    s.projectSimplex(vec, n, total, scratch);
    return Float64Array.from(s.view(vec, n));
  } finally {
    s.close();
  }
}

/** τ with Σ max(v_i − τ, 0) = total, by bisection to the last bit. */
function threshold(v: readonly number[], total: number): number {
  const phi = (t: number) => {
    let s = 0;
    for (const x of v) s += Math.max(x - t, 0);
    return s - total;
  };
  let hi = Math.max(...v); // φ(hi) = −total < 0
  let lo = Math.min(...v) - total / v.length - 1; // φ(lo) = Σ(v − lo) − total ≥ n·(total/n + 1) − total > 0
  for (let it = 0; it < 2000; it++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (phi(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function check(what: string, backend: Backend, v: readonly number[], total: number): Float64Array {
  const n = v.length;
  const p = project(backend, v, total);
  const tau = threshold(v, total);
  let absSum = 0;
  for (const x of v) absSum += Math.abs(x);
  const tol = 4 * (n + 1) * U * (absSum + Math.abs(total) + n * Math.abs(tau));
  // Plain comparisons (expect() per entry is slow for n = 1001); the first failure is reported.
  const fail = (msg: string) => expect.fail(`${what} (τ ${tau}, tol ${tol}): ${msg}`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    const want = Math.max(v[i]! - tau, 0);
    if (!(pi >= 0)) fail(`entry ${i} = ${pi} < 0`);
    if (!(Math.abs(pi - want) <= tol)) fail(`entry ${i}: v ${v[i]}, got ${pi}, want ${want}`);
    if (v[i]! < tau - tol && pi !== 0) fail(`entry ${i}: v ${v[i]} is below the threshold but p = ${pi}, not 0`);
    sum += pi;
  }
  if (!(Math.abs(sum - total) <= tol)) fail(`Σp = ${sum}, total ${total}`);
  // Monotone and tie-preserving: the projection is a function of each entry and one threshold.
  const order = [...v.keys()].sort((a, b) => v[a]! - v[b]!);
  for (let t = 1; t < n; t++) {
    const a = order[t - 1]!;
    const b = order[t]!;
    if (v[a] === v[b] && !Object.is(p[a], p[b])) fail(`tied inputs ${a}, ${b} gave ${p[a]} and ${p[b]}`);
    if (v[a]! < v[b]! && !(p[a]! <= p[b]!)) fail(`order lost: v[${a}] < v[${b}] but p ${p[a]} > ${p[b]}`);
  }
  return p;
}

function randomVector(n: number, seed: number, scale = 1, offset = 0): number[] {
  const next = seeded(seed);
  return Array.from({ length: n }, () => offset + 2 * scale * next());
}

describe.each(BACKENDS)('%s simplex projection', (_name, backend) => {
  it('random vectors of many sizes and totals', () => {
    let seed = 1;
    for (const n of [2, 3, 5, 16, 49, 100, 1001]) {
      for (const total of [1, 2.5, 0.01]) {
        for (const [scale, offset] of [[1, 0], [0.01, 0], [1e3, 500], [1, -0.9]] as const) {
          check(`n ${n}, total ${total}, scale ${scale}, offset ${offset}`, backend, randomVector(n, seed++, scale, offset), total);
        }
      }
    }
  });

  it('n = 1: the single entry becomes the total', () => {
    for (const v of [-5, 0, 0.3, 1, 1e6]) {
      for (const total of [1, 3.25]) expect(Array.from(project(backend, [v], total))).toEqual([total]);
    }
  });

  it('already on the simplex: unchanged', () => {
    const cases: number[][] = [[1], [0.2, 0.3, 0.5], [1, 0, 0], [0, 0, 1, 0], [0.25, 0.25, 0.25, 0.25], [0.125, 0.375, 0, 0.5]];
    for (const v of cases) {
      // These sums are exact in binary, so the projection must return v to within round-off of τ = 0.
      const p = check(`feasible ${JSON.stringify(v)}`, backend, v, 1);
      for (let i = 0; i < v.length; i++) expect(Math.abs(p[i]! - v[i]!)).toBeLessThanOrEqual(4 * v.length * U);
    }
    const random = randomVector(200, 77, 0.5, 0.5).map(Math.abs);
    const s = random.reduce((a, b) => a + b, 0);
    check('random feasible', backend, random.map((x) => x / s), 1);
  });

  it('all negative: only the largest entries survive, shifted up', () => {
    expect(Array.from(project(backend, [-3, -1, -2], 1))).toEqual([0, 1, 0]);
    check('all negative', backend, [-3, -1, -2], 1);
    check('all negative, two close', backend, [-3, -1, -1.5], 1);
    check('all negative random', backend, randomVector(60, 5, 1, -10), 1);
    check('all equal negative', backend, [-2, -2, -2, -2, -2], 1);
  });

  it('ties, including at the threshold', () => {
    expect(Array.from(project(backend, [0.5, 0.5, 0.5, 0.5], 1))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(project(backend, [1, 1, 0, 0], 1))).toEqual([0.5, 0.5, 0, 0]);
    // τ lands exactly on the tied value 0.5: those entries become 0, not negative, not split.
    check('ties at τ', backend, [2, 0.5, 0.5, 0.5], 1.5);
    expect(Array.from(project(backend, [2, 0.5, 0.5, 0.5], 1.5))).toEqual([1.5, 0, 0, 0]);
    // Many duplicates from a tiny value set.
    const next = seeded(99);
    const values = [-1, 0, 0.25, 0.25, 1, 3];
    const v = Array.from({ length: 300 }, () => values[Math.floor((next() + 0.5) * values.length)]!);
    check('many duplicates', backend, v, 1);
    check('many duplicates, large total', backend, v, 50);
  });
});
