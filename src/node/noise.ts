import type { Matrix } from '../types.js';

/** mulberry32: a small, fast, seedable generator of uniforms in [0, 1) — reproducible noise. */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of m plus independent Gaussian noise of standard deviation `sigma` (Box–Muller), seeded. */
export function withGaussianNoise(m: Matrix, sigma: number, seed = 0): Matrix {
  const Ctor = m.data.constructor as Float32ArrayConstructor | Float64ArrayConstructor;
  const data = new Ctor(m.data);
  if (sigma === 0) return { data, rows: m.rows, cols: m.cols };
  const next = uniform(seed);
  for (let i = 0; i < data.length; i += 2) {
    const r = sigma * Math.sqrt(-2 * Math.log(1 - next())); // 1 − u ∈ (0, 1]: no log(0)
    const phi = 2 * Math.PI * next();
    data[i]! += r * Math.cos(phi);
    if (i + 1 < data.length) data[i + 1]! += r * Math.sin(phi);
  }
  return { data, rows: m.rows, cols: m.cols };
}
