// The depthwise forward's 3×3 kernel at stride 2 (both axes, no dilation), reading the input
// in place: no stride-phase planes. On [1,256,28,28] building the planes (copyRows) cost as much
// as the convolution. Here each input row is split into its even and odd columns by shuffles as
// the taps read it: output column j's tap b reads input column 2j + b − pl — b = 0 the even
// lanes of the pair of vectors at 2j − pl, b = 1 its odd lanes, b = 2 the even lanes of the pair
// two columns on. A tile is two output rows × 4 vectors; the rows share padded row 2i + 2, split
// once for both (5 input rows feed 8 accumulators). Padding: rows outside the image read a zero
// row; a padded column (−1 when pl = 1; W when the last output's last tap reaches it) is a lane
// of a row's first or last vector, cleared by a mask (an AND: +0, the planes' zero) before it is
// multiplied. Each output sums bias, then taps t = 0 … 8 in order, one mul and one add at a time
// — the order of layer-depthwise.ts's planes path and of the scalar build: the same bits.
// Masked lanes are still loaded: a row's first vector pair may start one element before the
// input and its last end up to two past it, so the input must sit inside the arena with a buffer
// after it (forwardBuffers in src/wasm/layer-plan.ts: the input chunk first, the weights next).
//
// V8 (TurboFan) schedules loads early and pure arithmetic late: a tile written out straight had
// every load live at once and spilled (0.85× the planes path). Each vector's running sum is
// stored as soon as a row's taps are in (rowTaps): the store, an effect, keeps the next loads
// below that arithmetic, so few values are live at once; the last store is the result.
import { evens, odds } from './layer-layout';

/** All lanes but lane 0 (input column −1 of a row's first vector when pl = 1). */
// @ts-ignore: decorator
@inline function maskFirst<T>(): v128 {
  return sizeof<T>() == 4 ? i32x4(0, -1, -1, -1) : i64x2(0, -1);
}

/** All lanes but the last (input column W, read by a row's last output's last tap). */
// @ts-ignore: decorator
@inline function maskLast<T>(): v128 {
  return sizeof<T>() == 4 ? i32x4(-1, -1, -1, 0) : i64x2(-1, 0);
}

/**
 * a + one input row's three taps (weights w0, w1, w2) for one vector of outputs: the pair of
 * vectors at q and the pair two columns on. Stored at `out` as well as returned (see the
 * header). `first`/`last` (literals): clear the padded column with mask mF / mL.
 */
// @ts-ignore: decorator
@inline function rowTaps<T>(a: v128, out: usize, q: usize, w0: v128, w1: v128, w2: v128, mF: v128, first: bool, mL: v128, last: bool): v128 {
  const q2 = q + 2 * <usize>sizeof<T>();
  const lo = v128.load(q), hi = v128.load(q, 16);
  let v0 = evens<T>(lo, hi);
  if (first) v0 = v128.and(v0, mF);
  a = v128.add<T>(a, v128.mul<T>(w0, v0));
  a = v128.add<T>(a, v128.mul<T>(w1, odds<T>(lo, hi)));
  let v2 = evens<T>(v128.load(q2), v128.load(q2, 16));
  if (last) v2 = v128.and(v2, mL);
  a = v128.add<T>(a, v128.mul<T>(w2, v2));
  v128.store(out, a);
  return a;
}

/**
 * Padded row 2i + 2, split once, for one vector of both output rows of a tile: the upper row's
 * taps 6–8 (weights u0–u2) into `a` (stored at `out`), the lower row's taps 0–2 (z0–z2) into
 * `d` (stored at `outLower` and returned).
 */
// @ts-ignore: decorator
@inline function sharedTaps<T>(
  a: v128, d: v128, out: usize, outLower: usize, q: usize, u0: v128, u1: v128, u2: v128, z0: v128, z1: v128, z2: v128,
  mF: v128, first: bool, mL: v128, last: bool,
): v128 {
  const sz = <usize>sizeof<T>();
  const q2 = q + 2 * sz;
  const lo = v128.load(q), hi = v128.load(q, 16);
  let v0 = evens<T>(lo, hi);
  if (first) v0 = v128.and(v0, mF);
  const v1 = odds<T>(lo, hi);
  let v2 = evens<T>(v128.load(q2), v128.load(q2, 16));
  if (last) v2 = v128.and(v2, mL);
  a = v128.add<T>(a, v128.mul<T>(u0, v0));
  a = v128.add<T>(a, v128.mul<T>(u1, v1));
  a = v128.add<T>(a, v128.mul<T>(u2, v2));
  v128.store(out, a);
  d = v128.add<T>(d, v128.mul<T>(z0, v0));
  d = v128.add<T>(d, v128.mul<T>(z1, v1));
  d = v128.add<T>(d, v128.mul<T>(z2, v2));
  v128.store(outLower, d);
  return d;
}

/**
 * Output rows i and i + 1 (rowOut bytes apart), 4 vectors at byte offsets 0, o1, o2, o3 from
 * `out`, from padded rows 2i … 2i + 4 (r0 … r4: each row's input column 2j − pl for the tile's
 * first column j; a vector at output offset o reads from 2·o on). mF clears column −1 in vector
 * 0, mL column W in vector 3 (all-ones masks when the tile has no such column).
 */
