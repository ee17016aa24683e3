// The demo page: UI, image decoding and drawing. All of convgrad's work runs in the worker
// (worker.ts); this module imports only its types.
import { fromImageData, type Matrix } from 'convgrad';
import { setupBlind } from './blind';
import { SolverWorker, type Progress } from './client';
import { deblurColour } from './colour';
import { clearCanvas, drawColorbar, drawGray, drawRgb, drawHeatmap, drawObjectivePlot, type Series } from './draw';
import { gaussianKernel, InputError, motionKernel, numberField, parseCustomKernel } from './kernels';
import type { Backend, DeblurOptions, KernelOptions, Result } from './protocol';

// ---------------------------------------------------------------- elements

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}
const input = (id: string) => $<HTMLInputElement>(id);
const select = (id: string) => $<HTMLSelectElement>(id);
const canvas = (id: string) => $<HTMLCanvasElement>(id);
const button = (id: string) => $<HTMLButtonElement>(id);

// ---------------------------------------------------------------- state

interface EstimateState {
  request: { size: { rows: number; cols: number }; options: KernelOptions };
  kernel: Matrix<Float64Array>;
  relError: number | null;
  history: number[];
  iterations: number;
  solverMs: number;
  wallMs: number;
  method: string;
  backend: string;
}

const state = {
  photoName: '',
  sharp: null as Matrix<Float64Array> | null,
  trueKernel: null as Matrix<Float64Array> | null,
  blurred: null as Matrix<Float64Array> | null,
  /** The sharp image `blurred` was made from. */
  blurredFrom: null as Matrix<Float64Array> | null,
  estimate: null as EstimateState | null,
  jsEstimate: null as EstimateState | null,
  deblur: null as { psnrBlurred: number; psnrDeblurred: number; wallMs: number; solverMs: number; iterations: number; method: string } | null,
  /** The sharp photo's colour channels [r, g, b] (equal for a gray photo). */
  rgb: null as Matrix<Float64Array>[] | null,
  colour: null as { psnrBlurred: number; psnrDeblurred: number; wallMs: number; workers: number; iterations: number[]; method: string } | null,
};

/** What the e2e test (and a curious developer) can read: the latest results. */
const demo = {
  ready: false,
  cancelMode: '',
  backend: '',
  get trueKernel() {
    return state.trueKernel && { rows: state.trueKernel.rows, cols: state.trueKernel.cols, data: [...state.trueKernel.data] };
  },
  get estimate() {
    const e = state.estimate;
    return e && { ...e, kernel: { rows: e.kernel.rows, cols: e.kernel.cols, data: [...e.kernel.data] } };
  },
  get jsEstimate() {
    const e = state.jsEstimate;
    return e && { ...e, kernel: { rows: e.kernel.rows, cols: e.kernel.cols, data: [...e.kernel.data] } };
  },
  get deblur() {
    return state.deblur;
  },
  /** The latest "Deblur in colour" (one channel per pool worker). */
  get colour() {
    return state.colour;
  },
  /** The images (float64, row-major), for comparing with another implementation. */
  images() {
    return { sharp: state.sharp, blurred: state.blurred };
  },
};
(window as unknown as { convgradDemo: typeof demo }).convgradDemo = demo;

const solver = new SolverWorker((message) => showError('Worker error', message));

// ---------------------------------------------------------------- status, errors

function showError(title: string, message: string): void {
  $('error-title').textContent = title;
  $('error-message').textContent = message;
  $('error').hidden = false;
  setStatus('error', `${title}: ${message}`);
}

function clearError(): void {
  $('error').hidden = true;
}

function describe(err: unknown): { title: string; message: string } {
  if (err instanceof InputError) return { title: 'Check the input', message: err.message };
  if (err instanceof Error) return { title: err.name || 'Error', message: err.message };
  return { title: 'Error', message: String(err) };
}

function reportError(err: unknown): void {
  const { title, message } = describe(err);
  showError(title, message);
}

function setStatus(kind: 'idle' | 'running' | 'ok' | 'cancelled' | 'error', text: string): void {
  const el = $('status');
  el.dataset.kind = kind;
  el.textContent = text;
}

let solving = false;

