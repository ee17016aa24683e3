import { ArgumentError, DTypeError, ShapeError } from './errors.js';
import { describeValue } from './validate.js';
import type { DType, FloatArray, Matrix } from './types.js';

function arrayFor(dtype: DType, length: number): FloatArray {
  if (dtype === 'float32') return new Float32Array(length);
  if (dtype === 'float64') return new Float64Array(length);
  throw new ArgumentError(`dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
}

function checkDim(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ShapeError(`${name} must be a positive integer, got ${describeValue(value)}`);
  }
}

/** An entry of matrix(values) must be a number (NaN and ±Infinity included: they are numbers). */
function entry(v: unknown, where: string): number {
  if (typeof v !== 'number') throw new DTypeError(`matrix(values): ${where} is ${describeValue(v)}, not a number`);
  return v;
}

/** A rows×cols matrix of zeros (float64 unless told). */
export function zeros(rows: number, cols: number, dtype: DType = 'float64'): Matrix {
  checkDim('rows', rows);
  checkDim('cols', cols);
  return { data: arrayFor(dtype, rows * cols), rows, cols };
}

/** A matrix from nested arrays (`[[1, 2], [3, 4]]`), or a 1×N matrix from a flat array. */
export function matrix(values: ArrayLike<number> | ArrayLike<ArrayLike<number>>, dtype: DType = 'float64'): Matrix {
  if (values.length === 0) throw new ShapeError('matrix(values): values is empty');
  const first = values[0] as unknown;
  if (first === null || typeof first !== 'object') {
    const row = values as ArrayLike<number>;
    const out = arrayFor(dtype, row.length);
    for (let j = 0; j < row.length; j++) out[j] = entry(row[j], `values[${j}]`);
    return { data: out, rows: 1, cols: row.length };
  }
  const nested = values as ArrayLike<ArrayLike<number>>;
  const rows = nested.length;
  const cols = nested[0]!.length;
  if (cols === 0) throw new ShapeError('matrix(values): row 0 is empty');
  const out = arrayFor(dtype, rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = nested[i]!;
    if (typeof row !== 'object' || row.length !== cols) {
      throw new ShapeError(`matrix(values): row ${i} has ${row?.length} entries, row 0 has ${cols}`);
    }
    for (let j = 0; j < cols; j++) out[i * cols + j] = entry(row[j], `values[${i}][${j}]`);
  }
  return { data: out, rows, cols };
}

/** Nested arrays of plain numbers, one per row. */
export function toArray(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function dtypeOf(data: FloatArray): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}
