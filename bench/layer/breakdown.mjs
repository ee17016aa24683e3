// Where gradInput's time goes (kernels.bench.mjs --breakdown): the steps of src/wasm/layer.ts's
// gradInput run one by one on the raw exports, each timed by process CPU time — packing every
// stride phase's transposed weights, then per band of rows padding dy, the implicit GEMM per
// phase, and scattering the phase into dx. Medians over rounds of the per-step sums; float32.
// This is the direct path: float32 3×3 stride-1 layers with ≥ 32 channels each way run
// Winograd instead (src/wasm/layer-plan.ts usesWinograd), which this breakdown does not follow.
import { gradInputBuffers, gradInputPhases, gradInputPlan, roundUp, tileOf } from '../../dist/wasm/layer-plan.js';

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = (a) => { const s = [...a].sort((p, q) => p - q); return s[s.length >> 1]; };

/** One gradInput, step by step (as src/wasm/layer.ts: packing once, then per band padding, GEMMs, scatters); adds each step's CPU ms into `t`. */
function stepwise(ex, ptrs, g, p, t) {
  const B = 4;
  const [dyPtr, bandPtr, wPtr, packPtr, zeroPtr, tapPtr, tapSrcPtr, widePtr, dxPtr] = ptrs;
  const { N, Cin, H, W, Cout, kW, groups } = g;
  const kk = g.kH * kW, CinG = Cin / groups, CoutG = Cout / groups;
  const { rows, cols, bandRows } = p;
  const Wd = cols.length;
  const { phases, taps, src } = gradInputPhases(p, g);
  const tt = new Int32Array(ex.memory.buffer, tapPtr, taps.length);
  for (let i = 0; i < taps.length; i++) tt[i] = taps[i] * B;
  new Int32Array(ex.memory.buffer, tapSrcPtr, src.length).set(src);
  const perTap = Cout * CinG;
  let t0 = cpu();
  for (const f of phases) ex.layerPackWeights_f32(packPtr + f.first * perTap * B, wPtr, groups, CoutG * CinG * kk, CinG, kk, CoutG, CinG * kk, tapSrcPtr + 4 * f.first, f.nTaps);
  t.pack += cpu() - t0;
  for (let n = 0; n < N; n++) {
    const dyn = dyPtr + n * Cout * g.Ho * g.Wo * B;
    for (let U0 = p.Ulo; U0 < p.Uhi; U0 += bandRows) {
      const U1 = Math.min(p.Uhi, U0 + bandRows);
      let band = dyn, R0 = 0;
      t0 = cpu();
      if (!p.direct) {
        ex.layerPadPhases_f32(bandPtr, dyn, Cout, g.Ho, g.Wo, rows.before - U0, cols.before, 1, 1, bandRows + rows.before, Wd);
        band = bandPtr; R0 = U0;
      }
      t.pad += cpu() - t0;
      for (const { rh, rw, ph, pw, first, nTaps } of phases) {
        const Ua = Math.max(U0, ph.Umin), Ub = Math.min(U1, ph.Umin + ph.count);
        if (Ua >= Ub) continue;
        const Q = (Ub - Ua) * Wd, Qr = roundUp(Q, tileOf(B));
        t0 = cpu();
        ex.layerIgemm_f32(widePtr, Qr, band + (Ua - R0) * Wd * B, p.bandChan, packPtr + first * perTap * B, zeroPtr, tapPtr + 4 * first, nTaps, groups, CinG, CoutG, Q);
        t.gemm += cpu() - t0;
        t0 = cpu();
        ex.layerCopy2d_f32(dxPtr + (n * Cin * H * W + (Ua * g.sh + rh - g.pt) * W + pw.Umin * g.sw + rw - g.pl) * B, H * W, g.sh * W, g.sw, widePtr, Qr, Wd, Cin, Ub - Ua, pw.count);
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
