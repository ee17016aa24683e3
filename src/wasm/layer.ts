// The Conv2D layer on the WebAssembly kernels (assembly/layer-*.ts): LayerKernels for the
// wasm backends. Each pass resets the arena, reserves all its buffers at once (memory grows
// only for a larger problem), copies its inputs in, and runs:
//   forward     x → stride-phase planes → implicit GEMM into wide rows → compacted → y
//               (depthwise: one channel's planes at a time → assembly/layer-depthwise.ts → y)
//   gradInput   per band of rows: dy → zero-padded (in L2) → per stride phase of dx: implicit
//               GEMM with that phase's taps (the transposed convolution, no zero-dilated dy)
//               → scattered into dx
//   gradWeight  x → planes, dy → rows of whole vectors → GEMM reducing over N·Ho·Wo → dw
//   gradBias    a fixed-order reduction of dy
// Layout arithmetic lives in layer-plan.ts.
import { MemoryLimitError } from '../errors.js';
import type { LayerGeometry, LayerKernels, LayerPasses } from '../layer/kernels.js';
import type { FloatArray } from '../types.js';
import { Arena, fmtBytes, MAX_BYTES } from './arena.js';
import {
  depthwiseGradInputGeometry, forwardBuffers, gradBiasBuffers, gradInputBuffers, gradInputPhases, gradInputPlan, gradWeightBuffers, gradWeightRows, depthwiseChunk, depthwisePlan, isDepthwise, planePlan, roundUp, tileOf,
  usesWinograd, usesWinogradForward, usesWinogradWeight, winogradBuffers, winogradForwardPlan, winogradPlan, winogradWeightBuffers, winogradWeightPlan,
} from './layer-plan.js';
import { phaseGradInputBuffers, phaseGradWeightBuffers, usesPhaseWinograd, usesPhaseWinogradWeight } from './layer-phase-plan.js';
import { phaseGradInput, phaseGradWeight, type PhaseContext } from './layer-phase-winograd.js';
import { colGradInput, colGradInputBuffers, usesColGradInput } from './layer-col-grad-input.js';
import { pointwiseBuffers, pointwiseForward, pointwiseGradInput, pointwiseGradWeight, usesPointwise } from './layer-pointwise.js';

type PadPhases = (dst: number, src: number, nChan: number, H: number, W: number, pt: number, pl: number, sh: number, sw: number, Hph: number, Wph: number) => void;
type Copy2d = (dst: number, dstChan: number, dstRow: number, dstCol: number, src: number, srcChan: number, srcRow: number, nChan: number, rows: number, cols: number) => void;
type PackWeights = (dst: number, src: number, nGroups: number, groupStride: number, nOut: number, strideOut: number, nRed: number, strideRed: number, tapSrc: number, nTaps: number) => void;
type Igemm = (out: number, outChan: number, x: number, xChan: number, w: number, bias: number, taps: number, nTaps: number, nGroups: number, nOut: number, nRed: number, Q: number) => void;
type GradWeight = (
  dw: number, scratch: number, runs: number, dy: number, dyChan: number, dyBatch: number, dyRow: number, x: number, xChan: number, xBatch: number, xRow: number,
  taps: number, nTaps: number, nGroups: number, nOut: number, nRed: number, N: number, Ho: number, Wo: number,
) => void;
type GradBias = (db: number, dy: number, nOut: number, HW: number, N: number) => void;
type WinogradWeights = (dst: number, w: number, Cout: number, Cin: number, turned: number) => void;
type WinogradInput = (dst: number, chan: number, src: number, chanSrc: number, nChan: number, Th: number, Tw: number, Wp: number) => void;
type AllFinite = (p: number, n: number) => number;
type WinogradGradOutput = (dst: number, chan: number, src: number, chanSrc: number, nChan: number, Th: number, Tw: number, Wq: number, tail: number) => void;
type WinogradWeightGrad = (dw: number, src: number, Cout: number, Cin: number) => void;
type PhaseTiles = (dst: number, chan: number, src: number, chanSrc: number, nChan: number, Th: number, Tw: number, Wsrc: number, twoH: number, twoW: number) => void;
type PhaseGradOutput = (dst: number, chan: number, src: number, chanSrc: number, nChan: number, Th: number, Tw: number, Wsrc: number, twoH: number, twoW: number, tail: number) => void;
type PhaseOutput = (dx: number, dxChan: number, dxRow: number, dxCol: number, src: number, chan: number, nChan: number, Th: number, Tw: number, cH: number, cW: number, twoH: number, twoW: number) => void;
type PhaseTaps = (dst: number, src: number, Cout: number, Cin: number, kk: number, taps: number, twoH: number, twoW: number) => void;
type WinogradOutput = (dx: number, src: number, chan: number, nChan: number, Th: number, Tw: number, H: number, W: number, bias: number, hasBias: number) => void;
type Depthwise = (
  out: number, x: number, w: number, bias: number, taps: number, nTaps: number, scratch: number,
  nImg: number, C: number, mult: number, H: number, W: number, pt: number, pl: number, sh: number, sw: number, Hph: number, Wph: number, Ho: number, Wo: number, clear: number,
) => void;

