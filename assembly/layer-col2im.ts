// col2im for the Conv2D layer's gradInput on few input channels (the 3-channel stem): the
// GEMM G = Wᵀ·dY (layer-igemm.ts with one tap: rows k = (c, a, b), Cin·kH·kW of them, fill the
// 4-channel register tile that 3 input channels starve) leaves
//   G[(c·kH + a)·kW + b][u·Wo + v] = Σ_o w[o][c][a][b] · dy[o][u][v],
// and dx[c][i][j] = Σ_a Σ_b G[c,a,b][u][v] over the taps with i + pt − a·dh = u·sh and
// j + pl − b·dw = v·sw, (u, v) inside dy: padding is never read, so dy needs no padded copy.
// One dx row at a time, each element gets the taps' terms added to its value in the order a,
// then b — vectors of elements in the interior, where every term reaches, each lane doing the
// scalar build's adds, so both builds agree bit for bit. At column stride 1 the row is worked in
// place; at stride 2 (the stem) 2·L elements are loaded, split into the two column phases by
// shuffles, each phase's terms added (they are contiguous in G), re-interleaved and stored; at
// wider strides a phase is gathered into a row buffer and scattered back.
import { evens, odds } from './layer-layout';

/** One dx element of a row phase, in place: d[J·step] + the listed terms that reach it, in list order (src[J] of each). */
// @ts-ignore: decorator
@inline function edgeInPlace<T>(d: usize, step: usize, list: usize, n: i32, J: i32, Wo: i32): void {
  const sz = <usize>sizeof<T>();
  const p = d + <usize>J * step;
  let s = load<T>(p);
  for (let e = 0; e < n; e++) {
    const v = J + load<i32>(list + (<usize>e << 3), 4);
    if (v >= 0 && v < Wo) s += load<T>(load<usize>(list + (<usize>e << 3)) + <usize>J * sz);
  }
  store<T>(p, s);
}

/** acc + each listed term's vector at byte offset jb, in list order. */
// @ts-ignore: decorator
@inline function addTerms<T>(acc: v128, list: usize, n: i32, jb: usize): v128 {
  for (let e = 0; e < n; e++) acc = v128.add<T>(acc, v128.load(load<usize>(list + (<usize>e << 3)) + jb));
  return acc;
}

/**
 * row[J] += the listed terms' src[J], in list order, for the vectors of J from J0 up to Jhi
 * (two vectors a step, then one: two chains of adds). Returns where it stopped.
 */
// @ts-ignore: decorator
@inline function addTermsRun<T>(row: usize, list: usize, n: i32, J0: i32, Jhi: i32): i32 {
  const sz = <usize>sizeof<T>();
  const L = 16 / <i32>sz;
  let J = J0;
  for (; J + 2 * L <= Jhi; J += 2 * L) {
    const p = row + <usize>J * sz;
    const jb = <usize>J * sz;
    let acc0 = v128.load(p);
    let acc1 = v128.load(p, 16);
    for (let e = 0; e < n; e++) {
      const src = load<usize>(list + (<usize>e << 3)) + jb;
      acc0 = v128.add<T>(acc0, v128.load(src));
      acc1 = v128.add<T>(acc1, v128.load(src, 16));
    }
    v128.store(p, acc0);
    v128.store(p, acc1, 16);
  }
  for (; J + L <= Jhi; J += L) {
    const p = row + <usize>J * sz;
    v128.store(p, addTerms<T>(v128.load(p), list, n, <usize>J * sz));
  }
  return J;
}

/** The first L elements of the interleaving e0, o0, e1, o1, … of the phases e and o. */
// @ts-ignore: decorator
@inline function zipLow<T>(e: v128, o: v128): v128 {
  return sizeof<T>() == 4 ? v128.shuffle<f32>(e, o, 0, 4, 1, 5) : v128.shuffle<f64>(e, o, 0, 2);
}

/** The last L elements of that interleaving. */
// @ts-ignore: decorator
@inline function zipHigh<T>(e: v128, o: v128): v128 {
  return sizeof<T>() == 4 ? v128.shuffle<f32>(e, o, 2, 6, 3, 7) : v128.shuffle<f64>(e, o, 1, 3);
}

