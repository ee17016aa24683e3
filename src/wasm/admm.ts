import type { AdmmEngine, AdmmProblem, AdmmStats } from '../solvers/admm-engine.js';
import type { Session } from '../solvers/session.js';
import { FftPlan2d, nextFastEvenSize, nextFastSize, type FftExports } from './fft.js';
import { COMPLEX_FFT_EXPORTS, ComplexFftPlan2d, type ComplexFftExports } from './fft2c.js';

type Suffix = 'f32' | 'f64';
type SplitFn = (
  stats: number, masks: number, z: number, Hz: number, yc: number, u: number, d1: number, vr: number, vc: number, d2r: number, d2c: number,
  w: number, d3: number, Tr: number, Tc: number, m: number, R: number, r0: number,
  mu1: number, mu2: number, mu3: number, lambda: number, tv: number, lo: number, hi: number, alpha: number, freeOutside: number,
) => void;
type RhsFn = (
  a: number, b: number, u: number, d1: number, vr: number, vc: number, d2r: number, d2c: number, w: number, d3: number,
  Tr: number, Tc: number, mu2: number, mu3: number, f1: number, f2: number, f3: number,
) => void;
type SolveFn = (S: number, H: number, dRow: number, dCol: number, colTerm: number, rows: number, cols: number, mu1: number, mu2: number, mu3: number) => void;
type EmbedFn = (dst: number, dRows: number, dCols: number, src: number, sRows: number, sCols: number) => void;
type PlaceFn = (dst: number, dRows: number, dCols: number, src: number, sRows: number, sCols: number, r0: number, c0: number) => void;
type MasksFn = (masks: number, Tc: number, n: number, c0: number, C: number) => void;

/**
 * The ADMM exports of a convgrad binary (assembly/admm.ts). Pointers are byte offsets; the suffix
 * is the precision of every canvas buffer and of the pointwise arithmetic.
 */
export type AdmmExports = FftExports & ComplexFftExports & { [K in `admmMasks_${Suffix}`]: MasksFn } & {
  [K in `admmSplit_${Suffix}`]: SplitFn } & { [K in `admmRhs_${Suffix}`]: RhsFn } & {
  [K in `admmSolvePaired_${Suffix}`]: SolveFn } & { [K in `admmEmbed_${Suffix}`]: EmbedFn } & { [K in `admmPlace_${Suffix}`]: PlaceFn };

export const ADMM_EXPORTS: ReadonlyArray<keyof AdmmExports> = [
  ...COMPLEX_FFT_EXPORTS,
  'admmMasks_f64', 'admmSolvePaired_f64', 'admmSplit_f64', 'admmRhs_f64', 'admmEmbed_f64', 'admmPlace_f64',
  'admmMasks_f32', 'admmSolvePaired_f32', 'admmSplit_f32', 'admmRhs_f32', 'admmEmbed_f32', 'admmPlace_f32',
];

/** Words of the stats buffer (assembly/admm.ts ADMM_STATS_WORDS: 18 results, then per-lane running and row sums). */
const STATS_WORDS = 162;

/**
 * The periodic canvas of the masked model: large enough that, with the image zero outside its
 * m×n corner, no wrapped term of h ⊛ x lands on an observed pixel (so the masked periodic model
 * is the direct one exactly). Rows: T ≥ max(m + k − 1 − r0, r0 + R, m); columns likewise, even.
 */
export function admmCanvas(m: number, n: number, k: number, l: number, R: number, C: number, r0: number, c0: number): [number, number] {
  return [
    nextFastSize(Math.max(m + k - 1 - r0, r0 + R, m, k)),
    nextFastEvenSize(Math.max(n + l - 1 - c0, c0 + C, n, l)),
  ];
}

