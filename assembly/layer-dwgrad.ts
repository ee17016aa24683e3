// Depthwise gradWeight for the Conv2D layer (groups = Cin; `mult` output channels per input
// channel): dw[o, t] = Σ_n Σ_{i,j} dy[n, o, i, j] · planes_c[taps[t] + i·Wph + j], with c = ⌊o/mult⌋.
// One input channel at a time, its padded stride-phase planes built in a scratch by copyRows
// (layer-depthwise.ts, the forward's layout and taps), then per output channel three taps at a
// time swept over the output rows, vectorised along columns: one dy vector loaded per three
// multiply-adds, three accumulators. The generic gradWeight tile works on a 1-channel group
// here, a vector of pixels at a time and a reduction per tile.
// Order of each sum, the same in the scalar build: per image, lane e of the vectors sums
// columns j ≡ e of whole vectors over rows in order; the lanes are added 0 … L−1, then the
// row tails (columns past the last whole vector, rows in order); images add in order onto 0.
import { copyRows } from './layer-depthwise';
import { padPhases } from './layer-layout';

/** lane sums of a, in lane order. */
// @ts-ignore: decorator
@inline function laneSum<T>(a: v128): T {
  if (sizeof<T>() == 4) {
    return <T>(<f32>(<f32>(<f32>(f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1)) + f32x4.extract_lane(a, 2)) + f32x4.extract_lane(a, 3)));
  }
  return <T>(f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1));
}

/**
 * The three sums Σ_i Σ_j dy[i·Wo + j] · planes[o + i·Wph + j] over columns j = j0, j0 + step, …
 * below j1 (byte offsets), each from 0, rows in order, into sums[0 … 3).
 */
// @ts-ignore: decorator
@inline function sweep<T>(sums: usize, dy: usize, planes: usize, o0: usize, o1: usize, o2: usize, Ho: i32, rowOut: usize, rowIn: usize, j0: usize, j1: usize, step: usize): void {
  const sz = <usize>sizeof<T>();
  let l0: T = 0, l1: T = 0, l2: T = 0;
  let d = dy;
  let x = planes;
  for (let i = 0; i < Ho; i++) {
    for (let j = j0; j < j1; j += step) {
      const g = load<T>(d + j);
      l0 += g * load<T>(x + o0 + j);
      l1 += g * load<T>(x + o1 + j);
      l2 += g * load<T>(x + o2 + j);
    }
    d += rowOut;
    x += rowIn;
  }
  store<T>(sums, l0);
  store<T>(sums, l1, sz);
  store<T>(sums, l2, 2 * sz);
}

/**
 * Adds onto dw[0 … nb) the sums of three taps (byte offsets o0, o1, o2 into the planes; nb ≤ 3
 * of them kept) of one image: Σ_{i,j} dy[i·Wo + j] · planes[o + i·Wph + j]. `sums`: room for 3.
 */
