// The `convgrad` command end to end: real processes on small images in a temp dir, every
// subcommand, batch mode, --json, and each error path with its exit code and one-line message.
// The many error paths run in-process through the same `run` the bin calls (it returns the exit
// code the bin sets): a process launch each would cost ~1 s under load for nothing more.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conv2d, init, type Matrix } from 'convgrad';
import { encodeImage, gaussianKernel, motionKernel, readImage, readKernelFile, writeKernelFile, type Image } from 'convgrad/node';
import type { run as Run } from '../../src/node/cli/main.js';

import { bomb } from '../support/png-bomb.js';

const BIN = join(import.meta.dirname, '../../bin/convgrad.js');
const dir = mkdtempSync(join(tmpdir(), 'convgrad-cli-'));
const at = (...p: string[]) => join(dir, ...p);

function convgrad(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command in this process, from the temp dir (see `inDir`): exit code and captured output. */
async function cli(...args: string[]) {
  // The built CLI, as the bin runs it (its pool starts dist/'s worker).
  const { run } = (await import(join(import.meta.dirname, '../../dist/node/cli.js'))) as { run: typeof Run };
  const out = { stdout: '', stderr: '' };
  const code = await run(args, {
    stdout: { write: (t: string) => { out.stdout += t; } },
    stderr: { write: (t: string) => { out.stderr += t; } },
  });
  return { code, ...out };
}
/** Runs a describe block's tests with the temp dir as the working directory (as `convgrad` gets it). */
function inDir() {
  const home = process.cwd();
  beforeAll(() => process.chdir(dir));
  afterAll(() => process.chdir(home));
}

/** Asserts a failure: exit code, a single stderr line matching `message`, no stack trace. */
function expectFailure(r: { code: number | null; stderr: string }, code: number, message: RegExp) {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.length, r.stderr).toBe(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

function seeded(seed: number) {
  let s = seed;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}
const plane = (rows: number, cols: number, f: (i: number, j: number) => number): Matrix => {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = f(i, j);
  return { data, rows, cols };
};
const image = (channels: Matrix[], bitDepth: 8 | 16 = 8): Image => ({ width: channels[0]!.cols, height: channels[0]!.rows, channels, bitDepth });
const save = (file: string, img: Image, format: 'png' | 'jpeg' = 'png') => writeFileSync(at(file), encodeImage(img, format));
const relErr = (a: Matrix, b: Matrix) => {
  let d = 0, n = 0;
  for (let i = 0; i < a.data.length; i++) { d += (a.data[i]! - b.data[i]!) ** 2; n += b.data[i]! ** 2; }
  return Math.sqrt(d / n);
};
const tempFiles = (d: string) => readdirSync(d, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));

let texture: Matrix; // i.i.d. pixels: every kernel tap is identifiable
beforeAll(async () => {
  await init();
  const next = seeded(7);
  texture = plane(40, 48, () => Math.round(next() * 255) / 255);
  save('texture.png', image([texture]));
  save('texture16.png', image([texture], 16));
  const r = seeded(8);
  save('rgb.png', image([0, 1, 2].map(() => plane(24, 32, () => r()))));
  save('photo.jpg', image([0, 1, 2].map((c) => plane(24, 32, (i, j) => 0.2 + 0.1 * c + 0.01 * (i + j)))), 'jpeg');
  // Blocks: piecewise constant, what total variation deblurs well.
  save('blocks.png', image([plane(40, 48, (i, j) => ((Math.floor(i / 8) + Math.floor(j / 8)) % 2 ? 0.8 : 0.2))]));
  writeFileSync(at('not-an-image.png'), 'just text');
  await writeKernelFile(at('k5.json'), motionKernel(5, 30));
  writeFileSync(at('bad-kernel.json'), '{"rows": 2, "cols": 2, "data": [1, 2, 3]}');
  mkdirSync(at('batch'));
  for (let s = 1; s <= 3; s++) {
    const n = seeded(s);
    save(`batch/img${s}.png`, image([plane(30, 30, () => n())]));
  }
});

describe('help and version', () => {
  it('top-level help lists the commands and exit codes', () => {
    const r = convgrad('--help');
    expect(r.code).toBe(0);
    for (const c of ['blur', 'estimate-kernel', 'deconvolve', 'Exit codes']) expect(r.stdout).toContain(c);
    expect(convgrad().code).toBe(2); // no command: usage on stdout, exit 2
    expect(convgrad('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  for (const cmd of ['blur', 'estimate-kernel', 'deconvolve']) {
    it(`${cmd} --help`, () => {
      const r = convgrad(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: convgrad ${cmd}`));
      expect(r.stdout).toContain('--jobs');
      expect(convgrad('help', cmd).stdout).toBe(r.stdout);
    });
  }
});

describe('blur', () => {
  it('writes a same-size blurred image, reproducibly, and reports --json', async () => {
    const r = convgrad('blur', 'texture.png', '--kernel', 'gaussian:5,1.2', '--noise', '0.01', '--seed', '3', '-o', 'blurred.png', '--json');
    expect(r.code, r.stderr).toBe(0);
    // one input, stderr not a terminal: one line when it is done
    expect(r.stderr).toMatch(/^convgrad blur: texture\.png -> blurred\.png \(\d+\.\d\d s\)\n$/);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ command: 'blur', ok: true, results: [{ input: 'texture.png', output: 'blurred.png', ok: true, width: 48, height: 40, channels: 1, kernel: '5×5', noise: 0.01 }] });
    const out = await readImage(at('blurred.png'));
    expect([out.width, out.height, out.channels.length, out.bitDepth]).toEqual([48, 40, 1, 8]);
    convgrad('blur', 'texture.png', '--kernel', 'gaussian:5,1.2', '--noise', '0.01', '--seed', '3', '-o', 'again.png');
    expect(readFileSync(at('again.png'))).toEqual(readFileSync(at('blurred.png')));
  });

  it('keeps RGB per channel, or converts to luminance; keeps 16-bit; writes JPEG by extension', async () => {
    expect(convgrad('blur', 'rgb.png', '--kernel', 'motion:5,0', '-o', 'rgb-out.png').code).toBe(0);
    expect((await readImage(at('rgb-out.png'))).channels.length).toBe(3);
    expect(convgrad('blur', 'rgb.png', '--kernel', 'motion:5,0', '--color', 'luminance', '-o', 'gray-out.png').code).toBe(0);
    expect((await readImage(at('gray-out.png'))).channels.length).toBe(1);
    expect(convgrad('blur', 'texture16.png', '--kernel', 'k5.json', '-o', 'deep.png').code).toBe(0);
    expect((await readImage(at('deep.png'))).bitDepth).toBe(16);
    expect(convgrad('blur', 'texture16.png', '--kernel', 'k5.json', '--bit-depth', '8', '-o', 'shallow.png').code).toBe(0);
    expect((await readImage(at('shallow.png'))).bitDepth).toBe(8);
    expect(convgrad('blur', 'photo.jpg', '--kernel', 'gaussian:3,1', '-o', 'photo-out.jpeg').code).toBe(0);
    expect(readFileSync(at('photo-out.jpeg')).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('zero boundary is exactly conv2d(x, h, "same")', async () => {
    expect(convgrad('blur', 'texture16.png', '--kernel', 'k5.json', '--boundary', 'zero', '-o', 'zero.png').code).toBe(0);
    const want = conv2d((await readImage(at('texture16.png'))).channels[0]!, motionKernel(5, 30), 'same');
    expect(relErr((await readImage(at('zero.png'))).channels[0]!, want)).toBeLessThan(1e-4); // 16-bit rounding
  });

  it('a directory is a batch: one output per input, progress lines, --jobs', async () => {
    const r = convgrad('blur', 'batch', '--kernel', 'gaussian:3,1', '-o', 'batch-out', '--jobs', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(at('batch-out')).sort()).toEqual(['img1.png', 'img2.png', 'img3.png']);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.filter((l) => /^\[\d\/3\] ok batch\/img\d\.png -> batch-out\/img\d\.png \(\d+\.\d\d s\)$/.test(l)).length).toBe(3);
    expect(lines.at(-1)).toMatch(/^blur: 3 done in \d+\.\d\d s$/);
    // a quoted pattern works the same; --quiet silences progress
    const q = convgrad('blur', 'batch/img[12]*.png'.replace('[12]', '?'), '--kernel', 'gaussian:3,1', '-o', 'pattern-out', '--quiet');
    expect(q.code, q.stderr).toBe(0);
    expect(q.stderr).toBe('');
    expect(readdirSync(at('pattern-out')).length).toBe(3);
  });

  it('a bad file in a batch fails that input only: exit 3, the others written', () => {
    mkdirSync(at('mixed'));
    writeFileSync(at('mixed', 'a.png'), readFileSync(at('texture.png')));
    writeFileSync(at('mixed', 'b.png'), 'garbage');
    writeFileSync(at('mixed', 'c.png'), readFileSync(at('texture.png')));
    const r = convgrad('blur', 'mixed', '--kernel', 'gaussian:3,1', '-o', 'mixed-out', '--json');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/FAILED mixed\/b\.png: mixed\/b\.png: not a PNG or JPEG image/);
    expect(r.stderr).toMatch(/blur: 2 done, 1 failed/);
    expect(readdirSync(at('mixed-out')).sort()).toEqual(['a.png', 'c.png']);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.results.map((x: { ok: boolean }) => x.ok)).toEqual([true, false, true]);
    expect(report.results[1].error).toEqual({ code: 3, message: 'mixed/b.png: not a PNG or JPEG image' });
  });
});

describe('estimate-kernel', () => {
  it('fits a same-size blurred image on its interior and recovers the kernel', async () => {
    expect(convgrad('blur', 'texture.png', '--kernel', 'k5.json', '--bit-depth', '16', '-o', 'tex-blur.png').code).toBe(0);
    const r = convgrad('estimate-kernel', '--sharp', 'texture.png', '--blurred', 'tex-blur.png', '--size', '5x5', '-o', 'est.json', '--png', 'est.png', '--json');
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout).results[0];
    expect(res).toMatchObject({ sharp: 'texture.png', blurred: 'tex-blur.png', output: 'est.json', png: 'est.png', size: '5×5', fit: 'interior', method: 'exact', converged: true });
    const h = await readKernelFile(at('est.json'));
    expect(relErr(h, motionKernel(5, 30))).toBeLessThan(1e-3);
    const png = await readImage(at('est.png'));
    expect(png.channels.length).toBe(3);
    expect(png.width).toBeGreaterThanOrEqual(5 * 40);
  });

  it("uses a 'valid'-size blurred image as it is; --sum-to-one gives a kernel summing to 1", async () => {
    const y = conv2d(texture, gaussianKernel(5, 1), 'valid');
    save('valid-blur.png', image([y], 16));
    const r = convgrad('estimate-kernel', '--sharp', 'texture.png', '--blurred', 'valid-blur.png', '--size', '5', '--sum-to-one', '-o', 'simplex.json', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ fit: 'as-is', method: 'fista' });
    const h = await readKernelFile(at('simplex.json'));
    expect(Array.from(h.data).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    expect(Math.min(...h.data)).toBeGreaterThanOrEqual(0);
    expect(relErr(h, gaussianKernel(5, 1))).toBeLessThan(1e-2);
  });

  it('pairs directories by file name in a batch', async () => {
    mkdirSync(at('pairs-sharp'));
    for (const n of ['p1', 'p2']) writeFileSync(at('pairs-sharp', `${n}.png`), readFileSync(at('texture16.png')));
    expect(convgrad('blur', 'pairs-sharp', '--kernel', 'k5.json', '--bit-depth', '16', '-o', 'pairs-blur').code).toBe(0);
    const r = convgrad('estimate-kernel', '--sharp', 'pairs-sharp', '--blurred', 'pairs-blur', '--size', '5x5', '-o', 'pairs-k', '--png', 'pairs-k');
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(at('pairs-k')).sort()).toEqual(['p1.json', 'p1.png', 'p2.json', 'p2.png']);
    expect(relErr(await readKernelFile(at('pairs-k', 'p2.json')), motionKernel(5, 30))).toBeLessThan(1e-3);
  });
});

describe('deconvolve', () => {
  it('deblurs to the blurred image size and gets closer to the sharp image', async () => {
    expect(convgrad('blur', 'blocks.png', '--kernel', 'k5.json', '--bit-depth', '16', '-o', 'blocks-blur.png').code).toBe(0);
    const r = convgrad('deconvolve', 'blocks-blur.png', '--kernel', 'k5.json', '--tv', '0.001', '-o', 'blocks-sharp.png', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ output: 'blocks-sharp.png', method: 'admm', converged: true });
    const [sharp, blurred, restored] = await Promise.all(['blocks.png', 'blocks-blur.png', 'blocks-sharp.png'].map((f) => readImage(at(f))));
    expect([restored!.width, restored!.height]).toEqual([48, 40]);
    // compare away from the border, which the blur filled with replicated edge pixels
    const inner = (m: Matrix) => plane(30, 38, (i, j) => m.data[(i + 5) * 48 + j + 5]!);
    const before = relErr(inner(blurred!.channels[0]!), inner(sharp!.channels[0]!));
    const after = relErr(inner(restored!.channels[0]!), inner(sharp!.channels[0]!));
    expect(after).toBeLessThan(before / 2);
  });

  it('RGB per channel by default; every method runs', async () => {
    for (const method of ['admm', 'cg', 'fista', 'richardson-lucy']) {
      const r = convgrad('deconvolve', 'rgb.png', '--kernel', 'gaussian:3,0.8', '--method', method, '--iterations', '5', '-o', `rgb-${method}.png`);
      expect(r.code, `${method}: ${r.stderr}`).toBe(0);
      expect((await readImage(at(`rgb-${method}.png`))).channels.length).toBe(3);
    }
  });
});

describe('errors: one line naming the file or flag, an exit code, no stack trace', () => {
  inDir();
  const blur = (...a: string[]) => cli('blur', 'texture.png', '-o', 'e.png', ...a);

  it('bad command line → 2', async () => {
    expectFailure(await cli('sharpen'), 2, /^convgrad: unknown command "sharpen"; commands: blur, estimate-kernel, deconvolve/);
    expectFailure(await blur('--kernel', 'gaussian:3,1', '--bogus'), 2, /^convgrad blur: unknown flag --bogus \(see convgrad blur --help\)$/);
    expectFailure(await blur(), 2, /^convgrad blur: missing --kernel$/);
    expectFailure(await cli('blur', 'texture.png', '--kernel', 'gaussian:3,1'), 2, /missing -o\/--output/);
    expectFailure(await blur('--kernel'), 2, /^convgrad blur: --kernel needs a value$/);
    expectFailure(await blur('--kernel', 'gaussian:3'), 2, /--kernel: bad kernel spec "gaussian:3": expected gaussian:SIZE,SIGMA or motion:LENGTH,ANGLE/);
    expectFailure(await blur('--kernel', 'gaussian:3,1', '--noise=-1'), 2, /--noise must be a number ≥ 0, got "-1"/);
    expectFailure(await blur('--kernel', 'gaussian:3,1', '--noise', '-1'), 2, /--noise needs a value \(one starting with '-' is written --noise=-1\)/);
    expectFailure(await blur('--kernel', 'gaussian:3,1', '--json=yes'), 2, /--json takes no value/);
    expectFailure(await blur('--kernel', 'gaussian:3,1', '--jobs', '0'), 2, /--jobs must be a positive integer, got "0"/);
    expectFailure(await blur('--kernel', 'gaussian:3,1', '--boundary', 'wrap'), 2, /--boundary must be one of replicate, zero; got "wrap"/);
    expectFailure(await cli('blur', 'texture.png', '--kernel', 'gaussian:3,1', '-o', 'texture.png'), 2, /refusing to overwrite the input texture\.png/);
    expectFailure(await cli('blur', 'texture.png', '--kernel', 'gaussian:3,1', '-o', 'out.gif'), 2, /-o out\.gif: unknown image format/);
    expectFailure(await cli('blur', 'texture.png', 'rgb.png', '--kernel', 'gaussian:3,1', '-o', 'e.png'), 2, /-o e\.png must be a directory when there are several inputs/);
    const est = ['estimate-kernel', '--sharp', 'texture.png', '--blurred', 'tex-blur.png'];
    expectFailure(await cli(...est, '-o', 'k.json'), 2, /missing --size/);
    expectFailure(await cli(...est, '--size', '5by5', '-o', 'k.json'), 2, /--size must be ROWSxCOLS \(e\.g\. 15x15\)/);
    expectFailure(await cli(...est, '--size', '5', '--mode', 'circular', '-o', 'k.json'), 2, /--mode must be one of valid, same, full/);
    expectFailure(await cli(...est, '--size', '5', '--method', 'exact', '--sum-to-one', '-o', 'k.json'), 2, /--method exact solves the unconstrained problem/);
    expectFailure(await cli(...est, '--size', '5', '-o', 'k.txt'), 2, /-o k\.txt: kernel files are \.json/);
    expectFailure(await cli('estimate-kernel', '--sharp', 'texture.png', '--sharp', 'rgb.png', '--blurred', 'tex-blur.png', '--size', '5', '-o', 'ks'), 2, /must come in pairs: got 2 sharp and 1 blurred/);
    expectFailure(await cli('deconvolve', 'rgb.png', '--kernel', 'k5.json', '--method', 'cg', '--tv', '0.1', '-o', 'e.png'), 2, /^convgrad deconvolve: --tv needs --method admm \(the default with --tv\) or fista, not cg$/);
    expectFailure(await cli('deconvolve', 'rgb.png', '--kernel', 'k5.json', '--method', 'wiener', '--non-negative', '-o', 'e.png'), 2, /--method wiener is linear and unconstrained/);
    expectFailure(await cli('deconvolve', 'rgb.png', '--kernel', 'k5.json', '--method', 'richardson-lucy', '--tikhonov', '0.1', '-o', 'e.png'), 2, /^convgrad deconvolve: .*richardson-lucy.*tikhonov/);
  });

  it('missing, unreadable or undecodable files → 3', async () => {
    expectFailure(await cli('blur', 'nope.png', '--kernel', 'gaussian:3,1', '-o', 'e.png'), 3, /^convgrad blur: nope\.png: cannot read: no such file or directory$/);
    expectFailure(await cli('blur', 'not-an-image.png', '--kernel', 'gaussian:3,1', '-o', 'e.png'), 3, /not-an-image\.png: not a PNG or JPEG image/);
    expectFailure(await blur('--kernel', 'missing.json'), 3, /missing\.json: cannot read: no such file or directory/);
    // A mistyped spec is a usage error that lists the specs, not "no such file".
    expectFailure(await blur('--kernel', 'gauss:5'), 2, /unknown kernel "gauss:5": the specs are gaussian:SIZE,SIGMA .* and motion:LENGTH,ANGLE/);
    expectFailure(await blur('--kernel', 'bad-kernel.json'), 3, /bad-kernel\.json: "data" must be an array of rows·cols = 4 numbers, got 3/);
    mkdirSync(at('empty-dir'));
    expectFailure(await cli('blur', 'empty-dir', '--kernel', 'gaussian:3,1', '-o', 'x'), 3, /^convgrad blur: empty-dir: no \.png, \.jpg or \.jpeg files in this directory$/);
    expectFailure(await cli('blur', 'batch/*.jpg', '--kernel', 'gaussian:3,1', '-o', 'x'), 3, /batch\/\*\.jpg: no files match/);
    expectFailure(await cli('estimate-kernel', '--sharp', 'texture.png', '--blurred', 'nope.png', '--size', '5', '-o', 'k.json'), 3, /nope\.png: cannot read/);
  });

  it('an image over the pixel limit → 3 at once, naming its size and the limit; --max-pixels raises it', async () => {
    writeFileSync(at('bomb.png'), bomb(20000, 20000)); // a few hundred bytes declaring 400 MP
    const r = convgrad('blur', 'bomb.png', '--kernel', 'gaussian:3,1', '-o', 'e.png'); // a real process: its exit code
    expectFailure(r, 3, /^convgrad blur: bomb\.png: 20000×20000 is 400,000,000 pixels, over the limit of 100,000,000 \(raise --max-pixels to read it\)$/);
    expectFailure(await cli('deconvolve', 'texture.png', '--kernel', 'k5.json', '--max-pixels', '1919', '-o', 'e.png'), 3, /texture\.png: 48×40 is 1,920 pixels, over the limit of 1,919/);
    expectFailure(await cli('estimate-kernel', '--sharp', 'photo.jpg', '--blurred', 'photo.jpg', '--size', '3', '--max-pixels', '700', '-o', 'k.json'), 3, /photo\.jpg: 32×24 is 768 pixels, over the limit of 700/);
    expect((await cli('blur', 'texture.png', '--kernel', 'gaussian:3,1', '--max-pixels', '1920', '-o', 'e.png')).code).toBe(0);
    expectFailure(await blur('--kernel', 'gaussian:3,1', '--max-pixels', 'lots'), 2, /--max-pixels must be a positive integer, got "lots"/);
  });

  it('a damaged PNG → 3 with our own reason, never the decoder\'s words', async () => {
    const png = readFileSync(at('texture.png'));
    writeFileSync(at('cut.png'), png.subarray(0, png.indexOf('IDAT') + 30));
    const r = await cli('blur', 'cut.png', '--kernel', 'gaussian:3,1', '-o', 'e.png');
    expectFailure(r, 3, /^convgrad blur: cut\.png: cannot decode PNG: the file is truncated$/);
    expect(r.stderr).not.toMatch(/waitng|finished stream/);
  });

  it('an output under a file (-o notadir/o.png) → 3, one line naming the output path, before any work', async () => {
    writeFileSync(at('notadir'), 'a file, not a directory');
    expectFailure(await blur('--kernel', 'gaussian:3,1', '-o', 'notadir/o.png'), 3, /^convgrad blur: notadir\/o\.png: cannot write: notadir is a file, not a directory$/);
    expectFailure(await cli('deconvolve', 'texture.png', '--kernel', 'k5.json', '-o', 'notadir/o.png'), 3, /^convgrad deconvolve: notadir\/o\.png: cannot write/);
    const est = ['estimate-kernel', '--sharp', 'texture.png', '--blurred', 'tex-blur.png', '--size', '5'];
    expectFailure(await cli(...est, '-o', 'notadir/k.json'), 3, /^convgrad estimate-kernel: notadir\/k\.json: cannot write: notadir is a file/);
    expectFailure(await cli(...est, '-o', 'k-ok.json', '--png', 'notadir/k.png'), 3, /^convgrad estimate-kernel: notadir\/k\.png: cannot write: notadir is a file/);
    expectFailure(await cli('blur', 'batch', '--kernel', 'gaussian:3,1', '-o', 'notadir/out/'), 3, /^convgrad blur: notadir\/out\/: cannot create the output directory: a component of the path is not a directory$/);
    expect(tempFiles(dir)).toEqual([]);
  });

  it('unwritable output → 3, and no temp file is left behind', async () => {
    expectFailure(await blur('--kernel', 'gaussian:3,1', '-o', 'no-such-dir/e.png'), 3, /no-such-dir\/e\.png: cannot write: no such file or directory/);
    expect(existsSync(at('no-such-dir'))).toBe(false);
    expect(tempFiles(dir)).toEqual([]);
  });

  it('inputs that do not fit together → 4', async () => {
    expectFailure(
      await cli('estimate-kernel', '--sharp', 'texture.png', '--blurred', 'rgb.png', '--size', '5x5', '-o', 'k.json'), 4,
      /--blurred rgb\.png is 24×32 but --sharp texture\.png is 40×48: with --mode valid and --size 5x5 it must be 40×48 \(same size\) or 36×44/,
    );
    expectFailure(
      await cli('estimate-kernel', '--sharp', 'texture.png', '--blurred', 'tex-blur.png', '--size', '5x5', '--mode', 'full', '-o', 'k.json'), 4,
      /with --mode full and --size 5x5 it must be 44×52/,
    );
    expectFailure(await cli('estimate-kernel', '--sharp', 'texture.png', '--blurred', 'tex-blur.png', '--size', '41x5', '-o', 'k.json'), 4, /--size 41x5 is larger than --sharp texture\.png \(40×48\)/);
    expectFailure(await blur('--kernel', 'gaussian:41,3'), 4, /kernel 41×41 \(--kernel gaussian:41,3\) is larger than the image texture\.png \(40×48\)/);
    expectFailure(await cli('deconvolve', 'rgb.png', '--kernel', 'motion:25,0', '-o', 'e.png'), 4, /kernel 25×25 .* is larger than the image rgb\.png \(24×32\)/);
    expect(existsSync(at('k.json'))).toBe(false);
    expect(convgrad('blur', 'texture.png', '-o', 'e.png', '--kernel', 'gaussian:41,3').code).toBe(4); // and from a real process
  });

  it('--debug adds the stack trace', () => {
    const r = convgrad('blur', 'nope.png', '--kernel', 'gaussian:3,1', '-o', 'e.png', '--debug');
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toMatch(/nope\.png: cannot read/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
