// The arena (src/wasm/arena.ts): its first buffer starts on a cache line whatever the module's
// static data ends at, so a kernel's alignment — and speed — does not move when static data grows.
import { describe, expect, it } from 'vitest';
import { Arena } from '../../src/wasm/arena.js';

describe('Arena', () => {
  it('starts on a 64-byte line above the static data, and keeps 16-byte alignment after it', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    for (const heapBase of [0, 1, 16, 1024, 1048, 1087, 7360]) {
      const arena = new Arena(memory, heapBase);
      expect(arena.baseBytes % 64).toBe(0);
      expect(arena.baseBytes).toBeGreaterThanOrEqual(heapBase);
      expect(arena.baseBytes - heapBase).toBeLessThan(64);
      const [a, b] = arena.allocAll([24, 8], () => 'test');
      expect(a).toBe(arena.baseBytes);
      expect(b! - a!).toBe(32);
    }
  });
});
