// The contenders of the Conv2D layer benchmark, written against libraries handed in by the entry
// point (Node: bench/layer/node.mjs, Chromium: bench/layer/page.mjs), so the same adapters run in
// both. Plain ESM, importing only other plain ESM of the benchmarks.
//
// What is timed, for every contender: the pass's inputs as JS typed arrays in (x and/or dy; the
// weight too for convgrad, which takes no prepared weights) → its outputs as JS typed arrays out.
// In the peers' favour, everything a library keeps between calls is made once, outside the timed
// region: TF.js gets x and dy already transposed to NHWC and the filter (HWIO) and bias as
// tensors; ONNX Runtime gets a session whose weights are initializers (prepacked once). Their
// outputs are transposed back to NCHW/OIHW outside the timed region, by `view`, for the check.
//
// libs: { convgrad: { simd, js }, tf?, tfError?, tfWasmError?, ort?, ortError? }
import { isDepthwise } from './cases.mjs';
import { convModel } from './onnx.mjs';

function need(lib, error, what) {
  if (!lib) throw new Error(`${what} did not load${error ? `: ${error}` : ''}`);
  return lib;
}

// Layout changes, done outside the timed region.
function nchwToNhwc(a, N, C, H, W) {
  const out = new Float32Array(a.length);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) out[(n * H * W + p) * C + c] = a[(n * C + c) * H * W + p];
  return out;
}
function nhwcToNchw(a, N, C, H, W) {
  const out = new Float32Array(a.length);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) out[(n * C + c) * H * W + p] = a[(n * H * W + p) * C + c];
  return out;
}
/** OIHW → HWIO (for a depthwise [C, 1, kH, kW] weight this is also TF's [kH, kW, C, 1] order). */
function oihwToHwio(a, O, I, kH, kW) {
  const out = new Float32Array(a.length);
  for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) for (let p = 0; p < kH * kW; p++) out[(p * I + i) * O + o] = a[(o * I + i) * kH * kW + p];
  return out;
}
function hwioToOihw(a, O, I, kH, kW) {
  const out = new Float32Array(a.length);
  for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) for (let p = 0; p < kH * kW; p++) out[(o * I + i) * kH * kW + p] = a[(p * I + i) * O + o];
  return out;
}

/** convgrad through its public API (conv2dLayer / conv2dLayerBackward) on one context. */
function convgrad(name, pick) {
  return {
    name,
    async setup(c, { g, x, weight, bias, dy }) {
      const cg = pick();
      if (typeof cg?.conv2dLayer !== 'function' || typeof cg?.conv2dLayerBackward !== 'function') {
        return { unsupported: 'conv2dLayer / conv2dLayerBackward are not in this build of convgrad' };
      }
      const X = { data: x, shape: [g.N, g.Cin, g.H, g.W] };
      const Wt = { data: weight, shape: [g.Cout, g.Cin / g.groups, g.kH, g.kW] };
      const B = { data: bias, shape: [g.Cout] };
      const DY = { data: dy, shape: [g.N, g.Cout, g.Ho, g.Wo] };
      const opts = { stride: [g.sh, g.sw], padding: [g.pt, g.pb, g.pl, g.pr], dilation: [g.dh, g.dw], groups: g.groups };
      const only = (what) => ({ ...opts, wrt: { input: what === 'input', weight: what === 'weight', bias: false } });
      switch (c.pass) {
        case 'forward': return { run: () => cg.conv2dLayer(X, Wt, B, opts).data };
        case 'gradInput': return { run: () => cg.conv2dLayerBackward(X, Wt, DY, only('input')).gradInput.data };
        case 'gradWeight': return { run: () => cg.conv2dLayerBackward(X, Wt, DY, only('weight')).gradWeight.data };
        default: return {
          run: () => {
            const y = cg.conv2dLayer(X, Wt, B, opts).data;
            const r = cg.conv2dLayerBackward(X, Wt, DY, opts);
            return { y, dx: r.gradInput.data, dw: r.gradWeight.data, db: r.gradBias.data };
          },
        };
      }
    },
  };
}

/**
 * TensorFlow.js on one backend. forward: tf.fused.conv2d / tf.fused.depthwiseConv2d with the bias
 * (XNNPACK on wasm); gradInput: tf.conv2dTranspose (the Conv2DBackpropInput kernel) or the
 * DepthwiseConv2dNativeBackpropInput kernel; gradWeight: the Conv2DBackpropFilter /
 * DepthwiseConv2dNativeBackpropFilter kernels, which tf.grad calls (the ops are not public); the
 * step: tf.valueAndGrads of the fused op, TF.js's own autodiff. A kernel the backend lacks throws
 * "not registered": the harness records 'unsupported'.
 */