/** Float64 words of session memory an ADMM engine takes (for the memory preflight). */
export function admmWords(
  ex: FftExports & ComplexFftExports, p: Pick<AdmmProblem, 'm' | 'n' | 'k' | 'l' | 'R' | 'C' | 'r0' | 'c0' | 'precision'>,
): number {
  const [Tr, Tc] = admmCanvas(p.m, p.n, p.k, p.l, p.R, p.C, p.r0, p.c0);
  const plan = new FftPlan2d(ex, Tr, Tc, p.precision);
  const pair = new ComplexFftPlan2d(ex, Tr, Tc, p.precision);
  const words = (bytes: number) => Math.ceil(bytes / 8) + 2;
  return words(plan.planBytes) + words(pair.planBytes) + words(Math.max(plan.workBytes, pair.workBytes)) + words(plan.spectrumBytes)
    + words(pair.spectrumBytes) + 11 * words(plan.realBytes)
    + words(plan.realBytes / (Tr * Tc) * p.k * p.l) + Tr + 3 * plan.specCols + 3 * Tc + STATS_WORDS + p.m * p.n + 32;
}

/**
 * One ADMM solve's state in WebAssembly memory: 11 canvas buffers (z, Hz, the data y on the
 * canvas, u, d₁, v (2), d₂ (2), w, d₃; the right-hand sides reuse z and Hz), the kernel's half
 * spectrum H, one full complex spectrum S, the real and the complex FFT plans and their shared
 * workspace, all in the problem's precision (the pointwise arithmetic too: assembly/admm.ts).
 * All allocated once from the session; an iteration allocates nothing.
 * Per iteration: one forward and one inverse complex 2-D FFT of the canvas (the two real
 * right-hand sides packed as a + i·b; x and h ⊛ x come back as the real and imaginary parts),
 * one spectral pass and one fused canvas pass (split, duals, sums and the next right-hand sides);
 * a second canvas pass only when the penalties change.
 */
