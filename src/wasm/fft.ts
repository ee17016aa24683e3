// The FFT exports of a convgrad binary (assembly/fft.ts) behind a small 2-D plan object.
// Everything works on pointers into the instance's memory: the caller owns the plan, work,
// input and output buffers (e.g. from the arena), so nothing here allocates.
//
// Layouts: real data row-major rows×cols; a spectrum is rows×(cols/2+1) complex values,
// interleaved (re, im), row-major — numpy's rfft2 layout. Forward is unnormalised
// (X[u,v] = Σ x[i,j]·e^{−2πi(ui/rows + vj/cols)}); the inverse includes 1/(rows·cols).
import { ArgumentError, ShapeError } from '../errors.js';
import type { DType } from '../types.js';

type SizeFn = (rows: number, cols: number) => number;
type PlanFn = (plan: number, planBytes: number, rows: number, cols: number) => number;
type ForwardFn = (
  out: number, x: number, xRows: number, xCols: number, rows: number, cols: number,
  plan: number, work: number, workBytes: number,
) => number;
type InverseFn = (
  out: number, x: number, rows: number, cols: number, r0: number, c0: number, outRows: number, outCols: number,
  plan: number, work: number, workBytes: number,
) => number;
type SpectrumFn = (out: number, a: number, b: number, n: number) => void;

/** The FFT exports FftPlan2d uses (see assembly/index.ts). Pointers are byte offsets. */
export interface FftExports {
  memory: WebAssembly.Memory;
  rfft2PlanBytes_f32: SizeFn;
  rfft2PlanBytes_f64: SizeFn;
  rfft2WorkBytes_f32: SizeFn;
  rfft2WorkBytes_f64: SizeFn;
  rfft2Plan_f32: PlanFn;
  rfft2Plan_f64: PlanFn;
  rfft2_f32: ForwardFn;
  rfft2_f64: ForwardFn;
  irfft2_f32: InverseFn;
  irfft2_f64: InverseFn;
  cmul_f32: SpectrumFn;
  cmul_f64: SpectrumFn;
  cmulConj_f32: SpectrumFn;
  cmulConj_f64: SpectrumFn;
  cmulAcc_f32: SpectrumFn;
  cmulAcc_f64: SpectrumFn;
  cmulConjAcc_f32: SpectrumFn;
  cmulConjAcc_f64: SpectrumFn;
}

/** The export names FftPlan2d needs, to check a binary has them. */
export const FFT_EXPORTS: ReadonlyArray<keyof FftExports> = [
  'memory', 'rfft2PlanBytes_f32', 'rfft2PlanBytes_f64', 'rfft2WorkBytes_f32', 'rfft2WorkBytes_f64',
  'rfft2Plan_f32', 'rfft2Plan_f64', 'rfft2_f32', 'rfft2_f64', 'irfft2_f32', 'irfft2_f64',
  'cmul_f32', 'cmul_f64', 'cmulConj_f32', 'cmulConj_f64', 'cmulAcc_f32', 'cmulAcc_f64',
  'cmulConjAcc_f32', 'cmulConjAcc_f64',
];

/** True when n is a positive integer whose only prime factors are 2, 3 and 5. */
export function isFastSize(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 1) return false;
  for (const p of [2, 3, 5]) while (n % p === 0) n /= p;
  return n === 1;
}

/** The smallest n′ ≥ n (and ≥ 1) whose only prime factors are 2, 3 and 5: a size the FFT supports. */
export function nextFastSize(n: number): number {
  let m = Math.max(1, Math.ceil(n));
  while (!isFastSize(m)) m++;
  return m;
}

/**
 * The smallest even n′ ≥ n (and ≥ 2) with prime factors 2, 3, 5 only. Prefer it for the
 * column count of a real 2-D FFT: even widths use the half-length complex FFT (about
 * twice as fast as odd widths).
 */
