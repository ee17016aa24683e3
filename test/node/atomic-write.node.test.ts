// writeFileAtomic's failures name the path asked for and the real reason, never the temp file,
// and leave nothing behind.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/node/atomic-write.js';
import { FileError } from '../../src/node/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'convgrad-atomic-'));

describe('writeFileAtomic', () => {
  it('under a path whose "directory" is a file: FileError naming the output path and ENOTDIR', async () => {
    const notADir = join(dir, 'notadir');
    writeFileSync(notADir, 'a file');
    const target = join(notADir, 'o.png');
    const err = await writeFileAtomic(target, 'data').then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(FileError);
    expect((err as FileError).message).toBe(`${target}: cannot write: a component of the path is not a directory`);
    expect((err as FileError).path).toBe(target);
    expect(readdirSync(dir)).toEqual(['notadir']);
  });

  it('into a missing directory: no such file or directory, nothing created', async () => {
    const target = join(dir, 'missing', 'o.png');
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow(`${target}: cannot write: no such file or directory`);
    expect(readdirSync(dir)).toEqual(['notadir']);
  });
});
