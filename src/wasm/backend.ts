import type { Backend } from '../backend.js';
import type { FloatArray, Matrix } from '../types.js';
import { Arena } from './arena.js';
import { instantiate, type ConvgradExports, type WasmSource } from './module.js';

export type { WasmSource } from './module.js';

type Kernel7 = ConvgradExports['corrValidRows_f32'];

/** The exports for one dtype. */
interface Ops {
  rows: Kernel7;
  dots: Kernel7;
  embed: ConvgradExports['embed_f32'];
  rot180: ConvgradExports['rot180_f32'];
  residual: ConvgradExports['residual_f32'];
}

export interface WasmBackend extends Backend {
  memoryBytes(): number;
}

/*
 * Every operation is a valid correlation out = X ⋆ K on a zero-padded canvas:
 *   crop (r0, c0) of the full convolution  = corrValid(P, rot180(h)),
 *   crop (r0, c0) of the full correlation  = corrValid(P, h),
 *   ∇ₕ = rot180(corrValid(P, r)),   ∇ₓ = corrValid(E, h),
 * with P = x placed at (k−1−r0, l−1−c0) in a zero canvas of (R+k−1)×(C+l−1) and
 * E = r placed at (r0, c0) in a zero canvas of the full size (m+k−1)×(n+l−1).
 * For 'valid' (r0 = k−1) P is x itself and no copy is made.
 */
export async function createWasmBackend(source?: WasmSource): Promise<WasmBackend> {
  const ex = await instantiate(source);
  const arena = new Arena(ex.memory, ex.heapBase());
  const f32: Ops = {
    rows: ex.corrValidRows_f32, dots: ex.corrValidDots_f32, embed: ex.embed_f32,
    rot180: ex.rot180_f32, residual: ex.residual_f32,
  };
  const f64: Ops = {
    rows: ex.corrValidRows_f64, dots: ex.corrValidDots_f64, embed: ex.embed_f64,
    rot180: ex.rot180_f64, residual: ex.residual_f64,
  };
  const opsFor = (data: FloatArray): Ops => (data instanceof Float32Array ? f32 : f64);

  const describe = (x: Matrix, h: Matrix) => () => `a problem with image ${x.rows}×${x.cols} and kernel ${h.rows}×${h.cols}`;

  /** out (R×C) = valid correlation of the canvas (xr×xc at xp) with the kernel (kr×kc at kp). */
  function corrValid(ops: Ops, out: number, R: number, C: number, xp: number, xr: number, xc: number, kp: number, kr: number, kc: number): void {
    // Large kernel, small output (the kernel gradient, huge kernels in 'full'): dot products.
    if (R * C < kr * kc) ops.dots(out, xp, xr, xc, kp, kr, kc);
    else ops.rows(out, xp, xr, xc, kp, kr, kc);
  }

  /** Places x in WASM memory as the padded canvas P for a crop (r0, c0) with output R×C. */
  function canvasP(ops: Ops, bytesPer: number, x: Matrix, k: number, l: number, R: number, C: number, r0: number, c0: number, what: () => string) {
    const pr = R + k - 1;
    const pc = C + l - 1;
    const xPtr = arena.alloc(x.data.length * bytesPer, what);
    arena.view(x.data, xPtr, x.data.length).set(x.data);
    const offR = k - 1 - r0;
    const offC = l - 1 - c0;
    if (offR === 0 && offC === 0 && pr === x.rows && pc === x.cols) return { ptr: xPtr, rows: pr, cols: pc };
    const pPtr = arena.alloc(pr * pc * bytesPer, what);
    ops.embed(pPtr, pr, pc, xPtr, x.rows, x.cols, offR, offC);
    return { ptr: pPtr, rows: pr, cols: pc };
  }

  function forward(flip: boolean, out: Matrix, x: Matrix, h: Matrix, r0: number, c0: number): void {
    const ops = opsFor(x.data);
    const bytesPer = x.data.BYTES_PER_ELEMENT;
    const what = describe(x, h);
    const { rows: k, cols: l } = h;
    const { rows: R, cols: C } = out;
    arena.reset();
    const P = canvasP(ops, bytesPer, x, k, l, R, C, r0, c0, what);
    const hPtr = arena.alloc(h.data.length * bytesPer, what);
    const kPtr = flip ? arena.alloc(h.data.length * bytesPer, what) : hPtr;
    const outPtr = arena.alloc(R * C * bytesPer, what);
    arena.view(h.data, hPtr, h.data.length).set(h.data);
    if (flip) ops.rot180(kPtr, hPtr, h.data.length);
    corrValid(ops, outPtr, R, C, P.ptr, P.rows, P.cols, kPtr, k, l);
    out.data.set(arena.view(out.data, outPtr, R * C));
  }

  return {
    name: ex.simd() ? 'wasm-simd' : 'wasm-scalar',
    memoryBytes: () => arena.bytes,

    convolve: (out, x, h, r0, c0) => forward(true, out, x, h, r0, c0),
    correlate: (out, x, h, r0, c0) => forward(false, out, x, h, r0, c0),

    valueAndGrad(x, h, y, r0, c0, gradKernel, gradImage) {
      const ops = opsFor(x.data);
      const bytesPer = x.data.BYTES_PER_ELEMENT;
      const what = describe(x, h);
      const { rows: m, cols: n } = x;
      const { rows: k, cols: l } = h;
      const { rows: R, cols: C } = y;
      arena.reset();
      const P = canvasP(ops, bytesPer, x, k, l, R, C, r0, c0, what);
      const hPtr = arena.alloc(k * l * bytesPer, what);
      const hFlipPtr = arena.alloc(k * l * bytesPer, what);
      const yPtr = arena.alloc(R * C * bytesPer, what);
      const rPtr = arena.alloc(R * C * bytesPer, what);
      const gkPtr = gradKernel ? arena.alloc(2 * k * l * bytesPer, what) : 0;
      const ePtr = gradImage ? arena.alloc((m + k - 1) * (n + l - 1) * bytesPer, what) : 0;
      const giPtr = gradImage ? arena.alloc(m * n * bytesPer, what) : 0;
      arena.view(h.data, hPtr, k * l).set(h.data);
      arena.view(y.data, yPtr, R * C).set(y.data);

      ops.rot180(hFlipPtr, hPtr, k * l);
      corrValid(ops, rPtr, R, C, P.ptr, P.rows, P.cols, hFlipPtr, k, l);
      const value = ops.residual(rPtr, rPtr, yPtr, R * C);

      if (gradKernel) {
        const tmp = gkPtr + k * l * bytesPer;
        corrValid(ops, tmp, k, l, P.ptr, P.rows, P.cols, rPtr, R, C);
        ops.rot180(gkPtr, tmp, k * l);
        gradKernel.data.set(arena.view(gradKernel.data, gkPtr, k * l));
      }
      if (gradImage) {
        ops.embed(ePtr, m + k - 1, n + l - 1, rPtr, R, C, r0, c0);
        corrValid(ops, giPtr, m, n, ePtr, m + k - 1, n + l - 1, hPtr, k, l);
        gradImage.data.set(arena.view(gradImage.data, giPtr, m * n));
      }
      return value;
    },
  };
}
