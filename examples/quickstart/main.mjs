// npm start: convgrad on a real photograph.
// 1. blur camera.png with a known 9×9 Gaussian kernel through conv2d,
// 2. evaluate the least-squares objective ½‖h ∗ x − y‖² at a wrong kernel and both gradients,
// 3. check the kernel gradient against central finite differences,
// 4. time the WebAssembly SIMD backend against the pure-JS baseline on the same work.
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { createContext, init, conv2d, objective, valueAndGrad, backendInfo } from 'convgrad';

const file = new URL('../data/camera.png', import.meta.url);
const png = PNG.sync.read(readFileSync(file));
const x = { data: new Float64Array(png.width * png.height), rows: png.height, cols: png.width };
for (let i = 0; i < x.data.length; i++) x.data[i] = png.data[4 * i] / 255; // gray: R = G = B

function gaussian(size, sigma) {
  const h = { data: new Float64Array(size * size), rows: size, cols: size };
  const c = (size - 1) / 2;
  let sum = 0;
  for (let a = 0; a < size; a++)
    for (let b = 0; b < size; b++) sum += h.data[a * size + b] = Math.exp(-((a - c) ** 2 + (b - c) ** 2) / (2 * sigma ** 2));
  for (let i = 0; i < h.data.length; i++) h.data[i] /= sum;
  return h;
}

await init();
const { backend } = backendInfo();
const hTrue = gaussian(9, 2);
const y = conv2d(x, hTrue, 'valid'); // what a camera with this blur would record (interior)
console.log(`image ${x.rows}×${x.cols} (${file.pathname.split('/').pop()}), kernel 9×9 Gaussian σ=2, backend ${backend}`);
console.log(`blurred (valid): ${y.rows}×${y.cols}`);

// A wrong guess: the true kernel plus a bump. The objective and its gradients measure the miss.
const h = { ...hTrue, data: hTrue.data.slice() };
h.data[4 * 9 + 4] += 0.05;
const { value, gradKernel, gradImage } = valueAndGrad(x, h, y, 'valid');
const norm = (v) => Math.sqrt(v.reduce((s, t) => s + t * t, 0));
console.log(`objective at the wrong kernel: ${value.toExponential(4)}; at the true one: ${objective(x, hTrue, y, 'valid').toExponential(4)}`);
console.log(`‖∇ₕf‖ = ${norm(gradKernel.data).toExponential(4)} (9×9), ‖∇ₓf‖ = ${norm(gradImage.data).toExponential(4)} (${gradImage.rows}×${gradImage.cols})`);

// Central finite difference on one kernel tap: the objective is quadratic, so it is exact up to round-off.
const tap = 3 * 9 + 5;
const step = 1e-4;
const bump = (d) => { const g = { ...h, data: h.data.slice() }; g.data[tap] += d; return objective(x, g, y, 'valid'); };
const fd = (bump(step) - bump(-step)) / (2 * step);
const rel = Math.abs(fd - gradKernel.data[tap]) / Math.abs(fd);
console.log(`∂f/∂h[3,5]: gradient ${gradKernel.data[tap].toExponential(8)}, finite difference ${fd.toExponential(8)}, relative gap ${rel.toExponential(2)}`);
if (!(rel < 1e-6)) {
  console.error('finite-difference check FAILED');
  process.exit(1);
}

// The same work on the JS baseline, timed on identical inputs (medians of 5).
const js = await createContext({ backend: 'js' });
const x32 = { ...x, data: Float32Array.from(x.data) };
const h32 = { ...h, data: Float32Array.from(h.data) };
const y32 = { ...y, data: Float32Array.from(y.data) };
function median(fn, runs = 5) {
  fn();
  const t = [];
  for (let i = 0; i < runs; i++) { const s = performance.now(); fn(); t.push(performance.now() - s); }
  return t.sort((a, b) => a - b)[runs >> 1];
}
const wasmCtx = await createContext();
console.log('\nmedian ms, 512×512 image, 9×9 kernel     WASM      JS   speed-up');
for (const [label, args] of [['float64', [x, h, y]], ['float32', [x32, h32, y32]]]) {
  for (const [op, fn] of [
    ['conv2d valid', (cg) => cg.conv2d(args[0], args[1], 'valid')],
    ['valueAndGrad (both)', (cg) => cg.valueAndGrad(...args, 'valid')],
  ]) {
    const tw = median(() => fn(wasmCtx));
    const tj = median(() => fn(js));
    console.log(`${`${op} ${label}`.padEnd(38)} ${tw.toFixed(2).padStart(7)} ${tj.toFixed(1).padStart(7)} ${(tj / tw).toFixed(1).padStart(8)}×`);
  }
}
