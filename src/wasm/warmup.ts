import type { Arena } from './arena.js';
import type { ConvgradExports } from './module.js';

/**
 * Engines run new WebAssembly code in a baseline tier and promote functions to the optimising
 * tier once they have run enough; a call already running stays in the tier it started in. One
 * large convolution or one Cholesky factorisation is a single long call, so without this its
 * first run would be several times slower than later ones. Running every hot export on small
 * problems at load time (a few milliseconds) gets them promoted before real work arrives.
 */
export function warmUp(ex: ConvgradExports, arena: Arena): void {
  arena.reset();
  const n = 48; // matrix order and image side: big enough to exhaust the baseline tier's budget
  const k = 5;
  const [x, h, out, y, G, v, scratch] = arena.allocAll(
    [n * n * 8, k * k * 8, n * n * 8, n * n * 8, n * n * 8, n * 8, n * 8],
    () => 'warm-up',
  ) as [number, number, number, number, number, number, number];
  const xs = arena.f64(x, n * n);
  for (let i = 0; i < xs.length; i++) xs[i] = ((i * 7919) % 97) / 97;
  arena.f64(h, k * k).fill(1 / (k * k));
  for (let rep = 0; rep < 4; rep++) {
    for (const [rows, dots, embed, residual] of [
      [ex.corrValidRows_f64, ex.corrValidDots_f64, ex.embed_f64, ex.residual_f64],
      [ex.corrValidRows_f32, ex.corrValidDots_f32, ex.embed_f32, ex.residual_f32],
    ] as const) {
      // Values are garbage for f32 reads of f64 data; only the work matters here.
      rows(out, x, n, n, h, k, k);
      dots(out, x, n, n, x, n - k + 1, n - k + 1);
      embed(y, n, n, x, n - k, n - k, 2, 2);
      residual(out, out, y, n * n);
    }
    // An SPD matrix for the Cholesky path: the Gram matrix of the image plus the identity.
    ex.gramValid_f64(G, x, n, n, 6, 8, scratch);
    const g = arena.f64(G, n * n);
    for (let i = 0; i < n; i++) g[i * n + i]! += 1;
    ex.cholesky_f64(G, n);
    ex.choleskySolve_f64(G, n, v);
    ex.gemv_f64(v, G, scratch, n);
  }
  arena.reset();
}
