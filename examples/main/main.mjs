// npm start: the whole job on a real photograph (camera.png), written to ./out/.
// 1. blur it with a known 15×15 motion kernel plus noise, as a camera would record it;
// 2. estimate the kernel back from the sharp/blurred pair: unconstrained (exact least squares)
//    and constrained to a blur (h ≥ 0, Σh = 1, FISTA);
// 3. deconvolve the blurred photo with the constrained estimate (ADMM, total variation, x ≥ 0),
//    to convergence;
// 4. write the blurred and deblurred images, the kernels as a heatmap, a convergence plot and
//    report.json, and print a table with the time of each step against the pure-JS baseline.
// Set CONVGRAD_OUT to write somewhere else than ./out.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { backendInfo, conv2d, createContext, deconvolve, estimateKernel, init } from 'convgrad';
import {
  convergenceSvg, kernelHeatmapPng, motionKernel, padForSame, readImage, validInterior, validOffsetInSame,
  crop, withGaussianNoise, writeFileAtomic, writeImage, writeKernelFile,
} from 'convgrad/node';

const K = 15;
const ANGLE = 30;
const NOISE = 0.01;
const SEED = 1;
const TV = 0.002;
const out = resolve(process.env.CONVGRAD_OUT ?? 'out');
const photo = new URL('../data/camera.png', import.meta.url).pathname;

await init();
const js = await createContext({ backend: 'js' });
const { backend } = backendInfo();
await mkdir(out, { recursive: true });

// --- 1. A blurred photo: same size as the sharp one, edges continued past the frame, plus noise.
const sharp = (await readImage(photo)).channels[0];
const hTrue = motionKernel(K, ANGLE);
const blurred = withGaussianNoise(conv2d(padForSame(sharp, K, K, 'replicate'), hTrue, 'valid'), NOISE, SEED);
// Its border depends on what lay outside the frame: the kernel is fitted on the interior,
// which conv2d(sharp, h, 'valid') predicts exactly.
const interior = validInterior(blurred, K, K);
console.log(`convgrad main job: ${photo.split('/').pop()} ${sharp.rows}×${sharp.cols}, true kernel motion ${K} px at ${ANGLE}° ` +
  `(${K}×${K}), noise σ = ${NOISE}, backend ${backend}\n`);

// --- helpers
const norm = (d) => Math.sqrt(d.reduce((s, v) => s + v * v, 0));
const kernelError = (h) => norm(h.data.map((v, i) => v - hTrue.data[i])) / norm(hTrue.data);
function psnr(a, b) {
  let se = 0;
  for (let i = 0; i < a.data.length; i++) se += (Math.min(1, Math.max(0, a.data[i])) - b.data[i]) ** 2;
  return 10 * Math.log10(1 / (se / a.data.length));
}
function timed(fn) {
  const t0 = performance.now();
  const result = fn();
  return { result, ms: performance.now() - t0 };
}
/**
 * The same work on the JS baseline. Iterative methods are too slow to run to the end in JS, so
 * both backends run the same first `iterations` iterations and those times are compared.
 */
function baseline(run, iterations) {
  const options = iterations === undefined ? {} : { maxIterations: iterations };
  const wasm = timed(() => run({ estimateKernel, deconvolve }, options)).ms;
  const base = timed(() => run(js, options)).ms;
  return { iterations: iterations ?? 'all', wasmMs: wasm, jsMs: base, speedup: base / wasm };
}

// --- 2. Kernel estimation, unconstrained and constrained.
const size = { rows: K, cols: K };
const steps = [];
{
  const { result, ms } = timed(() => estimateKernel(sharp, interior, size));
  const js = baseline((cg) => cg.estimateKernel(sharp, interior, size));
  steps.push({ name: 'estimate kernel, unconstrained', result, ms, js, quality: `kernel error ${(100 * kernelError(result.kernel)).toFixed(1)} %` });
}
const constrainedOptions = { nonNegative: true, sumToOne: true };
const constrained = timed(() => estimateKernel(sharp, interior, size, constrainedOptions));
steps.push({
  name: 'estimate kernel, h ≥ 0, Σh = 1', ...constrained,
  js: baseline((cg, o) => cg.estimateKernel(sharp, interior, size, { ...constrainedOptions, ...o }), Math.min(100, constrained.result.iterations)),
  quality: `kernel error ${(100 * kernelError(constrained.result.kernel)).toFixed(1)} %`,
});
const hEst = constrained.result.kernel;

