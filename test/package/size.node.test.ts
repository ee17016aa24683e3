// The weight of convgrad in an app (scripts/size.mjs: esbuild production bundles with code
// splitting, what a SIMD engine loads at `await init()`): `import { init, conv2d }` loads at most
// 40 KB gzip (issue 14), and the scalar binaries, the JS backend, the solvers (and the WebAssembly
// backend's solver session) and the Conv2D layer (its code and its own binary) are not in it; the layer's binary is loaded at init() exactly by
// the bundles that use the layer.
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { CASES, measure } from '../../scripts/size.mjs';

interface Chunk { name: string; loadedAtInit: boolean; raw: number; gzip: number }
interface Weight { loaded: { raw: number; gzip: number }; entry: { raw: number; gzip: number }; loadedInputs: string[]; chunks: Chunk[] }

const atInit = (m: Weight) => m.chunks.filter((c) => c.loadedAtInit).map((c) => c.name);
const onDemand = (m: Weight) => m.chunks.filter((c) => !c.loadedAtInit).map((c) => c.name);

describe('bundle size', () => {
  it('init + conv2d ≤ 40 KB gzip; scalar binaries and JS backend on demand; solvers and layer tree-shaken', async () => {
    const core = (await measure(CASES['core: init, conv2d'])) as Weight;
    const solvers = (await measure(CASES['solvers: init, estimateKernel, deconvolve'])) as Weight;
    const layer = (await measure(CASES['layer: init, conv2dLayer, conv2dLayerBackward'])) as Weight;
    const whole = (await measure(CASES['whole API: import *'])) as Weight;
    console.log(
      `[size] gzip loaded at init: core ${core.loaded.gzip} B, solvers ${solvers.loaded.gzip} B, ` +
        `layer ${layer.loaded.gzip} B, whole API ${whole.loaded.gzip} B`,
    );
    // The target. 34.4 KB once the layer kernels moved to their own binary and the solver session
    // out of the core path (2026-11-30).
    expect(core.loaded.gzip).toBeLessThanOrEqual(40 * 1024);
    for (const m of [core, solvers, layer, whole]) {
      expect(atInit(m)).toContain('SIMD binary');
      expect(atInit(m)).not.toContain('scalar binary');
      expect(atInit(m)).not.toContain('layer scalar binary');
      expect(atInit(m)).not.toContain('JS backend');
      expect(onDemand(m)).toContain('scalar binary');
      expect(onDemand(m)).toContain('JS backend');
    }
    // The layer — its code and its binary — only in bundles that import it.
    for (const m of [core, solvers]) {
      expect(m.loadedInputs.filter((i) => /dist\/(layer\/|wasm\/layer)/.test(i) && !i.endsWith('wasm/layer-slot.js'))).toEqual([]);
      expect(m.chunks.map((c) => c.name)).not.toContain('layer SIMD binary');
      expect(m.chunks.map((c) => c.name)).not.toContain('layer scalar binary');
    }
    for (const m of [layer, whole]) {
      expect(atInit(m)).toContain('layer SIMD binary');
      expect(onDemand(m)).toContain('layer scalar binary');
    }
    // The solvers — and the WebAssembly backend's solver session — only in bundles that import them.
    expect(core.loadedInputs.filter((i) => i.includes('dist/solvers/'))).toEqual([]);
    expect(core.loadedInputs.filter((i) => /dist\/wasm\/(session|admm|wiener)\.js/.test(i))).toEqual([]);
    expect(solvers.loadedInputs).toContain('dist/wasm/session.js');
    expect(layer.loadedInputs.filter((i) => i.includes('dist/solvers/'))).toEqual([]);
    expect(solvers.loadedInputs).toContain('dist/solvers/kernel.js');
    expect(core.loaded.gzip).toBeLessThan(solvers.loaded.gzip);
    expect(core.loaded.gzip).toBeLessThan(layer.loaded.gzip);
  }, 120_000);
});
