// The Conv2D layer runs on a WebAssembly binary of its own (assembly/layer.ts), loaded by init()
// only when the app uses the layer (src/wasm/layer-slot.ts: src/layer/api.ts registers its loader
// when evaluated; a bundler drops that module from apps that never call it). This file imports the
// core backend alone first, so the layer is not yet registered — as in a bundle without it, or
// before a lazily loaded chunk that uses it has arrived.
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../src/index.js';
import { ConvgradError } from '../../src/errors.js';
import { createWasmBackend } from '../../src/wasm/backend.js';
import { layerScalarWasm, layerSimdWasm, scalarWasm, simdWasm } from '../../src/wasm/binaries.js';
import { prng } from '../support/random.js';

/** Plain float64 loops: a stride-1, unpadded, single-group forward pass with bias. */
function forwardOracle(x: Tensor, w: Tensor, b: ArrayLike<number>): number[] {
  const [N, Cin, H, W] = x.shape as [number, number, number, number];
  const [Cout, , kH, kW] = w.shape as [number, number, number, number];
  const Ho = H - kH + 1;
  const Wo = W - kW + 1;
  const y: number[] = [];
  for (let n = 0; n < N; n++) for (let o = 0; o < Cout; o++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) {
    let s = b[o]!;
    for (let c = 0; c < Cin; c++) for (let a = 0; a < kH; a++) for (let d = 0; d < kW; d++) {
      s += w.data[((o * Cin + c) * kH + a) * kW + d]! * x.data[((n * Cin + c) * H + i + a) * W + j + d]!;
    }
    y.push(s);
  }
  return y;
}

// Small integers: every sum is exact in float64, so the result must equal the oracle exactly.
const rand = prng(7);
const ints = (n: number) => Float64Array.from({ length: n }, () => Math.floor(rand() * 9) - 4);
const input: Tensor = { data: ints(2 * 3 * 6 * 7), shape: [2, 3, 6, 7] };
const weight: Tensor = { data: ints(5 * 3 * 3 * 2), shape: [5, 3, 3, 2] };
const bias: Tensor = { data: ints(5), shape: [5] };
const expected = forwardOracle(input, weight, bias.data);

describe('the layer binary is loaded only when the layer is used', () => {
  it('a backend made before the layer is registered has no layer kernels, and says what to do', async () => {
    const backend = await createWasmBackend();
    const core = backend.memoryBytes();
    let err: unknown;
    try {
      backend.layer.checkFits({ N: 1, Cin: 1, H: 1, W: 1, Cout: 1, kH: 1, kW: 1, groups: 1, sh: 1, sw: 1, dh: 1, dw: 1, pt: 0, pb: 0, pl: 0, pr: 0, Ho: 1, Wo: 1 }, { forward: true }, 8);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConvgradError);
    expect((err as ConvgradError).code).toBe('ERR_LAYER_NOT_LOADED');
    expect((err as Error).message).toMatch(/await init\(\)/);

    // The code using the layer arrives (a lazy chunk): loading it registers the loader, and the
    // backend loads the layer binary when asked (what init() does when called again).
    const { layerForward } = await import('../../src/layer/api.js');
    await backend.loadLayer!();
    await backend.loadLayer!(); // idempotent
    expect(Array.from(layerForward(backend, input, weight, bias).data)).toEqual(expected);
    expect(backend.memoryBytes()).toBeGreaterThan(core); // the layer instance's memory, counted apart
  });

  it('init() loads the layer binary when the layer is in the app: conv2dLayer works right after it', async () => {
    const { init, conv2dLayer } = await import('../../src/index.js');
    await init();
    expect(Array.from(conv2dLayer(input, weight, bias).data)).toEqual(expected);
  });

  it('init({ layerWasm }) takes the layer binary as bytes or a module; either flavour gives the same bits', async () => {
    const { createContext } = await import('../../src/index.js');
    const x: Tensor = { data: Float32Array.from({ length: 2 * 8 * 9 * 9 }, () => rand() - 0.5), shape: [2, 8, 9, 9] };
    const w: Tensor = { data: Float32Array.from({ length: 6 * 8 * 3 * 3 }, () => rand() - 0.5), shape: [6, 8, 3, 3] };
    const contexts = await Promise.all([
      createContext(),
      createContext({ wasm: scalarWasm() }), // the embedded layer binary of the core's flavour: scalar
      createContext({ wasm: simdWasm(), layerWasm: layerScalarWasm() }),
      createContext({ wasm: scalarWasm(), layerWasm: await WebAssembly.compile(layerSimdWasm()) }),
    ]);
    const bits = (t: Tensor) => Array.from(new Uint32Array(t.data.buffer));
    const want = bits(contexts[0]!.conv2dLayer(x, w, null, { padding: 1, stride: 2 }));
    for (const cg of contexts) expect(bits(cg.conv2dLayer(x, w, null, { padding: 1, stride: 2 }))).toEqual(want);
  });

  it('a layerWasm that is not a layer binary, or with the JS backend, is an ArgumentError naming it', async () => {
    const { createContext, ArgumentError } = await import('../../src/index.js');
    await expect(createContext({ layerWasm: simdWasm() })).rejects.toThrow(ArgumentError);
    await expect(createContext({ layerWasm: simdWasm() })).rejects.toThrow(/options\.layerWasm is not a convgrad layer binary.*layerIgemm_f32/);
    await expect(createContext({ layerWasm: new Uint8Array([1, 2, 3]) })).rejects.toThrow(/options\.layerWasm is not valid WebAssembly/);
    await expect(createContext({ backend: 'js', layerWasm: layerSimdWasm() })).rejects.toThrow(/options\.layerWasm cannot be combined with backend: 'js'/);
  });
});
