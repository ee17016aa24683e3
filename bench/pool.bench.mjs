// The pool benchmark: a batch of 32 kernel estimations (512×512 sharp/blurred pairs, 15×15
// kernels) through convgrad/pool with 2 workers against 1, plus the same batch run in the main
// thread for reference. Each configuration is timed on the whole batch (all 32 jobs submitted at
// once, results awaited in order), best of RUNS runs with the configurations interleaved, after a
// warm-up (on a machine shared with other jobs the best run is the least disturbed one); pool
// start-up is reported separately. Every pool result is checked against the
// main-thread result first (they must agree bit for bit: same module, same code). A spin test
// before and after measures how much of the two cores other processes left us. Prints a markdown
// table and writes it into BENCHMARKS.md between the pool markers (not with --no-write; with
// --require-idle only when the spin test found both cores free).
// Needs a build (npm run build).
import { availableParallelism, cpus } from 'node:os';
import { estimateKernel, init } from '../dist/index.js';
import { readImage } from '../dist/node/index.js';
import { createPool } from '../dist/node/pool/index.js';
import { batchKernels, batchPairs, K, sameBits } from './pool/batch.mjs';
import { writeBenchSection } from './pool/report.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const METHODS = [
  { label: "unconstrained ('exact', Cholesky on the normal equations)", options: {} },
  { label: "non-negative + sum-to-one ('fista', 3000 iterations max)", options: { sumToOne: true } },
];

await init();
const photos = await Promise.all(['camera.png', 'brick.png'].map((f) => readImage(new URL(`../examples/data/${f}`, import.meta.url).pathname)));
const kernels = batchKernels();
const pairs = batchPairs(photos.map((p) => p.channels[0]));
const size = { rows: K, cols: K };
console.log(`${pairs.length} pairs, sharp ${pairs[0].x.rows}×${pairs[0].x.cols}, blurred (valid) ${pairs[0].y.rows}×${pairs[0].y.cols}, kernel ${K}×${K}, float64`);

const best = (v) => Math.min(...v);

/**
 * How much CPU this machine gives two threads right now: a fixed integer spin in 2 workers at
 * once against 1, as a rate ratio (2.0 on two idle cores). Other processes on a shared machine
 * lower it, and the pool's speed-up with it: the bench reports both.
 */
async function parallelHeadroom() {
  const spin = `const { parentPort } = require('node:worker_threads');
    parentPort.once('message', () => { const t = performance.now(); let s = 0; for (let i = 0; i < 2e8; i++) s += i % 7; parentPort.postMessage([performance.now() - t, s]); });`;
  const { Worker } = await import('node:worker_threads');
  const run = async (n) => {
    const ws = Array.from({ length: n }, () => new Worker(spin, { eval: true }));
    const t0 = performance.now();
    await Promise.all(ws.map((w) => new Promise((r) => { w.once('message', r); w.postMessage(0); })));
    const ms = performance.now() - t0;
    await Promise.all(ws.map((w) => w.terminate()));
    return ms;
  };
  const one = await run(1);
  const two = await run(2);
  return (2 * one) / two;
}

