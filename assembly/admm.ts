// The pointwise and spectral passes of the ADMM deconvolution solver (src/solvers/admm.ts) on a
// periodic canvas of Tr×Tc pixels, Tc even (spectra: Tr×(Tc/2+1) interleaved complex, the
// rfft2 layout of assembly/fft.ts). Everything on the canvas — the state (split variables,
// scaled duals, the data placed on the canvas), the buffers the FFTs read and write and the
// arithmetic of the pointwise passes — is in T: f64, or f32 when the solve's tolerance is far
// above f32 round-off (src/solvers/admm.ts, ADMM_FLOAT32_FROM). In f32 a v128 holds 4 pixels,
// and the fused pass, bound by its instruction count rather than by memory, runs ~2× faster than
// in f64. Only the sums leave T: each row's per-lane sums (≤ Tc/4 terms) are added to f64 running
// sums. The image x occupies rows [0, m), columns [0, n) of the canvas; the data y (R×C) are
// observed at rows [r0, r0+R), columns [c0, c0+C). The splittings (scaled form, d the scaled duals):
//   u = H z  (data, on the observed pixels only),  v = D z  (forward differences, periodic;
//   only those inside the image are penalised by TV),  w = z  (zero outside the image, box and
//   Tikhonov inside).
//
// One fused pass per iteration (admmSplit): row by row, the data, TV and box updates, then the
// next right-hand sides of the rows already final, so each pixel's state is read and written
// once per iteration while it is in cache. The SIMD binary handles L = 16/sizeof<T> pixels
// (j … j+L−1) per v128 with per-column masks (admmMasks) where the scalar code branches (groups
// wholly observed / inside the image / penalised take a mask-free copy of the same code); every
// pixel sees the same operations in the same order (no FMA), and every sum runs in L lanes
// (column j in lane j mod L, in column order; the SIMD binary's last Tc mod L columns are done by
// the scalar code into the same lanes), lanes added at the end — so the SIMD and the scalar
// binary return identical bits.

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
/** Element i of a T array. */
// @ts-ignore: decorator
@inline function lt<T>(p: usize, i: i32): T {
  return load<T>(p + <usize>i * sizeof<T>());
}
// @ts-ignore: decorator
@inline function wt<T>(p: usize, i: i32, v: T): void {
  store<T>(p + <usize>i * sizeof<T>(), v);
}
/** Lanes of T per v128. */
// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}
/** L elements of T at p[i … i+L−1]. */
// @ts-ignore: decorator
@inline function vl<T>(p: usize, i: i32): v128 {
  return v128.load(p + <usize>i * sizeof<T>());
}
// @ts-ignore: decorator
@inline function vs<T>(p: usize, i: i32, v: v128): void {
  v128.store(p + <usize>i * sizeof<T>(), v);
}
// @ts-ignore: decorator
@inline function vsq<T>(a: v128): v128 {
  return v128.mul<T>(a, a);
}
/** α·g + (1 − α)·old, per lane: the over-relaxed image of the split (Boyd et al. §3.4.3). */
// @ts-ignore: decorator
@inline function vrelax<T>(A: v128, B: v128, g: v128, old: v128): v128 {
  return v128.add<T>(v128.mul<T>(A, g), v128.mul<T>(B, old));
}
/** Lanes 1 … L−1 of a, then lane 0 of b: the elements one column to the right. */
// @ts-ignore: decorator
@inline function nextLanes<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return v128.shuffle<f32>(a, b, 1, 2, 3, 4);
  return v128.shuffle<f64>(a, b, 1, 2);
}
/** Lane L−1 of a, then lanes 0 … L−2 of b: the elements one column to the left. */
// @ts-ignore: decorator
@inline function prevLanes<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return v128.shuffle<f32>(a, b, 3, 4, 5, 6);
  return v128.shuffle<f64>(a, b, 1, 2);
}

// The stats buffer admmSplit takes: 18 results (f64), then the running sums per stat and lane
// (f64, 4 lanes each), then one row's sums per stat and lane (T, L lanes each).
const NSTATS: i32 = 18;
const RUN: usize = NSTATS * 8; // byte offset of the running sums
const ROW: usize = RUN + NSTATS * 4 * 8; // byte offset of the row sums
/** Words (f64) of the stats buffer admmSplit takes. */
export const ADMM_STATS_WORDS: i32 = NSTATS + NSTATS * 4 + NSTATS * 4;

/**
 * The per-column masks of the SIMD pass (3·Tc elements of T's width, all ones or zero): [0, Tc)
 * observed column (c0 ≤ j < c0 + C), [Tc, 2Tc) inside the image (j < n), [2Tc, 3Tc) horizontal
 * difference penalised (j + 1 < n).
 */
export function admmMasks<T>(masks: usize, Tc: i32, n: i32, c0: i32, C: i32): void {
  for (let j = 0; j < Tc; j++) {
    const obs = j >= c0 && j < c0 + C, inside = j < n, pen = j + 1 < n;
    if (sizeof<T>() == 4) {
      store<i32>(masks + (<usize>j << 2), obs ? -1 : 0);
      store<i32>(masks + (<usize>(Tc + j) << 2), inside ? -1 : 0);
      store<i32>(masks + (<usize>(2 * Tc + j) << 2), pen ? -1 : 0);
    } else {
      store<i64>(masks + (<usize>j << 3), obs ? -1 : 0);
      store<i64>(masks + (<usize>(Tc + j) << 3), inside ? -1 : 0);
      store<i64>(masks + (<usize>(2 * Tc + j) << 3), pen ? -1 : 0);
    }
  }
}
/** Whether mask element j (T's width) is set. */
// @ts-ignore: decorator
@inline function maskAt<T>(masks: usize, j: i32): bool {
  if (sizeof<T>() == 4) return load<i32>(masks + (<usize>j << 2)) != 0;
  return load<i64>(masks + (<usize>j << 3)) != 0;
}

