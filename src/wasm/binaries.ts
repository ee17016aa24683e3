import { scalarWasmBase64, simdWasmBase64 } from './binaries.generated.js';

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

let simdBytes: Uint8Array<ArrayBuffer> | undefined;
let scalarBytes: Uint8Array<ArrayBuffer> | undefined;

/** The embedded binary built with WebAssembly SIMD (f32x4/f64x2). */
export function simdWasm(): Uint8Array<ArrayBuffer> {
  return (simdBytes ??= decode(simdWasmBase64));
}

/** The embedded binary built without SIMD, for engines that lack it. */
export function scalarWasm(): Uint8Array<ArrayBuffer> {
  return (scalarBytes ??= decode(scalarWasmBase64));
}
