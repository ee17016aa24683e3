// CommonJS consumers: require() of all three entries from a .cjs file in a fresh project that has
// the packed tarball installed, and a .cts file type-checked against the `require` types.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshProject, runNode, runTsc } from '../support/packed.js';

let dir: string;
beforeAll(() => {
  dir = freshProject('commonjs'); // npm pack: seconds, more on a busy machine
}, 180_000);

describe('CommonJS', () => {
  it('require() works for convgrad, convgrad/node and convgrad/pool, sharing one core', () => {
    writeFileSync(join(dir, 'main.cjs'), `
const cg = require('convgrad');
const node = require('convgrad/node');
const { createPool, PoolClosedError } = require('convgrad/pool');
(async () => {
  const info = await cg.init();
  const x = cg.matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  const h = cg.matrix([[1, 0], [0, -1]]);
  const full = cg.toArray(cg.conv2d(x, h, 'full'));
  const kernel = node.gaussianKernel(5, 1);
  const pool = await createPool({ workers: 1 });
  const pooled = cg.toArray(await pool.conv2d(x, h, 'full'));
  const poolError = await pool.conv2d(x, cg.matrix([[1]], 'float32')).catch((e) => e);
  await pool.close();
  const closed = await pool.conv2d(x, h).catch((e) => e);
  let syncError;
  try { cg.conv2d(x, cg.matrix([[1]], 'float32')); } catch (e) { syncError = e; }
  console.log(JSON.stringify({
    backend: info.backend, full, pooled,
    kernelSum: kernel.data.reduce((s, v) => s + v, 0),
    poolErrorIsDType: poolError instanceof cg.DTypeError,
    syncErrorIsDType: syncError instanceof cg.DTypeError,
    closedIsPoolClosed: closed instanceof PoolClosedError && closed instanceof cg.ConvgradError,
    esm: typeof require('convgrad/package.json').exports['.'].import,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
`);
    const out = JSON.parse(runNode(dir, 'main.cjs'));
    const expected = [[1, 2, 3, 0], [4, 4, 4, -3], [7, 4, 4, -6], [0, -7, -8, -9]];
    expect(out.backend).toBe('wasm-simd');
    expect(out.full).toEqual(expected);
    expect(out.pooled).toEqual(expected);
    expect(out.kernelSum).toBeCloseTo(1, 12);
    // Errors thrown by the core, rebuilt from a pool worker, or raised by the pool are all the
    // classes require('convgrad') exports: the three entries share one copy of the core.
    expect(out.poolErrorIsDType).toBe(true);
    expect(out.syncErrorIsDType).toBe(true);
    expect(out.closedIsPoolClosed).toBe(true);
    expect(out.esm).toBe('object');
  });

  it('a .cts file type-checks against the require types (strict, nodenext)', () => {
    writeFileSync(join(dir, 'check.cts'), `
import { init, conv2d, matrix, type Matrix } from 'convgrad';
import { gaussianKernel } from 'convgrad/node';
import { createPool, type Pool } from 'convgrad/pool';
export async function run(): Promise<Matrix> {
  await init();
  const pool: Pool = await createPool({ workers: 1 });
  await pool.close();
  return conv2d(matrix([[1, 2]]), gaussianKernel(3, 1), 'same');
}
`);
    const r = runTsc(dir, ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', 'check.cts']);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });
});
