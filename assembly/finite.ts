// Scanning data for NaN and ±Infinity before it is convolved (the NaN policy, README).

// @ts-ignore: decorator
@inline function exponentAllOnes<T>(v: v128): v128 {
  // NaN and ±Infinity are exactly the values whose exponent bits are all ones.
  if (sizeof<T>() == 4) {
    const e = i32x4.splat(0x7f800000);
    return i32x4.eq(v128.and(v, e), e);
  }
  const e = i64x2.splat(0x7ff0000000000000);
  return i64x2.eq(v128.and(v, e), e);
}

/**
 * Index of the first NaN or ±Infinity among n elements at x, or −1 when all are finite.
 * With SIMD, one pass of integer masks (exponent all ones), four vectors per step and no
 * floating-point latency chain, clears the common all-finite case; without it, v − v (0 for a
 * finite v, NaN otherwise) summed. Only a dirty input is searched for the index.
 */
export function firstNonFinite<T>(x: usize, n: i32): i32 {
  const sz = sizeof<T>();
  let i = 0;
  let clean = true;
  if (ASC_FEATURE_SIMD) {
    const lanes = 16 / <i32>sz;
    let bad = i32x4.splat(0);
    for (; i + 4 * lanes <= n; i += 4 * lanes) {
      const p = x + <usize>i * sz;
      const b01 = v128.or(exponentAllOnes<T>(v128.load(p)), exponentAllOnes<T>(v128.load(p, 16)));
      const b23 = v128.or(exponentAllOnes<T>(v128.load(p, 32)), exponentAllOnes<T>(v128.load(p, 48)));
      bad = v128.or(bad, v128.or(b01, b23));
    }
    clean = !v128.any_true(bad);
  }
  let s: T = <T>0;
  for (let j = i; j < n; j++) {
    const v = load<T>(x + <usize>j * sz);
    s += v - v;
  }
  if (clean && s == s) return -1;
  for (let j = 0; j < n; j++) {
    const v = load<T>(x + <usize>j * sz);
    if (v - v != v - v) return j;
  }
  return -1;
}

/** max |x[i]| over n elements (0 for n = 0), as f64: the FFT path's exponent scaling reads it. */
export function maxAbs<T>(x: usize, n: i32): f64 {
  const sz = sizeof<T>();
  let i = 0;
  let m: T = <T>0;
  if (ASC_FEATURE_SIMD) {
    const lanes = 16 / <i32>sz;
    let a = v128.splat<T>(<T>0);
    for (; i + lanes <= n; i += lanes) a = v128.max<T>(a, v128.abs<T>(v128.load(x + <usize>i * sz)));
    for (let j = 0; j < lanes; j++) {
      const v = sz == 4 ? <T>f32x4.extract_lane(a, 0) : <T>f64x2.extract_lane(a, 0);
      if (v > m) m = v;
      a = sz == 4 ? i32x4.shuffle(a, a, 1, 2, 3, 0) : i64x2.shuffle(a, a, 1, 0);
    }
  }
  for (; i < n; i++) {
    const v = abs<T>(load<T>(x + <usize>i * sz));
    if (v > m) m = v;
  }
  return <f64>m;
}

/** x ← x·2^e (exact for normal values), n elements; applied in steps so the factor stays finite. */
export function scalePow2<T>(x: usize, n: i32, e: i32): void {
  const sz = sizeof<T>();
  while (e != 0) {
    const step = e > 100 ? 100 : e < -100 ? -100 : e;
    e -= step;
    const f = <T>Math.pow(2, <f64>step);
    for (let i = 0; i < n; i++) {
      const p = x + <usize>i * sz;
      store<T>(p, load<T>(p) * f);
    }
  }
}
