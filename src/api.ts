import type { Backend, RejectNonFinite } from './backend.js';
import { ArgumentError, NotInitializedError, WasmUnavailableError } from './errors.js';
import { convCrop, corrCrop, type Crop } from './geometry.js';
import type { BackendName, Convention, Matrix, Method, Mode, Wrt } from './types.js';
import {
  checkConvention,
  checkDisjoint,
  checkMatrix,
  checkMethod,
  checkMode,
  checkOptions,
  checkFiniteOption,
  nonFiniteError,
  checkOut,
  checkSameDType,
  checkShape,
  checkValidFits,
  checkWrt,
  shapeOf,
} from './validate.js';
import { createWasmBackend, type WasmSource } from './wasm/backend.js';
import { deconvolve } from './solvers/deconvolve.js';
import { estimateKernel } from './solvers/kernel.js';
import type { Deconvolution, DeconvolveOptions, EstimateKernelOptions, KernelEstimate } from './solvers/types.js';
import { layerBackward, layerForward } from './layer/api.js';
import type { LayerBackwardOptions, LayerGradients, LayerOptions } from './layer/options.js';
import type { Tensor } from './layer/tensor.js';
import { deconvolveBlind } from './solvers/blind/deconvolve-blind.js';
import type { BlindDeconvolution, DeconvolveBlindOptions } from './solvers/blind/types.js';

/** Options of `init()` and `createContext()`: which backend, which binary, and the fallback. */
export interface InitOptions {
  /** Compute backend: 'wasm' (default; SIMD when the engine validates it, else scalar) or the pure-JS baseline. */
  backend?: 'wasm' | 'js';
  /**
   * A convgrad binary to use instead of the embedded ones: its bytes, its compiled
   * `WebAssembly.Module`, or where to fetch it (a `URL`, a URL string, a `Response` or a promise of
   * one; compiled with `WebAssembly.compileStreaming` when served as `application/wasm`).
   */
  wasm?: WasmSource;
  /**
   * The Conv2D layer's binary to use instead of the embedded one — `convgrad/wasm/convgrad-layer-simd.wasm`
   * (or `-scalar.wasm`, of the same flavour as `wasm`) — in any form `wasm` takes. Loaded, at
   * `init()`, only when the app uses conv2dLayer or conv2dLayerBackward.
   */
  layerWasm?: WasmSource;
  /**
   * The deconvolution (ADMM) binary to use instead of the embedded one —
   * `convgrad/wasm/convgrad-admm-simd.wasm` (or `-scalar.wasm`, of the same flavour as `wasm`) — in
   * any form `wasm` takes. Loaded, at `init()`, only when the app uses a solver.
   */
  admmWasm?: WasmSource;
  /**
   * `'js'`: when this engine refuses to compile WebAssembly (a Content-Security-Policy without
   * `'wasm-unsafe-eval'`, no WebAssembly at all), use the pure-JS backend instead of rejecting
   * with WasmUnavailableError. `backendInfo().backend` then says `'js'`.
   */
  fallback?: 'js';
}

/** Options of `conv2d` and `correlate2d`. */
export interface ConvOptions {
  /** Where 'same' crops when a kernel dimension is even (conv2d only). Default 'matlab'. */
  convention?: Convention;
  /** 'auto' (default) picks direct summation or FFTs by a cost model; force one with 'direct' or 'fft'. */
  method?: Method;
  /** Write the result here instead of allocating (right shape and dtype). */
  out?: Matrix;
  /**
   * Reject NaN and ±Infinity in x and h with an ArgumentError naming the argument and the first
   * bad index (default true). With false they go through unchecked, and how far they spread
   * depends on the method (README, "NaN and Infinity").
   */
  checkFinite?: boolean;
}

/** Options of `gradKernel` and `gradImage`. */
export interface GradOptions {
  convention?: Convention;
  method?: Method;
  /** Write the gradient here instead of allocating (shape of h for gradKernel, of x for gradImage). */
  out?: Matrix;
  /** Reject NaN and ±Infinity in x, h and y (default true; see ConvOptions.checkFinite). */
  checkFinite?: boolean;
}

