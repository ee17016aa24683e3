// Micro-benchmark of the WebAssembly Conv2D layer kernels (src/wasm/layer.ts) per pass and
// shape, float32, one thread, with TF.js wasm (XNNPACK, 1 thread) forward in the same
// interleaved rounds. GFLOP/s = 2·N·Cout·Ho·Wo·(Cin/groups)·kH·kW / time; medians of rounds.
// Times include copying inputs into and results out of WebAssembly memory (TF.js: tensor
// from a typed array, dataSync), as a caller sees them. Needs `npm run build` (loads dist/).
//   node bench/layer/kernels.bench.mjs [--only=0,3] [--rounds=15] [--passes=forward,gradInput]
//   node bench/layer/kernels.bench.mjs --breakdown [--only=2,4]   (gradInput: padding, packing, GEMM, scatter)
import { readFileSync } from 'node:fs';
import { Arena } from '../../dist/wasm/arena.js';
import { createWasmLayerKernels } from '../../dist/wasm/layer.js';
import { gradInputBreakdown } from './breakdown.mjs';
import { loadTfjsWasmNode } from '../peers/node.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => { const [k, v] = a.replace(/^--/, '').split('='); return [k, v ?? true]; }));
const rounds = Number(args.rounds ?? 11);
const passes = (args.passes ?? 'forward,gradInput,gradWeight').split(',');

export const SHAPES = [
  { label: '[1,64,56,56]×[64,64,3,3] p1', N: 1, Cin: 64, H: 56, W: 56, Cout: 64, k: 3, s: 1, p: 1, groups: 1 },
  { label: '[1,128,28,28]×[128,128,3,3] p1', N: 1, Cin: 128, H: 28, W: 28, Cout: 128, k: 3, s: 1, p: 1, groups: 1 },
  { label: '[1,64,56,56]×[128,64,3,3] s2 p1', N: 1, Cin: 64, H: 56, W: 56, Cout: 128, k: 3, s: 2, p: 1, groups: 1 },
  { label: '[1,256,14,14]×[256,256,1,1]', N: 1, Cin: 256, H: 14, W: 14, Cout: 256, k: 1, s: 1, p: 0, groups: 1 },
  { label: '[1,3,224,224]×[64,3,7,7] s2 p3', N: 1, Cin: 3, H: 224, W: 224, Cout: 64, k: 7, s: 2, p: 3, groups: 1 },
  { label: 'dw [1,32,112,112] 3×3 p1', N: 1, Cin: 32, H: 112, W: 112, Cout: 32, k: 3, s: 1, p: 1, groups: 32 },
  { label: 'dw [1,256,28,28] 3×3 s2 p1', N: 1, Cin: 256, H: 28, W: 28, Cout: 256, k: 3, s: 2, p: 1, groups: 256 },
  { label: '[8,16,32,32]×[32,16,3,3] p1', N: 8, Cin: 16, H: 32, W: 32, Cout: 32, k: 3, s: 1, p: 1, groups: 1 },
  // The other variants of the depthwise kernel (assembly/layer-depthwise.ts), forward only:
  // a longer tap loop (5×5), column stride 2 with dilation 2, column stride 3 (planes built by
  // padPhases instead of copyRows), rows under one vector (wide rows, compacted).
  { label: 'dw [1,32,112,112] 5×5 p2', N: 1, Cin: 32, H: 112, W: 112, Cout: 32, k: 5, s: 1, p: 2, groups: 32, variant: true },
  { label: 'dw [1,64,56,56] 3×3 s2 d2 p2', N: 1, Cin: 64, H: 56, W: 56, Cout: 64, k: 3, s: 2, d: 2, p: 2, groups: 64, variant: true },
  { label: 'dw [1,64,57,57] 3×3 s3 p1', N: 1, Cin: 64, H: 57, W: 57, Cout: 64, k: 3, s: 3, p: 1, groups: 64, variant: true },
  { label: 'dw [1,512,5,5] 3×3 s2 p1', N: 1, Cin: 512, H: 5, W: 5, Cout: 512, k: 3, s: 2, p: 1, groups: 512, variant: true },
];

function geometry(c) {
  const d = c.d ?? 1;
  const Ho = Math.floor((c.H + 2 * c.p - d * (c.k - 1) - 1) / c.s) + 1;
  const Wo = Math.floor((c.W + 2 * c.p - d * (c.k - 1) - 1) / c.s) + 1;
  return { N: c.N, Cin: c.Cin, H: c.H, W: c.W, Cout: c.Cout, kH: c.k, kW: c.k, groups: c.groups, sh: c.s, sw: c.s, dh: d, dw: d, pt: c.p, pb: c.p, pl: c.p, pr: c.p, Ho, Wo };
}

function rand(n, seed) {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; a[i] = s / 2 ** 32 - 0.5; }
  return a;
}

const median = (a) => { const s = [...a].sort((p, q) => p - q); return s[s.length >> 1]; };

async function loadKernels() {
  const bytes = readFileSync(new URL('../../build/convgrad-layer-simd.wasm', import.meta.url));
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const ex = instance.exports;
  const arena = new Arena(ex.memory, ex.heapBase());
  return { k: createWasmLayerKernels(ex, arena), ex, arena };
}


