// Mixed-radix FFTs for sizes 2^a·3^b·5^c, f32 and f64 from the same generic code:
// complex (forward / inverse), real-input 1-D (n reals ↔ n/2+1 complex, the half spectrum)
// and 2-D real (rows×cols reals ↔ rows×(cols/2+1) complex, numpy's rfft2 layout).
//
// Conventions. Complex values are interleaved (re, im). Forward: X[k] = Σ_j x[j]·e^{−2πijk/n},
// unnormalised. Every inverse includes the 1/n (1/(rows·cols) in 2-D), so
// inverse(forward(x)) = x. Real inverses ignore the imaginary parts of X[0] (and of X[n/2]
// for even n), as numpy's irfft does.
//
// Algorithm. Stockham autosort (no bit reversal), radices 4, 2, 3, 5 (greedily: 4s, then a 2,
// then 3s, then 5s). Stage i maps element q + s·(p + r·m) to q + s·(R·p + k), R the radix,
// m = L/R, L the remaining length, s the product of the earlier radices, with twiddle
// w_L^{pk}. Stages ping-pong between two work buffers; the first reads the source and the
// last writes the destination, so transforms may run in place. A batch of b transforms
// stored side by side (element j of transform c at j·stride + c) is the same loop with b
// contiguous complex values per element, and contiguous stages fold q into that run, so the
// innermost loop always sweeps one contiguous run of complex values under one splatted
// twiddle: two f32 or one f64 complex per v128, no gathers. The 2-D transform is built from
// such batches (blocks of rows gathered transposed, blocks of spectrum columns read and
// written in place by the first and last stage): see the 2-D section below.
//
// Real input of even length n = 2h: the n reals are read as h complex values, transformed
// with an h-point FFT and separated with the e^{−2πik/n} post-twiddles (and the reverse for
// the inverse). Odd n uses an n-point complex FFT of (x, 0).
//
// Determinism. The SIMD code computes each lane with the same operations in the same order
// as the scalar code (which is both the scalar build and the SIMD build's tails), without
// FMA or relaxed SIMD: the two binaries return identical bits, in every engine.
//
// Memory. Plans (factorisation and twiddles, in the data's precision, computed in f64 with
// octant reduction) and work buffers live in memory the caller provides with its size;
// nothing here allocates. Functions return 0, or a negative code: −1 bad size, −2 plan
// does not match the call, −3 buffer too small.

const MAGIC_C: i32 = 0x31434643; // complex plan
const MAGIC_R: i32 = 0x31524643; // real plan
const MAGIC_2: i32 = 0x32524643; // 2-D real plan

// Complex plan header: magic, n, stages, sizeof<T>, radices[32], twiddle offsets[32], then twiddles.
const C_RADIX: usize = 16;
const C_TWOFF: usize = C_RADIX + 4 * 32;
const C_HDR: usize = C_TWOFF + 4 * 32; // 272, a multiple of 16
// Real plan header: magic, n, sizeof<T>, post-twiddle offset (0 for odd n); the complex plan at 32.
// 2-D plan header: magic, rows, cols, sizeof<T>, column-plan offset; the row (real) plan at 32.
const R_HDR: usize = 32;

export const ERR_SIZE: i32 = -1;
export const ERR_PLAN: i32 = -2;
export const ERR_SPACE: i32 = -3;

/** Rows per 2-D row block (64 bytes of each transposed element). */
// @ts-ignore: decorator
@inline export function blk<T>(): i32 {
  return sizeof<T>() == 4 ? 8 : 4;
}

/** Complex values per 2-D column block (256 bytes of each spectrum row: fewer strided visits per row and page). */
// @ts-ignore: decorator
@inline export function cblk<T>(): i32 {
  return sizeof<T>() == 4 ? 32 : 16;
}

// @ts-ignore: decorator
@inline export function align16(bytes: f64): f64 {
  return Math.ceil(bytes / 16) * 16;
}

/**
 * The next radix to split `n` by: 4 while it divides, then 2, 3, 5; 0 when n = 1 or not
 * 2,3,5-smooth. (A radix-8 pass was tried: no faster at 512, 35% slower at 1024, where its
 * eight inputs, (n/8)·64 bytes apart, all fall in one set of the 8-way L1.)
 */
function nextRadix(n: i32): i32 {
  if (n % 4 == 0) return 4;
  if (n % 2 == 0) return 2;
  if (n % 3 == 0) return 3;
  if (n % 5 == 0) return 5;
  return 0;
}

/** True when n ≥ 1 has no prime factor other than 2, 3 and 5. */
export function isSmooth(n: i32): bool {
  if (n < 1) return false;
  while (n > 1) {
    const r = nextRadix(n);
    if (r == 0) return false;
    n /= r;
  }
  return true;
}

/** Stores e^{−2πi·j/L} (two T) at dst. Octant reduction: sin and cos only see [0, π/4]. */
function storeCis<T>(dst: usize, j: i64, L: i64): void {
  let u = ((j % L + L) % L) * 8; // angle = (π/4)·u/L, u in [0, 8L)
  let negS = false;
  let negC = false;
  let swap = false;
  if (u > 4 * L) { u = 8 * L - u; negS = true; }
  if (u > 2 * L) { u = 4 * L - u; negC = true; }
  if (u > L) { u = 2 * L - u; swap = true; }
  const t = (Math.PI * <f64>u) / (4 * <f64>L);
  let c = Math.cos(t);
  let s = Math.sin(t);
  if (swap) { const tmp = c; c = s; s = tmp; }
  if (negC) c = -c;
  if (negS) s = -s;
  store<T>(dst, <T>c);
  store<T>(dst + sizeof<T>(), <T>(-s));
}

// ---------------------------------------------------------------------------------------
// SIMD helpers (only compiled into the SIMD binary)

/** (re, im) → (im, re) for every complex value in the vector. */
// @ts-ignore: decorator
@inline function swp<T>(v: v128): v128 {
  if (sizeof<T>() == 4) return v128.shuffle<f32>(v, v, 1, 0, 3, 2);
  return v128.shuffle<f64>(v, v, 1, 0);
}

/** (a, b) in every complex slot: a in the real lanes, b in the imaginary lanes. */
// @ts-ignore: decorator
@inline function alt<T>(a: T, b: T): v128 {
  const v = v128.splat<T>(a);
  if (sizeof<T>() == 4) return v128.replace_lane<f32>(v128.replace_lane<f32>(v, 1, <f32>b), 3, <f32>b);
  return v128.replace_lane<f64>(v, 1, <f64>b);
}

/** a·w with wr = (wr, wr), wi = (−wi, wi) per slot (signs pre-applied): lanes a·wr + swap(a)·wi. */
// @ts-ignore: decorator
@inline function cmulv<T>(a: v128, wr: v128, wi: v128): v128 {
  return v128.add<T>(v128.mul<T>(a, wr), v128.mul<T>(swp<T>(a), wi));
}

/**
 * The v128 of transforms c, c+1 (f32) or c (f64) at element address p: t = 0 when the batch's
 * transforms are contiguous (the run layout), else the bytes between transforms — rows of a
 * row-major spectrum, read and written by the row pass's first and last stage directly
 * (assembly/fft2c.ts) instead of through a transposed copy. Loads and stores only: the same
 * values reach the same arithmetic.
 */
// @ts-ignore: decorator
@inline function ldv<T>(p: usize, t: usize): v128 {
  if (sizeof<T>() == 4 && t != 0) return v128.load64_lane(p + t, v128.load64_zero(p), 1);
  return v128.load(p);
}
// @ts-ignore: decorator
@inline function stv<T>(p: usize, t: usize, v: v128): void {
  if (sizeof<T>() == 4 && t != 0) {
    v128.store64_lane(p, v, 0);
    v128.store64_lane(p + t, v, 1);
  } else {
    v128.store(p, v);
  }
}

// ---------------------------------------------------------------------------------------
// Radix passes. x, y: first element; xs, ys: bytes between elements; xr: bytes between the
// R inputs of a butterfly; yk: between its R outputs; `bytes`: the contiguous run of each
// element (b complex values). The twiddle of output k is applied as re·wr + im·wn,
// im·wr + re·wp, where wn = wi·(−sg), wp = wi·sg (sg = 1 forward, −1 inverse: conjugate).

// @ts-ignore: decorator
@inline function bf2s<T>(xp: usize, xr: usize, yp: usize, yk: usize, twd: bool, w1r: T, w1n: T, w1p: T): void {
  const sz = sizeof<T>();
  const a0r = load<T>(xp), a0i = load<T>(xp + sz);
  const a1r = load<T>(xp + xr), a1i = load<T>(xp + xr + sz);
  let b1r = a0r - a1r, b1i = a0i - a1i;
  if (twd) {
    const cr = b1r * w1r + b1i * w1n;
    const ci = b1i * w1r + b1r * w1p;
    b1r = cr; b1i = ci;
  }
  store<T>(yp, a0r + a1r); store<T>(yp + sz, a0i + a1i);
  store<T>(yp + yk, b1r); store<T>(yp + yk + sz, b1i);
}

