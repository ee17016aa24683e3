// The Conv2D layer benchmark in Node (npm run bench:layer): convgrad wasm-simd and its JS baseline
// against TF.js (wasm one thread, cpu) and ONNX Runtime Web (wasm EP, one thread, forward), on the
// issue's eight shapes and four passes, interleaved, each output checked against the float64
// oracle first. Prints the targets and every result; --write puts them into BENCHMARKS.md
// ("Conv2D layer", between <!-- layer-node:begin --> and <!-- layer-node:end -->). Needs a build.
//
//   node bench/layer/node.mjs [--shapes=c64-56,dw32-112,...] [--passes=forward,gradInput,gradWeight,step]
//                             [--contenders=convgrad,tfjs,ort,...] [--budget=ms] [--max-call=ms]
//                             [--json=out.json] [--write]
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { createContext } from '../../dist/index.js';
import { loadTfjsNode, packageVersion } from '../peers/node.mjs';
import { message } from '../peers/harness.mjs';
import { PASSES, SHAPES } from './cases.mjs';
import { makeLayerContenders } from './contenders.mjs';
import { createLayerSession, runOrder } from './run.mjs';
import { runBody, writeLayerSection } from './report.mjs';
import { cpuModel, loadMeter, parseArgs } from './env.mjs';

/** Every library the Node run needs (also the Chromium driver's source of versions). */
export async function loadLayerLibs() {
  const tfjs = await loadTfjsNode();
  const libs = { convgrad: { simd: await createContext(), js: await createContext({ backend: 'js' }) }, ...tfjs, versions: { ...tfjs.versions } };
  try {
    const ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    libs.ort = ort;
    libs.versions['onnxruntime-web'] = ort.env.versions?.web ?? packageVersion('onnxruntime-web');
  } catch (e) { libs.ortError = message(e); }
  return libs;
}

/** The selection from the command line: shapes, passes, contender filters, timing limits. */
export function selection(args, list) {
  const shapes = list(args.shapes) ?? SHAPES.map((s) => s.id);
  const passes = list(args.passes) ?? PASSES;
  for (const id of shapes) if (!SHAPES.some((s) => s.id === id)) throw new Error(`unknown shape '${id}'; shapes: ${SHAPES.map((s) => s.id).join(', ')}`);
  for (const p of passes) if (!PASSES.includes(p)) throw new Error(`unknown pass '${p}'; passes: ${PASSES.join(', ')}`);
  const which = list(args.contenders);
  const partial = [shapes.length < SHAPES.length ? `shapes ${shapes.join(', ')}` : '', passes.length < PASSES.length ? `passes ${passes.join(', ')}` : '', which ? `contenders matching ${which.join(', ')}` : ''].filter(Boolean).join('; ');
  return {
    shapes, passes, which, partial,
    budgetMs: Number(args.budget ?? 600),
    maxCallMs: Number(args['max-call'] ?? 20_000),
  };
}

async function main() {
  const { args, list } = parseArgs(process.argv.slice(2));
  const sel = selection(args, list);
  const t0 = performance.now();
  const libs = await loadLayerLibs();
  const contenders = makeLayerContenders(libs, sel.which);
  const meter = loadMeter();
  // This process's CPU time beside the wall clock: on a machine shared with other jobs it is
  // closer to what the code does on a core of its own (every contender here runs one thread).
  const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const session = createLayerSession(contenders, { budgetMs: sel.budgetMs, maxCallMs: sel.maxCallMs, cpuNow, log: console.log });
  const rows = [];
  for (const shape of runOrder(sel.shapes)) {
    for (const pass of sel.passes) {
      rows.push(await session.run(shape, pass));
      meter.sample();
    }
  }
  const tf = libs.tf;
  const env = {
    engine: `Node ${process.version} (V8 ${process.versions.v8})`,
    cpu: cpuModel(),
    cores: cpus().length,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    convgrad: libs.convgrad.simd.backendInfo().backend,
    versions: libs.versions,
    tfjsWasmSimd: tf ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT').catch(() => '?') : undefined,
    tfjsWasmThreads: libs.tfWasm ? (() => { try { return libs.tfWasm.getThreadsCount(); } catch { return '?'; } })() : undefined,
    ortThreads: libs.ort?.env.wasm.numThreads,
    load: meter.range(),
    cpuClock: true,
    partial: sel.partial,
    seconds: ((performance.now() - t0) / 1000).toFixed(0),
  };
  const body = runBody(env, rows, contenders.map((c) => c.name));
  console.log(`\n${body}`);
  if (args.json) await writeFile(args.json, JSON.stringify({ env, rows }, null, 1));
  if (args.write) {
    const path = new URL('../../BENCHMARKS.md', import.meta.url);
    const doc = await readFile(path, 'utf8');
    await writeFile(path, writeLayerSection(doc, 'layer-node', 'Node', body));
    console.log('BENCHMARKS.md updated (Conv2D layer, Node)');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
