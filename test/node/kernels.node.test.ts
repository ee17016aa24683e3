// Generated kernels, kernel files, and the same-size/valid geometry the CLI relies on.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2d, init } from '../../src/index.js';
import { crop, padForSame, validInterior } from '../../src/node/geometry.js';
import { kernelToJson, loadKernel, parseKernelJson, readKernelFile, writeKernelFile } from '../../src/node/kernel-file.js';
import { gaussianKernel, kernelFromSpec, motionKernel } from '../../src/node/kernels.js';
import { withGaussianNoise } from '../../src/node/noise.js';
import type { Matrix } from '../../src/types.js';

const sum = (m: Matrix) => Array.from(m.data).reduce((s, v) => s + v, 0);
const at = (m: Matrix, i: number, j: number) => m.data[i * m.cols + j]!;

function random(rows: number, cols: number, seed: number): Matrix {
  return withGaussianNoise({ data: new Float64Array(rows * cols), rows, cols }, 1, seed);
}

beforeAll(async () => {
  await init();
});

describe('generated kernels', () => {
  it('gaussian: size², sums to 1, symmetric, peaked at the centre', () => {
    const g = gaussianKernel(15, 2);
    expect([g.rows, g.cols]).toEqual([15, 15]);
    expect(sum(g)).toBeCloseTo(1, 14);
    expect(at(g, 3, 5)).toBeCloseTo(at(g, 11, 9), 15);
    expect(Math.max(...g.data)).toBe(at(g, 7, 7));
  });

  it('motion: a line through the centre at the angle, counter-clockwise from horizontal', () => {
    const h = motionKernel(15, 0);
    expect([h.rows, h.cols]).toEqual([15, 15]);
    expect(sum(h)).toBeCloseTo(1, 14);
    for (let j = 0; j < 15; j++) expect(at(h, 7, j)).toBeCloseTo(1 / 15, 14); // horizontal line, row 7 only
    const up = motionKernel(9, 45);
    expect(at(up, 1, 7)).toBeGreaterThan(0.05); // up and to the right of the centre
    expect(at(up, 7, 1)).toBeGreaterThan(0.05); // down and to the left
    expect(at(up, 1, 1)).toBe(0);
    expect(at(up, 7, 7)).toBe(0);
    expect(motionKernel(10, 90).rows).toBe(11); // even lengths get an odd box, so there is a centre
  });

  it('specs parse, and bad ones say what is expected', () => {
    expect(kernelFromSpec('gaussian:15,2.0')).toEqual(gaussianKernel(15, 2));
    expect(kernelFromSpec('motion:21,30')).toEqual(motionKernel(21, 30));
    expect(kernelFromSpec('kernel.json')).toBeNull();
    expect(() => kernelFromSpec('gaussian:15')).toThrow(/expected gaussian:SIZE,SIGMA or motion:LENGTH,ANGLE/);
    expect(() => kernelFromSpec('gaussian:15,0')).toThrow(/sigma must be a positive number/);
    expect(() => kernelFromSpec('motion:2.5,30')).toThrow(/length must be a positive integer/);
  });
});

describe('kernel files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convgrad-kernel-'));

  it('round-trip exactly, one kernel row per line', async () => {
    const h = motionKernel(5, 30);
    const file = join(dir, 'k.json');
    await writeKernelFile(file, h);
    expect(await readKernelFile(file)).toEqual(h);
    expect(kernelToJson(h).split('\n').length).toBe(5 + 7);
    expect(await loadKernel('gaussian:3,1')).toEqual(gaussianKernel(3, 1));
    expect(await loadKernel(file)).toEqual(h);
  });

  it('reject malformed files, naming the file and the problem', async () => {
    expect(() => parseKernelJson('{', 'a.json')).toThrow(/^a\.json: not valid JSON/);
    expect(() => parseKernelJson('[1, 2]', 'a.json')).toThrow(/a\.json: expected a JSON object/);
    expect(() => parseKernelJson('{"rows": 2, "cols": 0, "data": []}', 'a.json')).toThrow(/"rows" and "cols" must be positive integers/);
    expect(() => parseKernelJson('{"rows": 2, "cols": 2, "data": [1, 2, 3]}', 'a.json')).toThrow(/"data" must be an array of rows·cols = 4 numbers, got 3/);
    expect(() => parseKernelJson('{"rows": 1, "cols": 2, "data": [1, "x"]}', 'a.json')).toThrow(/"data"\[1\] is not a finite number/);
    const missing = join(dir, 'missing.json');
    await expect(readKernelFile(missing)).rejects.toThrow(`${missing}: cannot read: no such file or directory`);
    writeFileSync(join(dir, 'bad.json'), '{"rows": 1}');
    await expect(loadKernel(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: "rows" and "cols"/);
  });
});

describe('same-size geometry (MATLAB alignment)', () => {
  for (const [k, l] of [[5, 5], [4, 6], [1, 3]] as const) {
    it(`valid output = interior of the same-size blur, kernel ${k}×${l}`, () => {
      const x = random(12, 13, k * 10 + l);
      const h = random(k, l, 99);
      const same = conv2d(x, h, 'same');
      expect(Array.from(validInterior(same, k, l).data)).toEqual(Array.from(conv2d(x, h, 'valid').data));
      // zero padding reproduces conv2d 'same' bit for bit; replicate differs only near the border
      expect(Array.from(conv2d(padForSame(x, k, l, 'zero'), h, 'valid').data)).toEqual(Array.from(same.data));
      const rep = conv2d(padForSame(x, k, l, 'replicate'), h, 'valid');
      expect(Array.from(validInterior(rep, k, l).data)).toEqual(Array.from(conv2d(x, h, 'valid').data));
    });
  }

  it('crop copies the block', () => {
    const m = { data: Float64Array.from({ length: 12 }, (_, i) => i), rows: 3, cols: 4 };
    expect(Array.from(crop(m, 1, 1, 2, 2).data)).toEqual([5, 6, 9, 10]);
  });

  it('noise is reproducible by seed and has the asked standard deviation', () => {
    const z = { data: new Float64Array(20000), rows: 100, cols: 200 };
    const a = withGaussianNoise(z, 0.1, 7);
    expect(withGaussianNoise(z, 0.1, 7)).toEqual(a);
    expect(withGaussianNoise(z, 0.1, 8)).not.toEqual(a);
    const sd = Math.sqrt(Array.from(a.data).reduce((s, v) => s + v * v, 0) / a.data.length);
    expect(sd).toBeGreaterThan(0.097);
    expect(sd).toBeLessThan(0.103);
  });
});
