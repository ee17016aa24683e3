// Depthwise forward for the Conv2D layer (groups = Cin: every output channel reads one input
// channel, `mult` output channels per input channel). One input channel at a time: its padded
// planes are built in a small scratch that stays in L1/L2 (its stride phases, so every tap is a
// plain shift; for column strides 1 and 2 by copyRows, zero borders written once per call),
// then each of its output channels is computed straight into the compact output, an output row
// at a time, 4 vectors of columns per tile (4 independent accumulators hide the add latency; a
// tap loop, measured 1.12× faster than the 9 taps of a 3×3 unrolled; 8-vector tiles and taps
// taken three columns at a time were 2–10% slower). Column stride 2 is deinterleaved once, as
// the planes are built (6% faster than even/odd shuffles at every tap, which read each input
// row ~1.5 times at 3×3 stride 2). A 3×3 kernel at stride 1 takes two output rows per tile
// (tile3x3Rows2), sharing their input rows' loads: 1.06–1.11× (V8 keeps its 8 accumulators and 6
// live loads in registers; wider register tiles spill). Reading the input in place instead of a
// channel's plane, with zero patches at the borders, measured 0.95× (interleaved A/B): the plane,
// built in L1/L2, is cheaper than the loads it saves. A row's last tile places its vectors to end at Wo; a row
// narrower than a vector is computed over wide rows (q = i·Wph + j) and compacted. Each output
// sums bias, then taps t = a·kW + b in order, one mul and one add at a time — the order of
// layer-dwconv.ts and of the scalar build, so every build and every path gives the same bits.
// A 3×3 kernel at stride 2 without dilation skips the planes: layer-dw3x3s2.ts reads the input in
// place (SIMD builds), with the same sums in the same order.
import { dwTile } from './layer-dwconv';
import { evens, odds, padPhases } from './layer-layout';
import { depthwise3x3s2, fitsDw3x3s2 } from './layer-dw3x3s2';

/**
 * One output tile of 4 vectors at byte offsets 0, c1, c2, c3 from `out` (and `x`):
 * out[c + e] = bias + Σ_t w[t]·x[taps[t] + c + e] for each vector start c and lane e.
 * Contiguous tiles pass 16, 32, 48; the last tile of a row may repeat or overlap vectors.
 */
// @ts-ignore: decorator
@inline function tile<T>(out: usize, x: usize, taps: usize, nTaps: i32, w: usize, b: T, c1: usize, c2: usize, c3: usize): void {
  const sz = <usize>sizeof<T>();
  if (ASC_FEATURE_SIMD) {
    let a0 = v128.splat<T>(b);
    let a1 = a0, a2 = a0, a3 = a0;
    const tapsEnd = taps + (<usize>nTaps << 2);
    for (let tp = taps; tp < tapsEnd; tp += 4) {
      const p = x + <usize>load<i32>(tp);
      const wv = v128.load_splat<T>(w);
      a0 = v128.add<T>(a0, v128.mul<T>(wv, v128.load(p)));
      a1 = v128.add<T>(a1, v128.mul<T>(wv, v128.load(p + c1)));
      a2 = v128.add<T>(a2, v128.mul<T>(wv, v128.load(p + c2)));
      a3 = v128.add<T>(a3, v128.mul<T>(wv, v128.load(p + c3)));
      w += sz;
    }
    v128.store(out, a0);
    v128.store(out + c1, a1);
    v128.store(out + c2, a2);
    v128.store(out + c3, a3);
  } else {
    const L = 16 / <i32>sz;
    const tapsEnd = taps + (<usize>nTaps << 2);
    for (let m = 0; m < 4; m++) {
      const c: usize = m == 0 ? <usize>0 : m == 1 ? c1 : m == 2 ? c2 : c3;
      for (let e = 0; e < L; e++) {
        const xr = x + c + <usize>e * sz;
        let s = b;
        let wp = w;
        for (let tp = taps; tp < tapsEnd; tp += 4) {
          s += load<T>(wp) * load<T>(xr + <usize>load<i32>(tp));
          wp += sz;
        }
        store<T>(out + c + <usize>e * sz, s);
      }
    }
  }
}

