import { describe, expect, it } from 'vitest';
import { matrix, ShapeError, toArray, zeros, ArgumentError } from '../src/index.js';

describe('matrix helpers', () => {
  it('zeros makes a rows×cols matrix of the asked dtype', () => {
    const a = zeros(2, 3);
    expect(a.rows).toBe(2);
    expect(a.cols).toBe(3);
    expect(a.data).toBeInstanceOf(Float64Array);
    expect(Array.from(a.data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(zeros(1, 4, 'float32').data).toBeInstanceOf(Float32Array);
  });

  it('matrix reads nested arrays row by row, and a flat array as a 1×N signal', () => {
    const a = matrix([[1, 2, 3], [4, 5, 6]], 'float32');
    expect(a.rows).toBe(2);
    expect(a.cols).toBe(3);
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const s = matrix([1, 2, 3, 4]);
    expect([s.rows, s.cols]).toEqual([1, 4]);
    expect(toArray(a)).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(toArray(s)).toEqual([[1, 2, 3, 4]]);
  });

  it('rejects ragged, empty and badly sized input', () => {
    expect(() => matrix([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => matrix([[1, 2], [3]])).toThrow(/row 1 has 1 entries, row 0 has 2/);
    expect(() => matrix([])).toThrow(ShapeError);
    expect(() => matrix([[]])).toThrow(ShapeError);
    expect(() => zeros(0, 3)).toThrow(/rows must be a positive integer, got 0/);
    expect(() => zeros(2, 1.5)).toThrow(/cols must be a positive integer, got 1.5/);
    expect(() => zeros(2, 2, 'int8' as never)).toThrow(ArgumentError);
  });
});
