// The fused split pass (assembly/admm.ts admmSplit) between the SIMD and the scalar binary, bit
// for bit, on random states: the SIMD binary runs whole groups of L = 4 (float32) / 2 (float64)
// pixels, with mask-free copies for groups wholly observed / inside the image / penalised and
// masked copies for the groups that straddle those edges; the scalar binary branches per pixel.
// Canvases with masks starting and ending at every offset within a group, rows inside and
// outside the image and the observed band, both dtypes, free or pinned pixels outside the image.
// Checked: every state buffer, the right-hand sides and the 18 sums (real, non-negative).
import { describe, expect, it } from 'vitest';
import type { AdmmExports } from '../../src/wasm/admm.js';
import { prng } from '../support/random.js';
import { bumpAllocator, rawBinaries } from '../support/raw-binaries.js';

type Exports = AdmmExports & { heapBase(): number };
type DType = 'float32' | 'float64';

const binaries = await rawBinaries<Exports>();

const STATE = ['z', 'Hz', 'yc', 'u', 'd1', 'vr', 'vc', 'd2r', 'd2c', 'w', 'd3'] as const;

interface Case { Tr: number; Tc: number; m: number; n: number; R: number; r0: number; C: number; c0: number; free: number }

/** admmSplit on fresh memory from the seed (its input planes from icfft2 of a random spectrum). */
function runSplit(ex: Exports, dtype: DType, c: Case, seed: number) {
  const t = dtype === 'float32' ? 'f32' : 'f64';
  const size = dtype === 'float32' ? 4 : 8;
  const View = dtype === 'float32' ? Float32Array : Float64Array;
  const alloc = bumpAllocator(ex, 16);
  const { Tr, Tc } = c;
  const T = Tr * Tc;
  const planBytes = ex[`cfft2PlanBytes_${t}`](Tr, Tc), workBytes = ex[`cfft2WorkBytes_${t}`](Tr, Tc);
  const plan = alloc(planBytes), work = alloc(workBytes);
  expect(ex[`cfft2Plan_${t}`](plan, planBytes, Tr, Tc)).toBe(0);
  const S = alloc(2 * T * size), stats = alloc(162 * 8), masks = alloc(3 * Tc * size);
  const buf = Object.fromEntries(STATE.map((k) => [k, alloc(T * size)])) as Record<(typeof STATE)[number], number>;
  const r = prng(seed);
  const fill = (p: number, n: number, f: (i: number) => number) => new View(ex.memory.buffer, p, n).set(Array.from({ length: n }, (_, i) => f(i)));
  fill(S, 2 * T, () => 4 * r() - 2);
  for (const k of STATE) {
    fill(buf[k], T, (i) => {
      const row = Math.floor(i / Tc), col = i % Tc;
      const observed = row >= c.r0 && row < c.r0 + c.R && col >= c.c0 && col < c.c0 + c.C;
      return k === 'yc' ? (observed ? r() : 0) : r() - 0.5;
    });
  }
  ex[`admmMasks_${t}`](masks, Tc, c.n, c.c0, c.C);
  const mu = [0.7, 3, 0.2], lambda = 0.01, tv = 0.05, lo = 0, hi = 1, alpha = 1.7;
  const { z, Hz, yc, u, d1, vr, vc, d2r, d2c, w, d3 } = buf;
  expect(ex[`icfft2_${t}`](z, Hz, S, Tr, Tc, 1 / T, plan, work, workBytes)).toBe(0);
  ex[`admmSplit_${t}`](stats, masks, z, Hz, yc, u, d1, vr, vc, d2r, d2c, w, d3, Tr, Tc, c.m, c.R, c.r0,
    mu[0]!, mu[1]!, mu[2]!, lambda, tv, lo, hi, alpha, c.free);
  const bytes = (p: number, n: number) => new Uint8Array(ex.memory.buffer, p, n).slice();
  const out: Record<string, Uint8Array> = { stats: bytes(stats, 18 * 8) };
  for (const k of STATE) out[k] = bytes(buf[k], T * size);
  return { out, stats: new Float64Array(out.stats!.buffer) };
}

// Widths even (ADMM canvases are), image / observed columns ending at every offset in a group.
const CASES: Case[] = [
  { Tr: 1, Tc: 6, m: 1, n: 4, R: 1, r0: 0, C: 2, c0: 1, free: 0 },
  { Tr: 3, Tc: 2, m: 2, n: 1, R: 1, r0: 1, C: 1, c0: 0, free: 1 },
  { Tr: 8, Tc: 10, m: 6, n: 7, R: 4, r0: 1, C: 5, c0: 2, free: 0 },
  { Tr: 9, Tc: 12, m: 7, n: 9, R: 5, r0: 2, C: 6, c0: 2, free: 1 },
  { Tr: 25, Tc: 30, m: 20, n: 24, R: 16, r0: 3, C: 20, c0: 3, free: 1 },
  { Tr: 27, Tc: 36, m: 24, n: 30, R: 20, r0: 2, C: 25, c0: 4, free: 0 },
  { Tr: 16, Tc: 30, m: 16, n: 30, R: 16, r0: 0, C: 30, c0: 0, free: 0 },
  { Tr: 6, Tc: 36, m: 5, n: 33, R: 3, r0: 1, C: 27, c0: 5, free: 1 },
  { Tr: 5, Tc: 20, m: 4, n: 18, R: 2, r0: 1, C: 13, c0: 3, free: 0 },
];

describe.each(['float32', 'float64'] as const)('admmSplit, %s', (dtype) => {
  it('SIMD ≡ scalar bit for bit (state, right-hand sides, sums) across mask edges', () => {
    for (const [k, c] of CASES.entries()) {
      const [simd, scalar] = binaries.map(({ ex }) => runSplit(ex, dtype, c, 100 + k));
      for (const key of Object.keys(simd!.out)) {
        expect(simd!.out[key], `simd = scalar ${c.Tr}×${c.Tc} (n ${c.n}, columns ${c.c0}…${c.c0 + c.C - 1}): ${key}`).toEqual(scalar!.out[key]);
      }
      // The sums are real: non-negative squared norms, and the data block touched every pixel.
      for (let s = 0; s < 18; s++) expect(simd!.stats[s]!, `sum ${s}`).toBeGreaterThanOrEqual(0);
      expect(simd!.stats[2]!).toBeGreaterThan(0);
    }
  });
});
