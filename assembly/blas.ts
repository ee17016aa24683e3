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
