// Where gradInput's time goes (kernels.bench.mjs --breakdown): the steps of src/wasm/layer.ts's
// gradInput run one by one on the raw exports, each timed by process CPU time — padding dy,
// packing each stride phase's transposed weights, the implicit GEMM per phase, and scattering
// the phase into dx. Medians over rounds of the per-step sums; float32.
import { gradInputBuffers, gradInputPlan, roundUp, tileOf } from '../../dist/wasm/layer-plan.js';

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = (a) => { const s = [...a].sort((p, q) => p - q); return s[s.length >> 1]; };

/** One gradInput, step by step; adds each step's CPU ms into `t`. */
function stepwise(ex, ptrs, g, p, t) {
  const B = 4;
  const [dyPtr, padPtr, wPtr, packPtr, zeroPtr, tapPtr, tapSrcPtr, widePtr, dxPtr] = ptrs;
  const { N, Cin, H, W, Cout, kW, groups } = g;
  const kk = g.kH * kW, CinG = Cin / groups, CoutG = Cout / groups;
  const { rows, cols } = p;
  const Wd = cols.length;
  let t0 = cpu();
  let dyp = dyPtr;
  if (!p.direct) {
    ex.layerPadPhases_f32(padPtr, dyPtr, N * Cout, g.Ho, g.Wo, rows.before, cols.before, 1, 1, rows.length, cols.length);
    dyp = padPtr;
  }
  t.pad += cpu() - t0;
  for (let rh = 0; rh < g.sh; rh++) {
    const ph = rows.phases[rh];
    if (ph.count === 0) continue;
    for (let rw = 0; rw < g.sw; rw++) {
      const pw = cols.phases[rw];
      if (pw.count === 0) continue;
      const nT = ph.taps.length * pw.taps.length;
      const taps = new Int32Array(ex.memory.buffer, tapPtr, nT);
      const src = new Int32Array(ex.memory.buffer, tapSrcPtr, nT);
      let i = 0;
      for (let a = 0; a < ph.taps.length; a++) {
        for (let b = 0; b < pw.taps.length; b++, i++) { taps[i] = (ph.shifts[a] * Wd + pw.shifts[b]) * B; src[i] = ph.taps[a] * kW + pw.taps[b]; }
      }
      t0 = cpu();
      ex.layerPackWeights_f32(packPtr, wPtr, groups, CoutG * CinG * kk, CinG, kk, CoutG, CinG * kk, tapSrcPtr, nT);
      t.pack += cpu() - t0;
      const Q = ph.count * Wd;
      const Qr = roundUp(Q, tileOf(B));
      const row0 = ph.Umin * g.sh + rh - g.pt, col0 = pw.Umin * g.sw + rw - g.pl;
      for (let n = 0; n < N; n++) {
        t0 = cpu();
        ex.layerIgemm_f32(widePtr, Qr, dyp + n * Cout * p.chanElems * B, p.chanElems, packPtr, zeroPtr, tapPtr, nT, groups, CinG, CoutG, Q);
        t.gemm += cpu() - t0;
        t0 = cpu();
        ex.layerCopy2d_f32(dxPtr + (n * Cin * H * W + row0 * W + col0) * B, H * W, g.sh * W, g.sw, widePtr, Qr, Wd, Cin, ph.count, pw.count);
        t.scatter += cpu() - t0;
      }
    }
  }
}

/**
 * Prints a table of gradInput's steps per shape.
 * @param ex the SIMD binary's exports; arena its Arena; shapes/geometry/only as in kernels.bench.mjs.
 */
export function gradInputBreakdown(ex, arena, shapes, geometry, only, rounds) {
  console.log('| shape | pad dy ms | pack ms | GEMM ms | scatter ms | total GFLOP/s | GEMM alone GFLOP/s |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const idx of only) {
    const c = shapes[idx];
    if (c.variant) continue;
    const g = geometry(c);
    const flops = 2 * g.N * g.Cout * g.Ho * g.Wo * (g.Cin / g.groups) * g.kH * g.kW;
    const p = gradInputPlan(g, 4);
    arena.reset();
    const ptrs = arena.allocAll(gradInputBuffers(g, 4).map((e) => e * 4), () => c.label);
    new Float32Array(ex.memory.buffer, ptrs[0], g.N * g.Cout * g.Ho * g.Wo).fill(0.5);
    new Float32Array(ex.memory.buffer, ptrs[2], g.Cout * (g.Cin / g.groups) * g.kH * g.kW).fill(0.25);
    new Float32Array(ex.memory.buffer, ptrs[4], g.Cin).fill(0);
    for (let w = 0; w < 3; w++) stepwise(ex, ptrs, g, p, { pad: 0, pack: 0, gemm: 0, scatter: 0 });
    const per = { pad: [], pack: [], gemm: [], scatter: [] };
    for (let r = 0; r < rounds; r++) {
      const t = { pad: 0, pack: 0, gemm: 0, scatter: 0 };
      stepwise(ex, ptrs, g, p, t);
      for (const key of Object.keys(per)) per[key].push(t[key]);
    }
    const m = Object.fromEntries(Object.entries(per).map(([key, v]) => [key, median(v)]));
    const total = m.pad + m.pack + m.gemm + m.scatter;
    console.log(`| ${c.label} | ${m.pad.toFixed(3)} | ${m.pack.toFixed(3)} | ${m.gemm.toFixed(2)} | ${m.scatter.toFixed(3)} | ${(flops / total / 1e6).toFixed(1)} | ${(flops / m.gemm / 1e6).toFixed(1)} |`);
  }
}
