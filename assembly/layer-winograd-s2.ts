// Winograd F(2, 2) per stride phase, for the gradients of float32 3×3 stride-2 layers
// (src/wasm/layer-phase-winograd.ts). At stride 2 each stride phase of dx is a stride-1
// correlation of zero-padded dy with a sub-kernel of W of 2×2, 2×1, 1×2 or 1×1 taps, and each
// phase of W's gradient a stride-1 correlation of dy with one stride-phase plane of x. Along an
// axis with two taps, F(2, 2) turns 2 outputs × 2 taps (4 multiply-adds) into 3 products:
//   Bᵀ d = (d0 − d1, d1, d2 − d1),   G g = (g0, g0 + g1, g1),   Aᵀ m = (m0 + m1, m1 + m2),
// and, for the weight gradient (the adjoint), A e = (e0, e0 + e1, e1) on dy's tile and
// Gᵀ s = (s0 + s1, s1 + s2) on the sums. Along an axis with one tap every transform is the
// identity (tiles of 1). Per 2×2 block of dx (one pixel of each phase) the 4 + 2 + 2 + 1 = 9
// multiply-adds a channel pair become 2.25 + 1.5 + 1.5 + 1 = 6.25 products (1.44× fewer), the
// sums over channels being GEMMs as at stride 1. Only ±1 coefficients: the transforms round
// no more than a few additions do.
// Layouts as layer-winograd.ts: V[ξ][chan][p], M[ξ][chan][p], p = ty·Tw + tx, ξ = i·pw + j over
// the points (3 or 1 per axis); U[ξ][c][o]; sums S[ξ][o][c].
//
// Each value is computed by the same sequence of f32 operations in the SIMD build (four tiles
// per vector) and in the scalar build (one tile at a time), so the two agree bit for bit.
import { patchColumns } from './layer-winograd';

/** Bᵀ along a row: (t0 − t1, t1, t2 − t1) `plane` bytes apart. */
// @ts-ignore: decorator
@inline function rowB<T>(v: usize, plane: usize, t0: T, t1: T, t2: T): void {
  store<T>(v, t0 - t1);
  store<T>(v + plane, t1);
  store<T>(v + 2 * plane, t2 - t1);
}

// @ts-ignore: decorator
@inline function rowB4(v: usize, plane: usize, t0: v128, t1: v128, t2: v128): void {
  v128.store(v, f32x4.sub(t0, t1));
  v128.store(v + plane, t1);
  v128.store(v + 2 * plane, f32x4.sub(t2, t1));
}

/** (Bᵀ ⊗ Bᵀ) d for one tile at s (rows `row` bytes apart), scalar; the points `plane` bytes apart at v. */
// @ts-ignore: decorator
@inline function inputTile<T>(v: usize, plane: usize, s: usize, row: usize, twoH: bool, twoW: bool): void {
  const sz = <usize>sizeof<T>();
  if (twoH) {
    const a0 = load<T>(s), b0 = load<T>(s + row), c0 = load<T>(s + 2 * row);
    if (twoW) {
      const a1 = load<T>(s + sz), a2 = load<T>(s + 2 * sz);
      const b1 = load<T>(s + row + sz), b2 = load<T>(s + row + 2 * sz);
      const c1 = load<T>(s + 2 * row + sz), c2 = load<T>(s + 2 * row + 2 * sz);
      rowB<T>(v, plane, a0 - b0, a1 - b1, a2 - b2);
      rowB<T>(v + 3 * plane, plane, b0, b1, b2);
      rowB<T>(v + 6 * plane, plane, c0 - b0, c1 - b1, c2 - b2);
    } else {
      store<T>(v, a0 - b0);
      store<T>(v + plane, b0);
      store<T>(v + 2 * plane, c0 - b0);
    }
  } else if (twoW) {
    rowB<T>(v, plane, load<T>(s), load<T>(s + sz), load<T>(s + 2 * sz));
  } else {
    store<T>(v, load<T>(s));
  }
}

