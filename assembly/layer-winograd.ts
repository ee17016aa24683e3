// Winograd F(2×2, 3×3) transforms for the layer's gradInput at stride 1 with a dense 3×3 kernel
// (src/wasm/layer.ts): dx is the stride-1 correlation of dy, zero-padded, with each W[o][c]
// turned 180°. Per 4×4 patch d of padded dy at (2·ty, 2·tx) and kernel g:
//   2×2 outputs = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A,
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1], Aᵀ = [1 1 1 0; 0 1 −1 −1].
// The sum over dy's channels of the 16 elementwise products is 16 independent GEMMs, run by
// layer-igemm.ts as one 1×1 GEMM per ξ (16 groups): 16·2·Cin·Cout multiply-adds per 2×2 outputs
// instead of 36·2·… — 2.25× fewer. Layouts: V[ξ][o][p] and M[ξ][c][p], p = ty·Tw + tx, channel
// stride `chan` elements; U[ξ][c][o].
//
// Every value is computed by the same sequence of f32/f64 operations in the SIMD build (four
// tiles per vector) and in the scalar build (one tile at a time), so the two agree bit for bit.

// @ts-ignore: decorator
@inline function half<T>(): T {
  return <T>0.5;
}

/**
 * The transformed weights of a [Cout, Cin, 3, 3] layer, U = G g Gᵀ per kernel: for the forward
 * pass (turned = false) U[ξ][o][c] with g = W[o][c]; for gradInput (turned = true) U[ξ][c][o]
 * with g = W[o][c] turned 180° (g[a][b] = W[o][c][2−a][2−b]). `dst` holds 16·Cin·Cout elements.
 */
export function winogradWeights<T>(dst: usize, w: usize, Cout: i32, Cin: i32, turned: bool): void {
  const sz = <usize>sizeof<T>();
  const plane = <usize>Cin * <usize>Cout * sz;
  const h = half<T>();
  for (let o = 0; o < Cout; o++) {
    for (let c = 0; c < Cin; c++) {
      const s = w + (<usize>(o * Cin + c) * 9) * sz;
      // g's element t (row-major) is W's element t, or 8 − t turned.
      const g00 = load<T>(s + tap<T>(0, turned)), g01 = load<T>(s + tap<T>(1, turned)), g02 = load<T>(s + tap<T>(2, turned));
      const g10 = load<T>(s + tap<T>(3, turned)), g11 = load<T>(s + tap<T>(4, turned)), g12 = load<T>(s + tap<T>(5, turned));
      const g20 = load<T>(s + tap<T>(6, turned)), g21 = load<T>(s + tap<T>(7, turned)), g22 = load<T>(s + tap<T>(8, turned));
      // G g: 4 rows of 3.
      const r00 = g00, r01 = g01, r02 = g02;
      const r10 = (g00 + g10 + g20) * h, r11 = (g01 + g11 + g21) * h, r12 = (g02 + g12 + g22) * h;
      const r20 = (g00 - g10 + g20) * h, r21 = (g01 - g11 + g21) * h, r22 = (g02 - g12 + g22) * h;
      const r30 = g20, r31 = g21, r32 = g22;
      const d = dst + <usize>(turned ? c * Cout + o : o * Cin + c) * sz;
      weightRow<T>(d, plane, r00, r01, r02);
      weightRow<T>(d + 4 * plane, plane, r10, r11, r12);
      weightRow<T>(d + 8 * plane, plane, r20, r21, r22);
      weightRow<T>(d + 12 * plane, plane, r30, r31, r32);
    }
  }
}

/** Byte offset of g's element t in a 3×3 kernel of T: t, or 8 − t when turned. */
// @ts-ignore: decorator
@inline function tap<T>(t: i32, turned: bool): usize {
  return <usize>(turned ? 8 - t : t) * sizeof<T>();
}

/** One row of (G g) times Gᵀ: four values, `plane` bytes apart. */
// @ts-ignore: decorator
@inline function weightRow<T>(d: usize, plane: usize, a: T, b: T, c: T): void {
  const h = half<T>();
  store<T>(d, a);
  store<T>(d + plane, (a + b + c) * h);
  store<T>(d + 2 * plane, (a - b + c) * h);
  store<T>(d + 3 * plane, c);
}

