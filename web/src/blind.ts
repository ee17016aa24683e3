// The demo's "from one photo" mode: deconvolveBlind on a blurred photo alone (the bundled
// clock_motion.png, the blurred image of step 2, or the user's file), in the solver worker, with
// the kernel estimate drawn live as a heatmap and the pyramid level/iteration as progress.
import type { Matrix } from 'convgrad';
import type { Progress, SolverWorker } from './client';
import { drawGray, drawHeatmap } from './draw';
import { InputError, numberField } from './kernels';
import type { BlindOptions, Result } from './protocol';

/** What the page's main module lends this mode. */
export interface BlindDeps {
  solver: SolverWorker;
  enqueue(task: () => Promise<void>): Promise<void>;
  setBusy(busy: boolean, solve?: boolean): void;
  setStatus(kind: 'idle' | 'running' | 'ok' | 'cancelled' | 'error', text: string): void;
  clearError(): void;
  decodeImage(blob: Blob, name: string): Promise<Matrix<Float64Array>>;
  /** The blurred image of steps 1–2, if any. */
  blurred(): Matrix<Float64Array> | null;
}

/** The latest blind result, for the e2e test (window.convgradBlind). */
interface BlindResult {
  source: string;
  size: number;
  input: Matrix<Float64Array>;
  kernel: Matrix<Float64Array>;
  image: Matrix<Float64Array>;
  iterations: number;
  converged: boolean;
  levels: number;
  solverMs: number;
  wallMs: number;
  /** Progress messages received (each carries the kernel of that iteration). */
  progressEvents: number;
  /** The last progress message's level and kernel size. */
  lastProgress: { iteration: number; level: number; levels: number; kernelRows: number } | null;
}

const el = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`missing #${id}`);
  return e as T;
};

function kernelMax(k: Matrix): number {
  let m = 0;
  for (const v of k.data) m = Math.max(m, v);
  return m;
}

