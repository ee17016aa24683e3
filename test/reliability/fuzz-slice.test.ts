/**
 * A short seeded slice of `npm run fuzz` (test/support/fuzz.ts): every backend × function ×
 * method × dtype against the float64 oracle, including large dynamic ranges, 1×N/N×1 and kernels
 * larger than the image. Fails on any error past its tolerance, a non-finite result or a throw.
 */
import { expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { formatCells, runFuzz } from '../support/fuzz.js';

const all = await backends();

it('seeded fuzz slice: 40 problems × every backend, function, method', () => {
  const { cells, failures, checks } = runFuzz(all, 20261130, 40);
  if (failures.length > 0) console.log(formatCells(cells));
  expect(failures.slice(0, 10)).toEqual([]);
  expect(checks).toBeGreaterThan(40 * 40);
});
