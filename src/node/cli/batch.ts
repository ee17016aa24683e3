import { createProgress, createStatusLine, type Progress, type ProgressStream, type StatusLine } from './progress.js';
import { exitCodeOf, EXIT, messageOf } from './errors.js';
import { runLimited } from './tasks.js';

export interface Streams {
  stdout: ProgressStream;
  stderr: ProgressStream;
}

export interface BatchFlags {
  jobs: number;
  json: boolean;
  quiet: boolean;
  debug: boolean;
  /** Outputs go to a directory, one per input: show progress per task. */
  batch: boolean;
}

/** One input's work; `run` resolves to the fields reported for it (`output` is shown in progress). */
export interface Task {
  label: string;
  /** Reported with the result even when the task fails (e.g. { input } or { sharp, blurred }). */
  describe: Record<string, unknown>;
  /** `status` is given when one input runs on a terminal: report iterations there. */
  run(status?: StatusLine): Promise<{ output: string } & Record<string, unknown>>;
}

/** A one-line error on stderr (the stack too with --debug). */
export function reportError(streams: Streams, command: string, err: unknown, debug: boolean): void {
  streams.stderr.write(`convgrad ${command}: ${messageOf(err)}\n`);
  if (debug && err instanceof Error && err.stack) streams.stderr.write(`${err.stack}\n`);
}

/**
 * Runs a command's tasks (a few more in flight than there are workers, so reading and writing
 * files overlaps computing), reports progress, prints --json results, and returns the exit
 * code: 0, or that of the first input (in input order) that failed.
 */
export async function runBatch(command: string, tasks: Task[], flags: BatchFlags, streams: Streams): Promise<number> {
  const progress: Progress | null = flags.batch ? createProgress(command, tasks.length, streams.stderr, flags.quiet) : null;
  const status = !flags.batch && !flags.quiet && streams.stderr.isTTY === true ? createStatusLine(streams.stderr) : undefined;
  const outcomes = await runLimited(tasks.map((t) => () => t.run(status)), flags.jobs + 1, (i, o) => {
    status?.clear();
    const task = tasks[i]!;
    if (progress) progress.done(task.label, o.ok, o.ok ? o.value.output : messageOf(o.error), o.ms);
    // A single input with stderr not a terminal (logs, CI, redirected): one line when it is done.
    else if (o.ok && !flags.quiet && !status) streams.stderr.write(`convgrad ${command}: ${task.label} -> ${o.value.output} (${(o.ms / 1000).toFixed(2)} s)\n`);
    if (o.ok) return;
    if (!progress || flags.quiet) reportError(streams, command, o.error, flags.debug); // progress did not show it
    else if (flags.debug && o.error instanceof Error) streams.stderr.write(`${o.error.stack}\n`);
  });
  progress?.finish();
  const firstFailure = outcomes.find((o) => !o.ok);
  if (flags.json) {
    const results = outcomes.map((o, i) => ({
      ...tasks[i]!.describe,
      ok: o.ok,
      ...(o.ok ? o.value : { error: { code: exitCodeOf(o.error), message: messageOf(o.error) } }),
      ms: Math.round(o.ms),
    }));
    streams.stdout.write(`${JSON.stringify({ command, ok: !firstFailure, results }, null, 2)}\n`);
  }
  return firstFailure && !firstFailure.ok ? exitCodeOf(firstFailure.error) : EXIT.ok;
}