/** NCHW → NHWC and OIHW → HWIO (or HW·C·1 for depthwise), once, outside the timed region. */
function tfInputs(tf, c, g, x, w) {
  const xh = new Float32Array(x.length);
  for (let n = 0; n < g.N; n++) for (let ch = 0; ch < g.Cin; ch++) for (let i = 0; i < g.H; i++) for (let j = 0; j < g.W; j++) {
    xh[((n * g.H + i) * g.W + j) * g.Cin + ch] = x[((n * g.Cin + ch) * g.H + i) * g.W + j];
  }
  const CinG = g.Cin / g.groups;
  const wh = new Float32Array(w.length);
  for (let o = 0; o < g.Cout; o++) for (let ch = 0; ch < CinG; ch++) for (let a = 0; a < g.kH; a++) for (let b = 0; b < g.kW; b++) {
    const src = ((o * CinG + ch) * g.kH + a) * g.kW + b;
    if (g.groups === 1) wh[((a * g.kW + b) * g.Cin + ch) * g.Cout + o] = w[src];
    else wh[(a * g.kW + b) * g.Cout + o] = w[src]; // depthwise, multiplier 1
  }
  const filter = g.groups === 1 ? tf.tensor4d(wh, [g.kH, g.kW, g.Cin, g.Cout]) : tf.tensor4d(wh, [g.kH, g.kW, g.Cin, 1]);
  const pad = [[0, 0], [c.p, c.p], [c.p, c.p], [0, 0]];
  const run = () => {
    const t = tf.tensor4d(xh, [g.N, g.H, g.W, g.Cin]);
    const pd = c.p === 0 ? 'valid' : pad;
    const y = g.groups === 1 ? tf.conv2d(t, filter, c.s, pd) : tf.depthwiseConv2d(t, filter, c.s, pd, 'NHWC', c.d ?? 1);
    const d = y.dataSync();
    t.dispose(); y.dispose();
    return d;
  };
  return run;
}

function checkNHWC(ours, theirs, g) {
  let max = 0, err = 0;
  for (let n = 0; n < g.N; n++) for (let o = 0; o < g.Cout; o++) for (let i = 0; i < g.Ho; i++) for (let j = 0; j < g.Wo; j++) {
    const a = ours[((n * g.Cout + o) * g.Ho + i) * g.Wo + j], b = theirs[((n * g.Ho + i) * g.Wo + j) * g.Cout + o];
    max = Math.max(max, Math.abs(b)); err = Math.max(err, Math.abs(a - b));
  }
  if (!(err <= 1e-4 * max)) throw new Error(`TF.js and convgrad disagree: ${err} vs max ${max}`);
}

// Process CPU time, not wall time: on a shared machine it leaves out the time this process
// waits for a core (one thread; GC and tier-up threads are idle once warm). --wall for wall time.
const now = args.wall ? () => performance.now() : () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

function timeOnce(f, minMs = 40) {
  let reps = 0;
  const t0 = now();
  let t;
  do { f(); reps++; t = now() - t0; } while (t < minMs);
  return t / reps;
}

const { k, ex, arena } = await loadKernels();
const only = typeof args.only === 'string' ? args.only.split(',').map(Number) : SHAPES.map((_, i) => i);
if (args.breakdown) {
  gradInputBreakdown(ex, arena, SHAPES, geometry, only.filter((i) => !SHAPES[i].variant && SHAPES[i].groups === 1), rounds);
  process.exit(0);
}
const tf = await loadTfjsWasmNode();
console.log(`| shape | pass | convgrad GFLOP/s | TF.js-wasm GFLOP/s | ratio |`);
console.log(`|---|---|---:|---:|---:|`);
for (const idx of only) {
  const c = SHAPES[idx];
  const g = geometry(c);
  const flops = 2 * g.N * g.Cout * g.Ho * g.Wo * (g.Cin / g.groups) * g.kH * g.kW;
  const x = rand(g.N * g.Cin * g.H * g.W, 1), w = rand(g.Cout * (g.Cin / g.groups) * g.kH * g.kW, 2);
  const bias = rand(g.Cout, 3), dy = rand(g.N * g.Cout * g.Ho * g.Wo, 4);
  const y = new Float32Array(dy.length), dx = new Float32Array(x.length), dw = new Float32Array(w.length);
  k.checkFits(g, { forward: true, gradInput: true, gradWeight: true, gradBias: true }, 4);
  const runs = {
    forward: () => k.forward(y, x, w, bias, g),
    gradInput: () => k.gradInput(dx, dy, w, g),
    gradWeight: () => k.gradWeight(dw, x, dy, g),
  };
  // TF.js lacks some variants (depthwise with dilation needs stride 1): then ours alone.
  let tfRun = null;
  k.forward(y, x, w, null, g);
  try { tfRun = tfInputs(tf, c, g, x, w); checkNHWC(y, tfRun(), g); } catch (e) { if (!c.variant) throw e; tfRun = null; }
  const mine = c.variant ? passes.filter((p) => p === 'forward') : passes;
  const times = Object.fromEntries([...mine, 'tf'].map((p) => [p, []]));
  for (const p of mine) timeOnce(runs[p], 100);
  if (tfRun) timeOnce(tfRun, 100);
  for (let r = 0; r < rounds; r++) {
    for (const p of mine) times[p].push(timeOnce(runs[p]));
    if (tfRun) times.tf.push(timeOnce(tfRun));
  }
  const gf = (ms) => flops / ms / 1e6;
  const tfG = tfRun ? gf(median(times.tf)) : NaN;
  for (const p of mine) {
    const ours = gf(median(times[p]));
    const vsTf = p === 'forward' && tfRun;
    console.log(`| ${c.label} | ${p} | ${ours.toFixed(1)} | ${vsTf ? tfG.toFixed(1) : ''} | ${vsTf ? (ours / tfG).toFixed(2) + '×' : ''} |`);
  }
}
