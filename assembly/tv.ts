// Isotropic total variation for deconvolution: TV(x) = Σ sqrt((∂ᵢx)² + (∂ⱼx)²) with forward
// differences (zero past the last row/column), and its proximal operator by FGP, the fast
// gradient projection on the dual (Beck & Teboulle, IEEE TIP 2009). f64 only; every buffer is
// m×n and provided by the caller.

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

export function tvNorm(x: usize, m: i32, n: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const c = ld(x, i * n + j);
      const dv = i + 1 < m ? ld(x, (i + 1) * n + j) - c : 0;
      const dh = j + 1 < n ? ld(x, i * n + j + 1) - c : 0;
      s += Math.sqrt(dv * dv + dh * dh);
    }
  }
  return s;
}

/** out = clamp(b − λ·L(p, q), lo, hi), with L the adjoint of the forward differences (minus divergence). */
function primal(out: usize, b: usize, p: usize, q: usize, m: i32, n: i32, lambda: f64, lo: f64, hi: f64): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      let l = 0.0;
      if (i + 1 < m) l += ld(p, k);
      if (i > 0) l -= ld(p, k - n);
      if (j + 1 < n) l += ld(q, k);
      if (j > 0) l -= ld(q, k - 1);
      st(out, k, min(max(ld(b, k) - lambda * l, lo), hi));
    }
  }
}

/**
 * out = argmin_x ½‖x − b‖² + λ·TV(x) subject to lo ≤ x ≤ hi, by `iterations` FGP steps.
 * Work buffers p, q, r, s, pOld, qOld: m×n f64 each (dual fields, warm-startable: p, q in/out).
 */
export function tvProx(
  out: usize, b: usize, m: i32, n: i32, lambda: f64, lo: f64, hi: f64, iterations: i32,
  p: usize, q: usize, r: usize, s: usize, pOld: usize, qOld: usize,
): void {
  if (lambda <= 0) {
    for (let k = 0; k < m * n; k++) st(out, k, min(max(ld(b, k), lo), hi));
    return;
  }
  const bytes = <usize>(m * n) << 3;
  memory.copy(r, p, bytes);
  memory.copy(s, q, bytes);
  let t: f64 = 1;
  const step = 1.0 / (8.0 * lambda);
  for (let it = 0; it < iterations; it++) {
    memory.copy(pOld, p, bytes);
    memory.copy(qOld, q, bytes);
    primal(out, b, r, s, m, n, lambda, lo, hi);
    // Dual ascent on the forward differences of out, then projection onto the unit discs.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const k = i * n + j;
        const c = ld(out, k);
        let pv = i + 1 < m ? ld(r, k) + step * (c - ld(out, k + n)) : 0.0;
        let qv = j + 1 < n ? ld(s, k) + step * (c - ld(out, k + 1)) : 0.0;
        const norm = Math.sqrt(pv * pv + qv * qv);
        if (norm > 1) {
          pv /= norm;
          qv /= norm;
        }
        st(p, k, pv);
        st(q, k, qv);
      }
    }
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const beta = (t - 1) / tNext;
    t = tNext;
    for (let k = 0; k < m * n; k++) {
      st(r, k, ld(p, k) + beta * (ld(p, k) - ld(pOld, k)));
      st(s, k, ld(q, k) + beta * (ld(q, k) - ld(qOld, k)));
    }
  }
  primal(out, b, p, q, m, n, lambda, lo, hi);
}