const headroom = [await parallelHeadroom()];
const rows = [];
for (const { label, options } of METHODS) {
  const local = ({ x, y }) => estimateKernel(x, y, size, options);
  const reference = pairs.map(local);
  const line = { label, main: [], pool: { 1: [], 2: [] }, startup: {} };
  const pools = {};
  for (const workers of [1, 2]) {
    const t0 = performance.now();
    pools[workers] = await createPool({ workers });
    await pools[workers].conv2d(pairs[0].x, kernels[0], 'valid'); // a worker is up and answering
    line.startup[workers] = performance.now() - t0;
    // Warm-up, and the check: pool results are the main thread's, bit for bit.
    const results = await Promise.all(pairs.map(({ x, y }) => pools[workers].estimateKernel(x, y, size, options)));
    results.forEach((r, i) => {
      if (!sameBits(r.kernel.data, reference[i].kernel.data)) throw new Error(`pool(${workers}) result ${i} differs from the main thread`);
    });
  }
  // Interleaved runs, so a burst of load from elsewhere hits every configuration alike.
  for (let r = 0; r < RUNS; r++) {
    let t0 = performance.now();
    pairs.forEach(local);
    line.main.push(performance.now() - t0);
    for (const workers of [1, 2]) {
      t0 = performance.now();
      await Promise.all(pairs.map(({ x, y }) => pools[workers].estimateKernel(x, y, size, options)));
      line.pool[workers].push(performance.now() - t0);
    }
  }
  await Promise.all(Object.values(pools).map((p) => p.close()));
  line.main = best(line.main);
  line.pool = { 1: best(line.pool[1]), 2: best(line.pool[2]) };
  rows.push(line);
  const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`${label}: main thread ${f(line.main)}, pool 1 worker ${f(line.pool[1])}, 2 workers ${f(line.pool[2])} → ${(line.pool[1] / line.pool[2]).toFixed(2)}×`);
}
headroom.push(await parallelHeadroom());
const minHeadroom = Math.min(...headroom);
console.log(`parallel headroom (2 spinning threads vs 1): ${headroom.map((h) => `${h.toFixed(2)}×`).join(' before, ')} after`);
if (minHeadroom < 1.9) console.log('WARNING: other processes were using the CPU; the speed-ups below are lower than on an idle machine.');

const cpu = cpus()[0]?.model.trim().replace(/\s+\d+-Core Processor$/, '') ?? 'unknown CPU';
const date = new Date().toISOString().slice(0, 10);
const table = [
  `Node ${process.version}, ${cpu}, ${availableParallelism()} cores, ${date}. ${pairs.length} kernel estimations per batch: ` +
    `sharp 512×512 (camera.png and brick.png, each in its 8 rotations/flips) blurred by a 15×15 motion or Gaussian kernel ` +
    `plus noise σ = 0.005, fitted on the valid interior (498×498); float64. Whole-batch wall time, all jobs submitted at once, ` +
    `best of ${RUNS} runs (the configurations interleaved) after a warm-up; pool start-up not included. ` +
    `Pool results are bit-identical to the main thread's. Parallel headroom during the run (a fixed spin on 2 threads vs 1): ` +
    `${minHeadroom.toFixed(2)}× (2.00× = two idle cores)${minHeadroom < 1.9 ? ' — the machine was shared, so the speed-ups are understated' : ''}.`,
  '',
  '| method | main thread | pool, 1 worker | pool, 2 workers | 2 workers ÷ 1 | estimations/s (2 workers) |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.label} | ${(r.main / 1000).toFixed(2)} s | ${(r.pool[1] / 1000).toFixed(2)} s | ${(r.pool[2] / 1000).toFixed(2)} s | ` +
    `**${(r.pool[1] / r.pool[2]).toFixed(2)}×** | ${(pairs.length / (r.pool[2] / 1000)).toFixed(1)} |`),
  '',
  `Pool start-up (createPool to the first job's result): ${rows[0].startup[1].toFixed(0)} ms with 1 worker, ${rows[0].startup[2].toFixed(0)} ms with 2.`,
].join('\n');
console.log(`\n${table}`);

if (process.argv.includes('--no-write')) process.exit(0);
if (process.argv.includes('--require-idle') && minHeadroom < 1.9) {
  console.log('--require-idle: the machine was busy, BENCHMARKS.md left as it was');
  process.exit(3);
}
await writeBenchSection('pool', table, 'Pool: batch kernel estimation across worker threads',
  'A batch job through `convgrad/pool` (`node bench/pool.bench.mjs`), 2 workers against 1 on the same machine. ' +
    'The target for the Node issue is ≥ 1.8× throughput with 2 workers on this 2-core machine.');
