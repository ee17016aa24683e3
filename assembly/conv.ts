// Valid 2-D correlation, the one primitive behind every mode and both gradients:
//   out[i,j] = Σ_{a,b} K[a,b] · X[i+a, j+b],  out is (xRows−kRows+1)×(xCols−kCols+1).
// The TS layer embeds inputs in zero canvases and flips kernels so that convolution,
// correlation, ∇ₓ and ∇ₕ in any mode become this (see src/wasm/backend.ts).
//
// Two loop orders:
// - corrValidRows: small kernel, large output. Vectorised along output columns, one output
//   row at a time, four vectors of accumulators (16 f32 / 8 f64 columns) per block, one
//   kernel tap splatted per inner step, vector and scalar tails. Each lane sums taps in
//   the same (a, b) order as the scalar code, so the SIMD and scalar builds agree bit for bit.
// - corrValidDots: large kernel, small output (the kernel gradient, where the "kernel" is
//   the residual). Every output is a long dot product; vectorised along the kernel's rows
//   with four outputs sharing each loaded kernel vector, row sums carried in f64.

// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

export function corrValidRows<T>(
  out: usize, x: usize, xRows: i32, xCols: i32, kern: usize, kRows: i32, kCols: i32,
): void {
  const R = xRows - kRows + 1;
  const C = xCols - kCols + 1;
  const sz = sizeof<T>();
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 2 <= R; i += 2) {
      corrRowPair<T>(out + <usize>(i * C) * sz, x + <usize>(i * xCols) * sz, xCols, kern, kRows, kCols, C);
    }
  }
  for (; i < R; i++) {
    corrRow<T>(out + <usize>(i * C) * sz, x + <usize>(i * xCols) * sz, xCols, kern, kRows, kCols, C);
  }
}

/**
 * Two output rows at once, 4 vectors wide (a 2×16 f32 / 2×8 f64 tile, eight accumulators):
 * input row u feeds output row i through kernel row u−i and row i+1 through kernel row u−i−1,
 * so each loaded input vector serves two accumulators. Each lane still sums its taps in the
 * scalar (a, b) order. Columns past the last full tile go to corrRowTail, row by row.
 */
function corrRowPair<T>(outRow: usize, xTop: usize, xCols: i32, kern: usize, kRows: i32, kCols: i32, C: i32): void {
  const sz = sizeof<T>();
  const L = lanes<T>();
  const outStride = <usize>C * sz;
  let j = 0;
  for (; j + 4 * L <= C; j += 4 * L) {
    let t0 = v128.splat<T>(<T>0);
    let t1 = t0, t2 = t0, t3 = t0;
    let b0 = t0, b1 = t0, b2 = t0, b3 = t0;
    for (let u = 0; u <= kRows; u++) {
      let xp = xTop + <usize>(u * xCols + j) * sz;
      const xEnd = xp + <usize>kCols * sz;
      // Kernel rows: u for the top output row (if u < kRows), u−1 for the bottom one (if u ≥ 1).
      let kTop = kern + <usize>(u * kCols) * sz;
      let kBot = kTop - <usize>kCols * sz;
      if (u == 0) {
        while (xp < xEnd) {
          const w = v128.splat<T>(load<T>(kTop));
          t0 = v128.add<T>(t0, v128.mul<T>(w, v128.load(xp)));
          t1 = v128.add<T>(t1, v128.mul<T>(w, v128.load(xp, 16)));
          t2 = v128.add<T>(t2, v128.mul<T>(w, v128.load(xp, 32)));
          t3 = v128.add<T>(t3, v128.mul<T>(w, v128.load(xp, 48)));
          xp += sz;
          kTop += sz;
        }
      } else if (u == kRows) {
        while (xp < xEnd) {
          const w = v128.splat<T>(load<T>(kBot));
          b0 = v128.add<T>(b0, v128.mul<T>(w, v128.load(xp)));
          b1 = v128.add<T>(b1, v128.mul<T>(w, v128.load(xp, 16)));
          b2 = v128.add<T>(b2, v128.mul<T>(w, v128.load(xp, 32)));
          b3 = v128.add<T>(b3, v128.mul<T>(w, v128.load(xp, 48)));
          xp += sz;
          kBot += sz;
        }
      } else {
        while (xp < xEnd) {
          const wt = v128.splat<T>(load<T>(kTop));
          const wb = v128.splat<T>(load<T>(kBot));
          const x0 = v128.load(xp);
          const x1 = v128.load(xp, 16);
          const x2 = v128.load(xp, 32);
          const x3 = v128.load(xp, 48);
          t0 = v128.add<T>(t0, v128.mul<T>(wt, x0));
          b0 = v128.add<T>(b0, v128.mul<T>(wb, x0));
          t1 = v128.add<T>(t1, v128.mul<T>(wt, x1));
          b1 = v128.add<T>(b1, v128.mul<T>(wb, x1));
          t2 = v128.add<T>(t2, v128.mul<T>(wt, x2));
          b2 = v128.add<T>(b2, v128.mul<T>(wb, x2));
          t3 = v128.add<T>(t3, v128.mul<T>(wt, x3));
          b3 = v128.add<T>(b3, v128.mul<T>(wb, x3));
          xp += sz;
          kTop += sz;
          kBot += sz;
        }
      }
    }
    const op = outRow + <usize>j * sz;
    v128.store(op, t0);
    v128.store(op, t1, 16);
    v128.store(op, t2, 32);
    v128.store(op, t3, 48);
    v128.store(op + outStride, b0);
    v128.store(op + outStride, b1, 16);
    v128.store(op + outStride, b2, 32);
    v128.store(op + outStride, b3, 48);
  }
  if (j < C) {
    corrRowTail<T>(outRow, xTop, xCols, kern, kRows, kCols, C, j);
    corrRowTail<T>(outRow + outStride, xTop + <usize>xCols * sz, xCols, kern, kRows, kCols, C, j);
  }
}

