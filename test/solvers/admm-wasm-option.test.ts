// init({ admmWasm }): the deconvolution (ADMM) binary given by the caller instead of the embedded
// one — as bytes or a compiled module, of the core binary's flavour — solves exactly as the
// embedded one does; anything else is an ArgumentError naming the option. (The pool uses this to
// hand its workers the module it compiled once.)
import { describe, expect, it } from 'vitest';
import { admmScalarWasm, admmSimdWasm, scalarWasm, simdWasm } from '../../src/wasm/binaries.js';
import { ArgumentError, createContext, type Matrix } from '../../src/index.js';
import { prng } from '../support/random.js';

const rand = prng(12);
const h: Matrix = { rows: 3, cols: 4, data: Float64Array.from([1, 2, 1, 0, 2, 4, 2, 1, 1, 2, 1, 0].map((v) => v / 17)) };
const y: Matrix = { rows: 14, cols: 11, data: Float64Array.from({ length: 14 * 11 }, () => rand()) };
const options = { tv: 0.01, nonNegative: true, maxIterations: 40 } as const;
const bits = (m: Matrix) => Array.from(new Uint32Array(new Float64Array(m.data).buffer));

describe('init({ admmWasm })', () => {
  it('takes the ADMM binary as bytes or a module, per flavour, and solves bit for bit as the embedded one', async () => {
    for (const [core, admm] of [[simdWasm, admmSimdWasm], [scalarWasm, admmScalarWasm]] as const) {
      const embedded = await createContext({ wasm: core() });
      const fromBytes = await createContext({ wasm: core(), admmWasm: admm() });
      const fromModule = await createContext({ wasm: core(), admmWasm: await WebAssembly.compile(admm()) });
      const want = embedded.deconvolve(h, y, options);
      expect(want.method).toBe('admm');
      for (const cg of [fromBytes, fromModule]) {
        const got = cg.deconvolve(h, y, options);
        expect(got.iterations).toBe(want.iterations);
        expect(bits(got.image)).toEqual(bits(want.image));
      }
    }
  });

  it('refuses what is not an ADMM binary of the core\'s flavour, or the JS backend, naming options.admmWasm', async () => {
    await expect(createContext({ admmWasm: simdWasm() })).rejects.toThrow(ArgumentError);
    await expect(createContext({ admmWasm: simdWasm() })).rejects.toThrow(/options\.admmWasm is not a convgrad ADMM binary/);
    await expect(createContext({ admmWasm: new Uint8Array([1, 2, 3]) })).rejects.toThrow(/options\.admmWasm is not valid WebAssembly/);
    await expect(createContext({ wasm: simdWasm(), admmWasm: admmScalarWasm() })).rejects.toThrow(/options\.admmWasm is the scalar ADMM binary.*convgrad-admm-simd\.wasm/);
    await expect(createContext({ wasm: scalarWasm(), admmWasm: admmSimdWasm() })).rejects.toThrow(/options\.admmWasm is the SIMD ADMM binary.*convgrad-admm-scalar\.wasm/);
    await expect(createContext({ backend: 'js', admmWasm: admmSimdWasm() })).rejects.toThrow(/options\.admmWasm cannot be combined with backend: 'js'/);
  });
});
