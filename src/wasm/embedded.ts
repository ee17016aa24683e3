import { ArgumentError } from '../errors.js';

// The binaries shipped inside the package, each in its own module loaded by dynamic import():
// bundlers split each into a chunk of its own, so an app fetches the SIMD binary only (the
// scalar one only on an engine without SIMD), and neither when it passes its own `init({ wasm })`;
// the layer's binaries (imported from layer-module.ts) only when the app uses the Conv2D layer.

/**
 * The smallest module that uses a SIMD instruction (v128.const, i8x16.popcnt): whether the
 * engine validates it tells whether it has WebAssembly SIMD, without loading either binary.
 */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** True when this engine has WebAssembly SIMD (f32x4/f64x2). */
export function engineHasSimd(): boolean {
  return WebAssembly.validate(SIMD_PROBE);
}

/** Decodes base64 without Buffer or a DOM (works in Node, browsers and workers). */
export function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * Inflates gzip bytes with the platform's DecompressionStream (Node ≥ 18, every current browser).
 * `option` and `file` say how to pass that binary instead, for the error when there is none.
 */
export async function gunzip(bytes: Uint8Array<ArrayBuffer>, option = 'wasm', file = 'convgrad-simd.wasm'): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof DecompressionStream !== 'function') {
    throw new ArgumentError(
      "this engine has no DecompressionStream to unpack convgrad's embedded binary: pass the binary yourself, " +
        `init({ ${option}: new URL('convgrad/wasm/${file}', …) }) or its bytes`,
    );
  }
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The embedded core binary this engine should run: SIMD where it validates, else scalar. */
export async function embeddedWasmBytes(): Promise<Uint8Array<ArrayBuffer>> {
  const packed = engineHasSimd()
    ? (await import('./simd.generated.js')).simdWasmGzipBase64
    : (await import('./scalar.generated.js')).scalarWasmGzipBase64;
  return gunzip(decodeBase64(packed));
}
