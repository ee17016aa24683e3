// The browser side of the Web Worker pool benchmark: builds the batch (two photos, each in its 8
// rotations/flips, blurred by a 15×15 motion or Gaussian kernel plus noise: 32 sharp/blurred
// pairs), checks that every pool result equals the main thread's bit for bit, and times whole
// batches on the main thread and through the pool with 1 and 2 workers.
import { estimateKernel, fromImageData, init } from '../../dist/index.js';
import { createPool } from '../../dist/web/pool/index.js';
import { batchKernels, batchPairs, K, sameBits } from './batch.mjs';

const size = { rows: K, cols: K };
const METHODS = { exact: {}, simplex: { sumToOne: true } };

async function photo(name) {
  const bitmap = await createImageBitmap(await (await fetch(`../../examples/data/${name}`)).blob());
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  return fromImageData(ctx.getImageData(0, 0, bitmap.width, bitmap.height), { dtype: 'float64' });
}

let pairs = [];
const pools = {};
const reference = {};

/**
 * How much CPU the page gets on two threads right now: a fixed integer spin in 2 Web Workers at
 * once against 1, as a rate ratio (2.0 on two idle cores).
 */
async function headroom() {
  const src = 'onmessage = () => { const t = performance.now(); let s = 0; for (let i = 0; i < 2e8; i++) s += i % 7; postMessage([performance.now() - t, s]); };';
  const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
  const run = async (n) => {
    const ws = Array.from({ length: n }, () => new Worker(url));
    const t0 = performance.now();
    await Promise.all(ws.map((w) => new Promise((r) => { w.onmessage = r; w.postMessage(0); })));
    const ms = performance.now() - t0;
    ws.forEach((w) => w.terminate());
    return ms;
  };
  await run(1); // warm-up: worker start and the spin's JIT
  const one = await run(1);
  const two = await run(2);
  URL.revokeObjectURL(url);
  return (2 * one) / two;
}

window.poolBench = {
  async setup() {
    await init();
    const photos = await Promise.all(['camera.png', 'brick.png'].map(photo));
    pairs = batchPairs(photos);
    const kernels = batchKernels();
    const startup = {};
    for (const workers of [1, 2]) {
      const t0 = performance.now();
      pools[workers] = await createPool({ workers });
      await Promise.all(Array.from({ length: workers }, () => pools[workers].conv2d(pairs[0].x, kernels[0], 'valid')));
      startup[workers] = performance.now() - t0;
    }
    return {
      pairs: pairs.length, sharp: `${pairs[0].x.rows}×${pairs[0].x.cols}`, blurred: `${pairs[0].y.rows}×${pairs[0].y.cols}`,
      startup, crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, userAgent: navigator.userAgent,
    };
  },
  /** The main-thread results of one method (the reference), and the pools' checked against them; also the warm-up. */
  async check(method) {
    const options = METHODS[method];
    const t0 = performance.now();
    reference[method] = pairs.map(({ x, y }) => estimateKernel(x, y, size, options));
    const perJob = (performance.now() - t0) / pairs.length;
    for (const workers of [1, 2]) {
      const got = await Promise.all(pairs.map(({ x, y }) => pools[workers].estimateKernel(x, y, size, options)));
      got.forEach((r, i) => {
        if (!sameBits(r.kernel.data, reference[method][i].kernel.data)) throw new Error(`pool(${workers}) ${method} result ${i} differs from the main thread`);
      });
    }
    return { perJob, iterations: reference[method].map((r) => r.iterations) };
  },
  /** One whole batch: 'main' on this thread, or 1 / 2 for the pool of that size; milliseconds. */
  async batch(method, where) {
    const options = METHODS[method];
    const t0 = performance.now();
    if (where === 'main') pairs.forEach(({ x, y }) => estimateKernel(x, y, size, options));
    else await Promise.all(pairs.map(({ x, y }) => pools[where].estimateKernel(x, y, size, options)));
    return performance.now() - t0;
  },
  headroom,
  async close() {
    await Promise.all(Object.values(pools).map((p) => p.close()));
  },
};
document.getElementById('log').textContent = 'ready\n';
