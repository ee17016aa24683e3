// Micro-benchmark of the 2-D real FFT (assembly/fft.ts through src/wasm/fft.ts): forward +
// inverse at 512×512, 1024×1024 and 640×480 (480 rows × 640 columns), f32 and f64, SIMD and
// scalar binaries, in one process. Each configuration is checked (round trip) before it is
// timed. Prints median milliseconds (tinybench p50, with the minimum in parentheses: on a
// shared machine preemption inflates medians of the longer tasks) and the conventional FFT
// rate 2.5·N·log₂N flop per real transform, from the median.
//
//   npm run build && node bench/fft.bench.mjs
import { Bench } from 'tinybench';
import { scalarWasm, simdWasm } from '../dist/wasm/binaries.js';
import { FftPlan2d } from '../dist/wasm/fft.js';

const SHAPES = [[512, 512], [1024, 1024], [480, 640]];
const DTYPES = ['float32', 'float64'];

async function instance(bytes) {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  return instance.exports;
}
const binaries = { simd: await instance(simdWasm()), scalar: await instance(scalarWasm()) };

function allocator(ex) {
  let top = Math.ceil(ex.heapBase() / 16) * 16;
  return (bytes) => {
    const p = top;
    top += Math.ceil(bytes / 16) * 16;
    const need = top - ex.memory.buffer.byteLength;
    if (need > 0) ex.memory.grow(Math.ceil(need / 65536));
    return p;
  };
}

const rows = [];
for (const [r, c] of SHAPES) {
  for (const dtype of DTYPES) {
    const bench = new Bench({ time: 600, iterations: 10, warmupTime: 100, warmupIterations: 3, throws: true });
    const info = {};
    for (const [name, ex] of Object.entries(binaries)) {
      const alloc = allocator(ex); // each configuration gets fresh memory above the last
      const plan = new FftPlan2d(ex, r, c, dtype);
      plan.prepare(alloc(plan.planBytes), alloc(plan.workBytes));
      const x = alloc(plan.realBytes);
      const X = alloc(plan.spectrumBytes);
      const y = alloc(plan.realBytes);
      const Arr = dtype === 'float32' ? Float32Array : Float64Array;
      const xs = new Arr(ex.memory.buffer, x, r * c);
      for (let i = 0; i < xs.length; i++) xs[i] = Math.sin(0.37 * i) + ((i * 7919) % 13) / 13;
      plan.forward(X, x);
      plan.inverse(y, X);
      const back = new Arr(ex.memory.buffer, y, r * c);
      let err = 0;
      for (let i = 0; i < back.length; i++) err = Math.max(err, Math.abs(back[i] - xs[i]));
      if (err > (dtype === 'float32' ? 1e-5 : 1e-12) * 2) throw new Error(`${name} ${dtype} ${r}×${c}: round trip error ${err}`);
      info[name] = err;
      bench.add(`${name} fwd+inv`, () => {
        plan.forward(X, x);
        plan.inverse(y, X);
      });
      bench.add(`${name} fwd`, () => plan.forward(X, x));
    }
    await bench.run();
    const ms = Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.latency.p50]));
    const min = Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.latency.min]));
    const n = r * c;
    const flop = 2 * 2.5 * n * Math.log2(n);
    rows.push({ shape: `${c}×${r}`, dtype, ms, min, flop });
    console.log(
      `${r}×${c} (rows×cols) ${dtype}: ` +
        Object.entries(ms).map(([k, v]) => `${k} ${v.toFixed(3)} ms (min ${min[k].toFixed(3)})`).join(', ') +
        ` | round-trip max err simd ${info.simd.toExponential(1)}, scalar ${info.scalar.toExponential(1)}`,
    );
  }
}

const f = (v) => (v >= 10 ? v.toFixed(1) : v.toFixed(2));
const fm = (ms, min, k) => `${f(ms[k])} (${f(min[k])})`;
console.log('\nmedian ms (min ms)\n');
console.log('| image (w×h) | dtype | SIMD fwd+inv | scalar fwd+inv | SIMD fwd | scalar fwd | SIMD GFLOP/s | SIMD ÷ scalar |');
console.log('|---|---|---|---|---|---|---|---|');
for (const { shape, dtype, ms, min, flop } of rows) {
  const s = ms['simd fwd+inv'];
  const sc = ms['scalar fwd+inv'];
  console.log(
    `| ${shape} | ${dtype} | ${fm(ms, min, 'simd fwd+inv')} | ${fm(ms, min, 'scalar fwd+inv')} | ${fm(ms, min, 'simd fwd')} | ` +
      `${fm(ms, min, 'scalar fwd')} | ${(flop / (s * 1e6)).toFixed(1)} | ${(sc / s).toFixed(2)}× |`,
  );
}
