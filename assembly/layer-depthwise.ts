// Depthwise forward for the Conv2D layer (groups = Cin: every output channel reads one input
// channel, `mult` output channels per input channel). One input channel at a time: its padded
// planes are built in a small scratch that stays in L1/L2 (split by row phase; by column phase
// too only for column strides other than 1 and 2; zero borders written once per call), then
// each of its output channels is computed straight into the compact output, an output row at a
// time, 4 vectors of columns per tile (4 independent accumulators hide the add latency; a tap
// loop, measured 1.12× faster than the 9 taps of a 3×3 unrolled). Column stride 2 reads unsplit
// rows and takes even lanes (tileS2). A row's last tile places its vectors to end at Wo; a row
// narrower than a vector is computed over wide rows (q = i·Wph + j) and compacted. Each output
// sums bias, then taps t = a·kW + b in order, one mul and one add at a time — the order of
// layer-dwconv.ts and of the scalar build, so every build and every path gives the same bits.
import { dwTile } from './layer-dwconv';
import { padPhases } from './layer-layout';

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

/** An even lane pick: the vector of columns 0, 2, 4, 6 (f64: 0, 2) from two consecutive vectors. */
// @ts-ignore: decorator
@inline function evens<T>(p: usize): v128 {
  if (sizeof<T>() == 4) return v128.shuffle<i32>(v128.load(p), v128.load(p, 16), 0, 2, 4, 6);
  return v128.shuffle<i64>(v128.load(p), v128.load(p, 16), 0, 2);
}

/** The odd lanes: columns 1, 3, 5, 7 (f64: 1, 3) from two consecutive vectors. */
// @ts-ignore: decorator
@inline function odds<T>(lo: v128, hi: v128): v128 {
  if (sizeof<T>() == 4) return v128.shuffle<i32>(lo, hi, 1, 3, 5, 7);
  return v128.shuffle<i64>(lo, hi, 1, 3);
}

/** evens of two vectors already loaded. */
// @ts-ignore: decorator
@inline function evens2<T>(lo: v128, hi: v128): v128 {
  if (sizeof<T>() == 4) return v128.shuffle<i32>(lo, hi, 0, 2, 4, 6);
  return v128.shuffle<i64>(lo, hi, 0, 2);
}

/**
 * tile for column stride 2 over unsplit columns: out[c + e] = bias + Σ_t w[t]·x[taps[t] + 2·(c + e)]
 * (byte offsets c in output columns). Each tap's inputs are the even lanes of two loads, so a
 * padded row is deinterleaved where it is read instead of split into column phases first.
 */