// @ts-ignore: decorator
@inline function bf2v<T>(xp: usize, xr: usize, yp: usize, yk: usize, xt: usize, yt: usize, twd: bool, W1R: v128, W1I: v128): void {
  const a0 = ldv<T>(xp, xt);
  const a1 = ldv<T>(xp + xr, xt);
  let b1 = v128.sub<T>(a0, a1);
  if (twd) b1 = cmulv<T>(b1, W1R, W1I);
  stv<T>(yp, yt, v128.add<T>(a0, a1));
  stv<T>(yp + yk, yt, b1);
}

// @ts-ignore: decorator
@inline function loop2<T>(
  xb: usize, xs: usize, xr: usize, yb: usize, ys: usize, yk: usize, s: i32, bytes: usize, sg: T, twd: bool, xt: usize, yt: usize,
  w1r: T, w1i: T,
): void {
  const csz = <usize>sizeof<T>() << 1;
  // Strided transforms (xt or yt ≠ 0): bytes between consecutive complex values and v128s.
  const xc: usize = xt == 0 ? csz : xt, yc: usize = yt == 0 ? csz : yt;
  const xv = xc * (16 / csz), yv = yc * (16 / csz);
  const ns: T = -sg;
  const w1n = w1i * ns, w1p = w1i * sg;
  if (ASC_FEATURE_SIMD) {
    const vb = bytes & ~(<usize>15);
    const SG = alt<T>(ns, sg);
    const W1R = v128.splat<T>(w1r), W1I = v128.mul<T>(v128.splat<T>(w1i), SG);
    for (let q = 0; q < s; q++) {
      const xp = xb + <usize>q * xs, yp = yb + <usize>q * ys;
      if (xt == 0 && yt == 0) {
        let o: usize = 0;
        for (; o < vb; o += 16) bf2v<T>(xp + o, xr, yp + o, yk, 0, 0, twd, W1R, W1I);
        for (; o < bytes; o += csz) bf2s<T>(xp + o, xr, yp + o, yk, twd, w1r, w1n, w1p);
      } else {
        let o: usize = 0, xo: usize = 0, yo: usize = 0;
        for (; o < vb; o += 16, xo += xv, yo += yv) bf2v<T>(xp + xo, xr, yp + yo, yk, xt, yt, twd, W1R, W1I);
        for (; o < bytes; o += csz, xo += xc, yo += yc) bf2s<T>(xp + xo, xr, yp + yo, yk, twd, w1r, w1n, w1p);
      }
    }
  } else {
    for (let q = 0; q < s; q++) {
      const xp = xb + <usize>q * xs, yp = yb + <usize>q * ys;
      let xo: usize = 0, yo: usize = 0;
      for (let o: usize = 0; o < bytes; o += csz, xo += xc, yo += yc) bf2s<T>(xp + xo, xr, yp + yo, yk, twd, w1r, w1n, w1p);
    }
  }
}

function pass2<T>(x: usize, xs: usize, y: usize, ys: usize, tw: usize, m: i32, s: i32, bytes: usize, sg: T, xt: usize, yt: usize): void {
  const sz = <usize>sizeof<T>();
  const xr = <usize>(s * m) * xs;
  const yk = <usize>s * ys;
  loop2<T>(x, xs, xr, y, ys, yk, s, bytes, sg, false, xt, yt, 1, 0);
  for (let p = 1; p < m; p++) {
    const t = tw + <usize>p * (sz << 1);
    loop2<T>(x + <usize>(s * p) * xs, xs, xr, y + <usize>(s * 2 * p) * ys, ys, yk, s, bytes, sg, true, xt, yt,
      load<T>(t), load<T>(t + sz));
  }
}

// @ts-ignore: decorator
@inline function bf4s<T>(
  xp: usize, xr: usize, yp: usize, yk: usize, sg: T, ns: T, twd: bool,
  w1r: T, w1n: T, w1p: T, w2r: T, w2n: T, w2p: T, w3r: T, w3n: T, w3p: T,
): void {
  const sz = <usize>sizeof<T>();
  const a0r = load<T>(xp), a0i = load<T>(xp + sz);
  const a1r = load<T>(xp + xr), a1i = load<T>(xp + xr + sz);
  const a2r = load<T>(xp + 2 * xr), a2i = load<T>(xp + 2 * xr + sz);
  const a3r = load<T>(xp + 3 * xr), a3i = load<T>(xp + 3 * xr + sz);
  const t0r = a0r + a2r, t0i = a0i + a2i;
  const t1r = a0r - a2r, t1i = a0i - a2i;
  const t2r = a1r + a3r, t2i = a1i + a3i;
  const dr = a1r - a3r, di = a1i - a3i;
  const t3r = di * sg, t3i = dr * ns; // (a1 − a3)·(−i·sg)
  let b1r = t1r + t3r, b1i = t1i + t3i;
  let b2r = t0r - t2r, b2i = t0i - t2i;
  let b3r = t1r - t3r, b3i = t1i - t3i;
  if (twd) {
    const c1r = b1r * w1r + b1i * w1n, c1i = b1i * w1r + b1r * w1p;
    const c2r = b2r * w2r + b2i * w2n, c2i = b2i * w2r + b2r * w2p;
    const c3r = b3r * w3r + b3i * w3n, c3i = b3i * w3r + b3r * w3p;
    b1r = c1r; b1i = c1i; b2r = c2r; b2i = c2i; b3r = c3r; b3i = c3i;
  }
  store<T>(yp, t0r + t2r); store<T>(yp + sz, t0i + t2i);
  store<T>(yp + yk, b1r); store<T>(yp + yk + sz, b1i);
  store<T>(yp + 2 * yk, b2r); store<T>(yp + 2 * yk + sz, b2i);
  store<T>(yp + 3 * yk, b3r); store<T>(yp + 3 * yk + sz, b3i);
}

// @ts-ignore: decorator
@inline function bf4v<T>(
  xp: usize, xr: usize, yp: usize, yk: usize, xt: usize, yt: usize, ROT: v128, twd: bool,
  W1R: v128, W1I: v128, W2R: v128, W2I: v128, W3R: v128, W3I: v128,
): void {
  const a0 = ldv<T>(xp, xt);
  const a1 = ldv<T>(xp + xr, xt);
  const a2 = ldv<T>(xp + 2 * xr, xt);
  const a3 = ldv<T>(xp + 3 * xr, xt);
  const t0 = v128.add<T>(a0, a2);
  const t1 = v128.sub<T>(a0, a2);
  const t2 = v128.add<T>(a1, a3);
  const t3 = v128.mul<T>(swp<T>(v128.sub<T>(a1, a3)), ROT);
  let b1 = v128.add<T>(t1, t3);
  let b2 = v128.sub<T>(t0, t2);
  let b3 = v128.sub<T>(t1, t3);
  if (twd) {
    b1 = cmulv<T>(b1, W1R, W1I);
    b2 = cmulv<T>(b2, W2R, W2I);
    b3 = cmulv<T>(b3, W3R, W3I);
  }
  stv<T>(yp, yt, v128.add<T>(t0, t2));
  stv<T>(yp + yk, yt, b1);
  stv<T>(yp + 2 * yk, yt, b2);
  stv<T>(yp + 3 * yk, yt, b3);
}

// @ts-ignore: decorator
@inline function loop4<T>(
  xb: usize, xs: usize, xr: usize, yb: usize, ys: usize, yk: usize, s: i32, bytes: usize, sg: T, twd: bool, xt: usize, yt: usize,
  w1r: T, w1i: T, w2r: T, w2i: T, w3r: T, w3i: T,
): void {
  const csz = <usize>sizeof<T>() << 1;
  // Strided transforms (xt or yt ≠ 0): bytes between consecutive complex values and v128s.
  const xc: usize = xt == 0 ? csz : xt, yc: usize = yt == 0 ? csz : yt;
  const xv = xc * (16 / csz), yv = yc * (16 / csz);
  const ns: T = -sg;
  const w1n = w1i * ns, w1p = w1i * sg;
  const w2n = w2i * ns, w2p = w2i * sg;
  const w3n = w3i * ns, w3p = w3i * sg;
  if (ASC_FEATURE_SIMD) {
    const vb = bytes & ~(<usize>15);
    const SG = alt<T>(ns, sg);
    const ROT = alt<T>(sg, ns);
    const W1R = v128.splat<T>(w1r), W1I = v128.mul<T>(v128.splat<T>(w1i), SG);
    const W2R = v128.splat<T>(w2r), W2I = v128.mul<T>(v128.splat<T>(w2i), SG);
    const W3R = v128.splat<T>(w3r), W3I = v128.mul<T>(v128.splat<T>(w3i), SG);
    for (let q = 0; q < s; q++) {
      const xp = xb + <usize>q * xs, yp = yb + <usize>q * ys;
      if (xt == 0 && yt == 0) {
        let o: usize = 0;
        for (; o < vb; o += 16) bf4v<T>(xp + o, xr, yp + o, yk, 0, 0, ROT, twd, W1R, W1I, W2R, W2I, W3R, W3I);
        for (; o < bytes; o += csz) bf4s<T>(xp + o, xr, yp + o, yk, sg, ns, twd, w1r, w1n, w1p, w2r, w2n, w2p, w3r, w3n, w3p);
      } else {
        let o: usize = 0, xo: usize = 0, yo: usize = 0;
        for (; o < vb; o += 16, xo += xv, yo += yv) bf4v<T>(xp + xo, xr, yp + yo, yk, xt, yt, ROT, twd, W1R, W1I, W2R, W2I, W3R, W3I);
        for (; o < bytes; o += csz, xo += xc, yo += yc) bf4s<T>(xp + xo, xr, yp + yo, yk, sg, ns, twd, w1r, w1n, w1p, w2r, w2n, w2p, w3r, w3n, w3p);
      }
    }
  } else {
    for (let q = 0; q < s; q++) {
      const xp = xb + <usize>q * xs, yp = yb + <usize>q * ys;
      let xo: usize = 0, yo: usize = 0;
      for (let o: usize = 0; o < bytes; o += csz, xo += xc, yo += yc) bf4s<T>(xp + xo, xr, yp + yo, yk, sg, ns, twd, w1r, w1n, w1p, w2r, w2n, w2p, w3r, w3n, w3p);
    }
  }
}

