// `npm start` (examples/main): runs on the bundled photo and writes outputs that exist and decode.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImage, readKernelFile } from 'convgrad/node';

const root = join(import.meta.dirname, '../..');

describe('npm start (the main job)', () => {
  it('writes the blurred and deblurred photo, the kernel heatmap and file, a convergence plot and report.json', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'convgrad-main-')), 'out');
    const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start as string;
    expect(script).toBe('node examples/main/main.mjs');
    const r = spawnSync(process.execPath, [join(root, 'examples/main/main.mjs')], {
      cwd: root, encoding: 'utf8', env: { ...process.env, CONVGRAD_OUT: out }, timeout: 240_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/estimate kernel, unconstrained\s+kernel error \d+\.\d %/);
    expect(r.stdout).toMatch(/speed-up over JS/);

    for (const name of ['blurred.png', 'deblurred.png']) {
      const img = await readImage(join(out, name));
      expect([img.width, img.height, img.channels.length], name).toEqual([512, 512, 1]);
    }
    const heatmap = await readImage(join(out, 'kernel.png'));
    expect(heatmap.channels.length).toBe(3);
    expect(heatmap.width).toBeGreaterThan(3 * 15 * 10);
    // Labelled: a caption band above the 15×15 panels (12 px a tap) holds dark text.
    expect(heatmap.height).toBeGreaterThan(15 * 12 + 2 * 14);
    const dark = (y: number) => Array.from({ length: heatmap.width }, (_, x) => x).filter((x) => heatmap.channels.every((c) => c.data[y * heatmap.width + x]! < 0.2)).length;
    expect(Array.from({ length: 2 * 14 }, (_, y) => dark(10 + y)).reduce((s, n) => s + n, 0)).toBeGreaterThan(100);
    const kernel = await readKernelFile(join(out, 'kernel.json'));
    expect([kernel.rows, kernel.cols]).toEqual([15, 15]);
    expect(Array.from(kernel.data).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);

    const svg = readFileSync(join(out, 'convergence.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.match(/<polyline /g)?.length).toBe(2);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);

    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.steps).toHaveLength(3);
    expect(report.steps[1].kernelError).toBeLessThan(0.15);
    expect(report.psnr.deblurred).toBeGreaterThan(report.psnr.blurred);
    for (const s of report.steps) expect(s.jsBaseline.speedup).toBeGreaterThan(1);
  }, 300_000);
});