/**
 * One output row of corrValidRows. A separate function on purpose: a large convolution is one
 * call, and engines promote an often-called function to their optimising tier mid-call.
 */
function corrRow<T>(outRow: usize, xTop: usize, xCols: i32, kern: usize, kRows: i32, kCols: i32, C: i32): void {
  corrRowTail<T>(outRow, xTop, xCols, kern, kRows, kCols, C, 0);
}

/** Columns j0 … C−1 of one output row (all of it from j0 = 0). */
function corrRowTail<T>(outRow: usize, xTop: usize, xCols: i32, kern: usize, kRows: i32, kCols: i32, C: i32, j0: i32): void {
  const sz = sizeof<T>();
  const L = lanes<T>();
  let j = j0;
  if (ASC_FEATURE_SIMD) {
    for (; j + 4 * L <= C; j += 4 * L) {
      let acc0 = v128.splat<T>(<T>0);
      let acc1 = acc0;
      let acc2 = acc0;
      let acc3 = acc0;
      for (let a = 0; a < kRows; a++) {
        let xp = xTop + <usize>(a * xCols + j) * sz;
        let kp = kern + <usize>(a * kCols) * sz;
        const kEnd = kp + <usize>kCols * sz;
        while (kp < kEnd) {
          const w = v128.splat<T>(load<T>(kp));
          acc0 = v128.add<T>(acc0, v128.mul<T>(w, v128.load(xp)));
          acc1 = v128.add<T>(acc1, v128.mul<T>(w, v128.load(xp, 16)));
          acc2 = v128.add<T>(acc2, v128.mul<T>(w, v128.load(xp, 32)));
          acc3 = v128.add<T>(acc3, v128.mul<T>(w, v128.load(xp, 48)));
          xp += sz;
          kp += sz;
        }
      }
      const op = outRow + <usize>j * sz;
      v128.store(op, acc0);
      v128.store(op, acc1, 16);
      v128.store(op, acc2, 32);
      v128.store(op, acc3, 48);
    }
    for (; j + L <= C; j += L) {
      let acc = v128.splat<T>(<T>0);
      for (let a = 0; a < kRows; a++) {
        let xp = xTop + <usize>(a * xCols + j) * sz;
        let kp = kern + <usize>(a * kCols) * sz;
        const kEnd = kp + <usize>kCols * sz;
        while (kp < kEnd) {
          acc = v128.add<T>(acc, v128.mul<T>(v128.splat<T>(load<T>(kp)), v128.load(xp)));
          xp += sz;
          kp += sz;
        }
      }
      v128.store(outRow + <usize>j * sz, acc);
    }
  }
  for (; j < C; j++) {
    let acc = <T>0;
    for (let a = 0; a < kRows; a++) {
      let xp = xTop + <usize>(a * xCols + j) * sz;
      let kp = kern + <usize>(a * kCols) * sz;
      const kEnd = kp + <usize>kCols * sz;
      while (kp < kEnd) {
        acc += load<T>(kp) * load<T>(xp);
        xp += sz;
        kp += sz;
      }
    }
    store<T>(outRow + <usize>j * sz, acc);
  }
}

// @ts-ignore: decorator
@inline function hsum<T>(v: v128): f64 {
  if (sizeof<T>() == 4) {
    return <f64>v128.extract_lane<f32>(v, 0) + <f64>v128.extract_lane<f32>(v, 1)
      + (<f64>v128.extract_lane<f32>(v, 2) + <f64>v128.extract_lane<f32>(v, 3));
  }
  return v128.extract_lane<f64>(v, 0) + v128.extract_lane<f64>(v, 1);
}

