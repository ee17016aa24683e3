// The core benchmark: conv2d 'valid', gradKernel and gradImage on a 512×512 image with
// kernels 3, 7, 15, 31, float32 and float64, for the SIMD binary (direct kernels, and 'auto',
// which may take the FFT path), the scalar binary (direct) and the pure-JS baseline, all in one
// process on identical inputs. Each result is checked against
// the JS baseline before it is timed. Prints a markdown table (median ms, GFLOP/s, ratios)
// and writes it into BENCHMARKS.md between the core markers.
import { Bench } from 'tinybench';
import { randomMatrix, seeded } from './peers/harness.mjs';
import { cpus } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { createContext } from '../dist/index.js';
import { scalarWasm, simdWasm } from '../dist/wasm/binaries.js';

const SIZE = Number(process.env.BENCH_SIZE ?? 512);
const KERNELS = (process.env.BENCH_KERNELS ?? '3,7,15,31').split(',').map(Number);
const DTYPES = ['float32', 'float64'];
const OPS = ['conv2d', 'gradKernel', 'gradImage'];

const simd = await createContext({ wasm: simdWasm() });
const scalar = await createContext({ wasm: scalarWasm() });
const js = await createContext({ backend: 'js' });
/** Each contender: a context and the method it is asked for. */
const contexts = {
  'simd-direct': [simd, 'direct'],
  'simd-auto': [simd, 'auto'],
  'scalar-direct': [scalar, 'direct'],
  js: [js, 'auto'],
};

function maxRelDiff(a, b) {
  let scale = 0, diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return diff / (scale || 1);
}

const rows = [];
for (const dtype of DTYPES) {
  for (const k of KERNELS) {
    const next = seeded(1234 + k);
    const x = randomMatrix(SIZE, SIZE, dtype, next);
    const h = randomMatrix(k, k, dtype, next);
    const R = SIZE - k + 1;
    const y = randomMatrix(R, R, dtype, next);
    const flops = 2 * R * R * k * k; // every op here is one multiply-add per (output, tap) pair
    // Into outputs allocated once: what a fresh result array costs depends on the engine's
    // allocator and its state (page faults; tens of percent at k = 3 between two runs of the same
    // code), not on convgrad. The peer benchmark times calls with fresh results.
    const like = (m) => ({ rows: m.rows, cols: m.cols, data: new m.data.constructor(m.data.length) });
    const outs = { conv2d: like(y), gradKernel: like(h), gradImage: like(x) };
    const run = {
      conv2d: ([cg, method]) => cg.conv2d(x, h, 'valid', { method, out: outs.conv2d }),
      gradKernel: ([cg, method]) => cg.gradKernel(x, h, y, 'valid', { method, out: outs.gradKernel }),
      gradImage: ([cg, method]) => cg.gradImage(x, h, y, 'valid', { method, out: outs.gradImage }),
    };
    for (const op of OPS) {
      const reference = run[op](contexts.js).data.slice();
      const bench = new Bench({ time: 400, iterations: 5, warmupTime: 50, warmupIterations: 2, throws: true });
      const wrong = {};
      for (const [name, cg] of Object.entries(contexts)) {
        const err = maxRelDiff(run[op](cg).data, reference);
        // Direct kernels agree with the baseline to round-off; the FFT path to its documented accuracy.
        if (err > (dtype === 'float32' ? 1e-4 : 1e-10)) wrong[name] = err;
        bench.add(name, () => run[op](cg));
      }
      await bench.run();
      const ms = Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.latency.p50]));
      rows.push({ dtype, k, op, ms, flops, wrong });
      const line = Object.entries(ms).map(([n, v]) => `${n} ${v.toFixed(3)} ms`).join(', ');
      console.log(`${dtype} k=${k} ${op}: ${line}${Object.keys(wrong).length ? ` WRONG: ${JSON.stringify(wrong)}` : ''}`);
    }
  }
}

const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const gflops = (flops, ms) => (flops / (ms * 1e6)).toFixed(1);
let table = `| dtype | k | op | SIMD direct ms | SIMD auto ms | scalar ms | JS ms | SIMD direct GFLOP/s | auto GFLOP/s (effective) | JS GFLOP/s | SIMD direct ÷ JS | auto ÷ JS | SIMD ÷ scalar (direct) |\n`;
table += `|---|---|---|---|---|---|---|---|---|---|---|---|---|\n`;
for (const r of rows) {
  const d = r.ms['simd-direct'], a = r.ms['simd-auto'], c = r.ms['scalar-direct'], j = r.ms.js;
  const w = (n) => (r.wrong[n] !== undefined ? ' (WRONG)' : '');
  table += `| ${r.dtype} | ${r.k} | ${r.op} | ${fmt(d)}${w('simd-direct')} | ${fmt(a)}${w('simd-auto')} | ${fmt(c)}${w('scalar-direct')} | ${fmt(j)} | ${gflops(r.flops, d)} | ${gflops(r.flops, a)} | ${gflops(r.flops, j)} | ${(j / d).toFixed(1)}× | ${(j / a).toFixed(1)}× | ${(c / d).toFixed(1)}× |\n`;
}
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = `Node ${process.version} (V8 ${process.versions.v8}), ${cpu}, ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}. ` +
  `Image ${SIZE}×${SIZE}, square kernels, mode 'valid', medians of ≥ 5 runs (tinybench), one thread, results into preallocated \`out\` arrays (fresh result arrays: the peers section). ` +
  `GFLOP/s = 2 × output pixels × kernel pixels / time.`;
const section = `<!-- core:begin -->\n${header}\n\n${table}<!-- core:end -->`;
console.log(`\n${header}\n\n${table}`);

if (process.env.BENCH_WRITE !== '0' && SIZE === 512) {
  const path = new URL('../BENCHMARKS.md', import.meta.url);
  let doc = await readFile(path, 'utf8').catch(() => '');
  doc = doc.includes('<!-- core:begin -->')
    ? doc.replace(/<!-- core:begin -->[\s\S]*<!-- core:end -->/, section)
    : `${doc}\n${section}\n`;
  await writeFile(path, doc);
  console.log('BENCHMARKS.md updated');
}