function pass4<T>(x: usize, xs: usize, y: usize, ys: usize, tw: usize, m: i32, s: i32, bytes: usize, sg: T, xt: usize, yt: usize): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const xr = <usize>(s * m) * xs;
  const yk = <usize>s * ys;
  loop4<T>(x, xs, xr, y, ys, yk, s, bytes, sg, false, xt, yt, 1, 0, 1, 0, 1, 0);
  for (let p = 1; p < m; p++) {
    const t = tw + <usize>(3 * p) * csz;
    loop4<T>(x + <usize>(s * p) * xs, xs, xr, y + <usize>(s * 4 * p) * ys, ys, yk, s, bytes, sg, true, xt, yt,
      load<T>(t), load<T>(t + sz), load<T>(t + csz), load<T>(t + csz + sz),
      load<T>(t + 2 * csz), load<T>(t + 2 * csz + sz));
  }
}

const HALF: f64 = 0.5;
const S3: f64 = 0.8660254037844386; // sin(2π/3)
const C51: f64 = 0.30901699437494745; // cos(2π/5)
const C52: f64 = -0.8090169943749475; // cos(4π/5)
const S51: f64 = 0.9510565162951535; // sin(2π/5)
const S52: f64 = 0.5877852522924731; // sin(4π/5)

// @ts-ignore: decorator
@inline function bf3s<T>(
  xp: usize, xr: usize, yp: usize, yk: usize, kp: T, kn: T, twd: bool,
  w1r: T, w1n: T, w1p: T, w2r: T, w2n: T, w2p: T,
): void {
  const sz = <usize>sizeof<T>();
  const a0r = load<T>(xp), a0i = load<T>(xp + sz);
  const a1r = load<T>(xp + xr), a1i = load<T>(xp + xr + sz);
  const a2r = load<T>(xp + 2 * xr), a2i = load<T>(xp + 2 * xr + sz);
  const t1r = a1r + a2r, t1i = a1i + a2i;
  const t2r = a1r - a2r, t2i = a1i - a2i;
  const m1r = a0r - t1r * <T>HALF, m1i = a0i - t1i * <T>HALF;
  const m2r = t2i * kp, m2i = t2r * kn; // (a1 − a2)·(−i·sg)·sin(2π/3)
  let b1r = m1r + m2r, b1i = m1i + m2i;
  let b2r = m1r - m2r, b2i = m1i - m2i;
  if (twd) {
    const c1r = b1r * w1r + b1i * w1n, c1i = b1i * w1r + b1r * w1p;
    const c2r = b2r * w2r + b2i * w2n, c2i = b2i * w2r + b2r * w2p;
    b1r = c1r; b1i = c1i; b2r = c2r; b2i = c2i;
  }
  store<T>(yp, a0r + t1r); store<T>(yp + sz, a0i + t1i);
  store<T>(yp + yk, b1r); store<T>(yp + yk + sz, b1i);
  store<T>(yp + 2 * yk, b2r); store<T>(yp + 2 * yk + sz, b2i);
}

// @ts-ignore: decorator
@inline function bf3v<T>(
  xp: usize, xr: usize, yp: usize, yk: usize, xt: usize, yt: usize, H: v128, K: v128, twd: bool,
  W1R: v128, W1I: v128, W2R: v128, W2I: v128,
): void {
  const a0 = ldv<T>(xp, xt);
  const a1 = ldv<T>(xp + xr, xt);
  const a2 = ldv<T>(xp + 2 * xr, xt);
  const t1 = v128.add<T>(a1, a2);
  const t2 = v128.sub<T>(a1, a2);
  const m1 = v128.sub<T>(a0, v128.mul<T>(t1, H));
  const m2 = v128.mul<T>(swp<T>(t2), K);
  let b1 = v128.add<T>(m1, m2);
  let b2 = v128.sub<T>(m1, m2);
  if (twd) {
    b1 = cmulv<T>(b1, W1R, W1I);
    b2 = cmulv<T>(b2, W2R, W2I);
  }
  stv<T>(yp, yt, v128.add<T>(a0, t1));
  stv<T>(yp + yk, yt, b1);
  stv<T>(yp + 2 * yk, yt, b2);
}

// @ts-ignore: decorator
@inline function loop3<T>(
  xb: usize, xs: usize, xr: usize, yb: usize, ys: usize, yk: usize, s: i32, bytes: usize, sg: T, twd: bool, xt: usize, yt: usize,
  w1r: T, w1i: T, w2r: T, w2i: T,
): void {
  const csz = <usize>sizeof<T>() << 1;
  // Strided transforms (xt or yt ≠ 0): bytes between consecutive complex values and v128s.
  const xc: usize = xt == 0 ? csz : xt, yc: usize = yt == 0 ? csz : yt;
  const xv = xc * (16 / csz), yv = yc * (16 / csz);
  const ns: T = -sg;
  const kp: T = sg * <T>S3, kn: T = ns * <T>S3;
  const w1n = w1i * ns, w1p = w1i * sg;
  const w2n = w2i * ns, w2p = w2i * sg;
  if (ASC_FEATURE_SIMD) {
    const vb = bytes & ~(<usize>15);
    const SG = alt<T>(ns, sg);
    const H = v128.splat<T>(<T>HALF);
    const K = alt<T>(kp, kn);
    const W1R = v128.splat<T>(w1r), W1I = v128.mul<T>(v128.splat<T>(w1i), SG);
    const W2R = v128.splat<T>(w2r), W2I = v128.mul<T>(v128.splat<T>(w2i), SG);
    for (let q = 0; q < s; q++) {
      const xp = xb + <usize>q * xs, yp = yb + <usize>q * ys;
      if (xt == 0 && yt == 0) {
        let o: usize = 0;
        for (; o < vb; o += 16) bf3v<T>(xp + o, xr, yp + o, yk, 0, 0, H, K, twd, W1R, W1I, W2R, W2I);
        for (; o < bytes; o += csz) bf3s<T>(xp + o, xr, yp + o, yk, kp, kn, twd, w1r, w1n, w1p, w2r, w2n, w2p);
      } else {
        let o: usize = 0, xo: usize = 0, yo: usize = 0;
        for (; o < vb; o += 16, xo += xv, yo += yv) bf3v<T>(xp + xo, xr, yp + yo, yk, xt, yt, H, K, twd, W1R, W1I, W2R, W2I);
        for (; o < bytes; o += csz, xo += xc, yo += yc) bf3s<T>(xp + xo, xr, yp + yo, yk, kp, kn, twd, w1r, w1n, w1p, w2r, w2n, w2p);
      }
    }
  } else {
    for (let q = 0; q < s; q++) {
      const xp = xb + <usize>q * xs, yp = yb + <usize>q * ys;
      let xo: usize = 0, yo: usize = 0;
      for (let o: usize = 0; o < bytes; o += csz, xo += xc, yo += yc) bf3s<T>(xp + xo, xr, yp + yo, yk, kp, kn, twd, w1r, w1n, w1p, w2r, w2n, w2p);
    }
  }
}

function pass3<T>(x: usize, xs: usize, y: usize, ys: usize, tw: usize, m: i32, s: i32, bytes: usize, sg: T, xt: usize, yt: usize): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const xr = <usize>(s * m) * xs;
  const yk = <usize>s * ys;
  loop3<T>(x, xs, xr, y, ys, yk, s, bytes, sg, false, xt, yt, 1, 0, 1, 0);
  for (let p = 1; p < m; p++) {
    const t = tw + <usize>(2 * p) * csz;
    loop3<T>(x + <usize>(s * p) * xs, xs, xr, y + <usize>(s * 3 * p) * ys, ys, yk, s, bytes, sg, true, xt, yt,
      load<T>(t), load<T>(t + sz), load<T>(t + csz), load<T>(t + csz + sz));
  }
}