/**
 * V[ξ][o][p] = (Bᵀ d B)[ξ] for every channel o < nChan and tile p of Th×Tw: d = the 4×4 patch of
 * `src` (channel o: rows of Wp elements, chanSrc elements per channel) at (2·ty, 2·tx). `chan`:
 * V's channel stride (elements). The patch of the last tiles ends at row 2·Th + 1, column 2·Tw + 1.
 */
export function winogradInput<T>(dst: usize, chan: i32, src: usize, chanSrc: i32, nChan: i32, Th: i32, Tw: i32, Wp: i32): void {
  transformTiles<T>(dst, chan, src, chanSrc, nChan, Th, Tw, Wp, true);
}

/**
 * The tile loops of winogradInput (`input`: 4×4 patches through Bᵀ·B) and winogradGradOutput
 * (2×2 blocks through A·Aᵀ): channel by channel, row of tiles by row, four tiles per vector
 * (f32 SIMD) then one at a time. Inlined with a constant `input`.
 */
// @ts-ignore: decorator
@inline function transformTiles<T>(dst: usize, chan: i32, src: usize, chanSrc: i32, nChan: i32, Th: i32, Tw: i32, Wsrc: i32, input: bool): void {
  const sz = <usize>sizeof<T>();
  const plane = <usize>nChan * <usize>chan * sz; // dst's ξ stride
  const row = <usize>Wsrc * sz;
  for (let o = 0; o < nChan; o++) {
    const so = src + <usize>o * <usize>chanSrc * sz;
    const vo = dst + <usize>o * <usize>chan * sz;
    for (let ty = 0; ty < Th; ty++) {
      const s = so + <usize>(2 * ty) * row;
      const v = vo + <usize>(ty * Tw) * sz;
      let tx = 0;
      if (ASC_FEATURE_SIMD) {
        if (sz == 4) {
          for (; tx + 4 <= Tw; tx += 4) {
            if (input) inputTiles4(v + <usize>tx * 4, plane, s + <usize>(2 * tx) * 4, row);
            else gradOutTiles4(v + <usize>tx * 4, plane, s + <usize>(2 * tx) * 4, row);
          }
        }
      }
      for (; tx < Tw; tx++) {
        if (input) inputTile<T>(v + <usize>tx * sz, plane, s + <usize>(2 * tx) * sz, row);
        else gradOutTile<T>(v + <usize>tx * sz, plane, s + <usize>(2 * tx) * sz, row);
      }
    }
  }
}

/** Bᵀ d B for one tile, scalar: d's rows `row` bytes apart at s, results `plane` bytes apart at v. */
// @ts-ignore: decorator
@inline function inputTile<T>(v: usize, plane: usize, s: usize, row: usize): void {
  const sz = <usize>sizeof<T>();
  // Bᵀ d, column by column: t_i = rows combined (d0 − d2, d1 + d2, d2 − d1, d1 − d3).
  const a0 = load<T>(s), a1 = load<T>(s + sz), a2 = load<T>(s + 2 * sz), a3 = load<T>(s + 3 * sz);
  const b0 = load<T>(s + row), b1 = load<T>(s + row + sz), b2 = load<T>(s + row + 2 * sz), b3 = load<T>(s + row + 3 * sz);
  const c0 = load<T>(s + 2 * row), c1 = load<T>(s + 2 * row + sz), c2 = load<T>(s + 2 * row + 2 * sz), c3 = load<T>(s + 2 * row + 3 * sz);
  const e0 = load<T>(s + 3 * row), e1 = load<T>(s + 3 * row + sz), e2 = load<T>(s + 3 * row + 2 * sz), e3 = load<T>(s + 3 * row + 3 * sz);
  inputRow<T>(v, plane, a0 - c0, a1 - c1, a2 - c2, a3 - c3);
  inputRow<T>(v + 4 * plane, plane, b0 + c0, b1 + c1, b2 + c2, b3 + c3);
  inputRow<T>(v + 8 * plane, plane, c0 - b0, c1 - b1, c2 - b2, c3 - b3);
  inputRow<T>(v + 12 * plane, plane, b0 - e0, b1 - e1, b2 - e2, b3 - e3);
}

/** One row t of Bᵀ d times B: (t0 − t2, t1 + t2, t2 − t1, t1 − t3), `plane` bytes apart. */
// @ts-ignore: decorator
@inline function inputRow<T>(v: usize, plane: usize, t0: T, t1: T, t2: T, t3: T): void {
  store<T>(v, t0 - t2);
  store<T>(v + plane, t1 + t2);
  store<T>(v + 2 * plane, t2 - t1);
  store<T>(v + 3 * plane, t1 - t3);
}

