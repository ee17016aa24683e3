// `convgrad deblur` end to end: a real process on a small synthetic RGB photo blurred by a known
// motion kernel; the outputs (image, kernel file, heatmap) and the usage errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conv2d, init, type Matrix } from 'convgrad';
import { encodeImage, readImage, readKernelFile } from 'convgrad/node';

const BIN = join(import.meta.dirname, '../../bin/convgrad.js');
const dir = mkdtempSync(join(tmpdir(), 'convgrad-deblur-'));
const at = (...p: string[]) => join(dir, ...p);

function convgrad(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** 72×72 blocks in three colours, blurred per channel by a 7-px diagonal motion ('same'). */
async function blurredPhoto(): Promise<Matrix> {
  await init();
  const n = 72;
  const h = new Float64Array(49);
  for (let t = 0; t < 7; t++) h[t * 7 + (t >> 1) + 2] = 1 / 7;
  const kernel = { data: h, rows: 7, cols: 7 };
  const channels = [0, 1, 2].map((c) => {
    const x = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) x[i * n + j] = 0.2 + 0.25 * (((i >> 4) + (j >> 4) + c) % 3) + (i > 30 && i < 50 && j > 10 && j < 25 ? 0.2 : 0);
    return conv2d({ data: x, rows: n, cols: n }, kernel, 'same');
  });
  writeFileSync(at('shaky.png'), encodeImage({ width: n, height: n, channels, bitDepth: 8 }, 'png'));
  return kernel;
}

describe('deblur', () => {
  it('writes the deblurred colour image, the kernel file and its heatmap; --json reports them', async () => {
    await blurredPhoto();
    const r = convgrad('deblur', 'shaky.png', '--kernel-size', '7', '-o', 'sharp.png', '--kernel-out', 'k.json', '--kernel-png', 'k.png', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ input: 'shaky.png', ok: true, output: 'sharp.png', kernel: 'k.json', png: 'k.png', size: '7×7' });
    const out = await readImage(at('sharp.png'));
    expect([out.width, out.height, out.channels.length]).toEqual([72, 72, 3]);
    const k = await readKernelFile(at('k.json'));
    expect([k.rows, k.cols]).toEqual([7, 7]);
    expect(Array.from(k.data).every((v) => v >= 0)).toBe(true);
    expect(Array.from(k.data).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(readFileSync(at('k.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('refuses an even or too-large kernel size and a missing size with usage / data exit codes', async () => {
    if (!existsSync(at('shaky.png'))) await blurredPhoto();
    const even = convgrad('deblur', 'shaky.png', '--kernel-size', '8', '-o', 'x.png');
    expect(even.code).toBe(2);
    expect(even.stderr).toMatch(/--kernel-size must be odd.*use 9x9/);
    const missing = convgrad('deblur', 'shaky.png', '-o', 'x.png');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing --kernel-size/);
    const large = convgrad('deblur', 'shaky.png', '--kernel-size', '75', '-o', 'x.png');
    expect(large.code).toBe(4);
    expect(large.stderr).toMatch(/larger than the image/);
  });
});