/** Wires the mode's controls; returns the live state object also published as window.convgradBlind. */
export function setupBlind(deps: BlindDeps): { latest: BlindResult | null } {
  const published = { latest: null as BlindResult | null };
  (window as unknown as { convgradBlind: typeof published }).convgradBlind = published;
  const source = el<HTMLSelectElement>('blind-source');
  const run = el<HTMLButtonElement>('blind-run');

  // The mode's button follows the page's busy flag, whichever job set it.
  const sync = () => {
    run.disabled = document.body.dataset.ready !== '1' || document.body.dataset.busy === '1';
  };
  new MutationObserver(sync).observe(document.body, { attributes: true, attributeFilter: ['data-busy', 'data-ready'] });
  sync();
  source.addEventListener('change', () => {
    for (const e of document.querySelectorAll<HTMLElement>('[data-blind-source]')) e.hidden = e.dataset.blindSource !== source.value;
  });

  async function input(): Promise<{ y: Matrix<Float64Array>; name: string }> {
    switch (source.value) {
      case 'blurred': {
        const y = deps.blurred();
        if (!y) throw new InputError('There is no blurred image from step 2: load a photo and blur it first.');
        return { y, name: 'the blurred image of step 2' };
      }
      case 'file': {
        const file = el<HTMLInputElement>('blind-file').files?.[0];
        if (!file) throw new InputError('Choose a blurred photo file first.');
        return { y: await deps.decodeImage(file, file.name), name: file.name };
      }
      default: {
        const url = new URL(`images/${source.value}.png`, document.baseURI);
        const response = await fetch(url);
        if (!response.ok) throw new InputError(`Could not load the bundled photo ${url.pathname}: HTTP ${response.status}`);
        return { y: await deps.decodeImage(await response.blob(), `${source.value}.png`), name: `${source.value}.png` };
      }
    }
  }

  async function job(): Promise<void> {
    const size = numberField('Blind kernel size', el<HTMLInputElement>('blind-size').value, { integer: true, min: 3, max: 301 })!;
    if (size % 2 === 0) throw new InputError(`Blind kernel size must be odd (the kernel has a centre tap), got ${size}; try ${size + 1}.`);
    const finalMethod = el<HTMLSelectElement>('blind-final').value;
    const options: BlindOptions = finalMethod === '' ? {} : { finalMethod: finalMethod as NonNullable<BlindOptions['finalMethod']> };
    const { y, name } = await input();
    deps.clearError();
    el('blind-panel').hidden = false;
    drawGray(el<HTMLCanvasElement>('blind-input'), y);
    el('cap-blind-input').textContent = `${name}, ${y.cols}×${y.rows}`;
    el('cap-blind-output').textContent = '— estimating…';
    el('blind-metric').textContent = '';
    deps.setBusy(true, true);
    deps.setStatus('running', `Blind deconvolution of ${name} (kernel ${size}×${size}): building the pyramid…`);
    const bar = el<HTMLProgressElement>('progress');
    bar.removeAttribute('value'); // determinate once the first message says how many levels
    let events = 0;
    let last: BlindResult['lastProgress'] = null;
    const onProgress = (p: Progress) => {
      events++;
      if (p.kernel === undefined || p.level === undefined || p.levels === undefined) return;
      last = { iteration: p.iteration, level: p.level, levels: p.levels, kernelRows: p.kernel.rows };
      // The default is 5 alternations per level; with maxIterations unset the bar is exact.
      bar.max = p.levels;
      bar.value = Math.min(p.level + 0.999 * ((p.iteration - 1) % 5 + 1) / 5, p.levels);
      drawHeatmap(el<HTMLCanvasElement>('blind-kernel'), p.kernel, 0, kernelMax(p.kernel));
      el('cap-blind-kernel').textContent = `level ${p.level + 1}/${p.levels}, ${p.kernel.rows}×${p.kernel.cols}`;
      deps.setStatus('running', `Blind deconvolution: level ${p.level + 1} of ${p.levels}, iteration ${p.iteration} · ${p.elapsed.toFixed(0)} ms`);
    };
    const t0 = performance.now();
    const r: Result = await deps.solver.request({ type: 'deblur-blind', y, size: { rows: size, cols: size }, options }, onProgress);
    const wallMs = performance.now() - t0;
    deps.setBusy(false);
    if (r.type === 'cancelled') {
      el('cap-blind-output').textContent = '— cancelled';
      deps.setStatus('cancelled', r.iteration >= 0 ? `Cancelled at iteration ${r.iteration} (the solve's AbortSignal was aborted).` : 'Cancelled (the worker was restarted).');
      return;
    }
    if (r.type === 'error') {
      el('cap-blind-output').textContent = '— failed';
      const e = new Error(r.message);
      e.name = r.name;
      throw e;
    }
    if (r.type !== 'blind') return;
    const kernel = r.kernel as Matrix<Float64Array>;
    const image = r.image as Matrix<Float64Array>;
    drawGray(el<HTMLCanvasElement>('blind-output'), image);
    drawHeatmap(el<HTMLCanvasElement>('blind-kernel'), kernel, 0, kernelMax(kernel));
    el('cap-blind-kernel').textContent = `${kernel.rows}×${kernel.cols}, max ${kernelMax(kernel).toPrecision(3)}`;
    el('cap-blind-output').textContent = `${r.iterations} iterations over ${r.levels} levels${r.converged ? '' : ', kernel still changing'}`;
    el('blind-metric').textContent = `solver ${r.solverMs.toFixed(0)} ms, wall ${wallMs.toFixed(0)} ms`;
    published.latest = {
      source: source.value, size, input: y, kernel, image, iterations: r.iterations, converged: r.converged, levels: r.levels,
      solverMs: r.solverMs, wallMs, progressEvents: events, lastProgress: last,
    };
    deps.setStatus(
      'ok',
      `Blind deconvolution of ${name}: ${size}×${size} kernel and sharp image in ${wallMs.toFixed(0)} ms (${r.iterations} iterations, ${r.levels} levels${r.converged ? '' : '; the kernel was still changing at the end'}). A poor result? The size must hold the whole blur.`,
    );
  }

  run.addEventListener('click', () => void deps.enqueue(job));
  return published;
}
