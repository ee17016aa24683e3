import { ConvgradError } from '../errors.js';

/** A file could not be read, decoded or written. The message names the file. */
export class FileError extends ConvgradError {
  readonly path: string;
  constructor(path: string, message: string) {
    super('ERR_FILE', `${path}: ${message}`, 'FileError');
    this.path = path;
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
