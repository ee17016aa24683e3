import type { Backend, Operation, RejectNonFinite, ResolvedMethod } from '../backend.js';
import { ConvgradError, MemoryLimitError } from '../errors.js';
import type { LayerKernels } from '../layer/kernels.js';
import type { FloatArray, Matrix } from '../types.js';
import { Arena, fmtBytes, MAX_BYTES } from './arena.js';
import { instantiate, usesDotProducts, type ConvgradExports, type WasmSource } from './module.js';
import { prefersFft } from './cost.js';
import { FFT_EXPORTS, type FftExports } from './fft.js';
import { fftForward, fftForwardBytes, fftValueAndGrad, fftValueAndGradBytes } from './fft-conv.js';
import type { WienerExports } from './wiener.js';
import type { AdmmOnlyExports } from './admm-module.js';
import { wasmSolverSupport, wasmSolverSupportIfLoaded } from './solver-slot.js';
import { SPECTRAL_EXPORTS, type SpectralExports } from './spectral.js';
import { warmUp } from './warmup.js';
import type { WasmLayer } from './layer-module.js';
import { layerLoader } from './layer-slot.js';
import { firstNonFiniteJs, scanInputs } from '../validate.js';

export type { WasmSource } from './module.js';

type Kernel7 = ConvgradExports['corrValidRows_f32'];

/** The exports for one dtype. */
interface Ops {
  rows: Kernel7;
  dots: Kernel7;
  embed: ConvgradExports['embed_f32'];
  rot180: ConvgradExports['rot180_f32'];
  residual: ConvgradExports['residual_f32'];
}

export interface WasmBackend extends Backend {
  /** Bytes of WebAssembly memory: the core instance's plus the layer instance's, once loaded. */
  memoryBytes(): number;
}

const LAYER_NOT_LOADED =
  "the Conv2D layer's WebAssembly kernels are not loaded in this context: the code that uses conv2dLayer " +
  'was loaded after init() had finished (a lazily loaded chunk, say). Call `await init()` again once it is ' +
  'loaded (idempotent: it only loads the layer binary), or createContext() anew';

/**
 * The layer passes on the layer binary (layer-module.ts), a separate instance loaded only when the
 * app uses the layer (layer-slot.ts). `load()` is idempotent; a failed load is retried next time.
 */
function lazyLayer(simd: boolean, source: WasmSource | undefined) {
  let loaded: WasmLayer | null = null;
  let loading: Promise<void> | null = null;
  let warm = false;
  const kernels = (): LayerKernels => {
    if (loaded === null) throw new ConvgradError('ERR_LAYER_NOT_LOADED', LAYER_NOT_LOADED);
    return loaded.kernels;
  };
  // Warmed up at the first pass rather than at init(): an app (or a pool worker) that loads the
  // layer but never runs it does not pay for it (~30–100 ms of start-up per worker). Not at
  // checkFits: a refused problem leaves the memory as it was.
  const warmKernels = (): LayerKernels => {
    const k = kernels();
    if (!warm) {
      warm = true;
      loaded!.warmUp();
    }
    return k;
  };
  return {
    load(): Promise<void> {
      const loader = layerLoader();
      if (loaded !== null || loader === null) return Promise.resolve();
      const p = (loading ??= loader(simd, source).then((l) => { loaded = l; }));
      p.catch(() => { if (loading === p) loading = null; });
      return p;
    },
    memoryBytes: () => loaded?.memoryBytes() ?? 0,
    kernels: {
      checkFits: (g, passes, bytes) => kernels().checkFits(g, passes, bytes),
      forward: (y, x, w, bias, g) => warmKernels().forward(y, x, w, bias, g),
      gradInput: (dx, dy, w, g) => warmKernels().gradInput(dx, dy, w, g),
      gradWeight: (dw, x, dy, g) => warmKernels().gradWeight(dw, x, dy, g),
      gradBias: (db, dy, g) => warmKernels().gradBias(db, dy, g),
    } satisfies LayerKernels,
  };
}

