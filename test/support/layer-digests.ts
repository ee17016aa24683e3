import type { Convgrad, LayerConfig, Tensor } from '../../src/index.js';
import { seeded } from './digests.js';

/** Every layer pass on fixed pseudo-random inputs, both dtypes, over the paths a backend may take. */
const LAYER_CASES: ReadonlyArray<{ x: number[]; w: number[]; o: LayerConfig }> = [
  { x: [2, 3, 9, 8], w: [4, 3, 3, 3], o: { padding: 'same' } },
  { x: [1, 4, 11, 10], w: [6, 2, 4, 2], o: { groups: 2, stride: 2, padding: 'same' } },
  { x: [1, 6, 13, 12], w: [6, 1, 3, 3], o: { groups: 6, stride: [2, 1], padding: 1 } },
  { x: [1, 5, 9, 21], w: [5, 1, 3, 3], o: { groups: 5, padding: 'same' } }, // depthwise gradInput as a forward pass
  { x: [2, 8, 7, 9], w: [5, 8, 1, 1], o: {} },
  { x: [1, 3, 15, 14], w: [8, 3, 7, 7], o: { stride: 2, padding: 3 } },
  { x: [1, 2, 10, 12], w: [3, 2, 3, 2], o: { dilation: [2, 3], padding: [1, 0, 2, 1] } },
  { x: [1, 16, 8, 8], w: [16, 16, 3, 3], o: { padding: 1 } },
  { x: [1, 40, 9, 40], w: [7, 40, 3, 3], o: { padding: 1 } }, // several channel blocks and pixel chunks (layer-igemm.ts)
  { x: [5, 32, 17, 16], w: [32, 32, 3, 3], o: { stride: 2, padding: 1 } }, // float32 gradients by stride phase (src/wasm/layer-phase-plan.ts)
  { x: [1, 3, 131, 131], w: [64, 3, 7, 7], o: { stride: 2, padding: 3 } }, // gradInput by GEMM + col2im on dy copied in band by band (src/wasm/layer-col-grad-input.ts)
];

function random(shape: number[], f32: boolean, next: () => number): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = next();
  return { data, shape };
}

/** The raw results of every layer case (digests.ts hashes them with the rest). */
export function layerParts(cg: Convgrad): ArrayBufferView[] {
  const parts: ArrayBufferView[] = [];
  const next = seeded(20261130);
  for (const f32 of [false, true]) {
    for (const { x: xs, w: ws, o } of LAYER_CASES) {
      const x = random(xs, f32, next);
      const w = random(ws, f32, next);
      const b = random([ws[0]!], f32, next);
      const y = cg.conv2dLayer(x, w, b, o);
      const dy = random(y.shape, f32, next);
      const g = cg.conv2dLayerBackward(x, w, dy, o);
      parts.push(y.data, g.gradInput!.data, g.gradWeight!.data, g.gradBias!.data);
    }
  }
  return parts;
}
