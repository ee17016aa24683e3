import { basename, extname } from 'node:path';
import { deconvolveBlind } from '../../../solvers/blind/deconvolve-blind.js';
import { deconvolveWithKernel } from '../../../solvers/blind/final.js';
import type { BlindFinalMethod, DeconvolveBlindOptions } from '../../../solvers/blind/types.js';
import { createWasmBackend } from '../../../wasm/backend.js';
import { writeFileAtomic } from '../../atomic-write.js';
import { kernelHeatmapPng } from '../../heatmap.js';
import { readImage, writeImage } from '../../image-io.js';
import { writeKernelFile } from '../../kernel-file.js';
import { choice, COMMON_HELP, kernelSize, maxPixelsFlag, parseFlags, positive, positiveInt, required } from '../args.js';
import { runBatch, type Streams } from '../batch.js';
import { DataError, UsageError } from '../errors.js';
import { expandImages, planOutputs, stem } from '../inputs.js';
import { iterationReporter, type StatusLine } from '../progress.js';
import { bitDepthFlag, checkImageOutput, shape } from '../shared.js';

export const summary = 'deblur photos without knowing the kernel (blind deconvolution)';

export const help = `Usage: convgrad deblur <image|dir|pattern>... --kernel-size N -o OUT [flags]

Estimates the blur kernel of each photo from the photo alone (coarse-to-fine L0-gradient blind
deconvolution, see the README), then deblurs it with that kernel. The kernel is estimated on
the luminance; a colour image is deconvolved channel by channel with the one kernel. The model
is blurred = conv2d(sharp, kernel, 'same'); the output has the input's size.

      --kernel-size N   kernel size: N or RxC, odd (about the blur's extent in pixels, rounded
                    up to odd; too small cannot hold the blur, far too large is slower and noisier)
  -o, --output OUT  output image, or directory for several inputs
      --kernel-out K    also write the kernel file (.json; a directory for several inputs)
      --kernel-png P    also draw the kernel as an enlarged heatmap PNG (a directory for several)
      --noise S     noise standard deviation in [0, 1] units (default 0.005): larger gives a
                    smoother final image
      --final M     tv (default) | admm | l0 | wiener: the non-blind deconvolution of the final image
                    (admm: TV and [0, 1] with no assumption about the scene beyond the frame)
      --iterations N    image/kernel alternations per pyramid level (default 5)
      --color C     rgb (default: deblur each channel) | luminance (write a gray result)
      --bit-depth D 8 | 16 for PNG output (default: the input's)

Runs in this process, one image at a time (--jobs is accepted and ignored).

${COMMON_HELP}

Example:
  convgrad deblur shaky.png --kernel-size 25 -o sharp.png --kernel-out k.json --kernel-png k.png`;

const OPTIONS = {
  'kernel-size': { type: 'string' },
  output: { type: 'string', short: 'o' },
  'kernel-out': { type: 'string' },
  'kernel-png': { type: 'string' },
  noise: { type: 'string' },
  final: { type: 'string' },
  iterations: { type: 'string' },
  color: { type: 'string' },
  'bit-depth': { type: 'string' },
} as const;

export async function run(argv: string[], streams: Streams): Promise<number> {
  const { values: v, positionals } = parseFlags('deblur', argv, OPTIONS);
  const size = kernelSize('--kernel-size', required('--kernel-size', v['kernel-size']));
  if (size.rows % 2 === 0 || size.cols % 2 === 0) {
    throw new UsageError(`--kernel-size must be odd (the kernel has a centre tap), got ${size.rows}x${size.cols}; use ${size.rows | 1}x${size.cols | 1}`);
  }
  const output = required('-o/--output', v.output);
  const finalMethod: BlindFinalMethod = v.final === undefined ? 'tv' : choice('--final', v.final, ['tv', 'admm', 'l0', 'wiener'] as const);
  const noise = v.noise === undefined ? 0.005 : positive('--noise', v.noise);
  const color = v.color === undefined ? 'rgb' : choice('--color', v.color, ['rgb', 'luminance'] as const);
  const bitDepth = bitDepthFlag(v['bit-depth']);
  const maxPixels = maxPixelsFlag(v['max-pixels']);
  const options: DeconvolveBlindOptions = {
    noise,
    finalMethod,
    ...(v.iterations !== undefined ? { maxIterations: positiveInt('--iterations', v.iterations) } : {}),
  };
  const inputs = expandImages(positionals, 'input images');
  const outputs = planOutputs(inputs, output, '-o', (p) => basename(p));
  for (const o of outputs) checkImageOutput(o, '-o');
  const kernelOut = v['kernel-out'] === undefined ? null : planOutputs(inputs, v['kernel-out'], '--kernel-out', (p) => `${stem(p)}.json`);
  if (kernelOut && !inputs.batch && extname(kernelOut[0]!).toLowerCase() !== '.json') throw new UsageError(`--kernel-out ${v['kernel-out']}: kernel files are .json`);
  const pngOut = v['kernel-png'] === undefined ? null : planOutputs(inputs, v['kernel-png'], '--kernel-png', (p) => `${stem(p)}.png`);
  if (pngOut && !inputs.batch && extname(pngOut[0]!).toLowerCase() !== '.png') throw new UsageError(`--kernel-png ${v['kernel-png']}: the heatmap is a .png file`);
  const limit = maxPixels !== undefined ? { maxPixels } : {};
  const backend = await createWasmBackend();

  const tasks = inputs.paths.map((input, index) => ({
    label: inputs.batch ? basename(input) : input,
    describe: { input },
    run: async (status?: StatusLine) => {
      const luma = await readImage(input, { color: 'luminance', ...limit });
      const image = color === 'luminance' ? luma : await readImage(input, { color: 'rgb', ...limit });
      if (size.rows > image.height || size.cols > image.width) {
        throw new DataError(`--kernel-size ${size.rows}x${size.cols} is larger than the image ${input} (${image.height}×${image.width})`);
      }
      const report = status && iterationReporter(1, status, `deblur ${input}`)(0);
      const est = deconvolveBlind(backend, { ...luma.channels[0]!, data: Float64Array.from(luma.channels[0]!.data) }, size, {
        ...options, ...(report ? { onIteration: report } : {}),
      });
      const k = Float64Array.from(est.kernel.data);
      const channels = image.channels.length === 1
        ? [est.image]
        : image.channels.map((c) => ({
            data: deconvolveWithKernel(backend, Float64Array.from(c.data), c.rows, c.cols, k, size.rows, size.cols, finalMethod, noise),
            rows: c.rows, cols: c.cols,
          }));
      const out = outputs[index]!;
      await writeImage(out, { ...image, channels }, bitDepth ? { bitDepth } : {});
      if (kernelOut) await writeKernelFile(kernelOut[index]!, est.kernel);
      if (pngOut) await writeFileAtomic(pngOut[index]!, kernelHeatmapPng(est.kernel, { labels: ['estimated kernel'] }));
      return {
        output: out, ...(kernelOut ? { kernel: kernelOut[index]! } : {}), ...(pngOut ? { png: pngOut[index]! } : {}),
        size: shape(est.kernel), levels: est.levels, iterations: est.iterations, converged: est.converged,
      };
    },
  }));
  return runBatch('deblur', tasks, { jobs: 1, json: !!v.json, quiet: !!v.quiet, debug: !!v.debug, batch: inputs.batch }, streams);
}