/** Options of `valueAndGrad`. */
export interface ValueAndGradOptions {
  convention?: Convention;
  method?: Method;
  /** Which gradients to compute. Default 'both'. */
  wrt?: Wrt;
  out?: { gradKernel?: Matrix; gradImage?: Matrix };
  /** Reject NaN and ±Infinity in x, h and y (default true; see ConvOptions.checkFinite). */
  checkFinite?: boolean;
}

/** What `valueAndGrad` returns: the objective and the gradients asked for. */
export interface ValueAndGrad {
  /** ½‖conv2d(x, h, mode) − y‖², accumulated in float64. */
  value: number;
  /** ∇ₕ, shape of h (absent when wrt = 'image'). */
  gradKernel?: Matrix;
  /** ∇ₓ, shape of x (absent when wrt = 'kernel'). */
  gradImage?: Matrix;
}

/** What `init()` and `backendInfo()` report. */
export interface BackendInfo {
  backend: BackendName;
  /** Bytes of WebAssembly memory reserved so far (0 for the JS backend). */
  memoryBytes: number;
}

/** The whole API bound to one backend. Top-level functions use the context made by `init()`. */
export interface Convgrad {
  conv2d(x: Matrix, h: Matrix, mode?: Mode, options?: ConvOptions): Matrix;
  correlate2d(x: Matrix, h: Matrix, mode?: Mode, options?: ConvOptions): Matrix;
  objective(x: Matrix, h: Matrix, y: Matrix, mode?: Mode, options?: { convention?: Convention; method?: Method; checkFinite?: boolean }): number;
  gradKernel(x: Matrix, h: Matrix, y: Matrix, mode?: Mode, options?: GradOptions): Matrix;
  gradImage(x: Matrix, h: Matrix, y: Matrix, mode?: Mode, options?: GradOptions): Matrix;
  valueAndGrad(x: Matrix, h: Matrix, y: Matrix, mode?: Mode, options?: ValueAndGradOptions): ValueAndGrad;
  /** The kernel h (size rows×cols) minimising ½‖conv2d(x, h, mode) − y‖² (+ regularisation, constraints). */
  estimateKernel(x: Matrix, y: Matrix, size: { rows: number; cols: number }, options?: EstimateKernelOptions): KernelEstimate;
  /** The image x minimising ½‖conv2d(x, h, mode) − y‖² (+ regularisation, constraints). */
  deconvolve(h: Matrix, y: Matrix, options?: DeconvolveOptions): Deconvolution;
  /** The blur kernel (of the given odd size) and the sharp image from one blurred image: y ≈ conv2d(image, kernel, 'same'). */
  deconvolveBlind(y: Matrix, size: { rows: number; cols: number }, options?: DeconvolveBlindOptions): BlindDeconvolution;
  backendInfo(): BackendInfo;
  /** A Conv2D layer's forward pass, PyTorch's `F.conv2d` (see the top-level {@link conv2dLayer}). */
  conv2dLayer(input: Tensor, weight: Tensor, bias?: Tensor | null, options?: LayerOptions): Tensor;
  /** A Conv2D layer's gradients, PyTorch's autograd of `F.conv2d` (see the top-level {@link conv2dLayerBackward}). */
  conv2dLayerBackward(input: Tensor, weight: Tensor, gradOutput: Tensor, options?: LayerBackwardOptions): LayerGradients;
}

function alloc(like: Matrix, rows: number, cols: number): Matrix {
  const Ctor = like.data.constructor as Float32ArrayConstructor | Float64ArrayConstructor;
  return { data: new Ctor(rows * cols), rows, cols };
}

/** Option names each function accepts (checkOptions rejects any other). */
const CONV_OPTIONS = ['convention', 'method', 'out', 'checkFinite'] as const;
const OBJECTIVE_OPTIONS = ['convention', 'method', 'checkFinite'] as const;
const GRAD_OPTIONS = ['convention', 'method', 'out', 'checkFinite'] as const;
const VALUE_AND_GRAD_OPTIONS = ['convention', 'method', 'wrt', 'out', 'checkFinite'] as const;
const VALUE_AND_GRAD_OUTS = ['gradKernel', 'gradImage'] as const;
const INIT_OPTIONS = ['backend', 'wasm', 'layerWasm', 'admmWasm', 'fallback'] as const;

function checkImageKernel(x: unknown, h: unknown, mode: unknown): Mode {
  checkMatrix('x', x);
  checkMatrix('h', h);
  checkSameDType([['x', x], ['h', h]]);
  const m = checkMode(mode);
  checkValidFits(m, x, h);
  return m;
}

