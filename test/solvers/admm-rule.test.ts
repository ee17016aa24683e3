/**
 * The ADMM stopping rule (src/solvers/admm.ts `meetsRule`): (a) Boyd's relative residuals, or
 * (b) the primal residual, a looser dual residual and the Cauchy–Schwarz bound on yᵀr relative
 * to the objective. Each condition is checked on its own edge: a rule that ignored one of them
 * would fail here. (The solves that use the rule are in admm.test.ts, against reference optima.)
 */
import { describe, expect, it } from 'vitest';
import { meetsRule } from '../../src/solvers/admm.js';

const tol = 1e-4;

describe('ADMM stopping rule', () => {
  it('(a): both relative residuals within tol, whatever the objective (also an optimum of 0)', () => {
    expect(meetsRule({ primal: tol, dual: tol, bound: 1 }, 0, tol)).toBe(true);
    expect(meetsRule({ primal: tol * 1.01, dual: tol, bound: 1 }, 0, tol)).toBe(false);
    expect(meetsRule({ primal: tol, dual: tol * 1.01, bound: 1 }, 0, tol)).toBe(false);
  });

  it('(b): primal within tol, dual within 3·tol and the bound within 25·tol·|f|', () => {
    const f = 20;
    const edge = 25 * tol * f;
    expect(meetsRule({ primal: tol, dual: 3 * tol, bound: edge }, f, tol)).toBe(true);
    expect(meetsRule({ primal: tol, dual: 3 * tol, bound: edge }, -f, tol)).toBe(true);
    expect(meetsRule({ primal: tol, dual: 3 * tol, bound: edge * 1.01 }, f, tol)).toBe(false);
    expect(meetsRule({ primal: tol, dual: 3.03 * tol, bound: edge }, f, tol)).toBe(false);
    expect(meetsRule({ primal: tol * 1.01, dual: 2 * tol, bound: edge / 2 }, f, tol)).toBe(false);
  });

  it('(b) never holds at an objective of 0 unless the bound is 0', () => {
    expect(meetsRule({ primal: 0, dual: 2 * tol, bound: 1e-300 }, 0, tol)).toBe(false);
  });

  it('non-finite residuals never meet the rule', () => {
    expect(meetsRule({ primal: NaN, dual: 0, bound: 0 }, 1, tol)).toBe(false);
    expect(meetsRule({ primal: 0, dual: NaN, bound: 0 }, 1, tol)).toBe(false);
    expect(meetsRule({ primal: 0, dual: 2 * tol, bound: NaN }, 1, tol)).toBe(false);
    expect(meetsRule({ primal: 0, dual: 2 * tol, bound: 0 }, NaN, tol)).toBe(false);
  });
});