/**
 * Lists the terms of dx row phase rho (columns J·sw + rho) of channel block colC at `list`:
 * for each tap a reaching the row (aList: na pairs (a, u)) and b reaching the phase (bl: count,
 * then pairs (b, off)), the source pointer at J = 0 and the column offset off (dy column J + off).
 * Returns the count; `range` gets the interior [Jlo, Jhi) of J where every listed term reaches.
 */
function phaseTerms(
  list: usize, range: usize, colC: usize, rowStride: usize, aList: usize, na: i32, bl: usize,
  kW: i32, u0: i32, Wo: i32, nJ: i32, sz: usize,
): i32 {
  const nb = load<i32>(bl);
  let n = 0;
  let Jlo = 0;
  let Jhi = nJ;
  for (let ai = 0; ai < na; ai++) {
    const a = load<i32>(aList + (<usize>ai << 3));
    const u = load<i32>(aList + (<usize>ai << 3), 4);
    const colA = colC + <usize>(a * kW) * rowStride + <usize>((u - u0) * Wo) * sz;
    for (let bi = 1; bi <= nb; bi++) {
      const b = load<i32>(bl + (<usize>bi << 3));
      const off = load<i32>(bl + (<usize>bi << 3), 4);
      if (max(0, -off) >= min(nJ, Wo - off)) continue;
      store<usize>(list + (<usize>n << 3), colA + <usize>b * rowStride + <usize>(<isize>off * <isize>sz));
      store<i32>(list + (<usize>n << 3), off, 4);
      n++;
      Jlo = max(Jlo, -off);
      Jhi = min(Jhi, Wo - off);
    }
  }
  store<i32>(range, Jlo);
  store<i32>(range, max(Jlo, Jhi), 4);
  return n;
}

/**
 * dx (C×H×W) += the terms of dy rows u0 … u1 − 1 from `col` (rows (c, a, b), element stride
 * colChan between rows, pixels (u − u0)·Wo + v) for a convolution of stride sh×sw, dilation
 * dh×dw, padding top pt / left pl. Called band after band on a zeroed dx, each dx element gets
 * its terms band by band, and within a band in (a, b) order, added one by one to dx's value.
 * Column strides 1 and 2 work on dx rows in place (stride 2: both column phases at once, split
 * and re-interleaved by shuffles); wider strides gather a phase into `rowBuf` and scatter it back.
 * `rowBuf`: ⌈W / sw⌉ elements, then 16 bytes of alignment slack and 8·(kH·kW + kH + sw·(kW + 1)) + 16
 * bytes of lists.
 */