type Col2im = (
  dx: number, col: number, colChan: number, C: number, H: number, W: number, kH: number, kW: number,
  sh: number, sw: number, dh: number, dw: number, pt: number, pl: number, Ho: number, Wo: number, u0: number, u1: number, rowBuf: number,
) => void;

type DepthwiseGradWeight = (
  dw: number, x: number, dy: number, taps: number, nTaps: number, scratch: number,
  nImg: number, C: number, mult: number, H: number, W: number, pt: number, pl: number, sh: number, sw: number, Hph: number, Wph: number, Ho: number, Wo: number,
) => void;

type PointwisePackA = (dst: number, src: number, M: number, K: number, rowStride: number, kStride: number, seg: number, segStride: number) => void;
type PointwisePackB = (dst: number, src: number, K: number, N: number, colStride: number, seg: number, segStride: number) => void;
type PointwiseGemm = (c: number, ldc: number, a: number, b: number, bStep: number, bPanel: number, M: number, N: number, K: number, init: number, edge: number) => void;

/** The exports of the layer binary (see assembly/layer.ts). Pointers are byte offsets. */
export interface LayerExports {
  memory: WebAssembly.Memory;
  layerPadPhases_f32: PadPhases;
  layerPadPhases_f64: PadPhases;
  layerCopy2d_f32: Copy2d;
  layerCopy2d_f64: Copy2d;
  layerPackWeights_f32: PackWeights;
  layerPackWeights_f64: PackWeights;
  layerIgemm_f32: Igemm;
  layerIgemm_f64: Igemm;
  layerGradWeight_f32: GradWeight;
  layerGradWeight_f64: GradWeight;
  layerGradBias_f32: GradBias;
  layerGradBias_f64: GradBias;
  layerDepthwise_f32: Depthwise;
  layerDepthwise_f64: Depthwise;
  layerDepthwiseGradWeight_f32: DepthwiseGradWeight;
  layerDepthwiseGradWeight_f64: DepthwiseGradWeight;
  layerWinogradWeights_f32: WinogradWeights;
  layerWinogradInput_f32: WinogradInput;
  layerWinogradOutput_f32: WinogradOutput;
  layerAllFinite_f32: AllFinite;
  layerWinogradGradOutput_f32: WinogradGradOutput;
  layerWinogradWeightGrad_f32: WinogradWeightGrad;
  layerPhaseInput_f32: PhaseTiles;
  layerPhaseGradOutput_f32: PhaseGradOutput;
  layerPhaseOutput_f32: PhaseOutput;
  layerPhaseWeights_f32: PhaseTaps;
  layerPhaseWeightGrad_f32: (dw: number, src: number, Cout: number, Cin: number, ld: number, kk: number, taps: number, twoH: number, twoW: number) => void;
  layerCol2im_f32: Col2im;
  layerCol2im_f64: Col2im;
  layerPointwisePackA_f32: PointwisePackA;
  layerPointwisePackA_f64: PointwisePackA;
  layerPointwisePackB_f32: PointwisePackB;
  layerPointwisePackB_f64: PointwisePackB;
  layerPointwiseGemm_f32: PointwiseGemm;
  layerPointwiseGemm_f64: PointwiseGemm;
}

/** The export names createWasmLayerKernels needs, to check a layer binary has them. */
export const LAYER_EXPORTS: ReadonlyArray<keyof LayerExports> = [
  'memory', 'layerPadPhases_f32', 'layerPadPhases_f64', 'layerCopy2d_f32', 'layerCopy2d_f64',
  'layerPackWeights_f32', 'layerPackWeights_f64', 'layerIgemm_f32', 'layerIgemm_f64',
  'layerGradWeight_f32', 'layerGradWeight_f64', 'layerGradBias_f32', 'layerGradBias_f64',
  'layerDepthwise_f32', 'layerDepthwise_f64', 'layerDepthwiseGradWeight_f32', 'layerDepthwiseGradWeight_f64',
  'layerWinogradWeights_f32', 'layerWinogradInput_f32', 'layerWinogradOutput_f32', 'layerAllFinite_f32',
  'layerWinogradGradOutput_f32', 'layerWinogradWeightGrad_f32',
  'layerPhaseInput_f32', 'layerPhaseGradOutput_f32', 'layerPhaseOutput_f32', 'layerPhaseWeights_f32', 'layerPhaseWeightGrad_f32',
  'layerCol2im_f32', 'layerCol2im_f64',
  'layerPointwisePackA_f32', 'layerPointwisePackA_f64', 'layerPointwisePackB_f32', 'layerPointwisePackB_f64', 'layerPointwiseGemm_f32', 'layerPointwiseGemm_f64',
];