// @ts-ignore: decorator
@inline function taps3<T>(sums: usize, dw: usize, nb: i32, dy: usize, planes: usize, o0: usize, o1: usize, o2: usize, Ho: i32, Wo: i32, Wph: i32): void {
  const sz = <usize>sizeof<T>();
  const L = 16 / <i32>sz;
  const whole = <usize>(Wo - Wo % L) * sz;
  const rowOut = <usize>Wo * sz;
  const rowIn = <usize>Wph * sz;
  let s0: T = 0, s1: T = 0, s2: T = 0;
  if (ASC_FEATURE_SIMD) {
    let a0 = v128.splat<T>(0), a1 = a0, a2 = a0;
    let d = dy;
    let x = planes;
    for (let i = 0; i < Ho; i++) {
      for (let j: usize = 0; j < whole; j += 16) {
        const g = v128.load(d + j);
        a0 = v128.add<T>(a0, v128.mul<T>(g, v128.load(x + o0 + j)));
        a1 = v128.add<T>(a1, v128.mul<T>(g, v128.load(x + o1 + j)));
        a2 = v128.add<T>(a2, v128.mul<T>(g, v128.load(x + o2 + j)));
      }
      d += rowOut;
      x += rowIn;
    }
    s0 = laneSum<T>(a0);
    s1 = laneSum<T>(a1);
    s2 = laneSum<T>(a2);
  } else {
    // Lane e: columns e, e + L, … of the whole vectors; lanes added in order, as laneSum.
    for (let e = 0; e < L; e++) {
      sweep<T>(sums, dy, planes, o0, o1, o2, Ho, rowOut, rowIn, <usize>e * sz, whole, 16);
      if (e == 0) {
        s0 = load<T>(sums);
        s1 = load<T>(sums, sz);
        s2 = load<T>(sums, 2 * sz);
      } else {
        s0 += load<T>(sums);
        s1 += load<T>(sums, sz);
        s2 += load<T>(sums, 2 * sz);
      }
    }
  }
  if (whole < rowOut) {
    // The row tails, one column at a time.
    sweep<T>(sums, dy, planes, o0, o1, o2, Ho, rowOut, rowIn, whole, rowOut, sz);
    s0 += load<T>(sums);
    s1 += load<T>(sums, sz);
    s2 += load<T>(sums, 2 * sz);
  }
  store<T>(dw, load<T>(dw) + s0);
  if (nb > 1) store<T>(dw, load<T>(dw, sz) + s1, sz);
  if (nb > 2) store<T>(dw, load<T>(dw, 2 * sz) + s2, 2 * sz);
}

/**
 * dw ← the weight gradient of a depthwise layer (see the file comment): nImg images of C
 * input channels (NCHW, H×W at x, unpadded), dy [nImg, C·mult, Ho, Wo] compact, dw
 * [C·mult, nTaps]. taps, planes and scratch as layer-depthwise.ts's depthwise, scratch with
 * room for 3 more elements (sweep's sums; not static data, which would move the heap base and
 * with it the arena's alignment to cache lines: measured 25% slower depthwise forward).
 */
export function depthwiseGradWeight<T>(
  dw: usize, x: usize, dy: usize, taps: usize, nTaps: i32, scratch: usize,
  nImg: i32, C: i32, mult: i32, H: i32, W: i32, pt: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32, Ho: i32, Wo: i32,
): void {
  const sz = <usize>sizeof<T>();
  const planes = <usize>(sh * sw) * <usize>Hph * <usize>Wph;
  const inBytes = <usize>H * <usize>W * sz;
  const outBytes = <usize>Ho * <usize>Wo * sz;
  const wChan = <usize>nTaps * sz;
  const rowsOnly = (sw == 1 || sw == 2) && pt >= 0 && pl >= 0;
  const sums = scratch + (planes + <usize>Wph + <usize>(64 / sz)) * sz;
  if (rowsOnly) memory.fill(scratch, 0, sums - scratch);
  memory.fill(dw, 0, <usize>(C * mult) * wChan);
  let xc = x;
  let dyc = dy;
  for (let img = 0; img < nImg; img++) {
    let wc = dw;
    for (let c = 0; c < C; c++) {
      if (rowsOnly) copyRows<T>(scratch, xc, H, W, pt, pl, sh, sw, Hph, Wph);
      else padPhases<T>(scratch, xc, 1, H, W, pt, pl, sh, sw, Hph, Wph);
      for (let k = 0; k < mult; k++) {
        for (let t = 0; t < nTaps; t += 3) {
          const nb = min(3, nTaps - t);
          const tp = taps + (<usize>t << 2);
          const o0 = <usize>load<i32>(tp);
          const o1 = nb > 1 ? <usize>load<i32>(tp, 4) : o0;
          const o2 = nb > 2 ? <usize>load<i32>(tp, 8) : o1;
          taps3<T>(sums, wc + <usize>t * sz, nb, dyc, scratch, o0, o1, o2, Ho, Wo, Wph);
        }
        dyc += outBytes;
        wc += wChan;
      }
      xc += inBytes;
    }
  }
}
