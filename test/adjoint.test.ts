/**
 * Dot-product (adjoint) tests using the library only, float64:
 *     <conv2d(x, h, mode), w> = <h, A_hᵀ w> = <x, A_xᵀ w>.
 * The transposed operators come from the gradient functions: with the zero kernel h0 (h's
 * shape) the residual is conv2d(x, h0) − (−w) = w exactly, so
 *     gradKernel(x, h0, −w) = A_hᵀ w,     gradImage(x0, h, −w) = A_xᵀ w   (x0 = zeros like x).
 *
 * Tolerance: each side is a composition of sums — the forward (k·l terms per entry), the
 * adjoint (R·C terms per tap for A_hᵀ, k·l per pixel for A_xᵀ) and the final dot product
 * (R·C, k·l or m·n terms) — so each side is within γ_n·S of the exact value with
 * n ≤ k·l + R·C + k·l + m·n + 2 and S = <conv2d(|x|, |h|), |w|> (the same sum in absolute values,
 * computed with the library on |x|, |h|). The difference of the two sides is therefore within
 * 2·n·u·S = n·eps·S; we allow 2·n·eps·S. With images ≤ 40×40 and kernels ≤ 9×9, n ≤ ~4100, i.e.
 * a relative tolerance of at most ~1.8e-12 of S — the "~1e-12" a correct float64 adjoint meets.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { Matrix } from '../src/index.js';
import { backends } from './support/backends.js';
import { EPS64 } from './support/check.js';
import { CONVENTIONS, MODES, randomMatrix, shapesArb, valueSpecArb, zerosLike } from './support/random.js';

const all = await backends();

function dot(a: Matrix, b: Matrix): number {
  if (a.data.length !== b.data.length) throw new Error(`dot: lengths ${a.data.length} vs ${b.data.length}`);
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * b.data[i]!;
  return s;
}

function map(m: Matrix, f: (v: number) => number): Matrix {
  return { data: m.data.map(f), rows: m.rows, cols: m.cols };
}

const combos = MODES.flatMap((mode) => CONVENTIONS.map((convention) => [mode, convention] as const));

describe.each(all.map((b) => [b.name, b] as const))('%s adjoint identities', (_name, { cg }) => {
  it.each(combos)("mode '%s', convention %s: <A v, w> = <v, Aᵀ w> for v = h and v = x", (mode, convention) => {
    fc.assert(
      fc.property(shapesArb(mode), valueSpecArb, valueSpecArb, valueSpecArb, ({ m, n, k, l }, xs, hs, ws) => {
        const x = randomMatrix(m, n, xs, 'float64');
        const h = randomMatrix(k, l, hs, 'float64');
        const z = cg.conv2d(x, h, mode, { convention });
        const w = randomMatrix(z.rows, z.cols, ws, 'float64');
        const minusW = map(w, (v) => -v);

        const AhT_w = cg.gradKernel(x, zerosLike(h), minusW, mode, { convention });
        const AxT_w = cg.gradImage(zerosLike(x), h, minusW, mode, { convention });

        const lhs = dot(z, w);
        const rhsH = dot(h, AhT_w);
        const rhsX = dot(x, AxT_w);

        const S = dot(cg.conv2d(map(x, Math.abs), map(h, Math.abs), mode, { convention }), map(w, Math.abs));
        const nTerms = 2 * k * l + z.rows * z.cols + m * n + 2;
        const tol = 2 * nTerms * EPS64 * S;
        const where = `x ${m}×${n}, h ${k}×${l}`;
        if (!(Math.abs(lhs - rhsH) <= tol)) {
          throw new Error(`${where}: <conv2d(x,h),w> = ${lhs} but <h, A_hᵀw> = ${rhsH} (|diff| ${Math.abs(lhs - rhsH)}, tol ${tol})`);
        }
        if (!(Math.abs(lhs - rhsX) <= tol)) {
          throw new Error(`${where}: <conv2d(x,h),w> = ${lhs} but <x, A_xᵀw> = ${rhsX} (|diff| ${Math.abs(lhs - rhsX)}, tol ${tol})`);
        }
      }),
      { numRuns: 40 },
    );
  });
});
