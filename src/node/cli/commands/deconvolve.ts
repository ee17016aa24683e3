import { basename } from 'node:path';
import type { DeconvolveMethod, DeconvolveOptions } from '../../../solvers/types.js';
import type { Matrix, Mode } from '../../../types.js';
import { crop, validOffsetInSame } from '../../geometry.js';
import { readImage, writeImage } from '../../image-io.js';
import { choice, COMMON_HELP, nonNegative, parseFlags, positive, positiveInt, required } from '../args.js';
import { runBatch, type Streams } from '../batch.js';
import { UsageError } from '../errors.js';
import { iterationReporter, type StatusLine } from '../progress.js';
import { checkKernelFits, imageBatch, KERNEL_HELP, terminatePool } from '../shared.js';

export const summary = 'deblur images with a known kernel';

export const help = `Usage: convgrad deconvolve <image|dir|pattern>... --kernel K -o OUT [flags]

Finds the sharp image x minimising ½‖conv2d(x, h, mode) − blurred‖² plus the chosen
regularisation, and writes it the size of the blurred image. With the default --mode valid x
extends k−1 pixels past the frame (nothing is assumed about what lay outside it) and the part
inside the frame is written; --mode same assumes zeros outside; with --mode full the blurred
image is the full convolution and x, k−1 pixels smaller, is written as it is.

  ${KERNEL_HELP}
  -o, --output OUT  output file, or directory for several inputs
      --method M    cg (default) | admm (default with --tv or --non-negative) |
                    fista | richardson-lucy | wiener
      --tikhonov λ  adds ½λ‖x‖²
      --tv λ        adds λ·TV(x), isotropic total variation (admm, fista)
      --non-negative    constrain x ≥ 0
      --mode M      valid (default) | same | full
      --iterations N    iteration limit (default: the method's, far above what
                        convergence needs; the result says whether it converged)
      --tolerance T     stopping tolerance (see the README)
      --color C     rgb (default: each channel on its own) | luminance (convert to gray first)
      --bit-depth D 8 | 16 for PNG output (default: the input's)

${COMMON_HELP}

Example:
  convgrad deconvolve blurred.png --kernel kernel.json --tv 0.002 --non-negative -o sharp.png`;

const OPTIONS = {
  kernel: { type: 'string' },
  output: { type: 'string', short: 'o' },
  method: { type: 'string' },
  tikhonov: { type: 'string' },
  tv: { type: 'string' },
  'non-negative': { type: 'boolean' },
  mode: { type: 'string' },
  iterations: { type: 'string' },
  tolerance: { type: 'string' },
  color: { type: 'string' },
  'bit-depth': { type: 'string' },
} as const;

/** The part of the solver's image that lies in the blurred image's frame ('valid': x is larger). */
function inFrame(x: Matrix, y: Matrix, h: Matrix, mode: Mode): Matrix {
  if (mode !== 'valid') return x;
  return crop(x, validOffsetInSame(h.rows), validOffsetInSame(h.cols), y.rows, y.cols);
}

export async function run(argv: string[], streams: Streams): Promise<number> {
  const { values: v, positionals } = parseFlags('deconvolve', argv, OPTIONS);
  const kernelSpec = required('--kernel', v.kernel);
  const output = required('-o/--output', v.output);
  const mode: Mode = v.mode === undefined ? 'valid' : choice('--mode', v.mode, ['valid', 'same', 'full'] as const);
  const method: DeconvolveMethod | undefined =
    v.method === undefined ? undefined : choice('--method', v.method, ['admm', 'cg', 'fista', 'richardson-lucy', 'wiener'] as const);
  const tv = v.tv === undefined ? 0 : nonNegative('--tv', v.tv);
  if (tv > 0 && method !== undefined && method !== 'admm' && method !== 'fista') {
    throw new UsageError(`--tv needs --method admm (the default with --tv) or fista, not ${method}`);
  }
  if (v['non-negative'] && (method === 'cg' || method === 'wiener')) {
    throw new UsageError(`--method ${method} is linear and unconstrained: use --method admm (the default) with --non-negative`);
  }
  const options: DeconvolveOptions = {
    mode,
    ...(method ? { method } : {}),
    ...(v['non-negative'] ? { nonNegative: true } : {}),
    ...(v.tikhonov !== undefined ? { tikhonov: nonNegative('--tikhonov', v.tikhonov) } : {}),
    ...(v.tv !== undefined ? { tv } : {}),
    ...(v.iterations !== undefined ? { maxIterations: positiveInt('--iterations', v.iterations) } : {}),
    ...(v.tolerance !== undefined ? { tolerance: positive('--tolerance', v.tolerance) } : {}),
  };
  const { read, bitDepth, jobs, inputs, outputs, kernel, pool } = await imageBatch(v, positionals, output, kernelSpec);
  try {
    const tasks = inputs.paths.map((input, index) => ({
      label: inputs.batch ? basename(input) : input,
      describe: { input },
      run: async (status?: StatusLine) => {
        const image = await readImage(input, read);
        checkKernelFits(kernel, image, input, kernelSpec);
        const workers = await pool;
        const report = status && iterationReporter(image.channels.length, status, `deconvolve ${input}`);
        const solved = await Promise.all(image.channels.map((y, ch) => workers.deconvolve(kernel, y, { ...options, ...(report ? { onIteration: report(ch) } : {}) })));
        const channels = solved.map((s, ch) => inFrame(s.image, image.channels[ch]!, kernel, mode));
        const out = outputs[index]!;
        await writeImage(out, { ...image, width: channels[0]!.cols, height: channels[0]!.rows, channels }, bitDepth ? { bitDepth } : {});
        return {
          output: out, method: solved[0]!.method,
          iterations: Math.max(...solved.map((s) => s.iterations)),
          converged: solved.every((s) => s.converged),
          objective: solved.reduce((t, s) => t + s.objective, 0),
        };
      },
    }));
    return await runBatch('deconvolve', tasks, { jobs, json: !!v.json, quiet: !!v.quiet, debug: !!v.debug, batch: inputs.batch }, streams);
  } finally {
    await terminatePool(pool);
  }
}