/** Validates (x, h, y, mode) for the least-squares functions and returns the crop y must match. */
function checkProblem(x: unknown, h: unknown, y: unknown, mode: unknown, convention: unknown): Crop {
  const m = checkImageKernel(x, h, mode);
  checkMatrix('y', y);
  checkSameDType([['x', x as Matrix], ['y', y]]);
  const X = x as Matrix;
  const H = h as Matrix;
  const crop = convCrop(X.rows, X.cols, H.rows, H.cols, m, checkConvention(convention));
  checkShape('y', y, crop.rows, crop.cols, `the shape of conv2d(x ${shapeOf(X)}, h ${shapeOf(H)}, '${m}')`);
  return crop;
}

const OUT = { kernel: 'options.out.gradKernel', image: 'options.out.gradImage' };
const SINGLE_OUT = { kernel: 'options.out', image: 'options.out' };

/**
 * The API without the solvers and the layer (what `init()` binds: those are reached only when
 * used, so bundlers leave them out of apps that never use them).
 */
export type CoreApi = Omit<Convgrad, 'estimateKernel' | 'deconvolve' | 'deconvolveBlind' | 'conv2dLayer' | 'conv2dLayerBackward'>;

export function bindCore(backend: Backend, memoryBytes: () => number = () => 0): CoreApi {
  /**
   * The NaN policy: the first NaN or ±Infinity of any input is an ArgumentError naming it. The
   * backend scans as it stages the inputs (no extra copy) and calls this; undefined skips the scan.
   */
  function nonFiniteRejecter(checkFinite: unknown, inputs: { x: Matrix; h: Matrix; y?: Matrix }): RejectNonFinite | undefined {
    if (!checkFiniteOption(checkFinite)) return undefined;
    return (name, i) => {
      throw nonFiniteError(name, inputs[name]!, i, 'pass options.checkFinite: false to compute with it anyway');
    };
  }

  function forward(kind: 'conv2d' | 'correlate2d', x: Matrix, h: Matrix, mode: Mode, options?: ConvOptions): Matrix {
    const opts = checkOptions('options', options, CONV_OPTIONS, kind);
    const m = checkImageKernel(x, h, mode);
    const crop =
      kind === 'conv2d'
        ? convCrop(x.rows, x.cols, h.rows, h.cols, m, checkConvention(opts.convention))
        : corrCrop(x.rows, x.cols, h.rows, h.cols, (checkConvention(opts.convention), m));
    const method = backend.resolveMethod(
      { kind: 'forward', method: checkMethod(opts.method, backend.name) },
      x.rows, x.cols, h.rows, h.cols, crop.rows, crop.cols, crop.r0, crop.c0, x.data.BYTES_PER_ELEMENT,
    );
    const reject = nonFiniteRejecter(opts.checkFinite, { x, h });
    const why = `the shape of ${kind}(x ${shapeOf(x)}, h ${shapeOf(h)}, '${m}')`;
    const out =
      opts.out === undefined
        ? alloc(x, crop.rows, crop.cols)
        : checkOut('options.out', opts.out, crop.rows, crop.cols, x.data, why, [x, h]);
    if (kind === 'conv2d') backend.convolve(out, x, h, crop.r0, crop.c0, method, reject);
    else backend.correlate(out, x, h, crop.r0, crop.c0, method, reject);
    return out;
  }

  /** The least-squares core; `outNames` say how the caller called the out slots, for errors. */
  function lsq(
    x: Matrix, h: Matrix, y: Matrix, mode: Mode, convention: unknown, method: unknown, wrt: Wrt | 'objective',
    outK: unknown, outI: unknown, outNames: { kernel: string; image: string }, checkFinite: unknown,
  ): ValueAndGrad {
    const crop = checkProblem(x, h, y, mode, convention);
    const op = {
      kind: 'objective',
      method: checkMethod(method, backend.name),
      gradKernel: wrt === 'kernel' || wrt === 'both',
      gradImage: wrt === 'image' || wrt === 'both',
    } as const;
    const resolved = backend.resolveMethod(op, x.rows, x.cols, h.rows, h.cols, crop.rows, crop.cols, crop.r0, crop.c0, x.data.BYTES_PER_ELEMENT);
    const reject = nonFiniteRejecter(checkFinite, { x, h, y });
    const inputs = [x, h, y];
    let gk: Matrix | null = null;
    let gi: Matrix | null = null;
    if (op.gradKernel) {
      gk = outK === undefined
        ? alloc(x, h.rows, h.cols)
        : checkOut(outNames.kernel, outK, h.rows, h.cols, x.data, 'the shape of h', inputs);
    }
    if (op.gradImage) {
      gi = outI === undefined
        ? alloc(x, x.rows, x.cols)
        : checkOut(outNames.image, outI, x.rows, x.cols, x.data, 'the shape of x', inputs);
    }
    if (gk && gi) checkDisjoint(outNames.kernel, gk, outNames.image, gi);
    const value = backend.valueAndGrad(x, h, y, crop.r0, crop.c0, gk, gi, resolved, reject);
    const result: ValueAndGrad = { value };
    if (gk) result.gradKernel = gk;
    if (gi) result.gradImage = gi;
    return result;
  }

  return {
    conv2d: (x, h, mode = 'full', options) => forward('conv2d', x, h, mode, options),
    correlate2d: (x, h, mode = 'full', options) => forward('correlate2d', x, h, mode, options),
    objective(x, h, y, mode = 'valid', options) {
      const opts = checkOptions('options', options, OBJECTIVE_OPTIONS, 'objective');
      return lsq(x, h, y, mode, opts.convention, opts.method, 'objective', undefined, undefined, OUT, opts.checkFinite).value;
    },
    gradKernel(x, h, y, mode = 'valid', options) {
      const opts = checkOptions('options', options, GRAD_OPTIONS, 'gradKernel');
      return lsq(x, h, y, mode, opts.convention, opts.method, 'kernel', opts.out, undefined, SINGLE_OUT, opts.checkFinite).gradKernel!;
    },
    gradImage(x, h, y, mode = 'valid', options) {
      const opts = checkOptions('options', options, GRAD_OPTIONS, 'gradImage');
      return lsq(x, h, y, mode, opts.convention, opts.method, 'image', undefined, opts.out, SINGLE_OUT, opts.checkFinite).gradImage!;
    },
    valueAndGrad(x, h, y, mode = 'valid', options) {
      const opts = checkOptions('options', options, VALUE_AND_GRAD_OPTIONS, 'valueAndGrad');
      const wrt = checkWrt(opts.wrt);
      const outs = checkOptions('options.out', opts.out, VALUE_AND_GRAD_OUTS, 'valueAndGrad');
      return lsq(x, h, y, mode, opts.convention, opts.method, wrt, outs.gradKernel, outs.gradImage, OUT, opts.checkFinite);
    },
    backendInfo: () => ({ backend: backend.name, memoryBytes: memoryBytes() }),
  };
}