/** inputTile for four consecutive tiles (f32 lanes), the same operations per lane. */
// @ts-ignore: decorator
@inline function inputTiles4(v: usize, plane: usize, s: usize, row: usize, twoH: bool, twoW: bool): void {
  if (twoW) {
    if (twoH) {
      const a0 = patchColumns(s, 0), a1 = patchColumns(s, 1), a2 = patchColumns(s, 2);
      const b0 = patchColumns(s + row, 0), b1 = patchColumns(s + row, 1), b2 = patchColumns(s + row, 2);
      rowB4(v, plane, f32x4.sub(a0, b0), f32x4.sub(a1, b1), f32x4.sub(a2, b2));
      rowB4(v + 3 * plane, plane, b0, b1, b2);
      const c0 = patchColumns(s + 2 * row, 0), c1 = patchColumns(s + 2 * row, 1), c2 = patchColumns(s + 2 * row, 2);
      rowB4(v + 6 * plane, plane, f32x4.sub(c0, b0), f32x4.sub(c1, b1), f32x4.sub(c2, b2));
    } else {
      rowB4(v, plane, patchColumns(s, 0), patchColumns(s, 1), patchColumns(s, 2));
    }
  } else if (twoH) {
    const a0 = v128.load(s), b0 = v128.load(s + row), c0 = v128.load(s + 2 * row);
    v128.store(v, f32x4.sub(a0, b0));
    v128.store(v + plane, b0);
    v128.store(v + 2 * plane, f32x4.sub(c0, b0));
  } else {
    v128.store(v, v128.load(s));
  }
}

/**
 * The tile loops of phaseInput (`input`: patches through Bᵀ ⊗ Bᵀ) and phaseGradOutput (dy's
 * blocks through A ⊗ A): tile (ty, tx) reads src rows from (twoH ? 2·ty : ty), columns from
 * (twoW ? 2·tx : tx). Inlined with constant flags.
 */
// @ts-ignore: decorator
@inline function phaseTiles<T>(dst: usize, chan: i32, src: usize, chanSrc: i32, nChan: i32, Th: i32, Tw: i32, Wsrc: i32, twoH: bool, twoW: bool, input: bool): void {
  const sz = <usize>sizeof<T>();
  const plane = <usize>nChan * <usize>chan * sz;
  const row = <usize>Wsrc * sz;
  const colStep = <usize>(twoW ? 2 : 1) * sz;
  for (let o = 0; o < nChan; o++) {
    const so = src + <usize>o * <usize>chanSrc * sz;
    const vo = dst + <usize>o * <usize>chan * sz;
    for (let ty = 0; ty < Th; ty++) {
      const s = so + <usize>(twoH ? 2 * ty : ty) * row;
      const v = vo + <usize>(ty * Tw) * sz;
      let tx = 0;
      if (ASC_FEATURE_SIMD) {
        if (sz == 4) {
          for (; tx + 4 <= Tw; tx += 4) {
            if (input) inputTiles4(v + <usize>tx * 4, plane, s + <usize>tx * colStep, row, twoH, twoW);
            else gradOutTiles4(v + <usize>tx * 4, plane, s + <usize>tx * colStep, row, twoH, twoW);
          }
        }
      }
      for (; tx < Tw; tx++) {
        if (input) inputTile<T>(v + <usize>tx * sz, plane, s + <usize>tx * colStep, row, twoH, twoW);
        else gradOutTile<T>(v + <usize>tx * sz, plane, s + <usize>tx * colStep, row, twoH, twoW);
      }
    }
  }
}

/**
 * V[ξ][o][p] = ((twoH ? Bᵀ : 1) ⊗ (twoW ? Bᵀ : 1)) d for every channel o < nChan and tile p of
 * Th×Tw: d = the 3×3, 3×1, 1×3 or 1×1 patch of `src` (channel o: rows of Wsrc elements, chanSrc
 * elements per channel) at (twoH ? 2·ty : ty, twoW ? 2·tx : tx). `chan`: V's channel stride.
 * Reads up to 8 elements past a row's last patch (SIMD): the caller leaves that slack.
 */
export function phaseInput<T>(dst: usize, chan: i32, src: usize, chanSrc: i32, nChan: i32, Th: i32, Tw: i32, Wsrc: i32, twoH: bool, twoW: bool): void {
  eachShape<T>(dst, chan, src, chanSrc, nChan, Th, Tw, Wsrc, twoH, twoW, true);
}

/** phaseTiles with constant twoH and twoW (each of the four shapes its own folded loop). */
// @ts-ignore: decorator
@inline function eachShape<T>(dst: usize, chan: i32, src: usize, chanSrc: i32, nChan: i32, Th: i32, Tw: i32, Wsrc: i32, twoH: bool, twoW: bool, input: bool): void {
  if (twoH) {
    if (twoW) phaseTiles<T>(dst, chan, src, chanSrc, nChan, Th, Tw, Wsrc, true, true, input);
    else phaseTiles<T>(dst, chan, src, chanSrc, nChan, Th, Tw, Wsrc, true, false, input);
  } else if (twoW) {
    phaseTiles<T>(dst, chan, src, chanSrc, nChan, Th, Tw, Wsrc, false, true, input);
  } else {
    phaseTiles<T>(dst, chan, src, chanSrc, nChan, Th, Tw, Wsrc, false, false, input);
  }
}

