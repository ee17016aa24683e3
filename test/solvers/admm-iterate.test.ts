// admmIterate (assembly/admm.ts: the inverse 2-D FFT, the split pass and the next forward 2-D FFT
// run block by block of rows) against the three exports it replaces, called one after the other:
// icfft2, admmSplit, cfft2. The documented claim is the same arithmetic in the same order, so the
// oracle is bitwise: every state buffer, the right-hand sides, the spectrum and the 18 sums, in
// both binaries and both dtypes, on canvases whose row count leaves partial and single-row blocks
// (blocks of 8 rows in float32, 4 in float64) and widths around the SIMD tile (4 / 2 pixels).
// The composition itself is tested elsewhere (test/fft2c.test.ts against a plain DFT,
// test/solvers/admm*.test.ts against reference solves).
import { describe, expect, it } from 'vitest';
import { scalarWasm, simdWasm } from '../../src/wasm/binaries.js';
import type { AdmmExports } from '../../src/wasm/admm.js';
import { prng } from '../support/random.js';

type Exports = AdmmExports & { heapBase(): number };
type DType = 'float32' | 'float64';

async function load(bytes: Uint8Array<ArrayBuffer>): Promise<Exports> {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  return instance.exports as unknown as Exports;
}
const binaries = [
  { name: 'simd', ex: await load(simdWasm()) },
  { name: 'scalar', ex: await load(scalarWasm()) },
];

const STATE = ['z', 'Hz', 'yc', 'u', 'd1', 'vr', 'vc', 'd2r', 'd2c', 'w', 'd3'] as const;

interface Case { Tr: number; Tc: number; m: number; n: number; R: number; r0: number; C: number; c0: number; free: number }

/** One path on fresh memory from the same seed: 'pieces' (icfft2, admmSplit, cfft2) or 'fused' (admmIterate). */
function runPath(ex: Exports, dtype: DType, c: Case, path: 'pieces' | 'fused', seed: number) {
  const t = dtype === 'float32' ? 'f32' : 'f64';
  const size = dtype === 'float32' ? 4 : 8;
  const View = dtype === 'float32' ? Float32Array : Float64Array;
  let top = Math.ceil(ex.heapBase() / 16) * 16;
  const alloc = (bytes: number) => {
    const p = top;
    top += Math.ceil(bytes / 16) * 16 + 16;
    const need = top - ex.memory.buffer.byteLength;
    if (need > 0) ex.memory.grow(Math.ceil(need / 65536));
    return p;
  };
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
  if (path === 'pieces') {
    expect(ex[`icfft2_${t}`](z, Hz, S, Tr, Tc, 1 / T, plan, work, workBytes)).toBe(0);
    ex[`admmSplit_${t}`](stats, masks, z, Hz, yc, u, d1, vr, vc, d2r, d2c, w, d3, Tr, Tc, c.m, c.R, c.r0,
      mu[0]!, mu[1]!, mu[2]!, lambda, tv, lo, hi, alpha, c.free);
    expect(ex[`cfft2_${t}`](S, Hz, z, Tr, Tc, plan, work, workBytes)).toBe(0);
  } else {
    expect(ex[`admmIterate_${t}`](stats, masks, z, Hz, yc, u, d1, vr, vc, d2r, d2c, w, d3, Tr, Tc, c.m, c.R, c.r0,
      mu[0]!, mu[1]!, mu[2]!, lambda, tv, lo, hi, alpha, c.free, S, plan, work, workBytes)).toBe(0);
  }
  const bytes = (p: number, n: number) => new Uint8Array(ex.memory.buffer, p, n).slice();
  const out: Record<string, Uint8Array> = { S: bytes(S, 2 * T * size), stats: bytes(stats, 18 * 8) };
  for (const k of STATE) out[k] = bytes(buf[k], T * size);
  return { out, stats: new Float64Array(out.stats!.buffer) };
}

