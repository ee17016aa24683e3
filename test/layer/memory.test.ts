import { describe, expect, it } from 'vitest';
import { MemoryLimitError } from '../../src/index.js';
import { backends } from '../support/backends.js';

const all = await backends();

// A 1×1 input padded by 40 000 on every side: an 80 001 × 80 001 output, 6.4 G elements —
// past wasm32's 4 GiB (refused by the backend's checkFits) and past what a JS engine allocates
// in one typed array (the engine's RangeError becomes a MemoryLimitError). A backward problem
// that large cannot be posed: its gradOutput would have to exist first.
const input = { data: new Float32Array([1]), shape: [1, 1, 1, 1] };
const weight = { data: new Float32Array([2]), shape: [1, 1, 1, 1] };
const huge = { padding: 40_000 };

describe('Conv2D layer: a problem too big is refused with a MemoryLimitError', () => {
  for (const { name, cg } of all) {
    it(`${name}: before WebAssembly memory grows`, () => {
      const before = cg.backendInfo().memoryBytes;
      expect(() => cg.conv2dLayer(input, weight, null, huge)).toThrow(MemoryLimitError);
      expect(() => cg.conv2dLayer(input, weight, null, huge)).toThrow(/\[1, 1, 80001, 80001\]/);
      // WebAssembly memory did not grow for the refused calls (the JS backend reports 0).
      expect(cg.backendInfo().memoryBytes).toBe(before);
      // And a normal call still works afterwards.
      expect(Array.from(cg.conv2dLayer(input, weight, null, { padding: 1 }).data)).toEqual([0, 0, 0, 0, 2, 0, 0, 0, 0]);
    });
  }
});
