// The Conv2D layer's binary (assembly/layer.ts): its own instance, memory and arena beside the
// core binary's. Layer passes are self-contained (each resets its arena and copies its inputs
// in), so the two instances share nothing, and an app that never runs a layer never loads this.
import { ArgumentError } from '../errors.js';
import type { LayerKernels } from '../layer/kernels.js';
import { Arena } from './arena.js';
import { decodeBase64, gunzip } from './embedded.js';
import { createWasmLayerKernels, LAYER_EXPORTS, warmUpLayer, type LayerExports } from './layer.js';
import { compiledOnce, compileWasm, instantiateWasm } from './load.js';
import type { WasmSource } from './module.js';

/** A loaded layer binary: its kernels, the bytes of its memory, and its warm-up (see warmUpLayer). */
export interface WasmLayer {
  kernels: LayerKernels;
  memoryBytes(): number;
  /** Runs every pass on small problems so the first real one runs optimised code; call once, before the first pass. */
  warmUp(): void;
}

/** The embedded layer binary of the core's flavour; its import() is here so that only apps using the layer have the chunk. */
async function embeddedLayerWasmBytes(simd: boolean): Promise<Uint8Array<ArrayBuffer>> {
  const packed = simd
    ? (await import('./layer-simd.generated.js')).layerSimdWasmGzipBase64
    : (await import('./layer-scalar.generated.js')).layerScalarWasmGzipBase64;
  return gunzip(decodeBase64(packed), 'layerWasm', `convgrad-layer-${simd ? 'simd' : 'scalar'}.wasm`);
}

/** The embedded layer binary of a flavour, compiled (once per flavour per page/process, like the core binary: module.ts). */
export const embeddedLayerModule: (simd: boolean) => Promise<WebAssembly.Module> = compiledOnce(embeddedLayerWasmBytes, 'the embedded layer binary');

/**
 * Instantiates the layer binary (its warm-up waits for the first layer pass: see WasmLayer.warmUp).
 * @param simd the core binary's flavour: the embedded layer binary built the same way is used.
 * @param source the caller's layer binary (`init({ layerWasm })`) instead of the embedded one.
 * @returns the layer kernels on the binary's own memory.
 * @throws ArgumentError when `source` is not a convgrad layer binary; WasmUnavailableError when the
 *   engine refuses to compile it.
 */
export async function loadWasmLayer(simd: boolean, source: WasmSource | undefined): Promise<WasmLayer> {
  const module = source === undefined
    ? await embeddedLayerModule(simd)
    : source instanceof WebAssembly.Module ? source : await compileWasm(source, 'options.layerWasm');
  const ex = (await instantiateWasm(module)).exports as unknown as LayerExports & { heapBase(): number };
  const missing = [...LAYER_EXPORTS, 'heapBase'].filter((name) => !(name in ex));
  if (missing.length > 0) {
    throw new ArgumentError(`options.layerWasm is not a convgrad layer binary: it lacks the exports ${missing.join(', ')}`);
  }
  const arena = new Arena(ex.memory, ex.heapBase());
  const kernels = createWasmLayerKernels(ex, arena);
  return { kernels, memoryBytes: () => arena.bytes, warmUp: () => warmUpLayer(kernels) };
}
