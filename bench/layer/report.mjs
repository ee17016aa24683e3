// The Conv2D layer benchmark's tables: every result, and the issue's targets marked met / missed
// with their figures; and the BENCHMARKS.md section they go into. Plain ESM.
import { fmtMs, replaceSection } from '../peers/harness.mjs';
import { PASSES, PASS_LABEL, SHAPES, geometry, isDepthwise, passFlops, shapeLabel } from './cases.mjs';

export const CONVGRAD = 'convgrad wasm-simd';
export const TFJS_WASM = 'TF.js wasm';
const isConvgrad = (name) => name.startsWith('convgrad');

const gflops = (flops, ms) => flops / (ms * 1e6);
const fmtGf = (v) => (v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(2) : v.toPrecision(2));
const fmtX = (v) => (v >= 100 ? `${v.toFixed(0)}×` : v >= 10 ? `${v.toFixed(1)}×` : `${v.toFixed(2)}×`);
const clean = (s) => String(s).replace(/\|/g, '/').replace(/\s+/g, ' ');

/** Rows in the issue's order (shapes, then passes), whatever order they ran in. */
export function ordered(rows) {
  const si = (id) => SHAPES.findIndex((s) => s.id === id);
  return [...rows].sort((a, b) => si(a.shape) - si(b.shape) || PASSES.indexOf(a.pass) - PASSES.indexOf(b.pass));
}

function shortNote(r) {
  const kernel = r.note?.match(/Kernel '(\w+)' not registered/);
  if (kernel) return `${kernel[1]} not registered`;
  return clean(r.note ?? '');
}

/** One contender's cell: ms · GFLOP/s · convgrad's speed-up over it. */
function cell(r, flops, cg) {
  if (!r) return 'not run';
  if (r.status === 'ok') {
    const base = `${fmtMs(r.ms)} ms · ${fmtGf(gflops(flops, r.ms))}${r.samples === 1 ? ' (1 run)' : ''}`;
    if (r.name === CONVGRAD) return `**${base}**${r.cpuMs ? ` (CPU time ${fmtMs(r.cpuMs)} ms · ${fmtGf(gflops(flops, r.cpuMs))})` : ''}`;
    return cg ? `${base} · ${fmtX(r.ms / cg.ms)}` : base;
  }
  if (r.status === 'skipped') {
    if (r.predictedMs !== undefined) return `not timed (≈ ${(r.predictedMs / 1000).toFixed(0)} s per call predicted)${cg ? ` · ≈ ${fmtX(r.predictedMs / cg.ms)}` : ''}`;
    return '—';
  }
  return `**${r.status}** (${shortNote(r)})`;
}

/** Every result: one row per shape and pass, one column per contender. */
export function resultsTable(rows, names) {
  let t = `| shape | pass | GFLOP | ${names.join(' | ')} |\n|---|---|---|${names.map(() => '---|').join('')}\n`;
  for (const row of ordered(rows)) {
    const s = SHAPES.find((x) => x.id === row.shape);
    const cg = row.results.find((r) => r.name === CONVGRAD && r.status === 'ok');
    const cells = names.map((n) => cell(row.results.find((r) => r.name === n), row.flops, cg));
    t += `| ${shapeLabel(s)} | ${PASS_LABEL[row.pass]} | ${(row.flops / 1e9).toFixed(3)} | ${cells.join(' | ')} |\n`;
  }
  return t;
}

const find = (rows, shape, pass, name) => rows.find((r) => r.shape === shape && r.pass === pass)?.results.find((r) => r.name === name);
const okMs = (r) => (r?.status === 'ok' ? r.ms : undefined);

