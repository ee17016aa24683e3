// The peer benchmark's engine, shared by Node (bench/peers/node.mjs) and headless Chromium
// (bench/peers/page.html): the cases, their seeded inputs, the correctness check against the
// convgrad JS baseline, the interleaved median timer and the markdown tables. Plain ESM with no
// imports, so a page can load it as it is.

/** The cases: float32 unless noted; every convolution is MATLAB conv2(x, h, 'valid'). */
export const CASES = [
  { id: 'conv-512-k3', op: 'conv', dtype: 'float32', n: 512, k: 3 },
  { id: 'conv-512-k7', op: 'conv', dtype: 'float32', n: 512, k: 7 },
  { id: 'conv-512-k15', op: 'conv', dtype: 'float32', n: 512, k: 15 },
  { id: 'conv-512-k31', op: 'conv', dtype: 'float32', n: 512, k: 31 },
  { id: 'conv-2048-k15', op: 'conv', dtype: 'float32', n: 2048, k: 15 },
  { id: 'gradKernel-512-k15', op: 'gradKernel', dtype: 'float32', n: 512, k: 15 },
  { id: 'gradImage-512-k15', op: 'gradImage', dtype: 'float32', n: 512, k: 15 },
  { id: 'conv-512-k7-f64', op: 'conv', dtype: 'float64', n: 512, k: 7 },
  { id: 'conv-512-k15-f64', op: 'conv', dtype: 'float64', n: 512, k: 15 },
];

export const OP_LABEL = { conv: "conv2d 'valid'", gradKernel: '∇ₕ (gradKernel)', gradImage: '∇ₓ (gradImage)' };

/** Relative tolerance of the check: max |out − ref| / max |ref|. */
export const TOLERANCE = { float32: 1e-4, float64: 1e-9 };

export function caseLabel(c) {
  return `${OP_LABEL[c.op]} ${c.n}² k=${c.k}${c.dtype === 'float64' ? ' f64' : ''}`;
}

/** 2 × output pixels × kernel pixels: one pass of multiply-adds (the core bench's convention). */
export function flopsOf(c) {
  const r = c.n - c.k + 1;
  return 2 * r * r * c.k * c.k;
}

/** A seeded xorshift32 stream of values in [−0.5, 0.5). */
export function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** A rows×cols matrix of `dtype` filled from `next`. */
export function randomMatrix(rows, cols, dtype, next) {
  const data = dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = next();
  return { data, rows, cols };
}

/** Identical inputs in every environment: x (n×n), h (k×k) and y (the 'valid' shape). */
export function makeInputs(c) {
  const next = seeded(0x5eed + c.n * 131 + c.k);
  const x = randomMatrix(c.n, c.n, c.dtype, next);
  const h = randomMatrix(c.k, c.k, c.dtype, next);
  const r = c.n - c.k + 1;
  const y = randomMatrix(r, r, c.dtype, next);
  return { x, h, y };
}

export function relError(out, ref) {
  if (!out || typeof out.length !== 'number') return { err: Infinity, why: 'no array returned' };
  if (out.length !== ref.length) return { err: Infinity, why: `length ${out.length}, expected ${ref.length}` };
  let scale = 0, diff = 0, big = 0, bad = 0, zeros = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(out[i] - ref[i]);
    if (!(d <= diff)) diff = Number.isNaN(d) ? Infinity : d; // NaN counts as wrong
    scale = Math.max(scale, Math.abs(ref[i]));
    if (Number.isFinite(out[i])) big = Math.max(big, Math.abs(out[i])); else bad++;
    if (out[i] === 0) zeros++;
  }
  const err = diff / (scale || 1);
  // What a wrong answer looks like, for the report.
  const why = `max rel. error ${fmtErr(err)}; largest output ${fmtErr(big)}, largest reference ${fmtErr(scale)}` +
    `${bad ? `, ${bad} non-finite` : ''}${zeros > ref.length / 2 ? `, ${zeros} of ${ref.length} zeros` : ''}`;
  return { err, detail: why };
}

