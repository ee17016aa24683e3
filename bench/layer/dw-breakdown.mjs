// Where a depthwise forward call's time goes (issue 10), float32, on the two depthwise
// shapes: TF.js-wasm's whole call, ours through the public API (a fresh result, and into `out`),
// and the backend's pipeline rebuilt step by step on a bare instance of the layer binary, as
// src/wasm/layer.ts runs it (chunks of channels copied in, then the kernel per chunk):
//   copy-in        x into WebAssembly memory, chunk by chunk
//   +planes        … and each channel's zero-bordered planes (the kernel with no output channels;
//                  3×3 stride 2 builds none: assembly/layer-dw3x3s2.ts reads x in place)
//   +compute       … and the convolution (the whole kernel)
//   +copy-out      … and the result copied into an existing array
//   +fresh result  … into a fresh array (the typed-array copy constructor), as conv2dLayer returns it
// Each step includes the ones before it. Interleaved rounds, medians, wall and CPU time
// (process.cpuUsage, which also counts V8's GC helper threads). Then the garbage collections
// during calls with a fresh result and with `out`. Needs `npm run build` (loads dist/ and build/).
//   node bench/layer/dw-breakdown.mjs [--rounds=41] [--shapes=dw32-112,dw256-28-s2]
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { createContext } from '../../dist/index.js';
import { Arena } from '../../dist/wasm/arena.js';
import { depthwiseChunk, depthwisePlan, forwardBuffers } from '../../dist/wasm/layer-plan.js';
import { loadTfjsWasmNode } from '../peers/node.mjs';
import { depthwiseCase, tfForward } from './dw-calls.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => { const [k, v] = a.replace(/^--/, '').split('='); return [k, v ?? true]; }));
const rounds = Number(args.rounds ?? 41);
const ids = String(args.shapes ?? 'dw32-112,dw256-28-s2').split(',');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = (a) => { const s = [...a].sort((p, q) => p - q); return s[s.length >> 1]; };

/** The backend's depthwise pipeline on a bare instance, up to `upTo` (see the header). */
function pipeline(ex, g, x, weight, bias) {
  const arena = new Arena(ex.memory, ex.heapBase());
  const bytes = 4, kk = g.kH * g.kW;
  const p = depthwisePlan(g, bytes), chunk = depthwiseChunk(g, bytes);
  const [xPtr, wPtr, biasPtr, tapPtr, scratchPtr, outPtr] = arena.allocAll(forwardBuffers(g, bytes).map((e) => e * bytes), () => 'dw-breakdown');
  const M = () => ex.memory.buffer;
  new Float32Array(M(), wPtr, weight.length).set(weight);
  new Float32Array(M(), biasPtr, g.Cout).set(bias);
  new Int32Array(M(), tapPtr, kk).set(p.tapOffsets.map((o) => o * bytes));
  const mult = g.Cout / g.Cin, inChan = g.H * g.W, outChan = mult * g.Ho * g.Wo;
  const y = new Float32Array(g.N * g.Cout * g.Ho * g.Wo);
  return (upTo) => () => {
    for (let c = 0; c < g.N * g.Cin; c += chunk) {
      const n = Math.min(chunk, g.N * g.Cin - c);
      new Float32Array(M(), xPtr, n * inChan).set(x.subarray(c * inChan, (c + n) * inChan));
      if (upTo === 'copy-in') continue;
      const ch = c % g.Cin;
      ex.layerDepthwise_f32(outPtr + c * outChan * bytes, xPtr, wPtr + ch * mult * kk * bytes, biasPtr + ch * mult * bytes, tapPtr, kk, scratchPtr,
        1, n, upTo === '+planes' ? 0 : mult, g.H, g.W, g.pt, g.pl, g.sh, g.sw, p.Hph, p.Wph, g.Ho, g.Wo, c === 0 ? 1 : 0);
    }
    const out = new Float32Array(M(), outPtr, y.length);
    if (upTo === '+copy-out') y.set(out);
    if (upTo === '+fresh result') return new Float32Array(out);
    return y;
  };
}

/** Garbage collections (count, main-thread ms) during `calls` calls of f. */
async function gcDuring(f, calls) {
  const seen = [];
  const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) seen.push(e.duration); });
  obs.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < calls; i++) f();
  await new Promise((r) => setTimeout(r, 50));
  obs.disconnect();
  return { n: seen.length, ms: seen.reduce((a, b) => a + b, 0) };
}

const cg = await createContext();
const bin = readFileSync(new URL('../../build/convgrad-layer-simd.wasm', import.meta.url));
const ex = (await WebAssembly.instantiate(bin, {})).instance.exports;
const tf = await loadTfjsWasmNode();

for (const id of ids) {
  const { g, x, weight, bias, X, Wt, B, opts, yOut } = depthwiseCase(id);
  if (g.N !== 1) throw new Error('the rebuilt pipeline takes one image');
  const step = pipeline(ex, g, x, weight, bias);
  const parts = {
    'TF.js wasm': tfForward(tf, g, x, weight, bias),
    'conv2dLayer (fresh result)': () => cg.conv2dLayer(X, Wt, B, opts).data,
    'conv2dLayer (out)': () => cg.conv2dLayer(X, Wt, B, { ...opts, out: yOut }).data,
    'copy-in': step('copy-in'),
    '+planes': step('+planes'),
    '+compute': step('+compute'),
    '+copy-out': step('+copy-out'),
    '+fresh result': step('+fresh result'),
  };
  const want = parts['conv2dLayer (fresh result)']();
  const got = parts['+fresh result']();
  for (let i = 0; i < want.length; i++) if (!Object.is(want[i], got[i])) throw new Error(`the rebuilt pipeline differs from conv2dLayer at ${i}`);
  const names = Object.keys(parts);
  const batch = {};
  for (const n of names) { const t0 = performance.now(); let c = 0; do { parts[n](); c++; } while (performance.now() - t0 < 50); batch[n] = Math.max(1, Math.ceil(c / 10)); }
  const wall = Object.fromEntries(names.map((n) => [n, []]));
  const cpuT = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(r + j) % names.length];
      const f = parts[n], b = batch[n];
      const c0 = cpu(), t0 = performance.now();
      for (let i = 0; i < b; i++) f();
      wall[n].push((performance.now() - t0) / b);
      cpuT[n].push((cpu() - c0) / b);
    }
  }
  console.log(`\n${id}: input [${g.N},${g.Cin},${g.H},${g.W}] stride ${g.sh} → output [${g.N},${g.Cout},${g.Ho},${g.Wo}], ${rounds} rounds`);
  console.log('| part | wall ms | CPU ms |');
  console.log('|---|---:|---:|');
  for (const n of names) console.log(`| ${n} | ${median(wall[n]).toFixed(3)} | ${median(cpuT[n]).toFixed(3)} |`);
  const calls = 500;
  for (const n of ['conv2dLayer (fresh result)', 'conv2dLayer (out)']) {
    const { n: count, ms } = await gcDuring(parts[n], calls);
    console.log(`GC during ${calls} calls of ${n}: ${count} collections, ${(ms / calls).toFixed(3)} ms per call on the main thread`);
  }
}
