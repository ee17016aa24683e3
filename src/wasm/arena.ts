import { MemoryLimitError } from '../errors.js';
import type { FloatArray } from '../types.js';

const PAGE = 65536;
/** wasm32 addresses 4 GiB at most. */
export const MAX_BYTES = 65536 * PAGE;
const ALIGN = 16; // one v128
const CACHE_LINE = 64;

export function fmtBytes(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(2)} GiB` : `${(n / 2 ** 20).toFixed(1)} MiB`;
}

const aligned = (bytes: number) => Math.ceil(bytes / ALIGN) * ALIGN;

/**
 * A bump allocator over the module's linear memory above its static data. Each call
 * resets it and reserves all its buffers at once; memory grows only when a larger
 * problem arrives, and is reused after that. Growing detaches old ArrayBuffers, so
 * views are derived from `memory.buffer` after the call's reservation.
 */
export class Arena {
  private top: number;
  private base: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    heapBase: number,
  ) {
    // On a cache line: a kernel's speed depends on its buffers' alignment, which must not move
    // when a binary's static data grows (24 bytes of it once slowed the depthwise forward 25%).
    this.base = Math.ceil(heapBase / CACHE_LINE) * CACHE_LINE;
    this.top = this.base;
  }

  /** Bytes below the arena (the module's static data). */
  get baseBytes(): number {
    return this.base;
  }

  /** Bytes of linear memory the module has now. */
  get bytes(): number {
    return this.memory.buffer.byteLength;
  }

  reset(): void {
    this.top = this.base;
  }

  /**
   * Keeps everything allocated so far for as long as a solve runs: later calls (even ones made
   * from a solver's callback) reset to above it. Returns the token for `release`.
   */
  hold(): number {
    const previous = this.base;
    this.base = this.top;
    return previous;
  }

  release(token: number): void {
    this.base = token;
    this.top = token;
  }

  /** Reserves one 16-byte-aligned buffer per entry (0 bytes gives a pointer to nothing). */
  allocAll(sizes: readonly number[], what: () => string): number[] {
    const ptrs: number[] = [];
    let end = this.top;
    for (const size of sizes) {
      ptrs.push(end);
      end += aligned(size);
    }
    this.ensure(end, what);
    this.top = end;
    return ptrs;
  }

  private ensure(end: number, what: () => string): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    if (end > MAX_BYTES) {
      throw new MemoryLimitError(`${what()} needs ${fmtBytes(end)} of WebAssembly memory, past the 4 GiB limit of wasm32`);
    }
    try {
      this.memory.grow(Math.ceil((end - have) / PAGE));
    } catch {
      throw new MemoryLimitError(
        `${what()} needs ${fmtBytes(end)} of WebAssembly memory; the engine refused to grow it beyond ${fmtBytes(have)}`,
      );
    }
  }

  /** A fresh float64 view of `length` elements at `ptr`. */
  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, length);
  }

  /** A fresh view of `length` elements at `ptr` in the current buffer. */
  view<T extends FloatArray>(like: T, ptr: number, length: number): T {
    const Ctor = like.constructor as { new (b: ArrayBuffer, o: number, l: number): T };
    return new Ctor(this.memory.buffer, ptr, length);
  }
}
