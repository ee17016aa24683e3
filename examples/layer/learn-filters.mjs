// Learning convolution kernels with convgrad's Conv2D layer gradients.
//
// A two-layer conv net — 3×3 conv (1 → 8 channels) + ReLU + 3×3 conv (8 → 3 channels), 'same'
// padding, biases — learns to reproduce a known filter bank on patches of the bundled photos:
// the horizontal and vertical Sobel responses and the Laplacian. ReLU and Adam are written
// here, a few lines each; conv2dLayer / conv2dLayerBackward do the rest. Prints the loss
// falling and checks one gradient against a central finite difference.
//
//   node examples/layer/learn-filters.mjs [--steps 300]
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { init, backendInfo, conv2dLayer, conv2dLayerBackward, correlate2d } from 'convgrad';

const at = process.argv.indexOf('--steps');
const steps = at > 0 ? Number(process.argv[at + 1]) : 300;

// ---- data: 8 random 24×24 patches per step from two grayscale photos, in [0, 1]
function loadGray(name) {
  const png = PNG.sync.read(readFileSync(new URL(`../data/${name}`, import.meta.url)));
  const data = new Float32Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) data[i] = png.data[4 * i] / 255;
  return { data, rows: png.height, cols: png.width };
}
const photos = [loadGray('camera.png'), loadGray('brick.png')];
await init();

let seed = 12345; // a small deterministic PRNG: the same run every time
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);

// The filter bank to learn, applied per photo with the single-channel correlate2d ('same').
const BANK = [
  [-1, 0, 1, -2, 0, 2, -1, 0, 1], // Sobel x
  [-1, -2, -1, 0, 0, 0, 1, 2, 1], // Sobel y
  [0, 1, 0, 1, -4, 1, 0, 1, 0], // Laplacian
];
const responses = photos.map((p) =>
  BANK.map((k) => correlate2d(p, { data: new Float32Array(k), rows: 3, cols: 3 }, 'same')),
);

const N = 8, P = 24, C1 = 8, C2 = BANK.length;
function batch() {
  const x = { data: new Float32Array(N * P * P), shape: [N, 1, P, P] };
  const t = { data: new Float32Array(N * C2 * P * P), shape: [N, C2, P, P] };
  for (let n = 0; n < N; n++) {
    const k = rand() < 0.5 ? 0 : 1;
    const { rows, cols } = photos[k];
    // Stay one pixel inside the photo so the targets see real neighbours, like the net.
    const r0 = 1 + Math.floor(rand() * (rows - P - 2)), c0 = 1 + Math.floor(rand() * (cols - P - 2));
    for (let i = 0; i < P; i++) {
      for (let j = 0; j < P; j++) {
        const src = (r0 + i) * cols + c0 + j;
        x.data[(n * P + i) * P + j] = photos[k].data[src];
        for (let c = 0; c < C2; c++) t.data[((n * C2 + c) * P + i) * P + j] = responses[k][c].data[src];
      }
    }
  }
  return { x, t };
}

// ---- the net
const relu = (z) => ({ data: z.data.map((v) => (v > 0 ? v : 0)), shape: z.shape });
const reluBackward = (dh, z) => ({ data: dh.data.map((g, i) => (z.data[i] > 0 ? g : 0)), shape: z.shape });

function param(shape, scale) {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = (rand() * 2 - 1) * scale;
  return { data, shape };
}
const params = {
  w1: param([C1, 1, 3, 3], 1 / 3), b1: param([C1], 0.1),
  w2: param([C2, C1, 3, 3], 1 / Math.sqrt(9 * C1)), b2: param([C2], 0),
};
const opts = { padding: 'same' };