/** A along a row: (t0, t0 + t1, t1) `plane` bytes apart. */
// @ts-ignore: decorator
@inline function rowA<T>(v: usize, plane: usize, t0: T, t1: T): void {
  store<T>(v, t0);
  store<T>(v + plane, t0 + t1);
  store<T>(v + 2 * plane, t1);
}

// @ts-ignore: decorator
@inline function rowA4(v: usize, plane: usize, t0: v128, t1: v128): void {
  v128.store(v, t0);
  v128.store(v + plane, f32x4.add(t0, t1));
  v128.store(v + 2 * plane, t1);
}

/** (A ⊗ A) e for one block e of dy at s (2×2, 2×1, 1×2 or 1×1), scalar. */
// @ts-ignore: decorator
@inline function gradOutTile<T>(v: usize, plane: usize, s: usize, row: usize, twoH: bool, twoW: bool): void {
  const sz = <usize>sizeof<T>();
  if (twoH) {
    const e00 = load<T>(s), e10 = load<T>(s + row);
    if (twoW) {
      const e01 = load<T>(s + sz), e11 = load<T>(s + row + sz);
      rowA<T>(v, plane, e00, e01);
      rowA<T>(v + 3 * plane, plane, e00 + e10, e01 + e11);
      rowA<T>(v + 6 * plane, plane, e10, e11);
    } else {
      rowA<T>(v, plane, e00, e10);
    }
  } else if (twoW) {
    rowA<T>(v, plane, load<T>(s), load<T>(s + sz));
  } else {
    store<T>(v, load<T>(s));
  }
}

/** gradOutTile for four consecutive tiles (f32 lanes), the same operations per lane. */
// @ts-ignore: decorator
@inline function gradOutTiles4(v: usize, plane: usize, s: usize, row: usize, twoH: bool, twoW: bool): void {
  if (twoW) {
    const a = v128.load(s), b = v128.load(s, 16);
    const e00 = v128.shuffle<i32>(a, b, 0, 2, 4, 6), e01 = v128.shuffle<i32>(a, b, 1, 3, 5, 7);
    if (twoH) {
      const c = v128.load(s + row), d = v128.load(s + row, 16);
      const e10 = v128.shuffle<i32>(c, d, 0, 2, 4, 6), e11 = v128.shuffle<i32>(c, d, 1, 3, 5, 7);
      rowA4(v, plane, e00, e01);
      rowA4(v + 3 * plane, plane, f32x4.add(e00, e10), f32x4.add(e01, e11));
      rowA4(v + 6 * plane, plane, e10, e11);
    } else {
      rowA4(v, plane, e00, e01);
    }
  } else if (twoH) {
    rowA4(v, plane, v128.load(s), v128.load(s + row));
  } else {
    v128.store(v, v128.load(s));
  }
}

/**
 * dst[ξ][o][p] = ((twoH ? A : 1) ⊗ (twoW ? A : 1)) e for every channel o < nChan and tile p of
 * Th×Tw: e = the block of `src` (dy zero-padded to whole tiles; rows of Wsrc elements, chanSrc
 * per channel) at (twoH ? 2·ty : ty, twoW ? 2·tx : tx). `chan`: dst's channel stride; `tail`
 * zeros are written after the last tile of each channel.
 */
export function phaseGradOutput<T>(dst: usize, chan: i32, src: usize, chanSrc: i32, nChan: i32, Th: i32, Tw: i32, Wsrc: i32, twoH: bool, twoW: bool, tail: i32): void {
  eachShape<T>(dst, chan, src, chanSrc, nChan, Th, Tw, Wsrc, twoH, twoW, false);
  if (tail <= 0) return;
  const sz = <usize>sizeof<T>();
  const pts = (twoH ? 3 : 1) * (twoW ? 3 : 1);
  const plane = <usize>nChan * <usize>chan * sz;
  for (let xi = 0; xi < pts; xi++) {
    for (let o = 0; o < nChan; o++) {
      const t = dst + <usize>xi * plane + (<usize>o * <usize>chan + <usize>(Th * Tw)) * sz;
      for (let k = 0; k < tail; k++) store<T>(t + <usize>k * sz, <T>0);
    }
  }
}

