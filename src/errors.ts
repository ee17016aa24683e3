/** Base class of every error convgrad throws on bad input or misuse. */
export class ConvgradError extends Error {
  readonly code: string;
  constructor(code: string, message: string, name = 'ConvgradError') {
    super(message);
    // Spelled out, not new.target.name: minifiers rename classes in bundled apps.
    this.name = name;
    this.code = code;
  }
}

/** A shape is empty, not an integer, inconsistent with its data, or does not fit the operation. */
export class ShapeError extends ConvgradError {
  constructor(message: string) {
    super('ERR_SHAPE', message, 'ShapeError');
  }
}

/** Data is not a Float32Array/Float64Array, or arguments mix the two. */
export class DTypeError extends ConvgradError {
  constructor(message: string) {
    super('ERR_DTYPE', message, 'DTypeError');
  }
}

/** An option or argument has a value outside what it accepts (mode, convention, wrt, …). */
export class ArgumentError extends ConvgradError {
  constructor(message: string) {
    super('ERR_ARGUMENT', message, 'ArgumentError');
  }
}

/** The problem does not fit in WebAssembly's 4 GiB address space. */
export class MemoryLimitError extends ConvgradError {
  constructor(message: string) {
    super('ERR_MEMORY_LIMIT', message, 'MemoryLimitError');
  }
}

/** A function was called before `await init()`. */
export class NotInitializedError extends ConvgradError {
  constructor() {
    super('ERR_NOT_INITIALIZED', 'convgrad is not initialised: call `await init()` first', 'NotInitializedError');
  }
}

/**
 * This JavaScript engine will not compile WebAssembly: usually a Content-Security-Policy without
 * `'wasm-unsafe-eval'`, or an engine without WebAssembly at all. The message names both ways
 * out: allow it in the policy, or run the JS backend (`init({ backend: 'js' })`, or
 * `init({ fallback: 'js' })` to use it only when WebAssembly is refused). `cause` holds the
 * engine's own error.
 */
export class WasmUnavailableError extends ConvgradError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_WASM_UNAVAILABLE', message, 'WasmUnavailableError');
    if (options && 'cause' in options) (this as { cause?: unknown }).cause = options.cause;
  }
}
