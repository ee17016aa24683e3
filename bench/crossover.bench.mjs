// Calibrates and checks method 'auto': times direct and FFT for conv2d 'valid' and valueAndGrad
// over a grid of image sizes and kernel sizes, and reports which 'auto' picked and how far it is
// from the better of the two (the bar: never more than 10% slower).
import { createContext } from '../dist/index.js';

const cg = await createContext();
const DTYPE = process.env.DTYPE ?? 'float32';
const SIZES = (process.env.SIZES ?? '64,128,256,512,1024,2048').split(',').map(Number);
const KERNELS = (process.env.KERNELS ?? '3,5,7,9,11,15,21,31,51').split(',').map(Number);
const OPS = (process.env.OPS ?? 'conv2d,valueAndGrad').split(',');
const Arr = DTYPE === 'float32' ? Float32Array : Float64Array;

function rand(r, c) {
  const d = new Arr(r * c);
  for (let i = 0; i < d.length; i++) d[i] = Math.sin(i * 12.9898) * 0.5;
  return { data: d, rows: r, cols: c };
}
function median(fn) {
  fn();
  const t0 = performance.now();
  fn();
  const once = performance.now() - t0;
  const runs = Math.max(3, Math.min(15, Math.floor(300 / Math.max(once, 0.01))));
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[runs >> 1];
}

let worst = 0;
console.log(`${DTYPE}: op size k direct fft auto pick ratio`);
for (const op of OPS) {
  for (const s of SIZES) {
    for (const k of KERNELS) {
      if (k >= s) continue;
      const x = rand(s, s);
      const h = rand(k, k);
      const y = rand(s - k + 1, s - k + 1);
      const run = (method) => op === 'conv2d' ? () => cg.conv2d(x, h, 'valid', { method }) : () => cg.valueAndGrad(x, h, y, 'valid', { method });
      if (s >= 2048 && k >= 21 && op !== 'conv2d') continue;
      const d = s * s * k * k > 4e10 ? Infinity : median(run('direct'));
      const f = median(run('fft'));
      const a = median(run('auto'));
      const pick = Math.abs(a - f) < Math.abs(a - d) ? 'fft' : 'direct';
      const ratio = a / Math.min(d, f);
      worst = Math.max(worst, ratio);
      console.log(`${op} ${s} ${k} ${d.toFixed(3)} ${f.toFixed(3)} ${a.toFixed(3)} ${pick} ${ratio.toFixed(2)}${ratio > 1.1 ? '  <-- over 10%' : ''}`);
    }
  }
}
console.log(`worst auto / best: ${worst.toFixed(2)}`);