/** Lane k of y to d + k·step (k < 4): four tiles' outputs, `step` bytes apart in dx. */
// @ts-ignore: decorator
@inline function storeLanes4(d: usize, step: usize, y: v128): void {
  store<f32>(d, f32x4.extract_lane(y, 0));
  store<f32>(d + step, f32x4.extract_lane(y, 1));
  store<f32>(d + 2 * step, f32x4.extract_lane(y, 2));
  store<f32>(d + 3 * step, f32x4.extract_lane(y, 3));
}

/**
 * dx[c][U][V] = ((twoH ? Aᵀ : 1) ⊗ (twoW ? Aᵀ : 1)) m for every channel c < nChan and tile of
 * Th×Tw, m[ξ] = M[ξ][c][p] (channel stride `chan` elements): the phase's outputs U < cH, V < cW
 * (tile (ty, tx) holds U from twoH ? 2·ty : ty, V from twoW ? 2·tx : tx), at dx + c·dxChan +
 * U·dxRow + V·dxCol elements. Outputs past cH×cW (a half tile) are not written.
 */
export function phaseOutput<T>(dx: usize, dxChan: i32, dxRow: i32, dxCol: i32, src: usize, chan: i32, nChan: i32, Th: i32, Tw: i32, cH: i32, cW: i32, twoH: bool, twoW: bool): void {
  if (twoH) {
    if (twoW) outputTiles<T>(dx, dxChan, dxRow, dxCol, src, chan, nChan, Th, Tw, cH, cW, true, true);
    else outputTiles<T>(dx, dxChan, dxRow, dxCol, src, chan, nChan, Th, Tw, cH, cW, true, false);
  } else if (twoW) {
    outputTiles<T>(dx, dxChan, dxRow, dxCol, src, chan, nChan, Th, Tw, cH, cW, false, true);
  } else {
    outputTiles<T>(dx, dxChan, dxRow, dxCol, src, chan, nChan, Th, Tw, cH, cW, false, false);
  }
}

// @ts-ignore: decorator
@inline function outputTiles<T>(dx: usize, dxChan: i32, dxRow: i32, dxCol: i32, src: usize, chan: i32, nChan: i32, Th: i32, Tw: i32, cH: i32, cW: i32, twoH: bool, twoW: bool): void {
  const sz = <usize>sizeof<T>();
  const plane = <usize>nChan * <usize>chan * sz;
  const rowBytes = <usize>dxRow * sz;
  const colBytes = <usize>dxCol * sz;
  const tileCol = <usize>(twoW ? 2 : 1) * colBytes; // dx bytes from one tile's first column to the next's
  for (let c = 0; c < nChan; c++) {
    const mc = src + <usize>c * <usize>chan * sz;
    const dc = dx + <usize>c * <usize>dxChan * sz;
    for (let ty = 0; ty < Th; ty++) {
      const m = mc + <usize>(ty * Tw) * sz;
      const U = twoH ? 2 * ty : ty;
      const d = dc + <usize>U * rowBytes;
      const two = twoH && U + 1 < cH;
      let tx = 0;
      if (ASC_FEATURE_SIMD) {
        if (sz == 4 && (two || !twoH)) {
          // Four whole tiles: their last column (twoW ? 2·tx + 7 : tx + 3) inside.
          for (; (twoW ? 2 * tx + 8 : tx + 4) <= cW; tx += 4) outputTiles4(d + <usize>tx * tileCol, rowBytes, colBytes, tileCol, m + <usize>tx * 4, plane, twoH, twoW);
        }
      }
      for (; tx < Tw; tx++) {
        const V = twoW ? 2 * tx : tx;
        outputTile<T>(d + <usize>tx * tileCol, rowBytes, colBytes, m + <usize>tx * sz, plane, two, twoW && V + 1 < cW, twoH, twoW);
      }
    }
  }
}

