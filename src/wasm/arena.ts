import { MemoryLimitError } from '../errors.js';
import type { FloatArray } from '../types.js';

const PAGE = 65536;
const MAX_PAGES = 65536; // wasm32: 4 GiB
const ALIGN = 16; // one v128

/**
 * A bump allocator over the module's linear memory above the static data. Each call
 * resets it and allocates what it needs; memory grows only when a larger problem
 * arrives and is then reused. Growing detaches old ArrayBuffers, so views are derived
 * from `memory.buffer` after all allocations of a call.
 */
export class Arena {
  private top: number;
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly base: number,
  ) {
    this.base = Math.ceil(base / ALIGN) * ALIGN;
    this.top = this.base;
  }

  reset(): void {
    this.top = this.base;
  }

  /** Reserves `bytes` (16-byte aligned) and returns the pointer; `what` names the problem in errors. */
  alloc(bytes: number, what: () => string): number {
    const ptr = this.top;
    const end = ptr + Math.ceil(bytes / ALIGN) * ALIGN;
    if (end > this.memory.buffer.byteLength) {
      const pages = Math.ceil((end - this.memory.buffer.byteLength) / PAGE);
      const have = this.memory.buffer.byteLength / PAGE;
      if (end > MAX_PAGES * PAGE) {
        throw new MemoryLimitError(`${what()} needs ${fmtBytes(end)} of WebAssembly memory, past the 4 GiB limit of wasm32`);
      }
      try {
        this.memory.grow(pages);
      } catch {
        throw new MemoryLimitError(
          `${what()} needs ${fmtBytes(end)} of WebAssembly memory; the engine refused to grow it from ${fmtBytes(have * PAGE)}`,
        );
      }
    }
    this.top = end;
    return ptr;
  }

  /** A fresh view of `length` elements at `ptr` in the current buffer. */
  view<T extends FloatArray>(like: T, ptr: number, length: number): T {
    const Ctor = like.constructor as { new (b: ArrayBuffer, o: number, l: number): T };
    return new Ctor(this.memory.buffer, ptr, length);
  }

  get bytes(): number {
    return this.memory.buffer.byteLength;
  }
}

function fmtBytes(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(2)} GiB` : `${(n / 2 ** 20).toFixed(1)} MiB`;
}
