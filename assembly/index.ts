// The module's exports: pointers and numbers only, output first, sizes explicit.
// Memory is managed from JS as an arena above heapBase(); nothing here allocates.
import { corrValidDots, corrValidDotsPart, corrValidRows } from './conv';
import { axpby, clamp, divPositive, dot, embed, fill, mul, residual, rot180 } from './blas';
import { gramLagCount, gramValid } from './gram';
import { cholesky, choleskySolve, gemv } from './linalg';
import { projectSimplex } from './simplex';
import { tvNorm, tvProx } from './tv';
import { wienerDivide } from './spectrum';

export function heapBase(): usize {
  return __heap_base;
}

/** 1 when this binary was built with SIMD, else 0. */
export function simd(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}

export function corrValidRows_f32(out: usize, x: usize, xRows: i32, xCols: i32, k: usize, kRows: i32, kCols: i32): void {
  corrValidRows<f32>(out, x, xRows, xCols, k, kRows, kCols);
}
export function corrValidRows_f64(out: usize, x: usize, xRows: i32, xCols: i32, k: usize, kRows: i32, kCols: i32): void {
  corrValidRows<f64>(out, x, xRows, xCols, k, kRows, kCols);
}
export function corrValidDots_f32(out: usize, x: usize, xRows: i32, xCols: i32, k: usize, kRows: i32, kCols: i32): void {
  corrValidDots<f32>(out, x, xRows, xCols, k, kRows, kCols);
}
export function corrValidDots_f64(out: usize, x: usize, xRows: i32, xCols: i32, k: usize, kRows: i32, kCols: i32): void {
  corrValidDots<f64>(out, x, xRows, xCols, k, kRows, kCols);
}
// Part of corrValidDots_f64 (one output row, a column range): huge solver correlations in parts.
export function corrValidDotsPart_f64(
  out: usize, x: usize, xRows: i32, xCols: i32, k: usize, kRows: i32, kCols: i32, row: i32, colFrom: i32, colTo: i32,
): void {
  corrValidDotsPart<f64>(out, x, xRows, xCols, k, kRows, kCols, row, colFrom, colTo);
}
export function embed_f32(dst: usize, dstRows: i32, dstCols: i32, src: usize, srcRows: i32, srcCols: i32, rowOff: i32, colOff: i32): void {
  embed<f32>(dst, dstRows, dstCols, src, srcRows, srcCols, rowOff, colOff);
}
export function embed_f64(dst: usize, dstRows: i32, dstCols: i32, src: usize, srcRows: i32, srcCols: i32, rowOff: i32, colOff: i32): void {
  embed<f64>(dst, dstRows, dstCols, src, srcRows, srcCols, rowOff, colOff);
}
export function rot180_f32(dst: usize, src: usize, n: i32): void {
  rot180<f32>(dst, src, n);
}
export function rot180_f64(dst: usize, src: usize, n: i32): void {
  rot180<f64>(dst, src, n);
}
export function residual_f32(r: usize, z: usize, y: usize, n: i32): f64 {
  return residual<f32>(r, z, y, n);
}
export function residual_f64(r: usize, z: usize, y: usize, n: i32): f64 {
  return residual<f64>(r, z, y, n);
}

// Vector operations for the solvers (their iterates stay in WASM memory).
export function dot_f32(a: usize, b: usize, n: i32): f64 {
  return dot<f32>(a, b, n);
}
export function dot_f64(a: usize, b: usize, n: i32): f64 {
  return dot<f64>(a, b, n);
}
export function axpby_f32(y: usize, alpha: f64, x: usize, beta: f64, n: i32): void {
  axpby<f32>(y, alpha, x, beta, n);
}
export function axpby_f64(y: usize, alpha: f64, x: usize, beta: f64, n: i32): void {
  axpby<f64>(y, alpha, x, beta, n);
}
export function clamp_f32(v: usize, lo: f64, hi: f64, n: i32): void {
  clamp<f32>(v, lo, hi, n);
}
export function clamp_f64(v: usize, lo: f64, hi: f64, n: i32): void {
  clamp<f64>(v, lo, hi, n);
}
export function mul_f32(out: usize, a: usize, b: usize, n: i32): void {
  mul<f32>(out, a, b, n);
}
export function mul_f64(out: usize, a: usize, b: usize, n: i32): void {
  mul<f64>(out, a, b, n);
}
export function divPositive_f32(out: usize, a: usize, b: usize, tiny: f64, n: i32): void {
  divPositive<f32>(out, a, b, tiny, n);
}
export function divPositive_f64(out: usize, a: usize, b: usize, tiny: f64, n: i32): void {
  divPositive<f64>(out, a, b, tiny, n);
}
export function fill_f32(v: usize, value: f64, n: i32): void {
  fill<f32>(v, value, n);
}
export function fill_f64(v: usize, value: f64, n: i32): void {
  fill<f64>(v, value, n);
}

