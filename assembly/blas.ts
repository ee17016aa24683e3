// Element-wise helpers around the correlation kernels: building zero-padded canvases,
// turning kernels, and the residual with its squared norm.

/** dst (dstRows×dstCols) = zeros with src (srcRows×srcCols) placed at (rowOff, colOff); src must fit. */
export function embed<T>(
  dst: usize, dstRows: i32, dstCols: i32, src: usize, srcRows: i32, srcCols: i32, rowOff: i32, colOff: i32,
): void {
  const sz = sizeof<T>();
  memory.fill(dst, 0, <usize>(dstRows * dstCols) * sz);
  const rowBytes = <usize>srcCols * sz;
  for (let i = 0; i < srcRows; i++) {
    memory.copy(dst + <usize>((i + rowOff) * dstCols + colOff) * sz, src + <usize>(i * srcCols) * sz, rowBytes);
  }
}

/** dst = src turned by 180° (n elements, row-major: the reversed sequence). */
export function rot180<T>(dst: usize, src: usize, n: i32): void {
  const sz = sizeof<T>();
  for (let i = 0; i < n; i++) store<T>(dst + <usize>i * sz, load<T>(src + <usize>(n - 1 - i) * sz));
}

/** r = z − y in the data's precision (r may be z); returns ½Σr² accumulated in f64. */
export function residual<T>(r: usize, z: usize, y: usize, n: i32): f64 {
  const sz = sizeof<T>();
  // Two f64 accumulators halve the add-latency chain; the order is fixed, so results are reproducible.
  let s0: f64 = 0;
  let s1: f64 = 0;
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i * sz;
    const d0 = load<T>(z + o) - load<T>(y + o);
    const d1 = load<T>(z + o + sz) - load<T>(y + o + sz);
    store<T>(r + o, d0);
    store<T>(r + o + sz, d1);
    s0 += <f64>d0 * <f64>d0;
    s1 += <f64>d1 * <f64>d1;
  }
  if (i < n) {
    const o = <usize>i * sz;
    const d = load<T>(z + o) - load<T>(y + o);
    store<T>(r + o, d);
    s0 += <f64>d * <f64>d;
  }
  return 0.5 * (s0 + s1);
}

/** Σ a[i]·b[i] accumulated in f64 (two accumulators, fixed order: reproducible). */
export function dot<T>(a: usize, b: usize, n: i32): f64 {
  const sz = sizeof<T>();
  let s0: f64 = 0;
  let s1: f64 = 0;
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i * sz;
    s0 += <f64>load<T>(a + o) * <f64>load<T>(b + o);
    s1 += <f64>load<T>(a + o + sz) * <f64>load<T>(b + o + sz);
  }
  if (i < n) s0 += <f64>load<T>(a + <usize>i * sz) * <f64>load<T>(b + <usize>i * sz);
  return s0 + s1;
}

/** y = alpha·x + beta·y. */
export function axpby<T>(y: usize, alpha: f64, x: usize, beta: f64, n: i32): void {
  const sz = sizeof<T>();
  const a = <T>alpha;
  const b = <T>beta;
  for (let i = 0; i < n; i++) {
    const o = <usize>i * sz;
    store<T>(y + o, a * load<T>(x + o) + b * load<T>(y + o));
  }
}

/** v = max(v, lo) element-wise, then min(v, hi). */
export function clamp<T>(v: usize, lo: f64, hi: f64, n: i32): void {
  const sz = sizeof<T>();
  const l = <T>lo;
  const h = <T>hi;
  for (let i = 0; i < n; i++) {
    const o = <usize>i * sz;
    store<T>(v + o, min<T>(max<T>(load<T>(v + o), l), h));
  }
}

/** out = a ⊙ b (element-wise product). */
export function mul<T>(out: usize, a: usize, b: usize, n: i32): void {
  const sz = sizeof<T>();
  for (let i = 0; i < n; i++) {
    const o = <usize>i * sz;
    store<T>(out + o, load<T>(a + o) * load<T>(b + o));
  }
}

/** out = a / b element-wise, with 0 where b ≤ tiny (Richardson–Lucy's ratio y / (h ∗ x)). */
export function divPositive<T>(out: usize, a: usize, b: usize, tiny: f64, n: i32): void {
  const sz = sizeof<T>();
  const t = <T>tiny;
  for (let i = 0; i < n; i++) {
    const o = <usize>i * sz;
    const d = load<T>(b + o);
    store<T>(out + o, d > t ? load<T>(a + o) / d : <T>0);
  }
}

/** v[i] = value for all i. */
export function fill<T>(v: usize, value: f64, n: i32): void {
  const sz = sizeof<T>();
  const x = <T>value;
  for (let i = 0; i < n; i++) store<T>(v + <usize>i * sz, x);
}
