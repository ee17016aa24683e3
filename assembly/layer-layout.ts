// Data layout for the Conv2D layer kernels: zero-padded stride-phase planes in, strided copies out.
//
// A strided convolution reads input (i·sh + a·dh, j·sw + b·dw). Splitting the zero-padded
// image into its sh·sw stride phases — plane (ρh, ρw) holds padded rows ρh, ρh+sh, … and
// columns ρw, ρw+sw, … — turns every tap into a plain shift inside one plane:
// (i + ⌊a·dh/sh⌋, j + ⌊b·dw/sw⌋) of plane (a·dh mod sh, b·dw mod sw). With all output pixels
// numbered q = i·Wph + j over the plane width Wph ("wide" rows whose last Wph − Wo columns are
// never kept), each tap reads the contiguous run plane[q + offset]; see layer-igemm.ts.

/** Even lanes of the 2·L elements a, b: one column phase of stride 2 (columns 0, 2, 4, …). */
// @ts-ignore: decorator
@inline export function evens<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 4 ? v128.shuffle<i32>(a, b, 0, 2, 4, 6) : v128.shuffle<i64>(a, b, 0, 2);
}

/** Odd lanes of the 2·L elements a, b: the other column phase (columns 1, 3, 5, …). */
// @ts-ignore: decorator
@inline export function odds<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 4 ? v128.shuffle<i32>(a, b, 1, 3, 5, 7) : v128.shuffle<i64>(a, b, 1, 3);
}

/**
 * n elements from src to dst (dst ≤ src or no overlap). Short runs by vectors: a bulk-memory
 * call costs more than a whole short row in engines that implement it as a runtime call.
 */
// @ts-ignore: decorator
@inline function copyRun<T>(dst: usize, src: usize, n: i32): void {
  const sz = <usize>sizeof<T>();
  if (n >= 256) {
    memory.copy(dst, src, <usize>n * sz);
    return;
  }
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = 16 / <i32>sz;
    for (; i + L <= n; i += L) v128.store(dst + <usize>i * sz, v128.load(src + <usize>i * sz));
  }
  for (; i < n; i++) store<T>(dst + <usize>i * sz, load<T>(src + <usize>i * sz));
}

/** n zero elements at dst (vectors for short runs, as copyRun). */
// @ts-ignore: decorator
@inline function zeroRun<T>(dst: usize, n: i32): void {
  const sz = <usize>sizeof<T>();
  if (n >= 256) {
    memory.fill(dst, 0, <usize>n * sz);
    return;
  }
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const L = 16 / <i32>sz;
    const z = v128.splat<i32>(0);
    for (; i + L <= n; i += L) v128.store(dst + <usize>i * sz, z);
  }
  for (; i < n; i++) store<T>(dst + <usize>i * sz, <T>0);
}

/**
 * Stride-phase planes of `nChan` channels, each H×W at `src` (channel stride H·W):
 * dst[c][ρh][ρw][R][C] = src[c][R·sh + ρh − pt][C·sw + ρw − pl], zero outside the image.
 * Planes are Hph×Wph; pt and pl may be negative (a crop). Each source row is read once and
 * dealt out to its sw column phases.
 */
export function padPhases<T>(
  dst: usize, src: usize, nChan: i32, H: i32, W: i32, pt: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32,
): void {
  const sz = <usize>sizeof<T>();
  const rowBytes = <usize>Wph * sz;
  const planeBytes = <usize>Hph * rowBytes;
  // Columns C whose sw source columns C·sw − pl … C·sw + sw − 1 − pl are all inside a row.
  let inLo = pl > 0 ? (pl + sw - 1) / sw : 0;
  let inHi = W - sw + pl >= 0 ? (W - sw + pl) / sw + 1 : 0;
  if (inHi > Wph) inHi = Wph;
  if (inLo > inHi) inLo = inHi;
  for (let c = 0; c < nChan; c++) {
    const s = src + <usize>c * <usize>H * <usize>W * sz;
    const d = dst + <usize>c * <usize>(sh * sw) * planeBytes;
    for (let ph = 0; ph < sh; ph++) {
      const dph = d + <usize>(ph * sw) * planeBytes;
      for (let R = 0; R < Hph; R++) {
        const r = R * sh + ph - pt;
        const drow = dph + <usize>R * rowBytes;
        if (r < 0 || r >= H) {
          for (let pw = 0; pw < sw; pw++) zeroRun<T>(drow + <usize>pw * planeBytes, Wph);
        } else {
          splitRow<T>(drow, planeBytes, s + <usize>r * <usize>W * sz, W, pl, sw, Wph, inLo, inHi);
        }
      }
    }
  }
}

