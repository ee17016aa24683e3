/**
 * Issue 11 item 8: a solve whose workspace cannot fit wasm32's 4 GiB is refused with a
 * MemoryLimitError before anything is allocated: WebAssembly memory does not grow. Node only:
 * the data alone is 324 MB.
 */
import { expect, it } from 'vitest';
import { createContext, MemoryLimitError } from '../../src/index.js';

it('deconvolve of a 9000² float32 image (cg, fista, wiener) is refused up front; memoryBytes() does not grow', async () => {
  const cg = await createContext();
  const y = { data: new Float32Array(9000 * 9000), rows: 9000, cols: 9000 };
  y.data.fill(1);
  const h = { data: new Float32Array([1]), rows: 1, cols: 1 };
  const before = cg.backendInfo().memoryBytes;
  for (const method of ['cg', 'fista', 'wiener'] as const) {
    let thrown: unknown;
    try {
      cg.deconvolve(h, y, { method, maxIterations: 1 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown, method).toBeInstanceOf(MemoryLimitError);
    expect((thrown as Error).message).toMatch(/9000×9000.*past the 4 GiB limit of wasm32; nothing was allocated/);
    expect(cg.backendInfo().memoryBytes).toBe(before);
  }
}, 120_000);
