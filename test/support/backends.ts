import { createContext, type Convgrad } from '../../src/index.js';
import { scalarWasm, simdWasm } from '../../src/wasm/binaries.js';

export interface NamedBackend {
  name: 'wasm-simd' | 'wasm-scalar' | 'js';
  cg: Convgrad;
}

let cached: Promise<NamedBackend[]> | undefined;

/**
 * Every backend, each in its own context: the SIMD binary, the scalar binary (forced by
 * handing its bytes to the loader) and the pure-JS baseline. Tests loop over all three.
 */
export function backends(): Promise<NamedBackend[]> {
  cached ??= (async () => {
    const simd = await createContext({ wasm: simdWasm() });
    const scalar = await createContext({ wasm: scalarWasm() });
    const js = await createContext({ backend: 'js' });
    const all: NamedBackend[] = [
      { name: 'wasm-simd', cg: simd },
      { name: 'wasm-scalar', cg: scalar },
      { name: 'js', cg: js },
    ];
    for (const b of all) {
      const actual = b.cg.backendInfo().backend;
      if (actual !== b.name) throw new Error(`backend ${b.name} reports itself as ${actual}`);
    }
    return all;
  })();
  return cached;
}