const T_FORWARD = 'forward ≥ 1.0× TF.js-wasm (every shape)';
const T_GRAD = (pass) => `${pass} ≥ 20 GFLOP/s (the five dense shapes)`;
const T_STEP = 'forward + full backward ≥ 10× the fastest JS/WASM library that supports it (every shape)';
const T_DEPTHWISE = 'depthwise forward ≥ 2× TF.js-wasm';
const TARGETS = [
  { id: 'forward', title: T_FORWARD, column: 'forward ÷ TF.js-wasm (≥ 1.0×)' },
  { id: 'gradInput', title: T_GRAD('gradInput'), column: 'gradInput GFLOP/s (≥ 20)' },
  { id: 'gradWeight', title: T_GRAD('gradWeight'), column: 'gradWeight GFLOP/s (≥ 20)' },
  { id: 'step', title: T_STEP, column: 'forward + full backward ÷ fastest peer (≥ 10×)' },
  { id: 'depthwise', title: T_DEPTHWISE, column: 'depthwise forward ÷ TF.js-wasm (≥ 2×)' },
];

/**
 * The issue's targets per shape: { target (TARGETS id), shape, value, figure, met: true|false|null }
 * (met null: not measured in this run, or for information only).
 */
export function evaluateTargets(rows) {
  const out = [];
  const has = (shape, pass) => rows.some((r) => r.shape === shape && r.pass === pass);
  const ratio = (target, s, pass, peerName, bar) => {
    if (!has(s.id, pass)) return;
    const cg = okMs(find(rows, s.id, pass, CONVGRAD));
    const peer = find(rows, s.id, pass, peerName);
    const pm = okMs(peer);
    if (cg === undefined || pm === undefined) {
      out.push({ target, shape: s, figure: `not measured (convgrad ${cg === undefined ? 'not measured' : `${fmtMs(cg)} ms`}, ${peerName} ${pm === undefined ? peer?.status ?? 'not run' : `${fmtMs(pm)} ms`})`, met: null });
      return;
    }
    const cgCpu = find(rows, s.id, pass, CONVGRAD).cpuMs, peerCpu = peer.cpuMs;
    const byCpu = cgCpu && peerCpu ? `; by CPU time ${fmtX(peerCpu / cgCpu)}` : '';
    out.push({ target, shape: s, value: pm / cg, figure: `${fmtX(pm / cg)} (${fmtMs(cg)} vs ${fmtMs(pm)} ms${byCpu})`, met: pm / cg >= bar,
      cpuMet: cgCpu && peerCpu ? peerCpu / cgCpu >= bar : undefined });
  };
  for (const s of SHAPES) {
    ratio('forward', s, 'forward', TFJS_WASM, 1.0);
    for (const pass of ['gradInput', 'gradWeight']) {
      if (isDepthwise(s) || !has(s.id, pass)) continue;
      const r = find(rows, s.id, pass, CONVGRAD);
      const cg = okMs(r);
      const gf = cg === undefined ? undefined : gflops(passFlops(geometry(s)), cg);
      const byCpu = cg !== undefined && r.cpuMs ? `; by CPU time ${fmtGf(gflops(passFlops(geometry(s)), r.cpuMs))}` : '';
      out.push({
        target: pass, shape: s, value: gf,
        figure: gf === undefined ? 'not measured' : `${fmtGf(gf)} (${fmtMs(cg)} ms${byCpu})${s.dense ? '' : ', for information'}`,
        met: gf === undefined || !s.dense ? null : gf >= 20,
        cpuMet: cg !== undefined && r.cpuMs ? gflops(passFlops(geometry(s)), r.cpuMs) >= 20 : undefined,
      });
    }
    if (has(s.id, 'step')) {
      const row = rows.find((r) => r.shape === s.id && r.pass === 'step');
      const cg = okMs(row.results.find((r) => r.name === CONVGRAD));
      // The fastest JS/WASM library that computes the step: measured, or (too slow to time) predicted.
      const peers = row.results.filter((r) => !isConvgrad(r.name) && (r.status === 'ok' || r.predictedMs !== undefined))
        .map((r) => ({ name: r.name, ms: r.status === 'ok' ? r.ms : r.predictedMs, predicted: r.status !== 'ok' }));
      const best = peers.sort((a, b) => a.ms - b.ms)[0];
      if (cg === undefined) out.push({ target: 'step', shape: s, figure: 'convgrad not measured', met: null });
      else if (!best) out.push({ target: 'step', shape: s, figure: `no peer computes it; convgrad ${fmtMs(cg)} ms`, met: null });
      else {
        const when = best.predicted ? `≈ ${(best.ms / 1000).toFixed(0)} s predicted, not timed` : `${fmtMs(best.ms)} ms`;
        const peerCpu = row.results.find((r) => r.name === best.name)?.cpuMs, cgCpu = row.results.find((r) => r.name === CONVGRAD).cpuMs;
        const byCpu = !best.predicted && peerCpu && cgCpu ? `; by CPU time ${fmtX(peerCpu / cgCpu)}` : '';
        out.push({ target: 'step', shape: s, value: best.ms / cg, figure: `${best.predicted ? '≈ ' : ''}${fmtX(best.ms / cg)} ${best.name} (${fmtMs(cg)} ms vs ${when}${byCpu})`, met: best.ms / cg >= 10,
          cpuMet: byCpu ? peerCpu / cgCpu >= 10 : best.predicted && cgCpu ? best.ms / cgCpu >= 10 : undefined });
      }
    }
    if (isDepthwise(s)) ratio('depthwise', s, 'forward', TFJS_WASM, 2.0);
  }
  return out;
}