export function wasmAdmmEngine(s: Session, ex: AdmmExports, p: AdmmProblem): AdmmEngine {
  const { m, n, k, l, R, C, r0, c0 } = p;
  const [Tr, Tc] = admmCanvas(m, n, k, l, R, C, r0, c0);
  const plan = new FftPlan2d(ex, Tr, Tc, p.precision);
  const pair = new ComplexFftPlan2d(ex, Tr, Tc, p.precision);
  const t: Suffix = p.precision === 'float32' ? 'f32' : 'f64';
  const split = ex[`admmSplit_${t}`], rhs = ex[`admmRhs_${t}`], solve = ex[`admmSolvePaired_${t}`], embed = ex[`admmEmbed_${t}`];
  const place = ex[`admmPlace_${t}`];
  const words = (bytes: number) => Math.ceil(bytes / 8);
  const ptr = (n: number) => s.vec(n) as number;
  const planPtr = ptr(words(plan.planBytes));
  const pairPlan = ptr(words(pair.planBytes));
  const work = ptr(words(Math.max(plan.workBytes, pair.workBytes)));
  const H = ptr(words(plan.spectrumBytes));
  // The complex spectrum of the packed right-hand sides; also the real plan's spectrum (smaller) in start().
  const S = ptr(words(pair.spectrumBytes));
  const T = Tr * Tc;
  const z = ptr(words(plan.realBytes));
  const Hz = ptr(words(plan.realBytes));
  const yc = ptr(words(plan.realBytes));
  const state = words(plan.realBytes);
  const [u, d1, vr, vc, d2r, d2c, w, d3] = Array.from({ length: 8 }, () => ptr(state)) as [
    number, number, number, number, number, number, number, number,
  ];
  const hT = ptr(words((plan.realBytes / T) * k * l));
  const dRow = ptr(Tr);
  const dCol = ptr(plan.specCols);
  const colTerm = ptr(2 * plan.specCols);
  const stats = ptr(STATS_WORDS);
  const masks = ptr(3 * Tc);
  const xImage = ptr(m * n);
  ex[`admmMasks_${t}`](masks, Tc, n, c0, C);
  place(yc, Tr, Tc, p.y as number, R, C, r0, c0);
  plan.prepare(planPtr, work);
  pair.prepare(pairPlan, work);
  embed(hT, k, l, p.h as number, k, l);
  plan.forward(H, hT, k, l);
  // |D̂|² of a periodic forward difference along each axis (2 − 2cos 2πf/T), from the WebAssembly
  // FFT of the difference kernels [1; −1] and [1, −1] rather than JS Math.cos, whose last bit may
  // differ between engines (Node ≡ Chromium bitwise). Both kernels are the values 1, −1 in memory.
  s.write(xImage, [1, -1]);
  embed(z, 1, 2, xImage, 1, 2);
  {
    const Spectrum = p.precision === 'float32' ? Float32Array : Float64Array;
    const spectrum = () => new Spectrum(ex.memory.buffer, S, 2 * plan.spectrumLength);
    plan.forward(S, z, Math.min(2, Tr), 1);
    const a = spectrum();
    const at = (f: number) => a[2 * f * plan.specCols]! * a[2 * f * plan.specCols]! + a[2 * f * plan.specCols + 1]! * a[2 * f * plan.specCols + 1]!;
    // (A period of 1 row has no vertical differences: z[i+1] − z[i] = 0.)
    const rowSq = Float64Array.from({ length: Tr }, (_, f) => (Tr === 1 ? 0 : at(f)));
    plan.forward(S, z, 1, 2);
    const b = spectrum();
    const colSq = Float64Array.from({ length: plan.specCols }, (_, f) => b[2 * f]! * b[2 * f]! + b[2 * f + 1]! * b[2 * f + 1]!);
    s.write(dRow, rowSq);
    s.write(dCol, colSq);
  }
  // Canvas pixels outside the image that no observed pixel sees ('valid': all of them) are left
  // free instead of pinned to 0: the masked model is then still exact, and the solve is faster.
  const freeOutside = r0 >= k - 1 && r0 + R <= m && c0 >= l - 1 && c0 + C <= n ? 1 : 0;
  let started = false;
  const out: AdmmStats = new Float64Array(18);
  let view = s.view(stats, 18);
  const readStats = (): AdmmStats => {
    if (view.length === 0) view = s.view(stats, 18); // memory grew (e.g. in a callback): re-derive
    out.set(view);
    return out;
  };
  const update = (mu: readonly number[]) => {
    split(stats, masks, z, Hz, yc, u, d1, vr, vc, d2r, d2c, w, d3, Tr, Tc, m, R, r0,
      mu[0]!, mu[1]!, mu[2]!, p.lambda, p.tv, p.lo, p.hi, p.relaxation, freeOutside);
    return readStats();
  };
  return {
    canvasRows: Tr,
    canvasCols: Tc,
    start(x, mu) {
      embed(z, Tr, Tc, x as number, m, n);
      plan.forward(S, z);
      plan.multiply(S, S, H);
      plan.inverse(Hz, S);
      // u, v, w and the duals start at 0: session vectors come zeroed, and an engine starts once.
      if (started) for (const v of [u, d1, vr, vc, d2r, d2c, w, d3]) s.fill(v, 0, state);
      started = true;
      return update(mu);
    },
    prepare(mu, f) {
      // The split pass formed the right-hand sides for unchanged penalties; redo them otherwise.
      if (f[0] === 1 && f[1] === 1 && f[2] === 1) return;
      // a → Hz's buffer, b → z's buffer (both consumed by the split pass before).
      rhs(Hz, z, u, d1, vr, vc, d2r, d2c, w, d3, Tr, Tc, mu[1]!, mu[2]!, f[0]!, f[1]!, f[2]!);
    },
    step(mu) {
      // S = DFT(a + i·b) (a = u − d₁ in Hz's buffer, b in z's); after the solve S = x̂ + i·Ĥx̂.
      pair.forward(S, Hz, z);
      solve(S, H, dRow, dCol, colTerm, Tr, Tc, mu[0]!, mu[1]!, mu[2]!);
      pair.inverse(z, Hz, S);
      return update(mu);
    },
    image() {
      // w is the feasible iterate: in the box, zero outside the image. In float32 the box's bounds
      // were rounded to float32 too: clamp again in float64 so the image is in the box exactly.
      const src = p.precision === 'float32' ? new Float32Array(ex.memory.buffer, w, T) : s.view(w, T);
      const dst = s.view(xImage, m * n);
      for (let i = 0; i < m; i++) dst.set(src.subarray(i * Tc, i * Tc + n), i * n);
      if (p.precision === 'float32') s.clamp(xImage, p.lo, p.hi, m * n);
      return xImage;
    },
  };
}