/** Loss ½·mean((y − t)²) and, when asked, the gradient of every parameter. */
function lossAndGrads(p, x, t, withGrads = true) {
  const z1 = conv2dLayer(x, p.w1, p.b1, opts);
  const h1 = relu(z1);
  const y = conv2dLayer(h1, p.w2, p.b2, opts);
  const count = y.data.length;
  const dy = { data: new y.data.constructor(count), shape: y.shape };
  let loss = 0;
  for (let i = 0; i < count; i++) {
    const r = y.data[i] - t.data[i];
    loss += r * r;
    dy.data[i] = r / count;
  }
  loss /= 2 * count;
  if (!withGrads) return { loss };
  const g2 = conv2dLayerBackward(h1, p.w2, dy, opts);
  const dz1 = reluBackward(g2.gradInput, z1);
  const g1 = conv2dLayerBackward(x, p.w1, dz1, { ...opts, wrt: { weight: true, bias: true } });
  return { loss, grads: { w1: g1.gradWeight, b1: g1.gradBias, w2: g2.gradWeight, b2: g2.gradBias } };
}

// ---- Adam
function adam(p, lr = 1e-2, b1 = 0.9, b2 = 0.999, eps = 1e-8) {
  const m = {}, v = {};
  for (const k in p) (m[k] = new Float32Array(p[k].data.length)), (v[k] = new Float32Array(p[k].data.length));
  let step = 0;
  return (grads) => {
    step++;
    for (const k in p) {
      const w = p[k].data, g = grads[k].data;
      for (let i = 0; i < w.length; i++) {
        m[k][i] = b1 * m[k][i] + (1 - b1) * g[i];
        v[k][i] = b2 * v[k][i] + (1 - b2) * g[i] * g[i];
        w[i] -= (lr * m[k][i]) / (1 - b1 ** step) / (Math.sqrt(v[k][i] / (1 - b2 ** step)) + eps);
      }
    }
  };
}

console.log(`backend ${backendInfo().backend}; net 1→${C1}→${C2} channels, 3×3 'same', ReLU, Adam; batches ${N}×${P}×${P} float32`);
const update = adam(params);
const evalBatch = batch(); // a fixed held-out batch to report on
const t0 = performance.now();
const first = lossAndGrads(params, evalBatch.x, evalBatch.t, false).loss;
console.log(`step    0  held-out loss ${first.toExponential(3)}`);
let last = first;
for (let s = 1; s <= steps; s++) {
  const { x, t } = batch();
  update(lossAndGrads(params, x, t).grads);
  if (s % Math.max(1, Math.floor(steps / 8)) === 0 || s === steps) {
    last = lossAndGrads(params, evalBatch.x, evalBatch.t, false).loss;
    console.log(`step ${String(s).padStart(4)}  held-out loss ${last.toExponential(3)}`);
  }
}
console.log(`loss fell ${(first / last).toFixed(1)}× in ${steps} steps, ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// ---- one gradient against a central finite difference, in float64 (the loss is piecewise
// quadratic in w1: exact up to round-off unless a ReLU flips inside ±h).
const to64 = (q) => ({ data: Float64Array.from(q.data), shape: q.shape });
const p64 = Object.fromEntries(Object.entries(params).map(([k, q]) => [k, to64(q)]));
const x64 = to64(evalBatch.x), t64 = to64(evalBatch.t);
const { grads } = lossAndGrads(p64, x64, t64);
const tap = 4 + 9 * 2; // w1[2, 0, 1, 1]: channel 2's centre tap
const h = 1e-6;
const lossAt = (d) => {
  const q = { ...p64, w1: { data: p64.w1.data.slice(), shape: p64.w1.shape } };
  q.w1.data[tap] += d;
  return lossAndGrads(q, x64, t64, false).loss;
};
const fd = (lossAt(h) - lossAt(-h)) / (2 * h);
const gap = Math.abs(fd - grads.w1.data[tap]) / Math.max(Math.abs(fd), 1e-300);
console.log(`∂loss/∂w1[2,0,1,1]: backward ${grads.w1.data[tap].toExponential(8)}, finite difference ${fd.toExponential(8)}, relative gap ${gap.toExponential(2)}`);
if (!(gap < 1e-5) || !(last < first)) {
  console.error(gap < 1e-5 ? 'the loss did not fall' : 'finite-difference check FAILED');
  process.exit(1);
}