/*
 * Every operation is a valid correlation out = X ⋆ K on a zero-padded canvas:
 *   crop (r0, c0) of the full convolution  = corrValid(P, rot180(h)),
 *   crop (r0, c0) of the full correlation  = corrValid(P, h),
 *   ∇ₕ = rot180(corrValid(P, r)),   ∇ₓ = corrValid(E, h),
 * with P = x placed at (k−1−r0, l−1−c0) in a zero canvas of (R+k−1)×(C+l−1) and
 * E = r placed at (r0, c0) in a zero canvas of the full size (m+k−1)×(n+l−1).
 * For 'valid' (r0 = k−1, c0 = l−1) P is x itself and no copy is made.
 */

/** Element counts of every buffer a call places in WASM memory, in allocation order. */
function workspace(op: Operation, m: number, n: number, k: number, l: number, R: number, C: number): number[] {
  const isValid = R + k - 1 === m && C + l - 1 === n;
  const canvas = [m * n, isValid ? 0 : (R + k - 1) * (C + l - 1)];
  if (op.kind === 'forward') return [...canvas, k * l, k * l, R * C];
  return [
    ...canvas,
    k * l, k * l, R * C, R * C, // h, rot180(h), y, residual
    op.gradKernel ? 2 * k * l : 0,
    op.gradImage ? (m + k - 1) * (n + l - 1) + m * n : 0,
  ];
}

/**
 * The WebAssembly backend on the core binary (`source`, else the embedded one for this engine)
 * and, when the app uses the Conv2D layer, the layer binary of the same flavour (`layerSource`,
 * else the embedded one).
 */
