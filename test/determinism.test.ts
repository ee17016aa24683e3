import { describe, expect, inject, it } from 'vitest';
import { backends } from './support/backends.js';
import { digests } from './support/digests.js';

// Node computed these digests in global setup; here they are recomputed in this project's
// environment (Node or Chromium). Equal digests mean bitwise-identical results.
describe('results are bitwise identical across environments', async () => {
  const all = await backends();
  const here = digests(all);
  const fromNode = inject('nodeDigests');

  for (const { name } of all) {
    it(`${name}: same digest as in Node`, () => {
      expect(fromNode[name]).toMatch(/^[0-9a-f]{8}$/);
      expect(here[name]).toBe(fromNode[name]);
    });
  }

  it('the digests depend on the results (different backends round differently)', () => {
    expect(here['wasm-simd']).not.toBe(here['js']);
  });
});