/**
 * Two output rows of one tile (stride 1, a 3×3 kernel without dilation: tap t = a·3 + b at plane
 * row a, column b): 4 vectors at byte offsets 0, c1, c2, c3 from `out` and `out + rowOut`, from
 * plane rows 0–3 at x (rowIn bytes apart). Each input row is loaded once for both output rows
 * (rows 1 and 2 feed both): 8 accumulators, the loads of 12 taps instead of 18. Each output's
 * taps are still added in order t = 0 … 8, so the bits are those of `tile`.
 */
// @ts-ignore: decorator
@inline function tile3x3Rows2<T>(out: usize, rowOut: usize, x: usize, rowIn: usize, w: usize, b: T, c1: usize, c2: usize, c3: usize): void {
  if (ASC_FEATURE_SIMD) {
    const sz = <usize>sizeof<T>();
    let a0 = v128.splat<T>(b);
    let a1 = a0, a2 = a0, a3 = a0, d0 = a0, d1 = a0, d2 = a0, d3 = a0;
    const end: usize = 3 * sz;
    // Plane row 0: the upper output row's taps 0–2.
    for (let bb: usize = 0; bb < end; bb += sz) {
      const p = x + bb;
      const wv = v128.load_splat<T>(w + bb);
      a0 = v128.add<T>(a0, v128.mul<T>(wv, v128.load(p)));
      a1 = v128.add<T>(a1, v128.mul<T>(wv, v128.load(p + c1)));
      a2 = v128.add<T>(a2, v128.mul<T>(wv, v128.load(p + c2)));
      a3 = v128.add<T>(a3, v128.mul<T>(wv, v128.load(p + c3)));
    }
    // Plane rows 1 and 2: the upper row's taps 3–8, the lower row's taps 0–5.
    for (let r: usize = 1; r < 3; r++) {
      const xr = x + r * rowIn;
      const wr = w + r * end;
      for (let bb: usize = 0; bb < end; bb += sz) {
        const p = xr + bb;
        const x0 = v128.load(p), x1 = v128.load(p + c1), x2 = v128.load(p + c2), x3 = v128.load(p + c3);
        const wt = v128.load_splat<T>(wr + bb);
        const wb = v128.load_splat<T>(wr - end + bb);
        a0 = v128.add<T>(a0, v128.mul<T>(wt, x0));
        d0 = v128.add<T>(d0, v128.mul<T>(wb, x0));
        a1 = v128.add<T>(a1, v128.mul<T>(wt, x1));
        d1 = v128.add<T>(d1, v128.mul<T>(wb, x1));
        a2 = v128.add<T>(a2, v128.mul<T>(wt, x2));
        d2 = v128.add<T>(d2, v128.mul<T>(wb, x2));
        a3 = v128.add<T>(a3, v128.mul<T>(wt, x3));
        d3 = v128.add<T>(d3, v128.mul<T>(wb, x3));
      }
    }
    // Plane row 3: the lower row's taps 6–8.
    const x3r = x + 3 * rowIn;
    const w6 = w + 2 * end;
    for (let bb: usize = 0; bb < end; bb += sz) {
      const p = x3r + bb;
      const wv = v128.load_splat<T>(w6 + bb);
      d0 = v128.add<T>(d0, v128.mul<T>(wv, v128.load(p)));
      d1 = v128.add<T>(d1, v128.mul<T>(wv, v128.load(p + c1)));
      d2 = v128.add<T>(d2, v128.mul<T>(wv, v128.load(p + c2)));
      d3 = v128.add<T>(d3, v128.mul<T>(wv, v128.load(p + c3)));
    }
    v128.store(out, a0);
    v128.store(out + c1, a1);
    v128.store(out + c2, a2);
    v128.store(out + c3, a3);
    const o1 = out + rowOut;
    v128.store(o1, d0);
    v128.store(o1 + c1, d1);
    v128.store(o1 + c2, d2);
    v128.store(o1 + c3, d3);
  }
}

/**
 * The H×W image at src into its place in zero-bordered phase planes (padding pt, pl ≥ 0; column
 * stride sw 1 or 2): padded pixel (R, C) = (r + pt, col + pl) goes to plane (R mod sh, C mod sw),
 * at (⌊R/sh⌋, ⌊C/sw⌋); planes are Hph×Wph, in (row phase, column phase) order. Only the image's
 * pixels are written, so borders zeroed once stay zero. Rows of at least one vector (two, for
 * sw = 2) end with an overlapping vector (pair) instead of a scalar tail; sw = 2 deinterleaves
 * each pair of vectors into its even and odd columns as it copies.
 */