/** The whole API, solvers and layer included, bound to one backend. */
export function bindBackend(backend: Backend, memoryBytes: () => number = () => 0): Convgrad {
  return {
    ...bindCore(backend, memoryBytes),
    conv2dLayer: (input, weight, bias, options) => layerForward(backend, input, weight, bias, options),
    conv2dLayerBackward: (input, weight, gradOutput, options) => layerBackward(backend, input, weight, gradOutput, options),
    estimateKernel: (x, y, size, options) => estimateKernel(backend, x, y, size, options),
    deconvolve: (h, y, options) => deconvolve(backend, h, y, options),
    deconvolveBlind: (y, size, options) => deconvolveBlind(backend, y, size, options),
  };
}

interface Loaded {
  backend: Backend;
  memoryBytes: () => number;
}

/** The pure-JS baseline, loaded only when asked for (bundlers leave it out of apps that never do). */
async function loadJsBackend(): Promise<Loaded> {
  const { jsBackend } = await import('./js/backend.js');
  return { backend: jsBackend, memoryBytes: () => 0 };
}

async function loadBackend(options: InitOptions | undefined): Promise<Loaded> {
  const opts = checkOptions('options', options, INIT_OPTIONS, 'init');
  const kind = opts.backend ?? 'wasm';
  if (opts.fallback !== undefined && opts.fallback !== 'js') {
    throw new ArgumentError(`options.fallback must be 'js' (or absent), got ${JSON.stringify(opts.fallback)}`);
  }
  if (kind === 'js') {
    if (opts.wasm !== undefined) throw new ArgumentError("options.wasm cannot be combined with backend: 'js'");
    if (opts.layerWasm !== undefined) throw new ArgumentError("options.layerWasm cannot be combined with backend: 'js'");
    if (opts.admmWasm !== undefined) throw new ArgumentError("options.admmWasm cannot be combined with backend: 'js'");
    return loadJsBackend();
  }
  if (kind !== 'wasm') throw new ArgumentError(`options.backend must be 'wasm' or 'js', got ${JSON.stringify(kind)}`);
  try {
    const wasm = await createWasmBackend(opts.wasm, opts.layerWasm, opts.admmWasm);
    return { backend: wasm, memoryBytes: () => wasm.memoryBytes() };
  } catch (err) {
    if (opts.fallback === 'js' && err instanceof WasmUnavailableError) return loadJsBackend();
    throw err;
  }
}

