// Hot loops of blind deconvolution (src/solvers/blind): half-quadratic splitting on a periodic
// canvas. Gradients are circular forward differences, so every linear sub-problem is diagonal
// in the Fourier domain; these loops are the pointwise steps between the FFTs. f64 only; every
// buffer is provided by the caller and nothing allocates.

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** gx, gy (rows×cols) = circular forward differences of x along columns and rows. */
export function circularGradients(gx: usize, gy: usize, x: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const below = i + 1 < rows ? i + 1 : 0;
    const r = i * cols;
    for (let j = 0; j < cols; j++) {
      const c = ld(x, r + j);
      st(gx, r + j, ld(x, r + (j + 1 < cols ? j + 1 : 0)) - c);
      st(gy, r + j, ld(x, below * cols + j) - c);
    }
  }
}

/**
 * The auxiliary step of half-quadratic splitting on the gradient of x, then its adjoint:
 * (gx, gy) = ∇x, shrunk per pixel — hard (soft = 0: zero where gx² + gy² < threshold, the L0
 * step) or isotropic soft (soft = 1: scaled by max(0, 1 − threshold/‖g‖), the TV step) — and
 * div = ∇ᵀ(gx, gy) = gx[i, j−1] − gx[i, j] + gy[i−1, j] − gy[i, j], circularly.
 */
export function shrinkGradients(div: usize, gx: usize, gy: usize, x: usize, rows: i32, cols: i32, threshold: f64, soft: i32): void {
  circularGradients(gx, gy, x, rows, cols);
  const n = rows * cols;
  if (soft) {
    for (let i = 0; i < n; i++) {
      const a = ld(gx, i);
      const b = ld(gy, i);
      const mag = Math.sqrt(a * a + b * b);
      const s = mag > threshold ? 1 - threshold / mag : 0;
      st(gx, i, a * s);
      st(gy, i, b * s);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const a = ld(gx, i);
      const b = ld(gy, i);
      if (a * a + b * b < threshold) {
        st(gx, i, 0);
        st(gy, i, 0);
      }
    }
  }
  for (let i = 0; i < rows; i++) {
    const above = (i > 0 ? i - 1 : rows - 1) * cols;
    const r = i * cols;
    for (let j = 0; j < cols; j++) {
      const left = j > 0 ? j - 1 : cols - 1;
      st(div, r + j, ld(gx, r + left) - ld(gx, r + j) + ld(gy, above + j) - ld(gy, r + j));
    }
  }
}

/**
 * out = (a + β·b) / (p + β·q) pointwise: a, b, out interleaved complex spectra, p, q real
 * (n values each) — the Fourier-domain solve of (KᵀK + β∇ᵀ∇) x = Kᵀy + β∇ᵀg.
 */
export function splitSolve(out: usize, a: usize, b: usize, p: usize, q: usize, beta: f64, n: i32): void {
  for (let i = 0; i < n; i++) {
    const d = 1 / (ld(p, i) + beta * ld(q, i));
    const k = 2 * i;
    st(out, k, (ld(a, k) + beta * ld(b, k)) * d);
    st(out, k + 1, (ld(a, k + 1) + beta * ld(b, k + 1)) * d);
  }
}

/** out (n reals) = |a|² (+ out when accumulate ≠ 0) for an interleaved complex spectrum a. */
export function powerSpectrum(out: usize, a: usize, n: i32, accumulate: i32): void {
  for (let i = 0; i < n; i++) {
    const re = ld(a, 2 * i);
    const im = ld(a, 2 * i + 1);
    st(out, i, (accumulate ? ld(out, i) : 0) + re * re + im * im);
  }
}

/** out = a·p pointwise: a and out interleaved complex, p real (n values). */
export function scaleSpectrum(out: usize, a: usize, p: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const s = ld(p, i);
    st(out, 2 * i, ld(a, 2 * i) * s);
    st(out, 2 * i + 1, ld(a, 2 * i + 1) * s);
  }
}
