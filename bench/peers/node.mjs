// The peer benchmark in Node: convgrad (WebAssembly SIMD and the JS baseline) against
// TensorFlow.js (wasm SIMD one thread, and cpu), OpenCV.js filter2D (on the valid region and on
// the whole image) and ml-matrix-convolution (fft, direct), on the cases of harness.mjs, all in
// one process on identical inputs, each output checked against the convgrad JS baseline before
// it is timed. Prints a markdown table per dtype and writes it into BENCHMARKS.md between
// <!-- peers:begin --> and <!-- peers:end -->. Needs a build (npm run bench:peers does it).
//
//   node bench/peers/node.mjs [--only=conv-512-k15,...] [--contenders=convgrad,tfjs,...]
//                             [--json=out.json] [--no-write] [--budget=ms] [--warmup=ms] [--sample=ms]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createContext } from '../../dist/index.js';
import { CASES, caseLabel, describe, makeInputs, peerTables, replaceSection, runCase, message } from './harness.mjs';
import { makeContenders } from './contenders.mjs';

const require = createRequire(import.meta.url);
const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, ...v] = a.replace(/^--/, '').split('=');
  return [k, v.length ? v.join('=') : true];
}));
const list = (v) => (typeof v === 'string' && v ? v.split(',') : undefined);
const only = list(args.only);
const which = list(args.contenders);
const budgetMs = Number(args.budget ?? process.env.BENCH_PEERS_BUDGET ?? 1500);
const timing = { warmupMs: args.warmup ? Number(args.warmup) : undefined, sampleMs: args.sample ? Number(args.sample) : undefined };

/**
 * TensorFlow.js (cpu) and its wasm backend (one thread) as Node loads them, quietly:
 * { tf?, tfError?, tfWasm?, tfWasmError?, versions }. Also used by bench/layer/node.mjs.
 */
export async function loadTfjsNode() {
  const libs = { versions: {} };
  try {
    // Silence tfjs's one-off "install tfjs-node" banner; it is not a contender here (native code).
    libs.tf = require('@tensorflow/tfjs');
    const quiet = (f) => async () => { const { log, warn } = console; console.log = console.warn = () => {}; try { return await f(); } finally { Object.assign(console, { log, warn }); } };
    await quiet(() => libs.tf.setBackend('cpu'))();
    libs.versions.tfjs = packageVersion('@tensorflow/tfjs');
    try {
      const wasm = require('@tensorflow/tfjs-backend-wasm');
      // Node: a file-system prefix to the package's dist/, where the .wasm binaries are.
      wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
      wasm.setThreadsCount?.(1);
      libs.tfWasm = wasm;
      libs.versions['tfjs-backend-wasm'] = packageVersion('@tensorflow/tfjs-backend-wasm');
    } catch (e) { libs.tfWasmError = message(e); }
  } catch (e) { libs.tfError = message(e); }
  return libs;
}

/** TF.js with its wasm backend (XNNPACK, one thread) selected and ready; throws when it did not load. */
export async function loadTfjsWasmNode() {
  const { tf, tfError, tfWasmError } = await loadTfjsNode();
  if (!tf || tfWasmError) throw new Error(`TF.js wasm did not load: ${tfError ?? tfWasmError}`);
  const { log, warn } = console;
  console.log = console.warn = () => {};
  try { await tf.setBackend('wasm'); await tf.ready(); } finally { Object.assign(console, { log, warn }); }
  return tf;
}

