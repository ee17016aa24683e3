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
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  inFlight.add(temp);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw new FileError(path, `cannot write: ${describeFsError(err)}`);
  } finally {
    inFlight.delete(temp);
  }
}

/** Removes the temp files of writes still in progress (for a SIGINT handler; synchronous on purpose). */
export function removeTempFiles(): void {
  for (const temp of inFlight) rmSync(temp, { force: true });
  inFlight.clear();
}
