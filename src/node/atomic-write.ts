/// <reference types="node" />
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeFsError, FileError } from './errors.js';

// Temp files being written right now, so an interrupted process can remove them (see removeTempFiles).
const inFlight = new Set<string>();

/**
 * Writes `data` to `path` without ever leaving a half-written file there: the bytes go to a
 * temp file in the same directory (same file system, so the rename is atomic), then renamed.
 * @throws FileError naming `path` (never the temp file) with the reason, e.g. "a component of the
 *   path is not a directory"
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  inFlight.add(temp);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (err) {
    // Best effort: when the directory is missing or is a file, removing the temp file fails too,
    // and that second error must not hide the first (which names the real problem and the path).
    await rm(temp, { force: true }).catch(() => {});
    throw Object.assign(new FileError(path, `cannot write: ${describeFsError(err)}`), { cause: err });
  } finally {
    inFlight.delete(temp);
  }
}

/** Removes the temp files of writes still in progress (for a SIGINT handler; synchronous on purpose). */
export function removeTempFiles(): void {
  for (const temp of inFlight) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // nothing was written there (e.g. its directory is a file)
    }
  }
  inFlight.clear();
}
