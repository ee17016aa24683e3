// `npm run soak`: 10⁵ calls of conv2d and valueAndGrad (direct and FFT, float32 and float64),
// then 10³ solver calls, with failing calls (bad shapes, NaN, unknown options) mixed in; prints
// RSS and WebAssembly memory every 10⁴ calls. Passes when memory is flat: WebAssembly memory
// does not grow after the first round, and RSS (after a GC) stays within 32 MiB of it.
import { backendInfo, conv2d, deconvolve, estimateKernel, init, valueAndGrad } from '../dist/index.js';

await init();
const CALLS = Number(process.env.SOAK_CALLS ?? 100_000);
const SOLVES = Number(process.env.SOAK_SOLVES ?? 1000);
const MiB = 2 ** 20;

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const mk = (rows, cols, Ctor) => ({ rows, cols, data: Ctor.from({ length: rows * cols }, rand) });
const problems = [Float32Array, Float64Array].flatMap((Ctor) => [
  { x: mk(48, 40, Ctor), h: mk(5, 5, Ctor), y: mk(44, 36, Ctor), method: 'direct' },
  { x: mk(64, 64, Ctor), h: mk(17, 17, Ctor), y: mk(48, 48, Ctor), method: 'fft' },
]);

const samples = [];
function sample(label) {
  globalThis.gc?.();
  const rss = process.memoryUsage().rss;
  const wasm = backendInfo().memoryBytes;
  samples.push({ rss, wasm });
  console.log(`${label.padEnd(22)} RSS ${(rss / MiB).toFixed(1).padStart(7)} MiB   WebAssembly ${(wasm / MiB).toFixed(1).padStart(6)} MiB`);
}

let failuresSeen = 0;
function mustFail(fn) {
  try {
    fn();
  } catch {
    failuresSeen++;
    return;
  }
  throw new Error('soak: a call that must fail did not');
}

const started = performance.now();
for (let i = 1; i <= CALLS; i++) {
  const p = problems[i % problems.length];
  if (i % 10 === 0) {
    const bad = i % 30;
    if (bad === 0) mustFail(() => conv2d(p.x, { ...p.h, rows: 4 }, 'valid'));
    else if (bad === 10) mustFail(() => valueAndGrad(p.x, p.h, { ...p.y, data: Object.assign(p.y.data.slice(), { 3: NaN }) }, 'valid'));
    else mustFail(() => conv2d(p.x, p.h, 'valid', { methd: 'fft' }));
  } else if (i % 2 === 0) {
    conv2d(p.x, p.h, 'valid', { method: p.method });
  } else {
    valueAndGrad(p.x, p.h, p.y, 'valid', { method: p.method });
  }
  if (i % 10_000 === 0) sample(`${i} calls`);
}
for (let i = 1; i <= SOLVES; i++) {
  const p = problems[i % 2];
  if (i % 10 === 0) mustFail(() => deconvolve({ ...p.h, data: new p.h.data.constructor(25) }, p.y));
  else if (i % 2 === 0) deconvolve(p.h, p.y, { maxIterations: 5 });
  else estimateKernel(p.x, p.y, { rows: p.h.rows, cols: p.h.cols });
  if (i % 250 === 0) sample(`${i} solver calls`);
}
console.log(`${CALLS + SOLVES} calls (${failuresSeen} failing as they must) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const core = samples.slice(0, Math.floor(CALLS / 10_000));
const solver = samples.slice(core.length);
const first = samples[0];
const rssGrowth = Math.max(...samples.map((s) => s.rss)) - first.rss;
// The core calls reuse one workspace; the solves reserve theirs once, then reuse it.
const coreFlat = core.every((s) => s.wasm === first.wasm);
const solverFlat = solver.every((s) => s.wasm === solver[0].wasm);
if (!coreFlat || !solverFlat || rssGrowth > 32 * MiB) {
  console.error(`soak: memory is not flat (WebAssembly core ${coreFlat ? 'flat' : 'grew'}, solves ${solverFlat ? 'flat' : 'grew'}; RSS +${(rssGrowth / MiB).toFixed(1)} MiB)`);
  process.exit(1);
}
console.log(`soak: flat (WebAssembly constant through the core calls and through the solves; RSS within ${(rssGrowth / MiB).toFixed(1)} MiB of the first sample)`);
