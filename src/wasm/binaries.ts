// The embedded binaries, synchronously: for tests and benchmarks that compare them. The library
// itself loads them lazily (embedded.ts), one chunk each.
import {
  admmScalarWasmBase64, admmSimdWasmBase64, layerScalarWasmBase64, layerSimdWasmBase64, scalarWasmBase64, simdWasmBase64,
} from './binaries.generated.js';
import { decodeBase64 } from './embedded.js';

let simdBytes: Uint8Array<ArrayBuffer> | undefined;
let scalarBytes: Uint8Array<ArrayBuffer> | undefined;
let layerSimdBytes: Uint8Array<ArrayBuffer> | undefined;
let layerScalarBytes: Uint8Array<ArrayBuffer> | undefined;
let admmSimdBytes: Uint8Array<ArrayBuffer> | undefined;
let admmScalarBytes: Uint8Array<ArrayBuffer> | undefined;

/** The embedded binary built with WebAssembly SIMD (f32x4/f64x2). */
export function simdWasm(): Uint8Array<ArrayBuffer> {
  return (simdBytes ??= decodeBase64(simdWasmBase64));
}

/** The embedded binary built without SIMD, for engines that lack it. */
export function scalarWasm(): Uint8Array<ArrayBuffer> {
  return (scalarBytes ??= decodeBase64(scalarWasmBase64));
}

/** The embedded Conv2D layer binary built with SIMD. */
export function layerSimdWasm(): Uint8Array<ArrayBuffer> {
  return (layerSimdBytes ??= decodeBase64(layerSimdWasmBase64));
}

/** The embedded Conv2D layer binary built without SIMD. */
export function layerScalarWasm(): Uint8Array<ArrayBuffer> {
  return (layerScalarBytes ??= decodeBase64(layerScalarWasmBase64));
}

/** The embedded ADMM binary built with SIMD (it imports a core binary's memory: admm-module.ts). */
export function admmSimdWasm(): Uint8Array<ArrayBuffer> {
  return (admmSimdBytes ??= decodeBase64(admmSimdWasmBase64));
}

/** The embedded ADMM binary built without SIMD. */
export function admmScalarWasm(): Uint8Array<ArrayBuffer> {
  return (admmScalarBytes ??= decodeBase64(admmScalarWasmBase64));
}