/** dst (dRows×dCols of T) = zeros with src (sRows×sCols of f64) at its corner, rounded to T. */
export function admmEmbed<T>(dst: usize, dRows: i32, dCols: i32, src: usize, sRows: i32, sCols: i32): void {
  admmPlace<T>(dst, dRows, dCols, src, sRows, sCols, 0, 0);
}

/** dst (dRows×dCols of T) = zeros with src (sRows×sCols of f64) at row r0, column c0, rounded to T. */
export function admmPlace<T>(dst: usize, dRows: i32, dCols: i32, src: usize, sRows: i32, sCols: i32, r0: i32, c0: i32): void {
  memory.fill(dst, 0, <usize>(dRows * dCols) * sizeof<T>());
  for (let i = 0; i < sRows; i++) {
    for (let j = 0; j < sCols; j++) stt<T>(dst, (r0 + i) * dCols + c0 + j, ld(src, i * sCols + j));
  }
}

/** Per complex value (re, im) of a v128 of T: (im, re), (re, re), (im, im). */
// @ts-ignore: decorator
@inline function cswap<T>(v: v128): v128 {
  if (sizeof<T>() == 4) return v128.shuffle<f32>(v, v, 1, 0, 3, 2);
  return v128.shuffle<f64>(v, v, 1, 0);
}
// @ts-ignore: decorator
@inline function cre<T>(v: v128): v128 {
  if (sizeof<T>() == 4) return v128.shuffle<f32>(v, v, 0, 0, 2, 2);
  return v128.shuffle<f64>(v, v, 0, 0);
}
// @ts-ignore: decorator
@inline function cim<T>(v: v128): v128 {
  if (sizeof<T>() == 4) return v128.shuffle<f32>(v, v, 1, 1, 3, 3);
  return v128.shuffle<f64>(v, v, 1, 1);
}
/** The complex values of a v128 of T in reverse order (f32: the two halves swapped; f64: itself). */
// @ts-ignore: decorator
@inline function creverse<T>(v: v128): v128 {
  if (sizeof<T>() == 4) return v128.shuffle<f32>(v, v, 2, 3, 0, 1);
  return v;
}
/** (a, b) in every complex slot of a v128 of T. */
// @ts-ignore: decorator
@inline function cpair<T>(a: T, b: T): v128 {
  if (sizeof<T>() == 4) return f32x4(<f32>a, <f32>b, <f32>a, <f32>b);
  return f64x2(<f64>a, <f64>b);
}

/**
 * One pair of the packed z-update (admmSolvePaired): S at pk = Z[k], at pm = Z[−k]; 2â = Z[k] +
 * conj Z[−k], 2b̂ = (Z[k] − conj Z[−k])/i; x̂ = (μ₁·conj(H)·â + b̂)/den (half = ½/den); writes
 * W[k] = x̂ + i·Hx̂, W[−k] = conj(x̂) + i·conj(Hx̂), or Re x̂ + i·Re(Hx̂) when k = −k.
 */
// @ts-ignore: decorator
@inline function pairSolve<T>(S: usize, pk: i32, pm: i32, H: usize, hk: i32, dr: T, dc: T, m1: T, self: bool): void {
  const zkr = lt<T>(S, 2 * pk), zki = lt<T>(S, 2 * pk + 1);
  const zmr = lt<T>(S, 2 * pm), zmi = lt<T>(S, 2 * pm + 1);
  const ar = zkr + zmr, ai = zki - zmi;
  const br = zki + zmi, bi = zmr - zkr;
  const hr = lt<T>(H, 2 * hk), hi = lt<T>(H, 2 * hk + 1);
  const half = <T>0.5 / ((m1 * (hr * hr + hi * hi) + dr) + dc);
  const xr = (m1 * (hr * ar + hi * ai) + br) * half;
  const xi = (m1 * (hr * ai - hi * ar) + bi) * half;
  const gr = hr * xr - hi * xi;
  const gi = hr * xi + hi * xr;
  if (self) {
    wt<T>(S, 2 * pk, xr);
    wt<T>(S, 2 * pk + 1, gr);
  } else {
    wt<T>(S, 2 * pk, xr - gi);
    wt<T>(S, 2 * pk + 1, xi + gr);
    wt<T>(S, 2 * pm, xr + gi);
    wt<T>(S, 2 * pm + 1, gr - xi);
  }
}

/**
 * The z-update in the Fourier domain, in place, in T, with both right-hand sides packed in one
 * complex spectrum: x̂ = (μ₁·conj(Ĥ)·â + b̂) / (μ₁|Ĥ|² + μ₂dRow[r] + μ₃ + μ₂dCol[c]), with â the
 * spectrum of a = u − d₁ and b̂ that of b = μ₂Dᵀ(v − d₂) + μ₃(w − d₃). On entry S (rows×cols
 * complex of T, cols even) = 2-D DFT of a + i·b (assembly/fft2c.ts cfft2); on exit W = x̂ + i·Ĥx̂,
 * whose inverse has x as its real and h ⊛ x as its imaginary part (a, b, x real: â, b̂, x̂ and
 * Ĥx̂ are Hermitian, so each pair k, −k is solved once from S[k] and S[−k]). H: the
 * rows×(cols/2+1) half spectrum of h (rfft2 layout, T); dRow (rows), dCol (cols/2+1), f64: |D̂|²
 * per axis (2 − 2cos 2πf); colTerm: scratch of cols + 2 T. Columns 1 … cols/2−1 pair with
 * cols − c (row −r mod rows); columns 0 and cols/2 pair within themselves. The SIMD binary takes
 * 16/(2·sizeof<T>) columns per v128 (the partners' order reversed by a shuffle), the scalar
 * code the rest: the same operations per value, identical bits.
 */