// @ts-ignore: decorator
@inline function bf5s<T>(
  xp: usize, xr: usize, yp: usize, yk: usize, k1p: T, k1n: T, k2p: T, k2n: T, twd: bool,
  w1r: T, w1n: T, w1p: T, w2r: T, w2n: T, w2p: T, w3r: T, w3n: T, w3p: T, w4r: T, w4n: T, w4p: T,
): void {
  const sz = <usize>sizeof<T>();
  const c1 = <T>C51, c2 = <T>C52;
  const a0r = load<T>(xp), a0i = load<T>(xp + sz);
  const a1r = load<T>(xp + xr), a1i = load<T>(xp + xr + sz);
  const a2r = load<T>(xp + 2 * xr), a2i = load<T>(xp + 2 * xr + sz);
  const a3r = load<T>(xp + 3 * xr), a3i = load<T>(xp + 3 * xr + sz);
  const a4r = load<T>(xp + 4 * xr), a4i = load<T>(xp + 4 * xr + sz);
  const t1r = a1r + a4r, t1i = a1i + a4i;
  const t2r = a2r + a3r, t2i = a2i + a3i;
  const t3r = a1r - a4r, t3i = a1i - a4i;
  const t4r = a2r - a3r, t4i = a2i - a3i;
  const m1r = (a0r + t1r * c1) + t2r * c2, m1i = (a0i + t1i * c1) + t2i * c2;
  const m2r = (a0r + t1r * c2) + t2r * c1, m2i = (a0i + t1i * c2) + t2i * c1;
  const n1r = t3i * k1p + t4i * k2p, n1i = t3r * k1n + t4r * k2n;
  const n2r = t3i * k2p - t4i * k1p, n2i = t3r * k2n - t4r * k1n;
  let b1r = m1r + n1r, b1i = m1i + n1i;
  let b4r = m1r - n1r, b4i = m1i - n1i;
  let b2r = m2r + n2r, b2i = m2i + n2i;
  let b3r = m2r - n2r, b3i = m2i - n2i;
  if (twd) {
    const c1r = b1r * w1r + b1i * w1n, c1i = b1i * w1r + b1r * w1p;
    const c2r = b2r * w2r + b2i * w2n, c2i = b2i * w2r + b2r * w2p;
    const c3r = b3r * w3r + b3i * w3n, c3i = b3i * w3r + b3r * w3p;
    const c4r = b4r * w4r + b4i * w4n, c4i = b4i * w4r + b4r * w4p;
    b1r = c1r; b1i = c1i; b2r = c2r; b2i = c2i; b3r = c3r; b3i = c3i; b4r = c4r; b4i = c4i;
  }
  store<T>(yp, (a0r + t1r) + t2r); store<T>(yp + sz, (a0i + t1i) + t2i);
  store<T>(yp + yk, b1r); store<T>(yp + yk + sz, b1i);
  store<T>(yp + 2 * yk, b2r); store<T>(yp + 2 * yk + sz, b2i);
  store<T>(yp + 3 * yk, b3r); store<T>(yp + 3 * yk + sz, b3i);
  store<T>(yp + 4 * yk, b4r); store<T>(yp + 4 * yk + sz, b4i);
}

// @ts-ignore: decorator
@inline function bf5v<T>(
  xp: usize, xr: usize, yp: usize, yk: usize, xt: usize, yt: usize, C1: v128, C2: v128, K1: v128, K2: v128, twd: bool,
  W1R: v128, W1I: v128, W2R: v128, W2I: v128, W3R: v128, W3I: v128, W4R: v128, W4I: v128,
): void {
  const a0 = ldv<T>(xp, xt);
  const a1 = ldv<T>(xp + xr, xt);
  const a2 = ldv<T>(xp + 2 * xr, xt);
  const a3 = ldv<T>(xp + 3 * xr, xt);
  const a4 = ldv<T>(xp + 4 * xr, xt);
  const t1 = v128.add<T>(a1, a4);
  const t2 = v128.add<T>(a2, a3);
  const s3 = swp<T>(v128.sub<T>(a1, a4));
  const s4 = swp<T>(v128.sub<T>(a2, a3));
  const m1 = v128.add<T>(v128.add<T>(a0, v128.mul<T>(t1, C1)), v128.mul<T>(t2, C2));
  const m2 = v128.add<T>(v128.add<T>(a0, v128.mul<T>(t1, C2)), v128.mul<T>(t2, C1));
  const n1 = v128.add<T>(v128.mul<T>(s3, K1), v128.mul<T>(s4, K2));
  const n2 = v128.sub<T>(v128.mul<T>(s3, K2), v128.mul<T>(s4, K1));
  let b1 = v128.add<T>(m1, n1);
  let b4 = v128.sub<T>(m1, n1);
  let b2 = v128.add<T>(m2, n2);
  let b3 = v128.sub<T>(m2, n2);
  if (twd) {
    b1 = cmulv<T>(b1, W1R, W1I);
    b2 = cmulv<T>(b2, W2R, W2I);
    b3 = cmulv<T>(b3, W3R, W3I);
    b4 = cmulv<T>(b4, W4R, W4I);
  }
  stv<T>(yp, yt, v128.add<T>(v128.add<T>(a0, t1), t2));
  stv<T>(yp + yk, yt, b1);
  stv<T>(yp + 2 * yk, yt, b2);
  stv<T>(yp + 3 * yk, yt, b3);
  stv<T>(yp + 4 * yk, yt, b4);
}

// @ts-ignore: decorator
@inline function loop5<T>(
  xb: usize, xs: usize, xr: usize, yb: usize, ys: usize, yk: usize, s: i32, bytes: usize, sg: T, twd: bool, xt: usize, yt: usize,
  w1r: T, w1i: T, w2r: T, w2i: T, w3r: T, w3i: T, w4r: T, w4i: T,
): void {
  const csz = <usize>sizeof<T>() << 1;
  // Strided transforms (xt or yt ≠ 0): bytes between consecutive complex values and v128s.
  const xc: usize = xt == 0 ? csz : xt, yc: usize = yt == 0 ? csz : yt;
  const xv = xc * (16 / csz), yv = yc * (16 / csz);
  const ns: T = -sg;
  const k1p: T = sg * <T>S51, k1n: T = ns * <T>S51;
  const k2p: T = sg * <T>S52, k2n: T = ns * <T>S52;
  const w1n = w1i * ns, w1p = w1i * sg;
  const w2n = w2i * ns, w2p = w2i * sg;
  const w3n = w3i * ns, w3p = w3i * sg;
  const w4n = w4i * ns, w4p = w4i * sg;
  if (ASC_FEATURE_SIMD) {
    const vb = bytes & ~(<usize>15);
    const SG = alt<T>(ns, sg);
    const C1 = v128.splat<T>(<T>C51), C2 = v128.splat<T>(<T>C52);
    const K1 = alt<T>(k1p, k1n), K2 = alt<T>(k2p, k2n);
    const W1R = v128.splat<T>(w1r), W1I = v128.mul<T>(v128.splat<T>(w1i), SG);
    const W2R = v128.splat<T>(w2r), W2I = v128.mul<T>(v128.splat<T>(w2i), SG);
    const W3R = v128.splat<T>(w3r), W3I = v128.mul<T>(v128.splat<T>(w3i), SG);
    const W4R = v128.splat<T>(w4r), W4I = v128.mul<T>(v128.splat<T>(w4i), SG);
    for (let q = 0; q < s; q++) {
      const xp = xb + <usize>q * xs, yp = yb + <usize>q * ys;
      if (xt == 0 && yt == 0) {
        let o: usize = 0;
        for (; o < vb; o += 16) bf5v<T>(xp + o, xr, yp + o, yk, 0, 0, C1, C2, K1, K2, twd, W1R, W1I, W2R, W2I, W3R, W3I, W4R, W4I);
        for (; o < bytes; o += csz) bf5s<T>(xp + o, xr, yp + o, yk, k1p, k1n, k2p, k2n, twd,
          w1r, w1n, w1p, w2r, w2n, w2p, w3r, w3n, w3p, w4r, w4n, w4p);
      } else {
        let o: usize = 0, xo: usize = 0, yo: usize = 0;
        for (; o < vb; o += 16, xo += xv, yo += yv) bf5v<T>(xp + xo, xr, yp + yo, yk, xt, yt, C1, C2, K1, K2, twd, W1R, W1I, W2R, W2I, W3R, W3I, W4R, W4I);
        for (; o < bytes; o += csz, xo += xc, yo += yc) bf5s<T>(xp + xo, xr, yp + yo, yk, k1p, k1n, k2p, k2n, twd,
          w1r, w1n, w1p, w2r, w2n, w2p, w3r, w3n, w3p, w4r, w4n, w4p);
      }
    }
  } else {
    for (let q = 0; q < s; q++) {
      const xp = xb + <usize>q * xs, yp = yb + <usize>q * ys;
      let xo: usize = 0, yo: usize = 0;
      for (let o: usize = 0; o < bytes; o += csz, xo += xc, yo += yc) bf5s<T>(xp + xo, xr, yp + yo, yk, k1p, k1n, k2p, k2n, twd,
          w1r, w1n, w1p, w2r, w2n, w2p, w3r, w3n, w3p, w4r, w4n, w4p);
    }
  }
}

function pass5<T>(x: usize, xs: usize, y: usize, ys: usize, tw: usize, m: i32, s: i32, bytes: usize, sg: T, xt: usize, yt: usize): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const xr = <usize>(s * m) * xs;
  const yk = <usize>s * ys;
  loop5<T>(x, xs, xr, y, ys, yk, s, bytes, sg, false, xt, yt, 1, 0, 1, 0, 1, 0, 1, 0);
  for (let p = 1; p < m; p++) {
    const t = tw + <usize>(4 * p) * csz;
    loop5<T>(x + <usize>(s * p) * xs, xs, xr, y + <usize>(s * 5 * p) * ys, ys, yk, s, bytes, sg, true, xt, yt,
      load<T>(t), load<T>(t + sz), load<T>(t + csz), load<T>(t + csz + sz),
      load<T>(t + 2 * csz), load<T>(t + 2 * csz + sz), load<T>(t + 3 * csz), load<T>(t + 3 * csz + sz));
  }
}

