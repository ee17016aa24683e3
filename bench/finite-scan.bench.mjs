// The cost of the NaN policy's input scan (checkFinite, on by default) on the cheapest call it
// guards: conv2d 'valid' with a 3×3 kernel, direct, on 512² and 2048² images, float32 and
// float64, SIMD binary. checkFinite true and false alternate call by call (interleaved), and
// the ratio of medians is printed. Run: npm run build && node bench/finite-scan.bench.mjs
import { cpus, loadavg } from 'node:os';
import { createContext } from '../dist/index.js';
import { simdWasm } from '../dist/wasm/binaries.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const ctx = await createContext({ wasm: simdWasm() });
let seed = 11;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const median = (a) => a.slice().sort((p, q) => p - q)[a.length >> 1];

console.log(`${cpus()[0].model}, Node ${process.version}, load ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log('| image | dtype | checkFinite: true (ms) | false (ms) | ratio |');
console.log('|---|---|---|---|---|');
for (const size of [512, 2048]) {
  for (const Ctor of [Float32Array, Float64Array]) {
    const x = { rows: size, cols: size, data: Ctor.from({ length: size * size }, rand) };
    const h = { rows: 3, cols: 3, data: Ctor.from({ length: 9 }, rand) };
    const out = { rows: size - 2, cols: size - 2, data: new Ctor((size - 2) ** 2) };
    const run = (checkFinite) => {
      const t = performance.now();
      ctx.conv2d(x, h, 'valid', { method: 'direct', out, checkFinite });
      return performance.now() - t;
    };
    for (let i = 0; i < 5; i++) run(true), run(false);
    const on = [];
    const off = [];
    const reps = size === 512 ? ROUNDS * 8 : ROUNDS;
    for (let i = 0; i < reps; i++) {
      // Alternate the order too, so neither setting always runs warm after the other.
      if (i % 2) { on.push(run(true)); off.push(run(false)); } else { off.push(run(false)); on.push(run(true)); }
    }
    const a = median(on);
    const b = median(off);
    console.log(`| ${size}² | ${Ctor.name.replace('Array', '').toLowerCase()} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${(a / b).toFixed(3)}× |`);
  }
}
console.log(`load after: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