export function col2im<T>(
  dx: usize, col: usize, colChan: i32, C: i32, H: i32, W: i32, kH: i32, kW: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, Ho: i32, Wo: i32, u0: i32, u1: i32, rowBuf: usize,
): void {
  const sz = <usize>sizeof<T>();
  const rowStride = <usize>colChan * sz;
  // Scratch after the row buffer: the term lists (source pointer at J = 0, offset), then per row
  // the taps a reaching it (a, u), then per column phase the taps b reaching it (count, then
  // (b, offset) pairs), then two interior ranges: worked out here once, so the loops below
  // divide nothing.
  const list = (rowBuf + <usize>W * sz + 15) & ~15;
  const aList = list + (<usize>(kH * kW) << 3);
  const bList = aList + (<usize>kH << 3);
  const range = bList + (<usize>(sw * (kW + 1)) << 3);
  const nRho = min(sw, W);
  for (let rho = 0; rho < nRho; rho++) {
    let nb = 0;
    const bl = bList + (<usize>(rho * (kW + 1)) << 3);
    for (let b = 0; b < kW; b++) {
      const t = rho + pl - b * dw;
      if (t % sw != 0) continue;
      nb++;
      store<i32>(bl + (<usize>nb << 3), b);
      store<i32>(bl + (<usize>nb << 3), t / sw, 4);
    }
    store<i32>(bl, nb);
  }
  // Rows i reached by the band: i = u·sh + a·dh − pt.
  const i0 = max(0, u0 * sh - pt);
  const i1 = min(H, (u1 - 1) * sh + (kH - 1) * dh - pt + 1);
  for (let i = i0; i < i1; i++) {
    let na = 0;
    for (let a = 0; a < kH; a++) {
      const r = i + pt - a * dh;
      if (r < 0) break;
      if (r % sh != 0) continue;
      const u = r / sh;
      if (u < u0 || u >= u1) continue;
      store<i32>(aList + (<usize>na << 3), a);
      store<i32>(aList + (<usize>na << 3), u, 4);
      na++;
    }
    if (na == 0) continue;
    for (let c = 0; c < C; c++) {
      const colC = col + <usize>(c * kH * kW) * rowStride;
      const dxRow = dx + <usize>((c * H + i) * W) * sz;
      if (sw == 1) rowStride1<T>(dxRow, list, range, colC, rowStride, aList, na, bList, kW, u0, Wo, W);
      else if (sw == 2 && W >= 2) rowStride2<T>(dxRow, list, range, colC, rowStride, aList, na, bList, kW, u0, Wo, W);
      else rowGathered<T>(dxRow, list, range, colC, rowStride, aList, na, bList, kW, u0, Wo, W, sw, nRho, rowBuf);
    }
  }
}

/** One dx row at column stride 1: its terms added in place, vectors in the interior. */
// @ts-ignore: decorator
@inline function rowStride1<T>(
  dxRow: usize, list: usize, range: usize, colC: usize, rowStride: usize, aList: usize, na: i32, bList: usize,
  kW: i32, u0: i32, Wo: i32, W: i32,
): void {
  const sz = <usize>sizeof<T>();
  const n = phaseTerms(list, range, colC, rowStride, aList, na, bList, kW, u0, Wo, W, sz);
  if (n == 0) return;
  const Jlo = load<i32>(range);
  const Jhi = load<i32>(range, 4);
  for (let J = 0; J < Jlo; J++) edgeInPlace<T>(dxRow, sz, list, n, J, Wo);
  let J = Jlo;
  if (ASC_FEATURE_SIMD) J = addTermsRun<T>(dxRow, list, n, J, Jhi);
  for (; J < W; J++) edgeInPlace<T>(dxRow, sz, list, n, J, Wo);
}

/**
 * One dx row at column stride 2: the even columns (phase 0) and odd ones (phase 1) each get
 * their own terms; in the common interior, 2·L dx elements are loaded as two vectors, split
 * into the phases, added to, re-interleaved and stored.
 */
