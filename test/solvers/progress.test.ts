/**
 * Progress, stopping, cancellation and warm starts, for every method of both solvers and every
 * backend, on small problems:
 * - onIteration gets iterations 1, 2, 3, … with a finite objective, a finite gradient norm ≥ 0 and
 *   a non-decreasing elapsed time; history has one entry per iteration and equals the reported
 *   objectives; returning false stops right there with converged = false (unless the stopping
 *   rule was met at that very iteration); returning true or nothing carries on.
 * - An AbortSignal aborted before the call makes it throw the signal's reason (the same object),
 *   and so does one aborted during the solve (from inside onIteration); the context keeps
 *   working afterwards (the solver's memory was released: WebAssembly memory does not grow with
 *   repeated aborted solves, and the next solve gives the same bits as before).
 * - A warm start at the solution converges in ≤ 2 iterations.
 */
import { describe, expect, it } from 'vitest';
import type { Convgrad, IterationInfo } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { conv2d, omat } from '../support/oracle.js';
import { add, gaussianNoise, mat, randomKernel, randomValues } from '../support/problems.js';

const all = await backends();

// Kernel problem: x 16×15, kernel 3×4, noisy y (so nothing converges at once).
const KX = mat(16, 15, randomValues(16 * 15, 31, 0, 1));
const KSIZE = { rows: 3, cols: 4 };
const KY = (() => {
  const z = conv2d(omat(16, 15, KX.data), omat(3, 4, randomKernel(3, 4, 32)), 'valid');
  return mat(z.rows, z.cols, add(z.data, gaussianNoise(z.data.length, 33, 0.05)));
})();

// Deconvolution problem: h 3×3 positive, x 12×11 positive, y = conv valid, non-negative (for RL).
const DH = mat(3, 3, randomKernel(3, 3, 41));
const DXTRUE = mat(12, 11, randomValues(12 * 11, 42, 0.1, 1));
const DYCLEAN = (() => {
  const z = conv2d(omat(12, 11, DXTRUE.data), omat(3, 3, DH.data), 'valid');
  return mat(z.rows, z.cols, z.data);
})();
const DY = mat(DYCLEAN.rows, DYCLEAN.cols, DYCLEAN.data.map((v, i) => Math.abs(v + 0.02 * Math.sin(7 * i))));

type Solve = (cg: Convgrad, extra: object) => { iterations: number; converged: boolean; history: number[]; method: string; objective: number };

/** Every iterative method, set up so that it runs for a while (tolerances far below what 20 iterations reach). */
const ITERATIVE: ReadonlyArray<[string, Solve]> = [
  ["estimateKernel 'fista'", (cg, o) => cg.estimateKernel(KX, KY, KSIZE, { method: 'fista', nonNegative: true, tolerance: 1e-14, maxIterations: 20, ...o })],
  ["estimateKernel 'gd'", (cg, o) => cg.estimateKernel(KX, KY, KSIZE, { method: 'gd', tolerance: 1e-14, maxIterations: 20, ...o })],
  ["deconvolve 'cg'", (cg, o) => cg.deconvolve(DH, DY, { method: 'cg', tolerance: 1e-14, maxIterations: 20, ...o })],
  ["deconvolve 'fista'", (cg, o) => cg.deconvolve(DH, DY, { method: 'fista', nonNegative: true, tolerance: 1e-14, maxIterations: 20, ...o })],
  ["deconvolve 'fista' + tv", (cg, o) => cg.deconvolve(DH, DY, { method: 'fista', tv: 0.01, tolerance: 1e-14, maxIterations: 20, ...o })],
  ["deconvolve 'richardson-lucy'", (cg, o) => cg.deconvolve(DH, DY, { method: 'richardson-lucy', tolerance: 1e-14, maxIterations: 20, ...o })],
];
const EXACT: Solve = (cg, o) => cg.estimateKernel(KX, KY, KSIZE, { method: 'exact', ...o });

function checkInfos(what: string, infos: IterationInfo[]): void {
  let lastElapsed = 0;
  infos.forEach((info, i) => {
    const where = `${what}, call ${i}`;
    expect(info.iteration, where).toBe(i + 1);
    expect(Number.isFinite(info.objective), `${where}: objective ${info.objective}`).toBe(true);
    expect(Number.isFinite(info.gradientNorm) && info.gradientNorm >= 0, `${where}: gradientNorm ${info.gradientNorm}`).toBe(true);
    expect(Number.isFinite(info.elapsed) && info.elapsed >= lastElapsed, `${where}: elapsed ${info.elapsed}`).toBe(true);
    lastElapsed = info.elapsed;
  });
}

function abortError(): Error {
  return new Error('stop: test abort');
}