export function nextFastEvenSize(n: number): number {
  let m = Math.max(2, Math.ceil(n));
  if (m % 2 === 1) m++;
  while (!isFastSize(m)) m += 2;
  return m;
}

/** A rectangle of the inverse transform to write: first row and column, and its size. */
export interface Crop {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** Throws the ArgumentError for a negative code of a WebAssembly FFT call (`owner.what`). */
export function fftFailure(owner: string, what: string, code: number): never {
  const reason = code === -1 ? 'a size or crop is out of range' : code === -2 ? 'the plan does not match' : 'a buffer is too small';
  throw new ArgumentError(`${owner}.${what}: the WebAssembly FFT returned ${code} (${reason})`);
}
const fail = (what: string, code: number): never => fftFailure('FftPlan2d', what, code);

/** Checks one dimension of a plan: a positive integer with no prime factor other than 2, 3, 5 (ShapeError). */
export function checkFftDim(owner: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ShapeError(`${owner}: ${name} must be a positive integer, got ${v}`);
  if (!isFastSize(v)) {
    throw new ShapeError(`${owner}: ${name} = ${v} has a prime factor other than 2, 3, 5; use nextFastSize(${v}) = ${nextFastSize(v)}`);
  }
}
const checkDim = (name: string, v: number): void => checkFftDim('FftPlan2d', name, v);

/**
 * A real 2-D FFT of one size and dtype on one instance's memory.
 *
 *     const plan = new FftPlan2d(exports, rows, cols, 'float64');
 *     const [p, w, x, X] = arena.allocAll([plan.planBytes, plan.workBytes, plan.realBytes, plan.spectrumBytes], …);
 *     plan.prepare(p, w);            // twiddles into p (O(rows + cols)); w is scratch
 *     plan.forward(X, x);            // X = rfft2(x)
 *     plan.multiply(X, X, K);        // X = X·K pointwise
 *     plan.inverse(x, X);            // x = irfft2(X); X is overwritten
 *
 * The plan memory must stay untouched while the plan is used; the work memory is only used
 * during a call, so plans may share it. Results are deterministic and identical between the
 * SIMD and the scalar binary. Accuracy (test/fft.test.ts): a forward transform is within
 * ~1e-15 (f64) / ~2e-7 (f32) of the exact DFT relative to its largest output.
 */
export class FftPlan2d {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: DType;
  /** Complex values per spectrum row: ⌊cols/2⌋ + 1. */
  readonly specCols: number;
  /** Bytes of plan memory `prepare` fills (twiddles and factorisations). */
  readonly planBytes: number;
  /** Bytes of scratch memory forward and inverse use. */
  readonly workBytes: number;
  /** Bytes of a rows×cols real array. */
  readonly realBytes: number;
  /** Bytes of a rows×specCols complex spectrum. */
  readonly spectrumBytes: number;

  private readonly ex: FftExports;
  private readonly f64: boolean;
  private plan = -1;
  private work = -1;

