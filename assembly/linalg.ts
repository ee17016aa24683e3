// Dense symmetric positive definite solves for the kernel's normal equations (f64).
// Matrices are n×n row-major. Cholesky is right-looking and blocked: a panel of NB columns
// is factored, then the trailing lower triangle is updated with L21·L21ᵀ — the n³/6
// multiply-adds — as dot products over the panel's contiguous rows, 4 rows × 2 rows per
// micro-tile, the 2-row side blocked by JB so it stays in cache.

const NB = 96;
const JB = 48;

/**
 * The Cholesky micro-kernel: rows i..i+3 and j..j+1 of the trailing matrix lose their panel
 * dot products. Each loaded vector feeds two or four of the eight accumulators. Entries above
 * the diagonal (j+c > i+r, only near it) are computed but not stored.
 */
// Not inlined on purpose: a long single call (one Cholesky) runs in the engine's baseline
// tier; a small function called many times is promoted to the optimising tier mid-call.
function update4x2(A: usize, n: i32, J: i32, jb: i32, i: i32, j: i32): void {
  const u0 = at(A, n, i, J);
  const u1 = at(A, n, i + 1, J);
  const u2 = at(A, n, i + 2, J);
  const u3 = at(A, n, i + 3, J);
  const v0 = at(A, n, j, J);
  const v1 = at(A, n, j + 1, J);
  let s00: f64 = 0, s01: f64 = 0, s10: f64 = 0, s11: f64 = 0;
  let s20: f64 = 0, s21: f64 = 0, s30: f64 = 0, s31: f64 = 0;
  let t = 0;
  if (ASC_FEATURE_SIMD) {
    let a00 = f64x2.splat(0);
    let a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
    for (; t + 2 <= jb; t += 2) {
      const o = <usize>t << 3;
      const y0 = v128.load(v0 + o);
      const y1 = v128.load(v1 + o);
      let x = v128.load(u0 + o);
      a00 = f64x2.add(a00, f64x2.mul(x, y0));
      a01 = f64x2.add(a01, f64x2.mul(x, y1));
      x = v128.load(u1 + o);
      a10 = f64x2.add(a10, f64x2.mul(x, y0));
      a11 = f64x2.add(a11, f64x2.mul(x, y1));
      x = v128.load(u2 + o);
      a20 = f64x2.add(a20, f64x2.mul(x, y0));
      a21 = f64x2.add(a21, f64x2.mul(x, y1));
      x = v128.load(u3 + o);
      a30 = f64x2.add(a30, f64x2.mul(x, y0));
      a31 = f64x2.add(a31, f64x2.mul(x, y1));
    }
    s00 = f64x2.extract_lane(a00, 0) + f64x2.extract_lane(a00, 1);
    s01 = f64x2.extract_lane(a01, 0) + f64x2.extract_lane(a01, 1);
    s10 = f64x2.extract_lane(a10, 0) + f64x2.extract_lane(a10, 1);
    s11 = f64x2.extract_lane(a11, 0) + f64x2.extract_lane(a11, 1);
    s20 = f64x2.extract_lane(a20, 0) + f64x2.extract_lane(a20, 1);
    s21 = f64x2.extract_lane(a21, 0) + f64x2.extract_lane(a21, 1);
    s30 = f64x2.extract_lane(a30, 0) + f64x2.extract_lane(a30, 1);
    s31 = f64x2.extract_lane(a31, 0) + f64x2.extract_lane(a31, 1);
  }
  for (; t < jb; t++) {
    const o = <usize>t << 3;
    const y0 = load<f64>(v0 + o);
    const y1 = load<f64>(v1 + o);
    const x0 = load<f64>(u0 + o);
    const x1 = load<f64>(u1 + o);
    const x2 = load<f64>(u2 + o);
    const x3 = load<f64>(u3 + o);
    s00 += x0 * y0; s01 += x0 * y1;
    s10 += x1 * y0; s11 += x1 * y1;
    s20 += x2 * y0; s21 += x2 * y1;
    s30 += x3 * y0; s31 += x3 * y1;
  }
  subIfLower(A, n, i, j, s00);
  subIfLower(A, n, i, j + 1, s01);
  subIfLower(A, n, i + 1, j, s10);
  subIfLower(A, n, i + 1, j + 1, s11);
  subIfLower(A, n, i + 2, j, s20);
  subIfLower(A, n, i + 2, j + 1, s21);
  subIfLower(A, n, i + 3, j, s30);
  subIfLower(A, n, i + 3, j + 1, s31);
}

// @ts-ignore: decorator
@inline function subIfLower(A: usize, n: i32, i: i32, j: i32, v: f64): void {
  if (j <= i) store<f64>(at(A, n, i, j), load<f64>(at(A, n, i, j)) - v);
}

