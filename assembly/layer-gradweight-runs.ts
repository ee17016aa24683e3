// gradWeight of the Conv2D layer for kernels whose taps come in runs: taps that read consecutive
// elements of one stride-phase plane (b = 0…kW−1 of a row at stride 1; the even and the odd b
// at stride 2). Vectorised over output channels instead of pixels:
//   acc[m][r] += dy[k0 + m·L … k0 + m·L + L−1][p] · splat(x[p + off + r]),  r < run length,
// pixel by pixel. Along a run the splats slide: pixel p's tap r + 1 is pixel p + 1's tap r, so
// each pixel loads one new splat and two dy vectors for up to 8 vector multiply-adds (the
// pixel-vectorised tile of layer-gradweight.ts loads six for eight). Tile: 2 dy vectors (2L
// output channels) × 4 taps — 8 accumulators, 4 splats, one dy vector live — or × 3 taps.
// Only output pixels v < Wo are read, so no masks; each output is one plain sum in pixel order
// (image, row, column), which the scalar build computes the same way (seqDot), bit for bit.

// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** Bytes of one run-table entry: x byte offset, length, then up to 4 tap indices (i32 each). */
export const RUN_BYTES: usize = 24;

/**
 * The taps (byte offsets into a channel's planes, `taps[t]`) grouped into runs of at most 4
 * with consecutive element offsets, written to `table`; returns the number of runs. Greedy:
 * from each tap not yet taken, the chain of taps one element further on, cut as 4+3 / 3+3 /
 * 3+2 / 4+4… so that no run shorter than 3 is made where a longer split exists.
 */
export function buildRuns<T>(table: usize, taps: usize, nTaps: i32, used: usize): i32 {
  const sz = <i32>sizeof<T>();
  memory.fill(used, 0, <usize>nTaps);
  let nRuns = 0;
  const chain = used + <usize>((nTaps + 15) & ~15); // tap indices of the chain being cut
  for (let t = 0; t < nTaps; t++) {
    if (load<u8>(used + <usize>t)) continue;
    // Walk back to the chain's first tap, then forward along it.
    let first = t;
    for (let again = true; again;) {
      again = false;
      const want = load<i32>(taps + (<usize>first << 2)) - sz;
      for (let u = 0; u < nTaps; u++) {
        if (!load<u8>(used + <usize>u) && load<i32>(taps + (<usize>u << 2)) == want) { first = u; again = true; break; }
      }
    }
    let len = 0;
    let cur = first;
    while (cur >= 0) {
      store<i32>(chain + (<usize>len << 2), cur);
      store<u8>(used + <usize>cur, 1);
      len++;
      const want = load<i32>(taps + (<usize>cur << 2)) + sz;
      cur = -1;
      for (let u = 0; u < nTaps; u++) {
        if (!load<u8>(used + <usize>u) && load<i32>(taps + (<usize>u << 2)) == want) { cur = u; break; }
      }
    }
    for (let at = 0; at < len;) {
      const rem = len - at;
      const take = rem == 4 || rem == 7 || rem >= 8 ? 4 : rem >= 3 ? 3 : rem;
      const e = table + <usize>nRuns * RUN_BYTES;
      store<i32>(e, load<i32>(taps + (<usize>load<i32>(chain + (<usize>at << 2)) << 2)));
      store<i32>(e, take, 4);
      for (let r = 0; r < 4; r++) store<i32>(e + 8 + (<usize>r << 2), load<i32>(chain + (<usize>(at + min(r, take - 1)) << 2)));
      nRuns++;
      at += take;
    }
  }
  return nRuns;
}

/**
 * dy of output channels k0 … k0 + 2L − 1 (rows layout: channel stride dyChan, image dyBatch, row
 * dyRow bytes) pixel by pixel into `pack`: [n][i][v < Wo][2L channels], zeros past nValid.
 */
