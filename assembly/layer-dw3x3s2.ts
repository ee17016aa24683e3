// The depthwise forward's 3×3 kernel at stride 2 (both axes, no dilation), read straight from
// the input: no stride-phase planes. Building the planes (copyRows) cost as much as the
// convolution on [1,256,28,28]; here each input row is split into its even and odd columns by
// shuffles as the taps read it (output column j, tap column b reads input column 2j + b − pl:
// b = 0 the even lanes of the pair of vectors at 2j − pl, b = 1 its odd lanes, b = 2 the even
// lanes of the pair two columns on). A tile is one output row × 4 vectors, from 3 input rows.
// Padding: rows outside the image read a zero row; a padded column (col −1 with pl = 1, col W when the last output's last
// tap reaches it) is a lane of the first or last vector of a row, cleared by a mask (an AND to
// +0, the plane's zero) before it is multiplied. Each output sums bias, then taps t = 0 … 8 in
// order, one mul and one add at a time — the order of layer-depthwise.ts's planes path and of
// the scalar build, so the bits are the same.

// @ts-ignore: decorator
@inline function evens<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 4 ? v128.shuffle<i32>(a, b, 0, 2, 4, 6) : v128.shuffle<i64>(a, b, 0, 2);
}

// @ts-ignore: decorator
@inline function odds<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 4 ? v128.shuffle<i32>(a, b, 1, 3, 5, 7) : v128.shuffle<i64>(a, b, 1, 3);
}

/** Clears lane 0 (input column −1 of a row's first vector when pl = 1). */
// @ts-ignore: decorator
@inline function maskFirst<T>(v: v128): v128 {
  return v128.and(v, sizeof<T>() == 4 ? i32x4(0, -1, -1, -1) : i64x2(0, -1));
}

/** Clears the last lane (input column W, read by a row's last output's last tap). */
// @ts-ignore: decorator
@inline function maskLast<T>(v: v128): v128 {
  return v128.and(v, sizeof<T>() == 4 ? i32x4(-1, -1, -1, 0) : i64x2(-1, 0));
}

/**
 * One input row's three taps into one vector's accumulator (the pair of vectors at q and the
 * pair two columns on), stored at `out` as well as returned: the store, an effect, keeps V8 from
 * hoisting the next vector's loads above this arithmetic (it schedules loads early and pure
 * arithmetic late, so a tile written out straight had every load live at once and spilled).
 */
// @ts-ignore: decorator
@inline function rowTaps<T>(a: v128, out: usize, q: usize, w0: v128, w1: v128, w2: v128, first: bool, last: bool): v128 {
  const q2 = q + 2 * <usize>sizeof<T>();
  const lo = v128.load(q), hi = v128.load(q, 16);
  let v0 = evens<T>(lo, hi);
  if (first) v0 = maskFirst<T>(v0);
  a = v128.add<T>(a, v128.mul<T>(w0, v0));
  a = v128.add<T>(a, v128.mul<T>(w1, odds<T>(lo, hi)));
  let v2 = evens<T>(v128.load(q2), v128.load(q2, 16));
  if (last) v2 = maskLast<T>(v2);
  a = v128.add<T>(a, v128.mul<T>(w2, v2));
  v128.store(out, a);
  return a;
}

/**
 * One output row, 4 vectors at byte offsets 0, o1, o2, o3 from `out`, from padded rows 2i,
 * 2i + 1, 2i + 2 (r0, r1, r2: each row's input column 2j − pl for the tile's first column j; a
 * vector at output offset o reads from 2·o on). `first`: vector 0 is its row's first (clear
 * column −1 of tap 0); `last`: vector 3 is its row's last (clear column W of tap 2). Literal
 * flags: each call site folds them away.
 */
