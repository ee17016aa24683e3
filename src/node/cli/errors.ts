import { ArgumentError, ConvgradError, DTypeError, MemoryLimitError, ShapeError } from '../../errors.js';
import { FileError } from '../errors.js';

/** Exit codes of the `convgrad` command (also listed in `convgrad --help`). */
export const EXIT = {
  ok: 0,
  /** Anything unexpected (a bug, a crashed worker): the message says what, --debug shows where. */
  failure: 1,
  /** The command line is wrong: unknown command or flag, missing or bad flag value. */
  usage: 2,
  /** A file is missing, unreadable, not an image or kernel file, or cannot be written. */
  file: 3,
  /** The inputs do not fit together: sharp/blurred size mismatch, kernel larger than the image. */
  data: 4,
} as const;

/** A command-line mistake; the message names the flag. */
export class UsageError extends ConvgradError {
  constructor(message: string) {
    super('ERR_USAGE', message, 'UsageError');
  }
}

/** Inputs that do not fit together; the message names the files. */
export class DataError extends ConvgradError {
  constructor(message: string) {
    super('ERR_DATA', message, 'DataError');
  }
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError || err instanceof ArgumentError) return EXIT.usage;
  if (err instanceof FileError) return EXIT.file;
  if (err instanceof DataError || err instanceof ShapeError || err instanceof DTypeError || err instanceof MemoryLimitError) return EXIT.data;
  return EXIT.failure;
}

// The library names its options (options.nonNegative); on the command line they are flags.
const FLAG_OF: Record<string, string> = {
  'options.tikhonov': '--tikhonov', 'options.tv': '--tv', 'options.method': '--method', 'options.mode': '--mode',
  'options.nonNegative': '--non-negative', 'options.sumToOne': '--sum-to-one', 'options.maxIterations': '--iterations',
  'options.tolerance': '--tolerance', 'options.maxPixels': '--max-pixels',
};

/** A one-line message for the user: library option names become flag names, no stack. */
export function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n')[0]!.replace(/options\.[A-Za-z]+/g, (m) => FLAG_OF[m] ?? m);
  return err instanceof ConvgradError || !(err instanceof Error) ? line : `${err.name}: ${line}`;
}