interface Ops {
  padPhases: PadPhases;
  copy2d: Copy2d;
  pack: PackWeights;
  igemm: Igemm;
  gradWeight: GradWeight;
  gradBias: GradBias;
  depthwise: Depthwise;
  depthwiseGradWeight: DepthwiseGradWeight;
}

const ALIGN = 16;
const sumBytes = (elements: number[], bytes: number) => elements.reduce((s, e) => s + Math.ceil((e * bytes) / ALIGN) * ALIGN, 0);

/**
 * A pass's result out of WebAssembly memory: into the caller's array, or (null) as a fresh
 * array. The typed-array copy constructor allocates without zero-filling first; `new` + `set`
 * zero-fills fresh pages and then writes them again, measured 3–4× slower for a 1.6 MB result
 * in Node 20 (page faults on this VM), which dominated a small layer's forward pass.
 */
function deliver(into: FloatArray | null, view: FloatArray): FloatArray {
  if (into === null) return view instanceof Float32Array ? new Float32Array(view) : new Float64Array(view);
  into.set(view);
  return into;
}

/** Each kernel of kk taps turned 180° (its taps in reverse order): [C, 1, kH, kW] → the same, rotated. */
function turned(w: FloatArray, kk: number): FloatArray {
  const r = w.slice();
  for (let c = 0; c < w.length; c += kk) for (let t = 0; t < kk; t++) r[c + t] = w[c + kk - 1 - t]!;
  return r;
}

function describe(g: LayerGeometry): string {
  return `conv2d layer, input [${g.N}, ${g.Cin}, ${g.H}, ${g.W}] with weight [${g.Cout}, ${g.Cin / g.groups}, ${g.kH}, ${g.kW}]` +
    ` (output [${g.N}, ${g.Cout}, ${g.Ho}, ${g.Wo}])`;
}

/**
 * LayerKernels on a layer binary's instance and its arena.
 * @param ex the instance's exports (must include LAYER_EXPORTS).
 * @param arena the instance's arena; every pass resets it.
 * @returns the four passes and checkFits.
 */