/**
 * Runs one case: every contender is set up, run once and checked against `reference` before it
 * is timed (a wrong answer is WRONG and never timed; an exception is 'failed', or 'unsupported'
 * when the library says it lacks the operation); then warmed up, and timed in interleaved rounds:
 * each round runs, in an order rotated per round, every contender that still wants samples (at
 * least `minRounds`; then until it has spent `budgetMs` or has `maxRounds` samples). A sample is
 * a batch of calls long enough (≥ sampleMs) for a coarse browser clock. A contender whose first
 * call takes over `slowMs` gets one timed sample (its check run was its warm-up). The last output
 * of each contender is checked again after timing (tfjs-wasm can go wrong once its memory fills).
 *
 * contender: { name, setup(c, inputs) → Promise<{ run(): TypedArray|Array, before?(): Promise, dispose?() } | { unsupported: string }> }
 * returns [{ name, status: 'ok'|'WRONG'|'unsupported'|'failed'|'skipped', ms?, samples?, err?, note? }]
 *
 * For other benchmarks (bench/layer/): an instance may set `async: true` (run() returns a promise,
 * awaited inside the timed region) and `view(out)` (turns its output into the reference's layout,
 * outside the timed region); opts.check(out, reference) → { err, why?, detail } replaces the
 * single-array relError; a check run longer than opts.reuseCheckOverMs is the contender's one
 * sample (calls of many seconds each: a second call would not be warmer, only longer); setup may
 * return { skipped: why } (a contender the caller chose not to run here); opts.cpuNow, a second
 * clock (Node: the process's CPU time in ms), is read around every sample too, and its median
 * is the result's cpuMs.
 */
export async function runCase(c, inputs, reference, contenders, opts = {}) {
  const now = opts.now ?? (() => performance.now());
  // Optional second clock (Node: this process's CPU time, ms), recorded beside the wall clock.
  const cpuNow = opts.cpuNow;
  const budgetMs = opts.budgetMs ?? 1500; // per contender
  const minRounds = opts.minRounds ?? 3;
  const maxRounds = opts.maxRounds ?? 30;
  const slowMs = opts.slowMs ?? 2000;
  const sampleMs = opts.sampleMs ?? 4;
  const warmupMs = opts.warmupMs ?? 60;
  const log = opts.log ?? (() => {});
  const tol = TOLERANCE[c.dtype];
  const check = opts.check ?? relError;
  const reuseCheckOverMs = opts.reuseCheckOverMs ?? Infinity;
  const call = (inst) => (inst.async ? inst.run() : Promise.resolve(inst.run()));
  const results = [];
  const live = [];

  for (const contender of contenders) {
    const res = { name: contender.name, status: 'ok' };
    results.push(res);
    let inst;
    try {
      inst = await contender.setup(c, inputs);
    } catch (e) {
      res.status = 'failed'; res.note = message(e); continue;
    }
    if (!inst) { res.status = 'skipped'; res.note = 'not in this case'; continue; }
    if (inst.unsupported) { res.status = 'unsupported'; res.note = inst.unsupported; continue; }
    if (inst.skipped) { res.status = 'skipped'; res.note = inst.skipped; continue; }
    try {
      await inst.before?.();
      let out, first;
      const c0 = cpuNow?.();
      if (inst.async) { const t0 = now(); out = await inst.run(); first = now() - t0; } else { const t0 = now(); out = inst.run(); first = now() - t0; }
      const firstCpu = cpuNow ? cpuNow() - c0 : undefined;
      const { err, why, detail } = check(inst.view ? inst.view(out) : out, reference);
      res.err = err;
      if (!(err <= tol)) {
        res.status = 'WRONG';
        res.note = why ?? `${detail}; tolerance ${tol}`;
        inst.dispose?.();
        continue;
      }
      if (first > reuseCheckOverMs) {
        live.push({ res, inst, min: 1, spent: first, batch: 1, samples: [first], cpu: cpuNow ? [firstCpu] : [], last: out });
        continue;
      }
      // Warm-up: at least two more calls and warmupMs, to get optimised code and a time estimate.
      let calls = 0, spent = 0, t;
      if (first <= slowMs) do {
        t = now(); await call(inst); spent += now() - t; calls++;
      } while ((calls < (first > 300 ? 1 : 2) || spent < warmupMs) && spent < Math.max(warmupMs, 3 * first) + 1);
      const perCall = Math.max(calls ? spent / calls : first, 1e-3);
      // Very slow calls (seconds each) get a single timed sample: the check run was their warm-up.
      const min = first > slowMs ? 1 : minRounds;
      live.push({ res, inst, min, spent: 0, batch: Math.max(1, Math.ceil(sampleMs / perCall)), samples: [], cpu: [] });
    } catch (e) {
      // A kernel the library lacks (tfjs-wasm has no Conv2DBackpropFilter) is "unsupported".
      res.status = /not registered|not supported|unsupported/i.test(message(e)) ? 'unsupported' : 'failed';
      res.note = message(e);
      try { inst.dispose?.(); } catch { /* ignore */ }
    }
  }

  // Interleaved rounds: each round runs, in rotated order, every contender that still wants
  // samples (fewer than its minimum, or under its time budget and the sample cap).
  const wants = (l) => l.res.status === 'ok' && l.samples.length < maxRounds &&
    (l.samples.length < l.min || l.spent < budgetMs);
  for (let round = 0; ; round++) {
    const active = live.filter(wants);
    if (!active.length) break;
    for (let j = 0; j < active.length; j++) {
      const l = active[(round + j) % active.length];
      try {
        await l.inst.before?.();
        let out;
        const c0 = cpuNow?.();
        const t0 = now();
        if (l.inst.async) for (let b = 0; b < l.batch; b++) out = await l.inst.run();
        else for (let b = 0; b < l.batch; b++) out = l.inst.run();
        const t = now() - t0;
        if (cpuNow) l.cpu.push((cpuNow() - c0) / l.batch);
        l.spent += t;
        l.samples.push(t / l.batch);
        l.last = out;
      } catch (e) {
        l.res.status = 'failed'; l.res.note = `during timing: ${message(e)}`;
      }
    }
  }
  for (const l of live) {
    if (l.res.status === 'ok') {
      const { err, why, detail } = check(l.inst.view ? l.inst.view(l.last) : l.last, reference);
      if (!(err <= tol)) {
        l.res.status = 'WRONG';
        l.res.note = `after timing: ${why ?? detail}`;
      } else {
        l.res.ms = median(l.samples);
        l.res.samples = l.samples.length;
        l.res.batch = l.batch;
        if (l.cpu.length) l.res.cpuMs = median(l.cpu);
      }
    }
    try { l.inst.dispose?.(); } catch { /* ignore */ }
  }
  for (const r of results) log(`  ${r.name}: ${r.status === 'ok' ? `${fmtMs(r.ms)} ms (${r.samples}×${r.batch})` : `${r.status}${r.note ? ` — ${r.note}` : ''}`}`);
  return results;
}