// @ts-ignore: decorator
@inline function tileS2<T>(out: usize, x: usize, taps: usize, nTaps: i32, w: usize, b: T, c1: usize, c2: usize, c3: usize, rows3: bool): void {
  const sz = <usize>sizeof<T>();
  const tapsEnd = taps + (<usize>nTaps << 2);
  if (ASC_FEATURE_SIMD) {
    let a0 = v128.splat<T>(b);
    let a1 = a0, a2 = a0, a3 = a0;
    const d1 = c1 << 1, d2 = c2 << 1, d3 = c3 << 1;
    if (rows3) {
      // Taps in rows of 3 adjacent columns (3×3, dilation 1): columns 2j and 2j + 1 are the
      // even and odd lanes of one pair of loads, 2j + 2 the even lanes of a pair two elements on.
      for (let tp = taps; tp < tapsEnd; tp += 12) {
        const p = x + <usize>load<i32>(tp);
        const w0 = v128.load_splat<T>(w);
        const w1 = v128.load_splat<T>(w + sz);
        const w2 = v128.load_splat<T>(w + 2 * sz);
        let lo = v128.load(p), hi = v128.load(p, 16);
        a0 = v128.add<T>(a0, v128.mul<T>(w0, evens2<T>(lo, hi)));
        a0 = v128.add<T>(a0, v128.mul<T>(w1, odds<T>(lo, hi)));
        a0 = v128.add<T>(a0, v128.mul<T>(w2, evens<T>(p + 2 * sz)));
        lo = v128.load(p + d1); hi = v128.load(p + d1, 16);
        a1 = v128.add<T>(a1, v128.mul<T>(w0, evens2<T>(lo, hi)));
        a1 = v128.add<T>(a1, v128.mul<T>(w1, odds<T>(lo, hi)));
        a1 = v128.add<T>(a1, v128.mul<T>(w2, evens<T>(p + d1 + 2 * sz)));
        lo = v128.load(p + d2); hi = v128.load(p + d2, 16);
        a2 = v128.add<T>(a2, v128.mul<T>(w0, evens2<T>(lo, hi)));
        a2 = v128.add<T>(a2, v128.mul<T>(w1, odds<T>(lo, hi)));
        a2 = v128.add<T>(a2, v128.mul<T>(w2, evens<T>(p + d2 + 2 * sz)));
        lo = v128.load(p + d3); hi = v128.load(p + d3, 16);
        a3 = v128.add<T>(a3, v128.mul<T>(w0, evens2<T>(lo, hi)));
        a3 = v128.add<T>(a3, v128.mul<T>(w1, odds<T>(lo, hi)));
        a3 = v128.add<T>(a3, v128.mul<T>(w2, evens<T>(p + d3 + 2 * sz)));
        w += 3 * sz;
      }
    } else {
    for (let tp = taps; tp < tapsEnd; tp += 4) {
      const p = x + <usize>load<i32>(tp);
      const wv = v128.load_splat<T>(w);
      a0 = v128.add<T>(a0, v128.mul<T>(wv, evens<T>(p)));
      a1 = v128.add<T>(a1, v128.mul<T>(wv, evens<T>(p + d1)));
      a2 = v128.add<T>(a2, v128.mul<T>(wv, evens<T>(p + d2)));
      a3 = v128.add<T>(a3, v128.mul<T>(wv, evens<T>(p + d3)));
      w += sz;
    }
    }
    v128.store(out, a0);
    v128.store(out + c1, a1);
    v128.store(out + c2, a2);
    v128.store(out + c3, a3);
  } else {
    const L = 16 / <i32>sz;
    for (let m = 0; m < 4; m++) {
      const c: usize = m == 0 ? <usize>0 : m == 1 ? c1 : m == 2 ? c2 : c3;
      for (let e = 0; e < L; e++) {
        const xr = x + ((c + <usize>e * sz) << 1);
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
 * The H×W image at src into its place in zero-bordered row-phase planes (padding pt, pl ≥ 0):
 * padded row R = r + pt goes to plane R mod sh, row ⌊R/sh⌋, from column pl. Rows of at least
 * one vector end with an overlapping vector instead of a scalar tail.
 */
// @ts-ignore: decorator
@inline function copyRows<T>(dst: usize, src: usize, H: i32, W: i32, pt: i32, pl: i32, sh: i32, Hph: i32, Wph: i32): void {
  const sz = <usize>sizeof<T>();
  const rowBytes = <usize>W * sz;
  const planeBytes = <usize>Hph * <usize>Wph * sz;
  const L = 16 / <i32>sz;
  for (let r = 0; r < H; r++) {
    const R = r + pt;
    const d = dst + <usize>(R % sh) * planeBytes + (<usize>(R / sh) * <usize>Wph + <usize>pl) * sz;
    const s = src + <usize>r * rowBytes;
    if (ASC_FEATURE_SIMD && W >= L) {
      const last = rowBytes - 16;
      for (let o: usize = 0; o < last; o += 16) v128.store(d + o, v128.load(s + o));
      v128.store(d + last, v128.load(s + last));
    } else {
      for (let o: usize = 0; o < rowBytes; o += sz) store<T>(d + o, load<T>(s + o));
    }
  }
}

/**
 * out ← depthwise convolution of nImg images of C channels (NCHW, H×W at x, unpadded), `mult`
 * output channels per input channel (output channel c·mult + k uses weights
 * w[(c·mult + k)·nTaps …] and bias[c·mult + k]); output Ho×Wo, compact (NCHW). `taps`: nTaps
 * i32 byte offsets of the taps into one channel's planes (sh·sw planes of Hph×Wph, padding
 * pt, pl: see layer-layout.ts padPhases). colStep 2 (with sw = 1, Wo ≥ one vector): output
 * column j reads planes' column 2j + tap, the stride taken by tileS2. `scratch` holds one channel's planes plus Wph +
 * dwTile elements of slack, then (when Wo is under one vector) Ho·Wph rounded up to dwTile elements.
 */
export function depthwise<T>(
  out: usize, x: usize, w: usize, bias: usize, taps: usize, nTaps: i32, scratch: usize,
  nImg: i32, C: i32, mult: i32, H: i32, W: i32, pt: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32, Ho: i32, Wo: i32,
  colStep: i32,
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
  // Planes split by rows only: the zeros around the image are the same for every channel,
  // written once; each channel then overwrites just the image's rows.
  const rowsOnly = sw == 1 && pt >= 0 && pl >= 0;
  // Taps in rows of three adjacent columns (a 3×3 kernel with column dilation 1)?
  let rows3 = nTaps % 3 == 0;
  for (let t = 0; rows3 && t < nTaps; t += 3) {
    const o = load<i32>(taps + (<usize>t << 2));
    rows3 = load<i32>(taps + (<usize>t << 2), 4) == o + <i32>sz && load<i32>(taps + (<usize>t << 2), 8) == o + 2 * <i32>sz;
  }
  if (rowsOnly) memory.fill(scratch, 0, (planes + <usize>Wph + <usize>T1) * sz);
  let xc = x;
  let oc = out;
  for (let img = 0; img < nImg; img++) {
    let wc = w;
    let bc = bias;
    for (let c = 0; c < C; c++) {
      if (rowsOnly) copyRows<T>(scratch, xc, H, W, pt, pl, sh, Hph, Wph);
      else padPhases<T>(scratch, xc, 1, H, W, pt, pl, sh, sw, Hph, Wph);
      for (let k = 0; k < mult; k++) {
        const b = load<T>(bc);
        if (Wo >= L) {
          // Row by row: whole tiles, then one tile whose vectors start at j, j + L, … but
          // never past Wo − L (overlapping or repeated vectors rewrite the same values).
          for (let i = 0; i < Ho; i++) {
            const xr = scratch + <usize>i * rowIn;
            const orow = oc + <usize>i * rowOut;
            let j: usize = 0;
            if (colStep == 2) {
              for (; j + tileBytes <= rowOut; j += tileBytes) tileS2<T>(orow + j, xr + (j << 1), taps, nTaps, wc, b, 16, 32, 48, rows3);
            } else {
              for (; j + tileBytes <= rowOut; j += tileBytes) tile<T>(orow + j, xr + j, taps, nTaps, wc, b, 16, 32, 48);
            }
            if (j < rowOut) {
              const j0 = min(j, lastVec);
              const c1 = min(j + 16, lastVec) - j0;
              const c2 = min(j + 32, lastVec) - j0;
              const c3 = min(j + 48, lastVec) - j0;
              if (colStep == 2) tileS2<T>(orow + j0, xr + (j0 << 1), taps, nTaps, wc, b, c1, c2, c3, rows3);
              else tile<T>(orow + j0, xr + j0, taps, nTaps, wc, b, c1, c2, c3);
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