// @ts-ignore: decorator
@inline function rowStride2<T>(
  dxRow: usize, list: usize, range: usize, colC: usize, rowStride: usize, aList: usize, na: i32, bList: usize,
  kW: i32, u0: i32, Wo: i32, W: i32,
): void {
  const sz = <usize>sizeof<T>();
  const nJ0 = (W + 1) >> 1;
  const nJ1 = W >> 1;
  const n0 = phaseTerms(list, range, colC, rowStride, aList, na, bList, kW, u0, Wo, nJ0, sz);
  const list1 = list + (<usize>n0 << 3);
  const n1 = phaseTerms(list1, range + 8, colC, rowStride, aList, na, bList + (<usize>(kW + 1) << 3), kW, u0, Wo, nJ1, sz);
  if (n0 + n1 == 0) return;
  // The interior of both phases (a phase without terms reaches everywhere, trivially).
  const Jlo = max(load<i32>(range), load<i32>(range, 8));
  const Jhi = max(Jlo, min(load<i32>(range, 4), load<i32>(range, 12)));
  const odd = dxRow + sz;
  const step = sz << 1;
  let J = Jlo;
  if (ASC_FEATURE_SIMD) {
    const L = 16 / <i32>sz;
    // Two blocks at a time: four independent chains of adds (one chain waits on each add's latency).
    for (; J + 2 * L <= Jhi; J += 2 * L) {
      const p = dxRow + <usize>J * step;
      const jb = <usize>J * sz;
      const a = v128.load(p);
      const b = v128.load(p, 16);
      const c = v128.load(p, 32);
      const d = v128.load(p, 48);
      let e0 = evens<T>(a, b);
      let e1 = evens<T>(c, d);
      let o0 = odds<T>(a, b);
      let o1 = odds<T>(c, d);
      for (let t = 0; t < n0; t++) {
        const src = load<usize>(list + (<usize>t << 3)) + jb;
        e0 = v128.add<T>(e0, v128.load(src));
        e1 = v128.add<T>(e1, v128.load(src, 16));
      }
      for (let t = 0; t < n1; t++) {
        const src = load<usize>(list1 + (<usize>t << 3)) + jb;
        o0 = v128.add<T>(o0, v128.load(src));
        o1 = v128.add<T>(o1, v128.load(src, 16));
      }
      v128.store(p, zipLow<T>(e0, o0));
      v128.store(p, zipHigh<T>(e0, o0), 16);
      v128.store(p, zipLow<T>(e1, o1), 32);
      v128.store(p, zipHigh<T>(e1, o1), 48);
    }
    for (; J + L <= Jhi; J += L) {
      const p = dxRow + <usize>J * step;
      const jb = <usize>J * sz;
      const lo = v128.load(p);
      const hi = v128.load(p, 16);
      const e = addTerms<T>(evens<T>(lo, hi), list, n0, jb);
      const o = addTerms<T>(odds<T>(lo, hi), list1, n1, jb);
      v128.store(p, zipLow<T>(e, o));
      v128.store(p, zipHigh<T>(e, o), 16);
    }
  }
  // The rest element by element: J < Jlo, and J ≥ the vectors' end (J ≥ Jlo when no vector ran).
  for (let K = 0; K < Jlo; K++) {
    if (K < nJ0) edgeInPlace<T>(dxRow, step, list, n0, K, Wo);
    if (K < nJ1) edgeInPlace<T>(odd, step, list1, n1, K, Wo);
  }
  for (let K = J; K < nJ0; K++) edgeInPlace<T>(dxRow, step, list, n0, K, Wo);
  for (let K = J; K < nJ1; K++) edgeInPlace<T>(odd, step, list1, n1, K, Wo);
}

/** One dx row at a column stride ≥ 3: each phase gathered into rowBuf, its terms added, scattered back. */
// @ts-ignore: decorator
@inline function rowGathered<T>(
  dxRow: usize, list: usize, range: usize, colC: usize, rowStride: usize, aList: usize, na: i32, bList: usize,
  kW: i32, u0: i32, Wo: i32, W: i32, sw: i32, nRho: i32, rowBuf: usize,
): void {
  const sz = <usize>sizeof<T>();
  const step = <usize>sw * sz;
  for (let rho = 0; rho < nRho; rho++) {
    const nJ = (W - rho + sw - 1) / sw;
    const n = phaseTerms(list, range, colC, rowStride, aList, na, bList + (<usize>(rho * (kW + 1)) << 3), kW, u0, Wo, nJ, sz);
    if (n == 0) continue;
    const Jlo = load<i32>(range);
    const Jhi = load<i32>(range, 4);
    let d = dxRow + <usize>rho * sz;
    for (let J = 0; J < nJ; J++) {
      store<T>(rowBuf + <usize>J * sz, load<T>(d));
      d += step;
    }
    for (let J = 0; J < Jlo; J++) edgeInPlace<T>(rowBuf, sz, list, n, J, Wo);
    let J = Jlo;
    if (ASC_FEATURE_SIMD) J = addTermsRun<T>(rowBuf, list, n, J, Jhi);
    for (; J < nJ; J++) edgeInPlace<T>(rowBuf, sz, list, n, J, Wo);
    d = dxRow + <usize>rho * sz;
    for (let J = 0; J < nJ; J++) {
      store<T>(d, load<T>(rowBuf + <usize>J * sz));
      d += step;
    }
  }
}
