// The SIMD and the scalar core binary instantiated bare (no library layer), each linked with the
// ADMM binary of its flavour on its memory as the library links them (src/wasm/admm-module.ts),
// for tests that call the WebAssembly exports directly and compare the two binaries bit for bit;
// and a bump allocator above the heap base that grows memory as needed.
import { admmScalarWasm, admmSimdWasm, scalarWasm, simdWasm } from '../../src/wasm/binaries.js';

export interface RawBinary<E> {
  name: 'simd' | 'scalar';
  ex: E;
}

/** Both core binaries, SIMD first, with the ADMM binary's exports beside theirs, typed as E. */
export async function rawBinaries<E>(): Promise<Array<RawBinary<E>>> {
  const load = async (core: Uint8Array<ArrayBuffer>, admm: Uint8Array<ArrayBuffer>) => {
    const c = (await WebAssembly.instantiate(core, {})).instance.exports;
    const a = (await WebAssembly.instantiate(admm, { env: { memory: c.memory as WebAssembly.Memory } })).instance.exports;
    return { ...a, ...c } as unknown as E;
  };
  return [
    { name: 'simd', ex: await load(simdWasm(), admmSimdWasm()) },
    { name: 'scalar', ex: await load(scalarWasm(), admmScalarWasm()) },
  ];
}

/** Bump allocation from the heap base (16-byte aligned), growing memory as needed; `gap` bytes between blocks. */
export function bumpAllocator(ex: { memory: WebAssembly.Memory; heapBase(): number }, gap = 0): (bytes: number) => number {
  let top = Math.ceil(ex.heapBase() / 16) * 16;
  return (bytes) => {
    const p = top;
    top += Math.ceil(bytes / 16) * 16 + gap;
    const need = top - ex.memory.buffer.byteLength;
    if (need > 0) ex.memory.grow(Math.ceil(need / 65536));
    return p;
  };
}