/** Columns 0…3 of four tiles' patch row at s (tiles 2 columns apart), f32: lane k = tile k. */
// @ts-ignore: decorator
@inline export function patchColumns(s: usize, j: i32): v128 {
  // Elements 2k + j for k < 4: even or odd lanes of 8 elements from column j & ~1.
  const p = s + <usize>(j & 2) * 4;
  const lo = v128.load(p);
  const hi = v128.load(p, 16);
  return (j & 1) == 0 ? v128.shuffle<i32>(lo, hi, 0, 2, 4, 6) : v128.shuffle<i32>(lo, hi, 1, 3, 5, 7);
}

/** inputTile for four consecutive tiles at once (f32 lanes), the same operations per lane. */
// @ts-ignore: decorator
@inline function inputTiles4(v: usize, plane: usize, s: usize, row: usize): void {
  const a0 = patchColumns(s, 0), a1 = patchColumns(s, 1), a2 = patchColumns(s, 2), a3 = patchColumns(s, 3);
  const c0 = patchColumns(s + 2 * row, 0), c1 = patchColumns(s + 2 * row, 1), c2 = patchColumns(s + 2 * row, 2), c3 = patchColumns(s + 2 * row, 3);
  inputRow4(v, plane, f32x4.sub(a0, c0), f32x4.sub(a1, c1), f32x4.sub(a2, c2), f32x4.sub(a3, c3));
  const b0 = patchColumns(s + row, 0), b1 = patchColumns(s + row, 1), b2 = patchColumns(s + row, 2), b3 = patchColumns(s + row, 3);
  inputRow4(v + 4 * plane, plane, f32x4.add(b0, c0), f32x4.add(b1, c1), f32x4.add(b2, c2), f32x4.add(b3, c3));
  inputRow4(v + 8 * plane, plane, f32x4.sub(c0, b0), f32x4.sub(c1, b1), f32x4.sub(c2, b2), f32x4.sub(c3, b3));
  const e0 = patchColumns(s + 3 * row, 0), e1 = patchColumns(s + 3 * row, 1), e2 = patchColumns(s + 3 * row, 2), e3 = patchColumns(s + 3 * row, 3);
  inputRow4(v + 12 * plane, plane, f32x4.sub(b0, e0), f32x4.sub(b1, e1), f32x4.sub(b2, e2), f32x4.sub(b3, e3));
}

// @ts-ignore: decorator
@inline function inputRow4(v: usize, plane: usize, t0: v128, t1: v128, t2: v128, t3: v128): void {
  v128.store(v, f32x4.sub(t0, t2));
  v128.store(v + plane, f32x4.add(t1, t2));
  v128.store(v + 2 * plane, f32x4.sub(t2, t1));
  v128.store(v + 3 * plane, f32x4.sub(t1, t3));
}

/**
 * out[c][2·ty + i][2·tx + j] = (Aᵀ m A)[i][j] (+ bias[c] when hasBias, added last) for every
 * channel c < nChan and tile of Th×Tw, m[ξ] = M[ξ][c][p] (channel stride `chan` elements);
 * outputs past H×W (odd sizes) are not written. out: channels of H·W elements.
 */
export function winogradOutput<T>(dx: usize, src: usize, chan: i32, nChan: i32, Th: i32, Tw: i32, H: i32, W: i32, bias: usize, hasBias: bool): void {
  const sz = <usize>sizeof<T>();
  const plane = <usize>nChan * <usize>chan * sz;
  const row = <usize>W * sz;
  for (let c = 0; c < nChan; c++) {
    const mc = src + <usize>c * <usize>chan * sz;
    const dc = dx + <usize>c * <usize>H * row;
    const b = hasBias ? load<T>(bias + <usize>c * sz) : <T>0;
    for (let ty = 0; ty < Th; ty++) {
      const m = mc + <usize>(ty * Tw) * sz;
      const d = dc + <usize>(2 * ty) * row;
      const two = 2 * ty + 1 < H;
      let tx = 0;
      if (ASC_FEATURE_SIMD) {
        if (sz == 4) {
          if (two) for (; 2 * tx + 8 <= W; tx += 4) outputTiles4(d + <usize>(2 * tx) * 4, row, m + <usize>tx * 4, plane, hasBias, <f32>b);
        }
      }
      for (; tx < Tw; tx++) outputTile<T>(d + <usize>(2 * tx) * sz, row, m + <usize>tx * sz, plane, two, 2 * tx + 1 < W, hasBias, b);
    }
  }
}