export function createWasmLayerKernels(ex: LayerExports, arena: Arena): LayerKernels {
  const f32: Ops = {
    padPhases: ex.layerPadPhases_f32, copy2d: ex.layerCopy2d_f32, pack: ex.layerPackWeights_f32,
    igemm: ex.layerIgemm_f32, gradWeight: ex.layerGradWeight_f32, gradBias: ex.layerGradBias_f32, depthwise: ex.layerDepthwise_f32,
    depthwiseGradWeight: ex.layerDepthwiseGradWeight_f32,
  };
  const f64: Ops = {
    padPhases: ex.layerPadPhases_f64, copy2d: ex.layerCopy2d_f64, pack: ex.layerPackWeights_f64,
    igemm: ex.layerIgemm_f64, gradWeight: ex.layerGradWeight_f64, gradBias: ex.layerGradBias_f64, depthwise: ex.layerDepthwise_f64,
    depthwiseGradWeight: ex.layerDepthwiseGradWeight_f64,
  };
  const opsFor = (a: FloatArray): Ops => (a instanceof Float32Array ? f32 : f64);
  const i32 = (ptr: number, n: number) => new Int32Array(ex.memory.buffer, ptr, n);

  /** Resets the arena and reserves a pass's buffers (element counts → bytes). */
  function reserve(elements: number[], bytes: number, g: LayerGeometry): number[] {
    arena.reset();
    return arena.allocAll(elements.map((e) => e * bytes), () => describe(g));
  }

  /** Copies x in and builds its stride-phase planes; returns the planes' pointer. */
  function planesOf(ops: Ops, x: FloatArray, xPtr: number, planesPtr: number, g: LayerGeometry, direct: boolean, Hph: number, Wph: number): number {
    arena.view(x, xPtr, x.length).set(x);
    if (direct) return xPtr;
    ops.padPhases(planesPtr, xPtr, g.N * g.Cin, g.H, g.W, g.pt, g.pl, g.sh, g.sw, Hph, Wph);
    return planesPtr;
  }

  const phaseContext: PhaseContext = { ex, arena, reserve, deliver };

  function writeTaps(tapPtr: number, offsets: ArrayLike<number>, bytes: number): void {
    const t = i32(tapPtr, offsets.length);
    for (let i = 0; i < offsets.length; i++) t[i] = offsets[i]! * bytes;
  }

  /**
   * Depthwise forward: chunks of channels (images × channels in NCHW order) copied in and run
   * while they are in cache (one channel's planes at a time in a scratch); the output is
   * delivered in one copy at the end.
   */
  function depthwiseForward(y: FloatArray | null, x: FloatArray, w: FloatArray, bias: FloatArray | null, g: LayerGeometry): FloatArray {
    const ops = opsFor(x);
    const bytes = x.BYTES_PER_ELEMENT;
    const p = depthwisePlan(g, bytes);
    const chunk = depthwiseChunk(g, bytes);
    const [xPtr, wPtr, biasPtr, tapPtr, scratchPtr, outPtr] =
      reserve(forwardBuffers(g, bytes), bytes, g) as [number, number, number, number, number, number];
    arena.view(w, wPtr, w.length).set(w);
    const b = arena.view(x, biasPtr, g.Cout);
    if (bias) b.set(bias); else b.fill(0);
    writeTaps(tapPtr, p.tapOffsets, bytes);
    const mult = g.Cout / g.Cin;
    const kk = g.kH * g.kW;
    const inChan = g.H * g.W;
    const outChan = mult * g.Ho * g.Wo;
    // A step is nImg whole images, or (when an image is more than a chunk) part of one image.
    const nImg = chunk >= g.Cin ? Math.floor(chunk / g.Cin) : 1;
    const nChan = Math.min(chunk, g.Cin);
    for (let img = 0; img < g.N; img += nImg) {
      const imgs = Math.min(nImg, g.N - img);
      for (let c = 0; c < g.Cin; c += nChan) {
        const chans = Math.min(nChan, g.Cin - c);
        const first = img * g.Cin + c;
        const n = imgs * chans; // channels in this step (imgs > 1 only with chans = Cin)
        arena.view(x, xPtr, n * inChan).set(x.subarray(first * inChan, (first + n) * inChan));
        ops.depthwise(
          outPtr + first * outChan * bytes, xPtr, wPtr + c * mult * kk * bytes, biasPtr + c * mult * bytes, tapPtr, kk, scratchPtr,
          imgs, chans, mult, g.H, g.W, g.pt, g.pl, g.sh, g.sw, p.Hph, p.Wph, g.Ho, g.Wo, first === 0 ? 1 : 0,
        );
      }
    }
    return deliver(y, arena.view(x, outPtr, g.N * g.Cin * outChan));
  }

  /**
   * The forward pass (`forward`) or gradInput by Winograd F(2×2, 3×3), float32
   * (assembly/layer-winograd.ts): W → U once; per image the input (x, or dy) → padded → V, 16
   * GEMMs (one 1×1 implicit GEMM of 16 groups) → M → the output (y with its bias, or dx). Null
   * (nothing written) when the input or W holds a NaN or ±Inf: the transforms would spread it
   * over whole tiles, so those go the direct way, which propagates them as PyTorch does.
   */
  function winogradPass(out: FloatArray | null, inp: FloatArray, w: FloatArray, bias: FloatArray | null, g: LayerGeometry, forward: boolean): FloatArray | null {
    const bytes = inp.BYTES_PER_ELEMENT;
    const { N, Cin, H, W, Cout, Ho, Wo } = g;
    const p = forward ? winogradForwardPlan(g, bytes) : winogradPlan(g, bytes);
    // Input and output channels and image sizes of this pass.
    const [inC, inH, inW, outC, outH, outW] = forward ? [Cin, H, W, Cout, Ho, Wo] : [Cout, Ho, Wo, Cin, H, W];
    const [inPtr, padPtr, wPtr, uPtr, packPtr, zeroPtr, biasPtr, tapPtr, tapSrcPtr, vPtr, mPtr, outPtr] =
      reserve(winogradBuffers(g, bytes, forward), bytes, g) as [number, number, number, number, number, number, number, number, number, number, number, number];
    arena.view(inp, inPtr, inp.length).set(inp);
    arena.view(w, wPtr, w.length).set(w);
    if (!ex.layerAllFinite_f32(inPtr, inp.length) || !ex.layerAllFinite_f32(wPtr, w.length)) return null;
    arena.view(inp, zeroPtr, 16 * outC).fill(0);
    if (bias) arena.view(inp, biasPtr, outC).set(bias);
    i32(tapPtr, 1)[0] = 0;
    i32(tapSrcPtr, 1)[0] = 0;
    ex.layerWinogradWeights_f32(uPtr, wPtr, Cout, Cin, forward ? 0 : 1);
    ex.layerPackWeights_f32(packPtr, uPtr, 16, Cin * Cout, outC, inC, inC, 1, tapSrcPtr, 1);
    for (let n = 0; n < N; n++) {
      ex.layerPadPhases_f32(padPtr, inPtr + n * inC * inH * inW * bytes, inC, inH, inW, p.top, p.left, 1, 1, p.Hp, p.Wp);
      ex.layerWinogradInput_f32(vPtr, p.Pr, padPtr, p.Hp * p.Wp, inC, p.Th, p.Tw, p.Wp);
      ex.layerIgemm_f32(mPtr, p.Pr, vPtr, p.Pr, packPtr, zeroPtr, tapPtr, 1, 16, outC, inC, p.P);
      ex.layerWinogradOutput_f32(outPtr + n * outC * outH * outW * bytes, mPtr, p.Pr, outC, p.Th, p.Tw, outH, outW, biasPtr, bias ? 1 : 0);
    }
    return deliver(out, arena.view(inp, outPtr, N * outC * outH * outW));
  }

  /**
   * gradWeight by Winograd F(2×2, 3×3), float32 (assembly/layer-winograd.ts): per image, x → padded
   * → V and dy → padded → A·Aᵀ tiles, every image's tiles side by side; one 1×1 gradWeight GEMM
   * of 16 groups reduces over them; Gᵀ·G gives dw. Null (nothing written) when x or dy holds a
   * NaN or ±Inf: the direct path propagates those as PyTorch does.
   */
  function winogradGradWeight(dw: FloatArray | null, x: FloatArray, dy: FloatArray, g: LayerGeometry): FloatArray | null {
    const bytes = x.BYTES_PER_ELEMENT;
    const { N, Cin, H, W, Cout, Ho, Wo } = g;
    const p = winogradWeightPlan(g, bytes);
    const P = p.Th * p.Tw;
    const [xPtr, dyPtr, xpPtr, dypPtr, vPtr, tPtr, tapPtr, scratchPtr, runsPtr, sumPtr, dwPtr] =
      reserve(winogradWeightBuffers(g, bytes), bytes, g) as [number, number, number, number, number, number, number, number, number, number, number];
    arena.view(x, xPtr, x.length).set(x);
    arena.view(dy, dyPtr, dy.length).set(dy);
    if (!ex.layerAllFinite_f32(xPtr, x.length) || !ex.layerAllFinite_f32(dyPtr, dy.length)) return null;
    i32(tapPtr, 1)[0] = 0;
    for (let n = 0; n < N; n++) {
      ex.layerPadPhases_f32(xpPtr, xPtr + n * Cin * H * W * bytes, Cin, H, W, g.pt, g.pl, 1, 1, p.Hp, p.Wp);
      ex.layerWinogradInput_f32(vPtr + n * P * bytes, p.NPr, xpPtr, p.Hp * p.Wp, Cin, p.Th, p.Tw, p.Wp);
      ex.layerPadPhases_f32(dypPtr, dyPtr + n * Cout * Ho * Wo * bytes, Cout, Ho, Wo, 0, 0, 1, 1, p.Hq, p.Wq);
      ex.layerWinogradGradOutput_f32(tPtr + n * P * bytes, p.dyRow, dypPtr, p.Hq * p.Wq, Cout, p.Th, p.Tw, p.Wq, n === N - 1 ? p.dyRow - p.NP : 0);
    }
    ex.layerGradWeight_f32(
      sumPtr, scratchPtr, runsPtr, tPtr, p.dyRow, 16 * Cout * p.dyRow, p.dyRow, vPtr, p.NPr, 16 * Cin * p.NPr, p.NP,
      tapPtr, 1, 16, Cout, Cin, 1, 1, p.NP,
    );
    ex.layerWinogradWeightGrad_f32(dwPtr, sumPtr, Cout, Cin);
    return deliver(dw, arena.view(x, dwPtr, Cout * Cin * 9));
  }

  /** Depthwise gradWeight (assembly/layer-dwgrad.ts): one channel's planes at a time, as the forward. */
  function depthwiseGradWeight(dw: FloatArray | null, x: FloatArray, dy: FloatArray, g: LayerGeometry): FloatArray {
    const ops = opsFor(x);
    const bytes = x.BYTES_PER_ELEMENT;
    const p = depthwisePlan(g, bytes);
    const [xPtr, dyPtr, tapPtr, scratchPtr, dwPtr] = reserve(gradWeightBuffers(g, bytes), bytes, g) as [number, number, number, number, number];
    arena.view(x, xPtr, x.length).set(x);
    arena.view(dy, dyPtr, dy.length).set(dy);
    writeTaps(tapPtr, p.tapOffsets, bytes);
    ops.depthwiseGradWeight(
      dwPtr, xPtr, dyPtr, tapPtr, g.kH * g.kW, scratchPtr,
      g.N, g.Cin, g.Cout / g.Cin, g.H, g.W, g.pt, g.pl, g.sh, g.sw, p.Hph, p.Wph, g.Ho, g.Wo,
    );
    return deliver(dw, arena.view(x, dwPtr, g.Cout * g.kH * g.kW));
  }

  return {
    checkFits(g, passes: LayerPasses, bytes) {
      const need = Math.max(
        0,
        passes.forward ? sumBytes(forwardBuffers(g, bytes), bytes) : 0,
        passes.forward && usesWinogradForward(g, bytes) ? sumBytes(winogradBuffers(g, bytes, true), bytes) : 0,
        passes.gradInput ? sumBytes(gradInputBuffers(g, bytes), bytes) : 0,
        passes.gradInput && usesWinograd(g, bytes) ? sumBytes(winogradBuffers(g, bytes), bytes) : 0,
        passes.gradWeight ? sumBytes(gradWeightBuffers(g, bytes), bytes) : 0,
        passes.gradWeight && usesWinogradWeight(g, bytes) ? sumBytes(winogradWeightBuffers(g, bytes), bytes) : 0,
        passes.gradInput && usesPhaseWinograd(g, bytes) ? sumBytes(phaseGradInputBuffers(g, bytes), bytes) : 0,
        passes.gradInput && usesColGradInput(g, bytes) ? sumBytes(colGradInputBuffers(g, bytes), bytes) : 0,
        passes.gradWeight && usesPhaseWinogradWeight(g, bytes) ? sumBytes(phaseGradWeightBuffers(g, bytes), bytes) : 0,
        passes.gradBias ? sumBytes(gradBiasBuffers(g), bytes) : 0,
        passes.forward && usesPointwise(g, 'forward') ? sumBytes(pointwiseBuffers(g, bytes, 'forward'), bytes) : 0,
        passes.gradInput && usesPointwise(g, 'gradInput') ? sumBytes(pointwiseBuffers(g, bytes, 'gradInput'), bytes) : 0,
        passes.gradWeight && usesPointwise(g, 'gradWeight') ? sumBytes(pointwiseBuffers(g, bytes, 'gradWeight'), bytes) : 0,
      ) + arena.baseBytes;
      if (need > MAX_BYTES) {
        throw new MemoryLimitError(`${describe(g)} needs ${fmtBytes(need)} of WebAssembly memory, past the 4 GiB limit of wasm32`);
      }
      // Grow now, so no pass fails half-way through a call for want of memory.
      arena.reset();
      arena.allocAll([need - arena.baseBytes], () => describe(g));
      arena.reset();
    },

    forward(y, x, w, bias, g) {
      if (isDepthwise(g)) return depthwiseForward(y, x, w, bias, g);
      if (usesWinogradForward(g, x.BYTES_PER_ELEMENT)) {
        const fast = winogradPass(y, x, w, bias, g, true);
        if (fast) return fast;
      }
      if (usesPointwise(g, 'forward')) return pointwiseForward(phaseContext, y, x, w, bias, g);
      const ops = opsFor(x);
      const bytes = x.BYTES_PER_ELEMENT;
      const { N, Cin, Cout, kH, kW, groups, Ho, Wo } = g;
      const kk = kH * kW;
      const CinG = Cin / groups;
      const CoutG = Cout / groups;
      const p = planePlan(g, bytes);
      const [xPtr, planesPtr, wPtr, packPtr, biasPtr, tapPtr, tapSrcPtr, outPtr] =
        reserve(forwardBuffers(g, bytes), bytes, g) as [number, number, number, number, number, number, number, number];
      const planes = planesOf(ops, x, xPtr!, planesPtr, g, p.direct, p.Hph, p.Wph);
      arena.view(w, wPtr, w.length).set(w);
      const b = arena.view(x, biasPtr, Cout);
      if (bias) b.set(bias); else b.fill(0);
      writeTaps(tapPtr, p.tapOffsets, bytes);
      const src = i32(tapSrcPtr, kk);
      for (let t = 0; t < kk; t++) src[t] = t;
      ops.pack(packPtr, wPtr, groups, CoutG * CinG * kk, CoutG, CinG * kk, CinG, kk, tapSrcPtr, kk);
      for (let n = 0; n < N; n++) {
        ops.igemm(
          outPtr + n * Cout * p.Qr * bytes, p.Qr, planes + n * Cin * p.chanElems * bytes, p.chanElems,
          packPtr, biasPtr, tapPtr, kk, groups, CoutG, CinG, p.Q,
        );
      }
      // Rows without garbage columns (1×1 kernels at stride 1) are one run per channel.
      if (p.Wph === Wo) ops.copy2d(outPtr, Ho * Wo, 0, 1, outPtr, p.Qr, 0, N * Cout, 1, Ho * Wo);
      else ops.copy2d(outPtr, Ho * Wo, Wo, 1, outPtr, p.Qr, p.Wph, N * Cout, Ho, Wo);
      return deliver(y, arena.view(x, outPtr, N * Cout * Ho * Wo));
    },

    gradInput(dx, dy, w, g) {
      const transposed = depthwiseGradInputGeometry(g);
      if (transposed) return depthwiseForward(dx, dy, turned(w, g.kH * g.kW), null, transposed);
      if (usesWinograd(g, dy.BYTES_PER_ELEMENT)) {
        const fast = winogradPass(dx, dy, w, null, g, false);
        if (fast) return fast;
      }
      if (usesPhaseWinograd(g, dy.BYTES_PER_ELEMENT)) {
        const fast = phaseGradInput(phaseContext, dx, dy, w, g);
        if (fast) return fast;
      }
      if (usesColGradInput(g, dy.BYTES_PER_ELEMENT)) return colGradInput(phaseContext, dx, dy, w, g);
      if (usesPointwise(g, 'gradInput')) return pointwiseGradInput(phaseContext, dx, dy, w, g);
      const ops = opsFor(dy);
      const bytes = dy.BYTES_PER_ELEMENT;
      const { N, Cin, H, W, Cout, kH, kW, groups, Ho, Wo } = g;
      const kk = kH * kW;
      const CinG = Cin / groups;
      const CoutG = Cout / groups;
      const p = gradInputPlan(g, bytes);
      const { rows, cols, bandRows } = p;
      const Wd = cols.length;
      const tile = tileOf(bytes);
      const [dyPtr, bandPtr, wPtr, packPtr, zeroPtr, tapPtr, tapSrcPtr, widePtr, dxPtr] =
        reserve(gradInputBuffers(g, bytes), bytes, g) as [number, number, number, number, number, number, number, number, number];
      arena.view(dy, dyPtr, dy.length).set(dy);
      arena.view(w, wPtr, w.length).set(w);
      arena.view(dy, zeroPtr, Cin).fill(0);
      const { phases, taps, src } = gradInputPhases(p, g);
      writeTaps(tapPtr, taps, bytes);
      i32(tapSrcPtr, src.length).set(src);
      // Transposed: a phase's outputs are input channels c′, reducing over output channels o.
      const perTap = Cout * CinG;
      for (const f of phases) {
        ops.pack(packPtr + f.first * perTap * bytes, wPtr, groups, CoutG * CinG * kk, CinG, kk, CoutG, CinG * kk, tapSrcPtr + 4 * f.first, f.nTaps);
      }
      for (let n = 0; n < N; n++) {
        const dyn = dyPtr + n * Cout * Ho * Wo * bytes;
        // Bands of phase rows U0 … U1 − 1: padded rows U0 … U1 + rows.before − 1 (direct: dy itself, from row 0).
        for (let U0 = p.Ulo; U0 < p.Uhi; U0 += bandRows) {
          const U1 = Math.min(p.Uhi, U0 + bandRows);
          let band = dyn;
          let R0 = 0;
          if (!p.direct) {
            ops.padPhases(bandPtr, dyn, Cout, Ho, Wo, rows.before - U0, cols.before, 1, 1, bandRows + rows.before, Wd);
            band = bandPtr;
            R0 = U0;
          }
          for (const { rh, rw, ph, pw, first, nTaps } of phases) {
            const Ua = Math.max(U0, ph.Umin);
            const Ub = Math.min(U1, ph.Umin + ph.count);
            if (Ua >= Ub) continue;
            const Q = (Ub - Ua) * Wd;
            const Qr = roundUp(Q, tile);
            ops.igemm(
              widePtr, Qr, band + (Ua - R0) * Wd * bytes, p.bandChan, packPtr + first * perTap * bytes, zeroPtr,
              tapPtr + 4 * first, nTaps, groups, CinG, CoutG, Q,
            );
            const row0 = Ua * g.sh + rh - g.pt;
            const col0 = pw.Umin * g.sw + rw - g.pl;
            const dst = dxPtr + (n * Cin * H * W + row0 * W + col0) * bytes;
            // Whole rows at stride 1 (1×1 kernels, no padding) are one run per channel.
            if (g.sh === 1 && g.sw === 1 && Wd === W && pw.count === W) ops.copy2d(dst, H * W, 0, 1, widePtr, Qr, 0, Cin, 1, (Ub - Ua) * W);
            else ops.copy2d(dst, H * W, g.sh * W, g.sw, widePtr, Qr, Wd, Cin, Ub - Ua, pw.count);
          }
        }
      }
      return deliver(dx, arena.view(dy, dxPtr, N * Cin * H * W));
    },

    gradWeight(dw, x, dy, g) {
      if (isDepthwise(g)) return depthwiseGradWeight(dw, x, dy, g);
      if (usesWinogradWeight(g, x.BYTES_PER_ELEMENT)) {
        const fast = winogradGradWeight(dw, x, dy, g);
        if (fast) return fast;
      }
      if (usesPhaseWinogradWeight(g, x.BYTES_PER_ELEMENT)) {
        const fast = phaseGradWeight(phaseContext, dw, x, dy, g);
        if (fast) return fast;
      }
      if (usesPointwise(g, 'gradWeight')) return pointwiseGradWeight(phaseContext, dw, x, dy, g);
      const ops = opsFor(x);
      const bytes = x.BYTES_PER_ELEMENT;
      const { N, Cin, Cout, kH, kW, groups, Ho, Wo } = g;
      const kk = kH * kW;
      const p = planePlan(g, bytes);
      const { rows, cols, dyRow, direct } = gradWeightRows(g, bytes);
      const [xPtr, planesPtr, dyPtr, rowsPtr, tapPtr, dwPtr, scratchPtr, runsPtr] =
        reserve(gradWeightBuffers(g, bytes), bytes, g) as [number, number, number, number, number, number, number, number];
      const planes = planesOf(ops, x, xPtr, planesPtr, g, p.direct, p.Hph, p.Wph);
      arena.view(dy, dyPtr, dy.length).set(dy);
      let dyr = dyPtr;
      if (!direct) {
        arena.view(dy, rowsPtr, N * Cout * rows * dyRow).fill(0);
        ops.copy2d(rowsPtr, dyRow, dyRow, 1, dyPtr, cols, cols, N * Cout * rows, 1, cols);
        dyr = rowsPtr;
      }
      writeTaps(tapPtr, p.tapOffsets, bytes);
      ops.gradWeight(
        dwPtr, scratchPtr, runsPtr, dyr, rows * dyRow, Cout * rows * dyRow, dyRow, planes, p.chanElems, Cin * p.chanElems, p.Wph,
        tapPtr, kk, groups, Cout / groups, Cin / groups, N, rows, cols,
      );
      return deliver(dw, arena.view(x, dwPtr, Cout * (Cin / groups) * kk));
    },

    gradBias(db, dy, g) {
      const ops = opsFor(dy);
      const bytes = dy.BYTES_PER_ELEMENT;
      const [dyPtr, dbPtr] = reserve(gradBiasBuffers(g), bytes, g) as [number, number];
      arena.view(dy, dyPtr, dy.length).set(dy);
      ops.gradBias(dbPtr, dyPtr, g.Cout, g.Ho * g.Wo, g.N);
      return deliver(db, arena.view(dy, dbPtr, g.Cout));
    },
  };
}

