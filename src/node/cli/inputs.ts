/// <reference types="node" />
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { describeFsError, FileError } from '../errors.js';
import { UsageError } from './errors.js';

const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg']);

export interface Inputs {
  paths: string[];
  /** Several inputs, or a directory or wildcard: outputs go to a directory. */
  batch: boolean;
  /** A directory or wildcard was expanded (so files are matched by name, not by position). */
  expanded: boolean;
}

const isWildcard = (segment: string) => /[*?]/.test(segment);

function wildcardRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function listDir(dir: string, keep: (name: string) => boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new FileError(dir, `cannot list: ${describeFsError(err)}`);
  }
  return names.filter(keep).sort().map((n) => join(dir, n));
}

/**
 * Image inputs from the command line: files as given (checked when read), every .png/.jpg/.jpeg in
 * a directory (not recursive), and `*`/`?` wildcards in the last path segment (for quoted
 * patterns; the shell usually expands them first).
 */
export function expandImages(args: string[], what: string): Inputs {
  const paths: string[] = [];
  let expanded = false;
  for (const arg of args) {
    if (isWildcard(basename(arg))) {
      expanded = true;
      const re = wildcardRegExp(basename(arg));
      const found = listDir(dirname(arg), (n) => re.test(n));
      if (found.length === 0) throw new FileError(arg, 'no files match');
      paths.push(...found);
    } else if (isDirectory(arg)) {
      expanded = true;
      const found = listDir(arg, (n) => IMAGE_EXT.has(extname(n).toLowerCase()));
      if (found.length === 0) throw new FileError(arg, 'no .png, .jpg or .jpeg files in this directory');
      paths.push(...found);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UsageError(`missing ${what}`);
  return { paths, batch: expanded || args.length > 1, expanded };
}

/** A file name without its directory and extension. */
export const stem = (path: string) => basename(path, extname(path));

/**
 * Where each input's result goes. A single input writes to `output` itself unless it is an existing
 * directory or ends with '/'; a batch writes `name(input)` into the directory `output`.
 * Refuses to overwrite an input and to write two results to one file. Creates the directory.
 */
export function planOutputs(inputs: Inputs, output: string, flag: string, name: (input: string) => string): string[] {
  const toDir = inputs.batch || /[/\\]$/.test(output) || isDirectory(output);
  // A batch writes into a directory: an existing file, or a new name that looks like one, is a mistake.
  const looksLikeFile = statSafe(output) || /\.(png|jpe?g|json)$/i.test(output);
  if (inputs.batch && !isDirectory(output) && looksLikeFile) {
    throw new UsageError(`${flag} ${output} must be a directory when there are several inputs`);
  }
  const outs = inputs.paths.map((p) => (toDir ? join(output, name(p)) : output));
  const seen = new Map<string, string>();
  const ins = new Set(inputs.paths.map((p) => resolve(p)));
  outs.forEach((o, i) => {
    // Found now, not after the work: an output "directory" that is a file.
    const parent = dirname(o);
    if (!toDir && statSafe(parent) && !isDirectory(parent)) throw new FileError(o, `cannot write: ${parent} is a file, not a directory`);
    const key = resolve(o);
    if (ins.has(key)) throw new UsageError(`${flag}: refusing to overwrite the input ${o}`);
    const other = seen.get(key);
    if (other !== undefined) throw new UsageError(`${flag}: ${other} and ${inputs.paths[i]} would both be written to ${o}`);
    seen.set(key, inputs.paths[i]!);
  });
  if (toDir) {
    try {
      mkdirSync(output, { recursive: true });
    } catch (err) {
      throw new FileError(output, `cannot create the output directory: ${describeFsError(err)}`);
    }
  }
  return outs;
}

function statSafe(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
