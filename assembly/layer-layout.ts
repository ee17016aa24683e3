// Data layout for the Conv2D layer kernels: zero-padded stride-phase planes in, strided copies out.
//
// A strided convolution reads input (i·sh + a·dh, j·sw + b·dw). Splitting the zero-padded
// image into its sh·sw stride phases — plane (ρh, ρw) holds padded rows ρh, ρh+sh, … and
// columns ρw, ρw+sw, … — turns every tap into a plain shift inside one plane:
// (i + ⌊a·dh/sh⌋, j + ⌊b·dw/sw⌋) of plane (a·dh mod sh, b·dw mod sw). With all output pixels
// numbered q = i·Wph + j over the plane width Wph ("wide" rows whose last Wph − Wo columns are
// never kept), each tap reads the contiguous run plane[q + offset]; see layer-igemm.ts.

/**
 * Stride-phase planes of `nChan` channels, each H×W at `src` (channel stride H·W):
 * dst[c][ρh][ρw][R][C] = src[c][R·sh + ρh − pt][C·sw + ρw − pl], zero outside the image.
 * Planes are Hph×Wph; pt and pl may be negative (a crop).
 */
export function padPhases<T>(
  dst: usize, src: usize, nChan: i32, H: i32, W: i32, pt: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32,
): void {
  const sz = <usize>sizeof<T>();
  const planeElems = <usize>Hph * <usize>Wph;
  let d = dst;
  for (let c = 0; c < nChan; c++) {
    const s = src + <usize>c * <usize>H * <usize>W * sz;
    for (let ph = 0; ph < sh; ph++) {
      for (let pw = 0; pw < sw; pw++) {
        phasePlane<T>(d, s, H, W, ph - pt, pw - pl, sh, sw, Hph, Wph);
        d += planeElems * sz;
      }
    }
  }
}

/** One plane: dst[R][C] = src[R·sh + r0][C·sw + c0] inside the image, else 0. */
function phasePlane<T>(dst: usize, src: usize, H: i32, W: i32, r0: i32, c0: i32, sh: i32, sw: i32, Hph: i32, Wph: i32): void {
  const sz = <usize>sizeof<T>();
  // Columns C with 0 ≤ C·sw + c0 < W: C ∈ [cLo, cHi).
  let cLo = c0 >= 0 ? 0 : (-c0 + sw - 1) / sw;
  let cHi = W - c0 <= 0 ? 0 : (W - c0 + sw - 1) / sw;
  if (cHi > Wph) cHi = Wph;
  if (cLo > cHi) cLo = cHi;
  for (let R = 0; R < Hph; R++) {
    const row = dst + <usize>R * <usize>Wph * sz;
    const r = R * sh + r0;
    if (r < 0 || r >= H || cLo == cHi) {
      memory.fill(row, 0, <usize>Wph * sz);
      continue;
    }
    if (cLo > 0) memory.fill(row, 0, <usize>cLo * sz);
    const srow = src + <usize>r * <usize>W * sz;
    if (sw == 1) {
      memory.copy(row + <usize>cLo * sz, srow + <usize>(cLo + c0) * sz, <usize>(cHi - cLo) * sz);
    } else {
      let sp = srow + <usize>(cLo * sw + c0) * sz;
      const step = <usize>sw * sz;
      for (let C = cLo; C < cHi; C++) {
        store<T>(row + <usize>C * sz, load<T>(sp));
        sp += step;
      }
    }
    if (cHi < Wph) memory.fill(row + <usize>cHi * sz, 0, <usize>(Wph - cHi) * sz);
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
        memory.copy(d, s, <usize>cols * sz);
      } else {
        const step = <usize>dstCol * sz;
        for (let j = 0; j < cols; j++) store<T>(d + <usize>j * step, load<T>(s + <usize>j * sz));
      }
    }
  }
}