/**
 * What handing out a fresh result array costs in this engine: ms per MB for
 * `new Float32Array(n).set(src)` (fresh memory) against `.set(src)` into an array already
 * written (touched memory), at several sizes. Batches of calls, median of 9, so a coarse browser
 * clock does not matter. Every contender that returns a new array pays the first.
 */
export function allocationCost(sizesKB = [64, 256, 1024, 4096]) {
  const perMB = (fn, bytes, calls) => {
    for (let i = 0; i < calls; i++) fn();
    const s = [];
    for (let r = 0; r < 9; r++) {
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) fn();
      s.push((performance.now() - t0) / calls);
    }
    return (median(s) / bytes) * 2 ** 20;
  };
  return sizesKB.map((kb) => {
    const n = (kb * 1024) / 4;
    const src = new Float32Array(n).fill(1);
    const touched = new Float32Array(n);
    const calls = Math.max(8, Math.floor(32768 / kb));
    let keep = null;
    const fresh = perMB(() => { keep = new Float32Array(n); keep.set(src); }, n * 4, calls);
    const reused = perMB(() => touched.set(src), n * 4, calls);
    return { kb, fresh, reused, check: keep.length + touched[0] };
  });
}

/** allocationCost results of Node and Chromium as a markdown table. */
export function allocationTable(node, web) {
  let t = '| Float32Array size | Node: fresh array, ms/MB | Node: touched memory | Chromium: fresh array | Chromium: touched memory |\n|---|---|---|---|---|\n';
  for (const a of node) {
    const b = web.find((x) => x.kb === a.kb);
    t += `| ${a.kb >= 1024 ? `${a.kb / 1024} MB` : `${a.kb} KB`} | ${a.fresh.toFixed(3)} | ${a.reused.toFixed(3)} | ${b ? b.fresh.toFixed(3) : ''} | ${b ? b.reused.toFixed(3) : ''} |\n`;
  }
  return t;
}

