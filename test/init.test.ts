import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  backendInfo,
  conv2d,
  createContext,
  init,
  matrix,
  toArray,
} from '../src/index.js';
import { scalarWasm, simdWasm } from '../src/wasm/binaries.js';

const x = matrix([[1, 2, 3], [4, 5, 6]]);
const h = matrix([[1, -1]]);
// conv2d(x, h, 'full') by hand: each row [a b c] ∗ [1 −1] = [a, b−a, c−b, −c].
const expected = [[1, 1, 1, -3], [4, 1, 1, -6]];

describe('init and backend selection', () => {
  it('init() picks the SIMD binary where the engine validates SIMD, and is idempotent', async () => {
    const info = await init();
    expect(WebAssembly.validate(simdWasm())).toBe(true); // both Node 20 and Chromium have SIMD
    expect(info.backend).toBe('wasm-simd');
    const again = await init();
    expect(again.backend).toBe('wasm-simd');
    expect(backendInfo().backend).toBe('wasm-simd');
    expect(toArray(conv2d(x, h))).toEqual(expected);
  });

  it("init({ backend: 'js' }) switches to the JS baseline, init({ wasm }) back to a given binary", async () => {
    expect((await init({ backend: 'js' })).backend).toBe('js');
    expect(toArray(conv2d(x, h))).toEqual(expected);
    expect((await init({ wasm: scalarWasm() })).backend).toBe('wasm-scalar');
    expect(toArray(conv2d(x, h))).toEqual(expected);
    const module = await WebAssembly.compile(simdWasm());
    expect((await init({ wasm: module })).backend).toBe('wasm-simd');
    expect(toArray(conv2d(x, h))).toEqual(expected);
    expect((await init({ wasm: simdWasm().buffer })).backend).toBe('wasm-simd');
  });

  it('concurrent init() calls share one load', async () => {
    const [a, b] = await Promise.all([init(), init()]);
    expect(a.backend).toBe(b.backend);
  });

  it('contexts are independent', async () => {
    const js = await createContext({ backend: 'js' });
    const wasm = await createContext({ wasm: scalarWasm() });
    expect(js.backendInfo().backend).toBe('js');
    expect(wasm.backendInfo().backend).toBe('wasm-scalar');
    expect(toArray(js.conv2d(x, h))).toEqual(toArray(wasm.conv2d(x, h)));
  });

  it('rejects bytes that are not a convgrad binary with a clear error', async () => {
    // The smallest valid module: magic + version, no exports.
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    await expect(createContext({ wasm: empty })).rejects.toThrow(ArgumentError);
    await expect(createContext({ wasm: empty })).rejects.toThrow(/not a convgrad binary.*heapBase/);
    await expect(createContext({ wasm: 42 as never })).rejects.toThrow(/options\.wasm must be/);
    await expect(createContext({ backend: 'gpu' as never })).rejects.toThrow(/options\.backend must be 'wasm' or 'js', got "gpu"/);
    await expect(createContext({ backend: 'js', wasm: simdWasm() })).rejects.toThrow(ArgumentError);
  });

  it('a failed init leaves the previous context active', async () => {
    await init({ backend: 'js' });
    await expect(init({ wasm: new Uint8Array([1, 2, 3]) })).rejects.toThrow();
    expect(backendInfo().backend).toBe('js');
    await init({ backend: 'wasm' });
    expect(backendInfo().backend).toBe('wasm-simd');
  });
});