export function admmSolvePaired<T>(
  S: usize, H: usize, dRow: usize, dCol: usize, colTerm: usize, rows: i32, cols: i32, mu1: f64, mu2: f64, mu3: f64,
): void {
  const h = cols >> 1;
  const hc = h + 1;
  for (let c = 0; c < hc; c++) {
    const t = <T>(mu2 * ld(dCol, c));
    wt<T>(colTerm, 2 * c, t);
    wt<T>(colTerm, 2 * c + 1, t);
  }
  const m1 = <T>mu1;
  const P = 8 / sizeof<T>(); // complex values per v128
  for (let r = 0; r < rows; r++) {
    const rm = r == 0 ? 0 : rows - r;
    const dr = <T>(mu2 * ld(dRow, r) + mu3);
    const row = r * cols, rowM = rm * cols, rowH = r * hc;
    if (r <= rm) {
      pairSolve<T>(S, row, rowM, H, rowH, dr, lt<T>(colTerm, 0), m1, r == rm);
      pairSolve<T>(S, row + h, rowM + h, H, rowH + h, dr, lt<T>(colTerm, 2 * h), m1, r == rm);
    }
    let c = 1;
    if (ASC_FEATURE_SIMD) {
      const M1 = v128.splat<T>(m1), DR = v128.splat<T>(dr), HALF = v128.splat<T>(0.5);
      const CONJ = cpair<T>(1, -1), FLIP = cpair<T>(-1, 1);
      for (; c + P <= h; c += P) {
        const pk = 2 * (row + c), pm = 2 * (rowM + cols - c - (P - 1));
        const zk = vl<T>(S, pk);
        const zm = creverse<T>(vl<T>(S, pm));
        const a = v128.add<T>(zk, v128.mul<T>(zm, CONJ));
        const b = v128.add<T>(v128.mul<T>(cswap<T>(zk), CONJ), cswap<T>(zm));
        const hv = vl<T>(H, 2 * (rowH + c));
        const hh = v128.mul<T>(hv, hv);
        const den = v128.add<T>(v128.add<T>(v128.mul<T>(M1, v128.add<T>(hh, cswap<T>(hh))), DR), vl<T>(colTerm, 2 * c));
        const half = v128.div<T>(HALF, den);
        const hr = cre<T>(hv), hi = cim<T>(hv);
        const ch = v128.add<T>(v128.mul<T>(hr, a), v128.mul<T>(v128.mul<T>(hi, cswap<T>(a)), CONJ));
        const x = v128.mul<T>(v128.add<T>(v128.mul<T>(M1, ch), b), half);
        const g = v128.add<T>(v128.mul<T>(hr, x), v128.mul<T>(v128.mul<T>(hi, cswap<T>(x)), FLIP));
        vs<T>(S, pk, v128.add<T>(x, v128.mul<T>(cswap<T>(g), FLIP)));
        vs<T>(S, pm, creverse<T>(v128.add<T>(v128.mul<T>(x, CONJ), cswap<T>(g))));
      }
    }
    for (; c < h; c++) pairSolve<T>(S, row + c, rowM + cols - c, H, rowH + c, dr, lt<T>(colTerm, 2 * c), m1, false);
  }
}

// ---------------------------------------------------------------------------------------
// The row passes. Each takes row i's first index k0 = i·Tc; rs is the row-sum buffer (stat s,
// lane e at rs[s·L + e], zeroed before each row). The SIMD binary runs the vector loop over the
// groups j … j+L−1 with j + L ≤ Tc, stores its lane sums into rs, and leaves the last Tc mod L
// columns to the per-pixel functions (*Pix), which the scalar binary runs for every column.

/** rs[s·L … s·L + L−1] += v (a row's lane sums, kept in the row buffer). */
// @ts-ignore: decorator
@inline function accv<T>(rs: usize, s: i32, v: v128): void {
  const i = s * lanes<T>();
  vs<T>(rs, i, v128.add<T>(vl<T>(rs, i), v));
}

/** rs[s·L + e] += v. */
// @ts-ignore: decorator
@inline function addSum<T>(rs: usize, s: i32, e: i32, v: T): void {
  const i = s * lanes<T>() + e;
  wt<T>(rs, i, lt<T>(rs, i) + v);
}
/** A block's five sums s0 … s0+4 (primal residual, G z, split variable, its change, scaled dual), lane e: += each squared. */
// @ts-ignore: decorator
@inline function addBlockSums<T>(rs: usize, s0: i32, e: i32, r: T, g: T, v: T, dv: T, d: T): void {
  addSum<T>(rs, s0, e, r * r);
  addSum<T>(rs, s0 + 1, e, g * g);
  addSum<T>(rs, s0 + 2, e, v * v);
  addSum<T>(rs, s0 + 3, e, dv * dv);
  addSum<T>(rs, s0 + 4, e, d * d);
}

