// The solver worker (a module Web Worker): all of convgrad's work happens here, so the page never
// freezes. Stateless — each job brings its inputs. Progress is posted from the solvers'
// onIteration callbacks; Cancel reaches a running (synchronous) solve through a SharedArrayBuffer
// flag that onIteration polls, which then aborts the job's AbortController — the solver throws
// the signal's reason at its next iteration.
import {
  init,
  createContext,
  conv2d,
  estimateKernel,
  deconvolve,
  deconvolveBlind,
  backendInfo,
  ConvgradError,
  ShapeError,
  DTypeError,
  ArgumentError,
  MemoryLimitError,
  NotInitializedError,
  type Convgrad,
  type IterationInfo,
  type BlindIterationInfo,
  type Matrix,
} from 'convgrad';
import { addGaussianNoise, crop, padReplicate, validInterior, validOffsetInSame } from './geometry';
import type { Backend, Request, Response, SolveSummary } from './protocol';

interface WorkerScope {
  postMessage(message: Response, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<Request>) => void) | null;
}
const scope = self as unknown as WorkerScope;
const post = (message: Response, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

let cancelFlag: Int32Array | null = null;
const wasmReady = init();
wasmReady.catch(() => undefined); // reported by the first job that awaits it
let jsContext: Promise<Convgrad> | null = null;

type Solvers = Pick<Convgrad, 'estimateKernel' | 'deconvolve' | 'backendInfo'>;

async function solvers(backend: Backend): Promise<Solvers> {
  if (backend === 'js') return (jsContext ??= createContext({ backend: 'js' }));
  await wasmReady;
  return { estimateKernel, deconvolve, backendInfo };
}

/** Named by class identity: a minifier renames classes, and convgrad errors take their name from their class. */
function errorName(err: unknown): string {
  if (err instanceof ShapeError) return 'ShapeError';
  if (err instanceof DTypeError) return 'DTypeError';
  if (err instanceof ArgumentError) return 'ArgumentError';
  if (err instanceof MemoryLimitError) return 'MemoryLimitError';
  if (err instanceof NotInitializedError) return 'NotInitializedError';
  if (err instanceof ConvgradError) return 'ConvgradError';
  if (err instanceof RangeError) return 'RangeError';
  return 'Error';
}

/** Progress reporting and cancellation for one job. */
class Job {
  readonly controller = new AbortController();
  lastIteration = 0;
  private lastPost = 0;
  private points: number[] = [];

  constructor(readonly id: number) {
    this.checkCancel();
  }

  checkCancel(): void {
    if (cancelFlag !== null && Atomics.load(cancelFlag, 0) === this.id && !this.controller.signal.aborted) {
      this.controller.abort(new DOMException('cancelled from the page', 'AbortError'));
    }
  }

  readonly onIteration = (info: IterationInfo): void => {
    this.lastIteration = info.iteration;
    this.points.push(info.objective);
    this.checkCancel();
    const now = performance.now();
    if (now - this.lastPost >= 40) {
      this.lastPost = now;
      post({ type: 'progress', id: this.id, iteration: info.iteration, objective: info.objective, elapsed: info.elapsed, points: this.points });
      this.points = [];
    }
  };

  get signal(): AbortSignal {
    return this.controller.signal;
  }
}

function summary(r: { objective: number; iterations: number; converged: boolean; history: number[]; method: string; elapsed: number }, start: number, backend: string): SolveSummary {
  return {
    objective: r.objective,
    iterations: r.iterations,
    converged: r.converged,
    history: r.history,
    method: r.method,
    solverMs: r.elapsed,
    workerMs: performance.now() - start,
    backend,
  };
}

function asFloat64(m: Matrix): Matrix<Float64Array> {
  return m.data instanceof Float64Array ? (m as Matrix<Float64Array>) : { data: Float64Array.from(m.data), rows: m.rows, cols: m.cols };
}

async function handle(req: Request, start: number): Promise<void> {
  switch (req.type) {
    case 'init': {
      cancelFlag = req.cancelFlag === null ? null : new Int32Array(req.cancelFlag);
      const info = await wasmReady;
      post({ type: 'ready', id: req.id, backend: info.backend, cancelByAbortSignal: cancelFlag !== null });
      return;
    }
    case 'blur': {
      await wasmReady;
      const { x, h } = req;
      if (h.rows > x.rows || h.cols > x.cols) {
        throw new ShapeError(`the blur kernel (${h.rows}×${h.cols}) is larger than the image (${x.rows}×${x.cols}); choose a smaller kernel or a larger image`);
      }
      // What a camera records: the scene beyond the frame continues the edge pixels.
      const y = asFloat64(conv2d(padReplicate(x, h.rows, h.cols), h, 'valid'));
      addGaussianNoise(y.data, req.noise, req.seed);
      for (let i = 0; i < y.data.length; i++) y.data[i] = Math.min(1, Math.max(0, y.data[i]!)); // sensor range
      post({ type: 'blurred', id: req.id, y, workerMs: performance.now() - start }, [y.data.buffer]);
      return;
    }
    case 'estimate': {
      const api = await solvers(req.backend);
      const job = new Job(req.id);
      const { rows, cols } = req.size;
      // 'valid' fits the blurred image's interior; a kernel larger than the image goes to the
      // library as it is, which says why it cannot be.
      const y = rows <= req.y.rows && cols <= req.y.cols ? validInterior(req.y, rows, cols) : req.y;
      try {
        const r = api.estimateKernel(req.x, y, { rows, cols }, { ...req.options, signal: job.signal, onIteration: job.onIteration });
        const kernel = asFloat64(r.kernel);
        post({ type: 'estimated', id: req.id, kernel, ...summary(r, start, api.backendInfo().backend) }, [kernel.data.buffer]);
      } catch (err) {
        if (job.signal.aborted && err === job.signal.reason) post({ type: 'cancelled', id: req.id, iteration: job.lastIteration });
        else throw err;
      }
      return;
    }
    case 'deblur': {
      const api = await solvers(req.backend);
      const job = new Job(req.id);
      const { h, y } = req;
      try {
        const r = api.deconvolve(h, y, { ...req.options, mode: 'valid', signal: job.signal, onIteration: job.onIteration });
        // 'valid': the solution reaches k−1 pixels past the frame; keep the part inside it.
        const image = crop(r.image, validOffsetInSame(h.rows), validOffsetInSame(h.cols), y.rows, y.cols);
        post({ type: 'deblurred', id: req.id, image, ...summary(r, start, api.backendInfo().backend) }, [image.data.buffer]);
      } catch (err) {
        if (job.signal.aborted && err === job.signal.reason) post({ type: 'cancelled', id: req.id, iteration: job.lastIteration });
        else throw err;
      }
      return;
    }
    case 'deblur-blind': {
      await wasmReady;
      const job = new Job(req.id);
      // Every alternation is posted (a few dozen, each tens of ms) with its kernel, for the live heatmap.
      const onIteration = (i: BlindIterationInfo): void => {
        job.lastIteration = i.iteration;
        job.checkCancel();
        post({ type: 'progress', id: req.id, iteration: i.iteration, objective: i.objective, elapsed: i.elapsed, points: [i.objective], level: i.level, levels: i.levels, kernel: i.kernel });
      };
      try {
        const r = deconvolveBlind(req.y, req.size, { ...req.options, signal: job.signal, onIteration });
        const kernel = asFloat64(r.kernel);
        const image = asFloat64(r.image);
        post(
          { type: 'blind', id: req.id, kernel, image, iterations: r.iterations, converged: r.converged, levels: r.levels, solverMs: r.elapsed, workerMs: performance.now() - start },
          [kernel.data.buffer, image.data.buffer],
        );
      } catch (err) {
        if (job.signal.aborted && err === job.signal.reason) post({ type: 'cancelled', id: req.id, iteration: job.lastIteration });
        else throw err;
      }
      return;
    }
  }
}

scope.onmessage = (event) => {
  const req = event.data;
  const start = performance.now();
  handle(req, start).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof ConvgradError ? err.code : null;
    post({ type: 'error', id: req.id, name: errorName(err), code, message });
  });
};
