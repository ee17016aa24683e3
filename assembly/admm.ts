// The pointwise and spectral passes of the ADMM deconvolution solver (src/solvers/admm.ts) on a
// periodic canvas of Tr×Tc pixels, Tc even (spectra: Tr×(Tc/2+1) interleaved complex, the
// rfft2 layout of assembly/fft.ts). The state (split variables, duals, data, sums) is f64; the
// transient buffers the FFTs read and write (z, Hz, the right-hand sides, the spectra) are T:
// f64, or f32 when the solve's tolerance is far above f32 round-off (src/solvers/admm.ts). Every
// arithmetic operation is f64; T only rounds what is stored. The image x occupies rows [0, m),
// columns [0, n) of the canvas; the data y (R×C) are observed at rows [r0, r0+R), columns
// [c0, c0+C). The splittings (scaled form, d the scaled duals):
//   u = H z  (data, on the observed pixels only),  v = D z  (forward differences, periodic;
//   only those inside the image are penalised by TV),  w = z  (zero outside the image, box and
//   Tikhonov inside).
//
// One fused pass per iteration (admmSplit): row by row, the data, TV and box updates, then the
// next right-hand sides of the rows already final, so each pixel's state is read and written
// once per iteration while it is in cache. The SIMD binary handles two pixels (j, j+1; j even)
// per f64x2 with per-column masks (admmMasks) where the scalar code branches; every pixel sees
// the same operations in the same order (no FMA), and every sum runs in two lanes, even and odd
// columns, each in column-then-row order, added at the end — so the SIMD and the scalar binary
// return identical bits.

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
// @ts-ignore: decorator
@inline function ldt<T>(p: usize, i: i32): f64 {
  return <f64>load<T>(p + <usize>i * sizeof<T>());
}
// @ts-ignore: decorator
@inline function stt<T>(p: usize, i: i32, v: f64): void {
  store<T>(p + <usize>i * sizeof<T>(), <T>v);
}
/** Two T at p[i], p[i+1] as f64x2. */
// @ts-ignore: decorator
@inline function lvt<T>(p: usize, i: i32): v128 {
  if (sizeof<T>() == 8) return v128.load(p + (<usize>i << 3));
  return f64x2.promote_low_f32x4(v128.load64_zero(p + (<usize>i << 2)));
}
/** f64x2 into two T at p[i], p[i+1] (rounded to nearest for f32, as the scalar store). */
// @ts-ignore: decorator
@inline function svt<T>(p: usize, i: i32, v: v128): void {
  if (sizeof<T>() == 8) v128.store(p + (<usize>i << 3), v);
  else v128.store64_lane(p + (<usize>i << 2), f32x4.demote_f64x2_zero(v), 0);
}
// @ts-ignore: decorator
@inline function lv(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function sv(p: usize, i: i32, v: v128): void {
  v128.store(p + (<usize>i << 3), v);
}
// @ts-ignore: decorator
@inline function sq2(a: v128): v128 {
  return f64x2.mul(a, a);
}
// @ts-ignore: decorator
@inline function acc2(a: v128, b: v128): v128 {
  return f64x2.add(a, b);
}
/** The over-relaxed image of the split (Boyd et al. §3.4.3): α·g + (1 − α)·old, per lane. */
// @ts-ignore: decorator
@inline function relax2(A: v128, B: v128, g: v128, old: v128): v128 {
  return f64x2.add(f64x2.mul(A, g), f64x2.mul(B, old));
}

/** Words of the stats buffer admmSplit takes: 18 results, then 2×18 per-lane running sums. */
export const ADMM_STATS_WORDS: i32 = 54;
const LANES: usize = 18 * 8; // byte offset of the per-lane sums

/**
 * The per-column masks of the SIMD pass (3·Tc words, all ones or zero): [0, Tc) observed
 * column (c0 ≤ j < c0 + C), [Tc, 2Tc) inside the image (j < n), [2Tc, 3Tc) horizontal
 * difference penalised (j + 1 < n).
 */
export function admmMasks(masks: usize, Tc: i32, n: i32, c0: i32, C: i32): void {
  for (let j = 0; j < Tc; j++) {
    store<i64>(masks + (<usize>j << 3), j >= c0 && j < c0 + C ? -1 : 0);
    store<i64>(masks + (<usize>(Tc + j) << 3), j < n ? -1 : 0);
    store<i64>(masks + (<usize>(2 * Tc + j) << 3), j + 1 < n ? -1 : 0);
  }
}

/** dst (dRows×dCols of T) = zeros with src (sRows×sCols of f64) at its corner, rounded to T. */
export function admmEmbed<T>(dst: usize, dRows: i32, dCols: i32, src: usize, sRows: i32, sCols: i32): void {
  memory.fill(dst, 0, <usize>(dRows * dCols) * sizeof<T>());
  for (let i = 0; i < sRows; i++) {
    for (let j = 0; j < sCols; j++) stt<T>(dst, i * dCols + j, ld(src, i * sCols + j));
  }
}

/**
 * The z-update in the Fourier domain, in place:
 *   A ← (μ₁·conj(H)·A + B) / (μ₁|H|² + μ₂(dRow[r] + dCol[c]) + μ₃),  B ← H·A (the new A).
 * A is the spectrum of u − d₁, B that of μ₂Dᵀ(v − d₂) + μ₃(w − d₃) (A, B, H of T); dRow, dCol
 * (f64) hold |D̂|² per axis (2 − 2cos 2πf). rows × specCols complex values.
 */
export function admmSolveSpectrum<T>(
  A: usize, B: usize, H: usize, dRow: usize, dCol: usize, rows: i32, specCols: i32, mu1: f64, mu2: f64, mu3: f64,
): void {
  for (let r = 0; r < rows; r++) {
    const dr = mu2 * ld(dRow, r) + mu3;
    for (let c = 0; c < specCols; c++) {
      const k = 2 * (r * specCols + c);
      const hr = ldt<T>(H, k);
      const hi = ldt<T>(H, k + 1);
      const ar = ldt<T>(A, k);
      const ai = ldt<T>(A, k + 1);
      const inv = 1.0 / (mu1 * (hr * hr + hi * hi) + dr + mu2 * ld(dCol, c));
      // conj(H)·A = (hr·ar + hi·ai) + i(hr·ai − hi·ar)
      const zr = (mu1 * (hr * ar + hi * ai) + ldt<T>(B, k)) * inv;
      const zi = (mu1 * (hr * ai - hi * ar) + ldt<T>(B, k + 1)) * inv;
      stt<T>(A, k, zr);
      stt<T>(A, k + 1, zi);
      stt<T>(B, k, hr * zr - hi * zi);
      stt<T>(B, k + 1, hr * zi + hi * zr);
    }
  }
}

// ---------------------------------------------------------------------------------------
// The row passes. Each takes row i's first index k0 = i·Tc and adds its sums to the per-lane
// running sums at acc (stat s, lane e at acc + (2s + e)·8).

/**
 * Data block of row i: u = argmin ½‖u − y‖²(observed) + μ₁/2‖u − (Hz_r + d₁)‖², Hz_r the
 * over-relaxed αHz + (1 − α)u (Boyd et al. §3.4.3); then the duals, the sums [0..4] and [15]
 * (twice ½‖Hz − y‖²), and the next right-hand side a = u − d₁ into Hz (consumed here).
 * yRow: row i of y shifted to canvas columns (yRow + 8j is column j; read only when observed).
 */
function dataRow<T>(
  acc: usize, masks: usize, Hz: usize, observed: bool, yRow: usize, u: usize, d1: usize, k0: i32, Tc: i32, c0: i32, C: i32,
  mu1: f64, alpha: f64, beta: f64, dataWeight: f64,
): void {
  if (ASC_FEATURE_SIMD) {
    const A = f64x2.splat(alpha), B = f64x2.splat(beta), M1 = f64x2.splat(mu1), W = f64x2.splat(dataWeight);
    let r1 = lv(acc, 0), g1 = lv(acc, 2), s1 = lv(acc, 4), e1 = lv(acc, 6), q1 = lv(acc, 8), dt = lv(acc, 30);
    for (let j = 0; j < Tc; j += 2) {
      const k = k0 + j;
      const hz = lvt<T>(Hz, k);
      const uOld = lv(u, k);
      const d = lv(d1, k);
      const hzr = relax2(A, B, hz, uOld);
      const a1 = f64x2.add(hzr, d);
      let uNew = a1;
      if (observed) {
        const mask = lv(masks, j);
        if (v128.any_true(mask)) {
          let yk: v128;
          if (j >= c0 && j + 2 <= c0 + C) yk = lv(yRow, j);
          else yk = f64x2.replace_lane(f64x2.splat(j >= c0 ? ld(yRow, j) : 0), 1, j + 1 < c0 + C ? ld(yRow, j + 1) : 0);
          uNew = v128.bitselect(f64x2.mul(f64x2.add(yk, f64x2.mul(M1, a1)), W), a1, mask);
          dt = acc2(dt, sq2(v128.and(f64x2.sub(hz, yk), mask)));
        }
      }
      const p1 = f64x2.sub(hz, uNew);
      const dn1 = f64x2.sub(f64x2.add(d, hzr), uNew);
      sv(u, k, uNew);
      sv(d1, k, dn1);
      svt<T>(Hz, k, f64x2.sub(uNew, dn1));
      const du = f64x2.sub(uNew, uOld);
      r1 = acc2(r1, sq2(p1));
      g1 = acc2(g1, sq2(hz));
      s1 = acc2(s1, sq2(uNew));
      e1 = acc2(e1, sq2(du));
      q1 = acc2(q1, sq2(dn1));
    }
    sv(acc, 0, r1); sv(acc, 2, g1); sv(acc, 4, s1); sv(acc, 6, e1); sv(acc, 8, q1); sv(acc, 30, dt);
  } else {
    for (let e = 0; e < 2; e++) {
      let r1 = ld(acc, e), g1 = ld(acc, 2 + e), s1 = ld(acc, 4 + e), e1 = ld(acc, 6 + e), q1 = ld(acc, 8 + e);
      let dt = ld(acc, 30 + e);
      for (let j = e; j < Tc; j += 2) {
        const k = k0 + j;
        const hz = ldt<T>(Hz, k);
        const uOld = ld(u, k);
        const d = ld(d1, k);
        const hzr = alpha * hz + beta * uOld;
        const a1 = hzr + d;
        let uNew = a1;
        if (observed && j >= c0 && j < c0 + C) {
          const yk = ld(yRow, j);
          uNew = (yk + mu1 * a1) * dataWeight;
          const res = hz - yk;
          dt += res * res;
        }
        const p1 = hz - uNew;
        const dn1 = (d + hzr) - uNew;
        st(u, k, uNew);
        st(d1, k, dn1);
        stt<T>(Hz, k, uNew - dn1);
        const du = uNew - uOld;
        r1 += p1 * p1;
        g1 += hz * hz;
        s1 += uNew * uNew;
        e1 += du * du;
        q1 += dn1 * dn1;
      }
      st(acc, e, r1); st(acc, 2 + e, g1); st(acc, 4 + e, s1); st(acc, 6 + e, e1); st(acc, 8 + e, q1); st(acc, 30 + e, dt);
    }
  }
}

/**
 * TV block of row i: v = shrink(Dz_r + d₂, τ/μ₂) on the differences inside the image (isotropic;
 * a difference past the image's last row or column is not penalised), v = Dz_r + d₂ elsewhere;
 * the duals and the sums [5..9], [16] TV(z) and [17] (twice ½‖z‖² on the image). zB: row below.
 * rowInside: i < m; penV: i + 1 < m.
 */
function tvRow<T>(
  acc: usize, masks: usize, z: usize, zB: usize, vr: usize, vc: usize, d2r: usize, d2c: usize, k0: i32, Tc: i32,
  rowInside: bool, penV: bool, alpha: f64, beta: f64, shrink: f64,
): void {
  const zRow = z + <usize>k0 * sizeof<T>();
  if (ASC_FEATURE_SIMD) {
    const A = f64x2.splat(alpha), B = f64x2.splat(beta), SH = f64x2.splat(shrink), ONE = f64x2.splat(1);
    const ZERO = f64x2.splat(0);
    let r2 = lv(acc, 10), g2 = lv(acc, 12), s2 = lv(acc, 14), e2 = lv(acc, 16), q2 = lv(acc, 18);
    let tvs = lv(acc, 32), sq = lv(acc, 34);
    for (let j = 0; j < Tc; j += 2) {
      const k = k0 + j;
      const zk = lvt<T>(zRow, j);
      const zR = j + 2 < Tc ? lvt<T>(zRow, j + 1) : f64x2.replace_lane(f64x2.splat(ldt<T>(zRow, j + 1)), 1, ldt<T>(zRow, 0));
      const gv = f64x2.sub(lvt<T>(zB, j), zk);
      const gh = f64x2.sub(zR, zk);
      const vOldV = lv(vr, k);
      const vOldH = lv(vc, k);
      const gvr = relax2(A, B, gv, vOldV);
      const ghr = relax2(A, B, gh, vOldH);
      const dV = lv(d2r, k);
      const dH = lv(d2c, k);
      const av = f64x2.add(gvr, dV);
      const ah = f64x2.add(ghr, dH);
      let vv = av;
      let vh = ah;
      if (rowInside) {
        const MI = lv(masks, Tc + j);
        const MV = penV ? MI : ZERO;
        const MH = lv(masks, 2 * Tc + j);
        const pv = v128.and(av, MV);
        const ph = v128.and(ah, MH);
        const norm = f64x2.sqrt(f64x2.add(sq2(pv), sq2(ph)));
        const f = v128.and(f64x2.sub(ONE, f64x2.div(SH, norm)), f64x2.gt(norm, SH));
        vv = v128.bitselect(f64x2.mul(f, av), av, MV);
        vh = v128.bitselect(f64x2.mul(f, ah), ah, MH);
        const tgv = v128.and(gv, MV);
        const tgh = v128.and(gh, MH);
        tvs = acc2(tvs, f64x2.sqrt(f64x2.add(sq2(tgv), sq2(tgh))));
        sq = acc2(sq, sq2(v128.and(zk, MI)));
      }
      const pv2 = f64x2.sub(gv, vv);
      const ph2 = f64x2.sub(gh, vh);
      const dv = f64x2.sub(f64x2.add(dV, gvr), vv);
      const dh = f64x2.sub(f64x2.add(dH, ghr), vh);
      const ev = f64x2.sub(vv, vOldV);
      const eh = f64x2.sub(vh, vOldH);
      sv(vr, k, vv);
      sv(vc, k, vh);
      sv(d2r, k, dv);
      sv(d2c, k, dh);
      r2 = acc2(r2, f64x2.add(sq2(pv2), sq2(ph2)));
      g2 = acc2(g2, f64x2.add(sq2(gv), sq2(gh)));
      s2 = acc2(s2, f64x2.add(sq2(vv), sq2(vh)));
      e2 = acc2(e2, f64x2.add(sq2(ev), sq2(eh)));
      q2 = acc2(q2, f64x2.add(sq2(dv), sq2(dh)));
    }
    sv(acc, 10, r2); sv(acc, 12, g2); sv(acc, 14, s2); sv(acc, 16, e2); sv(acc, 18, q2);
    sv(acc, 32, tvs); sv(acc, 34, sq);
  } else {
    for (let e = 0; e < 2; e++) {
      let r2 = ld(acc, 10 + e), g2 = ld(acc, 12 + e), s2 = ld(acc, 14 + e), e2 = ld(acc, 16 + e), q2 = ld(acc, 18 + e);
      let tvs = ld(acc, 32 + e), sq = ld(acc, 34 + e);
      for (let j = e; j < Tc; j += 2) {
        const k = k0 + j;
        const zk = ldt<T>(zRow, j);
        const gv = ldt<T>(zB, j) - zk;
        const gh = ldt<T>(zRow, j + 1 < Tc ? j + 1 : 0) - zk;
        const vOldV = ld(vr, k);
        const vOldH = ld(vc, k);
        const gvr = alpha * gv + beta * vOldV;
        const ghr = alpha * gh + beta * vOldH;
        const dV = ld(d2r, k);
        const dH = ld(d2c, k);
        const av = gvr + dV;
        const ah = ghr + dH;
        let vv = av;
        let vh = ah;
        if (rowInside) {
          const inside = load<i64>(masks + (<usize>(Tc + j) << 3)) != 0;
          const pV = penV && inside;
          const pH = load<i64>(masks + (<usize>(2 * Tc + j) << 3)) != 0;
          const pv = pV ? av : 0.0;
          const ph = pH ? ah : 0.0;
          const norm = Math.sqrt(pv * pv + ph * ph);
          const f = norm > shrink ? 1.0 - shrink / norm : 0.0;
          if (pV) vv = f * av;
          if (pH) vh = f * ah;
          const tgv = pV ? gv : 0.0;
          const tgh = pH ? gh : 0.0;
          tvs += Math.sqrt(tgv * tgv + tgh * tgh);
          const zi = inside ? zk : 0.0;
          sq += zi * zi;
        }
        const pv2 = gv - vv;
        const ph2 = gh - vh;
        const dv = (dV + gvr) - vv;
        const dh = (dH + ghr) - vh;
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
      }
      st(acc, 10 + e, r2); st(acc, 12 + e, g2); st(acc, 14 + e, s2); st(acc, 16 + e, e2); st(acc, 18 + e, q2);
      st(acc, 32 + e, tvs); st(acc, 34 + e, sq);
    }
  }
}

/**
 * Box block of row i: w = clamp(μ₃(z_r + d₃)/(λ + μ₃), lo, hi) inside the image; outside it
 * w = z_r + d₃ when free (no observed pixel sees it), else 0; the duals and the sums [10..14].
 */
function boxRow<T>(
  acc: usize, masks: usize, z: usize, w: usize, d3: usize, k0: i32, Tc: i32, rowInside: bool, freeOutside: bool,
  alpha: f64, beta: f64, wScale: f64, lo: f64, hi: f64,
): void {
  if (ASC_FEATURE_SIMD) {
    const A = f64x2.splat(alpha), B = f64x2.splat(beta), WS = f64x2.splat(wScale);
    const LO = f64x2.splat(lo), HI = f64x2.splat(hi), ZERO = f64x2.splat(0);
    let r3 = lv(acc, 20), g3 = lv(acc, 22), s3 = lv(acc, 24), e3 = lv(acc, 26), q3 = lv(acc, 28);
    for (let j = 0; j < Tc; j += 2) {
      const k = k0 + j;
      const zk = lvt<T>(z, k);
      const wOld = lv(w, k);
      const d = lv(d3, k);
      const zr = relax2(A, B, zk, wOld);
      const a3 = f64x2.add(zr, d);
      const outside = freeOutside ? a3 : ZERO;
      const wNew = rowInside
        ? v128.bitselect(f64x2.min(f64x2.max(f64x2.mul(WS, a3), LO), HI), outside, lv(masks, Tc + j))
        : outside;
      const p3 = f64x2.sub(zk, wNew);
      const dn3 = f64x2.sub(f64x2.add(d, zr), wNew);
      const ew = f64x2.sub(wNew, wOld);
      sv(w, k, wNew);
      sv(d3, k, dn3);
      r3 = acc2(r3, sq2(p3));
      g3 = acc2(g3, sq2(zk));
      s3 = acc2(s3, sq2(wNew));
      e3 = acc2(e3, sq2(ew));
      q3 = acc2(q3, sq2(dn3));
    }
    sv(acc, 20, r3); sv(acc, 22, g3); sv(acc, 24, s3); sv(acc, 26, e3); sv(acc, 28, q3);
  } else {
    for (let e = 0; e < 2; e++) {
      let r3 = ld(acc, 20 + e), g3 = ld(acc, 22 + e), s3 = ld(acc, 24 + e), e3 = ld(acc, 26 + e), q3 = ld(acc, 28 + e);
      for (let j = e; j < Tc; j += 2) {
        const k = k0 + j;
        const zk = ldt<T>(z, k);
        const wOld = ld(w, k);
        const d = ld(d3, k);
        const zr = alpha * zk + beta * wOld;
        const a3 = zr + d;
        const inside = rowInside && load<i64>(masks + (<usize>(Tc + j) << 3)) != 0;
        const wNew = inside ? min(max(wScale * a3, lo), hi) : freeOutside ? a3 : 0.0;
        const p3 = zk - wNew;
        const dn3 = (d + zr) - wNew;
        const ew = wNew - wOld;
        st(w, k, wNew);
        st(d3, k, dn3);
        r3 += p3 * p3;
        g3 += zk * zk;
        s3 += wNew * wNew;
        e3 += ew * ew;
        q3 += dn3 * dn3;
      }
      st(acc, 20 + e, r3); st(acc, 22 + e, g3); st(acc, 24 + e, s3); st(acc, 26 + e, e3); st(acc, 28 + e, q3);
    }
  }
}

/**
 * Row i of the next right-hand side b = μ₂Dᵀ(v − d₂) + μ₃(w − d₃), written to b, with Dᵀ the
 * adjoint of the periodic forward differences: (Dᵀp)[i,j] = p[i−1,j] − p[i,j] (per component).
 * up = row i − 1 (periodic). Reads the split variables and duals of rows i − 1 and i only.
 */
function rhsRow<T>(
  b: usize, vr: usize, vc: usize, d2r: usize, d2c: usize, w: usize, d3: usize, k0: i32, up: i32, Tc: i32, mu2: f64, mu3: f64,
): void {
  if (ASC_FEATURE_SIMD) {
    const M2 = f64x2.splat(mu2), M3 = f64x2.splat(mu3);
    for (let j = 0; j < Tc; j += 2) {
      const k = k0 + j;
      const pv = f64x2.sub(lv(vr, k), lv(d2r, k));
      const ph = f64x2.sub(lv(vc, k), lv(d2c, k));
      const pUp = f64x2.sub(lv(vr, up + j), lv(d2r, up + j));
      let pLeft: v128;
      if (j > 0) pLeft = f64x2.sub(lv(vc, k - 1), lv(d2c, k - 1));
      else {
        const last = k0 + Tc - 1;
        pLeft = f64x2.replace_lane(f64x2.splat(ld(vc, last) - ld(d2c, last)), 1, ld(vc, k) - ld(d2c, k));
      }
      const dt = f64x2.add(f64x2.sub(pUp, pv), f64x2.sub(pLeft, ph));
      svt<T>(b, k, f64x2.add(f64x2.mul(M2, dt), f64x2.mul(M3, f64x2.sub(lv(w, k), lv(d3, k)))));
    }
  } else {
    for (let j = 0; j < Tc; j++) {
      const k = k0 + j;
      const left = j > 0 ? k - 1 : k0 + Tc - 1;
      const pv = ld(vr, k) - ld(d2r, k);
      const ph = ld(vc, k) - ld(d2c, k);
      const dt = ((ld(vr, up + j) - ld(d2r, up + j)) - pv) + ((ld(vc, left) - ld(d2c, left)) - ph);
      stt<T>(b, k, mu2 * dt + mu3 * (ld(w, k) - ld(d3, k)));
    }
  }
}

/**
 * One split-and-dual update after a z-update, fused with the next right-hand sides (for
 * unchanged penalties; admmRhs redoes them when the penalties change): row by row the data,
 * TV and box blocks, then a = u − d₁ into Hz and b = μ₂Dᵀ(v − d₂) + μ₃(w − d₃) into z, each
 * row of b once the rows it reads are final (row 0 last: it reads row Tr − 1, and the TV
 * block of row Tr − 1 reads row 0 of z). Writes to `stats` (ADMM_STATS_WORDS words):
 *   [0..4]   data block:  ‖Hz − u‖², ‖Hz‖², ‖u‖², ‖u − u_prev‖², ‖d₁‖²   (after the update)
 *   [5..9]   TV block:    the same for Dz, v, d₂
 *   [10..14] box block:   the same for z, w, d₃
 *   [15] ½‖Hz − y‖² on the observed pixels, [16] TV(z) on the image, [17] ½‖z‖² on the image.
 * lo/hi may be ∓Infinity; lambda is the Tikhonov weight, tv the TV weight; μ₂ = 0 leaves the TV
 * block idle (v, d₂ stay 0). masks from admmMasks.
 */
export function admmSplit<T>(
  stats: usize, masks: usize, z: usize, Hz: usize, y: usize, u: usize, d1: usize, vr: usize, vc: usize, d2r: usize, d2c: usize,
  w: usize, d3: usize, Tr: i32, Tc: i32, m: i32, n: i32, R: i32, C: i32, r0: i32, c0: i32,
  mu1: f64, mu2: f64, mu3: f64, lambda: f64, tv: f64, lo: f64, hi: f64, alpha: f64, freeOutside: i32,
): void {
  const acc = stats + LANES;
  memory.fill(acc, 0, 36 * 8);
  const beta = 1.0 - alpha;
  const dataWeight = 1.0 / (1.0 + mu1);
  const shrink = mu2 > 0 ? tv / mu2 : 0.0;
  const wScale = mu3 / (lambda + mu3);
  const tvActive = mu2 > 0;
  for (let i = 0; i < Tr; i++) {
    const k0 = i * Tc;
    const rowInside = i < m;
    // Row i of y as if it started at canvas column 0 (only columns c0 … c0+C−1 are read).
    const observed = i >= r0 && i < r0 + R;
    const yRow: usize = observed ? y + (<usize>((i - r0) * C) << 3) - (<usize>c0 << 3) : 0;
    dataRow<T>(acc, masks, Hz, observed, yRow, u, d1, k0, Tc, c0, C, mu1, alpha, beta, dataWeight);
    if (tvActive) {
      const below = i + 1 < Tr ? k0 + Tc : 0;
      tvRow<T>(acc, masks, z, z + <usize>below * sizeof<T>(), vr, vc, d2r, d2c, k0, Tc, rowInside, i + 1 < m, alpha, beta, shrink);
    } else if (rowInside) {
      sqRow<T>(acc, masks, z, k0, Tc);
    }
    boxRow<T>(acc, masks, z, w, d3, k0, Tc, rowInside, freeOutside != 0, alpha, beta, wScale, lo, hi);
    if (i > 0) rhsRow<T>(z, vr, vc, d2r, d2c, w, d3, k0, k0 - Tc, Tc, mu2, mu3);
  }
  rhsRow<T>(z, vr, vc, d2r, d2c, w, d3, 0, (Tr - 1) * Tc, Tc, mu2, mu3);
  for (let s = 0; s < 18; s++) st(stats, s, ld(acc, 2 * s) + ld(acc, 2 * s + 1));
  st(stats, 15, 0.5 * ld(stats, 15));
  st(stats, 17, 0.5 * ld(stats, 17));
}

/** The [17] sum (‖z‖² on the image) of row i when the TV block is idle. */
function sqRow<T>(acc: usize, masks: usize, z: usize, k0: i32, Tc: i32): void {
  for (let e = 0; e < 2; e++) {
    let sq = ld(acc, 34 + e);
    for (let j = e; j < Tc; j += 2) {
      const zi = load<i64>(masks + (<usize>(Tc + j) << 3)) != 0 ? ldt<T>(z, k0 + j) : 0.0;
      sq += zi * zi;
    }
    st(acc, 34 + e, sq);
  }
}

/**
 * The right-hand sides of the next z-update after the penalties changed from μ to μ/f (the
 * scaled duals scaled by f₁, f₂, f₃): a = u − d₁ into a, b = μ₂Dᵀ(v − d₂) + μ₃(w − d₃) into b.
 * a and b are Tr×Tc of T and may not alias the inputs.
 */
export function admmRhs<T>(
  a: usize, b: usize, u: usize, d1: usize, vr: usize, vc: usize, d2r: usize, d2c: usize, w: usize, d3: usize,
  Tr: i32, Tc: i32, mu2: f64, mu3: f64, f1: f64, f2: f64, f3: f64,
): void {
  const N = Tr * Tc;
  for (let k = 0; k < N; k++) {
    const d = f1 * ld(d1, k);
    st(d1, k, d);
    stt<T>(a, k, ld(u, k) - d);
  }
  if (f2 != 1.0) {
    for (let k = 0; k < N; k++) {
      st(d2r, k, f2 * ld(d2r, k));
      st(d2c, k, f2 * ld(d2c, k));
    }
  }
  if (f3 != 1.0) for (let k = 0; k < N; k++) st(d3, k, f3 * ld(d3, k));
  for (let i = 0; i < Tr; i++) rhsRow<T>(b, vr, vc, d2r, d2c, w, d3, i * Tc, (i > 0 ? i - 1 : Tr - 1) * Tc, Tc, mu2, mu3);
}
