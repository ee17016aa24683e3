// The exports solvers use to work in the frequency domain (src/solvers/blind): the FFT plus
// the pointwise half-quadratic-splitting loops of assembly/blind.ts. Pointers are byte offsets.
import { FFT_EXPORTS, type FftExports } from './fft.js';

export interface SpectralExports extends FftExports {
  circularGradients_f64(gx: number, gy: number, x: number, rows: number, cols: number): void;
  shrinkGradients_f64(div: number, gx: number, gy: number, x: number, rows: number, cols: number, threshold: number, soft: number): void;
  splitSolve_f64(out: number, a: number, b: number, p: number, q: number, beta: number, n: number): void;
  powerSpectrum_f64(out: number, a: number, n: number, accumulate: number): void;
  scaleSpectrum_f64(out: number, a: number, p: number, n: number): void;
}

/** The export names SpectralExports needs, to check a binary has them. */
export const SPECTRAL_EXPORTS: ReadonlyArray<keyof SpectralExports> = [
  ...FFT_EXPORTS,
  'circularGradients_f64', 'shrinkGradients_f64', 'splitSolve_f64', 'powerSpectrum_f64', 'scaleSpectrum_f64',
];