// Kernel estimation: the normal equations and their dense solve (f64 only).
export function gramValid_f64(G: usize, P: usize, pr: i32, pc: i32, k: i32, l: i32, scratch: usize): void {
  gramValid(G, P, pr, pc, k, l, scratch, 0, gramLagCount(k, l));
}
export function cholesky_f64(A: usize, n: i32): i32 {
  return cholesky(A, n, 0, n);
}
// The same two in parts (lags / panels in a range), so that a long build can be interrupted.
export function gramValidLags_f64(G: usize, P: usize, pr: i32, pc: i32, k: i32, l: i32, scratch: usize, lagFrom: i32, lagTo: i32): void {
  gramValid(G, P, pr, pc, k, l, scratch, lagFrom, lagTo);
}
export function choleskyRows_f64(A: usize, n: i32, rowFrom: i32, rowTo: i32): i32 {
  return cholesky(A, n, rowFrom, rowTo);
}
export function choleskySolve_f64(L: usize, n: i32, b: usize): void {
  choleskySolve(L, n, b);
}
export function gemv_f64(y: usize, A: usize, x: usize, n: i32): void {
  gemv(y, A, x, n);
}
export function projectSimplex_f64(v: usize, n: i32, total: f64, scratch: usize): void {
  projectSimplex(v, n, total, scratch);
}

// Total variation for deconvolution (f64).
export function tvNorm_f64(x: usize, m: i32, n: i32): f64 {
  return tvNorm(x, m, n);
}
export function tvProx_f64(
  out: usize, b: usize, m: i32, n: i32, lambda: f64, lo: f64, hi: f64, iterations: i32,
  p: usize, q: usize, r: usize, s: usize, pOld: usize, qOld: usize,
): void {
  tvProx(out, b, m, n, lambda, lo, hi, iterations, p, q, r, s, pOld, qOld);
}

// FFTs (assembly/fft.ts): plans and work buffers in caller memory; functions return 0 or a
// negative code (−1 bad size, −2 plan does not match, −3 buffer too small). See src/wasm/fft.ts.
import * as FFT from './fft';
export function fftPlanBytes_f32(n: i32): f64 { return FFT.fftPlanBytes<f32>(n); }
export function fftPlanBytes_f64(n: i32): f64 { return FFT.fftPlanBytes<f64>(n); }
export function fftWorkBytes_f32(n: i32): f64 { return FFT.fftWorkBytes<f32>(n); }
export function fftWorkBytes_f64(n: i32): f64 { return FFT.fftWorkBytes<f64>(n); }
export function fftPlan_f32(plan: usize, planBytes: usize, n: i32): i32 { return FFT.fftPlan<f32>(plan, planBytes, n); }
export function fftPlan_f64(plan: usize, planBytes: usize, n: i32): i32 { return FFT.fftPlan<f64>(plan, planBytes, n); }
export function fft_f32(out: usize, x: usize, n: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT.fft<f32>(out, x, n, plan, work, workBytes, false); }
export function fft_f64(out: usize, x: usize, n: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT.fft<f64>(out, x, n, plan, work, workBytes, false); }
export function ifft_f32(out: usize, x: usize, n: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT.fft<f32>(out, x, n, plan, work, workBytes, true); }
export function ifft_f64(out: usize, x: usize, n: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT.fft<f64>(out, x, n, plan, work, workBytes, true); }
export function rfftPlanBytes_f32(n: i32): f64 { return FFT.rfftPlanBytes<f32>(n); }
export function rfftPlanBytes_f64(n: i32): f64 { return FFT.rfftPlanBytes<f64>(n); }
export function rfftWorkBytes_f32(n: i32): f64 { return FFT.rfftWorkBytes<f32>(n); }
export function rfftWorkBytes_f64(n: i32): f64 { return FFT.rfftWorkBytes<f64>(n); }
export function rfftPlan_f32(plan: usize, planBytes: usize, n: i32): i32 { return FFT.rfftPlan<f32>(plan, planBytes, n); }
export function rfftPlan_f64(plan: usize, planBytes: usize, n: i32): i32 { return FFT.rfftPlan<f64>(plan, planBytes, n); }
export function rfft_f32(out: usize, x: usize, n: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT.rfft<f32>(out, x, n, plan, work, workBytes); }
export function rfft_f64(out: usize, x: usize, n: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT.rfft<f64>(out, x, n, plan, work, workBytes); }
export function irfft_f32(out: usize, x: usize, n: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT.irfft<f32>(out, x, n, plan, work, workBytes); }
export function irfft_f64(out: usize, x: usize, n: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT.irfft<f64>(out, x, n, plan, work, workBytes); }
export function rfft2PlanBytes_f32(rows: i32, cols: i32): f64 { return FFT.rfft2PlanBytes<f32>(rows, cols); }
export function rfft2PlanBytes_f64(rows: i32, cols: i32): f64 { return FFT.rfft2PlanBytes<f64>(rows, cols); }
export function rfft2WorkBytes_f32(rows: i32, cols: i32): f64 { return FFT.rfft2WorkBytes<f32>(rows, cols); }
export function rfft2WorkBytes_f64(rows: i32, cols: i32): f64 { return FFT.rfft2WorkBytes<f64>(rows, cols); }
export function rfft2Plan_f32(plan: usize, planBytes: usize, rows: i32, cols: i32): i32 { return FFT.rfft2Plan<f32>(plan, planBytes, rows, cols); }
export function rfft2Plan_f64(plan: usize, planBytes: usize, rows: i32, cols: i32): i32 { return FFT.rfft2Plan<f64>(plan, planBytes, rows, cols); }
export function rfft2_f32(out: usize, x: usize, xRows: i32, xCols: i32, rows: i32, cols: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT.rfft2<f32>(out, x, xRows, xCols, rows, cols, plan, work, workBytes); }
export function rfft2_f64(out: usize, x: usize, xRows: i32, xCols: i32, rows: i32, cols: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT.rfft2<f64>(out, x, xRows, xCols, rows, cols, plan, work, workBytes); }
export function irfft2_f32(out: usize, x: usize, rows: i32, cols: i32, r0: i32, c0: i32, outRows: i32, outCols: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT.irfft2<f32>(out, x, rows, cols, r0, c0, outRows, outCols, plan, work, workBytes); }
export function irfft2_f64(out: usize, x: usize, rows: i32, cols: i32, r0: i32, c0: i32, outRows: i32, outCols: i32, plan: usize, work: usize, workBytes: usize): i32 { return FFT.irfft2<f64>(out, x, rows, cols, r0, c0, outRows, outCols, plan, work, workBytes); }
export function cmul_f32(out: usize, a: usize, b: usize, n: i32): void { FFT.cmul<f32>(out, a, b, n); }
export function cmul_f64(out: usize, a: usize, b: usize, n: i32): void { FFT.cmul<f64>(out, a, b, n); }
export function cmulConj_f32(out: usize, a: usize, b: usize, n: i32): void { FFT.cmulConj<f32>(out, a, b, n); }
export function cmulConj_f64(out: usize, a: usize, b: usize, n: i32): void { FFT.cmulConj<f64>(out, a, b, n); }
export function cmulAcc_f32(out: usize, a: usize, b: usize, n: i32): void { FFT.cmulAcc<f32>(out, a, b, n); }
export function cmulAcc_f64(out: usize, a: usize, b: usize, n: i32): void { FFT.cmulAcc<f64>(out, a, b, n); }
export function cmulConjAcc_f32(out: usize, a: usize, b: usize, n: i32): void { FFT.cmulConjAcc<f32>(out, a, b, n); }
export function cmulConjAcc_f64(out: usize, a: usize, b: usize, n: i32): void { FFT.cmulConjAcc<f64>(out, a, b, n); }

