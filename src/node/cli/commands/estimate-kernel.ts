import { basename, extname } from 'node:path';
import type { EstimateKernelOptions, KernelMethod } from '../../../solvers/types.js';
import type { Matrix, Mode } from '../../../types.js';
import { writeFileAtomic } from '../../atomic-write.js';
import { FileError } from '../../errors.js';
import { validInterior } from '../../geometry.js';
import { kernelHeatmapPng } from '../../heatmap.js';
import { readImage, type Image } from '../../image-io.js';
import { writeKernelFile } from '../../kernel-file.js';
import { createPool } from '../../pool/index.js';
import { choice, COMMON_HELP, jobsFlag, kernelSize, maxPixelsFlag, nonNegative, parseFlags, positive, positiveInt, required } from '../args.js';
import { runBatch, type Streams } from '../batch.js';
import { DataError, UsageError } from '../errors.js';
import { expandImages, planOutputs, stem, type Inputs } from '../inputs.js';
import { iterationReporter, type StatusLine } from '../progress.js';
import { shape } from '../shared.js';

export const summary = 'estimate the blur kernel from a sharp image and its blurred version';

export const help = `Usage: convgrad estimate-kernel --sharp A --blurred B --size RxC -o kernel.json [flags]

Finds the kernel h minimising ½‖conv2d(sharp, h, mode) − blurred‖² (plus ½λ‖h‖² with
--tikhonov) and writes it as a kernel file {"rows", "cols", "data"}. Colour images are fitted
on their luminance.

With the default --mode valid the blurred image may be
  (m−k+1)×(n−l+1)  the 'valid' blur of the m×n sharp image: used as it is, or
  m×n              the same size (a camera's picture): only its interior is fitted, because its
                   border depends on what lay outside the frame. Row i of the valid model is row
                   i + (k−1−⌊k/2⌋) of the blurred image (columns alike), MATLAB conv2 alignment.
Either way conv2d(sharp, kernel, 'valid') reproduces the blurred interior. --mode same or full
need the blurred image in exactly that mode's size (and assume zeros outside the frame).

  --sharp A         the sharp image (repeat for several pairs, or a directory / pattern)
  --blurred B       the blurred image (as many as --sharp; directories pair files by name)
  --size RxC        kernel size, e.g. 15x15 (or 15)
  -o, --output OUT  kernel file (.json), or directory for several pairs (NAME.json)
      --png P       also draw the kernel as an enlarged heatmap PNG (a directory for several pairs)
      --mode M      valid (default) | same | full
      --non-negative      constrain h ≥ 0
      --sum-to-one        constrain h ≥ 0 and Σh = 1 (the kernel of a blur that keeps brightness)
      --method M    exact (default unconstrained: normal equations) | fista (default with
                    constraints) | gd
      --tikhonov λ  ridge weight (default 0)
      --iterations N   iteration cap for fista / gd
      --tolerance T    stopping tolerance (see the README)

${COMMON_HELP}

Example:
  convgrad estimate-kernel --sharp camera.png --blurred blurred.png --size 15x15 \\
      --sum-to-one -o kernel.json --png kernel.png`;

const OPTIONS = {
  sharp: { type: 'string', multiple: true },
  blurred: { type: 'string', multiple: true },
  size: { type: 'string' },
  output: { type: 'string', short: 'o' },
  png: { type: 'string' },
  mode: { type: 'string' },
  'non-negative': { type: 'boolean' },
  'sum-to-one': { type: 'boolean' },
  method: { type: 'string' },
  tikhonov: { type: 'string' },
  iterations: { type: 'string' },
  tolerance: { type: 'string' },
} as const;

interface Pair {
  sharp: string;
  blurred: string;
}

/** Pairs sharp and blurred inputs: in order for plain files, by file name when a directory or pattern is involved. */
function pairInputs(sharp: Inputs, blurred: Inputs, byName: boolean): Pair[] {
  if (!byName) {
    if (sharp.paths.length !== blurred.paths.length) {
      throw new UsageError(`--sharp and --blurred must come in pairs: got ${sharp.paths.length} sharp and ${blurred.paths.length} blurred images`);
    }
    return sharp.paths.map((s, i) => ({ sharp: s, blurred: blurred.paths[i]! }));
  }
  const byStem = new Map(blurred.paths.map((b) => [stem(b), b]));
  return sharp.paths.map((s) => {
    const b = byStem.get(stem(s));
    if (b === undefined) throw new FileError(s, `no blurred image named ${stem(s)}.* among --blurred`);
    return { sharp: s, blurred: b };
  });
}