/** y, or y + b (the bias last) when hasBias. */
// @ts-ignore: decorator
@inline function biased<T>(y: T, hasBias: bool, b: T): T {
  return hasBias ? y + b : y;
}

// @ts-ignore: decorator
@inline function biased4(y: v128, hasBias: bool, b: f32): v128 {
  return hasBias ? f32x4.add(y, f32x4.splat(b)) : y;
}

/** Aᵀ m A for one tile: the 16 values `plane` bytes apart at m; writes 2×2 (or the part inside). */
// @ts-ignore: decorator
@inline function outputTile<T>(d: usize, row: usize, m: usize, plane: usize, two: bool, twoCols: bool, hasBias: bool, b: T): void {
  const sz = <usize>sizeof<T>();
  // Aᵀ m: s0 = m0 + m1 + m2, s1 = m1 − m2 − m3 (rows of 4).
  const m00 = load<T>(m), m01 = load<T>(m + plane), m02 = load<T>(m + 2 * plane), m03 = load<T>(m + 3 * plane);
  const m10 = load<T>(m + 4 * plane), m11 = load<T>(m + 5 * plane), m12 = load<T>(m + 6 * plane), m13 = load<T>(m + 7 * plane);
  const m20 = load<T>(m + 8 * plane), m21 = load<T>(m + 9 * plane), m22 = load<T>(m + 10 * plane), m23 = load<T>(m + 11 * plane);
  const m30 = load<T>(m + 12 * plane), m31 = load<T>(m + 13 * plane), m32 = load<T>(m + 14 * plane), m33 = load<T>(m + 15 * plane);
  const s00 = m00 + m10 + m20, s01 = m01 + m11 + m21, s02 = m02 + m12 + m22, s03 = m03 + m13 + m23;
  store<T>(d, biased<T>(s00 + s01 + s02, hasBias, b));
  if (twoCols) store<T>(d + sz, biased<T>(s01 - s02 - s03, hasBias, b));
  if (two) {
    const s10 = m10 - m20 - m30, s11 = m11 - m21 - m31, s12 = m12 - m22 - m32, s13 = m13 - m23 - m33;
    store<T>(d + row, biased<T>(s10 + s11 + s12, hasBias, b));
    if (twoCols) store<T>(d + row + sz, biased<T>(s11 - s12 - s13, hasBias, b));
  }
}

/** outputTile for four consecutive whole tiles (f32 lanes), the same operations per lane. */
// @ts-ignore: decorator
@inline function outputTiles4(d: usize, row: usize, m: usize, plane: usize, hasBias: bool, b: f32): void {
  const m00 = v128.load(m), m01 = v128.load(m + plane), m02 = v128.load(m + 2 * plane), m03 = v128.load(m + 3 * plane);
  const m10 = v128.load(m + 4 * plane), m11 = v128.load(m + 5 * plane), m12 = v128.load(m + 6 * plane), m13 = v128.load(m + 7 * plane);
  const m20 = v128.load(m + 8 * plane), m21 = v128.load(m + 9 * plane), m22 = v128.load(m + 10 * plane), m23 = v128.load(m + 11 * plane);
  const s00 = f32x4.add(f32x4.add(m00, m10), m20), s01 = f32x4.add(f32x4.add(m01, m11), m21);
  const s02 = f32x4.add(f32x4.add(m02, m12), m22), s03 = f32x4.add(f32x4.add(m03, m13), m23);
  const y00 = biased4(f32x4.add(f32x4.add(s00, s01), s02), hasBias, b);
  const y01 = biased4(f32x4.sub(f32x4.sub(s01, s02), s03), hasBias, b);
  v128.store(d, v128.shuffle<i32>(y00, y01, 0, 4, 1, 5));
  v128.store(d, v128.shuffle<i32>(y00, y01, 2, 6, 3, 7), 16);
  const m30 = v128.load(m + 12 * plane), m31 = v128.load(m + 13 * plane), m32 = v128.load(m + 14 * plane), m33 = v128.load(m + 15 * plane);
  const s10 = f32x4.sub(f32x4.sub(m10, m20), m30), s11 = f32x4.sub(f32x4.sub(m11, m21), m31);
  const s12 = f32x4.sub(f32x4.sub(m12, m22), m32), s13 = f32x4.sub(f32x4.sub(m13, m23), m33);
  const y10 = biased4(f32x4.add(f32x4.add(s10, s11), s12), hasBias, b);
  const y11 = biased4(f32x4.sub(f32x4.sub(s11, s12), s13), hasBias, b);
  v128.store(d + row, v128.shuffle<i32>(y10, y11, 0, 4, 1, 5));
  v128.store(d + row, v128.shuffle<i32>(y10, y11, 2, 6, 3, 7), 16);
}

