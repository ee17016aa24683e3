import { ArgumentError } from '../errors.js';
import { scalarWasm, simdWasm } from './binaries.js';

/** What a caller may hand to `init({ wasm })`: the bytes of a convgrad binary or its compiled module. */
export type WasmSource = BufferSource | WebAssembly.Module;

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
}

const REQUIRED: ReadonlyArray<keyof ConvgradExports> = [
  'memory', 'heapBase', 'simd', 'corrValidRows_f32', 'corrValidRows_f64', 'corrValidDots_f32', 'corrValidDots_f64',
  'embed_f32', 'embed_f64', 'rot180_f32', 'rot180_f64', 'residual_f32', 'residual_f64',
];

// Compiled once per page/process: compiling is the slow part, instantiating is cheap.
let embeddedModule: Promise<WebAssembly.Module> | undefined;

/** The embedded SIMD binary when this engine validates it, else the scalar one; compiled once. */
export function embeddedWasmModule(): Promise<WebAssembly.Module> {
  embeddedModule ??= (async () => {
    const simd = simdWasm();
    return WebAssembly.compile(WebAssembly.validate(simd) ? simd : scalarWasm());
  })();
  return embeddedModule;
}

export async function instantiate(source?: WasmSource): Promise<ConvgradExports> {
  let module: WebAssembly.Module;
  if (source === undefined) {
    module = await embeddedWasmModule();
  } else if (source instanceof WebAssembly.Module) {
    module = source;
  } else if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) {
    module = await WebAssembly.compile(source);
  } else {
    throw new ArgumentError('options.wasm must be the bytes of a convgrad binary (ArrayBuffer or typed array) or a WebAssembly.Module');
  }
  const instance = await WebAssembly.instantiate(module, {});
  const exports = instance.exports as unknown as ConvgradExports;
  const missing = REQUIRED.filter((name) => !(name in exports));
  if (missing.length > 0) {
    throw new ArgumentError(`options.wasm is not a convgrad binary: it lacks the exports ${missing.join(', ')}`);
  }
  return exports;
}
