// Where a depthwise forward call's time goes, in a page (issue 10; the Node counterpart, with the
// pipeline rebuilt step by step, is dw-breakdown.mjs): on the two depthwise shapes,
// float32, interleaved rounds of
//   TF.js wasm                  its whole fused call as the benchmark times it (x as a tensor,
//                               the op, dataSync, disposal; x transposed to NHWC beforehand)
//   conv2dLayer (fresh result)  ours as the benchmark times it
//   conv2dLayer (out)           ours into a caller's array
//   a fresh result-size array   `new Float32Array(n).set(y)` alone: what both calls pay to hand
//                               out their result
// Medians of wall time (a page has no CPU clock). Plain ESM, loaded by dw-chromium.mjs.
import { createContext } from '../../dist/index.js';
import { loadTfjsBrowser } from '../peers/browser-libs.mjs';
import { SHAPES, makeLayerInputs } from './cases.mjs';

const median = (a) => { const s = [...a].sort((p, q) => p - q); return s[s.length >> 1]; };

/** TF.js-wasm's fused depthwise forward, x NHWC outside the timed call (contenders.mjs's way); also dw-breakdown.mjs's. */
export function tfForward(tf, g, x, weight, bias) {
  const xh = new Float32Array(x.length);
  for (let c = 0; c < g.Cin; c++) for (let q = 0; q < g.H * g.W; q++) xh[q * g.Cin + c] = x[c * g.H * g.W + q];
  const kk = g.kH * g.kW;
  const wh = new Float32Array(weight.length);
  for (let c = 0; c < g.Cout; c++) for (let t = 0; t < kk; t++) wh[t * g.Cout + c] = weight[c * kk + t];
  const filter = tf.tensor4d(wh, [g.kH, g.kW, g.Cin, 1]);
  const biasT = tf.tensor1d(bias);
  const pad = [[0, 0], [g.pt, g.pb], [g.pl, g.pr], [0, 0]];
  return () => {
    const t = tf.tensor4d(xh, [g.N, g.H, g.W, g.Cin]);
    const o = tf.fused.depthwiseConv2d({ x: t, filter, bias: biasT, strides: [g.sh, g.sw], pad });
    const d = o.dataSync();
    t.dispose();
    o.dispose();
    return d;
  };
}

/** A shape's inputs (cases.mjs) as the API's tensors and options, and an output tensor for `out`. */
export function depthwiseCase(id) {
  const s = SHAPES.find((c) => c.id === id);
  if (!s) throw new Error(`unknown shape ${id}`);
  const { g, x, weight, bias } = makeLayerInputs(s);
  return {
    g, x, weight, bias,
    X: { data: x, shape: [g.N, g.Cin, g.H, g.W] },
    Wt: { data: weight, shape: [g.Cout, g.Cin / g.groups, g.kH, g.kW] },
    B: { data: bias, shape: [g.Cout] },
    opts: { stride: [g.sh, g.sw], padding: [g.pt, g.pb, g.pl, g.pr], dilation: [g.dh, g.dw], groups: g.groups },
    yOut: { data: new Float32Array(g.N * g.Cout * g.Ho * g.Wo), shape: [g.N, g.Cout, g.Ho, g.Wo] },
  };
}

/** Rows [shape, part, median ms] for the given shape ids; `nodeModules` as loadTfjsBrowser's. */
export async function measureDepthwiseCalls(ids, rounds, nodeModules) {
  const libs = await loadTfjsBrowser(nodeModules);
  if (!libs.tfWasm) throw new Error(`TF.js wasm did not load: ${libs.tfWasmError ?? libs.tfError}`);
  await libs.tf.setBackend('wasm');
  const cg = await createContext();
  const rows = [];
  for (const id of ids) {
    const { g, x, weight, bias, X, Wt, B, opts, yOut } = depthwiseCase(id);
    const n = yOut.data.length;
    const y = cg.conv2dLayer(X, Wt, B, opts).data;
    const parts = {
      'TF.js wasm': tfForward(libs.tf, g, x, weight, bias),
      'conv2dLayer (fresh result)': () => cg.conv2dLayer(X, Wt, B, opts).data,
      'conv2dLayer (out)': () => cg.conv2dLayer(X, Wt, B, { ...opts, out: yOut }).data,
      'a fresh result-size array': () => { const a = new Float32Array(n); a.set(y); return a; },
    };
    // The calls agree (TF.js in NHWC): a check that the parts time the same work.
    const tfy = parts['TF.js wasm']();
    const hw = g.Ho * g.Wo;
    let worst = 0;
    for (let c = 0; c < g.Cout; c++) for (let q = 0; q < hw; q++) worst = Math.max(worst, Math.abs(tfy[q * g.Cout + c] - y[c * hw + q]));
    if (!(worst < 1e-4)) throw new Error(`${id}: TF.js and convgrad differ by ${worst}`);
    const names = Object.keys(parts);
    const batch = {};
    for (const p of names) { const t0 = performance.now(); let c = 0; do { parts[p](); c++; } while (performance.now() - t0 < 50); batch[p] = Math.max(1, Math.ceil(c / 10)); }
    const t = Object.fromEntries(names.map((p) => [p, []]));
    for (let r = 0; r < rounds; r++) {
      for (let j = 0; j < names.length; j++) {
        const p = names[(r + j) % names.length];
        const t0 = performance.now();
        for (let i = 0; i < batch[p]; i++) parts[p]();
        t[p].push((performance.now() - t0) / batch[p]);
      }
    }
    for (const p of names) rows.push([id, p, median(t[p])]);
  }
  return rows;
}