// @ts-ignore: decorator
@inline function at(A: usize, n: i32, i: i32, j: i32): usize {
  return A + (<usize>(i * n + j) << 3);
}

/** Σ_{t<len} u[t]·v[t] over two contiguous f64 rows. */
// @ts-ignore: decorator
@inline function rowDot(u: usize, v: usize, len: i32): f64 {
  let s: f64 = 0;
  let t = 0;
  if (ASC_FEATURE_SIMD) {
    let acc = f64x2.splat(0);
    for (; t + 2 <= len; t += 2) {
      const o = <usize>t << 3;
      acc = f64x2.add(acc, f64x2.mul(v128.load(u + o), v128.load(v + o)));
    }
    s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  }
  for (; t < len; t++) s += load<f64>(u + (<usize>t << 3)) * load<f64>(v + (<usize>t << 3));
  return s;
}

/**
 * In-place Cholesky A = L·Lᵀ; L overwrites the lower triangle (the upper is left as it was).
 * Returns 0, or i+1 when the i-th pivot is not positive (A is not positive definite).
 */
export function cholesky(A: usize, n: i32, rowFrom: i32, rowTo: i32): i32 {
  // The panels starting in [rowFrom, rowTo): a partition of [0, n) into ranges factors A once,
  // panel by panel, whatever the ranges (the state is A itself).
  const first = (rowFrom + NB - 1) / NB * NB;
  for (let J = first; J < min(rowTo, n); J += NB) {
    const jb = min(NB, n - J);
    // 1. Factor the diagonal block, then solve the panel below it row by row (rows stay in cache).
    for (let c = J; c < J + jb; c++) {
      const d = load<f64>(at(A, n, c, c)) - rowDot(at(A, n, c, J), at(A, n, c, J), c - J);
      if (!(d > 0)) return c + 1;
      const lcc = Math.sqrt(d);
      store<f64>(at(A, n, c, c), lcc);
      for (let i = c + 1; i < J + jb; i++) {
        const v = load<f64>(at(A, n, i, c)) - rowDot(at(A, n, i, J), at(A, n, c, J), c - J);
        store<f64>(at(A, n, i, c), v / lcc);
      }
    }
    for (let i = J + jb; i < n; i++) {
      for (let c = J; c < J + jb; c++) {
        const v = load<f64>(at(A, n, i, c)) - rowDot(at(A, n, i, J), at(A, n, c, J), c - J);
        store<f64>(at(A, n, i, c), v / load<f64>(at(A, n, c, c)));
      }
    }
    // 2. Trailing update A[i,j] −= Σ_{t in panel} L[i,t]·L[j,t] for J+jb ≤ j ≤ i. Columns go in
    //    blocks of JB rows of the panel, which stay in cache while every row i below streams past.
    const T0 = J + jb;
    for (let j0 = T0; j0 < n; j0 += JB) {
      const jEnd = min(j0 + JB, n);
      let i = j0;
      for (; i + 4 <= n; i += 4) {
        const jLim = min(jEnd, i + 4);
        let j = j0;
        for (; j + 2 <= jLim; j += 2) update4x2(A, n, J, jb, i, j);
        for (; j < jLim; j++) {
          const vj = at(A, n, j, J);
          for (let r = 0; r < 4; r++) {
            if (j <= i + r) store<f64>(at(A, n, i + r, j), load<f64>(at(A, n, i + r, j)) - rowDot(at(A, n, i + r, J), vj, jb));
          }
        }
      }
      for (; i < n; i++) {
        const ui = at(A, n, i, J);
        const jLim = min(jEnd, i + 1);
        for (let j = j0; j < jLim; j++) store<f64>(at(A, n, i, j), load<f64>(at(A, n, i, j)) - rowDot(ui, at(A, n, j, J), jb));
      }
    }
  }
  return 0;
}

/** Solves L·Lᵀ·x = b in place (b becomes x), L from cholesky(). */
export function choleskySolve(L: usize, n: i32, b: usize): void {
  for (let i = 0; i < n; i++) {
    const v = load<f64>(b + (<usize>i << 3)) - rowDot(at(L, n, i, 0), b, i);
    store<f64>(b + (<usize>i << 3), v / load<f64>(at(L, n, i, i)));
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = load<f64>(b + (<usize>i << 3));
    for (let t = i + 1; t < n; t++) v -= load<f64>(at(L, n, t, i)) * load<f64>(b + (<usize>t << 3));
    store<f64>(b + (<usize>i << 3), v / load<f64>(at(L, n, i, i)));
  }
}

/** y = A·x for a full n×n matrix (row-major), f64. */
export function gemv(y: usize, A: usize, x: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f64>(y + (<usize>i << 3), rowDot(at(A, n, i, 0), x, n));
}