/** One tile's outputs, scalar: Aᵀ down the columns first, then along the rows. */
// @ts-ignore: decorator
@inline function outputTile<T>(d: usize, rowBytes: usize, colBytes: usize, m: usize, plane: usize, two: bool, twoCols: bool, twoH: bool, twoW: bool): void {
  const pw: usize = twoW ? 3 : 1;
  // Row i of the points: m[i·pw + j].
  if (twoH) {
    const m00 = load<T>(m), m10 = load<T>(m + pw * plane), m20 = load<T>(m + 2 * pw * plane);
    const y00 = m00 + m10, y10 = m10 + m20;
    if (twoW) {
      const m01 = load<T>(m + plane), m11 = load<T>(m + (pw + 1) * plane), m21 = load<T>(m + (2 * pw + 1) * plane);
      const m02 = load<T>(m + 2 * plane), m12 = load<T>(m + (pw + 2) * plane), m22 = load<T>(m + (2 * pw + 2) * plane);
      const y01 = m01 + m11, y02 = m02 + m12;
      store<T>(d, y00 + y01);
      if (twoCols) store<T>(d + colBytes, y01 + y02);
      if (two) {
        const y11 = m11 + m21, y12 = m12 + m22;
        store<T>(d + rowBytes, y10 + y11);
        if (twoCols) store<T>(d + rowBytes + colBytes, y11 + y12);
      }
    } else {
      store<T>(d, y00);
      if (two) store<T>(d + rowBytes, y10);
    }
  } else if (twoW) {
    const m0 = load<T>(m), m1 = load<T>(m + plane), m2 = load<T>(m + 2 * plane);
    store<T>(d, m0 + m1);
    if (twoCols) store<T>(d + colBytes, m1 + m2);
  } else {
    store<T>(d, load<T>(m));
  }
}

/** outputTile for four consecutive whole tiles (f32 lanes), the same operations per lane. */
// @ts-ignore: decorator
@inline function outputTiles4(d: usize, rowBytes: usize, colBytes: usize, tileCol: usize, m: usize, plane: usize, twoH: bool, twoW: bool): void {
  const pw: usize = twoW ? 3 : 1;
  if (twoH) {
    const m00 = v128.load(m), m10 = v128.load(m + pw * plane), m20 = v128.load(m + 2 * pw * plane);
    const y00 = f32x4.add(m00, m10), y10 = f32x4.add(m10, m20);
    if (twoW) {
      const m01 = v128.load(m + plane), m11 = v128.load(m + (pw + 1) * plane), m21 = v128.load(m + (2 * pw + 1) * plane);
      const m02 = v128.load(m + 2 * plane), m12 = v128.load(m + (pw + 2) * plane), m22 = v128.load(m + (2 * pw + 2) * plane);
      const y01 = f32x4.add(m01, m11), y02 = f32x4.add(m02, m12);
      storeLanes4(d, tileCol, f32x4.add(y00, y01));
      storeLanes4(d + colBytes, tileCol, f32x4.add(y01, y02));
      const y11 = f32x4.add(m11, m21), y12 = f32x4.add(m12, m22);
      storeLanes4(d + rowBytes, tileCol, f32x4.add(y10, y11));
      storeLanes4(d + rowBytes + colBytes, tileCol, f32x4.add(y11, y12));
    } else {
      storeLanes4(d, tileCol, y00);
      storeLanes4(d + rowBytes, tileCol, y10);
    }
  } else if (twoW) {
    const m0 = v128.load(m), m1 = v128.load(m + plane), m2 = v128.load(m + 2 * plane);
    storeLanes4(d, tileCol, f32x4.add(m0, m1));
    storeLanes4(d + colBytes, tileCol, f32x4.add(m1, m2));
  } else {
    storeLanes4(d, tileCol, v128.load(m));
  }
}

/**
 * Element of (c, o) in one group of weights packed for layer-igemm.ts with one tap
 * (layer-pack.ts's order): input channels c in blocks of 4 ([block][o][4]), then a block of 3
 * ([o][3]) or single channels ([o]).
 */
// @ts-ignore: decorator
@inline function packedIndex(c: i32, o: i32, Cin: i32, Cout: i32): i32 {
  const B4 = Cin & ~3;
  if (c < B4) return (((c >> 2) * Cout + o) << 2) + (c & 3);
  return Cin - B4 == 3 ? B4 * Cout + o * 3 + (c - B4) : c * Cout + o;
}

/** Byte offset of tap k of a phase's 2×2 grid (`taps`: i32 indices a·kW + b, g[α][β] at α·2 + β; an axis with one tap repeats it). */
// @ts-ignore: decorator
@inline function tapAt<T>(taps: usize, k: i32): usize {
  return <usize>load<i32>(taps + (<usize>k << 2)) * sizeof<T>();
}

