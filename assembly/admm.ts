// The pointwise and spectral passes of the ADMM deconvolution solver (src/solvers/admm.ts):
// every buffer is f64 on a periodic canvas of Tr×Tc pixels (spectra: Tr×(Tc/2+1) interleaved
// complex, the rfft2 layout of assembly/fft.ts). The image x occupies rows [0, m), columns
// [0, n) of the canvas; the data y (R×C) are observed at rows [r0, r0+R), columns [c0, c0+C).
// The splittings (scaled form, d the scaled duals):
//   u = H z  (data, on the observed pixels only),  v = D z  (forward differences, periodic;
//   only those inside the image are penalised by TV),  w = z  (zero outside the image, box and
//   Tikhonov inside).
// Loops are scalar with one accumulator per sum in a fixed order: results are reproducible
// and identical between the SIMD and the scalar binary.

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/**
 * The z-update in the Fourier domain, in place:
 *   A ← (μ₁·conj(H)·A + B) / (μ₁|H|² + μ₂(dRow[r] + dCol[c]) + μ₃),  B ← H·A (the new A).
 * A is the spectrum of u − d₁, B that of μ₂Dᵀ(v − d₂) + μ₃(w − d₃); dRow, dCol hold |D̂|² per
 * axis (2 − 2cos 2πf). rows × specCols complex values.
 */
export function admmSolveSpectrum(
  A: usize, B: usize, H: usize, dRow: usize, dCol: usize, rows: i32, specCols: i32, mu1: f64, mu2: f64, mu3: f64,
): void {
  for (let r = 0; r < rows; r++) {
    const dr = mu2 * ld(dRow, r) + mu3;
    for (let c = 0; c < specCols; c++) {
      const k = 2 * (r * specCols + c);
      const hr = ld(H, k);
      const hi = ld(H, k + 1);
      const ar = ld(A, k);
      const ai = ld(A, k + 1);
      const inv = 1.0 / (mu1 * (hr * hr + hi * hi) + dr + mu2 * ld(dCol, c));
      // conj(H)·A = (hr·ar + hi·ai) + i(hr·ai − hi·ar)
      const zr = (mu1 * (hr * ar + hi * ai) + ld(B, k)) * inv;
      const zi = (mu1 * (hr * ai - hi * ar) + ld(B, k + 1)) * inv;
      st(A, k, zr);
      st(A, k + 1, zi);
      st(B, k, hr * zr - hi * zi);
      st(B, k + 1, hr * zi + hi * zr);
    }
  }
}

/**
 * The split and dual updates after a z-update (one pass over the canvas), and the sums the
 * stopping rule, the penalty balancing and the progress report need, written to `stats`:
 *   [0..4]   data block:  ‖Hz − u‖², ‖Hz‖², ‖u‖², ‖u − u_prev‖², ‖d₁‖²   (after the update)
 *   [5..9]   TV block:    the same for Dz, v, d₂
 *   [10..14] box block:   the same for z, w, d₃
 *   [15] ½‖Hz − y‖² on the observed pixels, [16] TV(z) on the image, [17] ½‖z‖² on the image.
 * lo/hi may be ∓Infinity; lambda is the Tikhonov weight, tv the TV weight.
 */
