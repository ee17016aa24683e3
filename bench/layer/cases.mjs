// The Conv2D layer benchmark's cases (issue 10): the eight shapes, the four passes, their
// geometry and FLOP counts, and seeded float32 inputs, identical in Node and Chromium. Plain ESM,
// importing only the peers harness (also plain ESM), so a page can load it as it is.
import { seeded } from '../peers/harness.mjs';

/**
 * The shapes, in the issue's order. x: [N, Cin, H, W]; weight: [Cout, Cin/groups, k, k];
 * `pad` is symmetric (PyTorch's `padding=p`). `dense` marks the five shapes the gradient target
 * (≥ 20 GFLOP/s) is set on: the issue's first five, before the depthwise ones.
 */
export const SHAPES = [
  { id: 'c64-56', N: 1, Cin: 64, H: 56, W: 56, Cout: 64, k: 3, stride: 1, pad: 1, groups: 1, dense: true },
  { id: 'c128-28', N: 1, Cin: 128, H: 28, W: 28, Cout: 128, k: 3, stride: 1, pad: 1, groups: 1, dense: true },
  { id: 'c64-56-s2', N: 1, Cin: 64, H: 56, W: 56, Cout: 128, k: 3, stride: 2, pad: 1, groups: 1, dense: true },
  { id: 'c256-14-1x1', N: 1, Cin: 256, H: 14, W: 14, Cout: 256, k: 1, stride: 1, pad: 0, groups: 1, dense: true },
  { id: 'stem-224', N: 1, Cin: 3, H: 224, W: 224, Cout: 64, k: 7, stride: 2, pad: 3, groups: 1, dense: true },
  { id: 'dw32-112', N: 1, Cin: 32, H: 112, W: 112, Cout: 32, k: 3, stride: 1, pad: 1, groups: 32 },
  { id: 'dw256-28-s2', N: 1, Cin: 256, H: 28, W: 28, Cout: 256, k: 3, stride: 2, pad: 1, groups: 256 },
  { id: 'b8-c16-32', N: 8, Cin: 16, H: 32, W: 32, Cout: 32, k: 3, stride: 1, pad: 1, groups: 1 },
];

/** forward: y (with bias); gradInput: dX; gradWeight: dW; step: y, then dX, dW and db. */
export const PASSES = ['forward', 'gradInput', 'gradWeight', 'step'];
export const PASS_LABEL = { forward: 'forward', gradInput: 'gradInput', gradWeight: 'gradWeight', step: 'forward + full backward' };

export const isDepthwise = (s) => s.groups > 1 && s.groups === s.Cin && s.Cout === s.Cin;

export function shapeLabel(s) {
  const opts = [s.stride > 1 ? `stride ${s.stride}` : '', s.pad ? `pad ${s.pad}` : ''].filter(Boolean).join(' ');
  const x = `[${s.N},${s.Cin},${s.H},${s.W}]`;
  return isDepthwise(s) ? `depthwise ${x} ${s.k}×${s.k}${opts ? ` ${opts}` : ''}`
    : `${x}×[${s.Cout},${s.Cin / s.groups},${s.k},${s.k}]${opts ? ` ${opts}` : ''}`;
}

/** The layer geometry (src/layer/kernels.ts's LayerGeometry) of a shape: PyTorch's output size. */
export function geometry(s) {
  const g = { N: s.N, Cin: s.Cin, H: s.H, W: s.W, Cout: s.Cout, kH: s.k, kW: s.k, groups: s.groups,
    sh: s.stride, sw: s.stride, dh: 1, dw: 1, pt: s.pad, pb: s.pad, pl: s.pad, pr: s.pad };
  g.Ho = Math.floor((g.H + g.pt + g.pb - g.dh * (g.kH - 1) - 1) / g.sh) + 1;
  g.Wo = Math.floor((g.W + g.pl + g.pr - g.dw * (g.kW - 1) - 1) / g.sw) + 1;
  return g;
}

/** 2·N·Cout·Ho·Wo·(Cin/groups)·kH·kW: the multiply-adds of one pass. */
export function passFlops(g) {
  return 2 * g.N * g.Cout * g.Ho * g.Wo * (g.Cin / g.groups) * g.kH * g.kW;
}

/** FLOPs a pass is credited with: forward + full backward counts three passes (db is negligible). */
export function flopsOf(g, pass) {
  return passFlops(g) * (pass === 'step' ? 3 : 1);
}

/** Seeded float32 inputs in PyTorch layout: x NCHW, weight OIHW, bias [Cout], dy NCHW (output shape). */
export function makeLayerInputs(s) {
  const g = geometry(s);
  const next = seeded(0x1a7e + s.Cin * 7919 + s.H * 131 + s.Cout * 17 + s.k);
  const fill = (n) => { const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = next(); return a; };
  const x = fill(g.N * g.Cin * g.H * g.W);
  const weight = fill(g.Cout * (g.Cin / g.groups) * g.kH * g.kW);
  const bias = fill(g.Cout);
  const dy = fill(g.N * g.Cout * g.Ho * g.Wo);
  return { g, x, weight, bias, dy };
}