/**
 * 1 when all n elements at p are finite, else 0. The Winograd path is taken only then: its
 * transforms mix a tile's 16 inputs (Inf − Inf = NaN), where the direct sums propagate NaN and
 * ±Inf to exactly the outputs PyTorch's do.
 */
export function allFinite<T>(p: usize, n: i32): i32 {
  const sz = <usize>sizeof<T>();
  let i = 0;
  // x − x is 0 for a finite x, NaN otherwise; a sum of them stays 0 only if every x is finite.
  let s: T = 0;
  if (ASC_FEATURE_SIMD) {
    const L = 16 / <i32>sz;
    let acc = v128.splat<T>(0);
    for (; i + L <= n; i += L) {
      const v = v128.load(p + <usize>i * sz);
      acc = v128.add<T>(acc, v128.sub<T>(v, v));
    }
    if (!v128.all_true<i32>(v128.eq<T>(acc, v128.splat<T>(0)))) return 0;
  }
  for (; i < n; i++) {
    const x = load<T>(p + <usize>i * sz);
    s += x - x;
  }
  return s == 0 ? 1 : 0;
}

// gradWeight by the same F(2×2, 3×3), at stride 1: the forward of one 2×2 output tile is
// Y = Aᵀ [Σ_c (G w Gᵀ) ⊙ V_c] A, so its weight gradient is Gᵀ [Σ_tiles (A dY Aᵀ) ⊙ V_c] G:
// dy's 2×2 tiles go through A·Aᵀ (winogradGradOutput), x's 4×4 patches through Bᵀ·B
// (winogradInput), the 16 sums over tiles are GEMMs reducing over pixels (layer-gradweight.ts,
// 16 groups of a 1×1 kernel), and Gᵀ·G turns each 4×4 sum into the 3×3 kernel gradient.

/**
 * dst[ξ][o][p] = (A e Aᵀ)[ξ] for every channel o < nChan and tile p of Th×Tw: e = the 2×2 block of
 * `src` (channel o: rows of Wq elements, chanSrc per channel) at (2·ty, 2·tx). `chan`: dst's
 * channel stride; `tail` zeros are written after the last tile of each channel.
 */
export function winogradGradOutput<T>(dst: usize, chan: i32, src: usize, chanSrc: i32, nChan: i32, Th: i32, Tw: i32, Wq: i32, tail: i32): void {
  transformTiles<T>(dst, chan, src, chanSrc, nChan, Th, Tw, Wq, false);
  if (tail <= 0) return;
  const sz = <usize>sizeof<T>();
  const plane = <usize>nChan * <usize>chan * sz;
  for (let o = 0; o < nChan; o++) {
    for (let xi = 0; xi < 16; xi++) {
      const t = dst + <usize>xi * plane + (<usize>o * <usize>chan + <usize>(Th * Tw)) * sz;
      for (let k = 0; k < tail; k++) store<T>(t + <usize>k * sz, <T>0);
    }
  }
}

/** A e Aᵀ for one 2×2 block e (rows `row` bytes apart at s), scalar; results `plane` bytes apart at v. */
// @ts-ignore: decorator
@inline function gradOutTile<T>(v: usize, plane: usize, s: usize, row: usize): void {
  const sz = <usize>sizeof<T>();
  const e00 = load<T>(s), e01 = load<T>(s + sz), e10 = load<T>(s + row), e11 = load<T>(s + row + sz);
  gradOutRow<T>(v, plane, e00, e01);
  gradOutRow<T>(v + 4 * plane, plane, e00 + e10, e01 + e11);
  gradOutRow<T>(v + 8 * plane, plane, e00 - e10, e01 - e11);
  gradOutRow<T>(v + 12 * plane, plane, -e10, -e11);
}

