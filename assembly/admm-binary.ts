// Entry of the ADMM deconvolution binary (built beside the core one, SIMD and scalar): the
// complex 2-D FFT of a pair of real planes (assembly/fft2c.ts) and the ADMM passes
// (assembly/admm.ts). It imports the core binary's memory (asconfig "importMemory") and has no
// static data, so its exports work on the core's arena as the core's own do; only apps that run
// a solver load it (src/wasm/admm-module.ts), which keeps `init` + `conv2d` small.

/** 1 in the SIMD build, 0 in the scalar one (must match the core binary's). */
export function simd(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}

// Complex 2-D FFT of a pair of real planes (assembly/fft2c.ts; see src/wasm/fft2c.ts).
import * as FFT2C from './fft2c';
export function cfft2PlanBytes_f32(rows: i32, cols: i32): f64 { return FFT2C.cfft2PlanBytes<f32>(rows, cols); }
export function cfft2PlanBytes_f64(rows: i32, cols: i32): f64 { return FFT2C.cfft2PlanBytes<f64>(rows, cols); }
export function cfft2WorkBytes_f32(rows: i32, cols: i32): f64 { return FFT2C.cfft2WorkBytes<f32>(rows, cols); }
export function cfft2WorkBytes_f64(rows: i32, cols: i32): f64 { return FFT2C.cfft2WorkBytes<f64>(rows, cols); }
export function cfft2Plan_f32(plan: usize, planBytes: usize, rows: i32, cols: i32): i32 { return FFT2C.cfft2Plan<f32>(plan, planBytes, rows, cols); }
export function cfft2Plan_f64(plan: usize, planBytes: usize, rows: i32, cols: i32): i32 { return FFT2C.cfft2Plan<f64>(plan, planBytes, rows, cols); }
export function cfft2_f32(S: usize, re: usize, im: usize, rows: i32, cols: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT2C.cfft2<f32>(S, re, im, rows, cols, plan, work, workBytes); }
export function cfft2_f64(S: usize, re: usize, im: usize, rows: i32, cols: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT2C.cfft2<f64>(S, re, im, rows, cols, plan, work, workBytes); }
export function icfft2_f32(re: usize, im: usize, S: usize, rows: i32, cols: i32, scale: f64, plan: usize, work: usize, workBytes: usize): i32 { return FFT2C.icfft2<f32>(re, im, S, rows, cols, scale, plan, work, workBytes); }
export function icfft2_f64(re: usize, im: usize, S: usize, rows: i32, cols: i32, scale: f64, plan: usize, work: usize, workBytes: usize): i32 { return FFT2C.icfft2<f64>(re, im, S, rows, cols, scale, plan, work, workBytes); }

// ADMM deconvolution passes (assembly/admm.ts; every canvas buffer and the pointwise arithmetic
// in f64 or f32 per the suffix, driven by src/solvers/admm.ts).
import { admmEmbed, admmMasks, admmPlace, admmRhs, admmSolvePaired, admmSplit } from './admm';
export function admmMasks_f64(masks: usize, Tc: i32, n: i32, c0: i32, C: i32): void {
  admmMasks<f64>(masks, Tc, n, c0, C);
}
export function admmEmbed_f64(dst: usize, dRows: i32, dCols: i32, src: usize, sRows: i32, sCols: i32): void {
  admmEmbed<f64>(dst, dRows, dCols, src, sRows, sCols);
}
export function admmPlace_f64(dst: usize, dRows: i32, dCols: i32, src: usize, sRows: i32, sCols: i32, r0: i32, c0: i32): void {
  admmPlace<f64>(dst, dRows, dCols, src, sRows, sCols, r0, c0);
}
export function admmSolvePaired_f64(
  S: usize, H: usize, dRow: usize, dCol: usize, colTerm: usize, rows: i32, cols: i32, mu1: f64, mu2: f64, mu3: f64,
): void {
  admmSolvePaired<f64>(S, H, dRow, dCol, colTerm, rows, cols, mu1, mu2, mu3);
}
export function admmSplit_f64(
  stats: usize, masks: usize, z: usize, Hz: usize, yc: usize, u: usize, d1: usize, vr: usize, vc: usize, d2r: usize, d2c: usize,
  w: usize, d3: usize, Tr: i32, Tc: i32, m: i32, R: i32, r0: i32,
  mu1: f64, mu2: f64, mu3: f64, lambda: f64, tv: f64, lo: f64, hi: f64, alpha: f64, freeOutside: i32,
): void {
  admmSplit<f64>(stats, masks, z, Hz, yc, u, d1, vr, vc, d2r, d2c, w, d3, Tr, Tc, m, R, r0, mu1, mu2, mu3, lambda, tv, lo, hi, alpha, freeOutside);
}
export function admmRhs_f64(
  a: usize, b: usize, u: usize, d1: usize, vr: usize, vc: usize, d2r: usize, d2c: usize, w: usize, d3: usize,
  Tr: i32, Tc: i32, mu2: f64, mu3: f64, f1: f64, f2: f64, f3: f64,
): void {
  admmRhs<f64>(a, b, u, d1, vr, vc, d2r, d2c, w, d3, Tr, Tc, mu2, mu3, f1, f2, f3);
}
export function admmMasks_f32(masks: usize, Tc: i32, n: i32, c0: i32, C: i32): void {
  admmMasks<f32>(masks, Tc, n, c0, C);
}
export function admmEmbed_f32(dst: usize, dRows: i32, dCols: i32, src: usize, sRows: i32, sCols: i32): void {
  admmEmbed<f32>(dst, dRows, dCols, src, sRows, sCols);
}
export function admmPlace_f32(dst: usize, dRows: i32, dCols: i32, src: usize, sRows: i32, sCols: i32, r0: i32, c0: i32): void {
  admmPlace<f32>(dst, dRows, dCols, src, sRows, sCols, r0, c0);
}
export function admmSolvePaired_f32(
  S: usize, H: usize, dRow: usize, dCol: usize, colTerm: usize, rows: i32, cols: i32, mu1: f64, mu2: f64, mu3: f64,
): void {
  admmSolvePaired<f32>(S, H, dRow, dCol, colTerm, rows, cols, mu1, mu2, mu3);
}
export function admmSplit_f32(
  stats: usize, masks: usize, z: usize, Hz: usize, yc: usize, u: usize, d1: usize, vr: usize, vc: usize, d2r: usize, d2c: usize,
  w: usize, d3: usize, Tr: i32, Tc: i32, m: i32, R: i32, r0: i32,
  mu1: f64, mu2: f64, mu3: f64, lambda: f64, tv: f64, lo: f64, hi: f64, alpha: f64, freeOutside: i32,
): void {
  admmSplit<f32>(stats, masks, z, Hz, yc, u, d1, vr, vc, d2r, d2c, w, d3, Tr, Tc, m, R, r0, mu1, mu2, mu3, lambda, tv, lo, hi, alpha, freeOutside);
}
export function admmRhs_f32(
  a: usize, b: usize, u: usize, d1: usize, vr: usize, vc: usize, d2r: usize, d2c: usize, w: usize, d3: usize,
  Tr: i32, Tc: i32, mu2: f64, mu3: f64, f1: f64, f2: f64, f3: f64,
): void {
  admmRhs<f32>(a, b, u, d1, vr, vc, d2r, d2c, w, d3, Tr, Tc, mu2, mu3, f1, f2, f3);
}
