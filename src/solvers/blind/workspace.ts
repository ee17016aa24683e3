// The memory of one blind deconvolution: every buffer is reserved once, at the finest scale's
// size, from a solver session (WebAssembly memory); coarser scales use prefixes of the same
// buffers and re-plan the FFT. Nothing in the iterations allocates.
import { FftPlan2d } from '../../wasm/fft.js';
import type { SpectralExports } from '../../wasm/spectral.js';
import type { Session } from '../session.js';

/** Canvas-sized real buffers. */
const REAL = ['observed', 'latent', 'gx', 'gy', 'div', 'scratch'] as const;
/** Spectra (interleaved complex). */
const SPECTRA = ['observedF', 'kernelTimesObserved', 'work', 'kernelF', 'blurredGxF', 'blurredGyF', 'latentGxF', 'latentGyF'] as const;
/** Real values per frequency. */
const POWERS = ['kernelPower', 'gradientPower', 'latentPower'] as const;
/** Kernel-sized buffers. */
const SMALL = ['kernelIn', 'kernelOut'] as const;

type Name = (typeof REAL)[number] | (typeof SPECTRA)[number] | (typeof POWERS)[number] | (typeof SMALL)[number];

export interface CanvasSize {
  rows: number;
  cols: number;
}

export class Workspace {
  readonly ptr = {} as Record<Name, number>;
  /** Float64 views of the buffers; re-derived by `refresh()` (memory may grow in a user callback). */
  view = {} as Record<Name, Float64Array>;
  plan!: FftPlan2d;
  rows = 0;
  cols = 0;
  /** ½Σ‖∇observed‖² at the current scale: the constant of the kernel step's objective. */
  observedGradientEnergy = 0;
  /** Complex values per spectrum at the current scale. */
  spectrumLength = 0;
  private readonly planPtr: number;
  private readonly workPtr: number;
  private readonly sizes = new Map<Name, number>();

  /**
   * @param sizes every canvas the solve uses (the finest is the largest)
   * @param kernelMax the most kernel taps at any scale
   */
  constructor(
    private readonly s: Session,
    readonly ex: SpectralExports,
    sizes: readonly CanvasSize[],
    kernelMax: number,
  ) {
    let real = 0;
    let spectrum = 0;
    let planBytes = 0;
    let workBytes = 0;
    for (const { rows, cols } of sizes) {
      const plan = new FftPlan2d(ex, rows, cols, 'float64');
      real = Math.max(real, rows * cols);
      spectrum = Math.max(spectrum, plan.spectrumLength);
      planBytes = Math.max(planBytes, plan.planBytes);
      workBytes = Math.max(workBytes, plan.workBytes);
    }
    for (const name of REAL) this.sizes.set(name, real);
    for (const name of SPECTRA) this.sizes.set(name, 2 * spectrum);
    for (const name of POWERS) this.sizes.set(name, spectrum);
    for (const name of SMALL) this.sizes.set(name, kernelMax);
    this.planPtr = s.vec(Math.ceil(planBytes / 8)) as number;
    this.workPtr = s.vec(Math.ceil(workBytes / 8)) as number;
    for (const [name, n] of this.sizes) this.ptr[name] = s.vec(n) as number;
    this.refresh();
  }

  /** Plans the FFT for a canvas rows×cols (one of the sizes given to the constructor). */
  setCanvas(rows: number, cols: number): void {
    this.plan = new FftPlan2d(this.ex, rows, cols, 'float64').prepare(this.planPtr, this.workPtr);
    this.rows = rows;
    this.cols = cols;
    this.spectrumLength = this.plan.spectrumLength;
  }

  refresh(): void {
    for (const [name, n] of this.sizes) this.view[name] = this.s.view(this.ptr[name], n);
  }

  fill(name: Name, value: number, n: number): void {
    this.s.fill(this.ptr[name], value, n);
  }
}
