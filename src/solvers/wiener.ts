import type { Backend } from '../backend.js';
import { ArgumentError } from '../errors.js';
import type { Matrix, Mode } from '../types.js';
import type { Deconvolution } from './types.js';

export interface WienerProblem {
  m: number;
  n: number;
  r0: number;
  c0: number;
  lambda: number;
  mode: Mode;
}

/** Wiener / Tikhonov deconvolution in the frequency domain (needs the FFT kernels). */
export function wiener(_backend: Backend, _h: Matrix, _y: Matrix, _p: WienerProblem): Deconvolution {
  throw new ArgumentError("method 'wiener' is not available yet in this build");
}