/**
 * Data update of pixel k (column j): u = argmin ½‖u − y‖²(observed) + μ₁/2‖u − (Hz_r + d₁)‖²,
 * Hz_r the over-relaxed αHz + (1 − α)u (Boyd et al. §3.4.3); then the dual, the sums [0..4] and
 * [15] (twice ½‖Hz − y‖²), and the next right-hand side a = u − d₁ into Hz (consumed here).
 */
// @ts-ignore: decorator
@inline function dataPix<T>(
  rs: usize, masks: usize, Hz: usize, observed: bool, yc: usize, u: usize, d1: usize, k: i32, j: i32,
  mu1: T, alpha: T, beta: T, dataWeight: T,
): void {
  const e = j & (lanes<T>() - 1);
  const hz = lt<T>(Hz, k);
  const uOld = lt<T>(u, k);
  const d = lt<T>(d1, k);
  const hzr = alpha * hz + beta * uOld;
  const a1 = hzr + d;
  let uNew = a1;
  if (observed && maskAt<T>(masks, j)) {
    const yk = lt<T>(yc, k);
    uNew = (yk + mu1 * a1) * dataWeight;
    const res = hz - yk;
    addSum<T>(rs, 15, e, res * res);
  }
  const p1 = hz - uNew;
  const dn1 = (d + hzr) - uNew;
  wt<T>(u, k, uNew);
  wt<T>(d1, k, dn1);
  wt<T>(Hz, k, uNew - dn1);
  addBlockSums<T>(rs, 0, e, p1, hz, uNew, uNew - uOld, dn1);
}

/**
 * dataPix for the L pixels j … j+L−1 of row i (SIMD). `interior`: all of them observed (the
 * mask all ones: its load, test and select left out — the same values).
 */
// @ts-ignore: decorator
@inline function dataGroup<T>(
  rs: usize, masks: usize, Hz: usize, observed: bool, yc: usize, u: usize, d1: usize, k0: i32, j: i32,
  A: v128, B: v128, M1: v128, W: v128, interior: bool,
): void {
  const k = k0 + j;
  const hz = vl<T>(Hz, k);
  const uOld = vl<T>(u, k);
  const d = vl<T>(d1, k);
  const hzr = vrelax<T>(A, B, hz, uOld);
  const a1 = v128.add<T>(hzr, d);
  let uNew = a1;
  if (interior) {
    const yk = vl<T>(yc, k);
    uNew = v128.mul<T>(v128.add<T>(yk, v128.mul<T>(M1, a1)), W);
    accv<T>(rs, 15, vsq<T>(v128.sub<T>(hz, yk)));
  } else if (observed) {
    const mask = vl<T>(masks, j);
    if (v128.any_true(mask)) {
      const yk = vl<T>(yc, k);
      uNew = v128.bitselect(v128.mul<T>(v128.add<T>(yk, v128.mul<T>(M1, a1)), W), a1, mask);
      accv<T>(rs, 15, vsq<T>(v128.and(v128.sub<T>(hz, yk), mask)));
    }
  }
  const p1 = v128.sub<T>(hz, uNew);
  const dn1 = v128.sub<T>(v128.add<T>(d, hzr), uNew);
  vs<T>(u, k, uNew);
  vs<T>(d1, k, dn1);
  vs<T>(Hz, k, v128.sub<T>(uNew, dn1));
  accv<T>(rs, 0, vsq<T>(p1));
  accv<T>(rs, 1, vsq<T>(hz));
  accv<T>(rs, 2, vsq<T>(uNew));
  accv<T>(rs, 3, vsq<T>(v128.sub<T>(uNew, uOld)));
  accv<T>(rs, 4, vsq<T>(dn1));
}

/**
 * The data block of row i (dataPix for every pixel). yc: the data on the canvas (T, 0 where
 * unobserved); [oc0, oc1): the observed columns, whose whole groups take the mask-free path.
 */
// @ts-ignore: decorator
@inline function dataRow<T>(
  rs: usize, masks: usize, Hz: usize, observed: bool, yc: usize, u: usize, d1: usize, k0: i32, Tc: i32,
  mu1: T, alpha: T, beta: T, dataWeight: T, oc0: i32, oc1: i32,
): void {
  const L = lanes<T>();
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const A = v128.splat<T>(alpha), B = v128.splat<T>(beta), M1 = v128.splat<T>(mu1), W = v128.splat<T>(dataWeight);
    if (observed) {
      for (; j < oc0 && j + L <= Tc; j += L) dataGroup<T>(rs, masks, Hz, observed, yc, u, d1, k0, j, A, B, M1, W, false);
      for (; j + L <= oc1; j += L) dataGroup<T>(rs, masks, Hz, observed, yc, u, d1, k0, j, A, B, M1, W, true);
    }
    for (; j + L <= Tc; j += L) dataGroup<T>(rs, masks, Hz, observed, yc, u, d1, k0, j, A, B, M1, W, false);
  }
  for (; j < Tc; j++) dataPix<T>(rs, masks, Hz, observed, yc, u, d1, k0 + j, j, mu1, alpha, beta, dataWeight);
}

/**
 * TV update of pixel k (column j of row i): v = shrink(Dz_r + d₂, τ/μ₂) on the differences inside
 * the image (isotropic; a difference past the image's last row or column is not penalised),
 * v = Dz_r + d₂ elsewhere; the duals and the sums [5..9], [16] TV(z) and [17] (twice ½‖z‖² on
 * the image). zRow: row i of z, zB: the row below. rowInside: i < m; penV: i + 1 < m.
 */