/** The version in node_modules/<pkg>/package.json, or '?'. */
export function packageVersion(pkg) {
  try { return JSON.parse(readFileSync(new URL(`../../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')).version; } catch { return '?'; }
}

export async function loadNodeLibs() {
  const tfjs = await loadTfjsNode();
  const libs = {
    convgrad: { simd: await createContext(), js: await createContext({ backend: 'js' }) },
    ...tfjs,
    versions: { ...tfjs.versions },
  };
  const version = packageVersion;
  try {
    // The module object is a thenable that resolves to itself: never `await` it; wait for
    // onRuntimeInitialized instead (or nothing, if the runtime is already up).
    const cv = require('@techstark/opencv-js');
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('onRuntimeInitialized not called in 60 s')), 60_000);
      const done = () => { clearTimeout(timer); resolve(); };
      if (cv.Mat) done(); else cv.onRuntimeInitialized = done;
    });
    libs.cv = cv;
    libs.versions['opencv.js'] = `${version('@techstark/opencv-js')} (OpenCV ${cv.getBuildInformation().match(/Version control:\s*(\S+)/)?.[1] ?? '?'})`;
  } catch (e) { libs.cvError = message(e); }
  try {
    libs.ml = await import('ml-matrix-convolution');
    libs.versions['ml-matrix-convolution'] = version('ml-matrix-convolution');
  } catch (e) { libs.mlError = message(e); }
  return libs;
}

/** Libraries loaded once; then cases one at a time (chromium.mjs alternates them with the page). */
export async function createNodeSession({ which, budgetMs, timing = {}, log = console.log } = {}) {
  const libs = await loadNodeLibs();
  const contenders = makeContenders(libs, which);
  const load = [];
  return {
    async run(c) {
      log(`${caseLabel(c)}`);
      load.push(loadavg()[0]);
      const inputs = makeInputs(c);
      const ref = libs.convgrad.js;
      const reference = c.op === 'conv' ? ref.conv2d(inputs.x, inputs.h, 'valid').data
        : c.op === 'gradKernel' ? ref.gradKernel(inputs.x, inputs.h, inputs.y, 'valid').data
          : ref.gradImage(inputs.x, inputs.h, inputs.y, 'valid').data;
      return { case: c, results: await runCase(c, inputs, reference, contenders, { budgetMs, ...timing, log }) };
    },
    async env() {
      const tf = libs.tf;
      return {
        engine: `Node ${process.version} (V8 ${process.versions.v8})`,
        cpu: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`,
        date: new Date().toISOString().slice(0, 10),
        convgrad: libs.convgrad.simd.backendInfo().backend,
        versions: libs.versions,
        tfjsWasmSimd: tf ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT').catch(() => '?') : undefined,
        tfjsWasmThreads: libs.tfWasm ? (() => { try { return libs.tfWasm.getThreadsCount(); } catch { return '?'; } })() : undefined,
        load: { min: Math.min(...load), max: Math.max(...load), end: loadavg()[0] },
        budgetMs,
      };
    },
  };
}

export async function runNode({ only, ...options } = {}) {
  const session = await createNodeSession(options);
  const rows = [];
  for (const c of CASES.filter((c) => !only || only.includes(c.id))) rows.push(await session.run(c));
  return { env: await session.env(), rows };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const t0 = performance.now();
  const { env, rows } = await runNode({ only, which, budgetMs, timing });
  const tables = peerTables(rows);
  const header = describe(env) + ` Medians of interleaved rounds (≥ 3 samples each, up to 30 or ${budgetMs} ms per contender and case; a call over 2 s gets one timed run); ` +
    `GFLOP/s = 2 × output pixels × kernel pixels / time (for the gradients: one pass, though each does two; for FFT methods an effective rate); ` +
    `"vs JS baseline" = JS baseline ms ÷ ms, "vs best peer" = best peer's ms ÷ ms (above 1× = faster; the best peer is the fastest correct non-convgrad contender). ` +
    `Timed for everyone: image (and y) as a JS typed array in → the result as a JS typed array out, as convgrad's calls do; ` +
    `the kernel is given to each peer once, untimed, in its own container and orientation (rot180 for the correlating tfjs and OpenCV). ` +
    `Every output is checked against the convgrad JS baseline (max |error| ≤ 1e-4 × max |reference| for float32, 1e-9 for float64) before timing and again after; ` +
    `WRONG results are never timed. tfjs has no float64; tfjs-wasm has no Conv2DBackpropFilter; ml-matrix-convolution direct runs only the 512² convolutions (minutes otherwise); ` +
    `its gradients and OpenCV's are composed from their convolution/filter2D calls (bench/peers/contenders.mjs).`;
  let body = `${header}\n`;
  for (const [dtype, t] of Object.entries(tables)) body += `\n**${dtype}**\n\n${t}`;
  console.log(`\n${body}`);
  console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  if (args.json) await writeFile(args.json, JSON.stringify({ env, rows }, null, 1));
  if (!args['no-write'] && !only && !which) {
    const path = new URL('../../BENCHMARKS.md', import.meta.url);
    const doc = await readFile(path, 'utf8').catch(() => '# Benchmarks\n');
    await writeFile(path, replaceSection(doc, 'peers', body, '## Peers: TensorFlow.js, OpenCV.js, ml-matrix-convolution (Node)\n\nRegenerate with `npm run bench:peers` (bench/peers/node.mjs; cases and timer in bench/peers/harness.mjs, adapters in bench/peers/contenders.mjs).'));
    console.log('BENCHMARKS.md updated (peers section)');
  }
}
