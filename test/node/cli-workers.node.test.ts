// How many pool workers the image commands start (src/node/cli/shared.ts poolWorkers).
import { describe, expect, it } from 'vitest';
import { poolWorkers } from '../../src/node/cli/shared.js';

describe('CLI pool size', () => {
  it('by default gives each of a few unevenly dividing solves its own worker', () => {
    expect(poolWorkers(3, 2, false, 2)).toBe(3); // one RGB image on 2 cores: 1.5 solve times, not 2
    expect(poolWorkers(5, 4, false, 4)).toBe(5);
    expect(poolWorkers(1, 2, false, 2)).toBe(1); // one gray image: one worker
  });
  it('by default keeps one worker per core when the solves divide evenly or are many', () => {
    expect(poolWorkers(2, 2, false, 2)).toBe(2);
    expect(poolWorkers(4, 2, false, 2)).toBe(2);
    expect(poolWorkers(9, 2, false, 2)).toBe(2); // three RGB images: a queue, not 9 threads
    expect(poolWorkers(3, 1, false, 1)).toBe(1); // one core: 3 ≥ 2·1, queue
  });
  it('takes --jobs N exactly, never more workers than solves', () => {
    expect(poolWorkers(3, 2, true, 2)).toBe(2);
    expect(poolWorkers(3, 8, true, 2)).toBe(3);
    expect(poolWorkers(12, 5, true, 2)).toBe(5);
  });
});