// @ts-ignore: decorator
@inline export function copyRows<T>(dst: usize, src: usize, H: i32, W: i32, pt: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32): void {
  const sz = <usize>sizeof<T>();
  const rowBytes = <usize>W * sz;
  const planeBytes = <usize>Hph * <usize>Wph * sz;
  const phaseBytes = <usize>sw * planeBytes; // from one row phase's planes to the next's
  const L = 16 / <i32>sz;
  // Padded row R = r + pt is row ⌊R/sh⌋ of row phase R mod sh: stepped, not divided (an
  // integer division per row cost as much as the copy at stride 2).
  let ph = pt % sh;
  let d = dst + <usize>ph * phaseBytes + <usize>(pt / sh) * <usize>Wph * sz;
  const back = <usize>(sh - 1) * phaseBytes - <usize>Wph * sz;
  for (let r = 0; r < H; r++) {
    const s = src + <usize>r * rowBytes;
    if (sw == 1) {
      const dr = d + <usize>pl * sz;
      if (ASC_FEATURE_SIMD && W >= L) {
        const last = rowBytes - 16;
        for (let o: usize = 0; o < last; o += 16) v128.store(dr + o, v128.load(s + o));
        v128.store(dr + last, v128.load(s + last));
      } else {
        for (let o: usize = 0; o < rowBytes; o += sz) store<T>(dr + o, load<T>(s + o));
      }
    } else if (ASC_FEATURE_SIMD && W >= 2 * L) {
      // Columns col … col + 2L − 1: evens to one column phase, odds to the other.
      for (let col = 0; ; col += 2 * L) {
        if (col > W - 2 * L) col = W - 2 * L;
        const C = col + pl;
        const lo = v128.load(s + <usize>col * sz);
        const hi = v128.load(s + <usize>col * sz, 16);
        const ev = evens<T>(lo, hi);
        const od = odds<T>(lo, hi);
        // Column C is even: evens to phase 0 at C/2, odds to phase 1 at C/2; else evens to
        // phase 1 at (C − 1)/2 and odds to phase 0 at (C + 1)/2.
        if ((C & 1) == 0) {
          v128.store(d + <usize>(C >> 1) * sz, ev);
          v128.store(d + planeBytes + <usize>(C >> 1) * sz, od);
        } else {
          v128.store(d + planeBytes + <usize>(C >> 1) * sz, ev);
          v128.store(d + <usize>((C + 1) >> 1) * sz, od);
        }
        if (col == W - 2 * L) break;
      }
    } else {
      for (let col = 0; col < W; col++) {
        const C = col + pl;
        store<T>(d + <usize>(C & 1) * planeBytes + <usize>(C >> 1) * sz, load<T>(s + <usize>col * sz));
      }
    }
    if (++ph < sh) {
      d += phaseBytes;
    } else {
      ph = 0;
      d -= back;
    }
  }
}

/**
 * out ← depthwise convolution of nImg images of C channels (NCHW, H×W at x, unpadded), `mult`
 * output channels per input channel (output channel c·mult + k uses weights
 * w[(c·mult + k)·nTaps …] and bias[c·mult + k]); output Ho×Wo, compact (NCHW). `taps`: nTaps
 * i32 byte offsets of the taps into one channel's planes (sh·sw planes of Hph×Wph, padding
 * pt, pl: see layer-layout.ts padPhases). `scratch` holds one channel's planes plus Wph +
 * dwTile elements of slack, then (when Wo is under one vector) Ho·Wph rounded up to dwTile elements.
 * `clear`: zero the planes' borders first (the first call of a pass; later calls on the same
 * scratch and geometry find them still zero — the borders of a 112×112 plane cost as much to
 * rewrite per call of one channel as the channel's copy).
 */
