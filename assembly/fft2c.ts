// Complex 2-D FFT of a pair of real planes, f32 and f64 from the same generic code: the
// spectrum S (rows×cols complex, interleaved, row-major) of z = re + i·im, and back.
// Two real transforms packed as one complex: the ADMM solver (assembly/admm.ts) transforms its
// two right-hand sides a and b together as a + i·b, separates â and b̂ in the spectral pass
// from S[k] and S[−k], and gets x and h ⊛ x back as the real and imaginary planes of one
// inverse — no real post/pre-step, one row pass and one column pass per direction.
//
// Conventions as in assembly/fft.ts: forward unnormalised, S[u,v] = Σ z[i,j]·e^{−2πi(ui/rows + vj/cols)};
// the inverse multiplies by `scale` (1/(rows·cols) for the exact inverse) while writing the planes.
// Row pass: blocks of BLK rows gathered transposed from the two planes (element j of row c at
// j·BLK + c), one batched cols-point FFT (assembly/fft.ts fftBatch) whose last stage writes S's
// rows directly; column pass: in place on S (fft.ts columns). The inverse mirrors it. Same radix
// passes as fft.ts: the SIMD and the scalar binary return identical bits. Plans and work
// buffers in caller memory; nothing allocates. Returns 0, or −1 bad size, −2 plan does not
// match, −3 buffer too small.
import { align16, blk, cblk, columns, cplanBytes, cplanWrite, ERR_PLAN, ERR_SIZE, ERR_SPACE, fftBatch, isSmooth } from './fft';

const MAGIC_2C: i32 = 0x32434643;
// Plan header: magic, rows, cols, sizeof<T>, column-plan offset; the row (cols-point) plan at 32.
const HDR: usize = 32;

export function cfft2PlanBytes<T>(rows: i32, cols: i32): f64 {
  const r = cplanBytes<T>(cols);
  const c = cplanBytes<T>(rows);
  if (r < 0 || c < 0) return -1;
  return <f64>HDR + r + c;
}

export function cfft2WorkBytes<T>(rows: i32, cols: i32): f64 {
  if (!isSmooth(rows) || !isSmooth(cols)) return -1;
  const csz = <f64>(sizeof<T>() << 1);
  // Rows: the gathered block and the two stage buffers; columns: two stage buffers of a column block.
  const r = 3 * align16(<f64>cols * <f64>min(blk<T>(), rows) * csz);
  const c = 2 * align16(<f64>rows * <f64>min(cblk<T>(), cols) * csz);
  return max(r, c);
}

export function cfft2Plan<T>(plan: usize, planBytes: usize, rows: i32, cols: i32): i32 {
  const need = cfft2PlanBytes<T>(rows, cols);
  if (need < 0) return ERR_SIZE;
  if (<f64>planBytes < need) return ERR_SPACE;
  store<i32>(plan, MAGIC_2C);
  store<i32>(plan, rows, 4);
  store<i32>(plan, cols, 8);
  store<i32>(plan, sizeof<T>(), 12);
  const colOff = HDR + <usize>cplanBytes<T>(cols);
  store<i32>(plan, <i32>colOff, 16);
  cplanWrite<T>(plan + HDR, cols);
  cplanWrite<T>(plan + colOff, rows);
  return 0;
}

// @ts-ignore: decorator
@inline function planOk<T>(plan: usize, rows: i32, cols: i32): bool {
  return load<i32>(plan) == MAGIC_2C && load<i32>(plan, 4) == rows && load<i32>(plan, 8) == cols
    && load<i32>(plan, 12) == sizeof<T>();
}

// The transposes between row-major data and a gathered block (element j of row c at j·b + c)
// run column-outer, so each element's b values (one 64-byte line) are written or read together;
// the SIMD binary moves 4×4 (planes, f32), 2×2 (complex, f32) or 1×2 (f64) tiles through
// registers. Copies only (and the inverse's scale, one multiply per value): the same bits in both
// binaries.