// --- 3. Deconvolution with the estimated kernel. With the 'valid' model the solution extends
// K−1 pixels past the frame (nothing assumed about it); the part inside the frame is kept.
// The default method with tv/nonNegative ('admm'), run to its stopping rule: no iteration cap.
const deconvOptions = { tv: TV, nonNegative: true };
const deconv = timed(() => deconvolve(hEst, blurred, deconvOptions));
const off = validOffsetInSame(K);
const deblurred = crop(deconv.result.image, off, off, sharp.rows, sharp.cols);
steps.push({
  name: `deconvolve, ${deconv.result.method.toUpperCase()} + TV ${TV}, x ≥ 0`, ...deconv,
  // The JS baseline has no FFT and so no ADMM: compare the first FISTA iterations on both.
  js: { ...baseline((cg, o) => cg.deconvolve(hEst, blurred, { ...deconvOptions, method: 'fista', ...o }), 5), method: 'fista' },
  quality: `PSNR ${psnr(blurred, sharp).toFixed(1)} → ${psnr(deblurred, sharp).toFixed(1)} dB`,
});

// --- 4. Files.
const files = {
  blurred: join(out, 'blurred.png'),
  kernel: join(out, 'kernel.png'),
  kernelJson: join(out, 'kernel.json'),
  deblurred: join(out, 'deblurred.png'),
  convergence: join(out, 'convergence.svg'),
  report: join(out, 'report.json'),
};
const asImage = (m) => ({ width: m.cols, height: m.rows, bitDepth: 8, channels: [m] });
await writeImage(files.blurred, asImage(blurred));
await writeImage(files.deblurred, asImage(deblurred));
// Left to right: the true kernel, the unconstrained estimate, the constrained one (one colour scale).
await writeFileAtomic(files.kernel, kernelHeatmapPng([hTrue, steps[0].result.kernel, hEst], {
  scale: 12, labels: ['true kernel', 'unconstrained', 'h ≥ 0, Σh = 1'],
}));
await writeKernelFile(files.kernelJson, hEst);
await writeFileAtomic(files.convergence, convergenceSvg([
  { label: `kernel, h ≥ 0, Σh = 1 (${constrained.result.method})`, values: constrained.result.history },
  { label: `deconvolution (${deconv.result.method} + TV)`, values: deconv.result.history },
]));

const report = {
  image: { file: 'examples/data/camera.png', rows: sharp.rows, cols: sharp.cols },
  blur: { kernel: `motion:${K},${ANGLE}`, rows: K, cols: K, boundary: 'replicate', noise: NOISE, seed: SEED },
  backend,
  fit: { mode: 'valid', region: `interior ${interior.rows}×${interior.cols} of the same-size blurred image` },
  steps: steps.map((s) => ({
    name: s.name, method: s.result.method, quality: s.quality, objective: s.result.objective,
    iterations: s.result.iterations, converged: s.result.converged, ms: Math.round(s.ms),
    ...(s.result.kernel ? { kernelError: kernelError(s.result.kernel) } : {}),
    jsBaseline: { iterations: s.js.iterations, wasmMs: Math.round(s.js.wasmMs), jsMs: Math.round(s.js.jsMs), speedup: Number(s.js.speedup.toFixed(1)) },
  })),
  psnr: { blurred: psnr(blurred, sharp), deblurred: psnr(deblurred, sharp) },
  files: Object.fromEntries(Object.entries(files).map(([k, f]) => [k, f.split('/').pop()])),
};
await writeFileAtomic(files.report, `${JSON.stringify(report, null, 2)}\n`);

// --- The table.
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const rows = [['step', 'result', 'objective', 'iterations', 'time', 'speed-up over JS'], ...steps.map((s) => [
  s.name, s.quality, s.result.objective.toPrecision(5), `${s.result.iterations}${s.result.converged ? '' : ' (cap)'}`, fmtMs(s.ms),
  `${s.js.speedup.toFixed(1)}× ${s.js.iterations === 'all' ? '' : `(${s.js.method ? `${s.js.method}, ` : ''}first ${s.js.iterations} it.)`}`,
])];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
console.log(`\nwrote ${Object.values(files).map((f) => f.split('/').pop()).join(', ')} to ${out}`);
console.log('kernel.png: true kernel | unconstrained estimate | constrained estimate (PSF: h ≥ 0, Σh = 1), one colour scale (viridis), labelled');

// A regression guard for CI: the constrained estimate of a known blur must be close.
if (!(kernelError(hEst) < 0.15)) {
  console.error(`kernel error ${(100 * kernelError(hEst)).toFixed(1)} % is too large: something is wrong`);
  process.exit(1);
}