describe.each(all.map((b) => [b.name, b] as const))('%s progress, abort, warm start', (_name, { cg }) => {
  for (const [what, solve] of ITERATIVE) {
    it(`${what}: onIteration sees 1, 2, 3, … with finite values; history = objectives, one per iteration`, () => {
      const infos: IterationInfo[] = [];
      const r = solve(cg, { onIteration: (i: IterationInfo) => void infos.push(i) });
      // 20 iterations without meeting the tolerance — unless kernel FISTA's active-set step
      // finished the solve exactly (then converged, in fewer).
      if (r.converged) expect(r.iterations).toBeLessThan(20);
      else expect(r.iterations).toBe(20);
      expect(infos).toHaveLength(r.iterations);
      checkInfos(what, infos);
      expect(r.history).toHaveLength(r.iterations);
      expect(r.history).toEqual(infos.map((i) => i.objective));
    });

    it(`${what}: returning false stops at that iteration, converged false; true/undefined carry on`, () => {
      const seen: number[] = [];
      const r = solve(cg, { onIteration: (i: IterationInfo) => (seen.push(i.iteration), i.iteration < 3) });
      expect(seen).toEqual([1, 2, 3]);
      expect(r.iterations).toBe(3);
      expect(r.converged).toBe(false);
      expect(r.history).toHaveLength(3);
      const r2 = solve(cg, { onIteration: () => true });
      expect(r2.iterations).toBe(20);
    });

    it(`${what}: an AbortSignal aborted before the call throws its reason`, () => {
      const reason = abortError();
      const c = new AbortController();
      c.abort(reason);
      let called = false;
      expect(() => solve(cg, { signal: c.signal, onIteration: () => void (called = true) })).toThrow(reason);
      expect(called).toBe(false);
      // The default reason (a DOMException 'AbortError') is thrown as is, too.
      const c2 = new AbortController();
      c2.abort();
      let thrown: unknown;
      try {
        solve(cg, { signal: c2.signal });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBe(c2.signal.reason);
    });

    it(`${what}: aborting during the solve throws the reason; the context still works`, () => {
      const before = solve(cg, {});
      const memory = () => cg.backendInfo().memoryBytes;
      const run = () => {
        const reason = abortError();
        const c = new AbortController();
        let last = 0;
        let thrown: unknown;
        try {
          solve(cg, { signal: c.signal, onIteration: (i: IterationInfo) => { last = i.iteration; if (i.iteration === 2) c.abort(reason); } });
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBe(reason);
        expect(last).toBe(2); // the abort is seen before the next onIteration
      };
      run();
      const mem = memory();
      for (let i = 0; i < 10; i++) run();
      expect(memory(), 'memory after 10 more aborted solves').toBe(mem);
      const after = solve(cg, {});
      expect(after.history).toEqual(before.history);
    });
  }

  it("estimateKernel 'exact': one report (iteration 1, gradient norm 0), history of one; false changes nothing", () => {
    const infos: IterationInfo[] = [];
    const r = EXACT(cg, { onIteration: (i: IterationInfo) => (infos.push(i), false) });
    expect(r.iterations).toBe(1);
    expect(r.converged).toBe(true); // the criterion (a direct solve) was met
    checkInfos('exact', infos);
    expect(infos.map((i) => [i.iteration, i.gradientNorm])).toEqual([[1, 0]]);
    expect(r.history).toEqual([r.objective]);
    const reason = abortError();
    const c = new AbortController();
    c.abort(reason);
    expect(() => EXACT(cg, { signal: c.signal })).toThrow(reason);
  });

  it('returning false on the iteration where the stopping rule is met still reports converged', () => {
    // Run once to find the iteration where CG converges, then stop there.
    const free = cg.deconvolve(DH, DY, { method: 'cg', tolerance: 1e-6 });
    expect(free.converged).toBe(true);
    const stopped = cg.deconvolve(DH, DY, { method: 'cg', tolerance: 1e-6, onIteration: (i) => i.iteration < free.iterations });
    expect(stopped.iterations).toBe(free.iterations);
    expect(stopped.converged).toBe(true);
  });

  describe('warm start at the solution converges in ≤ 2 iterations', () => {
    const tight = 1e-13;
    it("estimateKernel 'fista' (nonNegative) and 'gd' (unconstrained, from the 'exact' answer)", () => {
      const sol = cg.estimateKernel(KX, KY, KSIZE, { nonNegative: true, tolerance: tight, maxIterations: 50000 });
      expect(sol.converged).toBe(true);
      const warm = cg.estimateKernel(KX, KY, KSIZE, { nonNegative: true, h0: sol.kernel });
      expect(warm.converged).toBe(true);
      expect(warm.iterations).toBeLessThanOrEqual(2);
      expect(warm.history).toHaveLength(warm.iterations);

      const exact = cg.estimateKernel(KX, KY, KSIZE);
      const gd = cg.estimateKernel(KX, KY, KSIZE, { method: 'gd', h0: exact.kernel });
      expect(gd.converged).toBe(true);
      expect(gd.iterations).toBeLessThanOrEqual(2);
      // 'exact' accepts h0 and ignores it (a direct solve).
      const exact2 = cg.estimateKernel(KX, KY, KSIZE, { h0: gd.kernel });
      expect(Array.from(exact2.kernel.data)).toEqual(Array.from(exact.kernel.data));
    });

    it("deconvolve 'cg' and 'fista'", () => {
      const sol = cg.deconvolve(DH, DY, { method: 'cg', tikhonov: 1e-3, tolerance: tight, maxIterations: 5000 });
      expect(sol.converged).toBe(true);
      const warm = cg.deconvolve(DH, DY, { method: 'cg', tikhonov: 1e-3, x0: sol.image });
      expect(warm.converged).toBe(true);
      expect(warm.iterations).toBeLessThanOrEqual(2);
      expect(warm.history).toHaveLength(warm.iterations);

      const fsol = cg.deconvolve(DH, DY, { method: 'fista', nonNegative: true, tikhonov: 1e-3, tolerance: tight, maxIterations: 50000 });
      expect(fsol.converged).toBe(true);
      const fwarm = cg.deconvolve(DH, DY, { method: 'fista', nonNegative: true, tikhonov: 1e-3, x0: fsol.image });
      expect(fwarm.converged).toBe(true);
      expect(fwarm.iterations).toBeLessThanOrEqual(2);
    });

    it("deconvolve 'richardson-lucy' from the true image of noise-free data (its fixed point)", () => {
      const r = cg.deconvolve(DH, DYCLEAN, { method: 'richardson-lucy', x0: DXTRUE });
      expect(r.converged).toBe(true);
      expect(r.iterations).toBeLessThanOrEqual(2);
    });
  });
});
