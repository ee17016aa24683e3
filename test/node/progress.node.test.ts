// Progress output: a redrawn bar on a terminal, plain lines otherwise, failures always on their own line.
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/node/cli/batch.js';
import { createProgress, createStatusLine, iterationReporter } from '../../src/node/cli/progress.js';
import { runLimited } from '../../src/node/cli/tasks.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, columns: 90, write: (s: string) => chunks.push(s) };
}

describe('progress', () => {
  it('on a terminal: one bar redrawn in place, failures printed above it, a summary at the end', () => {
    const s = stream(true);
    const p = createProgress('blur', 4, s, false);
    p.done('a.png', true, 'out/a.png', 120);
    p.done('b.png', false, 'b.png: not a PNG or JPEG image', 5);
    p.done('c.png', true, 'out/c.png', 130);
    p.finish();
    const text = s.chunks.join('');
    expect(text).toContain('\r\x1b[2Kblur [##########----------') ; // 2/4 of a 40-column bar after b
    expect(text).toContain('3/4 1 failed c.png');
    expect(text).toContain('[2/4] FAILED b.png: b.png: not a PNG or JPEG image\n');
    expect(text).not.toContain('ok a.png'); // successes only move the bar
    expect(text).toMatch(/\r\x1b\[2Kblur: 2 done, 1 failed in \d+\.\d\d s\n$/);
  });

  it('elsewhere: one plain line per finished task, no control characters', () => {
    const s = stream(false);
    const p = createProgress('deconvolve', 2, s, false);
    p.done('a.png', true, 'out/a.png', 1234);
    p.done('b.png', false, 'boom', 5);
    p.finish();
    const text = s.chunks.join('');
    expect(text).not.toMatch(/[\r\x1b]/);
    expect(text.split('\n').slice(0, 2)).toEqual(['[1/2] ok a.png -> out/a.png (1.23 s)', '[2/2] FAILED a.png: boom'.replace('a.png', 'b.png')]);
  });

  it('quiet: nothing', () => {
    const s = stream(true);
    const p = createProgress('blur', 1, s, true);
    p.done('a', true, 'b', 1);
    p.finish();
    expect(s.chunks).toEqual([]);
  });
});

describe('runLimited', () => {
  it('keeps at most `limit` tasks in flight and returns outcomes in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const delays = [30, 5, 20, 1, 10, 2];
    const settledOrder: number[] = [];
    const outcomes = await runLimited(delays.map((ms, i) => async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      if (i === 3) throw new Error('task 3 failed');
      return i;
    }), 2, (i) => settledOrder.push(i));
    expect(peak).toBe(2);
    expect(outcomes.map((o) => (o.ok ? o.value : (o.error as Error).message))).toEqual([0, 1, 2, 'task 3 failed', 4, 5]);
    expect(settledOrder).not.toEqual([0, 1, 2, 3, 4, 5]); // they finished out of order
  });
});

describe('status line (one long job on a terminal)', () => {
  it('redraws in place at most ten times a second and clears itself', async () => {
    const s = stream(true);
    let now = 5000; // a fake clock (ms): the throttle is tested without depending on real time
    const clock = () => now;
    const line = createStatusLine(s, clock);
    const report = iterationReporter(3, line, 'deconvolve a.png', clock);
    report(0)({ iteration: 1 });
    now += 99;
    report(1)({ iteration: 1 }); // within 100 ms: skipped
    now += 1;
    report(2)({ iteration: 4 });
    line.clear();
    expect(s.chunks.length).toBe(3);
    expect(s.chunks[0]).toBe('\r\x1b[2Kdeconvolve a.png: iteration 1 / 0 / 0 (0.0 s)');
    expect(s.chunks[1]).toBe('\r\x1b[2Kdeconvolve a.png: iteration 1 / 1 / 4 (0.1 s)');
    expect(s.chunks[2]).toBe('\r\x1b[2K');
  });

  it('runBatch hands a status line to a single task only on a terminal, and not with --quiet', async () => {
    const given: boolean[] = [];
    const task = { label: 'a', describe: {}, run: async (status?: unknown) => { given.push(status !== undefined); return { output: 'b' }; } };
    const flags = { jobs: 1, json: false, quiet: false, debug: false, batch: false };
    await runBatch('x', [task], flags, { stdout: stream(false), stderr: stream(true) });
    await runBatch('x', [task], flags, { stdout: stream(false), stderr: stream(false) });
    await runBatch('x', [task], { ...flags, quiet: true }, { stdout: stream(false), stderr: stream(true) });
    await runBatch('x', [task, task], { ...flags, batch: true }, { stdout: stream(false), stderr: stream(true) });
    expect(given).toEqual([true, false, false, false, false]);
  });
});