// @ts-ignore: decorator
@inline function tile2<T>(
  out: usize, rowOut: usize, r0: usize, r1: usize, r2: usize, r3: usize, r4: usize,
  o1: usize, o2: usize, o3: usize, w: usize, b: T, mF: v128, mL: v128,
): void {
  if (ASC_FEATURE_SIMD) {
    const sz = <usize>sizeof<T>();
    const i1 = o1 << 1, i2 = o2 << 1, i3 = o3 << 1;
    const out1 = out + rowOut;
    let a0 = v128.splat<T>(b);
    let a1 = a0, a2 = a0, a3 = a0;
    const w3 = w + 3 * sz, w6 = w + 6 * sz;
    let w0 = v128.load_splat<T>(w), w1 = v128.load_splat<T>(w + sz), w2 = v128.load_splat<T>(w + 2 * sz);
    a0 = rowTaps<T>(a0, out, r0, w0, w1, w2, mF, true, mL, false);
    a1 = rowTaps<T>(a1, out + o1, r0 + i1, w0, w1, w2, mF, false, mL, false);
    a2 = rowTaps<T>(a2, out + o2, r0 + i2, w0, w1, w2, mF, false, mL, false);
    a3 = rowTaps<T>(a3, out + o3, r0 + i3, w0, w1, w2, mF, false, mL, true);
    w0 = v128.load_splat<T>(w3); w1 = v128.load_splat<T>(w3 + sz); w2 = v128.load_splat<T>(w3 + 2 * sz);
    a0 = rowTaps<T>(a0, out, r1, w0, w1, w2, mF, true, mL, false);
    a1 = rowTaps<T>(a1, out + o1, r1 + i1, w0, w1, w2, mF, false, mL, false);
    a2 = rowTaps<T>(a2, out + o2, r1 + i2, w0, w1, w2, mF, false, mL, false);
    a3 = rowTaps<T>(a3, out + o3, r1 + i3, w0, w1, w2, mF, false, mL, true);
    const bv = v128.splat<T>(b);
    const u0 = v128.load_splat<T>(w6), u1 = v128.load_splat<T>(w6 + sz), u2 = v128.load_splat<T>(w6 + 2 * sz);
    w0 = v128.load_splat<T>(w); w1 = v128.load_splat<T>(w + sz); w2 = v128.load_splat<T>(w + 2 * sz);
    let d0 = sharedTaps<T>(a0, bv, out, out1, r2, u0, u1, u2, w0, w1, w2, mF, true, mL, false);
    let d1 = sharedTaps<T>(a1, bv, out + o1, out1 + o1, r2 + i1, u0, u1, u2, w0, w1, w2, mF, false, mL, false);
    let d2 = sharedTaps<T>(a2, bv, out + o2, out1 + o2, r2 + i2, u0, u1, u2, w0, w1, w2, mF, false, mL, false);
    let d3 = sharedTaps<T>(a3, bv, out + o3, out1 + o3, r2 + i3, u0, u1, u2, w0, w1, w2, mF, false, mL, true);
    w0 = v128.load_splat<T>(w3); w1 = v128.load_splat<T>(w3 + sz); w2 = v128.load_splat<T>(w3 + 2 * sz);
    d0 = rowTaps<T>(d0, out1, r3, w0, w1, w2, mF, true, mL, false);
    d1 = rowTaps<T>(d1, out1 + o1, r3 + i1, w0, w1, w2, mF, false, mL, false);
    d2 = rowTaps<T>(d2, out1 + o2, r3 + i2, w0, w1, w2, mF, false, mL, false);
    d3 = rowTaps<T>(d3, out1 + o3, r3 + i3, w0, w1, w2, mF, false, mL, true);
    w0 = v128.load_splat<T>(w6); w1 = v128.load_splat<T>(w6 + sz); w2 = v128.load_splat<T>(w6 + 2 * sz);
    rowTaps<T>(d0, out1, r4, w0, w1, w2, mF, true, mL, false);
    rowTaps<T>(d1, out1 + o1, r4 + i1, w0, w1, w2, mF, false, mL, false);
    rowTaps<T>(d2, out1 + o2, r4 + i2, w0, w1, w2, mF, false, mL, false);
    rowTaps<T>(d3, out1 + o3, r4 + i3, w0, w1, w2, mF, false, mL, true);
  }
}

/**
 * True when depthwise3x3s2 takes a depthwise call: a SIMD build, the 3×3 stride-2 taps without
 * dilation (the planes' tap table — plane (a mod 2, b mod 2), row ⌊a/2⌋, column ⌊b/2⌋ — says
 * which), at most one padded column each side that a tap reads (pl ≤ 1; the last output's last
 * tap at most column W), two output rows or more and rows of L + 2 outputs or more.
 */