export async function createWasmBackend(source?: WasmSource, layerSource?: WasmSource, admmSource?: WasmSource): Promise<WasmBackend> {
  const ex = await instantiate(source);
  const arena = new Arena(ex.memory, ex.heapBase());
  warmUp(ex, arena);
  const layer = lazyLayer(ex.simd() === 1, layerSource);
  await layer.load();
  // The ADMM binary, on this instance's memory, once solvers are in the app (loadSolvers is
  // idempotent; init() calls it again for solvers that arrive in a lazy chunk).
  let admm: AdmmOnlyExports | null = null;
  let admmLoading: Promise<void> | null = null;
  const loadSolvers = (): Promise<void> => {
    const support = wasmSolverSupportIfLoaded();
    if (admm !== null || support === null) return Promise.resolve();
    const p = (admmLoading ??= support.loadAdmm(ex.simd() === 1, ex.memory, admmSource).then((a) => { admm = a; }));
    p.catch(() => { if (admmLoading === p) admmLoading = null; });
    return p;
  };
  await loadSolvers();
  const f32: Ops = {
    rows: ex.corrValidRows_f32, dots: ex.corrValidDots_f32, embed: ex.embed_f32,
    rot180: ex.rot180_f32, residual: ex.residual_f32,
  };
  const f64: Ops = {
    rows: ex.corrValidRows_f64, dots: ex.corrValidDots_f64, embed: ex.embed_f64,
    rot180: ex.rot180_f64, residual: ex.residual_f64,
  };
  const opsFor = (data: FloatArray): Ops => (data instanceof Float32Array ? f32 : f64);

  const fftEx = ex as unknown as FftExports;
  const hasFft = FFT_EXPORTS.every((name) => name in ex);
  const simd = ex.simd() === 1;
  const finite = ex as unknown as Partial<Record<'firstNonFinite_f32' | 'firstNonFinite_f64', (x: number, n: number) => number>>;

  function resolveMethod(
    op: Operation, m: number, n: number, k: number, l: number, R: number, C: number, r0: number, c0: number, bytes: number,
  ): ResolvedMethod {
    const fft = hasFft && (op.method === 'fft' || (op.method === 'auto' && prefersFft(op, simd, bytes === 4, m, n, k, l, R, C, r0, c0)));
    const need = arena.baseBytes + (fft
      ? op.kind === 'forward'
        ? fftForwardBytes(fftEx, m, n, k, l, R, C, r0, c0, bytes)
        : fftValueAndGradBytes(fftEx, m, n, k, l, R, C, bytes)
      : workspace(op, m, n, k, l, R, C).reduce((s, e) => s + Math.ceil((e * bytes) / 16) * 16, 0));
    if (need > MAX_BYTES) {
      throw new MemoryLimitError(
        `image x ${m}×${n} with kernel h ${k}×${l} (output ${R}×${C}) needs ${fmtBytes(need)} of WebAssembly memory ` +
          `(${fft ? 'FFT' : 'direct'} method), past the 4 GiB limit of wasm32`,
      );
    }
    return fft ? 'fft' : 'direct';
  }

  /**
   * Reserves the call's buffers (growing memory once if needed) and copies x into the canvas P
   * (scanning it on the way when `reject` is given).
   */
  function begin(
    op: Operation, ops: Ops, x: Matrix, k: number, l: number, R: number, C: number, r0: number, c0: number, reject: RejectNonFinite | undefined,
  ) {
    const { rows: m, cols: n } = x;
    const bytes = x.data.BYTES_PER_ELEMENT;
    arena.reset();
    const ptrs = arena.allocAll(workspace(op, m, n, k, l, R, C).map((e) => e * bytes), () => `image x ${m}×${n} with kernel h ${k}×${l}`);
    const xPtr = ptrs[0]!;
    stage('x', x.data, xPtr, reject);
    let pPtr = xPtr;
    if (R + k - 1 !== m || C + l - 1 !== n) {
      pPtr = ptrs[1]!;
      ops.embed(pPtr, R + k - 1, C + l - 1, xPtr, m, n, k - 1 - r0, l - 1 - c0);
    }
    return { ptrs: ptrs.slice(2), pPtr, pRows: R + k - 1, pCols: C + l - 1 };
  }

  /**
   * Copies an input into WebAssembly memory at ptr. With `reject` (the NaN policy) it copies in
   * chunks of 256 KiB (within L2) and scans each while it is still in cache, so the scan costs no
   * extra pass over main memory.
   */
  function stage(name: 'x' | 'h' | 'y', data: FloatArray, ptr: number, reject: RejectNonFinite | undefined): void {
    const view = arena.view(data, ptr, data.length);
    if (!reject) {
      view.set(data);
      return;
    }
    const scan = data instanceof Float32Array ? finite.firstNonFinite_f32 : finite.firstNonFinite_f64;
    if (scan === undefined) { // a binary from before the scan existed
      view.set(data);
      const i = firstNonFiniteJs(data);
      if (i >= 0) reject(name, i);
      return;
    }
    const chunk = 262144 / data.BYTES_PER_ELEMENT;
    for (let start = 0; start < data.length; start += chunk) {
      const end = Math.min(data.length, start + chunk);
      view.set(data.subarray(start, end), start);
      const i = scan(ptr + start * data.BYTES_PER_ELEMENT, end - start);
      if (i >= 0) reject(name, start + i);
    }
  }

  /** The NaN policy on the FFT path, whose transforms read the inputs themselves: scan copies first. */
  function scanCopies(reject: RejectNonFinite | undefined, inputs: ReadonlyArray<readonly ['x' | 'h' | 'y', FloatArray]>): void {
    if (reject) scanInputs(reject, firstNonFinite, inputs);
  }

  function firstNonFinite(data: FloatArray): number {
    const scan = data instanceof Float32Array ? finite.firstNonFinite_f32 : finite.firstNonFinite_f64;
    if (scan === undefined) return firstNonFiniteJs(data); // a binary from before the scan existed
    arena.reset();
    const [ptr] = arena.allocAll([data.byteLength], () => `scanning ${data.length} values`);
    arena.view(data, ptr!, data.length).set(data);
    return scan(ptr!, data.length);
  }

  /** out (R×C) = valid correlation of a canvas (xr×xc) with a kernel (kr×kc). */
  function corrValid(ops: Ops, out: number, R: number, C: number, xp: number, xr: number, xc: number, kp: number, kr: number, kc: number): void {
    if (usesDotProducts(R, C, kr, kc)) ops.dots(out, xp, xr, xc, kp, kr, kc);
    else ops.rows(out, xp, xr, xc, kp, kr, kc);
  }

  function forward(flip: boolean, out: Matrix, x: Matrix, h: Matrix, r0: number, c0: number, method: ResolvedMethod, reject?: RejectNonFinite): void {
    const ops = opsFor(x.data);
    const { rows: k, cols: l } = h;
    const { rows: R, cols: C } = out;
    const op: Operation = { kind: 'forward', method };
    if (method === 'fft') {
      scanCopies(reject, [['x', x.data], ['h', h.data]]);
      const kernel = flip ? h : { ...h, data: h.data.slice().reverse() };
      fftForward(fftEx, arena, out, x, kernel, r0, c0, () => `image x ${x.rows}×${x.cols} with kernel h ${k}×${l}`);
      return;
    }
    const { ptrs, pPtr, pRows, pCols } = begin(op, ops, x, k, l, R, C, r0, c0, reject);
    const [hPtr, flipPtr, outPtr] = ptrs as [number, number, number];
    stage('h', h.data, hPtr, reject);
    if (flip) ops.rot180(flipPtr, hPtr, k * l);
    corrValid(ops, outPtr, R, C, pPtr, pRows, pCols, flip ? flipPtr : hPtr, k, l);
    out.data.set(arena.view(out.data, outPtr, R * C));
  }

  return {
    name: ex.simd() ? 'wasm-simd' : 'wasm-scalar',
    memoryBytes: () => arena.bytes + layer.memoryBytes(),
    resolveMethod,
    session: (checkpoint) => wasmSolverSupport().session(ex, arena, checkpoint, admm),
    layer: layer.kernels,
    loadLayer: layer.load,
    loadSolvers,
    spectral: hasFft && SPECTRAL_EXPORTS.every((name) => name in ex) ? (ex as unknown as SpectralExports) : null,
    firstNonFinite,
    wiener: hasFft && 'wienerDivide_f64' in ex
      ? (h, k, l, y, R, C, m, n, r0, c0, lambda) => wasmSolverSupport().wiener(ex as unknown as WienerExports, arena, h, k, l, y, R, C, m, n, r0, c0, lambda)
      : null,

    convolve: (out, x, h, r0, c0, method, reject) => forward(true, out, x, h, r0, c0, method, reject),
    correlate: (out, x, h, r0, c0, method, reject) => forward(false, out, x, h, r0, c0, method, reject),

    valueAndGrad(x, h, y, r0, c0, gradKernel, gradImage, method, reject) {
      const ops = opsFor(x.data);
      const bytes = x.data.BYTES_PER_ELEMENT;
      const { rows: m, cols: n } = x;
      const { rows: k, cols: l } = h;
      const { rows: R, cols: C } = y;
      const op: Operation = { kind: 'objective', method, gradKernel: gradKernel !== null, gradImage: gradImage !== null };
      if (method === 'fft') {
        scanCopies(reject, [['x', x.data], ['h', h.data], ['y', y.data]]);
        return fftValueAndGrad(
          fftEx, arena, ops.residual, ops.embed, x, h, y, r0, c0, gradKernel, gradImage,
          () => `image x ${m}×${n} with kernel h ${k}×${l}`,
        );
      }
      const { ptrs, pPtr, pRows, pCols } = begin(op, ops, x, k, l, R, C, r0, c0, reject);
      const [hPtr, hFlipPtr, yPtr, rPtr, gkPtr, ePtr] = ptrs as [number, number, number, number, number, number];
      stage('h', h.data, hPtr, reject);
      stage('y', y.data, yPtr, reject);

      ops.rot180(hFlipPtr, hPtr, k * l);
      corrValid(ops, rPtr, R, C, pPtr, pRows, pCols, hFlipPtr, k, l);
      const value = ops.residual(rPtr, rPtr, yPtr, R * C);

      if (gradKernel) {
        const unturned = gkPtr + k * l * bytes;
        corrValid(ops, unturned, k, l, pPtr, pRows, pCols, rPtr, R, C);
        ops.rot180(gkPtr, unturned, k * l);
        gradKernel.data.set(arena.view(gradKernel.data, gkPtr, k * l));
      }
      if (gradImage) {
        const giPtr = ePtr + Math.ceil(((m + k - 1) * (n + l - 1) * bytes) / 16) * 16;
        ops.embed(ePtr, m + k - 1, n + l - 1, rPtr, R, C, r0, c0);
        corrValid(ops, giPtr, m, n, ePtr, m + k - 1, n + l - 1, hPtr, k, l);
        gradImage.data.set(arena.view(gradImage.data, giPtr, m * n));
      }
      return value;
    },
  };
}