// @ts-ignore: decorator
@inline function tvPix<T>(
  rs: usize, masks: usize, zRow: usize, zB: usize, vr: usize, vc: usize, d2r: usize, d2c: usize, k: i32, j: i32, Tc: i32,
  rowInside: bool, penV: bool, alpha: T, beta: T, shrink: T,
): void {
  const e = j & (lanes<T>() - 1);
  const zk = lt<T>(zRow, j);
  const gv = lt<T>(zB, j) - zk;
  const gh = lt<T>(zRow, j + 1 < Tc ? j + 1 : 0) - zk;
  const vOldV = lt<T>(vr, k);
  const vOldH = lt<T>(vc, k);
  const gvr = alpha * gv + beta * vOldV;
  const ghr = alpha * gh + beta * vOldH;
  const dV = lt<T>(d2r, k);
  const dH = lt<T>(d2c, k);
  const av = gvr + dV;
  const ah = ghr + dH;
  let vv = av;
  let vh = ah;
  if (rowInside) {
    const inside = maskAt<T>(masks, Tc + j);
    const pV = penV && inside;
    const pH = maskAt<T>(masks, 2 * Tc + j);
    const pv: T = pV ? av : 0;
    const ph: T = pH ? ah : 0;
    const norm = sqrt<T>(pv * pv + ph * ph);
    const f: T = norm > shrink ? <T>1 - shrink / norm : 0;
    if (pV) vv = f * av;
    if (pH) vh = f * ah;
    const tgv: T = pV ? gv : 0;
    const tgh: T = pH ? gh : 0;
    addSum<T>(rs, 16, e, sqrt<T>(tgv * tgv + tgh * tgh));
    const zi: T = inside ? zk : 0;
    addSum<T>(rs, 17, e, zi * zi);
  }
  const pv2 = gv - vv;
  const ph2 = gh - vh;
  const dv = (dV + gvr) - vv;
  const dh = (dH + ghr) - vh;
  const ev = vv - vOldV;
  const eh = vh - vOldH;
  wt<T>(vr, k, vv);
  wt<T>(vc, k, vh);
  wt<T>(d2r, k, dv);
  wt<T>(d2c, k, dh);
  addSum<T>(rs, 5, e, pv2 * pv2 + ph2 * ph2);
  addSum<T>(rs, 6, e, gv * gv + gh * gh);
  addSum<T>(rs, 7, e, vv * vv + vh * vh);
  addSum<T>(rs, 8, e, ev * ev + eh * eh);
  addSum<T>(rs, 9, e, dv * dv + dh * dh);
}

/**
 * tvPix for the L pixels j … j+L−1 of row i (SIMD). `interior`: every one of them inside the
 * image with both differences penalised (rowInside, penV, j + L < n), so the masks are all ones
 * and their loads, ands and selects are left out — the same values.
 */
// @ts-ignore: decorator
@inline function tvGroup<T>(
  rs: usize, masks: usize, zRow: usize, zB: usize, vr: usize, vc: usize, d2r: usize, d2c: usize, k0: i32, j: i32, Tc: i32,
  rowInside: bool, penV: bool, A: v128, B: v128, SH: v128, interior: bool,
): void {
  const L = lanes<T>();
  const ONE = v128.splat<T>(1);
  const k = k0 + j;
  const zk = vl<T>(zRow, j);
  const zR = interior || j + L < Tc ? vl<T>(zRow, j + 1) : nextLanes<T>(zk, vl<T>(zRow, 0));
  const gv = v128.sub<T>(vl<T>(zB, j), zk);
  const gh = v128.sub<T>(zR, zk);
  const vOldV = vl<T>(vr, k);
  const vOldH = vl<T>(vc, k);
  const gvr = vrelax<T>(A, B, gv, vOldV);
  const ghr = vrelax<T>(A, B, gh, vOldH);
  const dV = vl<T>(d2r, k);
  const dH = vl<T>(d2c, k);
  const av = v128.add<T>(gvr, dV);
  const ah = v128.add<T>(ghr, dH);
  let vv = av;
  let vh = ah;
  if (interior) {
    const norm = v128.sqrt<T>(v128.add<T>(vsq<T>(av), vsq<T>(ah)));
    const f = v128.and(v128.sub<T>(ONE, v128.div<T>(SH, norm)), v128.gt<T>(norm, SH));
    vv = v128.mul<T>(f, av);
    vh = v128.mul<T>(f, ah);
    accv<T>(rs, 16, v128.sqrt<T>(v128.add<T>(vsq<T>(gv), vsq<T>(gh))));
    accv<T>(rs, 17, vsq<T>(zk));
  } else if (rowInside) {
    const MI = vl<T>(masks, Tc + j);
    const MV = penV ? MI : v128.splat<T>(0);
    const MH = vl<T>(masks, 2 * Tc + j);
    const pv = v128.and(av, MV);
    const ph = v128.and(ah, MH);
    const norm = v128.sqrt<T>(v128.add<T>(vsq<T>(pv), vsq<T>(ph)));
    const f = v128.and(v128.sub<T>(ONE, v128.div<T>(SH, norm)), v128.gt<T>(norm, SH));
    vv = v128.bitselect(v128.mul<T>(f, av), av, MV);
    vh = v128.bitselect(v128.mul<T>(f, ah), ah, MH);
    const tgv = v128.and(gv, MV);
    const tgh = v128.and(gh, MH);
    accv<T>(rs, 16, v128.sqrt<T>(v128.add<T>(vsq<T>(tgv), vsq<T>(tgh))));
    accv<T>(rs, 17, vsq<T>(v128.and(zk, MI)));
  }
  const pv2 = v128.sub<T>(gv, vv);
  const ph2 = v128.sub<T>(gh, vh);
  const dv = v128.sub<T>(v128.add<T>(dV, gvr), vv);
  const dh = v128.sub<T>(v128.add<T>(dH, ghr), vh);
  const ev = v128.sub<T>(vv, vOldV);
  const eh = v128.sub<T>(vh, vOldH);
  vs<T>(vr, k, vv);
  vs<T>(vc, k, vh);
  vs<T>(d2r, k, dv);
  vs<T>(d2c, k, dh);
  accv<T>(rs, 5, v128.add<T>(vsq<T>(pv2), vsq<T>(ph2)));
  accv<T>(rs, 6, v128.add<T>(vsq<T>(gv), vsq<T>(gh)));
  accv<T>(rs, 7, v128.add<T>(vsq<T>(vv), vsq<T>(vh)));
  accv<T>(rs, 8, v128.add<T>(vsq<T>(ev), vsq<T>(eh)));
  accv<T>(rs, 9, v128.add<T>(vsq<T>(dv), vsq<T>(dh)));
}

