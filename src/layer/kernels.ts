import type { FloatArray } from '../types.js';

/**
 * One Conv2D layer problem after validation and padding resolution (see shared MATH.md,
 * "The Conv2D layer"). NCHW input, OIHW weights, `groups` groups, zero padding
 * (pt, pb, pl, pr); Ho = ⌊(H + pt + pb − dh·(kH−1) − 1) / sh⌋ + 1, Wo alike.
 */
export interface LayerGeometry {
  readonly N: number;
  readonly Cin: number;
  readonly H: number;
  readonly W: number;
  readonly Cout: number;
  readonly kH: number;
  readonly kW: number;
  readonly groups: number;
  readonly sh: number;
  readonly sw: number;
  readonly dh: number;
  readonly dw: number;
  readonly pt: number;
  readonly pb: number;
  readonly pl: number;
  readonly pr: number;
  readonly Ho: number;
  readonly Wo: number;
}

/** Which passes one call computes (sizes its workspace). */
export interface LayerPasses {
  forward?: boolean;
  gradInput?: boolean;
  gradWeight?: boolean;
  gradBias?: boolean;
}

/**
 * What a backend provides for the layer. Arguments are validated before they get here: every
 * array has one dtype and exactly the length its shape says; an output is a caller-visible array
 * of the right length, written in full (not accumulated into), or null: then the pass returns a
 * fresh array of the input's dtype that it allocated itself (the wasm backends copy it out of
 * their memory in one step, no zero-filled array written over). Every pass returns the array it
 * wrote. Inputs are never mutated.
 *
 *   forward:    y[n,o,i,j]  = bias[o] + Σ_{c′,a,b} w[o,c′,a,b] · xp[n, g·Cin/G + c′, i·sh + a·dh − pt, j·sw + b·dw − pl]
 *   gradInput:  dx[n,c,u,v] = Σ_{o ∈ group(c), a, b, i·sh + a·dh − pt = u, j·sw + b·dw − pl = v} w[o,c′,a,b] · dy[n,o,i,j]
 *   gradWeight: dw[o,c′,a,b] = Σ_{n,i,j} dy[n,o,i,j] · xp[n, c, i·sh + a·dh − pt, j·sw + b·dw − pl]
 *   gradBias:   db[o] = Σ_{n,i,j} dy[n,o,i,j]
 * (xp is x with zeros outside.) Sums are in the data's precision; the summation order is the
 * backend's own, but fixed (the same bits every time, in every engine).
 */
export interface LayerKernels {
  /**
   * Throws MemoryLimitError, before anything is allocated, when these passes on this geometry
   * cannot fit the backend's memory.
   */
  checkFits(g: LayerGeometry, passes: LayerPasses, bytesPerElement: number): void;
  forward(y: FloatArray | null, x: FloatArray, w: FloatArray, bias: FloatArray | null, g: LayerGeometry): FloatArray;
  gradInput(dx: FloatArray | null, dy: FloatArray, w: FloatArray, g: LayerGeometry): FloatArray;
  gradWeight(dw: FloatArray | null, x: FloatArray, dy: FloatArray, g: LayerGeometry): FloatArray;
  gradBias(db: FloatArray | null, dy: FloatArray, g: LayerGeometry): FloatArray;
}