/** The targets: a line each (met on how many shapes, the weakest figure), then one row per shape. */
export function targetsTable(rows) {
  const lines = evaluateTargets(rows);
  let summary = '';
  for (const t of TARGETS) {
    const mine = lines.filter((l) => l.target === t.id);
    const judged = mine.filter((l) => l.met !== null);
    const met = judged.filter((l) => l.met).length;
    const worst = judged.filter((l) => l.value !== undefined).sort((a, b) => a.value - b.value)[0];
    const verdict = !judged.length ? 'not measured in this run'
      : `${met === judged.length ? `met (all ${judged.length} shapes` : `**missed** (met on ${met} of ${judged.length} shapes`}${worst ? `; lowest ${worst.figure}, ${shapeLabel(worst.shape)}` : ''})`;
    const cpuJudged = judged.filter((l) => l.cpuMet !== undefined);
    const cpuMet = cpuJudged.filter((l) => l.cpuMet).length;
    const cpuVerdict = cpuJudged.length ? ` By CPU time: met on ${cpuMet} of ${cpuJudged.length}.` : '';
    summary += `- ${t.title}: ${verdict}.${cpuVerdict}\n`;
  }
  const used = TARGETS.filter((t) => lines.some((l) => l.target === t.id));
  let table = `| shape | ${used.map((t) => t.column).join(' | ')} |\n|---|${used.map(() => '---|').join('')}\n`;
  for (const s of SHAPES) {
    const cells = used.map((t) => {
      const l = lines.find((x) => x.target === t.id && x.shape === s);
      if (!l) return '';
      return l.met === null ? l.figure : `${l.figure} ${l.met ? 'met' : '**missed**'}`;
    });
    if (cells.some(Boolean)) table += `| ${shapeLabel(s)} | ${cells.join(' | ')} |\n`;
  }
  return { table, summary };
}

/** One paragraph on where and how a run was measured. */
export function describeRun(env) {
  const load = env.load;
  const shared = load.max > 1.5
    ? ` The machine was shared with other jobs during the run (1-minute load average ${load.min.toFixed(1)}–${load.max.toFixed(1)} on ${env.cores} cores; this benchmark itself is one busy thread), so absolute figures are lower and noisier than on an idle machine; the ratios come from one interleaved run.`
    : ` 1-minute load average ${load.min.toFixed(1)}–${load.max.toFixed(1)} on ${env.cores} cores during the run.`;
  return `${env.engine}; CPU ${env.cpu} (${env.cores} cores), ${env.date}. ` +
    `Contenders: convgrad ${env.convgrad} and its JS baseline; ${Object.entries(env.versions).map(([k, v]) => `${k} ${v}`).join(', ')}` +
    `${env.tfjsWasmThreads !== undefined ? `; tfjs-wasm SIMD ${env.tfjsWasmSimd}, threads ${env.tfjsWasmThreads}` : ''}; ORT Web wasm EP, numThreads ${env.ortThreads}.` +
    `${env.partial ? ` Partial run: ${env.partial}.` : ''}${shared} Run time ${env.seconds} s.`;
}

/** The markdown for one run (Node or Chromium): description, targets, all results. */
export function runBody(env, rows, names) {
  const { table, summary } = targetsTable(rows);
  const clock = env.cpuClock
    ? ' Met / missed is judged on wall-clock medians; "by CPU time" is the same samples timed by this process\'s CPU time (process.cpuUsage), which leaves out the time other jobs held the core.'
    : '';
  return `${describeRun(env)}${clock}\n\n**Targets** (issue 10; medians from this run)\n\n${summary}\n${table}\n**All results** (median ms · GFLOP/s · convgrad wasm-simd's speed-up over that contender)\n\n${resultsTable(rows, names)}`;
}

const HEADING = '## Conv2D layer: convgrad against TF.js and ONNX Runtime Web, Node and Chromium';
const INTRO = `${HEADING}

\`npm run bench:layer\` (Node) and \`npm run bench:layer:chromium\` (headless Chromium); files in bench/layer/
(cases.mjs: the issue's eight shapes; reference.mjs: the float64 oracle; contenders.mjs: the adapters;
run.mjs: the driver on the peers harness's interleaved timer). float32, one thread. Passes: forward
(with bias), gradInput, gradWeight, forward + full backward (y, then dX, dW, db). GFLOP/s =
2·N·Cout·Ho·Wo·(Cin/groups)·kH·kW / time per pass; forward + full backward counts three passes.
Every contender's output is checked against a plain float64 loop oracle (max |error| ≤ 1e-4 ×
max |reference|) before it is timed and again after; WRONG results are never timed. Timed: the
pass's inputs as JS typed arrays in → its outputs as JS typed arrays out. In the peers' favour,
TF.js gets x and dy already in NHWC and the filter (HWIO) and bias as tensors made once, and ONNX
Runtime a session with the weights as initializers, all outside the timed region; their outputs
are transposed back to NCHW/OIHW for the check outside it too. TF.js: tf.fused.conv2d /
depthwiseConv2d, tf.conv2dTranspose, the Conv2DBackpropFilter and DepthwiseConv2dNativeBackprop*
kernels, tf.valueAndGrads for the step. ORT Web: a one-node Conv model (bench/layer/onnx.mjs),
forward only. Calls predicted to take over 20 s (TF.js cpu's Conv2DBackpropFilter) are not made:
the prediction is shown instead. "the five dense shapes" are the issue's first five.
Options for quick runs: \`--shapes=c64-56,dw32-112 --passes=forward,step --contenders=convgrad,tfjs --budget=300\`.`;

/** Puts one run's body between <!-- tag:begin/end --> inside the "Conv2D layer" section. */
export function writeLayerSection(doc, tag, title, body) {
  const block = `### ${title}\n\n${body}`;
  const begin = `<!-- ${tag}:begin -->`;
  if (doc.includes(begin)) return replaceSection(doc, tag, block);
  const section = `${begin}\n${block.trimEnd()}\n<!-- ${tag}:end -->`;
  // After the other run's block when there is one, so the section stays together.
  const other = ['layer-node', 'layer-chromium'].map((t) => `<!-- ${t}:end -->`).find((m) => doc.includes(m));
  if (other) {
    const at = doc.indexOf(other) + other.length;
    return `${doc.slice(0, at)}\n\n${section}${doc.slice(at)}`;
  }
  return `${doc.trimEnd()}\n\n${INTRO}\n\n${section}\n`;
}
