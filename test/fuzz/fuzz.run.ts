/**
 * `npm run fuzz`: the long randomised comparison (test/support/fuzz.ts) — seeded (FUZZ_SEED,
 * default the date), FUZZ_SCENARIOS problems (default 3000: ~1.4·10⁵ checks, about two minutes on
 * a shared 2-core machine), every backend × function × method × dtype. Prints the worst error
 * per cell (as a multiple of its tolerance) and fails on any mismatch.
 */
import { expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { formatCells, runFuzz } from '../support/fuzz.js';

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Date.now() / 86_400_000) * 1000);
const scenarios = Number(process.env.FUZZ_SCENARIOS ?? 3000);

it(`fuzz: ${scenarios} problems from seed ${seed}`, async () => {
  const all = await backends();
  const started = performance.now();
  const { cells, failures, checks } = runFuzz(all, seed, scenarios);
  console.log(`\nfuzz seed ${seed}: ${checks} checks in ${((performance.now() - started) / 1000).toFixed(1)} s\n${formatCells(cells)}`);
  if (failures.length > 0) console.log(`\n${failures.length} failures (rerun with FUZZ_SEED=${seed}):\n${failures.slice(0, 50).join('\n')}`);
  expect(failures.length).toBe(0);
  expect(checks).toBeGreaterThanOrEqual(10_000);
});
