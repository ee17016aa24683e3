/// <reference types="node" />
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { availableParallelism } from 'node:os';
import { groupDigits } from '../errors.js';
import { DEFAULT_MAX_PIXELS } from '../image-io.js';
import { UsageError } from './errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Flags every subcommand takes. */
export const COMMON_OPTIONS = {
  jobs: { type: 'string', short: 'j' },
  'max-pixels': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export const COMMON_HELP = `Common flags:
  -j, --jobs N      worker threads (default: number of cores, ${availableParallelism()} here;
                    a few channels that don't divide among the cores get one each)
      --max-pixels N    refuse images over N pixels, read from their header before decoding
                    (default ${groupDigits(DEFAULT_MAX_PIXELS)}; a guard against decompression bombs)
      --json        print machine-readable results on stdout
  -q, --quiet       no progress output
      --debug       print stack traces on errors
  -h, --help        this help`;

type Config<T extends OptionSpec> = { args: string[]; options: typeof COMMON_OPTIONS & T; allowPositionals: true; strict: true };
export type ParsedFlags<T extends OptionSpec> = ReturnType<typeof parseArgs<Config<T>>>;

/** util.parseArgs with its errors turned into one-line UsageErrors that name the flag. */
export function parseFlags<T extends OptionSpec>(command: string, argv: string[], options: T): ParsedFlags<T> {
  try {
    const config: Config<T> = { args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true };
    return parseArgs(config);
  } catch (err) {
    const e = err as { code?: string; message: string };
    const flag = /'(-[^']*)'/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown flag ${flag ?? ''} (see convgrad ${command} --help)`);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = /--[\w-]+/.exec(e.message)?.[0] ?? flag ?? 'a flag';
      if (/ambiguous/.test(e.message)) throw new UsageError(`${name} needs a value (one starting with '-' is written ${name}=-1)`);
      throw new UsageError(/argument missing/.test(e.message) ? `${name} needs a value` : `${name} takes no value`);
    }
    throw new UsageError(e.message.split('\n')[0]!);
  }
}

export function required(flag: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`missing ${flag}`);
  return value;
}

function number(flag: string, value: string, what: string, ok: (v: number) => boolean): number {
  const v = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(v) || !ok(v)) throw new UsageError(`${flag} must be ${what}, got ${JSON.stringify(value)}`);
  return v;
}

export const positiveInt = (flag: string, value: string) => number(flag, value, 'a positive integer', (v) => Number.isInteger(v) && v >= 1);
export const nonNegative = (flag: string, value: string) => number(flag, value, 'a number ≥ 0', (v) => v >= 0);
export const positive = (flag: string, value: string) => number(flag, value, 'a number > 0', (v) => v > 0);
export const integer = (flag: string, value: string) => number(flag, value, 'an integer', Number.isSafeInteger);

export function choice<const C extends readonly string[]>(flag: string, value: string, choices: C): C[number] {
  if (!choices.includes(value)) throw new UsageError(`${flag} must be one of ${choices.join(', ')}; got ${JSON.stringify(value)}`);
  return value as C[number];
}

/** "15x15", "15×9" or "15" (square) → { rows, cols }. */
export function kernelSize(flag: string, value: string): { rows: number; cols: number } {
  const m = /^\s*(\d+)\s*(?:[x×X]\s*(\d+)\s*)?$/.exec(value);
  const rows = m ? Number(m[1]) : NaN;
  const cols = m ? Number(m[2] ?? m[1]) : NaN;
  if (!(rows >= 1 && cols >= 1)) throw new UsageError(`${flag} must be ROWSxCOLS (e.g. 15x15) or one size for a square, got ${JSON.stringify(value)}`);
  return { rows, cols };
}

export function jobsFlag(value: string | undefined): number {
  return value === undefined ? availableParallelism() : positiveInt('--jobs', value);
}

/** --max-pixels N → the image readers' maxPixels (undefined: their default). */
export function maxPixelsFlag(value: string | undefined): number | undefined {
  return value === undefined ? undefined : positiveInt('--max-pixels', value);
}
