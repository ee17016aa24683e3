/**
 * Issue 11 item 12: a misspelt option name is an ArgumentError naming it (with the nearest valid
 * name and the full list), for every function that takes options, on every backend — never
 * silently ignored.
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError, createContext, zeros, type Matrix } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { fillValues, makeMatrix } from '../support/random.js';

const all = await backends();
const mat = (r: number, c: number, seed: number): Matrix => makeMatrix(r, c, fillValues(r * c, { seed, kind: 'uniform' }), 'float64');

function expectUnknown(fn: () => unknown, option: string, suggestion: string | null, valid: string[]): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ArgumentError);
  const msg = (thrown as Error).message;
  expect(msg).toContain(`options.${option.replace(/^out\./, 'out.')}`);
  if (suggestion) expect(msg).toContain(`did you mean '${suggestion}'`);
  for (const v of valid) expect(msg).toContain(`'${v}'`);
}

describe.each(all.map((b) => [b.name, b] as const))('%s unknown options', (_name, { cg }) => {
  const x = mat(6, 7, 1);
  const h = mat(3, 3, 2);
  const y = mat(4, 5, 3);
  it('core functions name the misspelt option and list the valid ones', () => {
    expectUnknown(() => cg.conv2d(x, h, 'same', { convension: 'scipy' } as never), 'convension', 'convention', ['convention', 'method', 'out']);
    expectUnknown(() => cg.correlate2d(x, h, 'full', { methd: 'direct' } as never), 'methd', 'method', ['convention', 'method']);
    expectUnknown(() => cg.objective(x, h, y, 'valid', { out: zeros(4, 5) } as never), 'out', null, ['convention', 'method']);
    expectUnknown(() => cg.gradKernel(x, h, y, 'valid', { wrt: 'kernel' } as never), 'wrt', null, ['out']);
    expectUnknown(() => cg.gradImage(x, h, y, 'valid', { Method: 'direct' } as never), 'Method', 'method', ['out']);
    expectUnknown(() => cg.valueAndGrad(x, h, y, 'valid', { wrtt: 'both' } as never), 'wrtt', 'wrt', ['wrt', 'out']);
    expectUnknown(
      () => cg.valueAndGrad(x, h, y, 'valid', { out: { gradKernal: zeros(3, 3) } } as never),
      'out.gradKernal', 'gradKernel', ['gradKernel', 'gradImage'],
    );
  });
  it('solvers name the misspelt option', () => {
    expectUnknown(() => cg.deconvolve(h, y, { tikonov: 1 } as never), 'tikonov', 'tikhonov', ['tikhonov', 'method', 'x0']);
    expectUnknown(() => cg.estimateKernel(x, y, { rows: 3, cols: 3 }, { maxIteration: 3 } as never), 'maxIteration', 'maxIterations', ['sumToOne', 'h0']);
    expectUnknown(() => cg.deconvolve(h, y, { nonnegative: true } as never), 'nonnegative', 'nonNegative', ['nonNegative']);
  });
  it('an option given as undefined is harmless, and options still reject non-objects', () => {
    expect(() => cg.conv2d(x, h, 'same', { convension: undefined } as never)).not.toThrow();
    expect(() => cg.conv2d(x, h, 'same', 'scipy' as never)).toThrow(ArgumentError);
    expect(() => cg.conv2d(x, h, 'same', [] as never)).toThrow(ArgumentError);
  });
});

describe('init / createContext options', () => {
  it('reject a misspelt name', async () => {
    await expect(createContext({ backnd: 'js' } as never)).rejects.toThrow(ArgumentError);
    await expect(createContext({ backnd: 'js' } as never)).rejects.toThrow(/options\.backnd .*did you mean 'backend'/);
  });
});