export function median(a) {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function message(e) {
  return String(e?.message ?? e).split('\n')[0].slice(0, 160);
}

export function fmtMs(v) {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
}
function fmtErr(e) {
  return Number.isFinite(e) ? e.toExponential(1) : String(e);
}
function fmtRatio(v) {
  return v >= 10 ? `${v.toFixed(0)}×` : `${v.toFixed(2)}×`;
}

const isConvgrad = (name) => name.startsWith('convgrad');

/** `case → results` rows to one markdown table per dtype. */
export function peerTables(rows) {
  const out = {};
  for (const dtype of ['float32', 'float64']) {
    const mine = rows.filter((r) => r.case.dtype === dtype);
    if (!mine.length) continue;
    let t = '| case | contender | median ms | GFLOP/s | vs JS baseline | vs best peer |\n|---|---|---|---|---|---|\n';
    for (const { case: c, results } of mine) {
      const js = results.find((r) => r.name === 'convgrad JS baseline' && r.status === 'ok')?.ms;
      const peers = results.filter((r) => !isConvgrad(r.name) && r.status === 'ok');
      const best = peers.length ? peers.reduce((a, b) => (b.ms < a.ms ? b : a)) : null;
      const sorted = [...results].sort((a, b) => rank(a) - rank(b) || (a.ms ?? 0) - (b.ms ?? 0));
      for (const r of sorted) {
        if (r.status === 'skipped') continue;
        const name = best && r === best ? `${r.name} (best peer)` : r.name;
        if (r.status !== 'ok') {
          t += `| ${caseLabel(c)} | ${name} | **${r.status}**${r.note ? ` (${r.note.replace(/\|/g, '/')})` : ''} | | | |\n`;
          continue;
        }
        const gf = flopsOf(c) / (r.ms * 1e6);
        t += `| ${caseLabel(c)} | ${name} | ${fmtMs(r.ms)}${r.samples === 1 ? ' (1 run)' : ''} | ${gf.toFixed(gf >= 10 ? 1 : 2)} | ${js ? fmtRatio(js / r.ms) : '—'} | ${best ? fmtRatio(best.ms / r.ms) : '—'} |\n`;
      }
    }
    out[dtype] = t;
  }
  return out;
}
function rank(r) {
  return r.status === 'ok' ? 0 : r.status === 'WRONG' ? 1 : 2;
}

/** Node and Chromium results for the same cases, side by side. */
export function sideBySideTable(nodeRows, browserRows) {
  let t = '| case | contender | Node ms | Chromium ms | Chromium ÷ Node | Node GFLOP/s | Chromium GFLOP/s | note |\n|---|---|---|---|---|---|---|---|\n';
  for (const { case: c, results } of nodeRows) {
    const other = browserRows.find((b) => b.case.id === c.id);
    if (!other) continue;
    const names = [...new Set([...results.map((r) => r.name), ...other.results.map((r) => r.name)])];
    for (const name of names) {
      const a = results.find((r) => r.name === name);
      const b = other.results.find((r) => r.name === name);
      if (a?.status === 'skipped' && b?.status === 'skipped') continue;
      const cell = (r) => (!r ? 'not run' : r.status === 'ok' ? `${fmtMs(r.ms)}${r.samples === 1 ? ' (1 run)' : ''}` : `**${r.status}**`);
      const gf = (r) => {
        if (r?.status !== 'ok') return '';
        const v = flopsOf(c) / (r.ms * 1e6);
        return v.toFixed(v >= 10 ? 1 : 2);
      };
      const notes = [...new Set([a, b].filter((r) => r && r.status !== 'ok' && r.note).map((r) => r.note.replace(/\|/g, '/')))];
      const tag = (r, where) => (notes.length > 1 && r?.note ? `${where}: ` : '');
      const note = notes.length > 1 ? [a, b].map((r, i) => (r?.note ? `${tag(r, i ? 'Chromium' : 'Node')}${r.note}` : '')).filter(Boolean).join('; ') : notes[0] ?? '';
      const ok = a?.status === 'ok' && b?.status === 'ok';
      t += `| ${caseLabel(c)} | ${name} | ${cell(a)} | ${cell(b)} | ${ok ? (b.ms / a.ms).toFixed(2) : ''} | ${gf(a)} | ${gf(b)} | ${note.replace(/\|/g, '/')} |\n`;
    }
  }
  return t;
}

/** The largest Chromium ÷ Node ratio of one contender over the cases both ran. */
export function worstRatio(nodeRows, browserRows, name) {
  let worst = null;
  for (const { case: c, results } of nodeRows) {
    const a = results.find((r) => r.name === name);
    const b = browserRows.find((x) => x.case.id === c.id)?.results.find((r) => r.name === name);
    if (a?.status === 'ok' && b?.status === 'ok' && (!worst || b.ms / a.ms > worst.ratio)) worst = { ratio: b.ms / a.ms, case: caseLabel(c) };
  }
  return worst;
}

/** Replace the text between `<!-- tag:begin -->` and `<!-- tag:end -->`, or append the section. */
export function replaceSection(doc, tag, body, heading) {
  const begin = `<!-- ${tag}:begin -->`, end = `<!-- ${tag}:end -->`;
  const section = `${begin}\n${body.trimEnd()}\n${end}`;
  const i = doc.indexOf(begin), j = doc.indexOf(end);
  if (i >= 0 && j > i) return doc.slice(0, i) + section + doc.slice(j + end.length);
  return `${doc.trimEnd()}\n\n${heading ? `${heading}\n\n` : ''}${section}\n`;
}

/** One line on where a Node run was measured (node.mjs's env). */
export function describe(env) {
  const v = Object.entries(env.versions).map(([k, x]) => `${k} ${x}`).join(', ');
  return `${env.engine}, ${env.cpu}, ${env.date}. convgrad backend: ${env.convgrad}. Peers: ${v}` +
    `${env.tfjsWasmThreads !== undefined ? `; tfjs-wasm SIMD ${env.tfjsWasmSimd}, threads ${env.tfjsWasmThreads}` : ''}. ` +
    `1-minute load average during the run ${env.load.min.toFixed(1)}–${Math.max(env.load.max, env.load.end).toFixed(1)} on ${env.cpu.split(', ')[1]}.`;
}