/** gradOutTile for four consecutive tiles (f32 lanes; blocks 2 columns apart), the same operations per lane. */
// @ts-ignore: decorator
@inline function gradOutTiles4(v: usize, plane: usize, s: usize, row: usize): void {
  const a = v128.load(s), b = v128.load(s, 16), c = v128.load(s + row), d = v128.load(s + row, 16);
  const e00 = v128.shuffle<i32>(a, b, 0, 2, 4, 6), e01 = v128.shuffle<i32>(a, b, 1, 3, 5, 7);
  const e10 = v128.shuffle<i32>(c, d, 0, 2, 4, 6), e11 = v128.shuffle<i32>(c, d, 1, 3, 5, 7);
  gradOutRow4(v, plane, e00, e01);
  gradOutRow4(v + 4 * plane, plane, f32x4.add(e00, e10), f32x4.add(e01, e11));
  gradOutRow4(v + 8 * plane, plane, f32x4.sub(e00, e10), f32x4.sub(e01, e11));
  gradOutRow4(v + 12 * plane, plane, f32x4.neg(e10), f32x4.neg(e11));
}

/** One row (r0, r1) of A e times Aᵀ: (r0, r0 + r1, r0 − r1, −r1), `plane` bytes apart. */
// @ts-ignore: decorator
@inline function gradOutRow<T>(v: usize, plane: usize, r0: T, r1: T): void {
  store<T>(v, r0);
  store<T>(v + plane, r0 + r1);
  store<T>(v + 2 * plane, r0 - r1);
  store<T>(v + 3 * plane, -r1);
}

// @ts-ignore: decorator
@inline function gradOutRow4(v: usize, plane: usize, r0: v128, r1: v128): void {
  v128.store(v, r0);
  v128.store(v + plane, f32x4.add(r0, r1));
  v128.store(v + 2 * plane, f32x4.sub(r0, r1));
  v128.store(v + 3 * plane, f32x4.neg(r1));
}

/**
 * dw[o][c] (3×3) = Gᵀ m G with m[ξ] = src[ξ][o][c] (16 planes of Cout·Cin): the weight gradient
 * of a [Cout, Cin, 3, 3] layer from its 16 Winograd-domain sums.
 */
export function winogradWeightGrad<T>(dw: usize, src: usize, Cout: i32, Cin: i32): void {
  const sz = <usize>sizeof<T>();
  const plane = <usize>Cout * <usize>Cin * sz;
  const h = half<T>();
  for (let o = 0; o < Cout; o++) {
    for (let c = 0; c < Cin; c++) {
      const m = src + <usize>(o * Cin + c) * sz;
      const d = dw + (<usize>(o * Cin + c) * 9) * sz;
      // Gᵀ m, column by column j: (m0 + (m1 + m2)·½, (m1 − m2)·½, (m1 + m2)·½ + m3) → rows q0, q1, q2.
      const m00 = load<T>(m), m01 = load<T>(m + plane), m02 = load<T>(m + 2 * plane), m03 = load<T>(m + 3 * plane);
      const m10 = load<T>(m + 4 * plane), m11 = load<T>(m + 5 * plane), m12 = load<T>(m + 6 * plane), m13 = load<T>(m + 7 * plane);
      const m20 = load<T>(m + 8 * plane), m21 = load<T>(m + 9 * plane), m22 = load<T>(m + 10 * plane), m23 = load<T>(m + 11 * plane);
      const m30 = load<T>(m + 12 * plane), m31 = load<T>(m + 13 * plane), m32 = load<T>(m + 14 * plane), m33 = load<T>(m + 15 * plane);
      const u0 = (m10 + m20) * h, u1 = (m11 + m21) * h, u2 = (m12 + m22) * h, u3 = (m13 + m23) * h;
      weightGradRow<T>(d, m00 + u0, m01 + u1, m02 + u2, m03 + u3);
      weightGradRow<T>(d + 3 * sz, (m10 - m20) * h, (m11 - m21) * h, (m12 - m22) * h, (m13 - m23) * h);
      weightGradRow<T>(d + 6 * sz, u0 + m30, u1 + m31, u2 + m32, u3 + m33);
    }
  }
}

/** One row q of Gᵀ m times G: (q0 + (q1 + q2)·½, (q1 − q2)·½, (q1 + q2)·½ + q3). */
// @ts-ignore: decorator
@inline function weightGradRow<T>(d: usize, q0: T, q1: T, q2: T, q3: T): void {
  const sz = <usize>sizeof<T>();
  const u = (q1 + q2) * half<T>();
  store<T>(d, q0 + u);
  store<T>(d + sz, (q1 - q2) * half<T>());
  store<T>(d + 2 * sz, u + q3);
}