function tfjs(libs, backend, name) {
  return {
    name,
    async setup(c, { g, x, weight, bias, dy }) {
      const tf = need(libs.tf, libs.tfError, 'TensorFlow.js');
      if (backend === 'wasm' && libs.tfWasmError) throw new Error(`tfjs-backend-wasm did not load: ${libs.tfWasmError}`);
      const dw = isDepthwise(g);
      if (g.groups > 1 && !dw) return { unsupported: 'TensorFlow.js has no grouped convolution other than depthwise' };
      if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
      await tf.ready();
      const xShape = [g.N, g.H, g.W, g.Cin], yShape = [g.N, g.Ho, g.Wo, g.Cout];
      const filterShape = dw ? [g.kH, g.kW, g.Cin, 1] : [g.kH, g.kW, g.Cin, g.Cout];
      const cinG = g.Cin / g.groups;
      const xN = nchwToNhwc(x, g.N, g.Cin, g.H, g.W);
      const dyN = nchwToNhwc(dy, g.N, g.Cout, g.Ho, g.Wo);
      const filter = tf.tensor4d(oihwToHwio(weight, g.Cout, cinG, g.kH, g.kW), filterShape);
      const biasT = tf.tensor1d(bias);
      const strides = [g.sh, g.sw], dilations = [g.dh, g.dw];
      const pad = [[0, 0], [g.pt, g.pb], [g.pl, g.pr], [0, 0]];
      const conv = (xx, ff, bb) => (dw ? tf.fused.depthwiseConv2d : tf.fused.conv2d)({ x: xx, filter: ff, bias: bb, strides, pad, dilations });
      const read = (t) => { const d = t.dataSync(); t.dispose(); return d; };
      const toX = (d) => nhwcToNchw(d, g.N, g.Cin, g.H, g.W);
      const toY = (d) => nhwcToNchw(d, g.N, g.Cout, g.Ho, g.Wo);
      const toW = (d) => hwioToOihw(d, g.Cout, cinG, g.kH, g.kW);
      let run, view;
      if (c.pass === 'forward') {
        run = () => read(tf.tidy(() => conv(tf.tensor4d(xN, xShape), filter, biasT)));
        view = toY;
      } else if (c.pass === 'gradInput') {
        run = () => read(tf.tidy(() => {
          const dyT = tf.tensor4d(dyN, yShape);
          return dw ? tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: dyT, filter }, { strides, dilations, pad, inputShape: xShape })
            : tf.conv2dTranspose(dyT, filter, xShape, strides, pad);
        }));
        view = toX;
      } else if (c.pass === 'gradWeight') {
        run = () => read(tf.tidy(() => {
          const inputs = { x: tf.tensor4d(xN, xShape), dy: tf.tensor4d(dyN, yShape) };
          return dw ? tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', inputs, { strides, dilations, pad, filterShape })
            : tf.engine().runKernel('Conv2DBackpropFilter', inputs, { strides, pad, dataFormat: 'NHWC', filterShape });
        }));
        view = toW;
      } else {
        const step = tf.valueAndGrads((xx, ff, bb) => conv(xx, ff, bb));
        run = () => {
          const { value, grads } = tf.tidy(() => step([tf.tensor4d(xN, xShape), filter, biasT], tf.tensor4d(dyN, yShape)));
          return { y: read(value), dx: read(grads[0]), dw: read(grads[1]), db: read(grads[2]) };
        };
        view = (o) => ({ y: toY(o.y), dx: toX(o.dx), dw: toW(o.dw), db: o.db });
      }
      return {
        before: async () => { if (tf.getBackend() !== backend) await tf.setBackend(backend); },
        run,
        view,
        dispose: () => { filter.dispose(); biasT.dispose(); },
      };
    },
  };
}

/** ONNX Runtime Web, wasm execution provider, one thread: a one-node Conv model (forward only). */
function onnxRuntime(libs, name) {
  return {
    name,
    async setup(c, { g, x, weight, bias }) {
      if (c.pass !== 'forward') return null; // an inference runtime: no gradients
      const ort = need(libs.ort, libs.ortError, 'ONNX Runtime Web');
      const session = await ort.InferenceSession.create(convModel(g, weight, bias), {
        executionProviders: ['wasm'], graphOptimizationLevel: 'all',
      });
      const dims = [g.N, g.Cin, g.H, g.W];
      return {
        async: true,
        run: async () => (await session.run({ X: new ort.Tensor('float32', x, dims) })).Y.data,
        dispose: () => { session.release(); },
      };
    },
  };
}

/** The contenders in table order; `which` filters by name (substring match, ignoring case and punctuation). */
export function makeLayerContenders(libs, which) {
  const all = [
    convgrad('convgrad wasm-simd', () => libs.convgrad.simd),
    convgrad('convgrad JS baseline', () => libs.convgrad.js),
    tfjs(libs, 'wasm', 'TF.js wasm'),
    tfjs(libs, 'cpu', 'TF.js cpu'),
    onnxRuntime(libs, 'ORT Web wasm'),
  ];
  if (!which) return all;
  // 'tfjs-wasm', 'TF.js wasm' and 'tfjswasm' all name the same contender.
  const key = (s) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return all.filter((c) => which.some((w) => key(c.name).includes(key(w))));
}