// ---------------------------------------------------------------------------------------
// Complex plans and the batched transform

export function cplanBytes<T>(n: i32): f64 {
  if (!isSmooth(n)) return -1;
  const csz = <f64>(sizeof<T>() << 1);
  let bytes = <f64>C_HDR;
  let L = n;
  while (L > 1) {
    const R = nextRadix(L);
    const m = L / R;
    bytes += align16(<f64>m * <f64>(R - 1) * csz);
    L = m;
  }
  return bytes;
}

/** Writes the plan for n (caller checked n and the space). */
export function cplanWrite<T>(plan: usize, n: i32): void {
  const csz = <usize>sizeof<T>() << 1;
  store<i32>(plan, MAGIC_C);
  store<i32>(plan, n, 4);
  store<i32>(plan, sizeof<T>(), 12);
  let off = C_HDR;
  let L = n;
  let S = 0;
  while (L > 1) {
    const R = nextRadix(L);
    const m = L / R;
    store<i32>(plan + C_RADIX + <usize>S * 4, R);
    store<i32>(plan + C_TWOFF + <usize>S * 4, <i32>off);
    let t = plan + off;
    for (let p = 0; p < m; p++) {
      for (let k = 1; k < R; k++) {
        storeCis<T>(t, <i64>p * <i64>k, <i64>L);
        t += csz;
      }
    }
    off += <usize>align16(<f64>m * <f64>(R - 1) * <f64>csz);
    L = m;
    S++;
  }
  store<i32>(plan, S, 8);
}

// @ts-ignore: decorator
@inline function cplanOk<T>(plan: usize, n: i32): bool {
  return load<i32>(plan) == MAGIC_C && load<i32>(plan, 4) == n && load<i32>(plan, 12) == sizeof<T>();
}

/**
 * b side-by-side transforms of the plan's size n: element j of transform c at src + j·ss +
 * c·st, likewise dst with ds and dt; st, dt = 0 mean the complex size (the transforms' values
 * of one element contiguous, the batched layout). A non-zero st or dt lets the first stage
 * read, or the last stage write, transforms that lie apart — e.g. the rows of a row-major
 * spectrum (assembly/fft2c.ts) — with no transposed copy; the arithmetic is the same.
 * wa, wb: n·b complex each (used when there are ≥ 2 stages). dst may equal src when
 * st = dt = 0. sg = 1 forward, −1 inverse (unnormalised).
 */
export function fftBatch<T>(
  dst: usize, ds: usize, src: usize, ss: usize, b: i32, plan: usize, wa: usize, wb: usize, sg: T, st: usize = 0, dt: usize = 0,
): void {
  const n = load<i32>(plan, 4);
  const S = load<i32>(plan, 8);
  const csz = <usize>sizeof<T>() << 1;
  const bb = <usize>b * csz;
  if (S == 0) {
    if (st == 0 && dt == 0) {
      if (dst != src) {
        for (let j = 0; j < n; j++) memory.copy(dst + <usize>j * ds, src + <usize>j * ss, bb);
      }
    } else {
      const sc = st == 0 ? csz : st, dc = dt == 0 ? csz : dt;
      for (let c = 0; c < b; c++) memory.copy(dst + <usize>c * dc, src + <usize>c * sc, csz);
    }
    return;
  }
  let L = n;
  let s = 1;
  let x = src;
  let xs = ss;
  let xt = st;
  for (let i = 0; i < S; i++) {
    const R = load<i32>(plan + C_RADIX + <usize>i * 4);
    const tw = plan + <usize>load<i32>(plan + C_TWOFF + <usize>i * 4);
    const m = L / R;
    let y: usize, ys: usize, yt: usize = 0;
    if (i == S - 1) {
      y = dst;
      ys = ds;
      yt = dt;
    } else {
      y = (i & 1) == 0 ? wa : wb;
      ys = bb;
    }
    if (xs == bb && ys == bb && xt == 0 && yt == 0) {
      // Contiguous on both sides: the s interleaved sub-transforms form one run of s·b values.
      const run = <usize>s * bb;
      if (R == 4) pass4<T>(x, run, y, run, tw, m, 1, run, sg, 0, 0);
      else if (R == 2) pass2<T>(x, run, y, run, tw, m, 1, run, sg, 0, 0);
      else if (R == 3) pass3<T>(x, run, y, run, tw, m, 1, run, sg, 0, 0);
      else pass5<T>(x, run, y, run, tw, m, 1, run, sg, 0, 0);
    } else {
      if (R == 4) pass4<T>(x, xs, y, ys, tw, m, s, bb, sg, xt, yt);
      else if (R == 2) pass2<T>(x, xs, y, ys, tw, m, s, bb, sg, xt, yt);
      else if (R == 3) pass3<T>(x, xs, y, ys, tw, m, s, bb, sg, xt, yt);
      else pass5<T>(x, xs, y, ys, tw, m, s, bb, sg, xt, yt);
    }
    x = y;
    xs = ys;
    xt = 0;
    L = m;
    s *= R;
  }
}

/** v[0..count) *= f (count real values). */
function scaleReal<T>(v: usize, count: i32, f: T): void {
  const sz = <usize>sizeof<T>();
  const end = v + <usize>count * sz;
  let p = v;
  if (ASC_FEATURE_SIMD) {
    const F = v128.splat<T>(f);
    for (; p + 16 <= end; p += 16) v128.store(p, v128.mul<T>(v128.load(p), F));
  }
  for (; p < end; p += sz) store<T>(p, load<T>(p) * f);
}

// ---------------------------------------------------------------------------------------
// Complex 1-D API

export function fftPlanBytes<T>(n: i32): f64 {
  return cplanBytes<T>(n);
}

export function fftWorkBytes<T>(n: i32): f64 {
  if (!isSmooth(n)) return -1;
  return 2 * align16(<f64>n * <f64>(sizeof<T>() << 1));
}

export function fftPlan<T>(plan: usize, planBytes: usize, n: i32): i32 {
  const need = cplanBytes<T>(n);
  if (need < 0) return ERR_SIZE;
  if (<f64>planBytes < need) return ERR_SPACE;
  cplanWrite<T>(plan, n);
  return 0;
}

/** out = DFT(x) (forward) or (1/n)·inverse DFT; n complex values; out may equal x. */
export function fft<T>(out: usize, x: usize, n: i32, plan: usize, work: usize, workBytes: usize, inverse: bool): i32 {
  if (!cplanOk<T>(plan, n)) return ERR_PLAN;
  if (<f64>workBytes < fftWorkBytes<T>(n)) return ERR_SPACE;
  const csz = <usize>sizeof<T>() << 1;
  const half = <usize>align16(<f64>n * <f64>csz);
  fftBatch<T>(out, csz, x, csz, 1, plan, work, work + half, inverse ? <T>-1 : <T>1);
  if (inverse && n > 1) scaleReal<T>(out, 2 * n, <T>(1.0 / <f64>n));
  return 0;
}

// ---------------------------------------------------------------------------------------
// Real 1-D: n reals ↔ n/2+1 complex

function rplanBytes<T>(n: i32): f64 {
  if (!isSmooth(n)) return -1;
  const csz = <f64>(sizeof<T>() << 1);
  if (n & 1) return <f64>R_HDR + cplanBytes<T>(n);
  const h = n >> 1;
  return <f64>R_HDR + cplanBytes<T>(h) + align16(<f64>((h >> 1) + 1) * csz);
}

function rplanWrite<T>(plan: usize, n: i32): void {
  store<i32>(plan, MAGIC_R);
  store<i32>(plan, n, 4);
  store<i32>(plan, sizeof<T>(), 8);
  if (n & 1) {
    store<i32>(plan, 0, 12);
    cplanWrite<T>(plan + R_HDR, n);
    return;
  }
  const h = n >> 1;
  const post = R_HDR + <usize>cplanBytes<T>(h);
  store<i32>(plan, <i32>post, 12);
  cplanWrite<T>(plan + R_HDR, h);
  const csz = <usize>sizeof<T>() << 1;
  for (let k = 0; k <= (h >> 1); k++) storeCis<T>(plan + post + <usize>k * csz, k, n);
}

// @ts-ignore: decorator
@inline function rplanOk<T>(plan: usize, n: i32): bool {
  return load<i32>(plan) == MAGIC_R && load<i32>(plan, 4) == n && load<i32>(plan, 8) == sizeof<T>();
}

function rworkBytes<T>(n: i32): f64 {
  if (!isSmooth(n)) return -1;
  const csz = <f64>(sizeof<T>() << 1);
  if (n & 1) return 3 * align16(<f64>n * csz);
  return 2 * align16(<f64>(n >> 1) * csz);
}

/**
 * Separates the h-point FFT Z of the packed even/odd samples (in place in z, h+1 slots)
 * into the half spectrum X[0..h] of the 2h reals: with E = (Z[k] + conj Z[h−k])/2,
 * D = (Z[k] − conj Z[h−k])/2, G = w^k·(−i)·D (w = e^{−2πi/2h}): X[k] = E + G,
 * X[h−k] = conj(E − G).
 */
