// Pointwise spectral filters on interleaved complex spectra (re, im), f32 and f64.

/**
 * out = conj(h)·y / (|h|² + λ): the Wiener / Tikhonov filter, the exact minimiser of
 * ½‖h ⊛ x − y‖² + ½λ‖x‖² for a circular convolution (unnormalised DFT), 0 where |h|² + λ = 0.
 * n complex values.
 */
export function wienerDivide<T>(out: usize, y: usize, h: usize, lambda: f64, n: i32): void {
  const sz = sizeof<T>();
  for (let i = 0; i < n; i++) {
    const o = <usize>(2 * i) * sz;
    const hr = <f64>load<T>(h + o);
    const hi = <f64>load<T>(h + o + sz);
    const yr = <f64>load<T>(y + o);
    const yi = <f64>load<T>(y + o + sz);
    const d = hr * hr + hi * hi + lambda;
    // λ = 0 and a zero of H: that frequency is unobservable; the minimum-norm answer puts 0 there.
    if (!(d > 0)) {
      store<T>(out + o, <T>0);
      store<T>(out + o + sz, <T>0);
      continue;
    }
    store<T>(out + o, <T>((hr * yr + hi * yi) / d));
    store<T>(out + o + sz, <T>((hr * yi - hi * yr) / d));
  }
}
