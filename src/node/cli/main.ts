/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { removeTempFiles } from '../atomic-write.js';
import { reportError, type Streams } from './batch.js';
import { EXIT, exitCodeOf } from './errors.js';
import * as blur from './commands/blur.js';
import * as deblur from './commands/deblur.js';
import * as deconvolve from './commands/deconvolve.js';
import * as estimateKernel from './commands/estimate-kernel.js';

interface Command {
  summary: string;
  help: string;
  run(argv: string[], streams: Streams): Promise<number>;
}

const COMMANDS: Record<string, Command> = { blur, 'estimate-kernel': estimateKernel, deconvolve, deblur };

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const HELP = `Usage: convgrad <command> [flags]   (convgrad <command> --help for its flags)

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`).join('\n')}

Images are PNG (8/16-bit, gray or RGB) or JPEG, read as floats in [0, 1]. Kernel files are JSON:
{"rows": R, "cols": C, "data": [R·C numbers, row-major]}. Several inputs, a directory or a
quoted pattern ("dir/*.png") run as a batch across worker threads (--jobs).

Exit codes: 0 ok · 1 unexpected failure · 2 bad command line · 3 file missing, unreadable,
undecodable or unwritable · 4 inputs that do not fit together (size mismatch, kernel larger than
the image). In a batch, the code of the first input that failed; the others are still written.

  --version         print the version`;

/** Runs the `convgrad` command line and returns the exit code. */
export async function run(argv: string[], streams: Streams = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
    streams.stdout.write(`${topic ? topic.help : HELP}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    streams.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    streams.stderr.write(`convgrad: unknown command ${JSON.stringify(name)}; commands: ${Object.keys(COMMANDS).join(', ')} (see convgrad --help)\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    streams.stdout.write(`${command.help}\n`);
    return EXIT.ok;
  }
  // Ctrl-C: remove half-written temp files; finished outputs stay.
  const onInterrupt = () => {
    removeTempFiles();
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    return await command.run(rest, streams);
  } catch (err) {
    reportError(streams, name, err, rest.includes('--debug'));
    return exitCodeOf(err);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
