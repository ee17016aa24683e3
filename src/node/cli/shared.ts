import { ArgumentError } from '../../errors.js';
import type { Matrix } from '../../types.js';
import { basename } from 'node:path';
import { availableParallelism } from 'node:os';
import { formatOfPath, type ColorMode, type Image } from '../image-io.js';
import { createPool, type Pool } from '../pool/index.js';
import { expandImages, planOutputs, type Inputs } from './inputs.js';
import { loadKernel } from '../kernel-file.js';
import { choice, jobsFlag, maxPixelsFlag } from './args.js';
import { DataError, UsageError } from './errors.js';

export const KERNEL_HELP = `--kernel K        gaussian:SIZE,SIGMA | motion:LENGTH,ANGLE | a kernel file (.json)`;

/** The --kernel flag: a generated kernel spec, or a kernel JSON file. */
export async function kernelFlag(value: string): Promise<Matrix> {
  try {
    return await loadKernel(value);
  } catch (err) {
    if (err instanceof ArgumentError) throw new UsageError(`--kernel: ${err.message}`);
    throw err;
  }
}

export const shape = (m: { rows: number; cols: number }) => `${m.rows}×${m.cols}`;

export function checkKernelFits(kernel: Matrix, image: Image, imagePath: string, kernelFlagValue: string): void {
  if (kernel.rows > image.height || kernel.cols > image.width) {
    throw new DataError(`kernel ${shape(kernel)} (--kernel ${kernelFlagValue}) is larger than the image ${imagePath} (${image.height}×${image.width})`);
  }
}

/** --bit-depth 8|16, or undefined to keep each input's depth. */
export function bitDepthFlag(value: string | undefined): 8 | 16 | undefined {
  return value === undefined ? undefined : (Number(choice('--bit-depth', value, ['8', '16'] as const)) as 8 | 16);
}

/** An image output path must name a format we can write. */
export function checkImageOutput(path: string, flag: string): void {
  if (formatOfPath(path) === null) throw new UsageError(`${flag} ${path}: unknown image format, use a .png, .jpg or .jpeg name`);
}

/** What every image-to-image command (blur, deconvolve) sets up from its common flags. */
export interface ImageBatch {
  /** How inputs are read: colour mode and pixel limit (--max-pixels). */
  read: { color: ColorMode; maxPixels?: number };
  color: ColorMode;
  bitDepth: 8 | 16 | undefined;
  jobs: number;
  inputs: Inputs;
  /** One output path per input, checked writable as an image. */
  outputs: string[];
  kernel: Matrix;
  /**
   * Sized for the work: no more workers than channels to process. Still starting when returned
   * (the first image decodes meanwhile); a failed start rejects here, in each task.
   */
  pool: Promise<Pool>;
}

/** Terminates a pool that may still be starting or have failed to start. */
export async function terminatePool(pool: Promise<Pool>): Promise<void> {
  await pool.then((p) => p.terminate(), () => {});
}

/**
 * Workers for `solves` equal per-channel solves: never more than there are solves; --jobs N
 * exactly; by default the number of cores, except when a few solves do not divide evenly among
 * the cores (one RGB image on 2 cores: 3 solves) — then one worker each, so the solves share the
 * cores and all finish after 1.5 solve times instead of one core running two in a row (2).
 */
export function poolWorkers(solves: number, jobs: number, jobsGiven: boolean, cores = availableParallelism()): number {
  if (!jobsGiven && solves % cores !== 0 && solves < 2 * cores) return solves;
  return Math.min(jobs, solves);
}

export async function imageBatch(
  v: { color?: string; 'bit-depth'?: string; jobs?: string; 'max-pixels'?: string },
  positionals: string[],
  output: string,
  kernelSpec: string,
): Promise<ImageBatch> {
  const color: ColorMode = v.color === undefined ? 'rgb' : choice('--color', v.color, ['rgb', 'luminance'] as const);
  const bitDepth = bitDepthFlag(v['bit-depth']);
  const jobs = jobsFlag(v.jobs);
  const maxPixels = maxPixelsFlag(v['max-pixels']);
  const inputs = expandImages(positionals, 'input images');
  const outputs = planOutputs(inputs, output, '-o', (p) => basename(p));
  for (const o of outputs) checkImageOutput(o, '-o');
  const kernel = await kernelFlag(kernelSpec);
  const pool = createPool({ workers: poolWorkers(inputs.paths.length * (color === 'rgb' ? 3 : 1), jobs, v.jobs !== undefined) });
  pool.catch(() => {}); // reported by the tasks that await it
  return { read: { color, ...(maxPixels !== undefined ? { maxPixels } : {}) }, color, bitDepth, jobs, inputs, outputs, kernel, pool };
}
