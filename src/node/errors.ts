import { ConvgradError } from '../errors.js';

/** A file could not be read, decoded or written. The message names the file. */
export class FileError extends ConvgradError {
  readonly path: string;
  constructor(path: string, message: string, code = 'ERR_FILE', name = 'FileError') {
    super(code, `${path}: ${message}`, name);
    this.path = path;
  }
}

/**
 * 178956970 → '178,956,970'. Not toLocaleString: its first call loads ICU's locale data, ≈ 50 ms on
 * the CLI's start-up path (the help text states the default pixel limit).
 */
export function groupDigits(v: number): string {
  return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * An image declares more pixels than the reader's limit (`maxPixels`), found from its header
 * before anything was decoded: the guard against decompression bombs. A FileError (so the CLI
 * exits 3) with code ERR_IMAGE_TOO_LARGE.
 *
 * @example
 * ```js fragment
 * try { await readImage('huge.png'); }
 * catch (e) { if (e instanceof ImageTooLargeError) await readImage('huge.png', { maxPixels: e.width * e.height }); }
 * ```
 */
export class ImageTooLargeError extends FileError {
  /** Declared width and height, and the limit they exceed (pixels). */
  readonly width: number;
  readonly height: number;
  readonly limit: number;
  constructor(path: string, width: number, height: number, limit: number) {
    const n = groupDigits;
    super(path, `${width}×${height} is ${n(width * height)} pixels, over the limit of ${n(limit)} (raise options.maxPixels to read it)`, 'ERR_IMAGE_TOO_LARGE', 'ImageTooLargeError');
    this.width = width;
    this.height = height;
    this.limit = limit;
  }
}

/** The short reason of a Node file-system error ("no such file", "permission denied", …). */
export function describeFsError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory, not a file';
    case 'ENOTDIR': return 'a component of the path is not a directory';
    case 'ENOSPC': return 'no space left on the device';
    case 'EROFS': return 'read-only file system';
    default: return err instanceof Error ? err.message : String(err);
  }
}