  constructor(exports: FftExports, rows: number, cols: number, dtype: DType) {
    checkDim('rows', rows);
    checkDim('cols', cols);
    if (dtype !== 'float32' && dtype !== 'float64') throw new ArgumentError(`FftPlan2d: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
    this.ex = exports;
    this.rows = rows;
    this.cols = cols;
    this.dtype = dtype;
    this.f64 = dtype === 'float64';
    const size = this.f64 ? 8 : 4;
    this.specCols = Math.floor(cols / 2) + 1;
    this.planBytes = this.f64 ? exports.rfft2PlanBytes_f64(rows, cols) : exports.rfft2PlanBytes_f32(rows, cols);
    this.workBytes = this.f64 ? exports.rfft2WorkBytes_f64(rows, cols) : exports.rfft2WorkBytes_f32(rows, cols);
    this.realBytes = rows * cols * size;
    this.spectrumBytes = rows * this.specCols * 2 * size;
  }

  /** Complex values in a spectrum (rows·specCols), the `n` of the pointwise helpers. */
  get spectrumLength(): number {
    return this.rows * this.specCols;
  }

  /** Writes the plan into `plan` (planBytes) and takes `work` (workBytes) as scratch for later calls. */
  prepare(plan: number, work: number): this {
    const code = this.f64
      ? this.ex.rfft2Plan_f64(plan, this.planBytes, this.rows, this.cols)
      : this.ex.rfft2Plan_f32(plan, this.planBytes, this.rows, this.cols);
    if (code !== 0) fail('prepare', code);
    this.plan = plan;
    this.work = work;
    return this;
  }

  /**
   * spectrum (rows×specCols complex) = 2-D DFT of x (xRows×xCols reals, row-major) zero-padded
   * at the end of each axis to rows×cols. Padding is free: no canvas is built and all-zero rows
   * are not transformed. spectrum must not overlap x.
   */
  forward(spectrum: number, x: number, xRows: number = this.rows, xCols: number = this.cols): void {
    this.ready('forward');
    if (!Number.isInteger(xRows) || !Number.isInteger(xCols) || xRows < 0 || xCols < 0 || xRows > this.rows || xCols > this.cols) {
      throw new ShapeError(`FftPlan2d.forward: input ${xRows}×${xCols} does not fit the ${this.rows}×${this.cols} transform`);
    }
    const code = (this.f64 ? this.ex.rfft2_f64 : this.ex.rfft2_f32)(
      spectrum, x, xRows, xCols, this.rows, this.cols, this.plan, this.work, this.workBytes,
    );
    if (code !== 0) fail('forward', code);
  }

  /**
   * out = inverse 2-D DFT of spectrum (with the 1/(rows·cols)), or only `crop` of it (out is
   * then crop.rows×crop.cols; only those rows are transformed). Overwrites spectrum; out must
   * not overlap it.
   */
  inverse(out: number, spectrum: number, crop?: Crop): void {
    this.ready('inverse');
    const { row, col, rows, cols } = crop ?? { row: 0, col: 0, rows: this.rows, cols: this.cols };
    const ints = [row, col, rows, cols].every(Number.isInteger);
    if (!ints || row < 0 || col < 0 || rows < 0 || cols < 0 || row + rows > this.rows || col + cols > this.cols) {
      throw new ShapeError(
        `FftPlan2d.inverse: crop ${rows}×${cols} at (${row}, ${col}) does not fit the ${this.rows}×${this.cols} transform`,
      );
    }
    const code = (this.f64 ? this.ex.irfft2_f64 : this.ex.irfft2_f32)(
      out, spectrum, this.rows, this.cols, row, col, rows, cols, this.plan, this.work, this.workBytes,
    );
    if (code !== 0) fail('inverse', code);
  }

  /** out = a·b pointwise over the spectrum (out may be a or b). */
  multiply(out: number, a: number, b: number): void {
    (this.f64 ? this.ex.cmul_f64 : this.ex.cmul_f32)(out, a, b, this.spectrumLength);
  }

  /** out = a·conj(b) pointwise: correlation instead of convolution. */
  multiplyConj(out: number, a: number, b: number): void {
    (this.f64 ? this.ex.cmulConj_f64 : this.ex.cmulConj_f32)(out, a, b, this.spectrumLength);
  }

  /** out += a·b pointwise. */
  multiplyAccumulate(out: number, a: number, b: number): void {
    (this.f64 ? this.ex.cmulAcc_f64 : this.ex.cmulAcc_f32)(out, a, b, this.spectrumLength);
  }

  /** out += a·conj(b) pointwise. */
  multiplyConjAccumulate(out: number, a: number, b: number): void {
    (this.f64 ? this.ex.cmulConjAcc_f64 : this.ex.cmulConjAcc_f32)(out, a, b, this.spectrumLength);
  }

  private ready(what: string): void {
    if (this.plan < 0) throw new ArgumentError(`FftPlan2d.${what}: call prepare(plan, work) first`);
  }
}