/** The blurred data the model predicts, and how it was taken from the file. */
function fitTarget(sharp: Image, blurred: Image, k: number, l: number, mode: Mode, pair: Pair): { y: Matrix; fit: 'as-is' | 'interior' } {
  const [m, n] = [sharp.height, sharp.width];
  const y = blurred.channels[0]!;
  const has = (r: number, c: number) => blurred.height === r && blurred.width === c;
  const sizes: Record<Mode, [number, number]> = { valid: [m - k + 1, n - l + 1], same: [m, n], full: [m + k - 1, n + l - 1] };
  const [R, C] = sizes[mode];
  if (has(R, C)) return { y, fit: 'as-is' };
  if (mode === 'valid' && has(m, n)) return { y: validInterior(y, k, l), fit: 'interior' };
  const expected = mode === 'valid' ? `${m}×${n} (same size) or ${R}×${C}` : `${R}×${C}`;
  throw new DataError(
    `--blurred ${pair.blurred} is ${blurred.height}×${blurred.width} but --sharp ${pair.sharp} is ${m}×${n}: ` +
      `with --mode ${mode} and --size ${k}x${l} it must be ${expected}`,
  );
}

export async function run(argv: string[], streams: Streams): Promise<number> {
  const { values: v, positionals } = parseFlags('estimate-kernel', argv, OPTIONS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}: give images with --sharp and --blurred`);
  const size = kernelSize('--size', required('--size', v.size));
  const output = required('-o/--output', v.output);
  const mode: Mode = v.mode === undefined ? 'valid' : choice('--mode', v.mode, ['valid', 'same', 'full'] as const);
  const method: KernelMethod | undefined = v.method === undefined ? undefined : choice('--method', v.method, ['exact', 'fista', 'gd'] as const);
  const nonNegativeFlag = !!v['non-negative'];
  const sumToOne = !!v['sum-to-one'];
  if (method === 'exact' && (nonNegativeFlag || sumToOne)) {
    throw new UsageError('--method exact solves the unconstrained problem; use --method fista (the default) with --non-negative or --sum-to-one');
  }
  const options: EstimateKernelOptions = {
    mode,
    ...(method ? { method } : {}),
    ...(nonNegativeFlag ? { nonNegative: true } : {}),
    ...(sumToOne ? { sumToOne: true } : {}),
    ...(v.tikhonov !== undefined ? { tikhonov: nonNegative('--tikhonov', v.tikhonov) } : {}),
    ...(v.iterations !== undefined ? { maxIterations: positiveInt('--iterations', v.iterations) } : {}),
    ...(v.tolerance !== undefined ? { tolerance: positive('--tolerance', v.tolerance) } : {}),
  };
  const jobs = jobsFlag(v.jobs);
  const maxPixels = maxPixelsFlag(v['max-pixels']);
  const read = { color: 'luminance', ...(maxPixels !== undefined ? { maxPixels } : {}) } as const;
  const sharp = expandImages(v.sharp ?? [], '--sharp');
  const blurred = expandImages(v.blurred ?? [], '--blurred');
  const pairs = pairInputs(sharp, blurred, sharp.expanded || blurred.expanded);
  const batch = sharp.batch || blurred.batch;
  const named: Inputs = { paths: pairs.map((p) => p.blurred), batch, expanded: false };
  const kernelOut = planOutputs(named, output, '-o', (p) => `${stem(p)}.json`);
  if (!batch && extname(kernelOut[0]!).toLowerCase() !== '.json') throw new UsageError(`-o ${output}: kernel files are .json`);
  const pngOut = v.png === undefined ? null : planOutputs(named, v.png, '--png', (p) => `${stem(p)}.png`);
  if (pngOut && !batch && extname(pngOut[0]!).toLowerCase() !== '.png') throw new UsageError(`--png ${v.png}: the heatmap is a .png file`);

  const pool = await createPool({ workers: Math.min(jobs, pairs.length) });
  try {
    const tasks = pairs.map((pair, i) => ({
      label: pairs.length > 1 ? basename(pair.blurred) : pair.blurred,
      describe: { sharp: pair.sharp, blurred: pair.blurred },
      run: async (status?: StatusLine) => {
        const [x, b] = await Promise.all([readImage(pair.sharp, read), readImage(pair.blurred, read)]);
        if (size.rows > x.height || size.cols > x.width) {
          throw new DataError(`--size ${size.rows}x${size.cols} is larger than --sharp ${pair.sharp} (${x.height}×${x.width})`);
        }
        const { y, fit } = fitTarget(x, b, size.rows, size.cols, mode, pair);
        const report = status && iterationReporter(1, status, `estimate-kernel ${pair.blurred}`)(0);
        const est = await pool.estimateKernel(x.channels[0]!, y, size, { ...options, transfer: true, ...(report ? { onIteration: report } : {}) });
        await writeKernelFile(kernelOut[i]!, est.kernel);
        if (pngOut) await writeFileAtomic(pngOut[i]!, kernelHeatmapPng(est.kernel, { labels: ['estimated kernel'] }));
        let sum = 0;
        for (const t of est.kernel.data) sum += t;
        return {
          output: kernelOut[i]!, ...(pngOut ? { png: pngOut[i]! } : {}), size: shape(est.kernel), fit,
          method: est.method, iterations: est.iterations, converged: est.converged, objective: est.objective, sum,
        };
      },
    }));
    return await runBatch('estimate-kernel', tasks, { jobs, json: !!v.json, quiet: !!v.quiet, debug: !!v.debug, batch }, streams);
  } finally {
    await pool.terminate();
  }
}
