import { ArgumentError } from '../errors.js';
import { embeddedWasmBytes } from './embedded.js';
import { checkWebAssembly, compileWasm, instantiateWasm } from './load.js';

/**
 * What a caller may hand to `init({ wasm })`: the bytes of a convgrad binary, its compiled
 * module, or where to fetch it (a URL, a URL string, or a fetch `Response` or its promise),
 * compiled with `WebAssembly.compileStreaming` when the server sends `application/wasm`.
 */
export type WasmSource = BufferSource | WebAssembly.Module | URL | string | Response | PromiseLike<Response>;

type Kernel7 = (out: number, x: number, xRows: number, xCols: number, k: number, kRows: number, kCols: number) => void;

/** The raw exports of a convgrad binary (see assembly/index.ts). Pointers are byte offsets. */
export interface ConvgradExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  simd(): number;
  corrValidRows_f32: Kernel7;
  corrValidRows_f64: Kernel7;
  corrValidDots_f32: Kernel7;
  corrValidDots_f64: Kernel7;
  embed_f32(dst: number, dRows: number, dCols: number, src: number, sRows: number, sCols: number, r: number, c: number): void;
  embed_f64(dst: number, dRows: number, dCols: number, src: number, sRows: number, sCols: number, r: number, c: number): void;
  rot180_f32(dst: number, src: number, n: number): void;
  rot180_f64(dst: number, src: number, n: number): void;
  residual_f32(r: number, z: number, y: number, n: number): number;
  residual_f64(r: number, z: number, y: number, n: number): number;
  dot_f64(a: number, b: number, n: number): number;
  axpby_f64(y: number, alpha: number, x: number, beta: number, n: number): void;
  clamp_f64(v: number, lo: number, hi: number, n: number): void;
  mul_f64(out: number, a: number, b: number, n: number): void;
  divPositive_f64(out: number, a: number, b: number, tiny: number, n: number): void;
  fill_f64(v: number, value: number, n: number): void;
  gramValid_f64(G: number, P: number, pr: number, pc: number, k: number, l: number, scratch: number): void;
  cholesky_f64(A: number, n: number): number;
  choleskySolve_f64(L: number, n: number, b: number): void;
  gemv_f64(y: number, A: number, x: number, n: number): void;
  projectSimplex_f64(v: number, n: number, total: number, scratch: number): void;
  tvNorm_f64(x: number, m: number, n: number): number;
  tvProx_f64(
    out: number, b: number, m: number, n: number, lambda: number, lo: number, hi: number, iterations: number,
    p: number, q: number, r: number, s: number, pOld: number, qOld: number,
  ): void;
}

/**
 * Which loop order suits a valid correlation with output R×C and kernel kr×kc: dot products
 * when the "kernel" is the larger (the kernel gradient; huge kernels in 'full'), else rows.
 */
export function usesDotProducts(R: number, C: number, kr: number, kc: number): boolean {
  return R * C < kr * kc;
}

const REQUIRED: ReadonlyArray<keyof ConvgradExports> = [
  'memory', 'heapBase', 'simd', 'corrValidRows_f32', 'corrValidRows_f64', 'corrValidDots_f32', 'corrValidDots_f64',
  'embed_f32', 'embed_f64', 'rot180_f32', 'rot180_f64', 'residual_f32', 'residual_f64',
  'dot_f64', 'axpby_f64', 'clamp_f64', 'mul_f64', 'divPositive_f64', 'fill_f64',
  'gramValid_f64', 'cholesky_f64', 'choleskySolve_f64', 'gemv_f64', 'projectSimplex_f64', 'tvNorm_f64', 'tvProx_f64',
];

// Compiled once per page/process: compiling is the slow part, instantiating is cheap.
let embeddedModule: Promise<WebAssembly.Module> | undefined;

/** The embedded SIMD binary when this engine validates SIMD, else the scalar one; compiled once. */
export function embeddedWasmModule(): Promise<WebAssembly.Module> {
  const p = (embeddedModule ??= embeddedWasmBytes().then((bytes) => compileWasm(bytes, 'the embedded binary')));
  p.catch(() => { if (embeddedModule === p) embeddedModule = undefined; }); // a refusal is not cached: a later policy may allow it
  return p;
}

/** `source` compiled (the embedded binary when undefined): bytes, a module, a URL or a Response. */
export async function compileSource(source?: WasmSource): Promise<WebAssembly.Module> {
  checkWebAssembly();
  if (source === undefined) return embeddedWasmModule();
  if (source instanceof WebAssembly.Module) return source;
  return compileWasm(source, 'options.wasm');
}

export async function instantiate(source?: WasmSource): Promise<ConvgradExports> {
  const module = await compileSource(source);
  const instance = await instantiateWasm(module);
  const exports = instance.exports as unknown as ConvgradExports;
  const missing = REQUIRED.filter((name) => !(name in exports));
  if (missing.length > 0) {
    throw new ArgumentError(`options.wasm is not a convgrad binary: it lacks the exports ${missing.join(', ')}`);
  }
  return exports;
}