export function fitsDw3x3s2<T>(taps: usize, nTaps: i32, W: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32, Ho: i32, Wo: i32): bool {
  if (!ASC_FEATURE_SIMD || nTaps != 9 || sh != 2 || sw != 2) return false;
  const L = 16 / <i32>sizeof<T>();
  if (pl < 0 || pl > 1 || Ho < 2 || Wo < L + 2 || 2 * Wo - pl > W) return false;
  for (let t = 0; t < 9; t++) {
    const a = t / 3, b = t % 3;
    const want = (((a & 1) * 2 + (b & 1)) * Hph * Wph + (a >> 1) * Wph + (b >> 1)) * <i32>sizeof<T>();
    if (load<i32>(taps + (<usize>t << 2)) != want) return false;
  }
  return true;
}

/**
 * out ← the depthwise convolution of nImg images of C channels (NCHW, H×W at x, unpadded;
 * padding pt on top, pl ≤ 1 on the left), `mult` output channels per input channel, with a
 * 3×3 kernel at stride 2 (weights w[(c·mult + k)·9 …], bias[c·mult + k]); output Ho×Wo,
 * compact (NCHW). Needs fitsDw3x3s2. `scratch`: a zero row for padded rows outside the image
 * (W + 8·L elements and 32 bytes). Reads up to one element before x and two past its last row
 * (lanes masked or shuffled away): the memory around x must exist.
 */
export function depthwise3x3s2<T>(
  out: usize, x: usize, w: usize, bias: usize, scratch: usize,
  nImg: i32, C: i32, mult: i32, H: i32, W: i32, pt: i32, pl: i32, Ho: i32, Wo: i32,
): void {
  if (ASC_FEATURE_SIMD) { // (the scalar build never calls it: fitsDw3x3s2 is false there)
    const sz = <usize>sizeof<T>();
    const L = 16 / <i32>sz;
    const T4 = 4 * L;
    memory.fill(scratch, 0, <usize>(W + 8 * L) * sz + 32);
    const rowIn = <usize>W * sz;
    const rowOut = <usize>Wo * sz;
    const back = <usize>pl * sz;
    const zeroRow = scratch + 16 - back;
    const first = pl == 1;
    const last = 2 * Wo - pl == W; // the last output's tap b = 2 reads column W
    // A row of at most 4 vectors is one tile, its vectors at 0, p1, p2, Wo − L: p1, p2 inside
    // 1 … Wo − L − 1, so only vector 0 touches column −1 and only vector 3 column W.
    const inner = Wo - L - 1;
    const o1 = <usize>min(max(Wo - 3 * L, 1), inner) * sz;
    const o2 = <usize>min(max(Wo - 2 * L, 1), inner) * sz;
    const o3 = <usize>(Wo - L) * sz;
    // Wider rows: tiles of 4 whole vectors, the last one's ending at Wo.
    const wide = Wo > T4;
    const v = <usize>L * sz;
    const c1 = wide ? v : o1, c2 = wide ? v << 1 : o2, c3 = wide ? v * <usize>3 : o3;
    const tileBytes = <usize>T4 * sz;
    const jLast = wide ? <usize>(Wo - T4) * sz : 0;
    const nTiles = (Wo + T4 - 1) / T4;
    const ones = i32x4(-1, -1, -1, -1);
    const mFirst = first ? maskFirst<T>() : ones;
    const mLast = last ? maskLast<T>() : ones;
    const inBytes = <usize>H * rowIn;
    let xc = x - back;
    let oc = out;
    let wc = w;
    let bc = bias;
    for (let n = 0; n < nImg * C; n++) {
      if (n % C == 0) {
        wc = w;
        bc = bias;
      }
      for (let k = 0; k < mult; k++) {
        const b = load<T>(bc);
        let R = -pt; // input row of padded row 2i
        let orow = oc;
        for (let i0 = 0; i0 < Ho; i0 += 2) {
          // An odd last row is computed again with the one above it (the same values rewritten).
          if (i0 + 2 > Ho) {
            R -= 2;
            orow -= rowOut;
          }
          let r0 = xc + <usize>R * rowIn, r1 = r0 + rowIn, r2 = r1 + rowIn, r3 = r2 + rowIn, r4 = r3 + rowIn;
          if (R < 0 || R + 4 >= H) {
            if (R < 0 || R >= H) r0 = zeroRow;
            if (R + 1 < 0 || R + 1 >= H) r1 = zeroRow;
            if (R + 2 < 0 || R + 2 >= H) r2 = zeroRow;
            if (R + 3 < 0 || R + 3 >= H) r3 = zeroRow;
            if (R + 4 < 0 || R + 4 >= H) r4 = zeroRow;
          }
          // Tiles at 0, T4, 2·T4, … and the last ending at Wo; masks on a row's first and last vectors.
          for (let t = 0; t < nTiles; t++) {
            const j = min(<usize>t * tileBytes, jLast);
            const q = j << 1;
            tile2<T>(orow + j, rowOut, r0 + q, r1 + q, r2 + q, r3 + q, r4 + q, c1, c2, c3, wc, b,
              t == 0 ? mFirst : ones, t == nTiles - 1 ? mLast : ones);
          }
          R += 4;
          orow += 2 * rowOut;
        }
        oc += <usize>Ho * rowOut;
        wc += 9 * sz;
        bc += sz;
      }
      xc += inBytes;
    }
  }
}
