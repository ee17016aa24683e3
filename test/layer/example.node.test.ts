// examples/layer/learn-filters.mjs, shortened: the loss falls and the gradient check passes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

describe('examples/layer: learning a filter bank with the layer gradients', () => {
  it('60 steps of Adam at least halve the held-out loss; the backward pass matches a finite difference', () => {
    const r = spawnSync(process.execPath, [join(root, 'examples/layer/learn-filters.mjs'), '--steps', '60'], {
      cwd: root, encoding: 'utf8', timeout: 240_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const losses = [...r.stdout.matchAll(/held-out loss (\S+)/g)].map((m) => Number(m[1]));
    expect(losses.length).toBeGreaterThanOrEqual(3);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 2);
    const gap = Number(/relative gap (\S+)/.exec(r.stdout)?.[1]);
    expect(gap).toBeLessThan(1e-5);
  });
});