/** dst[j·b + c] = (re, im)[c·cols + j] for the b rows of the planes starting at re, im. */
function gatherPlanes<T>(dst: usize, re: usize, im: usize, cols: i32, b: i32): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const rowBytes = <usize>cols * sz;
  let j = 0;
  if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && (b & 3) == 0) {
    for (; j + 4 <= cols; j += 4) {
      const src = <usize>j << 2;
      const d = dst + <usize>(j * b) * csz;
      for (let c = 0; c < b; c += 4) {
        const p0 = src + <usize>c * rowBytes;
        const r0 = v128.load(re + p0), i0 = v128.load(im + p0);
        const r1 = v128.load(re + p0 + rowBytes), i1 = v128.load(im + p0 + rowBytes);
        const r2 = v128.load(re + p0 + 2 * rowBytes), i2 = v128.load(im + p0 + 2 * rowBytes);
        const r3 = v128.load(re + p0 + 3 * rowBytes), i3 = v128.load(im + p0 + 3 * rowBytes);
        // Row t's complex values j, j+1 (lo) and j+2, j+3 (hi).
        const l0 = v128.shuffle<f32>(r0, i0, 0, 4, 1, 5), h0 = v128.shuffle<f32>(r0, i0, 2, 6, 3, 7);
        const l1 = v128.shuffle<f32>(r1, i1, 0, 4, 1, 5), h1 = v128.shuffle<f32>(r1, i1, 2, 6, 3, 7);
        const l2 = v128.shuffle<f32>(r2, i2, 0, 4, 1, 5), h2 = v128.shuffle<f32>(r2, i2, 2, 6, 3, 7);
        const l3 = v128.shuffle<f32>(r3, i3, 0, 4, 1, 5), h3 = v128.shuffle<f32>(r3, i3, 2, 6, 3, 7);
        const o = d + <usize>c * csz;
        const step = <usize>b * csz;
        v128.store(o, v128.shuffle<i64>(l0, l1, 0, 2));
        v128.store(o + 16, v128.shuffle<i64>(l2, l3, 0, 2));
        v128.store(o + step, v128.shuffle<i64>(l0, l1, 1, 3));
        v128.store(o + step + 16, v128.shuffle<i64>(l2, l3, 1, 3));
        v128.store(o + 2 * step, v128.shuffle<i64>(h0, h1, 0, 2));
        v128.store(o + 2 * step + 16, v128.shuffle<i64>(h2, h3, 0, 2));
        v128.store(o + 3 * step, v128.shuffle<i64>(h0, h1, 1, 3));
        v128.store(o + 3 * step + 16, v128.shuffle<i64>(h2, h3, 1, 3));
      }
    }
  }
  if (ASC_FEATURE_SIMD && sizeof<T>() == 8) {
    for (; j + 2 <= cols; j += 2) {
      const d = dst + <usize>(j * b) * csz;
      let p = <usize>j << 3;
      for (let c = 0; c < b; c++, p += rowBytes) {
        const r = v128.load(re + p), i = v128.load(im + p);
        v128.store(d + <usize>c * csz, v128.shuffle<f64>(r, i, 0, 2));
        v128.store(d + <usize>(b + c) * csz, v128.shuffle<f64>(r, i, 1, 3));
      }
    }
  }
  for (; j < cols; j++) {
    let d = dst + <usize>(j * b) * csz;
    let p = <usize>j * sz;
    for (let c = 0; c < b; c++, d += csz, p += rowBytes) {
      store<T>(d, load<T>(re + p));
      store<T>(d + sz, load<T>(im + p));
    }
  }
}

/** Four complex f32 values (lo: 0, 1; hi: 2, 3) times scale: real parts to re + p, imaginary parts to im + p. */
// @ts-ignore: decorator
@inline function planeRow<T>(re: usize, im: usize, p: usize, lo: v128, hi: v128, SC: v128): void {
  v128.store(re + p, v128.mul<T>(v128.shuffle<f32>(lo, hi, 0, 2, 4, 6), SC));
  v128.store(im + p, v128.mul<T>(v128.shuffle<f32>(lo, hi, 1, 3, 5, 7), SC));
}

/** re, im[c·cols + j] = scale·(re, im) of src[j·b + c] for the b rows starting at re, im. */
function scatterPlanes<T>(re: usize, im: usize, cols: i32, src: usize, b: i32, scale: T): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const rowBytes = <usize>cols * sz;
  let j = 0;
  if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && (b & 3) == 0) {
    const SC = v128.splat<T>(scale);
    const step = <usize>b * csz;
    for (; j + 4 <= cols; j += 4) {
      const dst = <usize>j << 2;
      const s0 = src + <usize>(j * b) * csz;
      for (let c = 0; c < b; c += 4) {
        const o = s0 + <usize>c * csz;
        // Element j+t's complex values for rows c, c+1 (a) and c+2, c+3 (z).
        const a0 = v128.load(o), z0 = v128.load(o + 16);
        const a1 = v128.load(o + step), z1 = v128.load(o + step + 16);
        const a2 = v128.load(o + 2 * step), z2 = v128.load(o + 2 * step + 16);
        const a3 = v128.load(o + 3 * step), z3 = v128.load(o + 3 * step + 16);
        // Row t's complex values j, j+1 and j+2, j+3, split into re and im (planeRow).
        const p0 = dst + <usize>c * rowBytes;
        planeRow<T>(re, im, p0, v128.shuffle<i64>(a0, a1, 0, 2), v128.shuffle<i64>(a2, a3, 0, 2), SC);
        planeRow<T>(re, im, p0 + rowBytes, v128.shuffle<i64>(a0, a1, 1, 3), v128.shuffle<i64>(a2, a3, 1, 3), SC);
        planeRow<T>(re, im, p0 + 2 * rowBytes, v128.shuffle<i64>(z0, z1, 0, 2), v128.shuffle<i64>(z2, z3, 0, 2), SC);
        planeRow<T>(re, im, p0 + 3 * rowBytes, v128.shuffle<i64>(z0, z1, 1, 3), v128.shuffle<i64>(z2, z3, 1, 3), SC);
      }
    }
  }
  if (ASC_FEATURE_SIMD && sizeof<T>() == 8) {
    const SC = v128.splat<T>(scale);
    for (; j + 2 <= cols; j += 2) {
      const s0 = src + <usize>(j * b) * csz;
      let p = <usize>j << 3;
      for (let c = 0; c < b; c++, p += rowBytes) {
        const x = v128.load(s0 + <usize>c * csz), y = v128.load(s0 + <usize>(b + c) * csz);
        v128.store(re + p, v128.mul<T>(v128.shuffle<f64>(x, y, 0, 2), SC));
        v128.store(im + p, v128.mul<T>(v128.shuffle<f64>(x, y, 1, 3), SC));
      }
    }
  }
  for (; j < cols; j++) {
    let s = src + <usize>(j * b) * csz;
    let p = <usize>j * sz;
    for (let c = 0; c < b; c++, s += csz, p += rowBytes) {
      store<T>(re + p, load<T>(s) * scale);
      store<T>(im + p, load<T>(s + sz) * scale);
    }
  }
}