function setBusy(busy: boolean, solve = false): void {
  document.body.dataset.busy = busy ? '1' : '0';
  solving = busy && solve;
  const ready = demo.ready && !busy;
  button('estimate').disabled = !ready;
  button('compare-js').disabled = !ready || state.estimate === null;
  button('deblur').disabled = !ready;
  button('deblur-rgb').disabled = !ready;
  button('cancel').disabled = !solving;
  const progress = $<HTMLProgressElement>('progress');
  if (!busy) {
    progress.max = 1;
    progress.value = 0;
  }
}

/** A determinate bar when the iteration cap is known, else indeterminate. */
function startProgress(maxIterations: number | null): void {
  const progress = $<HTMLProgressElement>('progress');
  if (maxIterations === null) {
    progress.removeAttribute('value');
  } else {
    progress.max = maxIterations;
    progress.value = 0;
  }
}

// ---------------------------------------------------------------- jobs run one at a time

let chain: Promise<void> = Promise.resolve();

let jobsDone = 0;

function enqueue(task: () => Promise<void>): Promise<void> {
  const next = chain
    .then(task)
    .catch((err: unknown) => {
      reportError(err);
      setBusy(false);
    })
    .finally(() => {
      document.body.dataset.jobs = String(++jobsDone); // lets a test wait for "the job I started has ended"
    });
  chain = next;
  return next;
}

// ---------------------------------------------------------------- images

const MAX_SIDE = 1024;

/** Decodes an image file to luminance and to its colour channels, in [0, 1], float64. */
async function decodeImage(blob: Blob, name: string): Promise<{ gray: Matrix<Float64Array>; rgb: Matrix<Float64Array>[] }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new InputError(`Could not read “${name}” as an image (${why.replace(/\.$/, '')}). Choose a PNG, JPEG, GIF, WebP or BMP file.`);
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const cols = Math.max(1, Math.round(bitmap.width * scale));
  const rows = Math.max(1, Math.round(bitmap.height * scale));
  const c = document.createElement('canvas');
  c.width = cols;
  c.height = rows;
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = '#fff'; // transparent pixels read as white
  ctx.fillRect(0, 0, cols, rows);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, cols, rows);
  bitmap.close();
  const pixels = ctx.getImageData(0, 0, cols, rows);
  // BT.601 luminance in [0, 1], the same arithmetic as the CLI (a gray photo stays exactly gray).
  const gray = fromImageData(pixels) as Matrix<Float64Array>; // dtype float64 by default
  return { gray, rgb: fromImageData(pixels, { channels: 'rgb' }) as Matrix<Float64Array>[] };
}

async function loadPhoto(blob: Blob, name: string): Promise<void> {
  const { gray: sharp, rgb } = await decodeImage(blob, name);
  state.photoName = name;
  state.sharp = sharp;
  state.rgb = rgb;
  drawGray(canvas('img-sharp'), sharp);
  $('cap-sharp').textContent = `${name}, ${sharp.cols}×${sharp.rows}`;
  await blur();
}

async function loadBundled(name: string): Promise<void> {
  const url = new URL(`images/${name}.png`, document.baseURI);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new InputError(`Could not load the bundled photo ${url.pathname}: ${(err as Error).message}`);
  }
  if (!response.ok) throw new InputError(`Could not load the bundled photo ${url.pathname}: HTTP ${response.status}`);
  await loadPhoto(await response.blob(), `${name}.png`);
}

// ---------------------------------------------------------------- blur

function readBlurKernel(): Matrix<Float64Array> {
  switch (select('blur-kind').value) {
    case 'gaussian': {
      const size = numberField('Gaussian size', input('g-size').value, { integer: true, min: 1, max: 301 })!;
      const sigma = numberField('Gaussian σ', input('g-sigma').value, { exclusiveMin: 0, max: 1000 })!;
      return gaussianKernel(size, sigma);
    }
    case 'motion': {
      const length = numberField('Motion length', input('m-length').value, { integer: true, min: 1, max: 301 })!;
      const angle = numberField('Motion angle', input('m-angle').value)!;
      return motionKernel(length, angle);
    }
    default:
      return parseCustomKernel($<HTMLTextAreaElement>('custom').value);
  }
}

function showBlurKind(): void {
  const kind = select('blur-kind').value;
  for (const el of document.querySelectorAll<HTMLElement>('[data-blur]')) el.hidden = el.dataset.blur !== kind;
}

/**
 * Blurs the photo. If that fails after a new photo came in, the old blur (and what came from it)
 * is dropped, so that nothing downstream mixes the new photo with it; a typo in the blur settings
 * keeps the previous, consistent, blur.
 */