/**
 * U[ξ] = ((twoH ? G : 1) ⊗ (twoW ? G : 1)) g for every output channel o < Cout and input channel
 * c < Cin of a [Cout, Cin, kH, kW] weight, g[α][β] = W[o][c][tap α·2 + β of `taps`] (tapAt),
 * written straight in the packed order layer-igemm.ts reads
 * for gradInput (outputs c, reduction o, one tap; packedIndex): `dst` holds points·Cin·Cout elements.
 */
export function phaseWeights<T>(dst: usize, w: usize, Cout: i32, Cin: i32, kk: i32, taps: usize, twoH: bool, twoW: bool): void {
  const sz = <usize>sizeof<T>();
  const plane = <usize>Cin * <usize>Cout * sz;
  const t00 = tapAt<T>(taps, 0), t01 = tapAt<T>(taps, 1), t10 = tapAt<T>(taps, 2), t11 = tapAt<T>(taps, 3);
  // Channel c outer: the packed order steps through o (W's kernels of one c stay in L1 meanwhile).
  for (let c = 0; c < Cin; c++) {
    for (let o = 0; o < Cout; o++) {
      const s = w + <usize>(o * Cin + c) * <usize>kk * sz;
      const d = dst + <usize>packedIndex(c, o, Cin, Cout) * sz;
      const g00 = load<T>(s + t00);
      if (twoH) {
        const g10 = load<T>(s + t10);
        if (twoW) {
          const g01 = load<T>(s + t01), g11 = load<T>(s + t11);
          weightRow<T>(d, plane, g00, g01);
          weightRow<T>(d + 3 * plane, plane, g00 + g10, g01 + g11);
          weightRow<T>(d + 6 * plane, plane, g10, g11);
        } else {
          weightRow<T>(d, plane, g00, g10);
        }
      } else if (twoW) {
        weightRow<T>(d, plane, g00, load<T>(s + t01));
      } else {
        store<T>(d, g00);
      }
    }
  }
}

/** G along a row: (g0, g0 + g1, g1) `plane` bytes apart (A has the same form). */
// @ts-ignore: decorator
@inline function weightRow<T>(d: usize, plane: usize, g0: T, g1: T): void {
  rowA<T>(d, plane, g0, g1);
}

/**
 * dw[o][c][tap α·2 + β of `taps`] = ((twoH ? Gᵀ : 1) ⊗ (twoW ? Gᵀ : 1)) s for every o < Cout, c < Cin,
 * s[ξ] = src[ξ][o][c] (points planes of Cout rows of `ld` elements): one stride phase's taps of a
 * [Cout, Cin, kH, kW] weight gradient (kk = kH·kW) from its Winograd-domain sums.
 */
export function phaseWeightGrad<T>(dw: usize, src: usize, Cout: i32, Cin: i32, ld: i32, kk: i32, taps: usize, twoH: bool, twoW: bool): void {
  const sz = <usize>sizeof<T>();
  const plane = <usize>Cout * <usize>ld * sz;
  const t00 = tapAt<T>(taps, 0), t01 = tapAt<T>(taps, 1), t10 = tapAt<T>(taps, 2), t11 = tapAt<T>(taps, 3);
  for (let o = 0; o < Cout; o++) {
    for (let c = 0; c < Cin; c++) {
      const m = src + <usize>(o * ld + c) * sz;
      const d = dw + <usize>(o * Cin + c) * <usize>kk * sz;
      if (twoH) {
        if (twoW) {
          // Gᵀ down the columns (rows of 3 points), then along the two rows left.
          const q0 = load<T>(m) + load<T>(m + 3 * plane), q1 = load<T>(m + plane) + load<T>(m + 4 * plane), q2 = load<T>(m + 2 * plane) + load<T>(m + 5 * plane);
          const r0 = load<T>(m + 3 * plane) + load<T>(m + 6 * plane), r1 = load<T>(m + 4 * plane) + load<T>(m + 7 * plane), r2 = load<T>(m + 5 * plane) + load<T>(m + 8 * plane);
          store<T>(d + t00, q0 + q1);
          store<T>(d + t01, q1 + q2);
          store<T>(d + t10, r0 + r1);
          store<T>(d + t11, r1 + r2);
        } else {
          const s1 = load<T>(m + plane);
          store<T>(d + t00, load<T>(m) + s1);
          store<T>(d + t10, s1 + load<T>(m + 2 * plane));
        }
      } else if (twoW) {
        const s1 = load<T>(m + plane);
        store<T>(d + t00, load<T>(m) + s1);
        store<T>(d + t01, s1 + load<T>(m + 2 * plane));
      } else {
        store<T>(d + t00, load<T>(m));
      }
    }
  }
}