/**
 * Rows [r0, r0 + BLK) of the row pass (fewer at the end): forward, S's rows = 1-D DFTs of the
 * rows of re + i·im; inverse, (re, im) = scale × the inverse 1-D DFTs of S's rows. The block is
 * gathered transposed from the planes (forward) or scattered back to them (inverse); the
 * spectrum's rows are read by the first inverse stage and written by the last forward stage
 * directly (fftBatch with a transform stride of one row).
 */
export function rowBlock<T>(
  S: usize, re: usize, im: usize, rows: i32, cols: i32, r0: i32, plan: usize, work: usize, inverse: bool, scale: T,
): void {
  const sz = <usize>sizeof<T>();
  const csz = sz << 1;
  const B = blk<T>();
  const buf = <usize>align16(<f64>cols * <f64>min(B, rows) * <f64>csz);
  const rowBytes = <usize>cols * csz;
  const b = min(B, rows - r0);
  const off = <usize>r0 * <usize>cols;
  const Sb = S + off * csz, reb = re + off * sz, imb = im + off * sz;
  const bb = <usize>b * csz;
  if (inverse) {
    fftBatch<T>(work, bb, Sb, csz, b, plan + HDR, work + buf, work + 2 * buf, -1, rowBytes, 0);
    scatterPlanes<T>(reb, imb, cols, work, b, scale);
  } else {
    gatherPlanes<T>(work, reb, imb, cols, b);
    fftBatch<T>(Sb, csz, work, bb, b, plan + HDR, work + buf, work + 2 * buf, 1, 0, rowBytes);
  }
}

/** The column pass, in place on S: forward (sg = 1) or unnormalised inverse (sg = −1). */
export function columnPass<T>(S: usize, rows: i32, cols: i32, plan: usize, work: usize, sg: T): void {
  columns<T>(S, rows, cols, plan + <usize>load<i32>(plan, 16), work, sg);
}

/** 0 when plan is a complex 2-D plan for rows×cols of T and work has workBytes ≥ cfft2WorkBytes, else ERR_PLAN / ERR_SPACE. */
export function cfft2Check<T>(plan: usize, rows: i32, cols: i32, workBytes: usize): i32 {
  if (!planOk<T>(plan, rows, cols)) return ERR_PLAN;
  if (<f64>workBytes < cfft2WorkBytes<T>(rows, cols)) return ERR_SPACE;
  return 0;
}

/**
 * S (rows×cols complex, interleaved) = 2-D DFT of re + i·im (two rows×cols real planes).
 * S must not overlap the planes.
 */
export function cfft2<T>(S: usize, re: usize, im: usize, rows: i32, cols: i32, plan: usize, work: usize, workBytes: usize): i32 {
  const check = cfft2Check<T>(plan, rows, cols, workBytes);
  if (check != 0) return check;
  for (let r0 = 0; r0 < rows; r0 += blk<T>()) rowBlock<T>(S, re, im, rows, cols, r0, plan, work, false, 1);
  columnPass<T>(S, rows, cols, plan, work, 1);
  return 0;
}

/**
 * (re, im) = scale × (real, imaginary) parts of the unnormalised inverse 2-D DFT of S; scale =
 * 1/(rows·cols) gives the exact inverse. S is overwritten (the column pass runs in place) and
 * must not overlap the planes.
 */
export function icfft2<T>(
  re: usize, im: usize, S: usize, rows: i32, cols: i32, scale: f64, plan: usize, work: usize, workBytes: usize,
): i32 {
  const check = cfft2Check<T>(plan, rows, cols, workBytes);
  if (check != 0) return check;
  columnPass<T>(S, rows, cols, plan, work, -1);
  for (let r0 = 0; r0 < rows; r0 += blk<T>()) rowBlock<T>(S, re, im, rows, cols, r0, plan, work, true, <T>scale);
  return 0;
}
