// Solver benchmark (issue targets): the textbook reference case (exact vs plain gradient descent),
// kernel estimation on camera.png (least squares; non-negative + sum-to-one) and Tikhonov
// deconvolution of camera.png — WASM SIMD vs the pure-JS baseline in one process. Medians of
// repeated runs where a run is short; slow baselines run once (said so in the table).
// Writes its table into BENCHMARKS.md between the solvers markers.
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { PNG } from 'pngjs';
import { createContext } from '../dist/index.js';

const wasm = await createContext();
const js = await createContext({ backend: 'js' });
const QUICK = process.env.BENCH_QUICK === '1';

function gaussian(size, sigma) {
  const h = { data: new Float64Array(size * size), rows: size, cols: size };
  const c = (size - 1) / 2;
  let s = 0;
  for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) s += h.data[a * size + b] = Math.exp(-((a - c) ** 2 + (b - c) ** 2) / (2 * sigma ** 2));
  for (let i = 0; i < h.data.length; i++) h.data[i] /= s;
  return h;
}
function noise(seed) {
  let s = seed;
  const u = () => ((s = (s * 16807) % 2147483647), s / 2147483647);
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}
const relErr = (a, b) => {
  let e = 0, n = 0;
  for (let i = 0; i < a.length; i++) { e += (a[i] - b[i]) ** 2; n += b[i] ** 2; }
  return Math.sqrt(e / n);
};
function median(fn, runs) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[runs >> 1], result, runs };
}

const rows = [];
const record = (problem, backend, t, extra) => {
  rows.push({ problem, backend, ...t, ...extra });
  console.log(`${problem} [${backend}]: ${t.ms.toFixed(1)} ms (${t.runs} run${t.runs > 1 ? 's, median' : ''}) ${JSON.stringify(extra)}`);
};

// 1. The reference case: 200×200 square, 51×51 Gaussian σ=4, y = conv2(x, h, 'valid'), no noise.
{
  const x = { data: new Float64Array(200 * 200), rows: 200, cols: 200 };
  for (let i = 85; i < 115; i++) for (let j = 85; j < 115; j++) x.data[i * 200 + j] = 1;
  const h = gaussian(51, 4);
  const y = wasm.conv2d(x, h, 'valid');
  const size = { rows: 51, cols: 51 };
  for (const [name, cg, runs] of [['wasm-simd', wasm, 5], ['js', js, 1]]) {
    const t = median(() => cg.estimateKernel(x, y, size, { method: 'exact' }), runs);
    record('reference 200², 51×51: exact', name, t, { error: relErr(t.result.kernel.data, h.data).toExponential(2) });
  }
  if (!QUICK) {
    const t = median(() => wasm.estimateKernel(x, y, size, { method: 'gd', step: 2e-6, maxIterations: 2999 }), 1);
    record('reference 200², 51×51: plain GD, step 2e-6, 2999 steps', 'wasm-simd', t, {
      error: relErr(t.result.kernel.data, h.data).toExponential(3), objective: t.result.objective.toExponential(3),
    });
  }
}

// camera.png as floats in [0, 1].
const png = PNG.sync.read(await readFile(new URL('../examples/data/camera.png', import.meta.url)));
const camera = { data: new Float64Array(512 * 512), rows: 512, cols: 512 };
for (let i = 0; i < camera.data.length; i++) camera.data[i] = png.data[4 * i] / 255;

// 2. Kernel estimation: 15×15 Gaussian σ=2, noise σ=0.01.
{
  const h = gaussian(15, 2);
  const y = wasm.conv2d(camera, h, 'valid');
  const rnd = noise(7);
  for (let i = 0; i < y.data.length; i++) y.data[i] += 0.01 * rnd();
  const size = { rows: 15, cols: 15 };
  for (const [name, cg, runs] of [['wasm-simd', wasm, 9], ['js', js, 3]]) {
    const t = median(() => cg.estimateKernel(camera, y, size), runs);
    record('camera 512², 15×15, noise 0.01: least squares (exact)', name, t, { error: relErr(t.result.kernel.data, h.data).toExponential(2) });
    const c = median(() => cg.estimateKernel(camera, y, size, { nonNegative: true, sumToOne: true }), runs);
    record('camera 512², 15×15, noise 0.01: non-negative + sum-to-one (fista)', name, c, {
      error: relErr(c.result.kernel.data, h.data).toExponential(2), iterations: c.result.iterations, converged: c.result.converged,
    });
  }
}

// 3. Deconvolution: 9×9 Gaussian σ=2, noise σ=0.01, Tikhonov 1e-2, CGLS to relative gradient norm 1e-6.
{
  const h = gaussian(9, 2);
  const y = wasm.conv2d(camera, h, 'valid');
  const rnd = noise(11);
  for (let i = 0; i < y.data.length; i++) y.data[i] += 0.01 * rnd();
  for (const [name, cg, runs] of [['wasm-simd', wasm, 5], ['js', js, 1]]) {
    const t = median(() => cg.deconvolve(h, y, { method: 'cg', tikhonov: 1e-2, tolerance: 1e-6 }), runs);
    record('camera 512², 9×9 σ2, noise 0.01: deconvolve cg, tikhonov 1e-2, tol 1e-6', name, t, {
      iterations: t.result.iterations, converged: t.result.converged, error: relErr(t.result.image.data, camera.data).toFixed(4),
    });
  }
}

let table = '| problem | backend | ms | runs | result |\n|---|---|---|---|---|\n';
for (const r of rows) {
  const { problem, backend, ms, runs, result: _r, ...extra } = r;
  const detail = Object.entries(extra).map(([k, v]) => `${k} ${v}`).join(', ');
  table += `| ${problem} | ${backend} | ${ms.toFixed(1)} | ${runs === 1 ? '1' : `median of ${runs}`} | ${detail} |\n`;
}
const header = `Node ${process.version}, ${cpus()[0]?.model ?? 'CPU'}, ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}; float64.`;
console.log(`\n${header}\n\n${table}`);
if (!QUICK && process.env.BENCH_WRITE !== '0') {
  const path = new URL('../BENCHMARKS.md', import.meta.url);
  let doc = await readFile(path, 'utf8');
  const section = `<!-- solvers:begin -->\n${header}\n\n${table}<!-- solvers:end -->`;
  doc = doc.includes('<!-- solvers:begin -->') ? doc.replace(/<!-- solvers:begin -->[\s\S]*<!-- solvers:end -->/, section) : `${doc}\n${section}\n`;
  await writeFile(path, doc);
}
