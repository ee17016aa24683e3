// Deconvolution benchmark (issue 12): the camera case of `npm start` — camera.png 512×512, motion
// blur 15 px at 30° (convgrad/node motionKernel), edges replicated past the frame, Gaussian noise
// σ = 0.01 (seed 1), model 'valid', tv 0.002, x ≥ 0 — per method: wall and CPU ms, iterations,
// converged, objective, gap to the optimum, PSNR against the sharp photo on the frame (the
// 'valid' solution's interior, clamped to [0, 1]); and ADMM's ms per iteration at 512² and 2048²
// (camera.png upscaled 4×, nearest). Node; writes the table into BENCHMARKS.md between the
// deconvolve markers.
//
// The optimum f* of the camera TV problem was computed once with a long, tight run: ADMM with
// the default penalties for 4000 iterations (residuals 1.1e-7), objective 21.10777845 and still
// falling by ~5e-7 per 500 iterations with ratio ≈ 0.7, so f* = 21.1077773 ± 1e-6 (geometric
// extrapolation of the tail). Set BENCH_OPTIMUM=1 to recompute it (minutes).
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { conv2d, deconvolve, init } from '../dist/index.js';
import { crop, motionKernel, padForSame, readImage, validOffsetInSame, withGaussianNoise } from '../dist/node/index.js';

await init();
const K = 15;
const TV = 0.002;
const sharp = (await readImage(new URL('../examples/data/camera.png', import.meta.url).pathname)).channels[0];
const h = motionKernel(K, 30);
const y = withGaussianNoise(conv2d(padForSame(sharp, K, K, 'replicate'), h, 'valid'), 0.01, 1);
const off = validOffsetInSame(K);

function psnr(x) {
  const inner = crop(x, off, off, sharp.rows, sharp.cols);
  let se = 0;
  for (let i = 0; i < inner.data.length; i++) se += (Math.min(1, Math.max(0, inner.data[i])) - sharp.data[i]) ** 2;
  return 10 * Math.log10(1 / (se / inner.data.length));
}
function timed(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { result, ms, cpu: (c.user + c.system) / 1000 };
}

let OPTIMUM = 21.1077773;
if (process.env.BENCH_OPTIMUM === '1') {
  const r = deconvolve(h, y, { tv: TV, nonNegative: true, tolerance: 1e-9, maxIterations: 20000 });
  OPTIMUM = r.objective;
  console.log(`optimum: ${r.objective} after ${r.iterations} iterations (converged ${r.converged})`);
}

const runs = [
  ['admm (default: tv, x ≥ 0)', { tv: TV, nonNegative: true }, true],
  ['admm, tolerance 3e-5', { tv: TV, nonNegative: true, tolerance: 3e-5 }, true],
  ['fista, 100 iterations (the old npm start)', { method: 'fista', tv: TV, nonNegative: true, maxIterations: 100 }, true],
  ['richardson-lucy (default 50 iterations)', { method: 'richardson-lucy' }, false],
  ['wiener (default λ)', { method: 'wiener' }, false],
];
const rows = [];
deconvolve(h, y, { tv: TV, nonNegative: true, maxIterations: 3 }); // warm-up (compile, memory)
for (const [name, options, sameProblem] of runs) {
  const { result: r, ms, cpu } = timed(() => deconvolve(h, y, options));
  const gap = sameProblem ? ((r.objective - OPTIMUM) / OPTIMUM).toExponential(1) : '— (other problem)';
  rows.push(`| ${name} | ${ms.toFixed(0)} | ${cpu.toFixed(0)} | ${r.iterations} | ${r.converged} | ${r.objective.toFixed(5)} | ${gap} | ${psnr(r.image).toFixed(2)} |`);
  console.log(rows.at(-1));
}

// ms per ADMM iteration at 512² and 2048² (a fixed 20 iterations after a warm-up).
function upscale(m, f) {
  const out = { data: new Float64Array(m.rows * f * m.cols * f), rows: m.rows * f, cols: m.cols * f };
  for (let i = 0; i < out.rows; i++) for (let j = 0; j < out.cols; j++) out.data[i * out.cols + j] = m.data[Math.floor(i / f) * m.cols + Math.floor(j / f)];
  return out;
}
const perIt = [];
for (const [label, image] of [['512²', sharp], ['2048²', upscale(sharp, 4)]]) {
  const yy = withGaussianNoise(conv2d(padForSame(image, K, K, 'replicate'), h, 'valid'), 0.01, 1);
  const n = 20;
  deconvolve(h, yy, { tv: TV, nonNegative: true, maxIterations: 2 });
  const { ms, cpu } = timed(() => deconvolve(h, yy, { tv: TV, nonNegative: true, maxIterations: n, tolerance: 1e-300 }));
  perIt.push(`| ${label} (image ${image.rows + K - 1}², canvas per admmCanvas) | ${(ms / n).toFixed(1)} | ${(cpu / n).toFixed(1)} |`);
  console.log(perIt.at(-1));
}

const load = (await import('node:os')).loadavg()[0].toFixed(1);
const header = `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}; ` +
  `float64. **Shared machine**: 1-minute load average ${load} on 2 cores during the run, so wall times are inflated several-fold; ` +
  'CPU ms (process.cpuUsage) is closer to what a quiet machine gives, but also inflated by cache contention. f* = ' + OPTIMUM +
  ' (see bench/deconvolve.bench.mjs for how it was computed).';
const table = ['| method | wall ms | CPU ms | iterations | converged | objective | gap to f* (relative) | PSNR dB (frame) |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
const table2 = ['| ADMM size | wall ms / iteration | CPU ms / iteration |', '|---|---|---|', ...perIt].join('\n');
const path = new URL('../BENCHMARKS.md', import.meta.url);
let doc = await readFile(path, 'utf8');
const section = `<!-- deconvolve:begin -->\n${header}\n\n${table}\n\n${table2}\n<!-- deconvolve:end -->`;
doc = doc.includes('<!-- deconvolve:begin -->') ? doc.replace(/<!-- deconvolve:begin -->[\s\S]*<!-- deconvolve:end -->/, section) : `${doc}\n${section}\n`;
await writeFile(path, doc);
