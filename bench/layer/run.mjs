// The Conv2D layer benchmark's driver, shared by Node (bench/layer/node.mjs) and Chromium
// (bench/layer/page.mjs): for each shape and pass, the float64 reference, then every contender
// checked against it and timed in interleaved rounds by the peers harness (bench/peers/harness.mjs
// runCase). Plain ESM.
//
// Calls that would take tens of seconds are not made: TF.js cpu's Conv2DBackpropFilter runs at
// about 0.002 GFLOP/s (≈ 150 s on the 56×56×64 layer). Shapes run in order of FLOPs, smallest
// first; each contender's slowest rate so far (ms per FLOP, per pass, dense or depthwise)
// predicts its next call, and a call predicted over `maxCallMs` is recorded as 'skipped' with the
// prediction (`predictedMs`) instead. forward + full backward is predicted at least the sum of
// its three passes measured (or predicted) on the same shape.
import { message, relError, runCase } from '../peers/harness.mjs';
import { PASSES, SHAPES, flopsOf, geometry, isDepthwise, makeLayerInputs, shapeLabel, PASS_LABEL } from './cases.mjs';
import { forward64, gradBias64, gradInput64, gradWeight64 } from './reference.mjs';

/** relError over one array, or the worst part of { y, dx, dw, db } (the step). */
export function checkLayer(out, ref) {
  if (ArrayBuffer.isView(ref)) return relError(out, ref);
  let worst = { err: 0, detail: '' };
  for (const key of Object.keys(ref)) {
    const r = relError(out?.[key], ref[key]);
    if (!(r.err <= worst.err)) worst = { err: r.err, why: r.why && `${key}: ${r.why}`, detail: `${key}: ${r.detail ?? r.why}` };
  }
  return worst;
}

/**
 * A session: libraries and contenders fixed, then `run(shapeId, pass)` case by case.
 * options: { budgetMs, maxCallMs, slowMs, reuseCheckOverMs, cpuNow, log } (cpuNow: see runCase)
 */
export function createLayerSession(contenders, options = {}) {
  const { budgetMs = 600, maxCallMs = 20_000, slowMs = 1000, reuseCheckOverMs = 5000, cpuNow, log = () => {} } = options;
  const refs = new Map(); // shape id → { y, dx, dw, db } (computed on first need)
  const rate = new Map(); // `${contender}|${pass}|${kind}` → slowest ms per FLOP seen
  const spent = new Map(); // `${contender}|${shape}` → { pass: ms measured or predicted }

  function reference(s, inputs, pass) {
    let r = refs.get(s.id);
    if (!r) refs.set(s.id, (r = {}));
    const { g, x, weight, bias, dy } = inputs;
    if ((pass === 'forward' || pass === 'step') && !r.y) r.y = forward64(g, x, weight, bias);
    if ((pass === 'gradInput' || pass === 'step') && !r.dx) r.dx = gradInput64(g, dy, weight);
    if ((pass === 'gradWeight' || pass === 'step') && !r.dw) r.dw = gradWeight64(g, x, dy);
    if (pass === 'step' && !r.db) r.db = gradBias64(g, dy);
    if (pass === 'forward') return r.y;
    if (pass === 'gradInput') return r.dx;
    if (pass === 'gradWeight') return r.dw;
    return { y: r.y, dx: r.dx, dw: r.dw, db: r.db };
  }

  function predict(name, s, g, pass) {
    const kind = isDepthwise(g) ? 'depthwise' : 'dense';
    const perFlop = rate.get(`${name}|${pass}|${kind}`);
    let ms = perFlop !== undefined ? perFlop * flopsOf(g, pass) : undefined;
    if (pass === 'step') {
      const own = spent.get(`${name}|${s.id}`) ?? {};
      const parts = ['forward', 'gradInput', 'gradWeight'].map((p) => own[p]);
      if (parts.every((v) => v !== undefined)) ms = Math.max(ms ?? 0, parts.reduce((a, b) => a + b, 0));
    }
    return ms;
  }

  // Each contender wrapped: skip a call predicted too slow; remember what the check run cost.
  const guarded = (s, g, pass, predicted) => contenders.map((c) => ({
    name: c.name,
    async setup(caseDesc, inputs) {
      const ms = predict(c.name, s, g, pass);
      if (ms !== undefined && ms > maxCallMs) {
        predicted.set(c.name, ms);
        return { skipped: `not timed: ≈ ${(ms / 1000).toFixed(0)} s per call predicted from its rate on a smaller shape (limit ${(maxCallMs / 1000).toFixed(0)} s)` };
      }
      return c.setup(caseDesc, inputs);
    },
  }));

  return {
    async run(shapeId, pass) {
      const s = SHAPES.find((x) => x.id === shapeId);
      if (!s) throw new Error(`unknown shape ${shapeId}`);
      const inputs = makeLayerInputs(s);
      const { g } = inputs;
      const c = { id: `${s.id}:${pass}`, shape: s.id, pass, dtype: 'float32', flops: flopsOf(g, pass) };
      log(`${shapeLabel(s)} — ${PASS_LABEL[pass]}`);
      const ref = reference(s, inputs, pass);
      const predicted = new Map();
      const results = await runCase(c, inputs, ref, guarded(s, g, pass, predicted), {
        budgetMs, slowMs, reuseCheckOverMs, cpuNow, check: checkLayer, log,
      });
      const kind = isDepthwise(g) ? 'depthwise' : 'dense';
      for (const r of results) {
        const own = spent.get(`${r.name}|${s.id}`) ?? {};
        spent.set(`${r.name}|${s.id}`, own);
        if (r.status === 'ok') {
          own[pass] = r.ms;
          const key = `${r.name}|${pass}|${kind}`;
          rate.set(key, Math.max(rate.get(key) ?? 0, r.ms / c.flops));
        } else if (predicted.has(r.name)) {
          own[pass] = r.predictedMs = predicted.get(r.name);
        }
      }
      return { shape: s.id, pass, flops: c.flops, results };
    },
  };
}

/** Shape ids in run order: ascending FLOPs, so slow contenders meet small problems first. */
export function runOrder(shapeIds) {
  return SHAPES.filter((s) => shapeIds.includes(s.id))
    .sort((a, b) => flopsOf(geometry(a), 'forward') - flopsOf(geometry(b), 'forward')).map((s) => s.id);
}

export { PASSES, SHAPES, message };
