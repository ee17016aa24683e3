import { existsSync } from 'node:fs';
import { ArgumentError } from '../errors.js';
/// <reference types="node" />
import { readFile } from 'node:fs/promises';
import type { Matrix } from '../types.js';
import { writeFileAtomic } from './atomic-write.js';
import { describeFsError, FileError } from './errors.js';
import { kernelFromSpec } from './kernels.js';

/**
 * The kernel file format: `{ "rows": R, "cols": C, "data": [R·C numbers, row-major] }`.
 * Other keys are ignored on reading (the CLI adds none).
 */
export interface KernelJson {
  rows: number;
  cols: number;
  data: number[];
}

const FORMAT = 'expected a JSON object {"rows": R, "cols": C, "data": [R·C numbers, row-major]}';

/** Parses kernel JSON text; `name` (the file) is used in error messages. Returns a float64 matrix. */
export function parseKernelJson(text: string, name = 'kernel'): Matrix {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FileError(name, `not valid JSON (${(err as Error).message})`);
  }
  const v = value as Partial<Record<keyof KernelJson, unknown>> | null;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new FileError(name, FORMAT);
  const { rows, cols, data } = v;
  if (!Number.isInteger(rows) || (rows as number) < 1 || !Number.isInteger(cols) || (cols as number) < 1) {
    throw new FileError(name, `"rows" and "cols" must be positive integers; ${FORMAT}`);
  }
  const r = rows as number;
  const c = cols as number;
  if (!Array.isArray(data) || data.length !== r * c) {
    throw new FileError(name, `"data" must be an array of rows·cols = ${r * c} numbers, got ${Array.isArray(data) ? `${data.length}` : typeof data}`);
  }
  const out = new Float64Array(r * c);
  for (let i = 0; i < out.length; i++) {
    const x = data[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new FileError(name, `"data"[${i}] is not a finite number`);
    out[i] = x;
  }
  return { data: out, rows: r, cols: c };
}

/** Kernel JSON text, one kernel row per line so it reads as a matrix. */
export function kernelToJson(kernel: Matrix): string {
  const rows: string[] = [];
  for (let i = 0; i < kernel.rows; i++) {
    rows.push(`    ${Array.from(kernel.data.subarray(i * kernel.cols, (i + 1) * kernel.cols), (x) => JSON.stringify(x)).join(', ')}`);
  }
  return `{\n  "rows": ${kernel.rows},\n  "cols": ${kernel.cols},\n  "data": [\n${rows.join(',\n')}\n  ]\n}\n`;
}

/**
 * Reads a kernel JSON file `{"rows": R, "cols": C, "data": [R·C numbers]}` (what `estimate-kernel` writes).
 *
 * @param path - the file.
 * @returns the kernel as a float64 Matrix.
 * @throws {FileError} the file cannot be read, or is not a valid kernel file.
 * @example
 * ```js fragment
 * const h = await readKernelFile('kernel.json');
 * ```
 */
export async function readKernelFile(path: string): Promise<Matrix> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new FileError(path, `cannot read: ${describeFsError(err)}`);
  }
  return parseKernelJson(text, path);
}

/** Writes a kernel file atomically (temp file, then rename). */
export async function writeKernelFile(path: string, kernel: Matrix): Promise<void> {
  await writeFileAtomic(path, kernelToJson(kernel));
}

/** A kernel from a spec (`gaussian:15,2`, `motion:21,30`) or from a kernel JSON file. */
export async function loadKernel(specOrPath: string): Promise<Matrix> {
  const generated = kernelFromSpec(specOrPath);
  if (generated) return generated;
  // "gauss:5", "Gaussian:15,2": a mistyped spec, not a file name; say which specs there are.
  if (/^[a-z]+:/i.test(specOrPath) && !/[\\/]|\.json$/i.test(specOrPath) && !existsSync(specOrPath)) {
    throw new ArgumentError(
      `unknown kernel ${JSON.stringify(specOrPath)}: the specs are gaussian:SIZE,SIGMA (e.g. gaussian:15,2) and ` +
        'motion:LENGTH,ANGLE (e.g. motion:21,30, degrees counter-clockwise); anything else is read as a kernel JSON file',
    );
  }
  return readKernelFile(specOrPath);
}
