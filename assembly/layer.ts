// The Conv2D layer's binary (convgrad-layer-{simd,scalar}.wasm): its own module and memory,
// apart from the core binary (index.ts), so an app that never runs a layer never downloads
// these kernels. Driven by src/wasm/layer.ts; pointers and numbers only, output first,
// element strides and counts.

export function heapBase(): usize {
  return __heap_base;
}

/** 1 when this binary was built with SIMD, else 0. */
export function simd(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}

import { copy2d as layerCopy2d, padPhases as layerPadPhases } from './layer-layout';
import { packWeights as layerPackWeights } from './layer-pack';
import { igemm as layerIgemm } from './layer-igemm';
import { gradWeight as layerGradWeight } from './layer-gradweight';
import { gradBias as layerGradBias } from './layer-bias';
export function layerPadPhases_f32(dst: usize, src: usize, nChan: i32, H: i32, W: i32, pt: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32): void { layerPadPhases<f32>(dst, src, nChan, H, W, pt, pl, sh, sw, Hph, Wph); }
export function layerPadPhases_f64(dst: usize, src: usize, nChan: i32, H: i32, W: i32, pt: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32): void { layerPadPhases<f64>(dst, src, nChan, H, W, pt, pl, sh, sw, Hph, Wph); }
export function layerCopy2d_f32(dst: usize, dstChan: i32, dstRow: i32, dstCol: i32, src: usize, srcChan: i32, srcRow: i32, nChan: i32, rows: i32, cols: i32): void { layerCopy2d<f32>(dst, dstChan, dstRow, dstCol, src, srcChan, srcRow, nChan, rows, cols); }
export function layerCopy2d_f64(dst: usize, dstChan: i32, dstRow: i32, dstCol: i32, src: usize, srcChan: i32, srcRow: i32, nChan: i32, rows: i32, cols: i32): void { layerCopy2d<f64>(dst, dstChan, dstRow, dstCol, src, srcChan, srcRow, nChan, rows, cols); }
export function layerPackWeights_f32(dst: usize, src: usize, nGroups: i32, groupStride: i32, nOut: i32, strideOut: i32, nRed: i32, strideRed: i32, tapSrc: usize, nTaps: i32): void { layerPackWeights<f32>(dst, src, nGroups, groupStride, nOut, strideOut, nRed, strideRed, tapSrc, nTaps); }
export function layerPackWeights_f64(dst: usize, src: usize, nGroups: i32, groupStride: i32, nOut: i32, strideOut: i32, nRed: i32, strideRed: i32, tapSrc: usize, nTaps: i32): void { layerPackWeights<f64>(dst, src, nGroups, groupStride, nOut, strideOut, nRed, strideRed, tapSrc, nTaps); }
export function layerIgemm_f32(out: usize, outChan: i32, x: usize, xChan: i32, w: usize, bias: usize, taps: usize, nTaps: i32, nGroups: i32, nOut: i32, nRed: i32, Q: i32): void { layerIgemm<f32>(out, outChan, x, xChan, w, bias, taps, nTaps, nGroups, nOut, nRed, Q); }
export function layerIgemm_f64(out: usize, outChan: i32, x: usize, xChan: i32, w: usize, bias: usize, taps: usize, nTaps: i32, nGroups: i32, nOut: i32, nRed: i32, Q: i32): void { layerIgemm<f64>(out, outChan, x, xChan, w, bias, taps, nTaps, nGroups, nOut, nRed, Q); }
export function layerGradWeight_f32(dw: usize, scratch: usize, runs: usize, dy: usize, dyChan: i32, dyBatch: i32, dyRow: i32, x: usize, xChan: i32, xBatch: i32, xRow: i32, taps: usize, nTaps: i32, nGroups: i32, nOut: i32, nRed: i32, N: i32, Ho: i32, Wo: i32): void { layerGradWeight<f32>(dw, scratch, runs, dy, dyChan, dyBatch, dyRow, x, xChan, xBatch, xRow, taps, nTaps, nGroups, nOut, nRed, N, Ho, Wo); }
export function layerGradWeight_f64(dw: usize, scratch: usize, runs: usize, dy: usize, dyChan: i32, dyBatch: i32, dyRow: i32, x: usize, xChan: i32, xBatch: i32, xRow: i32, taps: usize, nTaps: i32, nGroups: i32, nOut: i32, nRed: i32, N: i32, Ho: i32, Wo: i32): void { layerGradWeight<f64>(dw, scratch, runs, dy, dyChan, dyBatch, dyRow, x, xChan, xBatch, xRow, taps, nTaps, nGroups, nOut, nRed, N, Ho, Wo); }
export function layerGradBias_f32(db: usize, dy: usize, nOut: i32, HW: i32, N: i32): void { layerGradBias<f32>(db, dy, nOut, HW, N); }
export function layerGradBias_f64(db: usize, dy: usize, nOut: i32, HW: i32, N: i32): void { layerGradBias<f64>(db, dy, nOut, HW, N); }
import { depthwise as layerDepthwise } from './layer-depthwise';
export function layerDepthwise_f32(out: usize, x: usize, w: usize, bias: usize, taps: usize, nTaps: i32, scratch: usize, nImg: i32, C: i32, mult: i32, H: i32, W: i32, pt: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32, Ho: i32, Wo: i32, clear: i32): void { layerDepthwise<f32>(out, x, w, bias, taps, nTaps, scratch, nImg, C, mult, H, W, pt, pl, sh, sw, Hph, Wph, Ho, Wo, clear != 0); }
export function layerDepthwise_f64(out: usize, x: usize, w: usize, bias: usize, taps: usize, nTaps: i32, scratch: usize, nImg: i32, C: i32, mult: i32, H: i32, W: i32, pt: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32, Ho: i32, Wo: i32, clear: i32): void { layerDepthwise<f64>(out, x, w, bias, taps, nTaps, scratch, nImg, C, mult, H, W, pt, pl, sh, sw, Hph, Wph, Ho, Wo, clear != 0); }
import { depthwiseGradWeight as layerDepthwiseGradWeight } from './layer-dwgrad';
export function layerDepthwiseGradWeight_f32(dw: usize, x: usize, dy: usize, taps: usize, nTaps: i32, scratch: usize, nImg: i32, C: i32, mult: i32, H: i32, W: i32, pt: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32, Ho: i32, Wo: i32): void { layerDepthwiseGradWeight<f32>(dw, x, dy, taps, nTaps, scratch, nImg, C, mult, H, W, pt, pl, sh, sw, Hph, Wph, Ho, Wo); }
export function layerDepthwiseGradWeight_f64(dw: usize, x: usize, dy: usize, taps: usize, nTaps: i32, scratch: usize, nImg: i32, C: i32, mult: i32, H: i32, W: i32, pt: i32, pl: i32, sh: i32, sw: i32, Hph: i32, Wph: i32, Ho: i32, Wo: i32): void { layerDepthwiseGradWeight<f64>(dw, x, dy, taps, nTaps, scratch, nImg, C, mult, H, W, pt, pl, sh, sw, Hph, Wph, Ho, Wo); }
import { allFinite, winogradInput, winogradOutput, winogradWeights } from './layer-winograd';
export function layerWinogradWeights_f32(dst: usize, w: usize, Cout: i32, Cin: i32, turned: i32): void { winogradWeights<f32>(dst, w, Cout, Cin, turned != 0); }
export function layerWinogradInput_f32(dst: usize, chan: i32, src: usize, chanSrc: i32, nChan: i32, Th: i32, Tw: i32, Wp: i32): void { winogradInput<f32>(dst, chan, src, chanSrc, nChan, Th, Tw, Wp); }
export function layerWinogradOutput_f32(dx: usize, src: usize, chan: i32, nChan: i32, Th: i32, Tw: i32, H: i32, W: i32, bias: usize, hasBias: i32): void { winogradOutput<f32>(dx, src, chan, nChan, Th, Tw, H, W, bias, hasBias != 0); }
export function layerAllFinite_f32(p: usize, n: i32): i32 { return allFinite<f32>(p, n); }
import { winogradGradOutput, winogradWeightGrad } from './layer-winograd';
export function layerWinogradGradOutput_f32(dst: usize, chan: i32, src: usize, chanSrc: i32, nChan: i32, Th: i32, Tw: i32, Wq: i32, tail: i32): void { winogradGradOutput<f32>(dst, chan, src, chanSrc, nChan, Th, Tw, Wq, tail); }
export function layerWinogradWeightGrad_f32(dw: usize, src: usize, Cout: i32, Cin: i32): void { winogradWeightGrad<f32>(dw, src, Cout, Cin); }
import { phaseGradOutput, phaseInput, phaseOutput, phaseWeightGrad, phaseWeights } from './layer-winograd-s2';
export function layerPhaseInput_f32(dst: usize, chan: i32, src: usize, chanSrc: i32, nChan: i32, Th: i32, Tw: i32, Wsrc: i32, twoH: i32, twoW: i32): void { phaseInput<f32>(dst, chan, src, chanSrc, nChan, Th, Tw, Wsrc, twoH != 0, twoW != 0); }
export function layerPhaseGradOutput_f32(dst: usize, chan: i32, src: usize, chanSrc: i32, nChan: i32, Th: i32, Tw: i32, Wsrc: i32, twoH: i32, twoW: i32, tail: i32): void { phaseGradOutput<f32>(dst, chan, src, chanSrc, nChan, Th, Tw, Wsrc, twoH != 0, twoW != 0, tail); }
export function layerPhaseOutput_f32(dx: usize, dxChan: i32, dxRow: i32, dxCol: i32, src: usize, chan: i32, nChan: i32, Th: i32, Tw: i32, cH: i32, cW: i32, twoH: i32, twoW: i32): void { phaseOutput<f32>(dx, dxChan, dxRow, dxCol, src, chan, nChan, Th, Tw, cH, cW, twoH != 0, twoW != 0); }
export function layerPhaseWeights_f32(dst: usize, w: usize, Cout: i32, Cin: i32, kk: i32, taps: usize, twoH: i32, twoW: i32): void { phaseWeights<f32>(dst, w, Cout, Cin, kk, taps, twoH != 0, twoW != 0); }
export function layerPhaseWeightGrad_f32(dw: usize, src: usize, Cout: i32, Cin: i32, ld: i32, kk: i32, taps: usize, twoH: i32, twoW: i32): void { phaseWeightGrad<f32>(dw, src, Cout, Cin, ld, kk, taps, twoH != 0, twoW != 0); }
import { col2im } from './layer-col2im';
export function layerCol2im_f32(dx: usize, col: usize, colChan: i32, C: i32, H: i32, W: i32, kH: i32, kW: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, Ho: i32, Wo: i32, u0: i32, u1: i32, rowBuf: usize): void { col2im<f32>(dx, col, colChan, C, H, W, kH, kW, sh, sw, dh, dw, pt, pl, Ho, Wo, u0, u1, rowBuf); }
export function layerCol2im_f64(dx: usize, col: usize, colChan: i32, C: i32, H: i32, W: i32, kH: i32, kW: i32, sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, Ho: i32, Wo: i32, u0: i32, u1: i32, rowBuf: usize): void { col2im<f64>(dx, col, colChan, C, H, W, kH, kW, sh, sw, dh, dw, pt, pl, Ho, Wo, u0, u1, rowBuf); }
import { packA as pointwisePackA, packB as pointwisePackB, packedGemm as pointwiseGemm } from './layer-pointwise';
export function layerPointwisePackA_f32(dst: usize, src: usize, M: i32, K: i32, rowStride: i32, kStride: i32, seg: i32, segStride: i32): void { pointwisePackA<f32>(dst, src, M, K, rowStride, kStride, seg, segStride); }
export function layerPointwisePackA_f64(dst: usize, src: usize, M: i32, K: i32, rowStride: i32, kStride: i32, seg: i32, segStride: i32): void { pointwisePackA<f64>(dst, src, M, K, rowStride, kStride, seg, segStride); }
export function layerPointwisePackB_f32(dst: usize, src: usize, K: i32, N: i32, colStride: i32, seg: i32, segStride: i32): void { pointwisePackB<f32>(dst, src, K, N, colStride, seg, segStride); }
export function layerPointwisePackB_f64(dst: usize, src: usize, K: i32, N: i32, colStride: i32, seg: i32, segStride: i32): void { pointwisePackB<f64>(dst, src, K, N, colStride, seg, segStride); }
export function layerPointwiseGemm_f32(c: usize, ldc: i32, a: usize, b: usize, bStep: i32, bPanel: i32, M: i32, N: i32, K: i32, init: usize, edge: usize): void { pointwiseGemm<f32>(c, ldc, a, b, bStep, bPanel, M, N, K, init, edge); }
export function layerPointwiseGemm_f64(c: usize, ldc: i32, a: usize, b: usize, bStep: i32, bPanel: i32, M: i32, N: i32, K: i32, init: usize, edge: usize): void { pointwiseGemm<f64>(c, ldc, a, b, bStep, bPanel, M, N, K, init, edge); }