export function admmSplit(
  stats: usize, z: usize, Hz: usize, y: usize, u: usize, d1: usize, vr: usize, vc: usize, d2r: usize, d2c: usize,
  w: usize, d3: usize, Tr: i32, Tc: i32, m: i32, n: i32, R: i32, C: i32, r0: i32, c0: i32,
  mu1: f64, mu2: f64, mu3: f64, lambda: f64, tv: f64, lo: f64, hi: f64, alpha: f64, freeOutside: i32,
): void {
  const beta = 1.0 - alpha;
  let r1: f64 = 0, g1: f64 = 0, s1: f64 = 0, e1: f64 = 0, q1: f64 = 0;
  let r2: f64 = 0, g2: f64 = 0, s2: f64 = 0, e2: f64 = 0, q2: f64 = 0;
  let r3: f64 = 0, g3: f64 = 0, s3: f64 = 0, e3: f64 = 0, q3: f64 = 0;
  let data: f64 = 0, tvSum: f64 = 0, sq: f64 = 0;
  const dataWeight = 1.0 / (1.0 + mu1);
  const shrink = mu2 > 0 ? tv / mu2 : 0.0; // μ₂ = 0 when tv = 0: v is then unused
  const wScale = mu3 / (lambda + mu3);
  for (let i = 0; i < Tr; i++) {
    const below = i + 1 < Tr ? i + 1 : 0;
    const rowObserved = i >= r0 && i < r0 + R;
    const rowInside = i < m;
    for (let j = 0; j < Tc; j++) {
      const k = i * Tc + j;
      const zk = ld(z, k);
      // Data block: u = argmin ½‖u − y‖²(observed) + μ₁/2‖u − (Hz + d₁)‖².
      const hz = ld(Hz, k);
      const uOld = ld(u, k);
      const hzr = alpha * hz + beta * uOld; // over-relaxed (Boyd et al. §3.4.3)
      const a1 = hzr + ld(d1, k);
      let uNew = a1;
      if (rowObserved && j >= c0 && j < c0 + C) {
        const yk = ld(y, (i - r0) * C + (j - c0));
        uNew = (yk + mu1 * a1) * dataWeight;
        const res = hz - yk;
        data += res * res;
      }
      const p1 = hz - uNew;
      const dn1 = ld(d1, k) + hzr - uNew;
      st(u, k, uNew);
      st(d1, k, dn1);
      r1 += p1 * p1;
      g1 += hz * hz;
      s1 += uNew * uNew;
      e1 += (uNew - uOld) * (uNew - uOld);
      q1 += dn1 * dn1;

      // TV block: periodic forward differences; penalised inside the image only.
      const jr = j + 1 < Tc ? j + 1 : 0;
      const gv = ld(z, below * Tc + j) - zk;
      const gh = ld(z, i * Tc + jr) - zk;
      const vOldV = ld(vr, k);
      const vOldH = ld(vc, k);
      const gvr = alpha * gv + beta * vOldV;
      const ghr = alpha * gh + beta * vOldH;
      const av = gvr + ld(d2r, k);
      const ah = ghr + ld(d2c, k);
      let vv = av;
      let vh = ah;
      const inside = rowInside && j < n;
      if (inside) {
        const penV = i + 1 < m;
        const penH = j + 1 < n;
        const pv = penV ? av : 0.0;
        const ph = penH ? ah : 0.0;
        const norm = Math.sqrt(pv * pv + ph * ph);
        const f = norm > shrink ? 1.0 - shrink / norm : 0.0;
        if (penV) vv = f * av;
        if (penH) vh = f * ah;
        const tgv = penV ? gv : 0.0;
        const tgh = penH ? gh : 0.0;
        tvSum += Math.sqrt(tgv * tgv + tgh * tgh);
        sq += zk * zk;
      }
      const pv2 = gv - vv;
      const ph2 = gh - vh;
      const dv = ld(d2r, k) + gvr - vv;
      const dh = ld(d2c, k) + ghr - vh;
      const ev = vv - vOldV;
      const eh = vh - vOldH;
      st(vr, k, vv);
      st(vc, k, vh);
      st(d2r, k, dv);
      st(d2c, k, dh);
      r2 += pv2 * pv2 + ph2 * ph2;
      g2 += gv * gv + gh * gh;
      s2 += vv * vv + vh * vh;
      e2 += ev * ev + eh * eh;
      q2 += dv * dv + dh * dh;

      // Box block: w = clamp(μ₃(z + d₃)/(λ + μ₃), lo, hi) inside the image, 0 outside.
      const wOld = ld(w, k);
      const zr = alpha * zk + beta * wOld;
      const a3 = zr + ld(d3, k);
      const wNew = inside ? min(max(wScale * a3, lo), hi) : freeOutside ? a3 : 0.0;
      const p3 = zk - wNew;
      const dn3 = ld(d3, k) + zr - wNew;
      const ew = wNew - wOld;
      st(w, k, wNew);
      st(d3, k, dn3);
      r3 += p3 * p3;
      g3 += zk * zk;
      s3 += wNew * wNew;
      e3 += ew * ew;
      q3 += dn3 * dn3;
    }
  }
  st(stats, 0, r1); st(stats, 1, g1); st(stats, 2, s1); st(stats, 3, e1); st(stats, 4, q1);
  st(stats, 5, r2); st(stats, 6, g2); st(stats, 7, s2); st(stats, 8, e2); st(stats, 9, q2);
  st(stats, 10, r3); st(stats, 11, g3); st(stats, 12, s3); st(stats, 13, e3); st(stats, 14, q3);
  st(stats, 15, 0.5 * data); st(stats, 16, tvSum); st(stats, 17, 0.5 * sq);
}

/**
 * The right-hand sides of the next z-update, after scaling the duals by f₁, f₂, f₃ (the
 * penalty changed from μ to μ/f):  a = u − d₁  and  b = μ₂Dᵀ(v − d₂) + μ₃(w − d₃), with Dᵀ the
 * adjoint of the periodic forward differences: (Dᵀp)[i,j] = p[i−1,j] − p[i,j] (per component).
 * a and b are Tr×Tc; they may not alias the inputs.
 */
export function admmRhs(
  a: usize, b: usize, u: usize, d1: usize, vr: usize, vc: usize, d2r: usize, d2c: usize, w: usize, d3: usize,
  Tr: i32, Tc: i32, mu2: f64, mu3: f64, f1: f64, f2: f64, f3: f64,
): void {
  const N = Tr * Tc;
  if (f1 != 1.0) for (let k = 0; k < N; k++) st(d1, k, f1 * ld(d1, k));
  if (f2 != 1.0) {
    for (let k = 0; k < N; k++) {
      st(d2r, k, f2 * ld(d2r, k));
      st(d2c, k, f2 * ld(d2c, k));
    }
  }
  if (f3 != 1.0) for (let k = 0; k < N; k++) st(d3, k, f3 * ld(d3, k));
  for (let i = 0; i < Tr; i++) {
    const above = i > 0 ? i - 1 : Tr - 1;
    for (let j = 0; j < Tc; j++) {
      const k = i * Tc + j;
      const left = i * Tc + (j > 0 ? j - 1 : Tc - 1);
      const up = above * Tc + j;
      st(a, k, ld(u, k) - ld(d1, k));
      const pv = ld(vr, k) - ld(d2r, k);
      const ph = ld(vc, k) - ld(d2c, k);
      const dt = (ld(vr, up) - ld(d2r, up) - pv) + (ld(vc, left) - ld(d2c, left) - ph);
      st(b, k, mu2 * dt + mu3 * (ld(w, k) - ld(d3, k)));
    }
  }
}