// Spectral filters (assembly/spectrum.ts).
export function wienerDivide_f32(out: usize, y: usize, h: usize, lambda: f64, n: i32): void {
  wienerDivide<f32>(out, y, h, lambda, n);
}
export function wienerDivide_f64(out: usize, y: usize, h: usize, lambda: f64, n: i32): void {
  wienerDivide<f64>(out, y, h, lambda, n);
}

// Blind deconvolution (assembly/blind.ts): pointwise steps of half-quadratic splitting (f64).
import * as BLIND from './blind';
export function circularGradients_f64(gx: usize, gy: usize, x: usize, rows: i32, cols: i32): void { BLIND.circularGradients(gx, gy, x, rows, cols); }
export function shrinkGradients_f64(div: usize, gx: usize, gy: usize, x: usize, rows: i32, cols: i32, threshold: f64, soft: i32): void { BLIND.shrinkGradients(div, gx, gy, x, rows, cols, threshold, soft); }
export function splitSolve_f64(out: usize, a: usize, b: usize, p: usize, q: usize, beta: f64, n: i32): void { BLIND.splitSolve(out, a, b, p, q, beta, n); }
export function powerSpectrum_f64(out: usize, a: usize, n: i32, accumulate: i32): void { BLIND.powerSpectrum(out, a, n, accumulate); }
export function scaleSpectrum_f64(out: usize, a: usize, p: usize, n: i32): void { BLIND.scaleSpectrum(out, a, p, n); }


// The NaN policy's scan (assembly/finite.ts).
import { firstNonFinite } from './finite';
export function firstNonFinite_f32(x: usize, n: i32): i32 {
  return firstNonFinite<f32>(x, n);
}
export function firstNonFinite_f64(x: usize, n: i32): i32 {
  return firstNonFinite<f64>(x, n);
}
import { maxAbs, scalePow2 } from './finite';
export function maxAbs_f32(x: usize, n: i32): f64 {
  return maxAbs<f32>(x, n);
}
export function maxAbs_f64(x: usize, n: i32): f64 {
  return maxAbs<f64>(x, n);
}
export function scalePow2_f32(x: usize, n: i32, e: i32): void {
  scalePow2<f32>(x, n, e);
}
export function scalePow2_f64(x: usize, n: i32, e: i32): void {
  scalePow2<f64>(x, n, e);
}