function postReal<T>(z: usize, h: i32, tw: usize): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const z0r = load<T>(z), z0i = load<T>(z + sz);
  store<T>(z, z0r + z0i);
  store<T>(z + sz, 0);
  store<T>(z + <usize>h * csz, z0r - z0i);
  store<T>(z + <usize>h * csz + sz, 0);
  const hf = <T>HALF;
  let k = 1;
  if (ASC_FEATURE_SIMD) {
    if (sizeof<T>() == 8) {
      const HF = v128.splat<T>(hf);
      const CJ = alt<T>(1, -1);
      for (; k <= h - k; k++) {
        const pa = z + <usize>k * csz, pb = z + <usize>(h - k) * csz;
        const wr = load<T>(tw + <usize>k * csz), wi = load<T>(tw + <usize>k * csz + sz);
        const A = v128.load(pa);
        const Bc = v128.mul<T>(v128.load(pb), CJ);
        const E = v128.mul<T>(v128.add<T>(A, Bc), HF);
        const D = v128.mul<T>(v128.sub<T>(A, Bc), HF);
        const G = v128.add<T>(v128.mul<T>(swp<T>(D), alt<T>(wr, -wr)), v128.mul<T>(D, v128.splat<T>(wi)));
        v128.store(pa, v128.add<T>(E, G));
        v128.store(pb, v128.mul<T>(v128.sub<T>(E, G), CJ));
      }
    }
  }
  for (; k <= h - k; k++) {
    const pa = z + <usize>k * csz, pb = z + <usize>(h - k) * csz;
    const wr = load<T>(tw + <usize>k * csz), wi = load<T>(tw + <usize>k * csz + sz);
    const ar = load<T>(pa), ai = load<T>(pa + sz);
    const br = load<T>(pb), bi = load<T>(pb + sz);
    const er = (ar + br) * hf, ei = (ai - bi) * hf;
    const dr = (ar - br) * hf, di = (ai + bi) * hf;
    const gr = di * wr + dr * wi, gi = dr * -wr + di * wi;
    store<T>(pa, er + gr); store<T>(pa + sz, ei + gi);
    store<T>(pb, er - gr); store<T>(pb + sz, (ei - gi) * <T>-1);
  }
}

/**
 * The inverse of postReal, times `scale`: from X[0..h] (read only) writes Z'[0..h) with
 * Z'[k] = (E + iF)·scale, Z'[h−k] = conj(E − iF)·scale, E = X[k] + conj X[h−k],
 * F = (X[k] − conj X[h−k])·conj(w^k); then IFFT_h(Z') / ... gives the packed reals.
 */
function preReal<T>(z: usize, X: usize, h: i32, tw: usize, scale: T): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const x0 = load<T>(X), xh = load<T>(X + <usize>h * csz);
  store<T>(z, (x0 + xh) * scale);
  store<T>(z + sz, (x0 - xh) * scale);
  let k = 1;
  if (ASC_FEATURE_SIMD) {
    if (sizeof<T>() == 8) {
      const SC = v128.splat<T>(scale);
      const CJ = alt<T>(1, -1);
      for (; k <= h - k; k++) {
        const wr = load<T>(tw + <usize>k * csz), wi = load<T>(tw + <usize>k * csz + sz);
        const A = v128.load(X + <usize>k * csz);
        const Bc = v128.mul<T>(v128.load(X + <usize>(h - k) * csz), CJ);
        const E = v128.add<T>(A, Bc);
        const D = v128.sub<T>(A, Bc);
        const F = v128.add<T>(v128.mul<T>(swp<T>(D), alt<T>(-wr, wr)), v128.mul<T>(D, v128.splat<T>(wi)));
        v128.store(z + <usize>k * csz, v128.mul<T>(v128.add<T>(E, F), SC));
        v128.store(z + <usize>(h - k) * csz, v128.mul<T>(v128.mul<T>(v128.sub<T>(E, F), CJ), SC));
      }
    }
  }
  for (; k <= h - k; k++) {
    const wr = load<T>(tw + <usize>k * csz), wi = load<T>(tw + <usize>k * csz + sz);
    const pa = X + <usize>k * csz, pb = X + <usize>(h - k) * csz;
    const ar = load<T>(pa), ai = load<T>(pa + sz);
    const br = load<T>(pb), bi = load<T>(pb + sz);
    const er = ar + br, ei = ai - bi;
    const dr = ar - br, di = ai + bi;
    const fr = di * -wr + dr * wi, fi = dr * wr + di * wi;
    const qa = z + <usize>k * csz, qb = z + <usize>(h - k) * csz;
    store<T>(qa, (er + fr) * scale); store<T>(qa + sz, (ei + fi) * scale);
    store<T>(qb, (er - fr) * scale); store<T>(qb + sz, ((ei - fi) * <T>-1) * scale);
  }
}

/** One real forward transform with a checked plan: x (xn ≤ n reals, zero-padded to n; xn = n for even n) → out (n/2+1 complex). */
function rfftRun<T>(out: usize, x: usize, xn: i32, plan: usize, work: usize): void {
  const n = load<i32>(plan, 4);
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const cplan = plan + R_HDR;
  if (n & 1) {
    const buf = <usize>align16(<f64>n * <f64>csz);
    const wc = work + 2 * buf;
    for (let j = 0; j < n; j++) {
      store<T>(wc + <usize>j * csz, j < xn ? load<T>(x + <usize>j * sz) : <T>0);
      store<T>(wc + <usize>j * csz + sz, 0);
    }
    fftBatch<T>(wc, csz, wc, csz, 1, cplan, work, work + buf, 1);
    memory.copy(out, wc, <usize>((n >> 1) + 1) * csz);
    return;
  }
  const h = n >> 1;
  const buf = <usize>align16(<f64>h * <f64>csz);
  fftBatch<T>(out, csz, x, csz, 1, cplan, work, work + buf, 1);
  postReal<T>(out, h, plan + <usize>load<i32>(plan, 12));
}

/**
 * One real inverse transform with a checked plan: X (n/2+1 complex, read only) → the reals
 * c0 … c0+nc−1 of the result, times scale·n, at out. Even n: only the whole row (c0 = 0, nc = n).
 */
function irfftRun<T>(out: usize, X: usize, plan: usize, work: usize, scale: T, c0: i32, nc: i32): void {
  const n = load<i32>(plan, 4);
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const cplan = plan + R_HDR;
  if (n & 1) {
    const buf = <usize>align16(<f64>n * <f64>csz);
    const wc = work + 2 * buf;
    const wh = (n >> 1) + 1;
    store<T>(wc, load<T>(X));
    store<T>(wc + sz, 0);
    for (let k = 1; k < wh; k++) {
      const re = load<T>(X + <usize>k * csz), im = load<T>(X + <usize>k * csz + sz);
      store<T>(wc + <usize>k * csz, re);
      store<T>(wc + <usize>k * csz + sz, im);
      store<T>(wc + <usize>(n - k) * csz, re);
      store<T>(wc + <usize>(n - k) * csz + sz, -im);
    }
    fftBatch<T>(wc, csz, wc, csz, 1, cplan, work, work + buf, -1);
    for (let j = 0; j < nc; j++) store<T>(out + <usize>j * sz, load<T>(wc + <usize>(c0 + j) * csz) * scale);
    return;
  }
  const h = n >> 1;
  const buf = <usize>align16(<f64>h * <f64>csz);
  preReal<T>(out, X, h, plan + <usize>load<i32>(plan, 12), scale);
  fftBatch<T>(out, csz, out, csz, 1, cplan, work, work + buf, -1);
}

export function rfftPlanBytes<T>(n: i32): f64 {
  return rplanBytes<T>(n);
}

export function rfftWorkBytes<T>(n: i32): f64 {
  return rworkBytes<T>(n);
}

export function rfftPlan<T>(plan: usize, planBytes: usize, n: i32): i32 {
  const need = rplanBytes<T>(n);
  if (need < 0) return ERR_SIZE;
  if (<f64>planBytes < need) return ERR_SPACE;
  rplanWrite<T>(plan, n);
  return 0;
}

/** out (n/2+1 complex) = DFT of x (n reals). out must not overlap x. */
export function rfft<T>(out: usize, x: usize, n: i32, plan: usize, work: usize, workBytes: usize): i32 {
  if (!rplanOk<T>(plan, n)) return ERR_PLAN;
  if (<f64>workBytes < rworkBytes<T>(n)) return ERR_SPACE;
  rfftRun<T>(out, x, n, plan, work);
  return 0;
}

/** out (n reals) = inverse DFT (with 1/n) of the half spectrum x (n/2+1 complex, not modified). out must not overlap x. */
export function irfft<T>(out: usize, x: usize, n: i32, plan: usize, work: usize, workBytes: usize): i32 {
  if (!rplanOk<T>(plan, n)) return ERR_PLAN;
  if (<f64>workBytes < rworkBytes<T>(n)) return ERR_SPACE;
  // The even path's 1/n: preReal's Z' is twice the packed spectrum and the h-point inverse
  // is unnormalised, so scale = 1/(2h) = 1/n. The odd path's complex inverse likewise needs 1/n.
  irfftRun<T>(out, x, plan, work, <T>(1.0 / <f64>n), 0, n);
  return 0;
}

