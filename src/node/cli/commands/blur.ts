import { padForSame, type Boundary } from '../../geometry.js';
import { readImage, writeImage } from '../../image-io.js';
import { withGaussianNoise } from '../../noise.js';
import { choice, COMMON_HELP, integer, nonNegative, parseFlags, required } from '../args.js';
import { runBatch, type Streams } from '../batch.js';
import { checkKernelFits, imageBatch, KERNEL_HELP, shape, terminatePool } from '../shared.js';

export const summary = 'blur images with a kernel (plus optional Gaussian noise)';

export const help = `Usage: convgrad blur <image|dir|pattern>... --kernel K -o OUT [flags]

Blurs each image with the kernel, keeping its size (MATLAB conv2 'same' alignment), and adds
Gaussian noise if asked. One input: OUT is the output file (.png, .jpg, .jpeg). Several inputs,
a directory or a pattern: OUT is a directory and each result keeps its input's file name.

  ${KERNEL_HELP}
  -o, --output OUT  output file, or directory for several inputs
      --noise SIGMA standard deviation of added Gaussian noise, image range [0, 1] (default 0)
      --seed N      noise seed (default 0; each input and channel gets its own stream)
      --boundary B  replicate (default: edge pixels continue past the frame, no dark border)
                    | zero (exactly conv2d(x, h, 'same'))
      --color C     rgb (default: each channel blurred) | luminance (convert to gray first)
      --bit-depth D 8 | 16 for PNG output (default: the input's)

${COMMON_HELP}

Examples:
  convgrad blur camera.png --kernel gaussian:15,2.0 --noise 0.01 -o blurred.png
  convgrad blur photos/ --kernel motion:21,30 -o blurred/ --jobs 2`;

const OPTIONS = {
  kernel: { type: 'string' },
  output: { type: 'string', short: 'o' },
  noise: { type: 'string' },
  seed: { type: 'string' },
  boundary: { type: 'string' },
  color: { type: 'string' },
  'bit-depth': { type: 'string' },
} as const;

export async function run(argv: string[], streams: Streams): Promise<number> {
  const { values: v, positionals } = parseFlags('blur', argv, OPTIONS);
  const kernelSpec = required('--kernel', v.kernel);
  const output = required('-o/--output', v.output);
  const sigma = v.noise === undefined ? 0 : nonNegative('--noise', v.noise);
  const seed = v.seed === undefined ? 0 : integer('--seed', v.seed);
  const boundary: Boundary = v.boundary === undefined ? 'replicate' : choice('--boundary', v.boundary, ['replicate', 'zero'] as const);
  const { read, bitDepth, jobs, inputs, outputs, kernel, pool } = await imageBatch(v, positionals, output, kernelSpec);
  try {
    const tasks = inputs.paths.map((input, index) => ({
      label: input,
      describe: { input },
      run: async () => {
        const image = await readImage(input, read);
        checkKernelFits(kernel, image, input, kernelSpec);
        const workers = await pool;
        const channels = await Promise.all(image.channels.map(async (c, ch) => {
          // Transfer moves every input buffer: the kernel, shared by all jobs, goes as a private copy.
          const ownKernel = { ...kernel, data: kernel.data.slice() };
          const blurred = await workers.conv2d(padForSame(c, kernel.rows, kernel.cols, boundary), ownKernel, 'valid', { transfer: true });
          return withGaussianNoise(blurred, sigma, seed + 1000 * index + ch);
        }));
        const out = outputs[index]!;
        await writeImage(out, { ...image, channels }, bitDepth ? { bitDepth } : {});
        return { output: out, width: image.width, height: image.height, channels: channels.length, kernel: shape(kernel), noise: sigma };
      },
    }));
    return await runBatch('blur', tasks, { jobs, json: !!v.json, quiet: !!v.quiet, debug: !!v.debug, batch: inputs.batch }, streams);
  } finally {
    await terminatePool(pool);
  }
}
