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
} from './api.js';
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
} from './errors.js';
export type { Matrix, FloatArray, DType, Mode, Convention, Wrt, BackendName } from './types.js';