// ---------------------------------------------------------------------------------------
// Real 2-D: rows×cols reals ↔ rows×(cols/2+1) complex
//
// Row pass (even cols = 2h): blocks of BLK rows are gathered transposed into a buffer
// (element j of row c at j·BLK + c), transformed together with the batched h-point FFT
// (every stage one contiguous run, twiddles splatted once per block) and separated into the
// half spectra while being scattered back; the inverse mirrors it. Each row sees exactly the
// arithmetic of the 1-D rfft. Odd cols fall back to one row at a time. The forward takes an
// input smaller than the transform (zero-padded at the ends, never materialised, zero rows
// never transformed); the inverse writes only a crop (only its rows are row-transformed). Column pass: blocks
// of BLK spectrum columns, first stage reading and last stage writing the spectrum in place.

/**
 * dst[j·b + c] = complex j of row c (j < h), for b rows of xCols ≤ 2h reals at src,
 * rowBytes apart, read as (x[2j], x[2j+1]) pairs and zero-padded to 2h reals.
 */
function gatherRows<T>(dst: usize, src: usize, rowBytes: usize, xCols: i32, b: i32, h: i32): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const step = <usize>b * csz;
  const pairs = xCols >> 1;
  for (let c = 0; c < b; c++) {
    let s = src + <usize>c * rowBytes;
    let d = dst + <usize>c * csz;
    const end = s + <usize>pairs * csz;
    if (sizeof<T>() == 4) {
      for (; s < end; s += csz, d += step) store<i64>(d, load<i64>(s));
    } else {
      for (; s < end; s += csz, d += step) {
        store<i64>(d, load<i64>(s));
        store<i64>(d + 8, load<i64>(s + 8));
      }
    }
    let j = pairs;
    if (xCols & 1) {
      store<T>(d, load<T>(s));
      store<T>(d + sz, 0);
      d += step;
      j++;
    }
    for (; j < h; j++, d += step) {
      store<T>(d, 0);
      store<T>(d + sz, 0);
    }
  }
}

/**
 * The inverse of gatherRows, cropped: row c's reals c0 … c0+nc−1 (real 2j + e is part e of
 * complex j of row c, at src + (j·b + c)·csz) go to dst + c·rowBytes.
 */
function scatterRows<T>(dst: usize, rowBytes: usize, src: usize, b: i32, c0: i32, nc: i32): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const step = <usize>b * csz;
  for (let c = 0; c < b; c++) {
    let d = dst + <usize>c * rowBytes;
    const lane = src + <usize>c * csz;
    let col = c0;
    const end = c0 + nc;
    if ((col & 1) && col < end) {
      store<T>(d, load<T>(lane + <usize>(col >> 1) * step + sz));
      d += sz;
      col++;
    }
    let s = lane + <usize>(col >> 1) * step;
    for (; col + 2 <= end; col += 2, d += csz, s += step) {
      if (sizeof<T>() == 4) {
        store<i64>(d, load<i64>(s));
      } else {
        store<i64>(d, load<i64>(s));
        store<i64>(d + 8, load<i64>(s + 8));
      }
    }
    if (col < end) store<T>(d, load<T>(s));
  }
}

/** postReal for b rows at once: z holds their h-point FFTs as gathered by gatherRows; row c's half spectrum goes to out + c·outRow. */
function postRealBatch<T>(out: usize, outRow: usize, z: usize, b: i32, h: i32, tw: usize): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const step = <usize>b * csz;
  const hf = <T>HALF;
  for (let c = 0; c < b; c++) {
    const z0r = load<T>(z + <usize>c * csz), z0i = load<T>(z + <usize>c * csz + sz);
    const o = out + <usize>c * outRow;
    store<T>(o, z0r + z0i);
    store<T>(o + sz, 0);
    store<T>(o + <usize>h * csz, z0r - z0i);
    store<T>(o + <usize>h * csz + sz, 0);
  }
  for (let k = 1; k <= h - k; k++) {
    const wr = load<T>(tw + <usize>k * csz), wi = load<T>(tw + <usize>k * csz + sz);
    const za = z + <usize>k * step, zb = z + <usize>(h - k) * step;
    const oa = out + <usize>k * csz, ob = out + <usize>(h - k) * csz;
    let c = 0;
    if (ASC_FEATURE_SIMD) {
      const HF = v128.splat<T>(hf);
      const CJ = alt<T>(1, -1);
      const WR = alt<T>(wr, -wr);
      const WI = v128.splat<T>(wi);
      const per = 16 / <i32>csz;
      for (; c + per <= b; c += per) {
        const A = v128.load(za + <usize>c * csz);
        const Bc = v128.mul<T>(v128.load(zb + <usize>c * csz), CJ);
        const E = v128.mul<T>(v128.add<T>(A, Bc), HF);
        const D = v128.mul<T>(v128.sub<T>(A, Bc), HF);
        const G = v128.add<T>(v128.mul<T>(swp<T>(D), WR), v128.mul<T>(D, WI));
        const X1 = v128.add<T>(E, G);
        const X2 = v128.mul<T>(v128.sub<T>(E, G), CJ);
        const r = <usize>c * outRow;
        if (sizeof<T>() == 4) {
          v128.store64_lane(oa + r, X1, 0);
          v128.store64_lane(oa + r + outRow, X1, 1);
          v128.store64_lane(ob + r, X2, 0);
          v128.store64_lane(ob + r + outRow, X2, 1);
        } else {
          v128.store(oa + r, X1);
          v128.store(ob + r, X2);
        }
      }
    }
    for (; c < b; c++) {
      const pa = za + <usize>c * csz, pb = zb + <usize>c * csz;
      const ar = load<T>(pa), ai = load<T>(pa + sz);
      const br = load<T>(pb), bi = load<T>(pb + sz);
      const er = (ar + br) * hf, ei = (ai - bi) * hf;
      const dr = (ar - br) * hf, di = (ai + bi) * hf;
      const gr = di * wr + dr * wi, gi = dr * -wr + di * wi;
      const qa = oa + <usize>c * outRow, qb = ob + <usize>c * outRow;
      store<T>(qa, er + gr); store<T>(qa + sz, ei + gi);
      store<T>(qb, er - gr); store<T>(qb + sz, (ei - gi) * <T>-1);
    }
  }
}

/** preReal for b rows at once: row c's half spectrum at X + c·xRow → z in gatherRows layout. */
function preRealBatch<T>(z: usize, X: usize, xRow: usize, b: i32, h: i32, tw: usize, scale: T): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const step = <usize>b * csz;
  for (let c = 0; c < b; c++) {
    const x = X + <usize>c * xRow;
    const x0 = load<T>(x), xh = load<T>(x + <usize>h * csz);
    store<T>(z + <usize>c * csz, (x0 + xh) * scale);
    store<T>(z + <usize>c * csz + sz, (x0 - xh) * scale);
  }
  for (let k = 1; k <= h - k; k++) {
    const wr = load<T>(tw + <usize>k * csz), wi = load<T>(tw + <usize>k * csz + sz);
    const xa = X + <usize>k * csz, xb = X + <usize>(h - k) * csz;
    const za = z + <usize>k * step, zb = z + <usize>(h - k) * step;
    let c = 0;
    if (ASC_FEATURE_SIMD) {
      const SC = v128.splat<T>(scale);
      const CJ = alt<T>(1, -1);
      const WR = alt<T>(-wr, wr);
      const WI = v128.splat<T>(wi);
      const per = 16 / <i32>csz;
      for (; c + per <= b; c += per) {
        const r = <usize>c * xRow;
        let A: v128, B: v128;
        if (sizeof<T>() == 4) {
          A = v128.load64_lane(xa + r + xRow, v128.load64_zero(xa + r), 1);
          B = v128.load64_lane(xb + r + xRow, v128.load64_zero(xb + r), 1);
        } else {
          A = v128.load(xa + r);
          B = v128.load(xb + r);
        }
        const Bc = v128.mul<T>(B, CJ);
        const E = v128.add<T>(A, Bc);
        const D = v128.sub<T>(A, Bc);
        const F = v128.add<T>(v128.mul<T>(swp<T>(D), WR), v128.mul<T>(D, WI));
        v128.store(za + <usize>c * csz, v128.mul<T>(v128.add<T>(E, F), SC));
        v128.store(zb + <usize>c * csz, v128.mul<T>(v128.mul<T>(v128.sub<T>(E, F), CJ), SC));
      }
    }
    for (; c < b; c++) {
      const pa = xa + <usize>c * xRow, pb = xb + <usize>c * xRow;
      const ar = load<T>(pa), ai = load<T>(pa + sz);
      const br = load<T>(pb), bi = load<T>(pb + sz);
      const er = ar + br, ei = ai - bi;
      const dr = ar - br, di = ai + bi;
      const fr = di * -wr + dr * wi, fi = dr * wr + di * wi;
      const qa = za + <usize>c * csz, qb = zb + <usize>c * csz;
      store<T>(qa, (er + fr) * scale); store<T>(qa + sz, (ei + fi) * scale);
      store<T>(qb, (er - fr) * scale); store<T>(qb + sz, ((ei - fi) * <T>-1) * scale);
    }
  }
}

export function rfft2PlanBytes<T>(rows: i32, cols: i32): f64 {
  const r = rplanBytes<T>(cols);
  const c = cplanBytes<T>(rows);
  if (r < 0 || c < 0) return -1;
  return <f64>R_HDR + r + c;
}

