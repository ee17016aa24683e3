// The complex 2-D FFT of a pair of real planes (assembly/fft2c.ts) behind a small plan object,
// beside the real FftPlan2d (./fft.ts). Pointers into the instance's memory; nothing allocates.
//
// Layouts: the planes re and im are rows×cols reals, row-major; the spectrum is rows×cols complex,
// interleaved (re, im), row-major. Forward: S = DFT₂(re + i·im), unnormalised; inverse: (re, im) =
// real and imaginary parts of the inverse DFT with 1/(rows·cols).
import { ArgumentError } from '../errors.js';
import type { DType } from '../types.js';
import { checkFftDim, fftFailure } from './fft.js';

type SizeFn = (rows: number, cols: number) => number;
type PlanFn = (plan: number, planBytes: number, rows: number, cols: number) => number;
type ForwardFn = (S: number, re: number, im: number, rows: number, cols: number, plan: number, work: number, workBytes: number) => number;
type InverseFn = (
  re: number, im: number, S: number, rows: number, cols: number, scale: number, plan: number, work: number, workBytes: number,
) => number;

/** The exports ComplexFftPlan2d uses (see assembly/index.ts). Pointers are byte offsets. */
export interface ComplexFftExports {
  memory: WebAssembly.Memory;
  cfft2PlanBytes_f32: SizeFn;
  cfft2PlanBytes_f64: SizeFn;
  cfft2WorkBytes_f32: SizeFn;
  cfft2WorkBytes_f64: SizeFn;
  cfft2Plan_f32: PlanFn;
  cfft2Plan_f64: PlanFn;
  cfft2_f32: ForwardFn;
  cfft2_f64: ForwardFn;
  icfft2_f32: InverseFn;
  icfft2_f64: InverseFn;
}

/** The export names ComplexFftPlan2d needs, to check a binary has them. */
export const COMPLEX_FFT_EXPORTS: ReadonlyArray<keyof ComplexFftExports> = [
  'memory', 'cfft2PlanBytes_f32', 'cfft2PlanBytes_f64', 'cfft2WorkBytes_f32', 'cfft2WorkBytes_f64',
  'cfft2Plan_f32', 'cfft2Plan_f64', 'cfft2_f32', 'cfft2_f64', 'icfft2_f32', 'icfft2_f64',
];

const fail = (what: string, code: number): never => fftFailure('ComplexFftPlan2d', what, code);

/**
 * A complex 2-D FFT of one size and dtype on one instance's memory, its input and output two
 * real planes: two real transforms for the price of one complex one (the ADMM solver packs its
 * two right-hand sides as re + i·im and separates them in the spectrum).
 *
 *     const plan = new ComplexFftPlan2d(exports, rows, cols, 'float32');
 *     plan.prepare(planPtr, workPtr);   // planBytes, workBytes
 *     plan.forward(S, re, im);          // S (spectrumBytes) = DFT₂(re + i·im)
 *     plan.inverse(re, im, S);          // back, with 1/(rows·cols); S is overwritten
 *
 * Results are deterministic and identical between the SIMD and the scalar binary.
 */
export class ComplexFftPlan2d {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: DType;
  /** Bytes of plan memory `prepare` fills. */
  readonly planBytes: number;
  /** Bytes of scratch memory forward and inverse use. */
  readonly workBytes: number;
  /** Bytes of one rows×cols real plane. */
  readonly realBytes: number;
  /** Bytes of the rows×cols complex spectrum. */
  readonly spectrumBytes: number;

  private readonly ex: ComplexFftExports;
  private readonly f64: boolean;
  private plan = -1;
  private work = -1;

  constructor(exports: ComplexFftExports, rows: number, cols: number, dtype: DType) {
    checkFftDim('ComplexFftPlan2d', 'rows', rows);
    checkFftDim('ComplexFftPlan2d', 'cols', cols);
    if (dtype !== 'float32' && dtype !== 'float64') throw new ArgumentError(`ComplexFftPlan2d: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
    this.ex = exports;
    this.rows = rows;
    this.cols = cols;
    this.dtype = dtype;
    this.f64 = dtype === 'float64';
    const size = this.f64 ? 8 : 4;
    this.planBytes = this.f64 ? exports.cfft2PlanBytes_f64(rows, cols) : exports.cfft2PlanBytes_f32(rows, cols);
    this.workBytes = this.f64 ? exports.cfft2WorkBytes_f64(rows, cols) : exports.cfft2WorkBytes_f32(rows, cols);
    this.realBytes = rows * cols * size;
    this.spectrumBytes = 2 * this.realBytes;
  }

  /** Writes the plan into `plan` (planBytes) and takes `work` (workBytes) as scratch for later calls. */
  prepare(plan: number, work: number): this {
    const code = (this.f64 ? this.ex.cfft2Plan_f64 : this.ex.cfft2Plan_f32)(plan, this.planBytes, this.rows, this.cols);
    if (code !== 0) fail('prepare', code);
    this.plan = plan;
    this.work = work;
    return this;
  }

  /** spectrum (rows×cols complex) = 2-D DFT of re + i·im (two rows×cols real planes). spectrum must not overlap the planes. */
  forward(spectrum: number, re: number, im: number): void {
    this.ready('forward');
    const code = (this.f64 ? this.ex.cfft2_f64 : this.ex.cfft2_f32)(spectrum, re, im, this.rows, this.cols, this.plan, this.work, this.workBytes);
    if (code !== 0) fail('forward', code);
  }

  /**
   * (re, im) = real and imaginary parts of the inverse 2-D DFT of spectrum, times `scale`
   * (default 1/(rows·cols): the exact inverse). Overwrites spectrum, which must not overlap the planes.
   */
  inverse(re: number, im: number, spectrum: number, scale: number = 1 / (this.rows * this.cols)): void {
    this.ready('inverse');
    const code = (this.f64 ? this.ex.icfft2_f64 : this.ex.icfft2_f32)(
      re, im, spectrum, this.rows, this.cols, scale, this.plan, this.work, this.workBytes,
    );
    if (code !== 0) fail('inverse', code);
  }

  private ready(what: string): void {
    if (this.plan < 0) throw new ArgumentError(`ComplexFftPlan2d.${what}: call prepare(plan, work) first`);
  }
}