/**
 * The TV block of row i (tvPix for every pixel). pn: the number of leading columns whose
 * horizontal difference is penalised (n − 1): the groups below it take the mask-free path.
 */
// @ts-ignore: decorator
@inline function tvRow<T>(
  rs: usize, masks: usize, z: usize, zB: usize, vr: usize, vc: usize, d2r: usize, d2c: usize, k0: i32, Tc: i32,
  rowInside: bool, penV: bool, alpha: T, beta: T, shrink: T, pn: i32,
): void {
  const L = lanes<T>();
  const zRow = z + <usize>k0 * sizeof<T>();
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const A = v128.splat<T>(alpha), B = v128.splat<T>(beta), SH = v128.splat<T>(shrink);
    if (rowInside && penV) {
      for (; j + L <= pn; j += L) tvGroup<T>(rs, masks, zRow, zB, vr, vc, d2r, d2c, k0, j, Tc, rowInside, penV, A, B, SH, true);
    }
    for (; j + L <= Tc; j += L) tvGroup<T>(rs, masks, zRow, zB, vr, vc, d2r, d2c, k0, j, Tc, rowInside, penV, A, B, SH, false);
  }
  for (; j < Tc; j++) tvPix<T>(rs, masks, zRow, zB, vr, vc, d2r, d2c, k0 + j, j, Tc, rowInside, penV, alpha, beta, shrink);
}

/**
 * Box update of pixel k (column j): w = clamp(μ₃(z_r + d₃)/(λ + μ₃), lo, hi) inside the image;
 * outside it w = z_r + d₃ when free (no observed pixel sees it), else 0; the dual and the sums [10..14].
 */
// @ts-ignore: decorator
@inline function boxPix<T>(
  rs: usize, masks: usize, z: usize, w: usize, d3: usize, k: i32, j: i32, Tc: i32, rowInside: bool, freeOutside: bool,
  alpha: T, beta: T, wScale: T, lo: T, hi: T,
): void {
  const e = j & (lanes<T>() - 1);
  const zk = lt<T>(z, k);
  const wOld = lt<T>(w, k);
  const d = lt<T>(d3, k);
  const zr = alpha * zk + beta * wOld;
  const a3 = zr + d;
  const inside = rowInside && maskAt<T>(masks, Tc + j);
  const wNew: T = inside ? min<T>(max<T>(wScale * a3, lo), hi) : freeOutside ? a3 : 0;
  const p3 = zk - wNew;
  const dn3 = (d + zr) - wNew;
  wt<T>(w, k, wNew);
  wt<T>(d3, k, dn3);
  addBlockSums<T>(rs, 10, e, p3, zk, wNew, wNew - wOld, dn3);
}

/**
 * boxPix for the L pixels j … j+L−1 of row i (SIMD). `interior`: all of them inside the image
 * (rowInside, j + L ≤ n): the inside mask's load and select left out — the same values.
 */
// @ts-ignore: decorator
@inline function boxGroup<T>(
  rs: usize, masks: usize, z: usize, w: usize, d3: usize, k0: i32, j: i32, Tc: i32, rowInside: bool, freeOutside: bool,
  A: v128, B: v128, WS: v128, LO: v128, HI: v128, interior: bool,
): void {
  const k = k0 + j;
  const zk = vl<T>(z, k);
  const wOld = vl<T>(w, k);
  const d = vl<T>(d3, k);
  const zr = vrelax<T>(A, B, zk, wOld);
  const a3 = v128.add<T>(zr, d);
  let wNew: v128;
  if (interior) {
    wNew = v128.min<T>(v128.max<T>(v128.mul<T>(WS, a3), LO), HI);
  } else {
    const outside = freeOutside ? a3 : v128.splat<T>(0);
    wNew = rowInside
      ? v128.bitselect(v128.min<T>(v128.max<T>(v128.mul<T>(WS, a3), LO), HI), outside, vl<T>(masks, Tc + j))
      : outside;
  }
  const p3 = v128.sub<T>(zk, wNew);
  const dn3 = v128.sub<T>(v128.add<T>(d, zr), wNew);
  vs<T>(w, k, wNew);
  vs<T>(d3, k, dn3);
  accv<T>(rs, 10, vsq<T>(p3));
  accv<T>(rs, 11, vsq<T>(zk));
  accv<T>(rs, 12, vsq<T>(wNew));
  accv<T>(rs, 13, vsq<T>(v128.sub<T>(wNew, wOld)));
  accv<T>(rs, 14, vsq<T>(dn3));
}