/**
 * Makes an independent context: its own backend and WebAssembly memory, the whole API bound to
 * it (solvers included).
 */
export async function createContext(options: InitOptions = {}): Promise<Convgrad> {
  const { backend, memoryBytes } = await loadBackend(options);
  return bindBackend(backend, memoryBytes);
}

let current: CoreApi | null = null;
let currentBackend: Backend | null = null;
let pending: Promise<Loaded> | null = null;
let currentKey: unknown = undefined;
/** Loads started so far, and which of them made the active context: the latest started wins. */
let loadsStarted = 0;
let installedLoad = 0;

/**
 * Loads the compute backend and makes it the active context for the top-level functions.
 *
 * Idempotent: calling it again with no options (or the same ones) keeps the active context.
 * Calling it with different options switches: the active context becomes the one the most
 * recently *started* call asked for, whatever order the loads finish in — so
 * `init(); init({ backend: 'js' })`, awaited or not, leaves the JS baseline active. A call that
 * fails leaves the previous context active.
 *
 * Loads the core WebAssembly binary and, when the app uses conv2dLayer/conv2dLayerBackward, the
 * layer's binary too (bundlers leave the layer and its binary out of apps that never call it). If
 * code using the layer is loaded only after init() has finished (a lazy chunk), call init() again.
 *
 * @param options `backend` ('wasm' default, or 'js'), `wasm`, `layerWasm` and `admmWasm` (the
 *   binaries to use instead of the embedded ones: bytes, a compiled module, a URL or a Response),
 *   `fallback`.
 * @returns The active backend's name and memory once this call has settled.
 * @throws ArgumentError for unknown options, a bad backend name, or `wasm`/`layerWasm`/`admmWasm`
 *   that are not a valid convgrad (core/layer/ADMM) binary. WasmUnavailableError where the engine refuses WebAssembly.
 * @example
 * await init();                    // WebAssembly (SIMD when the engine has it)
 * await init({ backend: 'js' });   // switch to the pure-JS baseline
 */
export async function init(options?: InitOptions): Promise<BackendInfo> {
  const key = options === undefined ? undefined : `${options.backend ?? 'wasm'}/${options.fallback ?? ''}`;
  const ownBinary = options !== undefined && (options.wasm !== undefined || options.layerWasm !== undefined || options.admmWasm !== undefined);
  const same = options === undefined || (!ownBinary && key === currentKey);
  if (pending && same) {
    await pending;
    // Code using the layer or a solver may have been loaded since (a lazy chunk): load its binary now.
    await currentBackend!.loadLayer?.();
    await currentBackend!.loadSolvers?.();
    return current!.backendInfo();
  }
  const load = ++loadsStarted;
  const p = loadBackend(options);
  pending = p;
  try {
    const loaded = await p;
    if (load > installedLoad) {
      installedLoad = load;
      currentBackend = loaded.backend;
      current = bindCore(loaded.backend, loaded.memoryBytes);
      currentKey = ownBinary ? {} : (key ?? 'wasm/');
    }
  } catch (err) {
    if (pending === p) pending = null;
    throw err;
  }
  return current!.backendInfo();
}

function ctx(): CoreApi {
  if (current === null) throw new NotInitializedError();
  return current;
}

