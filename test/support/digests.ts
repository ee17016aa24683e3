import type { Matrix, Mode } from '../../src/index.js';
import type { NamedBackend } from './backends.js';
import { layerParts } from './layer-digests.js';

/** xorshift32: the same inputs everywhere, no dependency on Math.random. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32 - 0.5;
  };
}

function randomMatrix(rows: number, cols: number, f32: boolean, next: () => number): Matrix {
  const data = f32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = next();
  return { data, rows, cols };
}

/** FNV-1a over the raw bytes: equal digests mean bitwise-equal results. */
function fnv1a(parts: ReadonlyArray<ArrayBufferView | number>): string {
  let h = 0x811c9dc5;
  const eat = (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  };
  for (const p of parts) {
    if (typeof p === 'number') eat(new Uint8Array(new Float64Array([p]).buffer));
    else eat(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  }
  return h.toString(16).padStart(8, '0');
}

const CASES: ReadonlyArray<[m: number, n: number, k: number, l: number]> = [
  [1, 1, 1, 1], [1, 37, 1, 5], [23, 1, 4, 1], [17, 19, 3, 3], [33, 41, 4, 6], [64, 64, 9, 9], [12, 10, 15, 13],
];
const MODES: readonly Mode[] = ['full', 'same', 'valid'];

/**
 * A digest per backend of every operation on fixed pseudo-random inputs, both dtypes,
 * every mode and convention, direct and FFT, and of the solvers. Node computes it once in global setup; each test project
 * recomputes it and must get the same strings.
 */
export function digests(all: readonly NamedBackend[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, cg } of all) {
    const parts: Array<ArrayBufferView | number> = [];
    const next = seeded(20261121);
    for (const f32 of [false, true]) {
      for (const [m, n, k, l] of CASES) {
        const x = randomMatrix(m, n, f32, next);
        const h = randomMatrix(k, l, f32, next);
        for (const mode of MODES) {
          if (mode === 'valid' && (k > m || l > n)) continue;
          for (const convention of ['matlab', 'scipy'] as const) {
            const z = cg.conv2d(x, h, mode, { convention });
            parts.push(z.data, cg.correlate2d(x, h, mode).data);
            const y = randomMatrix(z.rows, z.cols, f32, next);
            const g = cg.valueAndGrad(x, h, y, mode, { convention });
            parts.push(g.value, g.gradKernel!.data, g.gradImage!.data);
            if (name !== 'js') {
              // The FFT path too (the JS baseline has none).
              parts.push(cg.conv2d(x, h, mode, { convention, method: 'fft' }).data);
              const gf = cg.valueAndGrad(x, h, y, mode, { convention, method: 'fft' });
              parts.push(gf.value, gf.gradKernel!.data, gf.gradImage!.data);
            }
          }
        }
      }
    }
    // The solvers: an exact kernel, a constrained one (FISTA + active set), CGLS and TV deconvolution.
    const next2 = seeded(7);
    const x = randomMatrix(40, 36, false, next2);
    const h = randomMatrix(5, 4, false, next2);
    const y = cg.conv2d(x, h, 'valid');
    parts.push(cg.estimateKernel(x, y, { rows: 5, cols: 4 }).kernel.data);
    parts.push(cg.estimateKernel(x, y, { rows: 5, cols: 4 }, { nonNegative: true, maxIterations: 200 }).kernel.data);
    parts.push(cg.deconvolve(h, y, { tikhonov: 1e-2, maxIterations: 30 }).image.data);
    parts.push(cg.deconvolve(h, y, { tv: 1e-2, maxIterations: 10 }).image.data);
    if (name !== 'js') parts.push(cg.deconvolve(h, y, { method: 'wiener' }).image.data);
    parts.push(...layerParts(cg)); // the Conv2D layer (test/support/layer-digests.ts)
    out[name] = fnv1a(parts);
  }
  return out;
}