/** Σ_j K[i, j] · X[row, col + j] for one kernel row: the scalar tail of a dot-product row. */
// @ts-ignore: decorator
@inline function rowDotTail<T>(kp: usize, xp: usize, from: i32, to: i32): T {
  const sz = sizeof<T>();
  let acc = <T>0;
  for (let j = from; j < to; j++) acc += load<T>(kp + <usize>j * sz) * load<T>(xp + <usize>j * sz);
  return acc;
}

export function corrValidDots<T>(
  out: usize, x: usize, xRows: i32, xCols: i32, kern: usize, kRows: i32, kCols: i32,
): void {
  const R = xRows - kRows + 1;
  const C = xCols - kCols + 1;
  for (let a = 0; a < R; a++) dotsRow<T>(out, x, xCols, kern, kRows, kCols, C, a, 0, C);
}

/**
 * Outputs (row, colFrom ≤ b < colTo) of corrValidDots, for a caller that splits one huge
 * correlation into parts (and checks for cancellation between them). Every output is its own
 * dot product in a fixed order, so the parts give the whole call's bits.
 */
export function corrValidDotsPart<T>(
  out: usize, x: usize, xRows: i32, xCols: i32, kern: usize, kRows: i32, kCols: i32, row: i32, colFrom: i32, colTo: i32,
): void {
  dotsRow<T>(out, x, xCols, kern, kRows, kCols, xCols - kCols + 1, row, colFrom, colTo);
}

/** Outputs (a, bFrom ≤ b < bTo) of corrValidDots (a separate function for the same tiering reason as corrRow). */
function dotsRow<T>(out: usize, x: usize, xCols: i32, kern: usize, kRows: i32, kCols: i32, C: i32, a: i32, bFrom: i32, bTo: i32): void {
  const sz = sizeof<T>();
  const L = lanes<T>();
  const vecEnd = ASC_FEATURE_SIMD ? kCols - kCols % L : 0;
  let b = bFrom;
  // Four neighbouring outputs share every loaded kernel vector (each output's sum is the same alone).
  for (; b + 4 <= bTo; b += 4) {
    let t0: f64 = 0, t1: f64 = 0, t2: f64 = 0, t3: f64 = 0;
    for (let i = 0; i < kRows; i++) {
      const kp = kern + <usize>(i * kCols) * sz;
      const xp = x + <usize>((a + i) * xCols + b) * sz;
      if (ASC_FEATURE_SIMD) {
        let s0 = v128.splat<T>(<T>0);
        let s1 = s0;
        let s2 = s0;
        let s3 = s0;
        for (let j = 0; j < vecEnd; j += L) {
          const kv = v128.load(kp + <usize>j * sz);
          const xq = xp + <usize>j * sz;
          s0 = v128.add<T>(s0, v128.mul<T>(kv, v128.load(xq)));
          s1 = v128.add<T>(s1, v128.mul<T>(kv, v128.load(xq + sz)));
          s2 = v128.add<T>(s2, v128.mul<T>(kv, v128.load(xq + 2 * sz)));
          s3 = v128.add<T>(s3, v128.mul<T>(kv, v128.load(xq + 3 * sz)));
        }
        t0 += hsum<T>(s0);
        t1 += hsum<T>(s1);
        t2 += hsum<T>(s2);
        t3 += hsum<T>(s3);
      }
      t0 += <f64>rowDotTail<T>(kp, xp, vecEnd, kCols);
      t1 += <f64>rowDotTail<T>(kp, xp + sz, vecEnd, kCols);
      t2 += <f64>rowDotTail<T>(kp, xp + 2 * sz, vecEnd, kCols);
      t3 += <f64>rowDotTail<T>(kp, xp + 3 * sz, vecEnd, kCols);
    }
    const op = out + <usize>(a * C + b) * sz;
    store<T>(op, <T>t0);
    store<T>(op + sz, <T>t1);
    store<T>(op + 2 * sz, <T>t2);
    store<T>(op + 3 * sz, <T>t3);
  }
  for (; b < bTo; b++) {
    let t: f64 = 0;
    for (let i = 0; i < kRows; i++) {
      const kp = kern + <usize>(i * kCols) * sz;
      const xp = x + <usize>((a + i) * xCols + b) * sz;
      if (ASC_FEATURE_SIMD) {
        let s = v128.splat<T>(<T>0);
        for (let j = 0; j < vecEnd; j += L) {
          s = v128.add<T>(s, v128.mul<T>(v128.load(kp + <usize>j * sz), v128.load(xp + <usize>j * sz)));
        }
        t += hsum<T>(s);
      }
      t += <f64>rowDotTail<T>(kp, xp, vecEnd, kCols);
    }
    store<T>(out + <usize>(a * C + b) * sz, <T>t);
  }
}
