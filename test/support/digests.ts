import type { Matrix, Mode } from '../../src/index.js';
import type { NamedBackend } from './backends.js';

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
 * every mode and convention. Node computes it once in global setup; each test project
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
          }
        }
      }
    }
    out[name] = fnv1a(parts);
  }
  return out;
}
