// The module's exports: pointers and numbers only, output first, sizes explicit.
// Memory is managed from JS as an arena above heapBase(); nothing here allocates.
import { corrValidDots, corrValidRows } from './conv';
import { embed, residual, rot180 } from './blas';

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