async function blur(): Promise<void> {
  try {
    await blurOrThrow();
  } catch (err) {
    if (state.blurredFrom === state.sharp) throw err;
    state.blurred = null;
    state.trueKernel = null;
    state.estimate = null;
    state.jsEstimate = null;
    state.deblur = null;
    clearCanvas(canvas('img-blurred'));
    clearCanvas(canvas('img-deblurred'));
    $('cap-blurred').textContent = '— no blur';
    drawKernels();
    drawPlots();
    throw err;
  }
}

async function blurOrThrow(): Promise<void> {
  const x = state.sharp;
  if (!x) return;
  const h = readBlurKernel();
  const noise = numberField('Noise σ', input('noise').value, { min: 0, max: 1 })!;
  setBusy(true);
  setStatus('running', 'Blurring…');
  startProgress(null);
  const r = await solver.request({ type: 'blur', x, h, noise, seed: 1 });
  setBusy(false);
  if (r.type === 'error') throw namedError(r);
  if (r.type !== 'blurred') return;
  clearError();
  state.trueKernel = h;
  state.blurred = r.y as Matrix<Float64Array>;
  state.blurredFrom = x;
  state.estimate = null;
  state.jsEstimate = null;
  state.deblur = null;
  drawGray(canvas('img-blurred'), r.y);
  $('cap-blurred').textContent = `${h.rows}×${h.cols} kernel, noise σ ${noise} · PSNR ${psnr(r.y, x).toFixed(1)} dB`;
  clearCanvas(canvas('img-deblurred'));
  $('cap-deblurred').textContent = '— press Deblur';
  input('k-rows').value = String(h.rows);
  input('k-cols').value = String(h.cols);
  drawKernels();
  drawPlots();
  renderTimings();
  setBusy(false);
  setStatus('ok', `Ready: ${state.photoName} blurred with a ${h.rows}×${h.cols} kernel. Press “Estimate kernel”.`);
}

function namedError(r: Extract<Result, { type: 'error' }>): Error {
  const e = new Error(r.message);
  e.name = r.name;
  return e;
}

let blurTimer = 0;
function scheduleBlur(): void {
  clearTimeout(blurTimer);
  blurTimer = window.setTimeout(() => void enqueue(blur), 250);
}

// ---------------------------------------------------------------- metrics

function psnr(a: Matrix, b: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += (a.data[i]! - b.data[i]!) ** 2;
  return 10 * Math.log10(1 / (s / a.data.length));
}

/** Both kernels centred on a common grid (sizes may differ). */
function aligned(a: Matrix, b: Matrix): [Matrix<Float64Array>, Matrix<Float64Array>] {
  const rows = Math.max(a.rows, b.rows);
  const cols = Math.max(a.cols, b.cols);
  const place = (m: Matrix): Matrix<Float64Array> => {
    const out = new Float64Array(rows * cols);
    const r0 = Math.floor(rows / 2) - Math.floor(m.rows / 2);
    const c0 = Math.floor(cols / 2) - Math.floor(m.cols / 2);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[(r0 + i) * cols + c0 + j] = m.data[i * m.cols + j]!;
    return { data: out, rows, cols };
  };
  return [place(a), place(b)];
}

