/** Element arrays convgrad computes on. The result always has the input's dtype. */
export type FloatArray = Float32Array | Float64Array;

/** A dense row-major matrix: element (i, j) is `data[i * cols + j]`. A 1-D signal is a 1×N matrix. */
export interface Matrix<T extends FloatArray = FloatArray> {
  data: T;
  rows: number;
  cols: number;
}

/** Element type of a Matrix: `'float32'` (Float32Array) or `'float64'` (Float64Array). */
export type DType = 'float32' | 'float64';

/** MATLAB `conv2` / scipy `convolve2d` output modes. */
export type Mode = 'valid' | 'same' | 'full';

/**
 * Where 'same' crops the full convolution when a kernel dimension is even:
 * MATLAB `conv2` starts at floor(k/2), scipy `convolve2d` at floor((k-1)/2).
 * Correlation 'same' starts at floor(k/2) in both.
 */
export type Convention = 'matlab' | 'scipy';

/** Which gradients `valueAndGrad` computes. */
export type Wrt = 'kernel' | 'image' | 'both';

/** The backend in use: WebAssembly with or without SIMD, or the pure-JS baseline. */
export type BackendName = 'wasm-simd' | 'wasm-scalar' | 'js';

/**
 * How a convolution is computed: directly (sums over the kernel taps) or through FFTs, or
 * 'auto', which picks the faster by a cost model (see README). The JS baseline is direct only.
 */
export type Method = 'auto' | 'direct' | 'fft';
