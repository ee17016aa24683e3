// Scanning data for NaN and ±Infinity before it is convolved (the NaN policy, README).

/**
 * Index of the first NaN or ±Infinity among n elements at x, or −1 when all are finite.
 * v − v is 0 for a finite v and NaN otherwise, so one pass of subtractions and adds (SIMD
 * when built with it) clears the common all-finite case; only then is the index looked up.
 */
export function firstNonFinite<T>(x: usize, n: i32): i32 {
  const sz = sizeof<T>();
  let i = 0;
  let clean = true;
  if (ASC_FEATURE_SIMD) {
    const lanes = 16 / <i32>sz;
    let a0 = v128.splat<T>(<T>0);
    let a1 = v128.splat<T>(<T>0);
    for (; i + 2 * lanes <= n; i += 2 * lanes) {
      const p = x + <usize>i * sz;
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      a0 = v128.add<T>(a0, v128.sub<T>(v0, v0));
      a1 = v128.add<T>(a1, v128.sub<T>(v1, v1));
    }
    const a = v128.add<T>(a0, a1);
    // A NaN lane is unequal to itself.
    const same = v128.eq<T>(a, a);
    clean = sz == 4 ? v128.all_true<i32>(same) : v128.all_true<i64>(same);
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