export function packPixels<T>(pack: usize, dy: usize, dyChan: usize, dyBatch: usize, dyRow: usize, nValid: i32, N: i32, Ho: i32, Wo: i32): void {
  const sz = <usize>sizeof<T>();
  const L = lanes<T>();
  const B = 2 * L;
  const pixBytes = <usize>B * sz;
  let p = pack;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < Ho; i++) {
      const row = dy + <usize>n * dyBatch + <usize>i * dyRow;
      let v = 0;
      if (ASC_FEATURE_SIMD) {
        // L pixels at a time: the B channels' vectors transposed into L pixel records.
        const z = v128.splat<i32>(0);
        for (; v + L <= Wo; v += L) {
          const src = row + <usize>v * sz;
          const c0 = nValid > 0 ? v128.load(src) : z;
          const c1 = nValid > 1 ? v128.load(src + dyChan) : z;
          const c2 = nValid > 2 ? v128.load(src + 2 * dyChan) : z;
          const c3 = nValid > 3 ? v128.load(src + 3 * dyChan) : z;
          if (sizeof<T>() == 4) {
            const c4 = nValid > 4 ? v128.load(src + 4 * dyChan) : z;
            const c5 = nValid > 5 ? v128.load(src + 5 * dyChan) : z;
            const c6 = nValid > 6 ? v128.load(src + 6 * dyChan) : z;
            const c7 = nValid > 7 ? v128.load(src + 7 * dyChan) : z;
            transpose4(p, c0, c1, c2, c3);
            transpose4(p + 16, c4, c5, c6, c7);
          } else {
            v128.store(p, v128.shuffle<f64>(c0, c1, 0, 2));
            v128.store(p, v128.shuffle<f64>(c2, c3, 0, 2), 16);
            v128.store(p, v128.shuffle<f64>(c0, c1, 1, 3), 32);
            v128.store(p, v128.shuffle<f64>(c2, c3, 1, 3), 48);
          }
          p += <usize>L * pixBytes;
        }
      }
      for (; v < Wo; v++) {
        const src = row + <usize>v * sz;
        for (let m = 0; m < B; m++) store<T>(p + <usize>m * sz, m < nValid ? load<T>(src + <usize>m * dyChan) : <T>0);
        p += pixBytes;
      }
    }
  }
}