/** The box block of row i (boxPix for every pixel); the groups in columns [0, n) take the mask-free path. */
// @ts-ignore: decorator
@inline function boxRow<T>(
  rs: usize, masks: usize, z: usize, w: usize, d3: usize, k0: i32, Tc: i32, rowInside: bool, freeOutside: bool,
  alpha: T, beta: T, wScale: T, lo: T, hi: T, n: i32,
): void {
  const L = lanes<T>();
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const A = v128.splat<T>(alpha), B = v128.splat<T>(beta), WS = v128.splat<T>(wScale);
    const LO = v128.splat<T>(lo), HI = v128.splat<T>(hi);
    if (rowInside) {
      for (; j + L <= n; j += L) boxGroup<T>(rs, masks, z, w, d3, k0, j, Tc, rowInside, freeOutside, A, B, WS, LO, HI, true);
    }
    for (; j + L <= Tc; j += L) boxGroup<T>(rs, masks, z, w, d3, k0, j, Tc, rowInside, freeOutside, A, B, WS, LO, HI, false);
  }
  for (; j < Tc; j++) boxPix<T>(rs, masks, z, w, d3, k0 + j, j, Tc, rowInside, freeOutside, alpha, beta, wScale, lo, hi);
}

/**
 * Row i of the next right-hand side b = μ₂Dᵀ(v − d₂) + μ₃(w − d₃), written to b, with Dᵀ the
 * adjoint of the periodic forward differences: (Dᵀp)[i,j] = p[i−1,j] − p[i,j] (per component).
 * up = row i − 1 (periodic). Reads the split variables and duals of rows i − 1 and i only.
 */
function rhsRow<T>(
  b: usize, vr: usize, vc: usize, d2r: usize, d2c: usize, w: usize, d3: usize, k0: i32, up: i32, Tc: i32, mu2: T, mu3: T,
): void {
  const L = lanes<T>();
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const M2 = v128.splat<T>(mu2), M3 = v128.splat<T>(mu3);
    for (; j + L <= Tc; j += L) {
      const k = k0 + j;
      const pv = v128.sub<T>(vl<T>(vr, k), vl<T>(d2r, k));
      const ph = v128.sub<T>(vl<T>(vc, k), vl<T>(d2c, k));
      const pUp = v128.sub<T>(vl<T>(vr, up + j), vl<T>(d2r, up + j));
      let pLeft: v128;
      if (j > 0) pLeft = v128.sub<T>(vl<T>(vc, k - 1), vl<T>(d2c, k - 1));
      else {
        const last = k0 + Tc - L; // the row's last group: its lane L − 1 is column Tc − 1
        pLeft = v128.sub<T>(prevLanes<T>(vl<T>(vc, last), vl<T>(vc, k)), prevLanes<T>(vl<T>(d2c, last), vl<T>(d2c, k)));
      }
      const dt = v128.add<T>(v128.sub<T>(pUp, pv), v128.sub<T>(pLeft, ph));
      vs<T>(b, k, v128.add<T>(v128.mul<T>(M2, dt), v128.mul<T>(M3, v128.sub<T>(vl<T>(w, k), vl<T>(d3, k)))));
    }
  }
  for (; j < Tc; j++) {
    const k = k0 + j;
    const left = j > 0 ? k - 1 : k0 + Tc - 1;
    const pv = lt<T>(vr, k) - lt<T>(d2r, k);
    const ph = lt<T>(vc, k) - lt<T>(d2c, k);
    const dt = ((lt<T>(vr, up + j) - lt<T>(d2r, up + j)) - pv) + ((lt<T>(vc, left) - lt<T>(d2c, left)) - ph);
    wt<T>(b, k, mu2 * dt + mu3 * (lt<T>(w, k) - lt<T>(d3, k)));
  }
}