function relativeError(est: Matrix, truth: Matrix): number {
  const [e, t] = aligned(est, truth);
  let num = 0;
  let den = 0;
  for (let i = 0; i < e.data.length; i++) {
    num += (e.data[i]! - t.data[i]!) ** 2;
    den += t.data[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

// ---------------------------------------------------------------- drawing results

function fmt(v: number, digits = 3): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? v.toPrecision(digits) : v.toExponential(digits - 1);
}

function drawKernels(): void {
  const truth = state.trueKernel;
  const est = state.estimate?.kernel ?? null;
  let lo = 0;
  let hi = 0;
  for (const k of [truth, est]) if (k) for (const v of k.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (truth) {
    drawHeatmap(canvas('k-true'), truth, lo, hi);
    $('cap-ktrue').textContent = `${truth.rows}×${truth.cols}`;
  }
  $('cb-lo').textContent = fmt(lo);
  $('cb-hi').textContent = fmt(hi);
  if (est && truth) {
    drawHeatmap(canvas('k-est'), est, lo, hi);
    const [e, t] = aligned(est, truth);
    const diff: Matrix<Float64Array> = { data: e.data.map((v, i) => Math.abs(v - t.data[i]!)), rows: e.rows, cols: e.cols };
    let dmax = 0;
    for (const v of diff.data) dmax = Math.max(dmax, v);
    drawHeatmap(canvas('k-diff'), diff, 0, dmax);
    $('cap-kest').textContent = `${est.rows}×${est.cols}, Σ = ${fmt(est.data.reduce((s, v) => s + v, 0), 4)}`;
    $('cap-kdiff').textContent = `max ${fmt(dmax)}`;
    const rel = state.estimate!.relError;
    const el = $('kernel-error');
    el.textContent = rel === null ? '' : `relative error ‖ĥ − h‖ / ‖h‖ = ${(rel * 100).toFixed(2)} %`;
    el.dataset.value = rel === null ? '' : String(rel);
  } else {
    for (const id of ['k-est', 'k-diff']) {
      const c = canvas(id);
      c.width = 1;
      c.height = 1;
    }
    $('cap-kest').textContent = '— press Estimate';
    $('cap-kdiff').textContent = '';
    $('kernel-error').textContent = '';
    $('kernel-error').dataset.value = '';
  }
}

const live = { kernel: [] as number[], deblur: [] as number[] };
let deblurHistory: number[] = [];

function drawPlots(): void {
  const k = state.estimate;
  const kernelSeries: Series[] = [];
  if (live.kernel.length) kernelSeries.push({ label: 'estimating…', values: live.kernel, color: '#21908d' });
  else if (k) kernelSeries.push({ label: `${k.method} (${k.backend}), ${k.iterations} it.`, values: k.history, color: '#21908d' });
  drawObjectivePlot(canvas('plot-kernel'), kernelSeries, 'estimateKernel: ½‖x ∗ ĥ − y‖² per iteration');
  const d = state.deblur;
  const deblurSeries: Series[] = [];
  if (live.deblur.length) deblurSeries.push({ label: 'deblurring…', values: live.deblur, color: '#e07b39' });
  else if (d) deblurSeries.push({ label: `${d.method}, ${d.iterations} it.`, values: deblurHistory, color: '#e07b39' });
  drawObjectivePlot(canvas('plot-deblur'), deblurSeries, 'deconvolve: objective per iteration');
}

interface TimingRow { job: string; backend: string; method: string; iterations: number; solverMs: number; wallMs: number }
const timings = new Map<string, TimingRow>();

function renderTimings(): void {
  const body = $('timings').querySelector('tbody')!;
  body.replaceChildren(
    ...[...timings.values()].map((t) => {
      const tr = document.createElement('tr');
      for (const v of [t.job, t.backend, t.method, String(t.iterations), t.solverMs.toFixed(1), t.wallMs.toFixed(1)]) {
        const td = document.createElement('td');
        td.textContent = v;
        tr.append(td);
      }
      tr.dataset.job = t.job;
      tr.dataset.backend = t.backend;
      tr.dataset.wallMs = String(t.wallMs);
      return tr;
    }),
  );
  const w = state.estimate;
  const j = state.jsEstimate;
  const el = $('speedup');
  if (w && j) {
    let maxDiff = 0;
    for (let i = 0; i < w.kernel.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(w.kernel.data[i]! - j.kernel.data[i]!));
    el.textContent = `Kernel estimate: ${w.backend} ${(j.solverMs / w.solverMs).toFixed(1)}× faster than the JS baseline (solver time); the two kernels differ by at most ${fmt(maxDiff, 2)}.`;
  } else {
    el.textContent = '';
  }
}

// ---------------------------------------------------------------- estimate, deblur

const KERNEL_MAX_IT: Record<string, number | null> = { exact: null, fista: 3000, gd: 1000 };
// ADMM stops by its residual rule long before its limit: an indeterminate bar.
const DEBLUR_MAX_IT: Record<string, number | null> = { admm: null, cg: 500, fista: 500, 'richardson-lucy': 50, wiener: null };

/** Updates the bar and the status line; with a plot kind, draws the objective live too. */
function progressHandler(kind: 'kernel' | 'deblur' | null, label: string) {
  let lastDraw = 0;
  return (p: Progress) => {
    if (kind === null) {
      $<HTMLProgressElement>('progress').value = p.iteration;
      setStatus('running', `${label} iteration ${p.iteration} · objective ${fmt(p.objective)} · ${p.elapsed.toFixed(0)} ms`);
      return;
    }
    live[kind].push(...p.points);
    $<HTMLProgressElement>('progress').value = p.iteration;
    setStatus('running', `${label} iteration ${p.iteration} · objective ${fmt(p.objective)} · ${p.elapsed.toFixed(0)} ms`);
    const now = performance.now();
    if (now - lastDraw > 100) {
      lastDraw = now;
      drawPlots();
    }
  };
}

function kernelOptions(): { size: { rows: number; cols: number }; options: KernelOptions } {
  const rows = numberField('Kernel rows', input('k-rows').value, { integer: true, min: 1 })!;
  const cols = numberField('Kernel cols', input('k-cols').value, { integer: true, min: 1 })!;
  const options: KernelOptions = {};
  const method = select('k-method').value;
  if (method !== 'auto') options.method = method as KernelOptions['method'];
  const constraints = select('k-constraints').value;
  if (constraints !== 'none') options.nonNegative = true;
  if (constraints === 'psf') options.sumToOne = true;
  const lambda = numberField('Tikhonov λ', input('k-lambda').value, { min: 0, optional: true });
  if (lambda !== undefined) options.tikhonov = lambda;
  const maxIt = numberField('Max iterations', input('k-maxit').value, { integer: true, min: 1, optional: true });
  if (maxIt !== undefined) options.maxIterations = maxIt;
  return { size: { rows, cols }, options };
}

async function estimate(backend: Backend): Promise<void> {
  const { sharp: x, blurred: y, trueKernel } = state;
  if (!x || !y || !trueKernel) throw new InputError(NO_BLUR);
  // The JS baseline repeats the last WebAssembly estimate exactly, whatever the form says now.
  const { size, options } = backend === 'js' && state.estimate ? state.estimate.request : kernelOptions();
  const method = options.method ?? (options.nonNegative ? 'fista' : 'exact');
  const label = backend === 'js' ? 'Estimating (JS baseline):' : 'Estimating the kernel:';
  clearError();
  setBusy(true, true);
  setStatus('running', `${label} building the normal equations…`);
  startProgress(options.maxIterations ?? KERNEL_MAX_IT[method] ?? null);
  if (backend === 'wasm') live.kernel = [];
  const t0 = performance.now();
  const r = await solver.request({ type: 'estimate', backend, x, y, size, options }, progressHandler(backend === 'wasm' ? 'kernel' : null, label));
  const wallMs = performance.now() - t0;
  live.kernel = [];
  if (!solved(r, 'estimated')) return;
  const result: EstimateState = {
    request: { size, options },
    kernel: r.kernel as Matrix<Float64Array>,
    relError: relativeError(r.kernel, trueKernel),
    history: r.history,
    iterations: r.iterations,
    solverMs: r.solverMs,
    wallMs,
    method: r.method,
    backend: r.backend,
  };
  timings.set(`estimate/${r.backend}`, { job: 'estimate kernel', backend: r.backend, method: r.method, iterations: r.iterations, solverMs: r.solverMs, wallMs });
  if (backend === 'js') {
    state.jsEstimate = result;
  } else {
    state.estimate = result;
    state.jsEstimate = null;
    timings.delete('estimate/js');
    drawKernels();
  }
  drawPlots();
  renderTimings();
  setBusy(false);
  setStatus('ok', `${backend === 'js' ? 'JS baseline: kernel' : 'Kernel'} estimated in ${wallMs.toFixed(0)} ms (${r.method}, ${r.iterations} iteration${r.iterations === 1 ? '' : 's'}${r.converged ? '' : ', not converged'}); relative error ${((result.relError ?? 0) * 100).toFixed(2)} %.`);
}

const NO_BLUR = 'There is no blurred image: load a photo and choose a blur kernel that fits it.';

/**
 * The end of a solve: frees the buttons, then says whether the worker answered with `type`.
 * A cancelled solve is reported in the status line (false); a worker error is thrown.
 */
function solved<T extends Result['type']>(r: Result, type: T): r is Extract<Result, { type: T }> {
  setBusy(false);
  if (r.type === 'cancelled') {
    setStatus('cancelled', cancelledText(r.iteration));
    drawPlots();
    return false;
  }
  if (r.type === 'error') throw namedError(r);
  return r.type === type;
}

function cancelledText(iteration: number): string {
  return iteration >= 0
    ? `Cancelled at iteration ${iteration} (the solve's AbortSignal was aborted).`
    : 'Cancelled (the worker was restarted).';
}

/** Step 4's settings: the kernel to deblur with and the deconvolve options. */
function deblurSettings(): { h: Matrix<Float64Array>; useTrue: boolean; method: NonNullable<DeblurOptions['method']>; options: DeblurOptions } {
  const { trueKernel } = state;
  if (!state.sharp || !state.blurred || !trueKernel) throw new InputError(NO_BLUR);
  const useTrue = select('d-kernel').value === 'true';
  if (!useTrue && !state.estimate) throw new InputError('Estimate the kernel first (step 3), or deblur with the true kernel.');
  const h = useTrue ? trueKernel : state.estimate!.kernel;
  const method = select('d-method').value as NonNullable<DeblurOptions['method']>;
  const options: DeblurOptions = { method };
  const lambda = numberField('Deblur λ', input('d-lambda').value, { min: 0, optional: true });
  if (lambda !== undefined) options.tikhonov = lambda;
  const tv = numberField('TV λ', input('d-tv').value, { min: 0, optional: true });
  if (tv !== undefined && tv > 0) options.tv = tv;
  const maxIt = numberField('Max iterations', input('d-maxit').value, { integer: true, min: 1, optional: true });
  if (maxIt !== undefined) options.maxIterations = maxIt;
  if (input('d-nonneg').checked) options.nonNegative = true;
  return { h, useTrue, method, options };
}

async function deblurJob(): Promise<void> {
  const { h, useTrue, method, options } = deblurSettings();
  const { sharp, blurred: y } = state as { sharp: Matrix<Float64Array>; blurred: Matrix<Float64Array> };
  clearError();
  setBusy(true, true);
  setStatus('running', `Deblurring (${method})…`);
  startProgress(options.maxIterations ?? DEBLUR_MAX_IT[method] ?? null);
  live.deblur = [];
  const t0 = performance.now();
  const r = await solver.request({ type: 'deblur', backend: 'wasm', h, y, options }, progressHandler('deblur', `Deblurring (${method}):`));
  const wallMs = performance.now() - t0;
  live.deblur = [];
  if (!solved(r, 'deblurred')) return;
  drawGray(canvas('img-deblurred'), r.image);
  state.deblur = { psnrBlurred: psnr(y, sharp), psnrDeblurred: psnr(r.image, sharp), wallMs, solverMs: r.solverMs, iterations: r.iterations, method: r.method };
  deblurHistory = r.history;
  $('cap-deblurred').textContent = `${r.method}, ${useTrue ? 'true' : 'estimated'} kernel · PSNR ${state.deblur.psnrDeblurred.toFixed(1)} dB`;
  timings.set(`deblur/${r.backend}`, { job: 'deblur', backend: r.backend, method: r.method, iterations: r.iterations, solverMs: r.solverMs, wallMs });
  drawPlots();
  renderTimings();
  setStatus('ok', `Deblurred in ${wallMs.toFixed(0)} ms (${r.method}, ${r.iterations} iteration${r.iterations === 1 ? '' : 's'}): PSNR ${state.deblur.psnrBlurred.toFixed(1)} → ${state.deblur.psnrDeblurred.toFixed(1)} dB.`);
}

/** The current colour job's abort controller (Cancel aborts its three jobs through it). */
let colourAbort: AbortController | null = null;

/** PSNR over all channels together (dB, range 1). */
function psnrChannels(a: Matrix[], b: Matrix[]): number {
  const mse = a.reduce((sum, m, i) => sum + 10 ** (-psnr(m, b[i]!) / 10), 0) / a.length;
  return -10 * Math.log10(mse);
}

/** Step 5: the photo's R, G, B blurred and deblurred with step 4's settings, one channel per pool worker. */
async function colourJob(): Promise<void> {
  const { h, useTrue, method, options } = deblurSettings();
  const rgb = state.rgb!;
  const blurKernel = state.trueKernel!;
  const noise = numberField('Noise σ', input('noise').value, { min: 0 })!;
  clearError();
  setBusy(true, true);
  setStatus('running', `Deblurring R, G and B in parallel (${method})…`);
  startProgress(options.maxIterations ?? DEBLUR_MAX_IT[method] ?? null);
  const latest = [0, 0, 0];
  colourAbort = new AbortController();
  const t0 = performance.now();
  try {
    const r = await deblurColour({
      rgb, blurKernel, deblurKernel: h, noise, options, signal: colourAbort.signal,
      onIteration: (channel, info) => {
        latest[channel] = info.iteration;
        $<HTMLProgressElement>('progress').value = Math.min(...latest);
        setStatus('running', `Deblurring in colour (${method}): iterations R ${latest[0]}, G ${latest[1]}, B ${latest[2]}`);
      },
    });
    const wallMs = performance.now() - t0;
    drawRgb(canvas('img-rgb-blurred'), r.blurred);
    drawRgb(canvas('img-rgb-deblurred'), r.deblurred);
    state.colour = {
      psnrBlurred: psnrChannels(r.blurred, rgb), psnrDeblurred: psnrChannels(r.deblurred, rgb), wallMs,
      workers: r.workers, iterations: r.iterations, method: r.method,
    };
    $('cap-rgb-blurred').textContent = `PSNR ${state.colour.psnrBlurred.toFixed(1)} dB`;
    $('cap-rgb-deblurred').textContent = `${r.method}, ${useTrue ? 'true' : 'estimated'} kernel · PSNR ${state.colour.psnrDeblurred.toFixed(1)} dB`;
    timings.set('deblur/colour', { job: 'deblur R, G, B (3 solves)', backend: `pool of ${r.workers} workers`, method: r.method, iterations: Math.max(...r.iterations), solverMs: r.solverMs, wallMs });
    renderTimings();
    setBusy(false);
    setStatus('ok', `Deblurred in colour in ${wallMs.toFixed(0)} ms on ${r.workers} workers (${r.method}): PSNR ${state.colour.psnrBlurred.toFixed(1)} → ${state.colour.psnrDeblurred.toFixed(1)} dB.`);
  } catch (err) {
    setBusy(false);
    if (colourAbort.signal.aborted && err === colourAbort.signal.reason) setStatus('cancelled', 'Cancelled (the colour jobs were aborted through their AbortSignal).');
    else throw err;
  } finally {
    colourAbort = null;
  }
}

// ---------------------------------------------------------------- wiring

function wire(): void {
  $('error-close').addEventListener('click', clearError);
  select('photo').addEventListener('change', () => void enqueue(() => loadBundled(select('photo').value)));
  input('file').addEventListener('change', () => {
    const file = input('file').files?.[0];
    if (file) void enqueue(() => loadPhoto(file, file.name));
  });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer?.files[0];
    if (file) void enqueue(() => loadPhoto(file, file.name));
  });
  select('blur-kind').addEventListener('change', () => {
    showBlurKind();
    scheduleBlur();
  });
  for (const id of ['g-size', 'g-sigma', 'm-length', 'm-angle', 'custom', 'noise']) $(id).addEventListener('input', scheduleBlur);
  button('estimate').addEventListener('click', () => void enqueue(() => estimate('wasm')));
  button('compare-js').addEventListener('click', () => void enqueue(() => estimate('js')));
  button('deblur').addEventListener('click', () => void enqueue(deblurJob));
  button('deblur-rgb').addEventListener('click', () => void enqueue(colourJob));
  button('cancel').addEventListener('click', () => {
    if (!solving) return;
    setStatus('running', 'Cancelling…');
    if (colourAbort) colourAbort.abort(new DOMException('cancelled from the page', 'AbortError'));
    else solver.cancel();
  });
  // Nothing may fail silently or only in the console.
  window.addEventListener('error', (e) => {
    e.preventDefault();
    showError('Unexpected error', e.message);
  });
  window.addEventListener('unhandledrejection', (e) => {
    e.preventDefault();
    reportError(e.reason);
  });
  setupBlind({ solver, enqueue, setBusy, setStatus, clearError, decodeImage: async (blob, name) => (await decodeImage(blob, name)).gray, blurred: () => state.blurred });
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(drawPlots, 150);
  });
}

async function main(): Promise<void> {
  wire();
  showBlurKind();
  drawColorbar(canvas('colorbar'));
  drawPlots();
  await solver.start();
  demo.backend = solver.backend;
  demo.cancelMode = solver.cancelMode;
  $('backend').textContent = `backend: ${solver.backend}`;
  $('cancel-mode').textContent =
    solver.cancelMode === 'abort-signal'
      ? 'Cancel aborts the solve through its AbortSignal (cross-origin isolated page)'
      : 'Cancel restarts the worker (serve the page with COOP/COEP headers to abort through an AbortSignal)';
  demo.ready = true;
  await loadBundled(select('photo').value);
  document.body.dataset.ready = '1';
}

void enqueue(main);
