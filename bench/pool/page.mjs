// The browser side of the Web Worker pool benchmark: builds the batch (two photos, each in its 8
// rotations/flips, blurred by a 15×15 motion or Gaussian kernel plus noise: 32 sharp/blurred
// pairs), checks that every pool result equals the main thread's bit for bit, and times whole
// batches on the main thread and through the pool with 1 and 2 workers.
import { conv2d, estimateKernel, fromImageData, init } from '../../dist/index.js';
import { gaussianKernel, motionKernel } from '../../dist/node/kernels.js';
import { withGaussianNoise } from '../../dist/node/noise.js';
import { createPool } from '../../dist/web/pool/index.js';

const K = 15;
const size = { rows: K, cols: K };
const METHODS = { exact: {}, simplex: { sumToOne: true } };

/** The 8 rotations/flips of a square image: different data, same statistics. */
function dihedral(m, t) {
  const n = m.rows;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let [a, b] = t & 4 ? [j, i] : [i, j];
      if (t & 1) a = n - 1 - a;
      if (t & 2) b = n - 1 - b;
      data[i * n + j] = m.data[a * n + b];
    }
  }
  return { data, rows: n, cols: n };
}

async function photo(name) {
  const bitmap = await createImageBitmap(await (await fetch(`../../examples/data/${name}`)).blob());
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  return fromImageData(ctx.getImageData(0, 0, bitmap.width, bitmap.height), { dtype: 'float64' });
}

function sameBits(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
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
    const kernels = [motionKernel(K, 30), gaussianKernel(K, 2.5)];
    pairs = [];
    for (const p of photos) {
      for (let t = 0; t < 8; t++) {
        const x = dihedral(p, t);
        for (const h of kernels) pairs.push({ x, y: withGaussianNoise(conv2d(x, h, 'valid'), 0.005, pairs.length) });
      }
    }
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
