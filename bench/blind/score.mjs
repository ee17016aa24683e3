// Scores of a kernel estimate (no I/O: Node and browser): the error ratio of Levin et al. 2009
// and the kernel similarity (max normalised cross-correlation over shifts, Hu & Yang 2012).

/**
 * ‖x̂ − x‖² over the frame minus `border` px, minimised over integer shifts of x̂ up to ±maxShift.
 */
export function alignedError(xhat, x, N, border = 15, maxShift = 5) {
  let best = Infinity;
  for (let dy = -maxShift; dy <= maxShift; dy++) for (let dx = -maxShift; dx <= maxShift; dx++) {
    let s = 0;
    for (let i = border; i < N - border; i++) {
      const ri = (i + dy) * N + dx;
      const xi = i * N;
      for (let j = border; j < N - border; j++) { const d = xhat[ri + j] - x[xi + j]; s += d * d; }
    }
    best = Math.min(best, s);
  }
  return best;
}

/** max over shifts of ⟨a, shift(b)⟩ / (‖a‖‖b‖) for two ks×ks kernels. */
export function kernelSimilarity(a, b, ks) {
  let na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { na += a[i] * a[i]; nb += b[i] * b[i]; }
  let best = 0;
  for (let dy = -(ks - 1); dy < ks; dy++) for (let dx = -(ks - 1); dx < ks; dx++) {
    let s = 0;
    for (let i = Math.max(0, -dy); i < Math.min(ks, ks - dy); i++) for (let j = Math.max(0, -dx); j < Math.min(ks, ks - dx); j++) s += a[i * ks + j] * b[(i + dy) * ks + j + dx];
    best = Math.max(best, s);
  }
  return best / Math.sqrt(na * nb);
}

/**
 * The fixed non-blind deconvolution both kernels get: total variation by half-quadratic
 * splitting with a fixed weight (deconvolveBlind's 'tv' final step at noise 0.005) — a sparse
 * prior, as Levin et al. 2009 score with, so a kernel error shows as ringing, not as noise.
 * `deblur(y, N, kernel, ks)` is given by the runner (it reaches an internal module).
 */
export function fixedDeconvolution(deblur, kernel, ks, y, N) {
  return deblur(y, N, kernel, ks);
}

/** r = ‖x̂(k_est) − x‖² / ‖x̂(k_true) − x‖², kernel similarity. */
export function scoreCase(deblur, c, estimate) {
  const truth = alignedError(fixedDeconvolution(deblur, c.kernel, c.size, c.y, c.N), c.x, c.N);
  const est = alignedError(fixedDeconvolution(deblur, estimate, c.size, c.y, c.N), c.x, c.N);
  return { ratio: est / truth, similarity: kernelSimilarity(estimate, c.kernel, c.size) };
}