/**
 * The backend of the context init() made (for the top-level functions outside this file).
 * @returns the active backend.
 * @throws NotInitializedError before `await init()`.
 * @example
 * ```js fragment
 * layerForward(activeBackend(), input, weight, null);
 * ```
 */
export function activeBackend(): Backend {
  if (currentBackend === null) throw new NotInitializedError();
  return currentBackend;
}

/**
 * 2-D convolution, MATLAB `conv2(x, h, mode)` = scipy `convolve2d`.
 *
 * @param x - the image, a Matrix (float32 or float64).
 * @param h - the kernel, same dtype as x.
 * @param mode - `'full'` (default), `'same'` or `'valid'`.
 * @param options - `convention` ('matlab' default, or 'scipy': where 'same' crops for even kernels), `method` ('auto' | 'direct' | 'fft'), `out`.
 * @returns a new Matrix (or `options.out`) of the mode's shape and the inputs' dtype.
 * @throws {ShapeError} bad shapes, or 'valid' with h larger than x. {@link DTypeError} non-float or mixed data. {@link ArgumentError} bad mode or option. {@link NotInitializedError} before `init()`.
 * @example
 * ```js fragment
 * await init();
 * conv2d(matrix([[1, 2], [3, 4]]), matrix([[1, -1]]), 'full'); // [[1, 1, -2], [3, 1, -4]]
 * ```
 */
export const conv2d: Convgrad['conv2d'] = (...a) => ctx().conv2d(...a);
/**
 * 2-D cross-correlation, MATLAB `filter2(h, x, mode)` = scipy `correlate2d`.
 *
 * @param x - the image. @param h - the kernel (same dtype).
 * @param mode - `'full'` (default), `'same'` or `'valid'`.
 * @param options - `method`, `out` (`convention` does not change correlation).
 * @returns a new Matrix (or `options.out`).
 * @throws {ShapeError} / {@link DTypeError} / {@link ArgumentError} as conv2d.
 * @example
 * ```js fragment
 * correlate2d(x, h, 'valid');
 * ```
 */
export const correlate2d: Convgrad['correlate2d'] = (...a) => ctx().correlate2d(...a);
/**
 * The least-squares objective ½‖conv2d(x, h, mode) − y‖², accumulated in float64.
 *
 * @param x - image. @param h - kernel. @param y - target, the shape of conv2d(x, h, mode).
 * @param mode - `'valid'` (default), `'same'` or `'full'`.
 * @param options - `convention`, `method`.
 * @returns the objective value.
 * @throws {ShapeError} y of the wrong shape, and as conv2d.
 * @example
 * ```js fragment
 * const f = objective(x, h, y, 'valid');
 * ```
 */
export const objective: Convgrad['objective'] = (...a) => ctx().objective(...a);
/**
 * ∇ₕ of ½‖conv2d(x, h, mode) − y‖² (the adjoint of h ↦ x ∗ h applied to the residual).
 *
 * @param x - image. @param h - kernel. @param y - target. @param mode - default `'valid'`.
 * @param options - `convention`, `method`, `out` (shape of h).
 * @returns the gradient, shape of h.
 * @throws {ShapeError} / {@link DTypeError} / {@link ArgumentError} as objective.
 * @example
 * ```js fragment
 * const g = gradKernel(x, h, y);
 * ```
 */
export const gradKernel: Convgrad['gradKernel'] = (...a) => ctx().gradKernel(...a);
/**
 * ∇ₓ of ½‖conv2d(x, h, mode) − y‖² (the adjoint of x ↦ x ∗ h applied to the residual).
 *
 * @param x - image. @param h - kernel. @param y - target. @param mode - default `'valid'`.
 * @param options - `convention`, `method`, `out` (shape of x).
 * @returns the gradient, shape of x.
 * @throws {ShapeError} / {@link DTypeError} / {@link ArgumentError} as objective.
 * @example
 * ```js fragment
 * const g = gradImage(x, h, y);
 * ```
 */
export const gradImage: Convgrad['gradImage'] = (...a) => ctx().gradImage(...a);
/**
 * The objective and both gradients with one residual: `{ value, gradKernel?, gradImage? }`.
 *
 * @param x - image. @param h - kernel. @param y - target. @param mode - default `'valid'`.
 * @param options - `convention`, `method`, `wrt` ('kernel' | 'image' | 'both'), `out: { gradKernel?, gradImage? }`.
 * @returns `{ value, gradKernel?, gradImage? }`.
 * @throws {ShapeError} / {@link DTypeError} / {@link ArgumentError} as objective.
 * @example
 * ```js fragment
 * const { value, gradKernel } = valueAndGrad(x, h, y, 'valid', { wrt: 'kernel' });
 * ```
 */
