// The cost of the NaN policy's input scan (checkFinite, on by default) on the cheapest call it
// guards: conv2d 'valid' with a 3×3 kernel, direct, on 512² and 2048² images, float32 and
// float64, SIMD binary. checkFinite true, false, and the scan as it was before it moved into the
// staging copy (a separate copy-and-scan of x and h, then the call with checkFinite: false)
// alternate call by call (interleaved); medians and their ratios to checkFinite: false are printed.
// Run: npm run build && node bench/finite-scan.bench.mjs
import { cpus, loadavg } from 'node:os';
import { createContext } from '../dist/index.js';
import { simdWasm } from '../dist/wasm/binaries.js';
import { createWasmBackend } from '../dist/wasm/backend.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const ctx = await createContext({ wasm: simdWasm() });
const separate = await createWasmBackend(simdWasm()); // its firstNonFinite: the copy-and-scan of before
let seed = 11;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const median = (a) => a.slice().sort((p, q) => p - q)[a.length >> 1];

console.log(`${cpus()[0].model}, Node ${process.version}, load ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log('| image | dtype | checkFinite: true (ms) | false (ms) | separate copy-and-scan (before) (ms) | true ÷ false | before ÷ false |');
console.log('|---|---|---|---|---|---|---|');
for (const size of [512, 2048]) {
  for (const Ctor of [Float32Array, Float64Array]) {
    const x = { rows: size, cols: size, data: Ctor.from({ length: size * size }, rand) };
    const h = { rows: 3, cols: 3, data: Ctor.from({ length: 9 }, rand) };
    const out = { rows: size - 2, cols: size - 2, data: new Ctor((size - 2) ** 2) };
    const run = (mode) => {
      const t = performance.now();
      if (mode === 'before' && (separate.firstNonFinite(x.data) >= 0 || separate.firstNonFinite(h.data) >= 0)) throw new Error('bad data');
      ctx.conv2d(x, h, 'valid', { method: 'direct', out, checkFinite: mode === 'on' });
      return performance.now() - t;
    };
    const modes = ['on', 'off', 'before'];
    const times = { on: [], off: [], before: [] };
    for (let i = 0; i < 5; i++) for (const m of modes) run(m);
    const reps = size === 512 ? ROUNDS * 8 : ROUNDS;
    for (let i = 0; i < reps; i++) {
      // Rotate the order too, so no setting always runs warm after another.
      for (let j = 0; j < 3; j++) { const m = modes[(i + j) % 3]; times[m].push(run(m)); }
    }
    const [a, b, c] = modes.map((m) => median(times[m]));
    console.log(`| ${size}² | ${Ctor.name.replace('Array', '').toLowerCase()} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${c.toFixed(3)} | ${(a / b).toFixed(3)}× | ${(c / b).toFixed(3)}× |`);
  }
}
console.log(`load after: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