/** Four f32 vectors (channels) as four pixel records 32 bytes apart: record v = lane v of each. */
// @ts-ignore: decorator
@inline function transpose4(p: usize, c0: v128, c1: v128, c2: v128, c3: v128): void {
  const t0 = v128.shuffle<f32>(c0, c1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(c0, c1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(c2, c3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(c2, c3, 2, 6, 3, 7);
  v128.store(p, v128.shuffle<f64>(t0, t2, 0, 2));
  v128.store(p, v128.shuffle<f64>(t0, t2, 1, 3), 32);
  v128.store(p, v128.shuffle<f64>(t1, t3, 0, 2), 64);
  v128.store(p, v128.shuffle<f64>(t1, t3, 1, 3), 96);
}

// @ts-ignore: decorator
@inline function fmadd<T>(acc: v128, a: v128, b: v128): v128 {
  return v128.add<T>(acc, v128.mul<T>(a, b));
}

/** splat(x[p + k]) for k = 0…3 (immediate offsets: one instruction each). */
// @ts-ignore: decorator
@inline function splat0<T>(p: usize): v128 { return sizeof<T>() == 4 ? v128.load32_splat(p) : v128.load64_splat(p); }
// @ts-ignore: decorator
@inline function splat1<T>(p: usize): v128 { return sizeof<T>() == 4 ? v128.load32_splat(p, 4) : v128.load64_splat(p, 8); }
// @ts-ignore: decorator
@inline function splat2<T>(p: usize): v128 { return sizeof<T>() == 4 ? v128.load32_splat(p, 8) : v128.load64_splat(p, 16); }
// @ts-ignore: decorator
@inline function splat3<T>(p: usize): v128 { return sizeof<T>() == 4 ? v128.load32_splat(p, 12) : v128.load64_splat(p, 24); }

/** Lane ℓ of v to dw + ℓ·dwStride (L output channels of one column). */
// @ts-ignore: decorator
@inline function storeLanes<T>(dw: usize, dwStride: usize, v: v128, nValid: i32): void {
  if (sizeof<T>() == 4) {
    if (nValid > 0) store<f32>(dw, v128.extract_lane<f32>(v, 0));
    if (nValid > 1) store<f32>(dw + dwStride, v128.extract_lane<f32>(v, 1));
    if (nValid > 2) store<f32>(dw + 2 * dwStride, v128.extract_lane<f32>(v, 2));
    if (nValid > 3) store<f32>(dw + 3 * dwStride, v128.extract_lane<f32>(v, 3));
  } else {
    if (nValid > 0) store<f64>(dw, v128.extract_lane<f64>(v, 0));
    if (nValid > 1) store<f64>(dw + dwStride, v128.extract_lane<f64>(v, 1));
  }
}

/**
 * One run of 4 taps against 2L output channels: dw columns at dw + col[r]·sz (row stride
 * dwStride), packed dy `pk`, x at `x` (the run's first tap, image 0, row 0).
 */
function run4<T>(dw: usize, c0: usize, c1: usize, c2: usize, c3: usize, dwStride: usize, nValid: i32,
  pk: usize, x: usize, xBatch: usize, xRow: usize, N: i32, Ho: i32, Wo: i32): void {
  const sz = <usize>sizeof<T>();
  let a0 = v128.splat<T>(<T>0);
  let a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
  let d = pk;
  const rowBytes = <usize>Wo * sz;
  for (let n = 0; n < N; n++) {
    let row = x + <usize>n * xBatch;
    for (let i = 0; i < Ho; i++) {
      let p = row;
      const end = p + rowBytes;
      row += xRow;
      let s0 = splat0<T>(p), s1 = splat1<T>(p), s2 = splat2<T>(p);
      while (p < end) {
        const s3 = splat3<T>(p);
        let dv = v128.load(d);
        a0 = fmadd<T>(a0, dv, s0);
        a1 = fmadd<T>(a1, dv, s1);
        a2 = fmadd<T>(a2, dv, s2);
        a3 = fmadd<T>(a3, dv, s3);
        dv = v128.load(d, 16);
        b0 = fmadd<T>(b0, dv, s0);
        b1 = fmadd<T>(b1, dv, s1);
        b2 = fmadd<T>(b2, dv, s2);
        b3 = fmadd<T>(b3, dv, s3);
        s0 = s1;
        s1 = s2;
        s2 = s3;
        d += 32;
        p += sz;
      }
    }
  }
  const L = lanes<T>();
  const half = <usize>L * dwStride;
  storeLanes<T>(dw + c0, dwStride, a0, nValid);
  storeLanes<T>(dw + c1, dwStride, a1, nValid);
  storeLanes<T>(dw + c2, dwStride, a2, nValid);
  storeLanes<T>(dw + c3, dwStride, a3, nValid);
  storeLanes<T>(dw + half + c0, dwStride, b0, nValid - L);
  storeLanes<T>(dw + half + c1, dwStride, b1, nValid - L);
  storeLanes<T>(dw + half + c2, dwStride, b2, nValid - L);
  storeLanes<T>(dw + half + c3, dwStride, b3, nValid - L);
}

/** run4 for a run of 3 taps (6 accumulators). */
function run3<T>(dw: usize, c0: usize, c1: usize, c2: usize, dwStride: usize, nValid: i32,
  pk: usize, x: usize, xBatch: usize, xRow: usize, N: i32, Ho: i32, Wo: i32): void {
  const sz = <usize>sizeof<T>();
  let a0 = v128.splat<T>(<T>0);
  let a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0;
  let d = pk;
  const rowBytes = <usize>Wo * sz;
  for (let n = 0; n < N; n++) {
    let row = x + <usize>n * xBatch;
    for (let i = 0; i < Ho; i++) {
      let p = row;
      const end = p + rowBytes;
      row += xRow;
      let s0 = splat0<T>(p), s1 = splat1<T>(p);
      while (p < end) {
        const s2 = splat2<T>(p);
        let dv = v128.load(d);
        a0 = fmadd<T>(a0, dv, s0);
        a1 = fmadd<T>(a1, dv, s1);
        a2 = fmadd<T>(a2, dv, s2);
        dv = v128.load(d, 16);
        b0 = fmadd<T>(b0, dv, s0);
        b1 = fmadd<T>(b1, dv, s1);
        b2 = fmadd<T>(b2, dv, s2);
        s0 = s1;
        s1 = s2;
        d += 32;
        p += sz;
      }
    }
  }
  const L = lanes<T>();
  const half = <usize>L * dwStride;
  storeLanes<T>(dw + c0, dwStride, a0, nValid);
  storeLanes<T>(dw + c1, dwStride, a1, nValid);
  storeLanes<T>(dw + c2, dwStride, a2, nValid);
  storeLanes<T>(dw + half + c0, dwStride, b0, nValid - L);
  storeLanes<T>(dw + half + c1, dwStride, b1, nValid - L);
  storeLanes<T>(dw + half + c2, dwStride, b2, nValid - L);
}

/** A run of 1 or 2 taps (c1 = c0 for one): two splats a pixel, no sliding. */
function run2<T>(dw: usize, c0: usize, c1: usize, dwStride: usize, nValid: i32,
  pk: usize, x0: usize, x1: usize, xBatch: usize, xRow: usize, N: i32, Ho: i32, Wo: i32): void {
  const sz = <usize>sizeof<T>();
  let a0 = v128.splat<T>(<T>0);
  let a1 = a0, b0 = a0, b1 = a0;
  let d = pk;
  const rowBytes = <usize>Wo * sz;
  const delta = x1 - x0;
  for (let n = 0; n < N; n++) {
    let row = x0 + <usize>n * xBatch;
    for (let i = 0; i < Ho; i++) {
      let p = row;
      const end = p + rowBytes;
      row += xRow;
      while (p < end) {
        const s0 = splat0<T>(p), s1 = splat0<T>(p + delta);
        let dv = v128.load(d);
        a0 = fmadd<T>(a0, dv, s0);
        a1 = fmadd<T>(a1, dv, s1);
        dv = v128.load(d, 16);
        b0 = fmadd<T>(b0, dv, s0);
        b1 = fmadd<T>(b1, dv, s1);
        d += 32;
        p += sz;
      }
    }
  }
  const L = lanes<T>();
  const half = <usize>L * dwStride;
  storeLanes<T>(dw + c0, dwStride, a0, nValid);
  storeLanes<T>(dw + c1, dwStride, a1, nValid);
  storeLanes<T>(dw + half + c0, dwStride, b0, nValid - L);
  storeLanes<T>(dw + half + c1, dwStride, b1, nValid - L);
}

/** The scalar build's version of one output: the plain sum in pixel order, v < Wo. */
export function seqDot<T>(dy: usize, dyBatch: usize, dyRow: usize, x: usize, xBatch: usize, xRow: usize, N: i32, Ho: i32, Wo: i32): T {
  const sz = <usize>sizeof<T>();
  let s = <T>0;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < Ho; i++) {
      const d = dy + <usize>n * dyBatch + <usize>i * dyRow;
      const xp = x + <usize>n * xBatch + <usize>i * xRow;
      for (let v = 0; v < Wo; v++) s += load<T>(d + <usize>v * sz) * load<T>(xp + <usize>v * sz);
    }
  }
  return s;
}

/**
 * One group's dw (nOut × nRed·nTaps, row stride dwStride bytes) by runs. Byte strides: dy channel
 * dyChan, image dyB, row dyR (rows layout); x channel xStride, image xB, plane row xR; `runs`:
 * nRuns entries from buildRuns (SIMD); `taps`: the i32 byte offsets of the taps (scalar); `pack`:
 * scratch for 2L channels of packed dy.
 */
export function gradWeightRuns<T>(
  dw: usize, dwStride: usize, pack: usize, dy: usize, dyChan: usize, dyB: usize, dyR: usize,
  x: usize, xStride: usize, xB: usize, xR: usize, runs: usize, nRuns: i32, taps: usize, nTaps: i32,
  nOut: i32, nRed: i32, N: i32, Ho: i32, Wo: i32,
): void {
  const sz = <usize>sizeof<T>();
  if (!ASC_FEATURE_SIMD) {
    for (let k = 0; k < nOut; k++) {
      for (let c = 0; c < nRed; c++) {
        for (let t = 0; t < nTaps; t++) {
          store<T>(dw + <usize>k * dwStride + <usize>(c * nTaps + t) * sz, seqDot<T>(
            dy + <usize>k * dyChan, dyB, dyR, x + <usize>c * xStride + <usize>load<i32>(taps + (<usize>t << 2)), xB, xR, N, Ho, Wo,
          ));
        }
      }
    }
    return;
  }
  const B = 2 * lanes<T>();
  for (let k0 = 0; k0 < nOut; k0 += B) {
    const nValid = min(B, nOut - k0);
    packPixels<T>(pack, dy + <usize>k0 * dyChan, dyChan, dyB, dyR, nValid, N, Ho, Wo);
    const dwk = dw + <usize>k0 * dwStride;
    for (let c = 0; c < nRed; c++) {
      const xc = x + <usize>c * xStride;
      const col = <usize>(c * nTaps) * sz;
      for (let r = 0; r < nRuns; r++) {
        const e = runs + <usize>r * RUN_BYTES;
        const xr = xc + <usize>load<i32>(e);
        const len = load<i32>(e, 4);
        const c0 = col + <usize>load<i32>(e, 8) * sz, c1 = col + <usize>load<i32>(e, 12) * sz;
        const c2 = col + <usize>load<i32>(e, 16) * sz, c3 = col + <usize>load<i32>(e, 20) * sz;
        if (len == 4) run4<T>(dwk, c0, c1, c2, c3, dwStride, nValid, pack, xr, xB, xR, N, Ho, Wo);
        else if (len == 3) run3<T>(dwk, c0, c1, c2, dwStride, nValid, pack, xr, xB, xR, N, Ho, Wo);
        else run2<T>(dwk, c0, c1, dwStride, nValid, pack, xr, xr + (len == 2 ? sz : 0), xB, xR, N, Ho, Wo);
      }
    }
  }
}