/** The [17] sum (‖z‖² on the image) of row i when the TV block is idle. */
function sqRow<T>(rs: usize, masks: usize, z: usize, k0: i32, Tc: i32): void {
  for (let j = 0; j < Tc; j++) {
    const zi: T = maskAt<T>(masks, Tc + j) ? lt<T>(z, k0 + j) : 0;
    addSum<T>(rs, 17, j & (lanes<T>() - 1), zi * zi);
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
 * yc: the data on the canvas (admmPlace; rows r0 … r0+R−1 observed, columns per the masks).
 * lo/hi may be ∓Infinity; lambda is the Tikhonov weight, tv the TV weight; μ₂ = 0 leaves the TV
 * block idle (v, d₂ stay 0). masks from admmMasks. Every canvas buffer is Tr×Tc of T.
 */
export function admmSplit<T>(
  stats: usize, masks: usize, z: usize, Hz: usize, yc: usize, u: usize, d1: usize, vr: usize, vc: usize, d2r: usize, d2c: usize,
  w: usize, d3: usize, Tr: i32, Tc: i32, m: i32, R: i32, r0: i32,
  mu1: f64, mu2: f64, mu3: f64, lambda: f64, tv: f64, lo: f64, hi: f64, alpha: f64, freeOutside: i32,
): void {
  memory.fill(stats + RUN, 0, <usize>(NSTATS * 4 * 8));
  splitRows<T>(stats, masks, z, Hz, yc, u, d1, vr, vc, d2r, d2c, w, d3, Tr, Tc, m, R, r0,
    mu1, mu2, mu3, lambda, tv, lo, hi, alpha, freeOutside, 0, Tr);
  splitFinish<T>(stats, z, vr, vc, d2r, d2c, w, d3, Tr, Tc, mu2, mu3);
}

/**
 * Rows [i0, i1) of admmSplit, in order: each row's blocks, then its right-hand side b (row 0's
 * is left to splitFinish), its sums added to the running sums. Row i reads row i + 1 of z
 * (row 0 for the last row), which must still hold x.
 */
function splitRows<T>(
  stats: usize, masks: usize, z: usize, Hz: usize, yc: usize, u: usize, d1: usize, vr: usize, vc: usize, d2r: usize, d2c: usize,
  w: usize, d3: usize, Tr: i32, Tc: i32, m: i32, R: i32, r0: i32,
  mu1: f64, mu2: f64, mu3: f64, lambda: f64, tv: f64, lo: f64, hi: f64, alpha: f64, freeOutside: i32, i0: i32, i1: i32,
): void {
  const L = lanes<T>();
  const run = stats + RUN;
  const rs = stats + ROW;
  const a = <T>alpha;
  const beta = <T>(1.0 - alpha);
  const m1 = <T>mu1;
  const dataWeight = <T>(1.0 / (1.0 + mu1));
  const shrink = <T>(mu2 > 0 ? tv / mu2 : 0.0);
  const wScale = <T>(mu3 / (lambda + mu3));
  const tvActive = mu2 > 0;
  const free = freeOutside != 0;
  // From the masks (admmMasks): the observed columns [oc0, oc1), the image's columns [0, nIn)
  // and the pn = n − 1 leading columns whose horizontal difference is penalised.
  let oc0 = 0;
  while (oc0 < Tc && !maskAt<T>(masks, oc0)) oc0++;
  let oc1 = oc0;
  while (oc1 < Tc && maskAt<T>(masks, oc1)) oc1++;
  let nIn = 0;
  while (nIn < Tc && maskAt<T>(masks, Tc + nIn)) nIn++;
  let pn = 0;
  while (pn < Tc && maskAt<T>(masks, 2 * Tc + pn)) pn++;
  for (let i = i0; i < i1; i++) {
    const k0 = i * Tc;
    const rowInside = i < m;
    memory.fill(rs, 0, <usize>(NSTATS * L) * sizeof<T>());
    dataRow<T>(rs, masks, Hz, i >= r0 && i < r0 + R, yc, u, d1, k0, Tc, m1, a, beta, dataWeight, oc0, oc1);
    if (tvActive) {
      const below = i + 1 < Tr ? k0 + Tc : 0;
      tvRow<T>(rs, masks, z, z + <usize>below * sizeof<T>(), vr, vc, d2r, d2c, k0, Tc, rowInside, i + 1 < m, a, beta, shrink, pn);
    } else if (rowInside) {
      sqRow<T>(rs, masks, z, k0, Tc);
    }
    boxRow<T>(rs, masks, z, w, d3, k0, Tc, rowInside, free, a, beta, wScale, <T>lo, <T>hi, nIn);
    if (i > 0) rhsRow<T>(z, vr, vc, d2r, d2c, w, d3, k0, k0 - Tc, Tc, <T>mu2, <T>mu3);
    for (let s = 0; s < NSTATS; s++) {
      for (let e = 0; e < L; e++) {
        const p = run + (<usize>(s * 4 + e) << 3);
        store<f64>(p, load<f64>(p) + <f64>lt<T>(rs, s * L + e));
      }
    }
  }
}

/** After splitRows over every row: row 0's right-hand side b, and the results from the running sums. */
function splitFinish<T>(
  stats: usize, z: usize, vr: usize, vc: usize, d2r: usize, d2c: usize, w: usize, d3: usize, Tr: i32, Tc: i32, mu2: f64, mu3: f64,
): void {
  const L = lanes<T>();
  const run = stats + RUN;
  rhsRow<T>(z, vr, vc, d2r, d2c, w, d3, 0, (Tr - 1) * Tc, Tc, <T>mu2, <T>mu3);
  for (let s = 0; s < NSTATS; s++) {
    let t = 0.0;
    for (let e = 0; e < L; e++) t += ld(run, s * 4 + e);
    st(stats, s, t);
  }
  st(stats, 15, 0.5 * ld(stats, 15));
  st(stats, 17, 0.5 * ld(stats, 17));
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
  const g1 = <T>f1, g2 = <T>f2, g3 = <T>f3;
  for (let k = 0; k < N; k++) {
    const d = g1 * lt<T>(d1, k);
    wt<T>(d1, k, d);
    wt<T>(a, k, lt<T>(u, k) - d);
  }
  if (f2 != 1.0) {
    for (let k = 0; k < N; k++) {
      wt<T>(d2r, k, g2 * lt<T>(d2r, k));
      wt<T>(d2c, k, g2 * lt<T>(d2c, k));
    }
  }
  if (f3 != 1.0) for (let k = 0; k < N; k++) wt<T>(d3, k, g3 * lt<T>(d3, k));
  for (let i = 0; i < Tr; i++) rhsRow<T>(b, vr, vc, d2r, d2c, w, d3, i * Tc, (i > 0 ? i - 1 : Tr - 1) * Tc, Tc, <T>mu2, <T>mu3);
}