// Rows: 1 (one partial block), 3, 8 (one full float32 block), 9 and 25 (a single-row last block),
// 27, 16; widths even (ADMM canvases are), around the 4-pixel float32 tile: 2, 6, 10, 12, 30, 36.
const CASES: Case[] = [
  { Tr: 1, Tc: 6, m: 1, n: 4, R: 1, r0: 0, C: 2, c0: 1, free: 0 },
  { Tr: 3, Tc: 2, m: 2, n: 1, R: 1, r0: 1, C: 1, c0: 0, free: 1 },
  { Tr: 8, Tc: 10, m: 6, n: 7, R: 4, r0: 1, C: 5, c0: 2, free: 0 },
  { Tr: 9, Tc: 12, m: 7, n: 9, R: 5, r0: 2, C: 6, c0: 2, free: 1 },
  { Tr: 25, Tc: 30, m: 20, n: 24, R: 16, r0: 3, C: 20, c0: 3, free: 1 },
  { Tr: 27, Tc: 36, m: 24, n: 30, R: 20, r0: 2, C: 25, c0: 4, free: 0 },
  { Tr: 16, Tc: 30, m: 16, n: 30, R: 16, r0: 0, C: 30, c0: 0, free: 0 },
];

describe.each(['float32', 'float64'] as const)('admmIterate, %s', (dtype) => {
  it('equals icfft2 + admmSplit + cfft2 bit for bit (state, right-hand sides, spectrum, sums); SIMD ≡ scalar', () => {
    for (const [k, c] of CASES.entries()) {
      const fused = binaries.map(({ ex }) => runPath(ex, dtype, c, 'fused', 100 + k));
      for (const [b, { name, ex }] of binaries.entries()) {
        const pieces = runPath(ex, dtype, c, 'pieces', 100 + k);
        for (const key of Object.keys(pieces.out)) {
          expect(fused[b]!.out[key], `${name} ${c.Tr}×${c.Tc}: ${key}`).toEqual(pieces.out[key]);
        }
        // The sums are real: finite and the squared norms non-negative (not a vacuous comparison).
        for (let s = 0; s < 18; s++) expect(pieces.stats[s]!, `${name} sum ${s}`).toBeGreaterThanOrEqual(0);
        expect(pieces.stats[2]!, 'the data block touched every pixel').toBeGreaterThan(0);
      }
      for (const key of Object.keys(fused[0]!.out)) {
        expect(fused[0]!.out[key], `simd = scalar ${c.Tr}×${c.Tc}: ${key}`).toEqual(fused[1]!.out[key]);
      }
    }
  });

  it('refuses a plan for another canvas or a short work buffer and leaves the state alone', () => {
    const { ex } = binaries[0]!;
    const t = dtype === 'float32' ? 'f32' : 'f64';
    const planBytes = ex[`cfft2PlanBytes_${t}`](8, 10);
    const workBytes = ex[`cfft2WorkBytes_${t}`](8, 10);
    const base = Math.ceil(ex.heapBase() / 16) * 16;
    if (ex.memory.buffer.byteLength < base + planBytes + 4096) ex.memory.grow(1);
    expect(ex[`cfft2Plan_${t}`](base, planBytes, 8, 10)).toBe(0);
    const stats = base + planBytes + 64;
    new Float64Array(ex.memory.buffer, stats, 18).fill(7);
    // Plan for 8×10, canvas 8×12: ERR_PLAN (−2); work one byte short: ERR_SPACE (−3). Nothing is
    // touched before the check (the buffers may even be nonsense pointers).
    expect(ex[`admmIterate_${t}`](stats, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 12, 8, 8, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, base, 0, workBytes)).toBe(-2);
    expect(ex[`admmIterate_${t}`](stats, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 10, 8, 8, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, base, 0, workBytes - 1)).toBe(-3);
    expect(Array.from(new Float64Array(ex.memory.buffer, stats, 18))).toEqual(new Array(18).fill(7));
  });
});