export function rfft2WorkBytes<T>(rows: i32, cols: i32): f64 {
  if (!isSmooth(rows) || !isSmooth(cols)) return -1;
  const csz = <f64>(sizeof<T>() << 1);
  const wh = (cols >> 1) + 1;
  // Rows: three buffers of h·BLK complex (gathered block + two stage buffers), or the 1-D work for odd cols.
  const r = cols & 1 ? rworkBytes<T>(cols) : 3 * align16(<f64>(cols >> 1) * <f64>min(blk<T>(), rows) * csz);
  const c = 2 * align16(<f64>rows * <f64>min(cblk<T>(), wh) * csz);
  return max(r, c);
}

export function rfft2Plan<T>(plan: usize, planBytes: usize, rows: i32, cols: i32): i32 {
  const need = rfft2PlanBytes<T>(rows, cols);
  if (need < 0) return ERR_SIZE;
  if (<f64>planBytes < need) return ERR_SPACE;
  store<i32>(plan, MAGIC_2);
  store<i32>(plan, rows, 4);
  store<i32>(plan, cols, 8);
  store<i32>(plan, sizeof<T>(), 12);
  const colOff = R_HDR + <usize>rplanBytes<T>(cols);
  store<i32>(plan, <i32>colOff, 16);
  rplanWrite<T>(plan + R_HDR, cols);
  cplanWrite<T>(plan + colOff, rows);
  return 0;
}

// @ts-ignore: decorator
@inline function p2Ok<T>(plan: usize, rows: i32, cols: i32): bool {
  return load<i32>(plan) == MAGIC_2 && load<i32>(plan, 4) == rows && load<i32>(plan, 8) == cols
    && load<i32>(plan, 12) == sizeof<T>();
}

/** Column transforms of the rows×wh spectrum at spec, in place, BLK columns at a time. */
export function columns<T>(spec: usize, rows: i32, wh: i32, cplan: usize, work: usize, sg: T): void {
  const csz = <usize>sizeof<T>() << 1;
  const B = cblk<T>();
  const stride = <usize>wh * csz;
  const wb = work + <usize>align16(<f64>rows * <f64>min(B, wh) * <f64>csz);
  for (let c0 = 0; c0 < wh; c0 += B) {
    const p = spec + <usize>c0 * csz;
    fftBatch<T>(p, stride, p, stride, min(B, wh - c0), cplan, work, wb, sg);
  }
}

/**
 * out (rows×(cols/2+1) complex) = 2-D DFT of x (xRows×xCols reals, xRows ≤ rows, xCols ≤ cols)
 * zero-padded at the end of each axis to rows×cols; out must not overlap x. Padding costs
 * nothing: rows past xRows are never transformed, and no canvas is materialised.
 */
export function rfft2<T>(
  out: usize, x: usize, xRows: i32, xCols: i32, rows: i32, cols: i32, plan: usize, work: usize, workBytes: usize,
): i32 {
  if (!p2Ok<T>(plan, rows, cols)) return ERR_PLAN;
  if (xRows < 0 || xCols < 0 || xRows > rows || xCols > cols) return ERR_SIZE;
  if (<f64>workBytes < rfft2WorkBytes<T>(rows, cols)) return ERR_SPACE;
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const wh = (cols >> 1) + 1;
  const rowOut = <usize>wh * csz;
  const rowIn = <usize>xCols * sz;
  const rplan = plan + R_HDR;
  if (cols & 1) {
    for (let r = 0; r < xRows; r++) rfftRun<T>(out + <usize>r * rowOut, x + <usize>r * rowIn, xCols, rplan, work);
  } else {
    const h = cols >> 1;
    const B = blk<T>();
    const buf = <usize>align16(<f64>h * <f64>min(B, rows) * <f64>csz);
    const tw = rplan + <usize>load<i32>(rplan, 12);
    for (let r0 = 0; r0 < xRows; r0 += B) {
      const b = min(B, xRows - r0);
      gatherRows<T>(work, x + <usize>r0 * rowIn, rowIn, xCols, b, h);
      fftBatch<T>(work, <usize>b * csz, work, <usize>b * csz, b, rplan + R_HDR, work + buf, work + 2 * buf, 1);
      postRealBatch<T>(out + <usize>r0 * rowOut, rowOut, work, b, h, tw);
    }
  }
  if (xRows < rows) memory.fill(out + <usize>xRows * rowOut, 0, <usize>(rows - xRows) * rowOut);
  columns<T>(out, rows, wh, plan + <usize>load<i32>(plan, 16), work, 1);
  return 0;
}

/**
 * out (outRows×outCols reals) = the crop starting at (r0, c0) of the inverse 2-D DFT (with
 * 1/(rows·cols)) of the half spectrum x (rows×(cols/2+1) complex). x is overwritten (the
 * column pass runs in place); only the rows of the crop are row-transformed. out must not
 * overlap x.
 */
export function irfft2<T>(
  out: usize, x: usize, rows: i32, cols: i32, r0: i32, c0: i32, outRows: i32, outCols: i32,
  plan: usize, work: usize, workBytes: usize,
): i32 {
  if (!p2Ok<T>(plan, rows, cols)) return ERR_PLAN;
  if (r0 < 0 || c0 < 0 || outRows < 0 || outCols < 0 || r0 > rows - outRows || c0 > cols - outCols) return ERR_SIZE;
  if (<f64>workBytes < rfft2WorkBytes<T>(rows, cols)) return ERR_SPACE;
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const wh = (cols >> 1) + 1;
  const rowIn = <usize>wh * csz;
  const rowOut = <usize>outCols * sz;
  columns<T>(x, rows, wh, plan + <usize>load<i32>(plan, 16), work, -1);
  const rplan = plan + R_HDR;
  const scale = <T>(1.0 / (<f64>rows * <f64>cols));
  const rEnd = r0 + outRows;
  if (cols & 1) {
    for (let r = r0; r < rEnd; r++) {
      irfftRun<T>(out + <usize>(r - r0) * rowOut, x + <usize>r * rowIn, rplan, work, scale, c0, outCols);
    }
  } else {
    const h = cols >> 1;
    const B = blk<T>();
    const buf = <usize>align16(<f64>h * <f64>min(B, rows) * <f64>csz);
    const tw = rplan + <usize>load<i32>(rplan, 12);
    for (let rb = r0; rb < rEnd; rb += B) {
      const b = min(B, rEnd - rb);
      preRealBatch<T>(work, x + <usize>rb * rowIn, rowIn, b, h, tw, scale);
      fftBatch<T>(work, <usize>b * csz, work, <usize>b * csz, b, rplan + R_HDR, work + buf, work + 2 * buf, -1);
      scatterRows<T>(out + <usize>(rb - r0) * rowOut, rowOut, work, b, c0, outCols);
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------
// Pointwise spectrum products (n complex values; out may alias a or b)

// @ts-ignore: decorator
@inline function spectrumOp<T>(out: usize, a: usize, b: usize, n: i32, conj: bool, acc: bool): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    // Lanes: re = ar·br + ai·(∓bi), im = ai·br + ar·(±bi); the sign is applied to bi first.
    const SG = conj ? alt<T>(1, -1) : alt<T>(-1, 1);
    const per = 16 / <i32>csz;
    for (; k + per <= n; k += per) {
      const o = <usize>k * csz;
      const A = v128.load(a + o);
      const Bv = v128.load(b + o);
      let BR: v128, BI: v128;
      if (sizeof<T>() == 4) {
        BR = v128.shuffle<f32>(Bv, Bv, 0, 0, 2, 2);
        BI = v128.shuffle<f32>(Bv, Bv, 1, 1, 3, 3);
      } else {
        BR = v128.shuffle<f64>(Bv, Bv, 0, 0);
        BI = v128.shuffle<f64>(Bv, Bv, 1, 1);
      }
      let P = cmulv<T>(A, BR, v128.mul<T>(BI, SG));
      if (acc) P = v128.add<T>(v128.load(out + o), P);
      v128.store(out + o, P);
    }
  }
  for (; k < n; k++) {
    const o = <usize>k * csz;
    const ar = load<T>(a + o), ai = load<T>(a + o + sz);
    const br = load<T>(b + o), bi = load<T>(b + o + sz);
    const bn: T = conj ? bi : -bi;
    const bp: T = conj ? -bi : bi;
    let pr = ar * br + ai * bn;
    let pi = ai * br + ar * bp;
    if (acc) {
      pr = load<T>(out + o) + pr;
      pi = load<T>(out + o + sz) + pi;
    }
    store<T>(out + o, pr);
    store<T>(out + o + sz, pi);
  }
}

/** out = a·b */
export function cmul<T>(out: usize, a: usize, b: usize, n: i32): void {
  spectrumOp<T>(out, a, b, n, false, false);
}
/** out = a·conj(b) */
export function cmulConj<T>(out: usize, a: usize, b: usize, n: i32): void {
  spectrumOp<T>(out, a, b, n, true, false);
}
/** out += a·b */
export function cmulAcc<T>(out: usize, a: usize, b: usize, n: i32): void {
  spectrumOp<T>(out, a, b, n, false, true);
}
/** out += a·conj(b) */
export function cmulConjAcc<T>(out: usize, a: usize, b: usize, n: i32): void {
  spectrumOp<T>(out, a, b, n, true, true);
}
