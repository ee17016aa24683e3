import { describe, expect, it } from 'vitest';
import { createContext, MemoryLimitError, type Matrix } from '../src/index.js';
import { scalarWasm, simdWasm } from '../src/wasm/binaries.js';
import { seeded } from './support/digests.js';

function random(rows: number, cols: number, next: () => number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = next();
  return { data, rows, cols };
}

describe.each([
  ['wasm-simd', simdWasm],
  ['wasm-scalar', scalarWasm],
])('%s memory', (_name, bytes) => {
  it('is reused across calls and grows only for a larger problem; results survive growth', async () => {
    const cg = await createContext({ wasm: bytes() });
    const next = seeded(7);
    const small = random(40, 40, next);
    const big = random(300, 300, next);
    const h = random(5, 5, next);
    const y = random(36, 36, next);

    const before = cg.valueAndGrad(small, h, y, 'valid');
    const reserved = cg.backendInfo().memoryBytes;
    expect(reserved).toBeGreaterThan(0);
    for (let i = 0; i < 50; i++) {
      cg.conv2d(small, h, 'full');
      cg.valueAndGrad(small, h, y, 'valid');
    }
    expect(cg.backendInfo().memoryBytes).toBe(reserved);

    cg.conv2d(big, h, 'full');
    const grown = cg.backendInfo().memoryBytes;
    expect(grown).toBeGreaterThan(reserved);

    // Views into the old (detached) buffer must not be reused: same inputs, same bits.
    const after = cg.valueAndGrad(small, h, y, 'valid');
    expect(after.value).toBe(before.value);
    expect(after.gradKernel!.data).toEqual(before.gradKernel!.data);
    expect(after.gradImage!.data).toEqual(before.gradImage!.data);
    for (let i = 0; i < 20; i++) cg.conv2d(big, h, 'same');
    expect(cg.backendInfo().memoryBytes).toBe(grown);
  });

  it('says so, naming the shapes, when a problem cannot fit in 4 GiB, before allocating anything', async () => {
    const cg = await createContext({ wasm: bytes() });
    const before = cg.backendInfo().memoryBytes;
    // A 1×2^24 signal with a 70×1 kernel: the 'full' result alone is 70×2^24 float32 = 4.4 GiB.
    const x: Matrix = { data: new Float32Array(2 ** 24), rows: 1, cols: 2 ** 24 };
    const h: Matrix = { data: new Float32Array(70), rows: 70, cols: 1 };
    expect(() => cg.conv2d(x, h, 'full')).toThrow(MemoryLimitError);
    expect(() => cg.conv2d(x, h, 'full')).toThrow(/image x 1×16777216 with kernel h 70×1 \(output 70×16777216\).*4 GiB/);
    expect(cg.backendInfo().memoryBytes).toBe(before);
  });
});