export function depthwise<T>(
  out: usize, x: usize, w: usize, bias: usize, taps: usize, nTaps: i32, scratch: usize,
  nImg: i32, C: i32, mult: i32, H: i32, W: i32, pt: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32, Ho: i32, Wo: i32, clear: bool,
): void {
  const sz = <usize>sizeof<T>();
  const T1 = dwTile<T>();
  const planes = <usize>(sh * sw) * <usize>Hph * <usize>Wph;
  const wide = scratch + (planes + <usize>Wph + <usize>T1) * sz;
  const Q = Ho * Wph;
  const inBytes = <usize>H * <usize>W * sz;
  const outBytes = <usize>Ho * <usize>Wo * sz;
  const rowIn = <usize>Wph * sz;
  const rowOut = <usize>Wo * sz;
  const wChan = <usize>nTaps * sz;
  const L = 16 / <i32>sz;
  const tileBytes = <usize>T1 * sz;
  const lastVec = <usize>(Wo - L) * sz;
  // Planes built by copyRows (column stride 1 or 2): the zeros around the image are the same
  // for every channel, written once per pass; each channel then overwrites just the image's pixels.
  const rowsOnly = (sw == 1 || sw == 2) && pt >= 0 && pl >= 0;
  // A 3×3 kernel at stride 1 without dilation (taps at a·Wph + b): two output rows per tile.
  let rows2 = ASC_FEATURE_SIMD && nTaps == 9 && sh == 1 && sw == 1;
  for (let t = 0; rows2 && t < 9; t++) rows2 = load<i32>(taps + (<usize>t << 2)) == ((t / 3) * Wph + t % 3) * <i32>sz;
  // A 3×3 kernel at stride 2 without dilation reads the input in place (layer-dw3x3s2.ts).
  if (fitsDw3x3s2<T>(taps, nTaps, W, pl, sh, sw, Hph, Wph, Ho, Wo)) {
    depthwise3x3s2<T>(out, x, w, bias, scratch, nImg, C, mult, H, W, pt, pl, Ho, Wo);
    return;
  }
  if (rowsOnly && clear) memory.fill(scratch, 0, (planes + <usize>Wph + <usize>T1) * sz);
  let xc = x;
  let oc = out;
  for (let img = 0; img < nImg; img++) {
    let wc = w;
    let bc = bias;
    for (let c = 0; c < C; c++) {
      if (rowsOnly) copyRows<T>(scratch, xc, H, W, pt, pl, sh, sw, Hph, Wph);
      else padPhases<T>(scratch, xc, 1, H, W, pt, pl, sh, sw, Hph, Wph);
      for (let k = 0; k < mult; k++) {
        const b = load<T>(bc);
        if (Wo >= L) {
          // Row by row: whole tiles, then one tile whose vectors start at j, j + L, … but
          // never past Wo − L (overlapping or repeated vectors rewrite the same values).
          let i = 0;
          if (rows2) {
            for (; i + 2 <= Ho; i += 2) {
              const xr = scratch + <usize>i * rowIn;
              const orow = oc + <usize>i * rowOut;
              let j: usize = 0;
              for (; j + tileBytes <= rowOut; j += tileBytes) tile3x3Rows2<T>(orow + j, rowOut, xr + j, rowIn, wc, b, 16, 32, 48);
              if (j < rowOut) {
                const j0 = min(j, lastVec);
                tile3x3Rows2<T>(orow + j0, rowOut, xr + j0, rowIn, wc, b, min(j + 16, lastVec) - j0, min(j + 32, lastVec) - j0, min(j + 48, lastVec) - j0);
              }
            }
          }
          for (; i < Ho; i++) {
            const xr = scratch + <usize>i * rowIn;
            const orow = oc + <usize>i * rowOut;
            let j: usize = 0;
            for (; j + tileBytes <= rowOut; j += tileBytes) tile<T>(orow + j, xr + j, taps, nTaps, wc, b, 16, 32, 48);
            if (j < rowOut) {
              const j0 = min(j, lastVec);
              const c1 = min(j + 16, lastVec) - j0;
              const c2 = min(j + 32, lastVec) - j0;
              const c3 = min(j + 48, lastVec) - j0;
              tile<T>(orow + j0, xr + j0, taps, nTaps, wc, b, c1, c2, c3);
            }
          }
        } else {
          // Rows narrower than a vector: whole wide rows, then compacted.
          for (let q = 0; q < Q; q += T1) tile<T>(wide + <usize>q * sz, scratch + <usize>q * sz, taps, nTaps, wc, b, 16, 32, 48);
          for (let i = 0; i < Ho; i++) {
            const s = wide + <usize>i * rowIn;
            const d = oc + <usize>i * rowOut;
            for (let j = 0; j < Wo; j++) store<T>(d + <usize>j * sz, load<T>(s + <usize>j * sz));
          }
        }
        oc += outBytes;
        wc += wChan;
        bc += sz;
      }
      xc += inBytes;
    }
  }
}