/**
 * One padded row into its sw phases: dst[ρw·planeBytes + C] = src[C·sw + ρw − pl], zero
 * outside 0…W−1. Copies for sw = 1; for sw = 2 the interior is deinterleaved by vectors.
 */
// @ts-ignore: decorator
@inline function splitRow<T>(dst: usize, planeBytes: usize, src: usize, W: i32, pl: i32, sw: i32, Wph: i32, inLo: i32, inHi: i32): void {
  const sz = <usize>sizeof<T>();
  if (sw == 1) {
    let cLo = pl > 0 ? pl : 0;
    let cHi = W + pl;
    if (cHi > Wph) cHi = Wph;
    if (cLo > cHi) cLo = cHi;
    zeroRun<T>(dst, cLo);
    copyRun<T>(dst + <usize>cLo * sz, src + <usize>(cLo - pl) * sz, cHi - cLo);
    zeroRun<T>(dst + <usize>cHi * sz, Wph - cHi);
    return;
  }
  edgeColumns<T>(dst, planeBytes, src, W, pl, sw, 0, inLo);
  let C = inLo;
  if (ASC_FEATURE_SIMD && sw == 2) {
    const L = 16 / <i32>sz;
    const d0 = dst;
    const d1 = dst + planeBytes;
    for (; C + L <= inHi; C += L) {
      const p = src + <usize>(2 * C - pl) * sz;
      const a = v128.load(p);
      const b = v128.load(p, 16);
      if (sz == 4) {
        v128.store(d0 + <usize>C * sz, v128.shuffle<i32>(a, b, 0, 2, 4, 6));
        v128.store(d1 + <usize>C * sz, v128.shuffle<i32>(a, b, 1, 3, 5, 7));
      } else {
        v128.store(d0 + <usize>C * sz, v128.shuffle<i64>(a, b, 0, 2));
        v128.store(d1 + <usize>C * sz, v128.shuffle<i64>(a, b, 1, 3));
      }
    }
  }
  for (; C < inHi; C++) {
    let p = src + <usize>(C * sw - pl) * sz;
    for (let pw = 0; pw < sw; pw++) {
      store<T>(dst + <usize>pw * planeBytes + <usize>C * sz, load<T>(p));
      p += sz;
    }
  }
  edgeColumns<T>(dst, planeBytes, src, W, pl, sw, inHi, Wph);
}

/** Columns C0 … C1−1 of every phase, each checked against the row's ends. */
// @ts-ignore: decorator
@inline function edgeColumns<T>(dst: usize, planeBytes: usize, src: usize, W: i32, pl: i32, sw: i32, C0: i32, C1: i32): void {
  const sz = <usize>sizeof<T>();
  for (let pw = 0; pw < sw; pw++) {
    const d = dst + <usize>pw * planeBytes;
    for (let C = C0; C < C1; C++) {
      const col = C * sw + pw - pl;
      store<T>(d + <usize>C * sz, col >= 0 && col < W ? load<T>(src + <usize>col * sz) : <T>0);
    }
  }
}

/**
 * dst[k·dstChan + i·dstRow + j·dstCol] = src[k·srcChan + i·srcRow + j] for k < nChan, i < rows,
 * j < cols (element strides). Ascending order, row by row with memmove semantics, so it may
 * compact in place (dst ≤ src element by element): wide rows to dense rows, or scatter one
 * stride phase of a gradient into its image.
 */
export function copy2d<T>(
  dst: usize, dstChan: i32, dstRow: i32, dstCol: i32, src: usize, srcChan: i32, srcRow: i32, nChan: i32, rows: i32, cols: i32,
): void {
  const sz = <usize>sizeof<T>();
  for (let k = 0; k < nChan; k++) {
    for (let i = 0; i < rows; i++) {
      const d = dst + (<usize>k * <usize>dstChan + <usize>i * <usize>dstRow) * sz;
      const s = src + (<usize>k * <usize>srcChan + <usize>i * <usize>srcRow) * sz;
      if (dstCol == 1) {
        copyRun<T>(d, s, cols);
      } else {
        const step = <usize>dstCol * sz;
        for (let j = 0; j < cols; j++) store<T>(d + <usize>j * step, load<T>(s + <usize>j * sz));
      }
    }
  }
}
