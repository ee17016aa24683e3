export {
  init,
  createContext,
  conv2d,
  correlate2d,
  objective,
  gradKernel,
  gradImage,
  valueAndGrad,
  backendInfo,
  estimateKernelFn as estimateKernel,
  deconvolveFn as deconvolve,
  deconvolveBlindFn as deconvolveBlind,
} from './api.js';
export { conv2dLayer, conv2dLayerBackward } from './layer/functions.js';
export type {
  InitOptions,
  ConvOptions,
  GradOptions,
  ValueAndGradOptions,
  ValueAndGrad,
  BackendInfo,
  Convgrad,
} from './api.js';
export { zeros, matrix, toArray } from './matrix.js';
export {
  ConvgradError,
  ShapeError,
  DTypeError,
  ArgumentError,
  MemoryLimitError,
  NotInitializedError,
  WasmUnavailableError,
} from './errors.js';
export type {
  EstimateKernelOptions,
  KernelEstimate,
  KernelMethod,
  DeconvolveOptions,
  DeconvolveMethod,
  Deconvolution,
  IterationInfo,
  ProgressInfo,
  SolverOptions,
} from './solvers/types.js';
export type {
  DeconvolveBlindOptions,
  BlindDeconvolution,
  BlindIterationInfo,
  BlindFinalMethod,
} from './solvers/blind/types.js';
export type { Matrix, FloatArray, DType, Mode, Convention, Wrt, BackendName, Method } from './types.js';
export type { Tensor } from './layer/tensor.js';
export type {
  LayerConfig,
  LayerOptions,
  LayerPadding,
  LayerBackwardOptions,
  LayerWrt,
  LayerGradients,
  LayerGradientsOut,
} from './layer/options.js';
export { fromImageData, toImageData, fromCanvas, toCanvas } from './image/index.js';
export type { CanvasLike, Channels, FromImageDataOptions, ImageDataLike, ToImageDataOptions } from './image/index.js';
