// Compiling and instantiating WebAssembly from whatever the caller has, and telling apart the
// two ways it fails: bytes that are not WebAssembly (the caller's mistake: ArgumentError) and an
// engine that refuses to compile any WebAssembly (a Content-Security-Policy without
// 'wasm-unsafe-eval', or no WebAssembly at all: WasmUnavailableError, which names the ways out).
import { ArgumentError, WasmUnavailableError } from '../errors.js';

type Fetchable = URL | string | Response | PromiseLike<Response>;

const REFUSED = /Content.Security.Policy|unsafe-eval|Refused to compile|disallowed by embedder/i;

/** The message of WasmUnavailableError: what happened and both ways out. */
export function wasmUnavailableMessage(why: string): string {
  return (
    `WebAssembly is unavailable here (${why}). If the page sets a Content-Security-Policy, allow ` +
    `WebAssembly with script-src 'wasm-unsafe-eval' (it permits compiling WebAssembly, not JavaScript eval). ` +
    `Or run without WebAssembly: init({ backend: 'js' }) (the pure-JS backend: same results, slower), ` +
    `or init({ fallback: 'js' }) to use it only where WebAssembly is refused`
  );
}

function unavailable(err: unknown): WasmUnavailableError {
  const why = err instanceof Error ? `the engine refused to compile it: ${err.message}` : 'the engine refused to compile it';
  return new WasmUnavailableError(wasmUnavailableMessage(why), { cause: err });
}

/** Throws WasmUnavailableError when this engine has no WebAssembly at all. */
export function checkWebAssembly(): void {
  if (typeof WebAssembly === 'undefined' || typeof WebAssembly.compile !== 'function') {
    throw new WasmUnavailableError(wasmUnavailableMessage('this JavaScript engine has no WebAssembly object'));
  }
}

/** Compiles bytes; a failure is bad bytes when the engine does not validate them, else a refusal. */
async function compileBytes(bytes: BufferSource, name: string): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(bytes);
  } catch (err) {
    // validate() compiles nothing, so a policy that forbids compiling does not stop it.
    if (!WebAssembly.validate(bytes)) {
      throw new ArgumentError(`${name} is not valid WebAssembly (${err instanceof Error ? err.message : String(err)})`);
    }
    throw unavailable(err);
  }
}

async function compileResponse(response: Response, name: string, where: string): Promise<WebAssembly.Module> {
  if (!response.ok) throw new ArgumentError(`${name}: fetching ${where} failed with HTTP ${response.status} ${response.statusText}`.trim());
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/i.test(type)) {
    // Compiles while the bytes arrive. On failure the body is gone, so the engine's message decides.
    try {
      return await WebAssembly.compileStreaming(response);
    } catch (err) {
      if (err instanceof Error && REFUSED.test(err.message)) throw unavailable(err);
      throw new ArgumentError(`${name}: ${where} is not valid WebAssembly (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return compileBytes(await response.arrayBuffer(), `${name} (${where})`);
}

async function compileFetchable(source: Fetchable, name: string): Promise<WebAssembly.Module> {
  if (typeof source === 'string' || source instanceof URL) {
    const where = String(source);
    let response: Response;
    try {
      response = await fetch(source);
    } catch (err) {
      const hint = where.startsWith('file:') ? ' (in Node, read the file and pass its bytes: init({ wasm: await readFile(path) }))' : '';
      throw new ArgumentError(`${name}: cannot fetch ${JSON.stringify(where)}: ${err instanceof Error ? err.message : String(err)}${hint}`);
    }
    return compileResponse(response, name, where);
  }
  const response = await source;
  if (typeof Response === 'undefined' || !(response instanceof Response)) {
    throw new ArgumentError(`${name} resolved to ${Object.prototype.toString.call(response)}, not a fetch Response`);
  }
  return compileResponse(response, name, response.url || 'the response');
}

/**
 * Compiles a convgrad binary from bytes, a URL, a URL string, a Response or a promise of one.
 * `name` is how errors call the source (e.g. 'options.wasm').
 */
export async function compileWasm(source: unknown, name: string): Promise<WebAssembly.Module> {
  checkWebAssembly();
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) return compileBytes(source as BufferSource, name);
  const isResponse = typeof Response !== 'undefined' && source instanceof Response;
  const isThenable = source !== null && typeof source === 'object' && typeof (source as PromiseLike<unknown>).then === 'function';
  if (typeof source === 'string' || source instanceof URL || isResponse || isThenable) {
    return compileFetchable(source as Fetchable, name);
  }
  throw new ArgumentError(
    `${name} must be the bytes of a convgrad binary (ArrayBuffer or typed array), a WebAssembly.Module, ` +
      `or where to fetch it (URL, URL string, Response), got ${source === null ? 'null' : typeof source}`,
  );
}

/**
 * A compiler of an embedded binary that compiles each flavour (SIMD or scalar) once per
 * page/process and shares the promise; a refusal (e.g. a CSP without 'wasm-unsafe-eval') is not
 * cached, so a later call may try again.
 * @param bytes loads the flavour's bytes (its dynamic import keeps the binary in its own chunk).
 * @param name how errors call the binary.
 */
export function compiledOnce(
  bytes: (simd: boolean) => Promise<Uint8Array<ArrayBuffer>>, name: string,
): (simd: boolean) => Promise<WebAssembly.Module> {
  const compiled = new Map<boolean, Promise<WebAssembly.Module>>();
  return (simd) => {
    let p = compiled.get(simd);
    if (p === undefined) {
      const mine = bytes(simd).then((b) => compileWasm(b, name));
      compiled.set(simd, mine);
      mine.catch(() => { if (compiled.get(simd) === mine) compiled.delete(simd); });
      p = mine;
    }
    return p;
  };
}

/** Instantiates a compiled module (no imports but `imports`); a policy that refuses it is WasmUnavailableError. */
export async function instantiateWasm(module: WebAssembly.Module, imports: WebAssembly.Imports = {}): Promise<WebAssembly.Instance> {
  try {
    return await WebAssembly.instantiate(module, imports);
  } catch (err) {
    if (err instanceof Error && REFUSED.test(err.message)) throw unavailable(err);
    throw err;
  }
}