// @ts-ignore: decorator
@inline function tile<T>(
  out: usize, r0: usize, r1: usize, r2: usize, o1: usize, o2: usize, o3: usize, w: usize, b: T, first: bool, last: bool,
): void {
  if (ASC_FEATURE_SIMD) {
    const sz = <usize>sizeof<T>();
    const i1 = o1 << 1, i2 = o2 << 1, i3 = o3 << 1;
    let a0 = v128.splat<T>(b);
    let a1 = a0, a2 = a0, a3 = a0;
    const w3 = w + 3 * sz, w6 = w + 6 * sz;
    let w0 = v128.load_splat<T>(w), w1 = v128.load_splat<T>(w + sz), w2 = v128.load_splat<T>(w + 2 * sz);
    a0 = rowTaps<T>(a0, out, r0, w0, w1, w2, first, false);
    a1 = rowTaps<T>(a1, out + o1, r0 + i1, w0, w1, w2, false, false);
    a2 = rowTaps<T>(a2, out + o2, r0 + i2, w0, w1, w2, false, false);
    a3 = rowTaps<T>(a3, out + o3, r0 + i3, w0, w1, w2, false, last);
    w0 = v128.load_splat<T>(w3); w1 = v128.load_splat<T>(w3 + sz); w2 = v128.load_splat<T>(w3 + 2 * sz);
    a0 = rowTaps<T>(a0, out, r1, w0, w1, w2, first, false);
    a1 = rowTaps<T>(a1, out + o1, r1 + i1, w0, w1, w2, false, false);
    a2 = rowTaps<T>(a2, out + o2, r1 + i2, w0, w1, w2, false, false);
    a3 = rowTaps<T>(a3, out + o3, r1 + i3, w0, w1, w2, false, last);
    w0 = v128.load_splat<T>(w6); w1 = v128.load_splat<T>(w6 + sz); w2 = v128.load_splat<T>(w6 + 2 * sz);
    rowTaps<T>(a0, out, r2, w0, w1, w2, first, false);
    rowTaps<T>(a1, out + o1, r2 + i1, w0, w1, w2, false, false);
    rowTaps<T>(a2, out + o2, r2 + i2, w0, w1, w2, false, false);
    rowTaps<T>(a3, out + o3, r2 + i3, w0, w1, w2, false, last);
  }
}

/**
 * True when dw3x3s2 takes a depthwise call: a SIMD build, the 3×3 stride-2 taps without
 * dilation (the planes' tap table — plane (a mod 2, b mod 2), row ⌊a/2⌋, column ⌊b/2⌋ — says
 * which), at most one padded column each side that a tap reads (pl ≤ 1; the last output's last
 * tap at most column W), two output rows or more and rows of L + 2 outputs or more.
 */
export function fitsDw3x3s2<T>(taps: usize, nTaps: i32, W: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32, Ho: i32, Wo: i32): bool {
  if (!ASC_FEATURE_SIMD || nTaps != 9 || sh != 2 || sw != 2) return false;
  const L = 16 / <i32>sizeof<T>();
  if (pl < 0 || pl > 1 || Wo < L + 2 || 2 * Wo - pl > W) return false;
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
  const endTile = <usize>(Wo - T4) * sz; // wider rows: the last tile's vectors end at Wo
  const v = <usize>L * sz;
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
      for (let i = 0; i < Ho; i++) {
        let r0 = xc + <usize>R * rowIn, r1 = r0 + rowIn, r2 = r1 + rowIn;
        if (R < 0 || R + 2 >= H) {
          if (R < 0 || R >= H) r0 = zeroRow;
          if (R + 1 < 0 || R + 1 >= H) r1 = zeroRow;
          if (R + 2 < 0 || R + 2 >= H) r2 = zeroRow;
        }
        if (Wo <= T4) {
          if (first) {
            if (last) tile<T>(orow, r0, r1, r2, o1, o2, o3, wc, b, true, true);
            else tile<T>(orow, r0, r1, r2, o1, o2, o3, wc, b, true, false);
          } else {
            if (last) tile<T>(orow, r0, r1, r2, o1, o2, o3, wc, b, false, true);
            else tile<T>(orow, r0, r1, r2, o1, o2, o3, wc, b, false, false);
          }
        } else {
          if (first) tile<T>(orow, r0, r1, r2, v, 2 * v, 3 * v, wc, b, true, false);
          else tile<T>(orow, r0, r1, r2, v, 2 * v, 3 * v, wc, b, false, false);
          for (let j = <usize>T4 * sz; j < endTile; j += <usize>T4 * sz) {
            const q = j << 1;
            tile<T>(orow + j, r0 + q, r1 + q, r2 + q, v, 2 * v, 3 * v, wc, b, false, false);
          }
          const q = endTile << 1;
          if (last) tile<T>(orow + endTile, r0 + q, r1 + q, r2 + q, v, 2 * v, 3 * v, wc, b, false, true);
          else tile<T>(orow + endTile, r0 + q, r1 + q, r2 + q, v, 2 * v, 3 * v, wc, b, false, false);
        }
        R += 2;
        orow += rowOut;
      }
      oc += <usize>Ho * rowOut;
      wc += 9 * sz;
      bc += sz;
    }
    xc += inBytes;
  }
}