export const valueAndGrad: Convgrad['valueAndGrad'] = (...a) => ctx().valueAndGrad(...a);
/**
 * The kernel h (size rows×cols) minimising ½‖conv2d(x, h, mode) − y‖² (+ Tikhonov), optionally
 * constrained (h ≥ 0, Σh = 1). Synchronous after `init()`.
 *
 * @param x - the sharp image. @param y - the blurred one (the shape of conv2d(x, h, mode)).
 * @param size - `{ rows, cols }` of the kernel.
 * @param options - `mode`, `method` ('exact' | 'fista' | 'gd'), `nonNegative`, `sumToOne`, `tikhonov`, `h0`, `maxIterations`, `tolerance`, `onIteration`, `signal`.
 * @returns `{ kernel, objective, iterations, converged, history, method, elapsed }`.
 * @throws {ShapeError} sizes that do not fit. {@link ArgumentError} bad options; an aborted `signal` throws its reason.
 * @example
 * ```js fragment
 * const { kernel } = estimateKernel(x, y, { rows: 15, cols: 15 }, { nonNegative: true, sumToOne: true });
 * ```
 */
export const estimateKernelFn: Convgrad['estimateKernel'] = (x, y, size, options) => estimateKernel(activeBackend(), x, y, size, options);
/**
 * The image x minimising ½‖conv2d(x, h, mode) − y‖² (+ Tikhonov, TV, box constraints).
 * Synchronous after `init()`.
 *
 * @param h - the kernel. @param y - the blurred image.
 * @param options - `mode`, `method` ('cg' | 'fista' | 'admm' | 'wiener' | 'richardson-lucy'), `tikhonov`, `tv`, `nonNegative`, `box`, `x0`, `maxIterations`, `tolerance`, `onIteration`, `signal`.
 * @returns `{ image, objective, iterations, converged, history, method, elapsed }`.
 * @throws {ShapeError} / {@link ArgumentError} bad shapes or options; an aborted `signal` throws its reason.
 * @example
 * ```js fragment
 * const { image } = deconvolve(h, y, { tikhonov: 1e-2 });
 * ```
 */
export const deconvolveFn: Convgrad['deconvolve'] = (h, y, options) => deconvolve(activeBackend(), h, y, options);
/**
 * Blind deconvolution: estimates the blur kernel and the sharp image from one blurred image,
 * with y ≈ conv2d(image, kernel, 'same'). Coarse to fine over an image pyramid, alternating an
 * L0-gradient image step and a least-squares kernel step on the image's edges, then a non-blind
 * deconvolution with the kernel. Computes in float64 on the WebAssembly FFT; deterministic.
 *
 * @param y the blurred image, one channel, values in [0, 1] (float32 or float64; results keep its dtype)
 * @param size the kernel size { rows, cols }, both odd and no larger than y
 * @param options weights, iterations, final method, progress and abort (see DeconvolveBlindOptions)
 * @returns { kernel (size, ≥ 0, Σ = 1), image (y's size), iterations, converged, history, levels, elapsed }
 * @throws ShapeError for an even or too-large size; ArgumentError for non-finite or constant y, bad
 *   options, or the JS backend (it has no FFT); the signal's reason when aborted
 * @example
 * ```js fragment
 * await init();
 * const { kernel, image } = deconvolveBlind(blurred, { rows: 25, cols: 25 });
 * ```
 */
export const deconvolveBlindFn: Convgrad['deconvolveBlind'] = (y, size, options) => deconvolveBlind(activeBackend(), y, size, options);
/**
 * The active backend and its WebAssembly memory.
 *
 * @returns `{ backend: 'wasm-simd' | 'wasm-scalar' | 'js', memoryBytes }`.
 * @throws {NotInitializedError} before `init()`.
 * @example
 * ```js fragment
 * backendInfo().backend; // 'wasm-simd'
 * ```
 */
export const backendInfo = (): BackendInfo => ctx().backendInfo();