/**
 * Runs every layer pass on small problems, both dtypes, stride 1 and 2, dense and depthwise, so
 * the engine promotes the layer exports to its optimising tier before real work arrives (see
 * warmup.ts).
 * @param k the kernels to warm up.
 */
export function warmUpLayer(k: LayerKernels): void {
  for (const groups of [1, 8]) {
    for (const s of [1, 2]) {
      const Cout = groups === 1 ? 9 : 8;
      const g: LayerGeometry = {
        N: 1, Cin: 8, H: 16, W: 16, Cout, kH: 3, kW: 3, groups, sh: s, sw: s, dh: 1, dw: 1,
        pt: 1, pb: 1, pl: 1, pr: 1, Ho: Math.floor(15 / s) + 1, Wo: Math.floor(15 / s) + 1,
      };
      for (const Arr of [Float32Array, Float64Array]) {
        const x = new Arr(8 * 16 * 16).fill(0.5);
        const w = new Arr(Cout * (8 / groups) * 9).fill(0.25);
        const dy = new Arr(Cout * g.Ho * g.Wo).fill(1);
        k.checkFits(g, { forward: true, gradInput: true, gradWeight: true, gradBias: true }, Arr.BYTES_PER_ELEMENT);
        for (let rep = 0; rep < 3; rep++) {
          k.forward(null, x, w, null, g);
          k.gradInput(null, dy, w, g);
          k.gradWeight(null, x, dy, g);
          k.gradBias(null, dy, g);
        }
      }
    }
  }
}
