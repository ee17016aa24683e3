/// <reference types="node" />
import { basename } from 'node:path';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** One task finished: `detail` is where it went, or why it failed. */
  done(label: string, ok: boolean, detail: string, ms: number): void;
  finish(): void;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Progress on stderr: a redrawn bar when it is a terminal, one plain line per finished task
 * otherwise (logs, CI). Failures always get their own line.
 */
export function createProgress(command: string, total: number, stream: ProgressStream, quiet: boolean): Progress {
  const start = performance.now();
  let finished = 0;
  let failed = 0;
  if (quiet) return { done: () => {}, finish: () => {} };
  const tty = stream.isTTY === true;
  const bar = (label: string) => {
    const width = Math.max(10, Math.min(40, (stream.columns || 80) - 50));
    const filled = Math.round((finished / total) * width);
    const tail = failed > 0 ? ` ${failed} failed` : '';
    return `\r\x1b[2K${command} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${total}${tail} ${basename(label)}`;
  };
  if (tty) stream.write(bar(''));
  return {
    done(label, ok, detail, ms) {
      finished++;
      if (!ok) failed++;
      const line = ok ? `[${finished}/${total}] ok ${label} -> ${detail} (${secs(ms)})` : `[${finished}/${total}] FAILED ${label}: ${detail}`;
      if (!tty) stream.write(`${line}\n`);
      else stream.write(ok ? bar(label) : `\r\x1b[2K${line}\n${bar(label)}`);
    },
    finish() {
      const summary = `${command}: ${finished - failed} done${failed > 0 ? `, ${failed} failed` : ''} in ${secs(performance.now() - start)}`;
      stream.write(tty ? `\r\x1b[2K${summary}\n` : `${summary}\n`);
    },
  };
}

export interface StatusLine {
  /** Shows `text` in place of the previous status (at most ten redraws a second). */
  update(text: string): void;
  clear(): void;
}

/** Milliseconds from some fixed start (the tests pass a fake one: no timing in their outcome). */
export type Clock = () => number;
const wallClock: Clock = () => performance.now();

/** A single line redrawn in place on a terminal: what one long job is doing right now. */
export function createStatusLine(stream: ProgressStream, clock: Clock = wallClock): StatusLine {
  let last = -Infinity;
  let shown = false;
  return {
    update(text) {
      const now = clock();
      if (now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[2K${text.slice(0, Math.max(20, (stream.columns || 80) - 1))}`);
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** An onIteration for each of `n` parallel solves (e.g. colour channels) that reports them together. */
export function iterationReporter(
  n: number, status: StatusLine, label: string, clock: Clock = wallClock,
): (index: number) => (info: { iteration: number }) => void {
  const iterations = new Array<number>(n).fill(0);
  const start = clock();
  return (index) => (info) => {
    iterations[index] = info.iteration;
    status.update(`${label}: iteration ${iterations.join(' / ')} (${((clock() - start) / 1000).toFixed(1)} s)`);
  };
}
