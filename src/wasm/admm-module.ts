// The ADMM deconvolution binary (assembly/admm-binary.ts): the complex 2-D FFT and the ADMM
// passes, kept out of the core binary so that `init` + `conv2d` stay small. It imports the core
// instance's memory, so its exports work on the core's arena exactly like the core's own (the
// ADMM engine, wasm/admm.ts, takes both sets of exports as one). Loaded by init() only in apps
// that contain a solver (solvers/checks.ts hands this loader to wasm/solver-slot.ts).
import { ArgumentError, ConvgradError } from '../errors.js';
import { ADMM_EXPORTS, type AdmmExports } from './admm.js';
import type { FftExports } from './fft.js';
import { decodeBase64, gunzip } from './embedded.js';
import { compiledOnce, compileWasm, instantiateWasm } from './load.js';
import type { WasmSource } from './module.js';

/** The ADMM binary's own exports (the rest of AdmmExports comes from the core binary). */
export type AdmmOnlyExports = Omit<AdmmExports, keyof FftExports>;

async function embeddedAdmmWasmBytes(simd: boolean): Promise<Uint8Array<ArrayBuffer>> {
  const packed = simd
    ? (await import('./admm-simd.generated.js')).admmSimdWasmGzipBase64
    : (await import('./admm-scalar.generated.js')).admmScalarWasmGzipBase64;
  return gunzip(decodeBase64(packed), 'admmWasm', `convgrad-admm-${simd ? 'simd' : 'scalar'}.wasm`);
}

/** The embedded ADMM binary of a flavour, compiled (once per flavour per page/process, like the core binary: module.ts). */
export const embeddedAdmmModule: (simd: boolean) => Promise<WebAssembly.Module> = compiledOnce(embeddedAdmmWasmBytes, 'the embedded ADMM binary');

/**
 * Instantiates the ADMM binary of the core's flavour on the core instance's memory.
 * @param simd the core binary's flavour (the two must agree: Node ≡ browser bits per flavour).
 * @param memory the core instance's memory, which the ADMM binary imports.
 * @param source the caller's ADMM binary (`init({ admmWasm })`) instead of the embedded one.
 * @returns its exports (pointers into the core's memory).
 * @throws ArgumentError when `source` is not a convgrad ADMM binary of the core's flavour;
 *   WasmUnavailableError when the engine refuses to compile it.
 */
export async function loadAdmmExports(simd: boolean, memory: WebAssembly.Memory, source?: WasmSource): Promise<AdmmOnlyExports> {
  const module = source === undefined
    ? await embeddedAdmmModule(simd)
    : source instanceof WebAssembly.Module ? source : await compileWasm(source, 'options.admmWasm');
  const imports = WebAssembly.Module.imports(module);
  if (source !== undefined && !imports.some((i) => i.module === 'env' && i.name === 'memory' && i.kind === 'memory')) {
    throw new ArgumentError('options.admmWasm is not a convgrad ADMM binary: it does not import the core\'s memory (env.memory)');
  }
  const instance = await instantiateWasm(module, { env: { memory } });
  const ex = instance.exports as unknown as AdmmOnlyExports & { simd?(): number };
  const missing = [...ADMM_EXPORTS, 'simd'].filter((name) => !(name in ex));
  if (source !== undefined) {
    if (missing.length > 0) throw new ArgumentError(`options.admmWasm is not a convgrad ADMM binary: it lacks the exports ${missing.join(', ')}`);
    if (ex.simd!() !== (simd ? 1 : 0)) {
      throw new ArgumentError(`options.admmWasm is the ${simd ? 'scalar' : 'SIMD'} ADMM binary, but the core binary is the ${simd ? 'SIMD' : 'scalar'} one: use convgrad-admm-${simd ? 'simd' : 'scalar'}.wasm`);
    }
  } else if (missing.length > 0 || ex.simd!() !== (simd ? 1 : 0)) {
    throw new ConvgradError('ERR_WASM_BINARY', `the embedded ADMM binary does not match the core (missing ${missing.join(', ') || 'nothing'})`);
  }
  return ex as AdmmOnlyExports;
}
